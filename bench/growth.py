#!/usr/bin/env python3
"""Growth benchmark: how each phase and rule family of `causal` grows on cases built to stress it.

    python bench/growth.py                         # every family at its default sizes, best of 3
    python bench/growth.py --families quotes,hub --repeat 1
    python bench/growth.py --large                 # also 100n where the family allows it
    python bench/growth.py --list                  # the families and what each builds
    python bench/growth.py --repeat 0 --instructions --families hub   # instructions, under callgrind

Each *family* writes synthetic cases of one shape (many rebuttals, a deep `via`
relay, a 15 MB document with missing quotes, ...) at sizes n and 10n (and 100n
with --large). Every run is a fresh Python process that checks the case with
each stage measured (parser, value checks, model, each rule family in
the registry's phases, labels, chains, the settling steps: STAGES and
RULE_TABLES below), then runs the family's extra actions (text, JSON, DOT and
Mermaid reports, `explain` of one item, the ACH report, APX export), each
measured as a phase of its own. The best of --repeat runs counts, phase by
phase, on process CPU time; --calls adds a run counting function calls, and
--instructions one under valgrind's callgrind counting instructions, the
measure the target is judged on when it is taken.

For each phase the table gives its cost at each size and its growth per 10x,
`(t2/t1) ** (1 / log10(n2/n1))`, where 10 is linear. A growth above
1.15 x linear (11.5 per 10x) is marked `!`; a phase that takes less than
--floor seconds (default 0.02), or executes fewer than --instruction-floor
instructions, at the larger size is shown but not judged, in parentheses.
Results go to bench/out/growth.json. See bench/README.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import gc
import json
import random
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "growth"
sys.path.insert(0, str(HERE))

from sizes import growth_per_10x, parse_size  # noqa: E402

LINEAR = 10.0
MAX_OVER_LINEAR = 1.15
DEFAULT_FLOOR = 0.02
DEFAULT_INSTRUCTION_FLOOR = 5e6
DEFAULT_TIMEOUT = 300.0
# Callgrind runs a process some 50 times slower: its runs get this many times --timeout.
CALLGRIND_SLOWDOWN = 100

# --- where the measured functions live ---------------------------------------------------
# The one place that names causal's modules: when they move, change them here. A stage is
# replaced, for the run, on the module its caller looks it up in (check_text calls `parse`,
# `build_model`, ... as names of its own module, and `meta.NAME` through the module).
PIPELINE = "causal.pipeline"
META = "causal.rules.meta"
STAGES = (  # label, module, name, whether it returns an iterator (consumed inside the measurement)
    ("parser (lark + transformer)", PIPELINE, "parse", False),
    ("model.build_model", PIPELINE, "build_model", False),
    ("analysis.labels", PIPELINE, "analyse_case", False),
    ("chains.assess_chains", PIPELINE, "assess_chains", False),
    ("meta.check_rule_references", META, "check_rule_references", True),
    ("meta.apply_allows", META, "apply_allows", False),
    ("meta.match_expectations", META, "match_expectations", False),
)
# The registry's checks of each phase, by phase name: measured as `input.check_values` (the VALUES phase) or as
# rules.MODULE (the MODEL and ANALYSIS phases); the SETTLE steps call the META functions above.
RULE_TABLES = ("causal.rules.registry", "CHECKS", {"VALUES": "input.check_values", "MODEL": None, "ANALYSIS": None})
FUNCTIONS = {  # what the child calls itself
    "read_case": "causal.inputs.case_files:read_case",
    "check_text": f"{PIPELINE}:check_text",
    "render_text": "causal.report.text:render_text",
    "render_json": "causal.report.json_report:render_json",
    "render_dot": "causal.report.dot:render_dot",
    "render_mermaid": "causal.report.mermaid:render_mermaid",
    "explain_tree": "causal.analysis.explain:explain_tree",
    "render_tree": "causal.report.tree:render_tree",
    "analyse_ach": "causal.analysis.ach:analyse",
    "render_ach_text": "causal.report.ach_text:render_ach_text",
    "render_ach_json": "causal.report.ach_json:render_ach_json",
    "full_framework": "causal.analysis.labels:full_framework",
    "framework_writers": "causal.argumentation:WRITERS",
}

WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which but have an "
    "they you were her she there been one all we their has would when if more no out so said what up its about "
    "into than them can only other new some could time these two may then do first any my now such like our over "
    "man me even most made after also did many before must through back years where much your way well down "
    "should because each just those people how too little state good very make world still own see men work long "
    "get here between both life being under never day same another know while last might us great old year off "
    "come since against go came right used take three states himself few house use during without again place "
    "american around however home small found thought went say part once general high upon school every don does "
    "got united left number course war until always away something fact though water less public put think almost "
    "hand enough far took head yet government system better set told nothing night end why called didn eyes find "
    "going look asked later knew point next program city business give group toward young days let room president "
    "side social given present several order national possible rather second face per among form important often "
    "things looked early white case john become large big need four within felt along children saw best church "
    "ever least power development light thing seemed family interest want members mind country area others done "
    "turned although open god service problem certain kind different thus began door help means sense whole matter "
    "perhaps itself york times law human line above name example action company hands local show whether five "
    "history gave today either act feet across taken past quite anything having seen death experience body word "
    "half really field am week car words already themselves information tell together college shall money period "
    "held keep sure real probably free seems political cannot behind miss question air office making brought whose "
    "special major heard problems federal became study ago moment available known result street economic boy "
    "position reason change south board individual job areas society west close turn love community true court "
    "force full seem am policy wife future age wanted department voice center woman control common necessary "
    "following front sometimes six girl clear further land run students provide feel party able mother music "
    "education university child effect level stood military town short morning total outside rate figure class art "
    "century washington north usually leave therefore evidence plan million sound top black strong hard various "
    "says believe type value play surface soon mean near lines table peace modern tax road red book personal "
    "process situation minutes increase schools idea english alone women gone nor food living private expected "
    "moscow tehran damascus aleppo kremlin envoy troops ceasefire convoy embassy"
).split()


# --- the families ------------------------------------------------------------------------


@dataclass
class Family:
    name: str
    what: str
    sizes: tuple[int, ...]  # n and 10n
    large: int | None  # 100n, measured with --large (None: not affordable)
    unit: str
    build: Callable[[int], tuple[str, dict[str, str]]]
    actions: tuple[str, ...] = ("text", "json")
    setting: str = ""  # what the family changes from the defaults, for the table


FAMILIES: dict[str, Family] = {}


def family(name, what, sizes, large, unit, actions=("text", "json"), setting=""):
    def register(build):
        FAMILIES[name] = Family(name, what, sizes, large, unit, build, actions, setting)
        return build

    return register


def _day(index: int) -> str:
    """A distinct day for each index, in order, so links between successive items are in time order."""
    return (datetime.date(1000, 1, 1) + datetime.timedelta(days=index)).isoformat()


def _sources(count: int, grade: str = "B") -> list[str]:
    return [f'source s{i} "Source {i}" reliability {grade}' for i in range(count)]


@family(
    "rebuts",
    "claims that rebut 1-2 random other claims, each claim with one evidence item (grounded)",
    (1_000, 10_000),
    100_000,
    "claims",
)
def _rebuts(n):
    rng = random.Random(1)
    lines = _sources(20)
    for i in range(n):
        targets = sorted({rng.randrange(n) for _ in range(rng.choice((1, 2)))} - {i}) or [(i + 1) % n]
        lines.append(f'claim c{i} "Claim {i}" rebuts {", ".join(f"c{t}" for t in targets)}')
        lines.append(f"evidence e{i} from s{i % 20} credibility {rng.choice((2, 3))} supports c{i}")
    return "\n".join(lines) + "\n", {}


@family(
    "rejected",
    "events rebutted by stronger evidence (all rejected), links between them resting on them; "
    "explain of one rejected event and one link",
    (1_000, 10_000),
    100_000,
    "events",
    actions=("text", "json", "dot", "explain:ev{mid}", "explain:ev{mid}->ev{mid1}"),
)
def _rejected(n):
    lines = ['source weak "Weak" reliability E', 'source strong "Strong" reliability A']
    for i in range(n):
        lines.append(f'event ev{i} "Event {i}" at {_day(i)}')
        lines.append(f"evidence for{i} from weak credibility 4 supports ev{i}")
        lines.append(f"evidence against{i} from strong credibility 2 rebuts ev{i}")
    for i in range(n - 1):
        lines.append(f"link ev{i} -> ev{i + 1} because for{i}")
    return "\n".join(lines) + "\n", {}


@family(
    "chain-gap",
    "events linked in a line; one chain of every other event forwards (each step a gap with an "
    "indirect path) and one chain backwards (each step a gap with no path)",
    (800, 8_000),
    80_000,
    "steps",
)
def _chain_gap(n):
    lines = [f'event e{i} "E{i}"' for i in range(n + 1)]
    lines += [f'link e{i} -> e{i + 1} assumed "a"' for i in range(n)]
    lines.append("chain forward: " + " -> ".join(f"e{i}" for i in range(0, n + 1, 2)))
    lines.append("chain backward: " + " -> ".join(f"e{i}" for i in range(n, -1, -2)))
    return "\n".join(lines) + "\n", {}


@family(
    "via-deep",
    "sources relayed `via` one another n deep, the last with a document; evidence with a quote "
    "from every tenth source",
    (800, 8_000),
    80_000,
    "sources",
)
def _via_deep(n):
    lines = [f'source s{i} "S{i}" reliability C via s{i + 1}' for i in range(n)]
    lines.append(f'source s{n} "End" reliability B document "doc.txt"')
    lines.append('event x "X"')
    lines += [f'evidence e{i} from s{i} credibility 2 quote "resigned on Monday" supports x' for i in range(0, n, 10)]
    return "\n".join(lines) + "\n", {"doc.txt": "The minister resigned on Monday.\n"}


@family(
    "via-loop",
    "sources relayed `via` one another in one loop of n (circular-reporting), evidence from every "
    "tenth, links supported by two of them",
    (800, 8_000),
    80_000,
    "sources",
)
def _via_loop(n):
    lines = [f'source s{i} "S{i}" reliability C via s{(i + 1) % n}' for i in range(n)]
    lines += [f'event x{i} "X{i}"' for i in range(n // 10 + 1)]
    lines += [f"evidence e{i} from s{i} credibility 2 supports x{i // 10}" for i in range(0, n, 10)]
    lines += [f"link x{i} -> x{i + 1} because e{10 * i}, e{10 * (i + 1)}" for i in range(n // 10 - 1)]
    return "\n".join(lines) + "\n", {}


@family(
    "preferred",
    "contradictions between equally supported claims under `set semantics preferred` "
    "(the SAT engine's part of issue 8)",
    (1_000, 10_000),
    None,
    "contradictions",
    setting="semantics preferred, time-limit 86400",
)
def _preferred(n):
    # The labels' time limit (60 s of wall time by default) lifted: under callgrind the search at 10n takes
    # longer than that, and a labelling cut short falls back to grounded, whose work is not the one measured.
    lines = ["set semantics preferred", "set time-limit 86400", *_sources(2)]
    for i in range(n):
        lines.append(f'claim a{i} "A{i}"')
        lines.append(f'claim b{i} "B{i}"')
        lines.append(f"evidence ea{i} from s0 credibility 2 supports a{i}")
        lines.append(f"evidence eb{i} from s1 credibility 2 supports b{i}")
        lines.append(f"contradiction k{i}: a{i} vs b{i}")
    return "\n".join(lines) + "\n", {}


@family(
    "contradiction-hub",
    "n supported claims each in a contradiction with one hub claim (grounded, decided " "by strength)",
    (1_000, 10_000),
    100_000,
    "contradictions",
    actions=("text", "json", "explain:hub"),
)
def _contradiction_hub(n):
    lines = ['source s0 "S0" reliability A', 'source s1 "S1" reliability C', 'source s2 "S2" reliability E']
    lines += ['claim hub "Hub"', "evidence for_hub from s1 credibility 2 supports hub"]
    for i in range(n):
        lines.append(f'claim a{i} "A{i}"')
        lines.append(f"evidence e{i} from s{i % 3} credibility 2 supports a{i}")
        lines.append(f"contradiction k{i}: a{i} vs hub")
    return "\n".join(lines) + "\n", {}


@family(
    "expect",
    "unsupported links with `expect` lines on each (by link, by name, without target) and " "`expect no` lines",
    (800, 8_000),
    80_000,
    "links",
)
def _expect(n):
    lines = [f'event x{i} "X{i}"' for i in range(n + 1)]
    lines += [f"link x{i} -> x{i + 1}" for i in range(n)]
    for i in range(n):
        lines.append(
            (
                "expect unsupported-link on x{i} -> x{j}",
                "expect unsupported-link on x{i}",
                "expect unsupported-link",
                "expect no weak-support on x{i}",
            )[i % 4].format(i=i, j=i + 1)
        )
    return "\n".join(lines) + "\n", {}


@family(
    "allow",
    "unsupported links each silenced by `allow`, and every tenth with an `allow` that silences " "nothing",
    (800, 8_000),
    80_000,
    "links",
)
def _allow(n):
    lines = [f'event x{i} "X{i}"' for i in range(n + 1)]
    for i in range(n):
        extra = ' allow weak-support "none"' if i % 10 == 0 else ""
        lines.append(f'link x{i} -> x{i + 1} allow unsupported-link "kept"{extra}')
    return "\n".join(lines) + "\n", {}


@family(
    "hub",
    "links from n events into one hub (half with evidence, half unsupported), `expect` lines on "
    "links into the hub, a chain through it",
    (1_000, 10_000),
    100_000,
    "links",
    actions=("text", "json", "dot", "mermaid", "explain:hub"),
)
def _hub(n):
    lines = _sources(10)
    lines.append('event hub "Hub" at 2016')
    lines.append('event after "After" at 2017')
    lines.append('link hub -> after assumed "a"')
    for i in range(n):
        lines.append(f'event e{i} "E{i}" at 2015')
        if i % 2:
            lines.append(f"evidence ev{i} from s{i % 10} credibility 2 supports e{i}")
            lines.append(f"link e{i} -> hub because ev{i}")
        else:
            lines.append(f"link e{i} -> hub")
            if i % 4 == 0:
                lines.append(f"expect unsupported-link on e{i} -> hub")
    lines.append("chain c: e1 -> hub -> after")
    return "\n".join(lines) + "\n", {}


@family(
    "long-names",
    "ten events with names of n characters (a hundred distinct letters), and ten links "
    "naming each with one letter wrong (undefined-name and its did-you-mean)",
    (1_000, 10_000),
    100_000,
    "characters",
)
def _long_names(n):
    rng = random.Random(3)
    # A hundred distinct letters, each about 1% of a name: difflib's autojunk heuristic (which
    # ignores characters filling more than 1% of a long string) keeps about half of them, so the
    # comparison stays quadratic in the length, as for real names that are long and varied.
    letters = [c for c in map(chr, range(0x100, 0x500)) if c.isalpha() and unicodedata.normalize("NFKC", c) == c][:100]
    names = ["".join(rng.choice(letters) for _ in range(n)) for _ in range(10)]
    lines = ['event target "T"']
    for name in names:
        lines.append(f'event {name} "long"')
    for name in names:
        cut = len(name) // 2
        typo = name[:cut] + ("k" if name[cut] != "k" else "l") + name[cut + 1 :]
        lines.append(f'link {typo} -> target assumed "a"')
    return "\n".join(lines) + "\n", {}


@family(
    "undefined",
    "n declared events and n/2 references to undefined names of the same length " "(did-you-mean over many candidates)",
    (1_000, 10_000),
    100_000,
    "names",
)
def _undefined(n):
    lines = [f'event name_{i:06d} "E"' for i in range(n)]
    lines += [f'link name_{i:06d} -> nome_{i:06d} assumed "a"' for i in range(0, n, 2)]
    return "\n".join(lines) + "\n", {}


@family(
    "joint-causes",
    "one link with n joint causes (each with evidence, one rebutted), a chain through the "
    "joint step, expectations on it",
    (1_000, 10_000),
    100_000,
    "causes",
    actions=("text", "json", "dot", "mermaid", "explain:effect"),
)
def _joint_causes(n):
    lines = _sources(10)
    lines += [f'event c{i} "C{i}" at 2015' for i in range(n)]
    lines += [f"evidence ev{i} from s{i % 10} credibility 2 supports c{i}" for i in range(n)]
    lines.append('event effect "Effect" at 2016')
    lines.append('event after "After" at 2017')
    lines.append("evidence strong from s0 credibility 1 rebuts c0")
    causes = ", ".join(f"c{i}" for i in range(n))
    lines.append(f"link joint: {causes} -> effect because ev1, ev2")
    lines.append('link effect -> after assumed "a"')
    lines.append(f"chain j: {causes} -> effect -> after")
    lines.append(f"expect rejected-item on {causes} -> effect")
    lines.append("expect rejected-item on joint")
    return "\n".join(lines) + "\n", {}


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    return " ".join(words).capitalize() + "."


@family(
    "quotes",
    "one document of n x 15 kB (15 MB at 10n) with n quotes found in it and n misquotes "
    "(quote-not-found and its closest passage)",
    (100, 1_000),
    None,
    "quote pairs",
)
def _quotes(n):
    return _quote_case(random.Random(5), n, n * 15_000)


def _quote_case(rng: random.Random, quotes: int, document_chars: int):
    """A document of about `document_chars` characters of sentences, `quotes` quotes found in it and as
    many misquotes (a word in the middle replaced)."""
    sentences: list[str] = []
    size = 0
    while size < document_chars:
        sentence = _sentence(rng)
        sentences.append(sentence)
        size += len(sentence) + 1
    lines = ['source paper "The paper" reliability B document "paper.txt"', 'event x "X"']
    for i in range(quotes):
        lines.append(f'evidence in{i} from paper credibility 2 quote "{rng.choice(sentences)}" supports x')
        words = rng.choice(sentences)[:-1].split(" ")
        words[len(words) // 2] = "misquoted"
        lines.append(f'evidence out{i} from paper credibility 2 quote "{" ".join(words)}." supports x')
    paragraphs = [" ".join(sentences[i : i + 8]) for i in range(0, len(sentences), 8)]
    return "\n".join(lines) + "\n", {"paper.txt": "\n\n".join(paragraphs) + "\n"}


@family(
    "quotes-many",
    "one document of 1.5 MB with n quotes found in it and n misquotes: the cost of a quote "
    "does not grow with their number",
    (500, 5_000),
    None,
    "quote pairs",
)
def _quotes_many(n):
    return _quote_case(random.Random(6), n, 1_500_000)


@family(
    "carriers",
    "n sources each `via` 20 carriers from a pool of n/10, evidence from each, links supported "
    "by two of them (independence, single-source)",
    (500, 5_000),
    50_000,
    "sources",
)
def _carriers(n):
    rng = random.Random(7)
    pool = max(20, n // 10)
    lines = [f'source out{i} "Outlet {i}" reliability B' for i in range(pool)]
    for i in range(n):
        carriers = ", ".join(f"out{c}" for c in sorted(rng.sample(range(pool), 20)))
        lines.append(f'source s{i} "S{i}" reliability C via {carriers}')
        lines.append(f"evidence e{i} from s{i} credibility 2")
    events = n // 2
    lines += [f'event x{i} "X{i}"' for i in range(events + 1)]
    lines += [f"link x{i} -> x{i + 1} because e{2 * i}, e{2 * i + 1}" for i in range(events)]
    return "\n".join(lines) + "\n", {}


@family(
    "ach",
    "3 outcomes with 10 hypotheses each and n evidence items coding 5 of them, with tests "
    "(the ACH matrices, sensitivity)",
    (500, 5_000),
    50_000,
    "evidence items",
    actions=("ach-text", "ach-json", "json"),
)
def _ach(n):
    rng = random.Random(11)
    lines = _sources(10)
    for o in range(3):
        lines.append(f'event o{o} "Outcome {o}"')
        lines += [f'hypothesis h{o}_{h} "H{o} {h}" explains o{o}' for h in range(10)]
    tests = ("hoop", "smoking-gun", "straw-in-the-wind", "doubly-decisive")
    for i in range(n):
        o = i % 3
        chosen = rng.sample(range(10), 5)
        parts = [
            f"evidence e{i} from s{i % 10} credibility {rng.choice((2, 3, 4))}",
            "consistent-with " + ", ".join(f"h{o}_{h}" for h in chosen[:3]),
            "inconsistent-with " + ", ".join(f"h{o}_{h}" for h in chosen[3:]),
        ]
        if i % 50 == 0:
            parts.append(f"{rng.choice(tests)} h{o}_{chosen[0]} {rng.choice(('passed', 'failed'))}")
        lines.append(" ".join(parts))
    return "\n".join(lines) + "\n", {}


@family(
    "ach-wide",
    "one outcome with n hypotheses and 20 evidence items each coding all of them",
    (100, 1_000),
    10_000,
    "hypotheses",
    actions=("ach-text", "ach-json", "json"),
)
def _ach_wide(n):
    lines = _sources(5)
    lines.append('event o "Outcome"')
    lines += [f'hypothesis h{h} "H{h}" explains o' for h in range(n)]
    for i in range(20):
        lines.append(
            f"evidence e{i} from s{i % 5} credibility 2 "
            f"consistent-with {', '.join(f'h{h}' for h in range(n) if (h + i) % 3)} "
            f"inconsistent-with {', '.join(f'h{h}' for h in range(n) if not (h + i) % 3)}"
        )
    return "\n".join(lines) + "\n", {}


@family(
    "bayes",
    "one outcome with 10 hypotheses with priors and n evidence items giving a likelihood for each",
    (500, 5_000),
    50_000,
    "evidence items",
    actions=("ach-text", "ach-json"),
)
def _bayes(n):
    rng = random.Random(13)
    lines = _sources(10)
    lines.append('event o "Outcome"')
    lines += [f'hypothesis h{h} "H{h}" explains o prior {h + 1}' for h in range(10)]
    for i in range(n):
        likelihoods = " ".join(f"likelihood h{h} 0.{rng.randint(1, 9)}" for h in range(10))
        lines.append(f"evidence e{i} from s{i % 10} credibility 2 consistent-with h{i % 10} {likelihoods}")
    return "\n".join(lines) + "\n", {}


@family(
    "chains-many",
    "n chains of 5 steps over linked, supported events, each with an `expect chain` line",
    (500, 5_000),
    50_000,
    "chains",
    actions=("text", "json", "dot"),
)
def _chains_many(n):
    rng = random.Random(17)
    events = max(50, n // 2)
    lines = _sources(10)
    lines += [f'event e{i} "E{i}" at {_day(i)}' for i in range(events)]
    lines += [f"evidence v{i} from s{i % 10} credibility 2 supports e{i}" for i in range(events)]
    lines += [f"evidence w{i} from s{(i + 3) % 10} credibility 2" for i in range(events)]
    lines += [f"link e{i} -> e{i + 1} because v{i}, w{i}" for i in range(events - 1)]
    for c in range(n):
        start = rng.randrange(events - 5)
        lines.append(f"chain c{c}: " + " -> ".join(f"e{start + k}" for k in range(5)))
        lines.append(f"expect chain c{c} is supported")
    return "\n".join(lines) + "\n", {}


@family(
    "chain-long",
    "one chain of n steps, each made by a supported link; explain of the chain",
    (1_000, 10_000),
    100_000,
    "steps",
    actions=("text", "json", "explain:long"),
)
def _chain_long(n):
    lines = _sources(10)
    lines += [f'event e{i} "E{i}" at {_day(i)}' for i in range(n + 1)]
    lines += [f"evidence v{i} from s{i % 10} credibility 2 supports e{i}" for i in range(n + 1)]
    lines += [f"link e{i} -> e{i + 1} because v{i}, v{i + 1}" for i in range(n)]
    lines.append("chain long: " + " -> ".join(f"e{i}" for i in range(n + 1)))
    return "\n".join(lines) + "\n", {}


@family(
    "cycles",
    "one loop of n links, n/3 loops of three, and a feedback loop",
    (1_000, 10_000),
    100_000,
    "links",
    actions=("text", "json", "dot"),
)
def _cycles(n):
    lines = [f'claim c{i} "C{i}"' for i in range(n)]
    lines += [f'link c{i} -> c{(i + 1) % n} assumed "a"' for i in range(n)]
    lines += [f'claim t{i} "T{i}"' for i in range(n)]
    for i in range(0, n - 2, 3):
        lines += [
            f'link t{i} -> t{i + 1} assumed "a"',
            f'link t{i + 1} -> t{i + 2} assumed "a"',
            f'link t{i + 2} -> t{i} assumed "a" feedback',
        ]
    return "\n".join(lines) + "\n", {}


def _mixed(n):
    raise NotImplementedError  # built by bench/generate.py, see _write_case


FAMILIES["mixed"] = Family(
    "mixed",
    "bench/generate.py's realistic case of n statements; every report format, explain of one link, export",
    (1_000, 10_000),
    100_000,
    "statements",
    _mixed,
    ("text", "json", "dot", "mermaid", "explain:{link}", "export"),
)


# --- children ---------------------------------------------------------------------------

# The measures a child can take of each phase: process CPU time, function calls
# (sys.setprofile), or instructions (under callgrind, read by the parent from its output).
MEASURES = ("time", "calls", "instructions")


def _function(name: str):
    import importlib

    module, attribute = FUNCTIONS[name].split(":")
    return getattr(importlib.import_module(module), attribute)


def _install_stages(measured: Callable[[str, Callable[[], object]], object]) -> None:
    """Make every stage of STAGES and every check of RULE_TABLES run inside ``measured(label, call)``.

    Stages returning iterators are consumed inside, so a rule family's cost is its own. A name
    that the pipeline no longer has is skipped: its cost shows up as "other".
    """
    import importlib

    def inside(label, function, consume):
        def wrapper(*args, **kwargs):
            if consume:
                return measured(label, lambda: list(function(*args, **kwargs)))
            return measured(label, lambda: function(*args, **kwargs))

        return wrapper

    for label, module_name, name, consume in STAGES:
        module = importlib.import_module(module_name)
        if hasattr(module, name):
            setattr(module, name, inside(label, getattr(module, name), consume))
    module_name, name, labels = RULE_TABLES
    table = getattr(importlib.import_module(module_name), name, {})
    for phase, checks in list(table.items()):
        if phase.name not in labels:
            continue
        fixed = labels[phase.name]
        table[phase] = tuple(
            inside(fixed or f"rules.{check.__module__.rsplit('.', 1)[-1]}", check, True) for check in checks
        )


class _Clock:
    """Each phase's cost on a clock: CPU seconds, or calls counted so far."""

    def __init__(self, now: Callable[[], float]):
        self.now = now
        self.phases: dict[str, float] = {}

    def measured(self, label: str, call: Callable[[], object]) -> object:
        start = self.now()
        try:
            return call()
        finally:
            self.phases[label] = self.phases.get(label, 0.0) + self.now() - start


class _Marks:
    """Each phase runs inside its own C function of bench/phase_marks.c (`causal_phase_NN`), whose
    inclusive instruction count callgrind reports; the parent reads it from callgrind's output."""

    def __init__(self, library: Path):
        import ctypes

        self.library = ctypes.CDLL(str(library))
        self.body_type = ctypes.CFUNCTYPE(None)
        self.capacity = self.library.causal_phase_marks()
        self.index: dict[str, int] = {}

    def measured(self, label: str, call: Callable[[], object]) -> object:
        index = self.index.setdefault(label, len(self.index))
        if index >= self.capacity:
            raise SystemExit(f"more phases than the {self.capacity} marks of bench/phase_marks.c")
        outcome: dict[str, object] = {}

        def body():
            # An exception cannot cross the C frame: ctypes would print it and go on.
            try:
                outcome["value"] = call()
            except BaseException as error:  # noqa: BLE001 - raised again below
                outcome["error"] = error

        self.library.causal_phase(index, self.body_type(body))
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]


def _child(path: Path, actions: list[str], measure: str = "time", marks: Path | None = None) -> dict:
    """Check the case with every stage measured, then run each action as a phase of its own.

    ``measure`` "time" is process CPU time; "calls" counts Python and C function calls
    (sys.setprofile): the work each phase does, which the processor's caches do not change;
    "instructions" runs each phase inside a mark of ``marks`` (bench/phase_marks.c) for callgrind,
    and returns which mark each phase ran in.
    """
    from run import TINY_CASE

    read_case, check_text = _function("read_case"), _function("check_text")
    check_text(TINY_CASE, "<warm-up>", path.parent)
    if measure == "instructions":
        meter = _Marks(marks)
    elif measure == "calls":
        calls = [0]

        def count(frame, event, arg):
            if event == "call" or event == "c_call":
                calls[0] += 1

        meter = _Clock(lambda: float(calls[0]))
        sys.setprofile(count)
    else:
        meter = _Clock(time.process_time)
    _install_stages(meter.measured)

    def read_and_check():
        text, error = read_case(path)
        if error is not None:
            raise SystemExit(f"cannot read {path}: {error.message}")
        return check_text(text, str(path), path.parent)

    if measure == "instructions":
        meter.library.causal_instrumentation_start()
    started = time.process_time()
    report = meter.measured("check (total)", read_and_check)
    # `causal check` pauses the cyclic garbage collector while it checks; the first collection
    # after it scans everything the check made. Measured apart, so the reports' costs are their own.
    meter.measured("gc after check", gc.collect)
    for action in actions:
        meter.measured(f"render.{action.split(':')[0]}", lambda: _act(action, report))
    cpu = time.process_time() - started
    sys.setprofile(None)
    if measure == "instructions":
        meter.library.causal_instrumentation_stop()
    by_rule: dict[str, int] = {}
    for finding in report.findings:
        by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
    measured = {"marks": meter.index} if measure == "instructions" else {"phases": meter.phases}
    return {**measured, "findings": by_rule, "cpu": cpu}


def _act(action: str, report) -> str:
    if action == "text":
        return _function("render_text")([report])
    if action == "json":
        return _function("render_json")([report])
    if action == "dot":
        return _function("render_dot")(report)
    if action == "mermaid":
        return _function("render_mermaid")(report)
    if action.startswith("explain:"):
        tree = _function("explain_tree")(report.analysis, report.chains, action.split(":", 1)[1])
        return _function("render_tree")(tree)
    if action in ("ach-text", "ach-json"):
        analysis = _function("analyse_ach")(report.analysis)
        if action == "ach-text":
            return _function("render_ach_text")(analysis)
        return _function("render_ach_json")(report.path, analysis)
    if action == "export":
        return _function("framework_writers")["apx"](_function("full_framework")(report.analysis))
    raise SystemExit(f"unknown action {action}")


def _with_other(phases: dict[str, float]) -> dict[str, float]:
    """The phases and "other": what the check spent outside its measured stages."""
    outside = ("check (total)", "gc after check")
    inside = sum(cost for label, cost in phases.items() if label not in outside and not label.startswith("render."))
    return {**phases, "other": max(0.0, phases.get("check (total)", 0.0) - inside)}


def _child_command(path: Path, actions: list[str], measure: str, marks: Path | None = None) -> list[str]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(path), "--actions", ",".join(actions)]
    command += ["--measure", measure]
    if marks is not None:
        command += ["--marks", str(marks)]
    return command


def _child_environment() -> dict[str, str]:
    import os

    # A fixed hash seed: the same set and dictionary orders, so the same work, in every run.
    return {**os.environ, "PYTHONHASHSEED": "0"}


def _run_child(path: Path, actions: list[str], timeout: float, measure: str = "time") -> dict | None:
    command = _child_command(path, actions, measure)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=_child_environment())
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise SystemExit(f"benchmark child failed on {path}:\n{done.stderr}")
    run = json.loads(done.stdout.strip().splitlines()[-1])
    run["phases"] = _with_other(run["phases"])
    return run


# --- instructions, counted by callgrind -------------------------------------------------

MARKS_SOURCE = HERE / "phase_marks.c"
MARKS_LIBRARY = HERE / "out" / "phase_marks.so"
MARK_PREFIX = "causal_phase_"


def _build_marks() -> Path:
    """Compile bench/phase_marks.c into bench/out/ when it is missing or older than its source."""
    import os
    import shutil

    if MARKS_LIBRARY.exists() and MARKS_LIBRARY.stat().st_mtime >= MARKS_SOURCE.stat().st_mtime:
        return MARKS_LIBRARY
    compiler = os.environ.get("CC") or shutil.which("gcc") or shutil.which("cc")
    if compiler is None:
        raise SystemExit("--instructions needs a C compiler (gcc or cc, or CC=...) to build bench/phase_marks.c")
    MARKS_LIBRARY.parent.mkdir(parents=True, exist_ok=True)
    # -fno-ipa-icf: the marks have identical bodies, and must stay distinct functions.
    command = [compiler, "-shared", "-fPIC", "-O2", "-fno-ipa-icf", "-o", str(MARKS_LIBRARY), str(MARKS_SOURCE)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"cannot build {MARKS_SOURCE.name}:\n{' '.join(command)}\n{done.stderr}")
    return MARKS_LIBRARY


def _marks_can_start_instrumentation(library: Path) -> bool:
    """Whether the marks were built with callgrind's header, so that the child can start callgrind's
    instrumentation itself after its imports and warm-up (much faster than instrumenting them)."""
    import ctypes

    return bool(ctypes.CDLL(str(library)).causal_marks_can_start_instrumentation())


def _run_instructions(path: Path, actions: list[str], timeout: float, cache_misses: bool = False) -> dict | None:
    """One child under callgrind; each phase's instructions: its mark's inclusive count. With
    ``cache_misses``, callgrind also simulates the caches, and each phase's last-level data misses
    (reads and writes that go to memory) are its "misses"."""
    import shutil

    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("--instructions needs valgrind (callgrind) on PATH")
    library = _build_marks()
    output = path.parent / "callgrind.out"
    command = [valgrind, "--tool=callgrind", f"--callgrind-out-file={output}", "--dump-line=no"]
    if cache_misses:
        command += ["--cache-sim=yes", *_second_level_as_last()]
    if _marks_can_start_instrumentation(library):
        command.append("--instr-atstart=no")
    command += _child_command(path, actions, "instructions", library)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=_child_environment())
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise SystemExit(f"benchmark child under callgrind failed on {path}:\n{done.stderr}")
    run = json.loads(done.stdout.strip().splitlines()[-1])
    events = ("Ir", "DLmr", "DLmw") if cache_misses else ("Ir",)
    counts = inclusive_counts(output, MARK_PREFIX, events)
    of_mark = {label: counts.get(f"{MARK_PREFIX}{index:02d}", {}) for label, index in run["marks"].items()}
    run["phases"] = _with_other({label: float(count.get("Ir", 0)) for label, count in of_mark.items()})
    if cache_misses:
        misses = {label: float(count.get("DLmr", 0) + count.get("DLmw", 0)) for label, count in of_mark.items()}
        run["misses"] = _with_other(misses)
    return run


def _second_level_as_last() -> list[str]:
    """Callgrind simulates two levels of cache, the first and the last; its last level is the
    machine's by default, on a shared server hundreds of megabytes that other processes fill. This
    simulates the core's own second level (Linux's /sys) as the last: a miss of it is a memory access
    that leaves the core, the cost that grows as a case's objects outgrow the caches."""
    caches = Path("/sys/devices/system/cpu/cpu0/cache")
    for index in sorted(caches.glob("index*")):
        try:
            if (index / "level").read_text().strip() != "2" or (index / "type").read_text().strip() == "Instruction":
                continue
            written = (index / "size").read_text().strip().upper()  # 2048K: binary units
            size = int(written.rstrip("KMG")) * {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(written[-1], 1)
            ways = int((index / "ways_of_associativity").read_text())
            line = int((index / "coherency_line_size").read_text())
        except (OSError, ValueError):
            continue
        return [f"--LL={size},{ways},{line}"]
    return []


def inclusive_counts(path: Path, prefix: str, events: tuple[str, ...] = ("Ir",)) -> dict[str, dict[str, int]]:
    """The inclusive counts of ``events`` (Ir: instructions) of every function whose name starts with
    ``prefix``, from a callgrind output file: the function's own cost lines plus each call's.

    The format: `fn=` starts a function's cost lines; the line after a `calls=` line is the call's
    inclusive cost; names may be compressed, `(id) name` the first time and `(id)` after; a cost
    line leaves out its trailing zeros.
    """
    names: dict[str, str] = {}
    counts: dict[str, dict[str, int]] = {}
    positions, columns = 1, [0]
    current: dict[str, int] | None = None

    def name_of(spec: str) -> str:
        spec = spec.strip()
        if spec.startswith("("):
            key, _, name = spec.partition(")")
            name = name.strip()
            if name:
                names[key] = name
            return names.get(key, spec)
        return spec

    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            first = line[:1]
            if first.isdigit() or first in "+-*":
                if current is not None:
                    fields = line.split()[positions:]
                    for event, column in zip(events, columns):
                        if column < len(fields):
                            current[event] += int(fields[column])
            elif line.startswith("fn="):
                name = name_of(line[3:])
                current = counts.setdefault(name, dict.fromkeys(events, 0)) if name.startswith(prefix) else None
            elif line.startswith("cfn="):
                name_of(line[4:])  # records a compressed name defined here
            elif line.startswith("positions:"):
                positions = len(line.split(":", 1)[1].split())
            elif line.startswith("events:"):
                recorded = line.split(":", 1)[1].split()
                missing = [event for event in events if event not in recorded]
                if missing:
                    raise SystemExit(f"{path} has no {', '.join(missing)} (events: {' '.join(recorded)})")
                columns = [recorded.index(event) for event in events]
    return counts


# --- the parent -------------------------------------------------------------------------


def _write_case(fam: Family, n: int) -> tuple[Path, list[str]]:
    folder = OUT / f"{fam.name}-{n}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "case.cx"
    actions = list(fam.actions)
    if fam.name == "mixed":
        from generate import generate

        generate(n, 1, path)
        link = _first_labelled_link(path)
        actions = [a.format(link=link) for a in actions]
        return path, actions
    text, documents = fam.build(n)
    path.write_text(text, encoding="utf-8")
    for name, content in documents.items():
        (folder / name).write_text(content, encoding="utf-8")
    actions = [a.format(mid=n // 2, mid1=n // 2 + 1) for a in actions]
    return path, actions


def _first_labelled_link(path: Path) -> str:
    """The first labelled link of the case, or its first event when no link has a label (a tiny case)."""
    import re

    event = None
    for line in path.read_text(encoding="utf-8").splitlines():
        found = re.match(r"\s*link (\w+):", line)
        if found:
            return found.group(1)
        declared = re.match(r"\s*event (\w+)", line)
        if declared and event is None:
            event = declared.group(1)
    if event is None:
        raise SystemExit(f"no labelled link or event in {path}")
    return event


@dataclass
class Measured:
    size: int
    bytes: int
    phases: dict[str, float] = field(default_factory=dict)  # CPU seconds, best of the runs, phase by phase
    findings: dict[str, int] = field(default_factory=dict)
    timed_out: bool = False
    calls: dict[str, float] = field(default_factory=dict)  # function calls per phase (--calls)
    instructions: dict[str, float] = field(default_factory=dict)  # instructions per phase (--instructions)
    misses: dict[str, float] = field(default_factory=dict)  # simulated cache misses per phase (--cache-misses)


def measure(
    fam: Family,
    sizes: list[int],
    repeat: int,
    timeout: float,
    count_calls: bool = False,
    count_instructions: bool = False,
    cache_misses: bool = False,
) -> list[Measured]:
    rows = []
    for size in sizes:
        path, actions = _write_case(fam, size)
        row = Measured(size, sum(f.stat().st_size for f in path.parent.iterdir() if f.is_file() and f.suffix != ".out"))
        for attempt in range(repeat):
            print(f"[{fam.name} {size}] run {attempt + 1}/{repeat}", file=sys.stderr, flush=True)
            run = _run_child(path, actions, timeout)
            if run is None:
                row.timed_out = True
                break
            row.findings = run["findings"]
            for phase, seconds in run["phases"].items():
                row.phases[phase] = min(seconds, row.phases.get(phase, seconds))
        if count_calls and not row.timed_out:
            print(f"[{fam.name} {size}] counting calls", file=sys.stderr, flush=True)
            counted = _run_child(path, actions, timeout * 20, "calls")
            row.calls = counted["phases"] if counted is not None else {}
        if count_instructions and not row.timed_out:
            print(f"[{fam.name} {size}] counting instructions (callgrind)", file=sys.stderr, flush=True)
            counted = _run_instructions(path, actions, timeout * CALLGRIND_SLOWDOWN, cache_misses)
            if counted is None:
                row.timed_out = True
            else:
                row.instructions = counted["phases"]
                row.misses = counted.get("misses", {})
                row.findings = row.findings or counted["findings"]
        rows.append(row)
        if row.timed_out:
            break  # a larger size would only take longer
    return rows


def judge(rows: list[Measured], floor: float, instruction_floor: float = DEFAULT_INSTRUCTION_FLOOR) -> list[dict]:
    """Every phase's growth between successive sizes, on each measure taken.

    "above" is the verdict on the target: on instructions when they were counted (the measure the
    target is judged on, see bench/README.md), else on time. "time_above" is time's, in any case.
    """
    limit = LINEAR * MAX_OVER_LINEAR
    verdicts = []
    for small, large in zip(rows, rows[1:]):
        if large.timed_out:
            continue
        phases = list(large.phases) + [p for p in [*large.instructions, *large.calls] if p not in large.phases]
        for phase in dict.fromkeys(phases):
            t1, t2 = small.phases.get(phase, 0.0), large.phases.get(phase, 0.0)
            growth = growth_per_10x((small.size, t1), (large.size, t2))
            judged = growth is not None and t2 >= floor
            calls = growth_per_10x((small.size, small.calls.get(phase, 0)), (large.size, large.calls.get(phase, 0)))
            i1, i2 = small.instructions.get(phase, 0.0), large.instructions.get(phase, 0.0)
            instructions = growth_per_10x((small.size, i1), (large.size, i2))
            instructions_judged = instructions is not None and i2 >= instruction_floor
            misses = growth_per_10x((small.size, small.misses.get(phase, 0)), (large.size, large.misses.get(phase, 0)))
            counted = bool(large.instructions)
            verdicts.append(
                {
                    "phase": phase,
                    "from": small.size,
                    "to": large.size,
                    "seconds": [t1, t2],
                    "growth": growth,
                    "judged": judged,
                    "time_above": judged and growth > limit,
                    "calls_growth": calls,
                    "instructions": [i1, i2],
                    "instructions_growth": instructions,
                    "instructions_judged": instructions_judged,
                    "misses": [small.misses.get(phase, 0.0), large.misses.get(phase, 0.0)],
                    "misses_growth": misses,
                    "above": (instructions_judged and instructions > limit) if counted else judged and growth > limit,
                }
            )
    return verdicts


def _growth_cell(growth: float | None, judged: bool, above: bool) -> str:
    if growth is None:
        return "-"
    if not judged:
        return f"({growth:.1f})"
    return f"{growth:.1f}" + (" !" if above else "")


def _millions(count: float) -> str:
    return f"{count / 1e6:.1f}" if count >= 1e5 else f"{count / 1e6:.3f}"


def render(fam: Family, rows: list[Measured], verdicts: list[dict], floor: float) -> str:
    sizes = [row.size for row in rows]
    phases = list(dict.fromkeys(p for row in rows for p in [*row.phases, *row.instructions]))
    by = {(v["phase"], v["to"]): v for v in verdicts}
    limit = LINEAR * MAX_OVER_LINEAR

    def shown(phase):
        largest = max(row.phases.get(phase, 0.0) for row in rows)
        counted = max(row.instructions.get(phase, 0.0) for row in rows)
        return largest >= 0.001 or counted >= 1e6 or any(by.get((phase, row.size), {}).get("above") for row in rows)

    # Each measure's columns: the sizes it was taken at, and the pairs of successive sizes it has both of
    # (a merged run may have counted instructions at sizes that were not timed).
    def taken(measure):
        return [index for index, row in enumerate(rows) if getattr(row, measure) or row.timed_out]

    def paired(measure):
        indexes = taken(measure)
        return [index for index in range(1, len(rows)) if index in indexes and index - 1 in indexes]

    timed, counted, instructed, simulated = (taken(m) for m in ("phases", "calls", "instructions", "misses"))

    def pair(index):
        return f"{rows[index - 1].size:,}->{rows[index].size:,}"

    header = ["phase"]
    if timed:
        header += [f"{rows[i].size:,} s" for i in timed] + [f"growth {pair(i)}" for i in paired("phases")]
    if counted:
        header += [f"calls {pair(i)}" for i in paired("calls")]
    if instructed:
        header += [f"{rows[i].size:,} Minstr" for i in instructed]
        header += [f"instr {pair(i)}" for i in paired("instructions")]
    if simulated:
        header += [f"{rows[i].size:,} misses" for i in simulated] + [f"misses {pair(i)}" for i in paired("misses")]
    table = []
    for phase in sorted((p for p in phases if shown(p)), key=lambda p: (p != "check (total)", p)):
        cells = [phase]
        verdict_at = {index: by.get((phase, rows[index].size)) or {} for index in range(1, len(rows))}
        if timed:
            cells += ["timeout" if rows[i].timed_out else f"{rows[i].phases.get(phase, 0.0):.3f}" for i in timed]
            cells += [
                _growth_cell(verdict_at[i].get("growth"), verdict_at[i].get("judged", False),
                             verdict_at[i].get("time_above", False))
                for i in paired("phases")
            ]
        if counted:
            cells += [
                "-" if verdict_at[i].get("calls_growth") is None else f"{verdict_at[i]['calls_growth']:.1f}"
                for i in paired("calls")
            ]
        if instructed:
            cells += ["timeout" if rows[i].timed_out else _millions(rows[i].instructions.get(phase, 0.0))
                      for i in instructed]
            cells += [
                _growth_cell(
                    verdict_at[i].get("instructions_growth"),
                    verdict_at[i].get("instructions_judged", False),
                    verdict_at[i].get("instructions_judged", False)
                    and (verdict_at[i].get("instructions_growth") or 0) > limit,
                )
                for i in paired("instructions")
            ]
        if simulated:
            cells += [f"{rows[i].misses.get(phase, 0.0):,.0f}" for i in simulated]
            cells += [
                "-" if verdict_at[i].get("misses_growth") is None else f"{verdict_at[i]['misses_growth']:.1f}"
                for i in paired("misses")
            ]
        table.append(cells)
    widths = [max(len(h), *(len(r[i]) for r in table)) for i, h in enumerate(header)]
    lines = [
        f"{fam.name}: {fam.what}; n = {', '.join(f'{s:,}' for s in sizes)} {fam.unit}"
        f" ({', '.join(f'{row.bytes / 1e6:.1f} MB' for row in rows)} with documents)"
    ]
    lines.append("  " + "  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))))
    for cells in table:
        lines.append(
            "  " + "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
        )
    if rows[-1].findings:
        lines.append(
            "  findings at the largest size: " + ", ".join(f"{k} {v}" for k, v in sorted(rows[-1].findings.items()))
        )
    return "\n".join(lines)


def render_summary(results: list[dict], floor: float) -> str:
    """One line per family: its sizes, the check's time at each, the growth of its time and of its
    instructions; below it, the phases whose instructions, calls or time grew above the limit, each
    time with its calls' and instructions' growth for the same pair of sizes."""
    limit = LINEAR * MAX_OVER_LINEAR
    counted = any(v.get("calls_growth") is not None for r in results for v in r["verdicts"])
    instructed = any(v.get("instructions_growth") is not None for r in results for v in r["verdicts"])
    header = ["family", "sizes", "check s", "growth"] + (["instr"] if instructed else [])
    table = []
    for family_result in results:
        rows = family_result["sizes"]
        verdicts = family_result["verdicts"]
        pairs = len(rows) > 2

        def where(verdict):
            return f" ({verdict['from']:,}->{verdict['to']:,})" if pairs else ""

        sizes = " -> ".join(f"{row['size']:,}" for row in rows)
        times = " -> ".join(
            "timeout" if row["timed_out"] else f"{row['phases']['check (total)']:.3f}" if row["phases"] else "-"
            for row in rows
        )
        total = [v for v in verdicts if v["phase"] == "check (total)"]
        cells = [family_result["family"], sizes, times]
        cells.append(", ".join(f"{v['growth']:.1f}" for v in total if v["growth"] is not None) or "-")
        if instructed:
            cells.append(
                ", ".join(f"{v['instructions_growth']:.1f}" for v in total if v.get("instructions_growth")) or "-"
            )
        below = []
        if instructed:
            below.append(
                (
                    "instructions above 11.5:",
                    [
                        f"{v['phase']} {v['instructions_growth']:.1f}{where(v)}"
                        for v in verdicts
                        if v.get("instructions_judged")
                        and v["instructions_growth"] > limit
                        and v["phase"] != "check (total)"
                    ],
                )
            )
        if counted:
            below.append(
                (
                    "calls above 11.5:",
                    [
                        f"{v['phase']} {v['calls_growth']:.1f}{where(v)}"
                        for v in verdicts
                        if v["judged"]
                        and v.get("calls_growth") is not None
                        and v["calls_growth"] > limit
                        and v["phase"] not in ("check (total)", "other")
                    ],
                )
            )

        def said(verdict):
            others = [verdict.get("calls_growth")] if counted else []
            others += [verdict.get("instructions_growth")] if instructed else []
            return f"{verdict['phase']} {verdict['growth']:.1f}" + "".join(
                "/-" if value is None else f"/{value:.1f}" for value in others
            ) + (where(verdict) if sum(1 for row in rows if row["phases"]) > 2 else "")

        measures = "/".join(["time", *(["calls"] if counted else []), *(["instr"] if instructed else [])])
        timed = [said(v) for v in verdicts if v.get("time_above", v["above"]) and v["phase"] != "check (total)"]
        if any(row["timed_out"] for row in rows):
            timed.append("timed out")
        below.append((f"time above 11.5 ({measures}):" if measures != "time" else "time above 11.5:", timed))
        table.append((cells, below))
    widths = [max(len(h), *(len(cells[i]) for cells, _ in table)) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    for cells, below in table:
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip())
        for title, entries in below:
            if not entries:
                continue
            line = f"    {title}"
            for entry in entries:  # whole entries per line
                if len(line) + len(entry) + 2 > 110:
                    lines.append(line + ",")
                    line = "     "
                line += (" " if line.endswith(":") or line.isspace() else ", ") + entry
            lines.append(line)
    return "\n".join(lines)


def merge(paths: list[Path]) -> dict:
    """Several saved runs as one: a family measured in more than one has, at each size, the measures of
    every run (a later run's where both have one), and its verdicts judged again."""
    merged: dict = {}
    families: dict[str, dict] = {}
    for path in paths:
        saved = json.loads(path.read_text(encoding="utf-8"))
        if not merged:
            merged = {**saved, "families": [], "merged_from": []}
        merged["merged_from"].append({"file": str(path), "started": saved["started"], **saved["settings"]})
        for result in saved["families"]:
            known = families.setdefault(result["family"], {**result, "sizes": []})
            by_size = {row["size"]: row for row in known["sizes"]}
            for row in result["sizes"]:
                into = by_size.setdefault(row["size"], {"size": row["size"], "bytes": row["bytes"]})
                for key, value in row.items():
                    if value or key not in into:
                        into[key] = value
            known["sizes"] = sorted(by_size.values(), key=lambda row: row["size"])
    settings = merged.get("settings", {})
    for result in families.values():
        rows = [Measured(**row) for row in result["sizes"]]
        result["verdicts"] = judge(rows, settings.get("floor", DEFAULT_FLOOR), settings.get(
            "instruction_floor", DEFAULT_INSTRUCTION_FLOOR))
        result["sizes"] = [vars(row) for row in rows]
    merged["families"] = list(families.values())
    merged["above"] = _above_lines(merged["families"], settings.get("timeout", DEFAULT_TIMEOUT))
    return merged


def _above_lines(results: list[dict], timeout: float) -> list[str]:
    above = []
    for result in results:
        for v in result["verdicts"]:
            if v["above"]:
                measured = v.get("instructions_growth") if v.get("instructions_judged") else v["growth"]
                above.append(f"{result['family']}: {v['phase']} {measured:.1f} ({v['from']:,}->{v['to']:,})")
        above += [
            f"{result['family']}: timed out at {row['size']:,} (--timeout {timeout:g})"
            for row in result["sizes"]
            if row["timed_out"]
        ]
    return above


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Growth of every phase and rule family (see bench/README.md).")
    parser.add_argument("--families", default="", help="comma-separated families (default: all; --list names them)")
    parser.add_argument("--sizes", default="", help="sizes for every chosen family instead of its own (1k, 10k ...)")
    parser.add_argument("--large", action="store_true", help="also measure 100n where the family allows it")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="timed runs per size; the best counts, phase by phase (default 3; 0 with --instructions: none)",
    )
    parser.add_argument(
        "--floor",
        type=float,
        default=DEFAULT_FLOOR,
        help="a phase faster than this (seconds) at the larger size is shown, not judged on time (default 0.02)",
    )
    parser.add_argument(
        "--instruction-floor",
        type=float,
        default=DEFAULT_INSTRUCTION_FLOOR,
        help="a phase executing fewer instructions than this at the larger size is shown, not judged (default 5e6)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds before a run is stopped (default 300; {CALLGRIND_SLOWDOWN} times that under callgrind)",
    )
    parser.add_argument("--json", type=Path, default=None, help="where the results go (default bench/out/growth.json)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a judged growth is above the limit")
    parser.add_argument(
        "--calls",
        action="store_true",
        help="one more run per size counting each phase's function calls: its growth is the work's, "
        "without the caches' effect on time",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="one more run per size under valgrind's callgrind, counting each phase's instructions: "
        "the measure the 1.15 x linear target is judged on (needs valgrind and a C compiler)",
    )
    parser.add_argument(
        "--cache-misses",
        action="store_true",
        help="with --instructions: callgrind also simulates the caches and counts each phase's data misses "
        "of a last level the size of the core's second-level cache (two to three times as slow)",
    )
    parser.add_argument(
        "--no-actions", action="store_true", help="check only: leave out the families' reports and explain runs"
    )
    parser.add_argument("--list", action="store_true", help="list the families and exit")
    parser.add_argument(
        "--summary", type=Path, metavar="JSON", help="print the one-line-per-family summary of a results file and exit"
    )
    parser.add_argument(
        "--tables", type=Path, metavar="JSON", help="print every family's table of a results file and exit"
    )
    parser.add_argument(
        "--merge",
        type=Path,
        nargs="+",
        metavar="JSON",
        help="merge saved runs (say, a timed one and an instruction count) into --json, print its summary and exit",
    )
    parser.add_argument("--child", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--actions", default="", help=argparse.SUPPRESS)
    parser.add_argument("--measure", choices=MEASURES, default="time", help=argparse.SUPPRESS)
    parser.add_argument("--marks", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(_child(Path(args.child), [a for a in args.actions.split(",") if a], args.measure, args.marks)))
        sys.stdout.flush()
        import os

        os._exit(0)  # skip freeing the report: not part of the measurement
    if args.summary:
        saved = json.loads(args.summary.read_text(encoding="utf-8"))
        print(render_summary(saved["families"], saved["settings"]["floor"]))
        return 0
    if args.tables:
        saved = json.loads(args.tables.read_text(encoding="utf-8"))
        for result in saved["families"]:
            rows = [Measured(**row) for row in result["sizes"]]
            print(render(FAMILIES[result["family"]], rows, result["verdicts"], saved["settings"]["floor"]))
            print()
        return 0
    if args.merge:
        merged = merge(args.merge)
        path = args.json or HERE / "out" / "growth.json"
        path.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
        print(render_summary(merged["families"], merged["settings"]["floor"]))
        print(f"\nmerged results written to {path}")
        return 0
    if args.list:
        for fam in FAMILIES.values():
            sizes = ", ".join(f"{s:,}" for s in fam.sizes) + (f" (--large: {fam.large:,})" if fam.large else "")
            print(f"{fam.name:<13} {sizes} {fam.unit}: {fam.what}")
        return 0
    chosen = [f.strip() for f in args.families.split(",") if f.strip()] or list(FAMILIES)
    unknown = [f for f in chosen if f not in FAMILIES]
    if unknown:
        parser.error(f"unknown families: {', '.join(unknown)} (known: {', '.join(FAMILIES)})")
    if args.cache_misses and not args.instructions:
        parser.error("--cache-misses counts with --instructions only")
    if args.repeat < (0 if args.instructions else 1):
        parser.error("--repeat must be at least 1 (or 0, with --instructions)")
    OUT.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc)
    results = []
    for name in chosen:
        fam = FAMILIES[name]
        if args.no_actions:
            fam = dataclasses.replace(fam, actions=())
        if args.sizes:
            sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
        else:
            sizes = list(fam.sizes) + ([fam.large] if args.large and fam.large else [])
        rows = measure(fam, sizes, args.repeat, args.timeout, args.calls, args.instructions, args.cache_misses)
        verdicts = judge(rows, args.floor, args.instruction_floor)
        print(render(fam, rows, verdicts, args.floor), flush=True)
        print(flush=True)
        results.append(
            {
                "family": name,
                "what": fam.what,
                "unit": fam.unit,
                "sizes": [vars(row) for row in rows],
                "verdicts": verdicts,
            }
        )
    above = _above_lines(results, args.timeout)
    limit = LINEAR * MAX_OVER_LINEAR
    print(render_summary(results, args.floor))
    print()
    judged_on = (
        f"instructions, judged where the phase executes at least {args.instruction_floor:g} at the larger size"
        if args.instructions
        else f"time, judged where the phase takes at least {args.floor:g} s at the larger size"
    )
    print(f"growth per 10x above {limit:g} (1.15 x linear), on {judged_on}: " + ("none" if not above else ""))
    for line in above:
        print(f"  {line}")
    from run import _environment

    result = {
        "started": started.isoformat(timespec="seconds"),
        "seconds": (datetime.datetime.now(datetime.timezone.utc) - started).total_seconds(),
        "settings": {
            "repeat": args.repeat,
            "floor": args.floor,
            "instruction_floor": args.instruction_floor,
            "timeout": args.timeout,
            "large": args.large,
            "clock": "cpu",
            "calls": args.calls,
            "instructions": args.instructions,
            "cache_misses": args.cache_misses,
            "actions": not args.no_actions,
            "simulated_caches": _second_level_as_last() if args.cache_misses else None,
            "hash_seed": 0,
            "limit_per_10x": limit,
        },
        "environment": _environment(),
        "families": results,
        "above": above,
    }
    path = args.json or HERE / "out" / "growth.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults written to {path}")
    return 1 if args.strict and above else 0


if __name__ == "__main__":
    sys.exit(main())
