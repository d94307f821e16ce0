"""Hypothesis strategies for case files: random ASTs, and random cases that make sense.

The token patterns and keywords are read from the grammar itself, so the
strategies follow the language when it changes.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

import attrs
from hypothesis import strategies as st

from causal.inputs.spans import Span
from causal.language import ast
from causal.language.parser import grammar_text
from causal.language.printer import format_case

# Generated nodes have no place in a text; spans are excluded from equality anyway.
NOWHERE = Span(1, 1, 1, 1)

_GRAMMAR = grammar_text()
KEYWORDS = frozenset(re.findall(r'^[A-Z_]+:\s*"([a-z-]+)"', _GRAMMAR, flags=re.MULTILINE))
NAME_PATTERN = re.compile(re.search(r"^NAME:\s*/(.*)/\s*$", _GRAMMAR, flags=re.MULTILINE).group(1))
DATE_PATTERN = re.compile(re.search(r"^DATE(?:\.\d+)?:\s*/(.*)/\s*$", _GRAMMAR, flags=re.MULTILINE).group(1))

RELIABILITY_GRADES = "ABCDEF"
LINK_KINDS = ("causes", "enables", "prevents", "triggers", "motivates")
VERDICTS = ("supported", "weak", "broken")


def word(text: str) -> ast.Word:
    return ast.Word.at(text, NOWHERE)


def text(value: str) -> ast.Text:
    return ast.Text.at(value, NOWHERE)


def number(value: int) -> ast.Number:
    return ast.Number.at(value, NOWHERE)


# --- tokens ------------------------------------------------------------------------

# Unicode names as the grammar defines them (letters, digits, `_`, inner hyphens;
# not starting with a digit), keywords excluded.
_unicode_names = st.from_regex(r"[^\W\d]\w{0,7}(?:-\w{1,4}){0,2}", fullmatch=True)
_ascii_names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,7}(?:-[A-Za-z0-9_]{1,4}){0,1}", fullmatch=True)
# Only names already in their normal form (NFKC): the parser normalises names, so `ª` would read as `a`.
name_texts = st.one_of(_ascii_names, _unicode_names).filter(
    lambda s: NAME_PATTERN.fullmatch(s) is not None
    and s not in KEYWORDS
    and unicodedata.normalize("NFKC", s) == s
)
names = name_texts.map(word)

# Strings full of what needs escaping: quotes, backslashes, line breaks, control
# characters, things that look like escapes, and any Unicode but lone surrogates.
_string_pieces = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=6),
    st.sampled_from(['"', "\\", "\n", "\r", "\t", "\x00", "\x7f", "\u2028", "\u00a0", "\u200d", "#", "\\u{41}",
                     "\\u0041", '\\"', "\\n", "->", "é", "\U0001f600", "\u0301"]),
)
string_values = st.lists(_string_pieces, max_size=5).map("".join)
texts = string_values.map(text)

# Dates that exist, at every precision; `days` spans the whole calendar Python knows.
days = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))
PRECISIONS = ("year", "month", "day")


def date_text(day: datetime.date, precision: str) -> str:
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


@st.composite
def date_words(draw, within: st.SearchStrategy[datetime.date] = days) -> str:
    return date_text(draw(within), draw(st.sampled_from(PRECISIONS)))


@st.composite
def times(draw, within: st.SearchStrategy[datetime.date] = days) -> ast.Time:
    """A time in each written form: `a`, `a..b`, `a..`, `..b` (ranges in order), `at` or `during`."""
    form = draw(st.sampled_from(["point", "range", "from", "until"]))
    state = draw(st.booleans())  # `during`: a state; `at`: an instant
    first = draw(within)
    if form == "point":
        return ast.Time(word(draw(date_words(st.just(first)))), None, False, NOWHERE, state=state)
    if form == "from":
        return ast.Time(word(draw(date_words(st.just(first)))), None, True, NOWHERE, state=state)
    if form == "until":
        return ast.Time(None, word(draw(date_words(st.just(first)))), True, NOWHERE, state=state)
    second = draw(within)
    early, late = sorted((first, second))
    start, end = word(draw(date_words(st.just(early)))), word(draw(date_words(st.just(late))))
    return ast.Time(start, end, True, NOWHERE, state=state)


def _optional(strategy):
    return st.none() | strategy


def _name_tuple(min_size: int = 1, max_size: int = 3):
    return st.lists(names, min_size=min_size, max_size=max_size).map(tuple)


rule_words = st.one_of(names, st.just(word("contradiction")), st.sampled_from(["unsupported-link", "chain-gap"]).map(word))
allows = st.lists(st.builds(ast.Allow, rule_words, texts, st.just(NOWHERE)), max_size=2).map(tuple)
grades = st.one_of(st.sampled_from(RELIABILITY_GRADES), name_texts).map(word)
numbers = st.integers(min_value=0, max_value=10**6).map(number)


def _statement(cls, **fields):
    return st.builds(cls, **fields, note=_optional(texts), allows=allows, span=st.just(NOWHERE))


def _declaration(cls, **fields):
    """A statement that may carry `added`, the mark of an analyst's addition."""
    return _statement(cls, **fields, added=_optional(texts))


PROCESS_TEST_KINDS = ["hoop", "smoking-gun", "straw-in-the-wind", "doubly-decisive"]
process_tests = st.builds(
    ast.ProcessTest,
    st.sampled_from(PROCESS_TEST_KINDS).map(word),
    names,
    st.sampled_from(["passed", "failed"]).map(word),
    st.just(NOWHERE),
)
decimals = st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False, allow_infinity=False).map(
    lambda d: ast.Number.at(float(d), NOWHERE)
).filter(lambda n: re.fullmatch(r"\d+\.\d+", repr(n.value)) is not None)
# Priors and likelihoods: any number the grammar spells, with a sign, so 0 and negative values
# (reported as invalid-value, never refused by the printer) round-trip too.
signed_numbers = st.tuples(st.booleans(), st.one_of(numbers, decimals)).map(
    lambda pair: ast.Number.at(-pair[1].value, NOWHERE) if pair[0] and pair[1].value else pair[1]
)
likelihoods = st.builds(ast.Likelihood, names, signed_numbers, st.just(NOWHERE))
setting_values = st.lists(st.one_of(names, numbers, decimals), max_size=3).map(tuple)


# --- random ASTs: every statement form, every field ----------------------------------------

statements = st.one_of(
    _statement(
        ast.CaseHeader,
        title=texts,
        analyst=_optional(texts),
        date=_optional(date_words().map(word)),
    ),
    _declaration(
        ast.SourceDecl,
        name=names,
        title=texts,
        reliability=_optional(grades),
        document=_optional(texts),
        via=_name_tuple(0),
    ),
    _declaration(ast.ActorDecl, name=names, title=texts),
    _declaration(ast.EventDecl, name=names, title=texts, actors=_name_tuple(0), time=_optional(times())),
    _declaration(
        ast.ClaimDecl,
        name=names,
        title=texts,
        actors=_name_tuple(0),
        time=_optional(times()),
        rebuts=_name_tuple(0),
        undercuts=_name_tuple(0),
        undermines=_name_tuple(0),
    ),
    _declaration(
        ast.EvidenceDecl,
        name=names,
        # `from` is required: without it the parser reports misplaced-clause.
        source=names,
        credibility=_optional(numbers),
        quote=_optional(texts),
        supports=_name_tuple(0),
        rebuts=_name_tuple(0),
        undercuts=_name_tuple(0),
        undermines=_name_tuple(0),
        consistent=_name_tuple(0),
        inconsistent=_name_tuple(0),
        neutral=_name_tuple(0),
        tests=st.lists(process_tests, max_size=2).map(tuple),
        likelihoods=st.lists(likelihoods, max_size=3).map(tuple),
    ),
    _declaration(
        ast.LinkDecl,
        causes=_name_tuple(),
        effect=names,
        label=_optional(names),
        kind=_optional(st.one_of(st.sampled_from(LINK_KINDS).map(word), names)),
        because=_name_tuple(0),
        mechanism=_optional(texts),
        feedback=st.booleans(),
        assumed=_optional(texts),
    ),
    _declaration(ast.ContradictionDecl, name=names, left=names, right=names),
    _declaration(ast.ChainDecl, name=names, steps=st.lists(_name_tuple(), min_size=2, max_size=5).map(tuple)),
    _declaration(
        ast.HypothesisDecl,
        name=names,
        title=texts,
        outcome=names,
        argued_by=_name_tuple(0),
        compatible=_name_tuple(0),
        prior=_optional(signed_numbers),
    ),
    _statement(
        ast.FindingExpectation,
        rule=rule_words,
        negated=st.booleans(),
        target=_optional(
            st.one_of(
                st.builds(ast.NameTarget, names, st.just(NOWHERE)),
                st.builds(ast.ChainTarget, names, st.just(NOWHERE)),
                st.builds(ast.LinkTarget, _name_tuple(), names, st.just(NOWHERE)),
            )
        ),
    ),
    _statement(
        ast.VerdictExpectation,
        chain=names,
        verdict=st.one_of(st.sampled_from(VERDICTS).map(word), names),
    ),
    _statement(
        ast.Setting,
        rule=rule_words,
        values=setting_values,
        reliability=_optional(grades),
        credibility=_optional(numbers),
    ),
)

case_files = st.lists(statements, max_size=12).map(lambda s: ast.CaseFile(tuple(s)))


# --- random cases that make sense -----------------------------------------------------------


@attrs.frozen
class GeneratedCase:
    """A case whose names come from a known pool, so tests can rename and inspect them."""

    case: ast.CaseFile
    names: tuple[str, ...]  # every name the case declares or mentions
    nodes: tuple[str, ...]  # the events and claims


# Names here never collide with grades, kinds, dates or rule names, so a test
# may rename them by replacing every word with that text.
def _pool(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{i}" for i in range(count)]


@st.composite
def sensible_cases(draw, timed_within: st.SearchStrategy[datetime.date] | None = None) -> GeneratedCase:
    """Sources (with `via`), actors, events with times, claims, evidence, links
    (joint, labelled, feedback, assumed), chains, contradictions, and hypotheses
    with evidence consistent or inconsistent with them and tests of them; names are
    unique, references mostly resolve, now and then to the wrong kind or nowhere.
    """
    within = timed_within or st.dates(datetime.date(2014, 1, 1), datetime.date(2017, 12, 31))
    sources = _pool("src", draw(st.integers(1, 4)))
    actors = _pool("act", draw(st.integers(0, 3)))
    events = _pool("ev", draw(st.integers(1, 6)))
    claims = _pool("cl", draw(st.integers(0, 3)))
    evidence = _pool("evd", draw(st.integers(0, 5)))
    link_count = draw(st.integers(0, 8))
    labels = _pool("lnk", link_count)
    chains = _pool("chn", draw(st.integers(0, 2)))
    contradictions = _pool("ctr", draw(st.integers(0, 2)))
    hypotheses = _pool("hyp", draw(st.integers(0, 3)))
    ghosts = _pool("ghost", 2)
    nodes = events + claims
    everything = sources + actors + nodes + evidence + labels + chains + contradictions + hypotheses

    def pick(pool: list[str]) -> ast.Word:
        # One reference in ten goes astray: to any name, or to an undeclared one.
        if draw(st.integers(0, 9)) == 0 or not pool:
            return word(draw(st.sampled_from(everything + ghosts)))
        return word(draw(st.sampled_from(pool)))

    def some(pool: list[str], min_size: int = 0, max_size: int = 3) -> tuple[ast.Word, ...]:
        count = draw(st.integers(min_size, max_size))
        return tuple(dict.fromkeys(pick(pool) for _ in range(count)))

    result: list[ast.Statement] = []
    for name in sources:
        others = [s for s in sources if s != name]
        result.append(
            ast.SourceDecl(
                word(name),
                text(f"source {name}"),
                reliability=draw(_optional(st.sampled_from(RELIABILITY_GRADES).map(word))),
                via=some(others, max_size=2) if others and draw(st.integers(0, 2)) == 0 else (),
                span=NOWHERE,
            )
        )
    result.extend(ast.ActorDecl(word(name), text(f"actor {name}"), span=NOWHERE) for name in actors)
    for name in events:
        result.append(
            ast.EventDecl(
                word(name),
                text(f"event {name}"),
                actors=some(actors, max_size=2) if actors else (),
                time=draw(_optional(times(within))),
                span=NOWHERE,
            )
        )
    for name in claims:
        actors_of_claim = some(actors, max_size=2) if actors else ()
        time = draw(_optional(times(within)))
        result.append(
            ast.ClaimDecl(word(name), text(f"claim {name}"), actors=actors_of_claim, time=time, span=NOWHERE)
        )
    for name in evidence:
        result.append(
            ast.EvidenceDecl(
                word(name),
                source=pick(sources),
                credibility=draw(_optional(st.integers(1, 6).map(number))),
                supports=some(nodes + labels),
                consistent=some(hypotheses, max_size=2) if hypotheses else (),
                inconsistent=some(hypotheses, max_size=2) if hypotheses else (),
                neutral=some(hypotheses, max_size=1) if hypotheses else (),
                tests=tuple(
                    ast.ProcessTest(word(kind), pick(hypotheses), word(result), NOWHERE)
                    for kind, result in draw(
                        st.lists(st.tuples(st.sampled_from(PROCESS_TEST_KINDS), st.sampled_from(["passed", "failed"])), max_size=2)
                    )
                )
                if hypotheses
                else (),
                span=NOWHERE,
            )
        )
    for label in labels:
        assumed = draw(st.integers(0, 4)) == 0
        result.append(
            ast.LinkDecl(
                causes=some(nodes, min_size=1, max_size=3),
                effect=pick(nodes),
                label=word(label) if draw(st.booleans()) else None,
                kind=draw(_optional(st.sampled_from(LINK_KINDS).map(word))),
                because=some(evidence) if evidence else (),
                feedback=draw(st.integers(0, 4)) == 0,
                assumed=text("the analyst accepts it") if assumed else None,
                span=NOWHERE,
            )
        )
    for name in chains:
        steps = tuple(some(nodes, min_size=1, max_size=2) for _ in range(draw(st.integers(2, 4))))
        result.append(ast.ChainDecl(word(name), steps, span=NOWHERE))
    for name in contradictions:
        result.append(ast.ContradictionDecl(word(name), pick(nodes), pick(nodes), span=NOWHERE))
    # Competing hypotheses of a few outcomes, some argued by a chain, some the analyst's additions.
    outcomes = draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=2, unique=True))
    for name in hypotheses:
        result.append(
            ast.HypothesisDecl(
                word(name),
                text(f"hypothesis {name}"),
                pick(outcomes),
                argued_by=(pick(chains),) if chains and draw(st.booleans()) else (),
                added=text("the analyst adds it") if draw(st.integers(0, 3)) == 0 else None,
                span=NOWHERE,
            )
        )
    # Unlabelled links do not declare their pool name; keep only names that occur.
    used = {w.text for w in iter_words(ast.CaseFile(tuple(result)))}
    mentioned = tuple(n for n in everything + ghosts if n in used)
    return GeneratedCase(ast.CaseFile(tuple(result)), mentioned, tuple(nodes))


def iter_words(node):
    """Every Word in an AST, depth first."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Word):
            yield current
        elif isinstance(current, tuple):
            stack.extend(reversed(current))
        elif attrs.has(type(current)):
            stack.extend(reversed([getattr(current, f.name) for f in attrs.fields(type(current))]))


def rename(node, mapping: dict[str, str]):
    """A copy of an AST with every Word whose text is in ``mapping`` renamed."""
    if isinstance(node, ast.Word):
        return attrs.evolve(node, text=mapping.get(node.text, node.text))
    if isinstance(node, tuple):
        return tuple(rename(item, mapping) for item in node)
    if attrs.has(type(node)):
        changes = {}
        for f in attrs.fields(type(node)):
            value = getattr(node, f.name)
            if isinstance(value, (ast.Word, tuple)) or attrs.has(type(value)):
                if f.name != "span":
                    changes[f.name.lstrip("_")] = rename(value, mapping)
        return attrs.evolve(node, **changes)
    return node


# --- case texts with white space and comments wherever the grammar allows them -------------

# The tokens of a printed case: strings, `->`, `..`, `,`, `:`, and runs of anything else (keywords,
# names, dates, numbers with their sign); the printer writes white space between the rest.
_PRINTED_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|->|\.\.|[,:]|[^\s,:."]+(?:\.\d+)?')
# Anything a comment may hold, trailing white space and `#` included; line ends are what end it.
comment_bodies = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\n\r"), max_size=10)
_WHITE_SPACE = st.sampled_from([" ", "  ", "\t", "\n", "\n\n", "\n\n\n", "\n  ", "  \n \t\n", "\f\n", "\n    "])


@st.composite
def _gap(draw, needs_space: bool) -> str:
    """What goes between two tokens: white space, and now and then comments, at a line's end or on their own."""
    if needs_space:
        parts = [draw(_WHITE_SPACE)]
    else:
        parts = [draw(st.sampled_from(["", "", " ", "\n"]))]
    for _ in range(draw(st.sampled_from([0, 0, 0, 0, 1, 1, 2]))):
        parts.append("#" + draw(comment_bodies) + "\n")
        parts.append(draw(st.sampled_from(["", "  ", "\n", "\n\n", "\n  "])))
    return "".join(parts)


@st.composite
def commented_texts(draw) -> str:
    """A case's text (with `\\n` line ends) whose every gap between tokens, before the first and after the
    last, holds white space and maybe comments: between statements, at the ends of lines, between and
    inside clauses and statement heads, at the start and at the end of the file."""
    printed = format_case(draw(case_files))
    tokens = [(match.start(), match.end()) for match in _PRINTED_TOKEN.finditer(printed)]
    pieces = [draw(_gap(needs_space=False))]
    for number, (start, end) in enumerate(tokens):
        pieces.append(printed[start:end])
        following = tokens[number + 1][0] if number + 1 < len(tokens) else None
        pieces.append(draw(_gap(needs_space=following is not None and following > end)))
    text = "".join(pieces)
    if text.endswith("\n") and draw(st.booleans()):
        text = text[:-1]  # a file may end without a line end, even in a comment
    return text


def comments_in(text: str) -> list[str]:
    """The comments of case text, found without the parser: `#` to the end of the line, outside strings."""
    return [found for found in re.findall(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*', text) if found.startswith("#")]
