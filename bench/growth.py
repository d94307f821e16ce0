#!/usr/bin/env python3
"""Growth benchmark: how each phase and rule family of `causal` grows on cases built to stress it.

    python bench/growth.py                         # every family at its default sizes, best of 3
    python bench/growth.py --families quotes,hub --repeat 1
    python bench/growth.py --large                 # also 100n where the family allows it
    python bench/growth.py --list                  # the families and what each builds

Each *family* writes synthetic cases of one shape (many rebuttals, a deep `via`
relay, a 15 MB document with missing quotes, ...) at sizes n and 10n (and 100n
with --large). Every run is a fresh Python process that checks the case with
the phase timers of bench/run.py (parser, value checks, model, each rule family
in the registry's phases, labels, chains, the settling steps), then runs
the family's extra actions (text, JSON, DOT and Mermaid reports, `explain` of
one item, the ACH report, APX export), each timed as a phase of its own. The
best of --repeat runs counts, phase by phase, on process CPU time.

For each phase the table gives its time at each size and its growth per 10x,
`(t2/t1) ** (1 / log10(n2/n1))`, where 10 is linear. A growth above
1.15 x linear (11.5 per 10x) is marked `!`; a phase that takes less than
--floor seconds (default 0.02) at the larger size is shown but not judged, in
parentheses. Results go to bench/out/growth.json. See bench/README.md.
"""

from __future__ import annotations

import argparse
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
DEFAULT_TIMEOUT = 300.0

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
    setting="semantics preferred",
)
def _preferred(n):
    lines = ["set semantics preferred", *_sources(2)]
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


def _child(path: Path, actions: list[str], count_calls: bool = False) -> dict:
    """Check the case with bench/run.py's phase timers, then time each action; return the phases' CPU times.

    With ``count_calls`` the "clock" counts Python and C function calls instead (sys.setprofile):
    the work each phase does, which the processor's caches do not change.
    """
    from run import TINY_CASE, _install_phase_timers

    from causal.inputs.case_files import read_case
    from causal.pipeline import check_text

    check_text(TINY_CASE, "<warm-up>", path.parent)
    clock = time.process_time
    if count_calls:
        calls = [0]

        def count(frame, event, arg):
            if event == "call" or event == "c_call":
                calls[0] += 1

        def calls_so_far():
            return float(calls[0])

        clock = calls_so_far
        sys.setprofile(count)
    phases = _install_phase_timers(clock)
    started = time.process_time()
    start = clock()
    text, error = read_case(path)
    if error is not None:
        raise SystemExit(f"cannot read {path}: {error.message}")
    report = check_text(text, str(path), path.parent)
    check_seconds = clock() - start
    timed = {k: v for k, v in phases.items() if not k.startswith("gc in ")}
    timed["other"] = max(0.0, check_seconds - sum(timed.values()))
    timed["check (total)"] = check_seconds
    # `causal check` pauses the cyclic garbage collector while it checks; the first collection
    # after it scans everything the check made. Timed apart, so the reports' times are their own.
    began = clock()
    gc.collect()
    timed["gc after check"] = clock() - began
    for action in actions:
        began = clock()
        _act(action, report)
        timed[f"render.{action.split(':')[0]}"] = clock() - began
    sys.setprofile(None)
    by_rule: dict[str, int] = {}
    for finding in report.findings:
        by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
    return {"phases": timed, "findings": by_rule, "cpu": time.process_time() - started}


def _act(action: str, report) -> str:
    if action == "text":
        from causal.report.text import render_text

        return render_text([report])
    if action == "json":
        from causal.report.json_report import render_json

        return render_json([report])
    if action == "dot":
        from causal.report.dot import render_dot

        return render_dot(report)
    if action == "mermaid":
        from causal.report.mermaid import render_mermaid

        return render_mermaid(report)
    if action.startswith("explain:"):
        from causal.analysis.explain import explain_tree
        from causal.report.tree import render_tree

        return render_tree(explain_tree(report.analysis, report.chains, action.split(":", 1)[1]))
    if action in ("ach-text", "ach-json"):
        from causal.analysis.ach import analyse
        from causal.report.ach_json import render_ach_json
        from causal.report.ach_text import render_ach_text

        analysis = analyse(report.analysis)
        return render_ach_text(analysis) if action == "ach-text" else render_ach_json(report.path, analysis)
    if action == "export":
        from causal.analysis.labels import full_framework
        from causal.argumentation import WRITERS

        return WRITERS["apx"](full_framework(report.analysis))
    raise SystemExit(f"unknown action {action}")


def _run_child(path: Path, actions: list[str], timeout: float, count_calls: bool = False) -> dict | None:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(path), "--actions", ",".join(actions)]
    if count_calls:
        command.append("--count-calls")
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise SystemExit(f"benchmark child failed on {path}:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


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
    phases: dict[str, float] = field(default_factory=dict)  # best of the runs, phase by phase
    findings: dict[str, int] = field(default_factory=dict)
    timed_out: bool = False
    calls: dict[str, float] = field(default_factory=dict)  # function calls per phase (--calls)


def measure(fam: Family, sizes: list[int], repeat: int, timeout: float, count_calls: bool = False) -> list[Measured]:
    rows = []
    for size in sizes:
        path, actions = _write_case(fam, size)
        row = Measured(size, sum(f.stat().st_size for f in path.parent.iterdir() if f.is_file()))
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
            counted = _run_child(path, actions, timeout * 20, count_calls=True)
            row.calls = counted["phases"] if counted is not None else {}
        rows.append(row)
        if row.timed_out:
            break  # a larger size would only take longer
    return rows


def judge(rows: list[Measured], floor: float) -> list[dict]:
    """Every phase's growth between successive sizes: value, whether judged, whether above the limit."""
    verdicts = []
    for small, large in zip(rows, rows[1:]):
        if large.timed_out:
            continue
        for phase in large.phases:
            t1, t2 = small.phases.get(phase, 0.0), large.phases[phase]
            growth = growth_per_10x((small.size, t1), (large.size, t2))
            judged = growth is not None and t2 >= floor
            calls = growth_per_10x((small.size, small.calls.get(phase, 0)), (large.size, large.calls.get(phase, 0)))
            verdicts.append(
                {
                    "phase": phase,
                    "from": small.size,
                    "to": large.size,
                    "seconds": [t1, t2],
                    "growth": growth,
                    "judged": judged,
                    "above": judged and growth > LINEAR * MAX_OVER_LINEAR,
                    "calls_growth": calls,
                }
            )
    return verdicts


def render(fam: Family, rows: list[Measured], verdicts: list[dict], floor: float) -> str:
    sizes = [row.size for row in rows]
    phases = [p for p in rows[0].phases]
    for row in rows[1:]:
        phases += [p for p in row.phases if p not in phases]
    by = {(v["phase"], v["to"]): v for v in verdicts}

    def shown(phase):
        largest = max(row.phases.get(phase, 0.0) for row in rows)
        return largest >= 0.001 or any(by.get((phase, row.size), {}).get("above") for row in rows)

    counted = any(row.calls for row in rows)
    header = ["phase", *(f"{size:,} s" for size in sizes), *(f"growth {a:,}->{b:,}" for a, b in zip(sizes, sizes[1:]))]
    if counted:
        header += [f"calls {a:,}->{b:,}" for a, b in zip(sizes, sizes[1:])]
    table = []
    for phase in sorted((p for p in phases if shown(p)), key=lambda p: (p != "check (total)", p)):
        cells = [phase]
        for row in rows:
            cells.append("timeout" if row.timed_out else f"{row.phases.get(phase, 0.0):.3f}")
        for row in rows[1:]:
            verdict = by.get((phase, row.size))
            if verdict is None or verdict["growth"] is None:
                cells.append("-")
            elif not verdict["judged"]:
                cells.append(f"({verdict['growth']:.1f})")
            else:
                cells.append(f"{verdict['growth']:.1f}" + (" !" if verdict["above"] else ""))
        if counted:
            for row in rows[1:]:
                verdict = by.get((phase, row.size))
                growth = verdict.get("calls_growth") if verdict else None
                cells.append("-" if growth is None else f"{growth:.1f}")
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
    """One line per family: the check's time at each size and its growth, the phases whose time grows
    above the limit (with their calls' growth), and the phases whose work (calls) grows above it."""
    limit = LINEAR * MAX_OVER_LINEAR
    header = ("family", "sizes", "check s", "growth", "calls above 11.5")
    table = []
    for family_result in results:
        rows = family_result["sizes"]
        verdicts = family_result["verdicts"]
        sizes = " -> ".join(f"{row['size']:,}" for row in rows)
        times = " -> ".join(
            "timeout" if row["timed_out"] else f"{row['phases'].get('check (total)', 0.0):.3f}" for row in rows
        )
        total = [v for v in verdicts if v["phase"] == "check (total)" and v["growth"] is not None]
        growth = ", ".join(f"{v['growth']:.1f}" for v in total) or "-"

        def said(verdict, value):
            calls = verdict.get("calls_growth")
            return f"{verdict['phase']} {value:.1f}" + (
                f"/{calls:.1f}" if calls is not None and value is not calls else ""
            )

        above = [said(v, v["growth"]) for v in verdicts if v["above"] and v["phase"] != "check (total)"]
        if any(row["timed_out"] for row in rows):
            above.append("timed out")
        working = [
            f"{v['phase']} {v['calls_growth']:.1f}"
            for v in verdicts
            if v["judged"]
            and v.get("calls_growth") is not None
            and v["calls_growth"] > limit
            and v["phase"] not in ("check (total)", "other")
        ]
        counted = any(v.get("calls_growth") is not None for v in verdicts)
        table.append(
            ((family_result["family"], sizes, times, growth, (", ".join(working) or "none") if counted else "-"), above)
        )
    widths = [max(len(h), *(len(r[i]) for r, _ in table)) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    for cells, above in table:
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip())
        line = "    time above 11.5 (time/calls):" if counted else "    time above 11.5:"
        for entry in above:  # whole entries per line
            if len(line) + len(entry) + 2 > 110:
                lines.append(line + ",")
                line = "     "
            line += (" " if line.endswith(":") or line.isspace() else ", ") + entry
        if above:
            lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Growth of every phase and rule family (see bench/README.md).")
    parser.add_argument("--families", default="", help="comma-separated families (default: all; --list names them)")
    parser.add_argument("--sizes", default="", help="sizes for every chosen family instead of its own (1k, 10k ...)")
    parser.add_argument("--large", action="store_true", help="also measure 100n where the family allows it")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per size; the best counts, phase by phase (default 3)"
    )
    parser.add_argument(
        "--floor",
        type=float,
        default=DEFAULT_FLOOR,
        help="a phase faster than this (seconds) at the larger size is shown, not judged (default 0.02)",
    )
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds before a run is stopped (default 300)"
    )
    parser.add_argument("--json", type=Path, default=None, help="where the results go (default bench/out/growth.json)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a judged growth is above the limit")
    parser.add_argument(
        "--calls",
        action="store_true",
        help="one more run per size counting each phase's function calls: its growth is the work's, "
        "without the caches' effect on time",
    )
    parser.add_argument("--list", action="store_true", help="list the families and exit")
    parser.add_argument(
        "--summary", type=Path, metavar="JSON", help="print the one-line-per-family summary of a results file and exit"
    )
    parser.add_argument(
        "--tables", type=Path, metavar="JSON", help="print every family's table of a results file and exit"
    )
    parser.add_argument("--child", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--actions", default="", help=argparse.SUPPRESS)
    parser.add_argument("--count-calls", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(_child(Path(args.child), [a for a in args.actions.split(",") if a], args.count_calls)))
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
    if args.list:
        for fam in FAMILIES.values():
            sizes = ", ".join(f"{s:,}" for s in fam.sizes) + (f" (--large: {fam.large:,})" if fam.large else "")
            print(f"{fam.name:<13} {sizes} {fam.unit}: {fam.what}")
        return 0
    chosen = [f.strip() for f in args.families.split(",") if f.strip()] or list(FAMILIES)
    unknown = [f for f in chosen if f not in FAMILIES]
    if unknown:
        parser.error(f"unknown families: {', '.join(unknown)} (known: {', '.join(FAMILIES)})")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    OUT.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc)
    results, above = [], []
    for name in chosen:
        fam = FAMILIES[name]
        if args.sizes:
            sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
        else:
            sizes = list(fam.sizes) + ([fam.large] if args.large and fam.large else [])
        rows = measure(fam, sizes, args.repeat, args.timeout, args.calls)
        verdicts = judge(rows, args.floor)
        print(render(fam, rows, verdicts, args.floor), flush=True)
        print(flush=True)
        above += [
            f"{name}: {v['phase']} {v['growth']:.1f} ({v['from']:,}->{v['to']:,})" for v in verdicts if v["above"]
        ]
        above += [f"{name}: timed out at {row.size:,} (--timeout {args.timeout:g})" for row in rows if row.timed_out]
        results.append(
            {
                "family": name,
                "what": fam.what,
                "unit": fam.unit,
                "sizes": [vars(row) for row in rows],
                "verdicts": verdicts,
            }
        )
    limit = LINEAR * MAX_OVER_LINEAR
    print(render_summary(results, args.floor))
    print()
    print(
        f"growth per 10x above {limit:g} (1.15 x linear), judged where the phase takes at least {args.floor:g} s "
        f"at the larger size: " + ("none" if not above else "")
    )
    for line in above:
        print(f"  {line}")
    from run import _environment

    result = {
        "started": started.isoformat(timespec="seconds"),
        "seconds": (datetime.datetime.now(datetime.timezone.utc) - started).total_seconds(),
        "settings": {
            "repeat": args.repeat,
            "floor": args.floor,
            "large": args.large,
            "clock": "cpu",
            "calls": args.calls,
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
