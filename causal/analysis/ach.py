"""Analysis of Competing Hypotheses (Heuer) and process-tracing tests (Van Evera), per outcome.

Pure computation over the model; nothing here prints. Definitions
(docs/language.md, "Competing hypotheses and process tracing"):

- **The matrix.** For each outcome that a `hypothesis` explains, the columns
  are the outcome's hypotheses (in file order) and the rows are the evidence
  items that bear on any of them (in file order). A cell is consistent (C),
  inconsistent (I) or neutral (N, the default). `consistent-with H` and
  `inconsistent-with H` set the cell; when an item says neither about H, its
  process-tracing tests do: a passed test of H counts as C, a failed one as I,
  and a passed doubly-decisive test of a rival of H as I (it eliminates H).
  An item that says both C and I about H (in its explicit clauses, or, with
  none, in its tests) is a contradiction (rule `conflicting-marks`) and counts
  as I, the cautious reading.
- **Weights.** A row weighs its evidence's confidence (causal.analysis.confidence): the
  source's reliability weight along `via` times the credibility weight, times
  0 for rejected evidence and `undecided-weight` for undecided evidence.
- **Scores.** A hypothesis's inconsistency score is the sum of the weights of
  the rows inconsistent with it (Heuer, *Psychology of Intelligence
  Analysis*, ch. 8, step 5: only disconfirming evidence counts). The least
  inconsistent hypothesis ranks first; equal scores (to 9 decimals) are
  ordered by name. The unweighted count of I cells (rejected rows left out)
  and the weighted sum of C cells are reported for information only.
- **Process tracing.** Each test of a hypothesis H by evidence that is not
  rejected has an effect on H: hoop failed eliminates H, hoop passed lets it
  survive (slightly strengthened); smoking-gun passed confirms H, smoking-gun
  failed slightly weakens it; straw-in-the-wind slightly strengthens or
  weakens it; doubly-decisive passed confirms H and eliminates every rival
  hypothesis of the same outcome, doubly-decisive failed eliminates H. A test
  by rejected evidence is listed but does not count.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from attrs import frozen

from causal import ast
from causal.analysis.labels import Label
from causal.analysis.confidence import evidence_confidence
from causal.analysis import CaseAnalysis

CONSISTENT, INCONSISTENT, NEUTRAL = "C", "I", "N"

# Process-tracing test results, as written (the kinds are ast.TEST_KINDS).
PASSED, FAILED = ast.TEST_RESULTS

# Effects of a test on a hypothesis.
ELIMINATED = "eliminated"
CONFIRMED = "confirmed"
SURVIVES = "survives"  # passed a hoop test: slightly strengthened
STRENGTHENED = "strengthened"  # slightly
WEAKENED = "weakened"  # slightly, not eliminated

# (kind, result) -> the effect on the hypothesis tested.
EFFECTS = {
    ("hoop", PASSED): SURVIVES,
    ("hoop", FAILED): ELIMINATED,
    ("smoking-gun", PASSED): CONFIRMED,
    ("smoking-gun", FAILED): WEAKENED,
    ("straw-in-the-wind", PASSED): STRENGTHENED,
    ("straw-in-the-wind", FAILED): WEAKENED,
    ("doubly-decisive", PASSED): CONFIRMED,
    ("doubly-decisive", FAILED): ELIMINATED,
}
# A passed doubly-decisive test of a hypothesis eliminates its rivals.
RIVAL_EFFECTS = {("doubly-decisive", PASSED): ELIMINATED}

# Process-tracing verdicts on a hypothesis, from the tests that count.
VERDICT_CONFLICT = "conflict"  # both confirmed and eliminated
VERDICT_ELIMINATED = ELIMINATED
VERDICT_CONFIRMED = CONFIRMED
VERDICT_STANDING = "standing"  # tested, nothing decisive
VERDICT_NONE = "none"  # no test that counts

# Scores equal to this many decimals are ties.
TIE_DECIMALS = 9


@frozen
class Cell:
    """One evidence item's bearing on one hypothesis.

    ``basis`` is ``stated`` (`consistent-with` / `inconsistent-with`), ``test``
    (read from its process-tracing tests) or None (neutral); ``conflicting``
    when the item says both C and I about the hypothesis.
    """

    mark: str
    basis: str | None = None
    conflicting: bool = False


@frozen
class Row:
    """One evidence item of the matrix: its weight, label and a cell per hypothesis (column order)."""

    evidence: str
    weight: float
    label: str  # accepted | rejected | undecided
    cells: tuple[Cell, ...]
    line: int

    @property
    def counts(self) -> bool:
        """Whether the item counts at all: rejected evidence does not."""
        return self.label != Label.REJECTED.value


@frozen
class TestEffect:
    """A process-tracing test bearing on a hypothesis, and what it does to it.

    ``hypothesis`` is the hypothesis the test is of: another hypothesis when
    ``rival`` (a rival's passed doubly-decisive test eliminates this one).
    """

    evidence: str
    kind: str
    result: str
    hypothesis: str
    effect: str
    counts: bool
    label: str
    line: int
    rival: bool = False


@frozen
class HypothesisResult:
    name: str
    title: str
    outcome: str
    added: str | None  # the analyst's reason, for a hypothesis the text does not make
    argued_by: str | None  # the chain that argues it
    inconsistency: float  # Heuer's score: the weights of the evidence inconsistent with it, summed
    inconsistent_count: int  # I cells from evidence that is not rejected
    consistency: float  # the weights of the evidence consistent with it, summed (for information)
    consistent_count: int  # C cells from evidence that is not rejected
    rank: int  # 1 = least inconsistent; ties ordered by name
    tied: bool  # another hypothesis of the outcome has the same score
    tests: tuple[TestEffect, ...]
    verdict: str  # process tracing: eliminated, confirmed, conflict, standing or none
    line: int

    @property
    def eliminated(self) -> bool:
        return any(t.counts and t.effect == ELIMINATED for t in self.tests)

    @property
    def confirmed(self) -> bool:
        return any(t.counts and t.effect == CONFIRMED for t in self.tests)

    @property
    def tested(self) -> bool:
        """Whether evidence that counts bears on it, in the matrix or by a test."""
        return self.inconsistent_count > 0 or self.consistent_count > 0 or any(t.counts for t in self.tests)

    def score_key(self) -> float:
        return round(self.inconsistency, TIE_DECIMALS)


@frozen
class OutcomeAnalysis:
    """The matrix and the verdicts for one outcome."""

    outcome: str
    hypotheses: tuple[HypothesisResult, ...]  # the columns, in file order
    rows: tuple[Row, ...]  # in file order

    @property
    def ranking(self) -> tuple[HypothesisResult, ...]:
        return tuple(sorted(self.hypotheses, key=lambda h: h.rank))

    def hypothesis(self, name: str) -> HypothesisResult:
        return next(h for h in self.hypotheses if h.name == name)

    def cell(self, evidence: str, hypothesis: str) -> Cell:
        column = [h.name for h in self.hypotheses].index(hypothesis)
        row = next(r for r in self.rows if r.evidence == evidence)
        return row.cells[column]


@frozen
class Analysis:
    outcomes: tuple[OutcomeAnalysis, ...]  # in the order their first hypothesis is declared

    def outcome(self, name: str) -> OutcomeAnalysis:
        return next(o for o in self.outcomes if o.outcome == name)

    def hypothesis(self, name: str) -> HypothesisResult:
        return next(h for o in self.outcomes for h in o.hypotheses if h.name == name)


def analyse(analysis: CaseAnalysis) -> Analysis:
    """The ACH matrix and process-tracing verdicts of every outcome in the case (made once per
    analysis: the rules, the JSON report and `causal ach` all read it)."""
    if analysis.ach is None:
        analysis.ach = _analyse(analysis)
    return analysis.ach


def _analyse(analysis: CaseAnalysis) -> Analysis:
    model = analysis.model
    by_outcome: dict[str, list[ast.HypothesisDecl]] = {}
    for declaration in model.hypotheses.values():
        by_outcome.setdefault(declaration.outcome.text, []).append(declaration)
    if not by_outcome:
        return Analysis(())
    # Each item goes to the outcomes whose hypotheses it names, in one pass over the evidence.
    outcome_of = {name: declaration.outcome.text for name, declaration in model.hypotheses.items()}
    bearing: dict[str, list[ast.EvidenceDecl]] = {outcome: [] for outcome in by_outcome}
    for item in model.evidence.values():
        if not (item.consistent or item.inconsistent or item.tests):
            continue
        named = [word.text for word in (*item.consistent, *item.inconsistent)]
        named += [test.hypothesis.text for test in item.tests]
        for outcome in dict.fromkeys(outcome_of[name] for name in named if name in outcome_of):
            bearing[outcome].append(item)
    return Analysis(
        tuple(_analyse_outcome(analysis, outcome, decls, bearing[outcome]) for outcome, decls in by_outcome.items())
    )


def bearing_words(
    item: ast.EvidenceDecl, hypothesis: str, rivals: Iterable[str] = ()
) -> tuple[str | None, list[tuple[str, ast.Word]]]:
    """What sets the cell of ``item`` for ``hypothesis``: the basis and its (mark, word) pairs.

    The stated marks when there are any (basis ``stated``); else the tests of
    the hypothesis, passed counting as C and failed as I, and a passed
    doubly-decisive test of one of its ``rivals`` as I (basis ``test``); else
    nothing (None, neutral). Each word is where the item says it.
    """
    stated = [(CONSISTENT, word) for word in item.consistent if word.text == hypothesis]
    stated += [(INCONSISTENT, word) for word in item.inconsistent if word.text == hypothesis]
    if stated:
        return "stated", stated
    rival_names = rivals if isinstance(rivals, (set, frozenset)) else set(rivals)
    tested = []
    for test in item.tests:
        if test.hypothesis.text == hypothesis:
            tested.append((CONSISTENT if test.result.text == PASSED else INCONSISTENT, test.hypothesis))
        elif test.hypothesis.text in rival_names and (test.kind.text, test.result.text) in RIVAL_EFFECTS:
            tested.append((INCONSISTENT, test.hypothesis))
    return ("test", tested) if tested else (None, [])


def marks_of(item: ast.EvidenceDecl, hypothesis: str, rivals: Iterable[str] = ()) -> Cell:
    """The cell of ``item`` for ``hypothesis``, whose rival hypotheses of the same outcome are ``rivals``."""
    basis, marks = bearing_words(item, hypothesis, rivals)
    if basis is None:
        return Cell(NEUTRAL)
    return _cell({mark for mark, _word in marks}, basis)


def _cell(marks: set[str], basis: str) -> Cell:
    if len(marks) > 1:
        return Cell(INCONSISTENT, basis, conflicting=True)
    (mark,) = marks
    return Cell(mark, basis)


def _label(analysis: CaseAnalysis, item: ast.EvidenceDecl) -> str:
    return analysis.labels.label(item.name.text).value


def _analyse_outcome(
    analysis: CaseAnalysis, outcome: str, declarations: list[ast.HypothesisDecl], bearing: Iterable[ast.EvidenceDecl]
) -> OutcomeAnalysis:
    names = [declaration.name.text for declaration in declarations]
    columns = set(names)
    rows: list[Row] = []
    effects: dict[str, list[TestEffect]] = {name: [] for name in names}
    for item in bearing:
        label = _label(analysis, item)
        rows.append(
            Row(
                evidence=item.name.text,
                weight=evidence_confidence(analysis, item),
                label=label,
                cells=tuple(marks_of(item, name, columns) for name in names),
                line=item.span.line,
            )
        )
        counts = label != Label.REJECTED.value
        seen: set[tuple[str, str, str]] = set()
        for test in item.tests:
            kind, tested, result = test.kind.text, test.hypothesis.text, test.result.text
            if tested not in columns or (kind, tested, result) in seen:
                continue
            seen.add((kind, tested, result))
            common = dict(evidence=item.name.text, kind=kind, result=result, hypothesis=tested, counts=counts, label=label)
            effects[tested].append(TestEffect(effect=EFFECTS[kind, result], line=test.span.line, **common))
            rival_effect = RIVAL_EFFECTS.get((kind, result))
            if rival_effect is not None:
                for rival in names:
                    if rival != tested:
                        effects[rival].append(
                            TestEffect(effect=rival_effect, line=test.span.line, rival=True, **common)
                        )
    scores = {name: _scores(rows, column) for column, name in enumerate(names)}
    order = sorted(names, key=lambda name: (round(scores[name][0], TIE_DECIMALS), name))
    rank = {name: position for position, name in enumerate(order, start=1)}
    tally: dict[float, int] = {}
    for name in names:
        key = round(scores[name][0], TIE_DECIMALS)
        tally[key] = tally.get(key, 0) + 1
    results = []
    for declaration in declarations:
        name = declaration.name.text
        inconsistency, count, consistency, consistent_count = scores[name]
        tests = tuple(effects[name])
        results.append(
            HypothesisResult(
                name=name,
                title=declaration.title.value,
                outcome=outcome,
                added=declaration.added.value if declaration.added is not None else None,
                argued_by=declaration.argued_by.text if declaration.argued_by is not None else None,
                inconsistency=inconsistency,
                inconsistent_count=count,
                consistency=consistency,
                consistent_count=consistent_count,
                rank=rank[name],
                tied=tally[round(inconsistency, TIE_DECIMALS)] > 1,
                tests=tests,
                verdict=_verdict(tests),
                line=declaration.span.line,
            )
        )
    return OutcomeAnalysis(outcome, tuple(results), tuple(rows))


def _scores(rows: list[Row], column: int) -> tuple[float, int, float, int]:
    """(inconsistency score, I count, consistency sum, C count) of one column; counts leave out rejected rows.

    `math.fsum` sums exactly, then rounds once: a score never depends on the
    order of the rows, and adding a row never lowers it.
    """
    inconsistent = [row for row in rows if row.cells[column].mark == INCONSISTENT]
    consistent = [row for row in rows if row.cells[column].mark == CONSISTENT]
    return (
        math.fsum(row.weight for row in inconsistent),
        sum(1 for row in inconsistent if row.counts),
        math.fsum(row.weight for row in consistent),
        sum(1 for row in consistent if row.counts),
    )


def _verdict(tests: tuple[TestEffect, ...]) -> str:
    counting = [test for test in tests if test.counts]
    eliminated = any(test.effect == ELIMINATED for test in counting)
    confirmed = any(test.effect == CONFIRMED for test in counting)
    if eliminated and confirmed:
        return VERDICT_CONFLICT
    if eliminated:
        return VERDICT_ELIMINATED
    if confirmed:
        return VERDICT_CONFIRMED
    return VERDICT_STANDING if counting else VERDICT_NONE


def describe_test(test: TestEffect, with_label: bool = False) -> str:
    """`hoop test refused (failed)`; for a rival's test, `doubly decisive test permit of rival h2 (passed)`.

    ``with_label`` adds the evidence's label when it is not accepted: `(passed; evidence undecided)`.
    """
    kind = test.kind.replace("-", " ")
    rival = f" of rival {test.hypothesis}" if test.rival else ""
    label = f"; evidence {test.label}" if with_label and test.label != Label.ACCEPTED.value else ""
    return f"{kind} test {test.evidence}{rival} ({test.result}{label})"
