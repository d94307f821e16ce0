"""Properties of the whole pipeline, each stated as a claim that Hypothesis tries to refute."""

from __future__ import annotations

import calendar
import datetime
import itertools
import math
import re
from collections import Counter
from pathlib import Path

import attrs
import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from causal.inputs.problems import Problem
from causal.language import ast
from causal.language.parser import parse
from causal.language.printer import format_case
from causal.pipeline import check_text
from causal.rules.findings import Finding, Severity
from tests.strategies import (
    NOWHERE,
    PRECISIONS,
    GeneratedCase,
    case_files,
    date_text,
    name_texts,
    number,
    rename,
    sensible_cases,
    text,
    word,
)

ROOT = Path(__file__).parent.parent
SLOW = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def empty_dir(tmp_path_factory) -> Path:
    # Documents named by generated cases are looked up here, and never found.
    return tmp_path_factory.mktemp("no-documents")


def check(case_text: str, base_dir: Path):
    return check_text(case_text, path="generated.cx", base_dir=base_dir)


# --- the parser never raises -------------------------------------------------------------------


def _valid_texts() -> list[str]:
    doc = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    texts = [re.search(r"```\n(case .*?)```", doc, flags=re.DOTALL).group(1)]
    texts.append(
        'case "All forms" analyst "A" date 2020-02-29 note "n"\n'
        'set weak-support reliability D credibility 4\n'
        'source s "S \\"quoted\\" \\u{41}" reliability B document "d.txt" via t\n'
        'source t "T"\n'
        'actor a "A"\n'
        'event e "E" by a at 2015-10..2016-02 allow temporal-order "x"\n'
        'event f "F" at ..2015-06\n'
        'event g "G" at 2016-02-15..\n'
        'claim c "C"\n'
        'evidence x from s credibility 2 quote "q" supports c, l\n'
        'link l: e, f -> c kind enables because x mechanism "m" feedback assumed "r" note "n"\n'
        'contradiction k: c vs g\n'
        'chain ch: e, f -> c -> g\n'
        'expect no chain-gap on chain ch\n'
        'expect unsupported-link on e -> c\n'
        'expect chain ch is weak\n'
    )
    syria = ROOT / "cases" / "syria.cx"
    if syria.exists():
        texts.append(syria.read_text(encoding="utf-8"))
    return texts


VALID_TEXTS = _valid_texts()


@st.composite
def mutated_cases(draw) -> str:
    """A valid case with random slices deleted, inserted (from anywhere or from itself) or duplicated."""
    result = draw(st.sampled_from(VALID_TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(result)))
        j = draw(st.integers(i, min(len(result), i + 40)))
        operation = draw(st.sampled_from(["delete", "insert", "duplicate", "splice"]))
        if operation == "delete":
            result = result[:i] + result[j:]
        elif operation == "insert":
            result = result[:i] + draw(st.text(max_size=10)) + result[i:]
        elif operation == "duplicate":
            result = result[:j] + result[i:j] + result[j:]
        else:
            k = draw(st.integers(0, len(result)))
            result = result[:k] + result[i:j] + result[k:]
    return result


any_text = st.one_of(
    st.text(),
    st.text(st.characters(exclude_categories=())),  # lone surrogates too
    # Case-like soup: the language's punctuation, digits and keywords.
    st.lists(st.sampled_from([*'"\\\n\r\t #:,.->0123456789abcu{}', "event ", "link ", "chain ", " at "])).map("".join),
    mutated_cases(),
    st.binary().map(lambda b: b.decode("utf-8", errors="replace")),
    st.binary().map(lambda b: b.decode("utf-8", errors="surrogateescape")),
    st.binary().map(lambda b: b.decode("latin-1")),
)


@pytest.mark.slow
@settings(SLOW, max_examples=300)
@given(any_text)
def test_parser_never_raises_on_any_text(empty_dir, source):
    case, problems = parse(source)
    assert case is None or isinstance(case, ast.CaseFile)
    assert all(isinstance(p, Problem) for p in problems)
    if case is None:
        assert any(p.rule == "syntax-error" for p in problems), problems
    report = check(source, empty_dir)
    assert all(isinstance(f, Finding) for f in report.findings)


# --- printing then parsing --------------------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(case_files)
def test_printing_then_parsing_gives_the_same_ast(case):
    printed = format_case(case)
    reparsed, findings = parse(printed)
    assert findings == [], (printed, findings)
    assert reparsed == case, printed


# --- findings do not depend on statement order or names ------------------------------------------


def _cycle_component_of(report) -> dict[str, frozenset[str]]:
    """For each event or claim, the strongly connected component it lies in (non-feedback links)."""
    graph = nx.DiGraph()
    model = report.model
    for indexes in model.links_by_effect.values():
        for index in indexes:
            link = model.links[index]
            if not link.feedback:
                graph.add_edges_from((cause.text, link.effect.text) for cause in link.causes)
    return {node: frozenset(component) for component in nx.strongly_connected_components(graph) for node in component}


def finding_keys(report, original_of: dict[str, str]) -> Counter:
    """What each finding says, in the original names; spans and messages aside.

    A group's order is not part of what it says. A causal cycle stands for the
    strongly connected component it was found in, since which of its loops is
    spelt out may depend on where the search starts.
    """
    component_of = _cycle_component_of(report)
    keys: Counter = Counter()
    for finding in report.findings:
        subject = finding.subject
        names: object = tuple(original_of.get(n, n) for n in subject.names)
        if finding.rule == "causal-cycle":
            names = frozenset(original_of.get(n, n) for n in component_of.get(subject.names[0], subject.names))
        elif subject.kind == "group":
            names = frozenset(names)
        label = original_of.get(subject.label, subject.label) if subject.label else None
        keys[(finding.rule, finding.severity, subject.kind, names, label)] += 1
    return keys


@pytest.mark.slow
@settings(SLOW, max_examples=150)
@given(st.data())
def test_findings_do_not_depend_on_statement_order_or_names(empty_dir, data):
    generated: GeneratedCase = data.draw(sensible_cases())
    before = check(format_case(generated.case), empty_dir)

    fresh = data.draw(
        st.lists(name_texts, min_size=len(generated.names), max_size=len(generated.names), unique=True)
    )
    new_name = dict(zip(generated.names, fresh))
    original_of = {new: old for old, new in new_name.items()}
    shuffled = data.draw(st.permutations(generated.case.statements))
    moved = rename(ast.CaseFile(tuple(shuffled)), new_name)
    after = check(format_case(moved), empty_dir)

    expected, found = finding_keys(before, {}), finding_keys(after, original_of)
    assert found == expected, (
        f"only before: {expected - found}\nonly after: {found - expected}\n"
        f"before:\n{before.text}\nafter reordering and renaming:\n{after.text}"
    )


# --- causal cycles ---------------------------------------------------------------------------------


@st.composite
def link_graphs(draw):
    """Events e0..eN and links between them, some joint, some marked `feedback`."""
    count = draw(st.integers(1, 7))
    nodes = [f"e{i}" for i in range(count)]
    links = []
    for _ in range(draw(st.integers(0, 10))):
        causes = draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=3, unique=True))
        effect = draw(st.sampled_from(nodes))
        links.append((tuple(causes), effect, draw(st.integers(0, 3)) == 0))
    return nodes, links


def _graph_case(nodes, links) -> str:
    statements = [ast.EventDecl(word(n), text(n), span=NOWHERE) for n in nodes]
    statements += [
        ast.LinkDecl(causes=tuple(map(word, causes)), effect=word(effect), feedback=feedback, span=NOWHERE)
        for causes, effect, feedback in links
    ]
    return format_case(ast.CaseFile(tuple(statements)))


def _is_cycle_through_all(graph: nx.DiGraph, names: tuple[str, ...]) -> bool:
    """Whether the names, in some order, form a simple cycle of the graph."""
    names = tuple(dict.fromkeys(names))
    first, *rest = names
    for order in itertools.chain([tuple(rest)], itertools.permutations(rest)):
        walk = (first, *order, first)
        if all(graph.has_edge(a, b) for a, b in zip(walk, walk[1:])):
            return True
    return False


@pytest.mark.slow
@settings(SLOW, max_examples=300)
@given(link_graphs())
def test_causal_cycle_is_reported_exactly_when_networkx_finds_a_cycle(empty_dir, graph_spec):
    nodes, links = graph_spec
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    for causes, effect, feedback in links:
        if not feedback:
            graph.add_edges_from((cause, effect) for cause in causes)

    report = check(_graph_case(nodes, links), empty_dir)
    cycles = [f for f in report.findings if f.rule == "causal-cycle"]

    assert bool(cycles) == (not nx.is_directed_acyclic_graph(graph)), report.findings
    for finding in cycles:
        assert finding.subject.kind == "group"
        assert _is_cycle_through_all(graph, finding.subject.names), finding
    # One finding per group of names caught in loops.
    looping = [
        c for c in nx.strongly_connected_components(graph) if len(c) > 1 or graph.has_edge(next(iter(c)), next(iter(c)))
    ]
    component_of = {node: frozenset(c) for c in looping for node in c}
    found_in = Counter(component_of[finding.subject.names[0]] for finding in cycles)
    assert set(found_in) == set(component_of.values())
    assert all(count == 1 for count in found_in.values()), cycles


# --- evidence removes unsupported-link -----------------------------------------------------------------

TARGET_LABEL = "target_link"  # outside the generated name pools


@pytest.mark.slow
@settings(SLOW, max_examples=100)
@given(st.data())
def test_adding_evidence_to_an_unsupported_link_removes_the_finding_and_adds_no_error(empty_dir, data):
    generated: GeneratedCase = data.draw(sensible_cases())
    cause = data.draw(st.sampled_from(generated.nodes))
    effect = data.draw(st.sampled_from(generated.nodes))
    link = ast.LinkDecl(causes=(word(cause),), effect=word(effect), label=word(TARGET_LABEL), span=NOWHERE)
    position = data.draw(st.integers(0, len(generated.case.statements)))
    statements = list(generated.case.statements)

    unsupported = [*statements[:position], link, *statements[position:]]
    before = check(format_case(ast.CaseFile(tuple(unsupported))), empty_dir)

    source = ast.SourceDecl(
        word("good_source"), text("A good source"), reliability=word(data.draw(st.sampled_from("AB"))), span=NOWHERE
    )
    evidence = ast.EvidenceDecl(
        word("good_evidence"),
        source=word("good_source"),
        credibility=number(data.draw(st.sampled_from([1, 2]))),
        quote=text("what the good source says"),
        span=NOWHERE,
    )
    supported_link = attrs.evolve(link, because=(word("good_evidence"),))
    supported = [*statements[:position], supported_link, *statements[position:], source, evidence]
    after = check(format_case(ast.CaseFile(tuple(supported))), empty_dir)

    def on_target(report):
        return [f for f in report.findings if f.rule == "unsupported-link" and f.subject.label == TARGET_LABEL]

    def errors(report):
        return Counter((f.rule, f.subject) for f in report.findings if f.severity is Severity.ERROR)

    assert on_target(before), before.findings
    assert not on_target(after), after.findings
    assert not errors(after) - errors(before), errors(after) - errors(before)


# --- temporal order ----------------------------------------------------------------------------------

def _first_day(day: datetime.date, precision: str) -> datetime.date:
    if precision == "year":
        return datetime.date(day.year, 1, 1)
    if precision == "month":
        return datetime.date(day.year, day.month, 1)
    return day


def _last_day(day: datetime.date, precision: str) -> datetime.date:
    if precision == "year":
        return datetime.date(day.year, 12, 31)
    if precision == "month":
        return datetime.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


# Near dates make the interesting cases (same day, neighbouring months); far
# ones reach the calendar's ends.
_near_days = st.dates(datetime.date(2015, 11, 1), datetime.date(2016, 3, 31))
_any_days = st.one_of(_near_days, st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)))


@st.composite
def written_times(draw):
    """A time as written and its interval: (text, earliest, latest), None for an open end."""
    form = draw(st.sampled_from(["point", "range", "from", "until"]))
    first, second = draw(_any_days), draw(_near_days if draw(st.booleans()) else _any_days)
    p, q = draw(st.sampled_from(PRECISIONS)), draw(st.sampled_from(PRECISIONS))
    if form == "point":
        return date_text(first, p), _first_day(first, p), _last_day(first, p)
    if form == "from":
        return f"{date_text(first, p)}..", _first_day(first, p), None
    if form == "until":
        return f"..{date_text(first, p)}", None, _last_day(first, p)
    start, end = sorted((first, second))
    return f"{date_text(start, p)}..{date_text(end, q)}", _first_day(start, p), _last_day(end, q)


def expected_severity(cause, effect) -> Severity | None:
    """The documented definitions, with open ends at minus and plus infinity."""
    _, cause_earliest, cause_latest = cause
    _, effect_earliest, effect_latest = effect
    if cause_earliest is not None and effect_latest is not None and cause_earliest > effect_latest:
        return Severity.ERROR  # certainly after
    if cause_latest is None or effect_earliest is None or cause_latest > effect_earliest:
        return Severity.WARNING  # may come after
    return None


@pytest.mark.slow
@settings(SLOW, max_examples=300)
@given(written_times(), written_times())
def test_temporal_order_agrees_with_interval_arithmetic(empty_dir, cause, effect):
    source = (
        f'event cause "The cause" at {cause[0]}\n'
        f'event effect "The effect" at {effect[0]}\n'
        'link cause -> effect assumed "under test"\n'
    )
    report = check(source, empty_dir)
    assert not [f for f in report.findings if f.rule == "invalid-value"], report.findings
    found = [f for f in report.findings if f.rule == "temporal-order"]
    expected = expected_severity(cause, effect)
    assert [f.severity for f in found] == ([expected] if expected else []), (source, found)
    for finding in found:
        assert finding.subject.names == ("cause", "effect")


def expected_severity_of_readings(cause, cause_keyword, effect, effect_keyword) -> Severity | None:
    """The documented table: compare when each side may have begun; a state (`during`) begins on its first day."""

    def beginning(time, keyword):
        _, earliest, latest = time
        first = -math.inf if earliest is None else earliest.toordinal()
        if keyword == "during":
            return first, first
        return first, math.inf if latest is None else latest.toordinal()

    (cause_earliest, cause_latest), (effect_earliest, effect_latest) = (
        beginning(cause, cause_keyword),
        beginning(effect, effect_keyword),
    )
    if cause_earliest > effect_latest:
        return Severity.ERROR
    if cause_latest > effect_earliest:
        return Severity.WARNING
    return None


_keywords = st.sampled_from(["at", "during"])


@pytest.mark.slow
@settings(SLOW, max_examples=300)
@given(written_times(), _keywords, written_times(), _keywords)
def test_temporal_order_of_states_and_instants_follows_the_table(empty_dir, cause, cause_kw, effect, effect_kw):
    source = (
        f'claim cause "The cause" {cause_kw} {cause[0]}\n'
        f'event effect "The effect" {effect_kw} {effect[0]}\n'
        'link cause -> effect assumed "under test"\n'
    )
    report = check(source, empty_dir)
    found = [f for f in report.findings if f.rule == "temporal-order"]
    expected = expected_severity_of_readings(cause, cause_kw, effect, effect_kw)
    assert [f.severity for f in found] == ([expected] if expected else []), (source, found)
