"""Properties of the verdicts: what adding, renaming or reordering statements may and may not change.

Each property builds random cases (random Admiralty grades A-F and 1-6,
supports, rebuts, undermines, undercuts, contradictions, `via` carriers, loops
included), changes them in one way, and states in its name what the change can
never do. The cases are kept as statements with their names apart from their
text (`Statement`), so that a case can be renamed or shuffled and written out
again.

Every property was checked against a deliberate mutation of the code it tests:

- weaker attacker: `defeats=mine >= theirs` -> `mine <= theirs` (or `True`) in labels.weigh_attacks;
- renaming: a contradiction's sides compared by name (`left[0] < right[0]`) in labels._direct_attacks;
- reordering: the first item of a reporting group instead of its best (`value(group[0])`) in strength.accrue;
- independent support: `doubt *= 1.0 - max(...)` -> `doubt = ...` (the last group wins) in strength.accrue;
- one more carrier: the best reliability on the path instead of the weakest (`max`) in
  Model.deciding_reliability;
- defeat graph: `rejected` for "in no extension" instead of "attacked by every extension", or the
  sceptical and credulous readings swapped, in labels.label_case.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Sequence

import pytest
from attrs import frozen
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from causal.analysis.case_analysis import CaseAnalysis
from causal.analysis.chains import assess_chains
from causal.analysis.confidence import evidence_confidence, item_confidence, link_confidence
from causal.analysis.labels import Label, argument_kinds
from causal.analysis.strength import Strengths
from causal.argumentation import Semantics
from causal.model.case_model import CAUSAL_NODE_KINDS
from causal.model.grades import DEFAULT_GRADE_CONFIDENCE as TABLE
from causal.pipeline import check_text
from tests.test_af_semantics import Oracle

# python-argumentation is a test-only dependency (the `test` extra).
if importlib.util.find_spec("py_arg") is None:
    peer_extensions = None
else:
    from tests.test_af_peer import peer_extensions

GRADES = "ABCDEF"
CREDIBILITIES = range(1, 7)
TOLERANCE = 1e-9
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


# --- random cases --------------------------------------------------------------------------


@frozen
class Statement:
    """One line of a case: a format string whose `{0}`, `{1}`... are the names it uses (declared or referred to)."""

    template: str
    names: tuple[str, ...]

    def render(self, rename: Callable[[str], str]) -> str:
        return self.template.format(*(rename(name) for name in self.names))


def _listed(names: Sequence[str], start: int) -> str:
    """`{start}, {start+1}, ...` for a clause naming ``names``."""
    return ", ".join(f"{{{start + k}}}" for k in range(len(names)))


def _clauses(clauses: Sequence[tuple[str, Sequence[str]]], start: int) -> tuple[str, tuple[str, ...]]:
    text, names = "", []
    for keyword, targets in clauses:
        if targets:
            text += f" {keyword} {_listed(targets, start + len(names))}"
            names.extend(targets)
    return text, tuple(names)


@frozen
class Case:
    statements: tuple[Statement, ...]
    declared: tuple[str, ...]  # every declared name, for renaming

    def text(self, rename: Callable[[str], str] = lambda name: name, order: Sequence[int] | None = None) -> str:
        statements = self.statements if order is None else [self.statements[k] for k in order]
        return "\n".join(statement.render(rename) for statement in statements) + "\n"

    def plus(self, *statements: Statement, declared: Sequence[str] = ()) -> Case:
        return Case((*self.statements, *statements), (*self.declared, *declared))

    def replaced(self, index: int, statement: Statement) -> Case:
        statements = list(self.statements)
        statements[index] = statement
        return Case(tuple(statements), self.declared)


def source_statement(name: str, grade: str | None, via: Sequence[str] = ()) -> Statement:
    grade_clause = f" reliability {grade}" if grade else ""
    via_clause = f" via {_listed(via, 1)}" if via else ""
    return Statement(f'source {{0}} "S"{grade_clause}{via_clause}', (name, *via))


def evidence_statement(
    name: str,
    source: str,
    credibility: int | None,
    supports: Sequence[str] = (),
    rebuts: Sequence[str] = (),
    undermines: Sequence[str] = (),
    undercuts: Sequence[str] = (),
) -> Statement:
    grade = f" credibility {credibility}" if credibility else ""
    clauses, names = _clauses(
        [("supports", supports), ("rebuts", rebuts), ("undermines", undermines), ("undercuts", undercuts)], 2
    )
    return Statement(f"evidence {{0}} from {{1}}{grade}{clauses}", (name, source, *names))


@st.composite
def cases(draw, most_sources: int = 3, most_nodes: int = 4, most_evidence: int = 5, most_links: int = 3) -> Case:
    """A random case: sources with grades and `via` carriers (loops allowed), events, claims that attack,
    graded evidence that supports and attacks, links (labelled or not, some assumed, some `prevents`),
    contradictions and chains."""
    sources = [f"s{k}" for k in range(draw(st.integers(1, most_sources)))]
    node_count = draw(st.integers(1, most_nodes))
    event_count = draw(st.integers(1, node_count))
    events = [f"x{k}" for k in range(event_count)]
    claims = [f"c{k}" for k in range(node_count - event_count)]
    nodes = events + claims
    evidence = [f"e{k}" for k in range(draw(st.integers(0, most_evidence)))]

    links: list[tuple[str | None, tuple[str, ...], str]] = []
    taken: set[tuple[tuple[str, ...], str]] = set()
    for k in range(draw(st.integers(0, most_links))):
        effect = draw(st.sampled_from(nodes))
        causes = tuple(draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=2, unique=True)))
        labelled = draw(st.booleans())
        if not labelled and (causes, effect) in taken:  # a repeated unlabelled link gets `@LINE`: keep ids stable
            labelled = True
        taken.add((causes, effect))
        links.append((f"l{k}" if labelled else None, causes, effect))
    labels = [label for label, _, _ in links if label is not None]

    def some(pool: Sequence[str], most: int = 2) -> list[str]:
        return draw(st.lists(st.sampled_from(pool), max_size=most, unique=True)) if pool else []

    statements: list[Statement] = []
    for name in sources:
        grade = draw(st.sampled_from([None, *GRADES]))
        statements.append(source_statement(name, grade, some([s for s in sources if s != name], 2)))
    for name in events:
        statements.append(Statement(f'event {{0}} "X" at {draw(st.integers(2010, 2020))}', (name,)))
    for name in claims:
        clauses, names = _clauses(
            [("rebuts", some(nodes)), ("undermines", some(evidence + sources, 1)), ("undercuts", some(labels, 1))], 1
        )
        statements.append(Statement(f'claim {{0}} "C"{clauses}', (name, *names)))
    for name in evidence:
        statements.append(
            evidence_statement(
                name,
                draw(st.sampled_from(sources)),
                draw(st.sampled_from([None, *CREDIBILITIES])),
                supports=some(nodes + labels, 2),
                rebuts=some(nodes, 1),
                undermines=some([e for e in evidence if e != name] + sources, 1),
                undercuts=some(labels, 1),
            )
        )
    for label, causes, effect in links:
        head = "link {0}: " if label else "link "
        names = (label,) if label else ()
        start = len(names)
        because = some(evidence, 2)
        text = f"{head}{_listed(causes, start)} -> {{{start + len(causes)}}}"
        if draw(st.integers(0, 4)) == 0:
            text += " kind prevents"
        clauses, cited = _clauses([("because", because)], start + len(causes) + 1)
        text += clauses
        if draw(st.integers(0, 3)) == 0:
            text += ' assumed "A"'
        statements.append(Statement(text, (*names, *causes, effect, *cited)))
    sides = nodes + labels
    for k in range(draw(st.integers(0, 2))):
        left, right = draw(st.sampled_from(sides)), draw(st.sampled_from(sides))
        if left != right:
            statements.append(Statement("contradiction {0}: {1} vs {2}", (f"k{k}", left, right)))
    if len(nodes) >= 2 and draw(st.booleans()):
        steps = draw(st.lists(st.sampled_from(nodes), min_size=2, max_size=4, unique=True))
        statements.append(Statement("chain {0}: " + " -> ".join(f"{{{k + 1}}}" for k in range(len(steps))), ("ch", *steps)))
    declared = (*sources, *nodes, *evidence, *labels, *(s.names[0] for s in statements if s.template.startswith("contradiction")))
    if any(s.template.startswith("chain") for s in statements):
        declared = (*declared, "ch")
    return Case(tuple(statements), declared)


# --- analysing and reading a case ------------------------------------------------------------


def analysed(text: str, **overrides: str) -> CaseAnalysis:
    report = check_text(text, path="case.cx", overrides=overrides or None)
    assert report.analysis is not None, [f.message for f in report.findings]
    return report.analysis


def label_map(analysis: CaseAnalysis) -> dict[str, Label]:
    return analysis.labels.all_labels(analysis.model)


def strength_map(analysis: CaseAnalysis) -> dict[str, float]:
    strengths = Strengths(analysis.model)
    return {item: strengths.of(item) for item in argument_kinds(analysis.model)}


def confidence_map(analysis: CaseAnalysis) -> dict[str, float]:
    """Every evidence item's, event's, claim's and link's confidence, by argument id."""
    model = analysis.model
    found = {name: evidence_confidence(analysis, item) for name, item in model.evidence.items()}
    for name in (*model.events, *model.claims):
        found[name] = item_confidence(analysis, name)
    for index in range(len(model.links)):
        found[model.link_id_of(index)] = link_confidence(analysis, index)
    return found


def untouched(analysis: CaseAnalysis) -> set[str]:
    """The items no attack touches: neither the item nor any item of its support is the target of an attack
    (one that defeats or not). Their confidence is their support's grades alone."""
    model = analysis.model
    targets = {attack.target for attack in analysis.labels.attacks}
    found = {name for name in model.evidence if name not in targets}
    for name in (*model.events, *model.claims):
        if name not in targets and all(item.name.text not in targets for item in model.evidence_for.get(name, ())):
            found.add(name)
    for index in range(len(model.links)):
        identity = model.link_id_of(index)
        if identity not in targets and all(item.name.text not in targets for item in model.link_support[index]):
            found.add(identity)
    return found


def chain_map(analysis: CaseAnalysis) -> dict[str, tuple]:
    return {
        verdict.name: (
            verdict.verdict,
            verdict.confidence,
            verdict.weakest.text if verdict.weakest else None,
            frozenset(verdict.weak_nodes),
        )
        for verdict in assess_chains(analysis)
    }


# --- 1. a weaker attacker never rejects its target ---------------------------------------------------


@st.composite
def weaker_attacks(draw):
    """A case, a semantics, and a new evidence item (from a new source or an existing one) that attacks an item
    T that is not rejected and is strictly stronger than the attacker: it rebuts T (an event or claim) or
    undermines it (evidence)."""
    case = draw(cases())
    semantics = draw(st.sampled_from(["grounded", "preferred"]))
    before = analysed(case.text(), semantics=semantics)
    model = before.model
    strengths = Strengths(model)
    credibility = draw(st.sampled_from([3, 4, 5, 6]))
    if draw(st.booleans()):
        grade = draw(st.sampled_from(GRADES))
        source, added = "weak_src", [source_statement("weak_src", grade)]
        mine = TABLE[f"{grade}{credibility}"]
    else:
        source, added = draw(st.sampled_from(sorted(model.sources))), []
        mine = min(TABLE[f"{grade}{credibility}"] for grade in model.reporting.path_grades[source])
    labels = label_map(before)
    candidates = [
        name
        for name, label in labels.items()
        if model.kind_of(name) in {"event", "claim", "evidence"} and label is not Label.REJECTED and strengths.of(name) > mine
    ]
    assume(candidates)
    target = draw(st.sampled_from(candidates))
    clause = {"rebuts": [target]} if model.kind_of(target) in CAUSAL_NODE_KINDS else {"undermines": [target]}
    attacker = evidence_statement("weak_attack", source, credibility, **clause)
    after_case = case.plus(*added, attacker)
    after = analysed(after_case.text(), semantics=semantics)
    assert Strengths(after.model).of("weak_attack") == pytest.approx(mine, abs=TOLERANCE)
    return before, after, target, semantics


@pytest.mark.slow
@settings(max_examples=60, **SETTINGS)
@given(weaker_attacks())
def test_adding_an_attack_from_a_weaker_item_never_rejects_its_target(drawn):
    before, after, target, semantics = drawn
    assert after.labels.label(target) is not Label.REJECTED, (target, semantics, after.labels.attackers_of(target))


@pytest.mark.slow
@settings(max_examples=40, **SETTINGS)
@given(weaker_attacks())
def test_adding_an_attack_from_a_weaker_item_changes_no_label_in_the_defeat_graph(drawn):
    """Stronger: the weaker attacker defeats nothing, so no item's label in the defeat graph moves (it is a new
    leaf). The status may still move from unsupported to accepted: a rebuttal of the effect of a `prevents` link
    is support for the prevention (model._support_preventions), so only the defeat-graph labels are compared."""
    before, after, _target, _semantics = drawn
    labels = after.labels.all_dung_labels(after.model)
    expected = before.labels.all_dung_labels(before.model)
    assert {name: labels[name] for name in expected} == expected


# --- 2. names and order are not evidence ------------------------------------------------------------------


NAME_TOKEN = re.compile(r"[A-Za-z_]\w*")


def renamed_back(found: dict[str, object], inverse: dict[str, str]) -> dict[str, object]:
    """Keys renamed back, link ids (`a&b->c`) included."""
    return {NAME_TOKEN.sub(lambda m: inverse.get(m.group(), m.group()), key): value for key, value in found.items()}


@pytest.mark.slow
@settings(max_examples=50, **SETTINGS)
@given(
    cases(),
    st.sampled_from(["grounded", "preferred", "stable"]),
    st.sampled_from(["strength", "none"]),
    st.sampled_from(["n", "zz_", "A_"]),
    st.randoms(use_true_random=False),
)
def test_renaming_items_never_changes_labels(case, semantics, preferences, prefix, random):
    """A bijection of all declared names onto fresh names (shuffled, so that name order changes too)."""
    numbers = list(range(len(case.declared)))
    random.shuffle(numbers)
    forward = {name: f"{prefix}{number}" for name, number in zip(case.declared, numbers)}
    inverse = {new: old for old, new in forward.items()}
    before = analysed(case.text(), semantics=semantics, preferences=preferences)
    after = analysed(case.text(lambda name: forward.get(name, name)), semantics=semantics, preferences=preferences)
    assert renamed_back(label_map(after), inverse) == label_map(before)
    back = renamed_back(confidence_map(after), inverse)
    assert back == pytest.approx(confidence_map(before), abs=TOLERANCE)


@pytest.mark.slow
@settings(max_examples=60, **SETTINGS)
@given(
    cases(),
    st.sampled_from(["grounded", "preferred", "stable"]),
    st.sampled_from(["strength", "none"]),
    st.randoms(use_true_random=False),
)
def test_reordering_statements_never_changes_labels(case, semantics, preferences, random):
    """Declarations may come in any order: the labels, the confidences (to 1e-9) and the chain verdicts stay."""
    order = list(range(len(case.statements)))
    random.shuffle(order)
    before = analysed(case.text(), semantics=semantics, preferences=preferences)
    after = analysed(case.text(order=order), semantics=semantics, preferences=preferences)
    assert label_map(after) == label_map(before)
    assert strength_map(after) == pytest.approx(strength_map(before), abs=TOLERANCE)
    assert confidence_map(after) == pytest.approx(confidence_map(before), abs=TOLERANCE)
    chains_before, chains_after = chain_map(before), chain_map(after)
    assert chains_after.keys() == chains_before.keys()
    for name, (verdict, confidence, weakest, weak_nodes) in chains_before.items():
        assert chains_after[name][0] == verdict
        assert chains_after[name][1] == pytest.approx(confidence, abs=TOLERANCE)
        assert chains_after[name][2:] == (weakest, weak_nodes)


# --- 3. independent support never weakens ----------------------------------------------------------------


@st.composite
def added_support(draw, preferences: Sequence[str] = ("strength",)):
    """A case, and the same case with one more evidence item from a brand-new source (its own outlet, no `via`)
    that supports an event, a claim or a labelled link."""
    case = draw(cases())
    semantics = draw(st.sampled_from(["grounded", "complete", "preferred"]))
    preference = draw(st.sampled_from(preferences))
    before = analysed(case.text(), semantics=semantics, preferences=preference)
    model = before.model
    supportable = sorted(name for name in model.declarations if model.kind_of(name) in {"event", "claim", "link"})
    target = draw(st.sampled_from(supportable))
    grade, credibility = draw(st.sampled_from(GRADES)), draw(st.sampled_from(CREDIBILITIES))
    after_case = case.plus(
        source_statement("fresh_src", grade), evidence_statement("fresh_report", "fresh_src", credibility, supports=[target])
    )
    after = analysed(after_case.text(), semantics=semantics, preferences=preference)
    return before, after, target


@pytest.mark.slow
@settings(max_examples=50, **SETTINGS)
@given(added_support())
def test_adding_an_independent_supporting_report_never_lowers_a_strength(drawn):
    """Not the supported item's (its own strength can only accrue), nor any other item's: strength reads grades only."""
    before, after, _target = drawn
    found = strength_map(after)
    for item, strength in strength_map(before).items():
        assert found[item] >= strength - TOLERANCE, item


@pytest.mark.slow
@settings(max_examples=50, **SETTINGS)
@given(added_support())
def test_adding_an_independent_supporting_report_never_lowers_the_confidence_of_an_item_no_attack_touches(drawn):
    """Under preferences, the supported item grows stronger and may now defeat others, so an attacked item may lose:
    only items that no attack touches (nor their support) are claimed, under semantics that always have an extension."""
    before, after, _target = drawn
    found = confidence_map(after)
    for item in untouched(before) & untouched(after):
        assert found[item] >= confidence_map(before)[item] - TOLERANCE, item


@pytest.mark.slow
@settings(max_examples=40, **SETTINGS)
@given(added_support(preferences=("none",)))
def test_without_preferences_adding_an_independent_supporting_report_never_lowers_any_confidence(drawn):
    """With `set preferences none` support is out of the defeat graph entirely, so every confidence can only rise."""
    before, after, _target = drawn
    found = confidence_map(after)
    for item, confidence in confidence_map(before).items():
        assert found[item] >= confidence - TOLERANCE, item


ODD_CYCLE = """
source a "A" reliability A
source b "B" reliability A
source f "F" reliability F
claim y "Y" rebuts w
claim w "W" rebuts v
claim v "V" rebuts y
evidence ey from f credibility 1 supports y
evidence ew from a credibility 1 supports w
evidence ev from b credibility 1 supports v
"""


def test_adding_support_can_lower_the_supported_items_own_confidence_through_an_odd_cycle():
    """Why the properties above claim strengths and untouched items only. y (0.6) fails to rebut w (0.8), w
    defeats v, so v's rebuttal of y is out and y is accepted. An independent A6 report lifts y to 0.8, its
    rebuttal of w now succeeds, and y -> w -> v -> y is an odd cycle of defeats: all three undecided, and y's
    confidence falls from 0.6 to 0.4 although its strength rose."""
    fresh = 'source fresh "Fresh" reliability A\nevidence more from fresh credibility 6 supports y\n'
    before, after = analysed(ODD_CYCLE), analysed(ODD_CYCLE + fresh)
    assert strength_map(after)["y"] > strength_map(before)["y"]
    assert (before.labels.label("y"), after.labels.label("y")) == (Label.ACCEPTED, Label.UNDECIDED)
    assert confidence_map(before)["y"] == pytest.approx(0.6)
    assert confidence_map(after)["y"] == pytest.approx(0.4)


ASSUMED_LINK = """
source wire "A wire service" reliability A
event x0 "X" at 2015
event x1 "Y" at 2016
evidence seen0 from wire credibility 2 supports x0
evidence seen1 from wire credibility 2 supports x1
link l0: x0 -> x1 assumed "the analyst's reading"
"""
WEAK_REPORT = """
source rumour "A rumour mill" reliability E
evidence hearsay from rumour credibility 5 supports l0
"""


def test_adding_a_weak_report_to_an_assumed_link_never_lowers_its_confidence():
    """The analyst's `assumed` judgement is a floor: an E5 report (0.05) added to an assumed link (0.3) does not
    replace it (a property test found that it did)."""
    before, after = analysed(ASSUMED_LINK), analysed(ASSUMED_LINK + WEAK_REPORT)
    assert strength_map(after)["l0"] >= strength_map(before)["l0"]
    assert confidence_map(after)["l0"] >= confidence_map(before)["l0"]


# --- 4. one more carrier never helps -------------------------------------------------------------


@st.composite
def added_carrier(draw, preferences: Sequence[str] = ("strength",)):
    """A case, and the same case with one more `via` carrier on an existing source: a new source, or an existing
    one (so loops may appear)."""
    case = draw(cases())
    semantics = draw(st.sampled_from(["grounded", "complete", "preferred"]))
    preference = draw(st.sampled_from(preferences))
    before = analysed(case.text(), semantics=semantics, preferences=preference)
    sources = sorted(before.model.sources)
    speaker = draw(st.sampled_from(sources))
    index = next(k for k, s in enumerate(case.statements) if s.template.startswith("source") and s.names[0] == speaker)
    statement = case.statements[index]
    via = list(statement.names[1:])
    grade_match = re.search(r"reliability ([A-F])", statement.template)
    grade = grade_match.group(1) if grade_match else None
    if draw(st.booleans()):
        carrier, added = "new_carrier", [source_statement("new_carrier", draw(st.sampled_from([None, *GRADES])))]
    else:
        carrier, added = draw(st.sampled_from(sources)), []
    assume(carrier not in via)
    after_case = case.replaced(index, source_statement(speaker, grade, [*via, carrier])).plus(*added)
    after = analysed(after_case.text(), semantics=semantics, preferences=preference)
    return before, after


def _never_higher(before: dict[str, float], after: dict[str, float], items) -> None:
    for item in items:
        assert after[item] <= before[item] + TOLERANCE, item


@pytest.mark.slow
@settings(max_examples=50, **SETTINGS)
@given(added_carrier())
def test_adding_a_carrier_to_an_existing_speaker_never_raises_a_strength(drawn):
    """A longer reporting path has no better weakest link and shares more sources: no strength rises."""
    before, after = drawn
    strengths = strength_map(before)
    _never_higher(strengths, strength_map(after), strengths)


@pytest.mark.slow
@settings(max_examples=50, **SETTINGS)
@given(added_carrier())
def test_adding_a_carrier_to_an_existing_speaker_never_raises_the_confidence_of_an_item_no_attack_touches(drawn):
    """Evidence, events, claims and links that no attack touches (nor their support), before and after."""
    before, after = drawn
    _never_higher(confidence_map(before), confidence_map(after), untouched(before) & untouched(after))


@pytest.mark.slow
@settings(max_examples=40, **SETTINGS)
@given(added_carrier(preferences=("none",)))
def test_without_preferences_adding_a_new_carrier_never_raises_any_confidence(drawn):
    """With `set preferences none`, a carrier that nothing attacks leaves the defeat graph as it was
    (an existing carrier may be undermined, and its attacks then reach the speaker's evidence: only
    fresh carriers are claimed here)."""
    before, after = drawn
    assume("new_carrier" in after.model.sources)
    confidences = confidence_map(before)
    _never_higher(confidences, confidence_map(after), confidences)


# --- 5. the labels are those of the defeat graph --------------------------------------------------


SEMANTICS = {"grounded": Semantics.GR, "complete": Semantics.CO, "preferred": Semantics.PR, "stable": Semantics.ST}
# The brute-force oracle enumerates every subset of the arguments: keep the cases small.
MOST_ARGUMENTS = 11
small_cases = cases(most_sources=2, most_nodes=3, most_evidence=3, most_links=2)


def defeat_graph(analysis: CaseAnalysis) -> tuple[list[str], set[tuple[int, int]]]:
    """Every argument id of the case, and the defeats (attacks that succeed) between them, from the attacks."""
    names = list(argument_kinds(analysis.model))
    index = {name: k for k, name in enumerate(names)}
    defeats = {(index[a.attacker], index[a.target]) for a in analysis.labels.attacks if a.defeats}
    return names, defeats


def expected_label(found: list[tuple[int, ...]], defeats: set[tuple[int, int]], argument: int, acceptance: str) -> Label:
    if not found:
        return Label.UNDECIDED
    inside = [argument in extension for extension in found]
    if all(inside) if acceptance == "sceptical" else any(inside):
        return Label.ACCEPTED
    if all(any((a, argument) in defeats for a in extension) for extension in found):
        return Label.REJECTED
    return Label.UNDECIDED


def check_against(analysis: CaseAnalysis, solve: Callable[[int, set, Semantics], list], semantics: str, acceptance: str):
    names, defeats = defeat_graph(analysis)
    assume(len(names) <= MOST_ARGUMENTS)
    found = solve(len(names), defeats, SEMANTICS[semantics])
    for k, name in enumerate(names):
        assert analysis.labels.dung_label(name) is expected_label(found, defeats, k, acceptance), (name, found)


def brute_force(count: int, defeats: set, semantics: Semantics) -> list:
    return Oracle(count, defeats).extensions(semantics)


@pytest.mark.slow
@pytest.mark.parametrize("oracle", ["brute-force", "python-argumentation"])
@settings(max_examples=60, **SETTINGS)
@given(
    small_cases,
    st.sampled_from(list(SEMANTICS)),
    st.sampled_from(["sceptical", "credulous"]),
    st.sampled_from(["strength", "none"]),
)
def test_defeat_graph_labels_agree_with_the_brute_force_oracle_and_the_peer(oracle, case, semantics, acceptance, preferences):
    solve = brute_force if oracle == "brute-force" else peer_extensions
    if solve is None:
        pytest.skip("python-argumentation (the test extra) is not installed")
    analysis = analysed(case.text(), semantics=semantics, acceptance=acceptance, preferences=preferences)
    check_against(analysis, solve, semantics, acceptance)
