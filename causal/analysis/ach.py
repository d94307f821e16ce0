"""Analysis of Competing Hypotheses (Heuer) and process-tracing tests (Van Evera), per outcome.

Pure computation over the model and its analysis; nothing here prints.
Definitions (docs/language.md, "Competing hypotheses and process tracing"):

- **The matrix.** For each outcome that a `hypothesis` explains, the columns
  are the outcome's hypotheses (in file order) and the rows are the evidence
  items that bear on any of them (in file order). A cell is consistent (C),
  inconsistent (I), neutral (N) or uncoded (?). `consistent-with H`,
  `inconsistent-with H` and `neutral-to H` set the cell (C or I win over N);
  when an item says none of them about H, its process-tracing tests do: a
  passed test of H counts as C, a failed one as I, and a passed
  doubly-decisive test of an exclusive rival of H as I (it eliminates H).
  Otherwise the cell is uncoded: the analyst has not said, which is not the
  same as neutral, and the report says so. An item that says both C and I
  about H is a contradiction (rule `conflicting-marks`) and counts as I.
- **Weights.** A row weighs its evidence's confidence (causal.analysis.confidence).
- **Scores.** A hypothesis's inconsistency score is the sum of the weights of
  the rows inconsistent with it (Heuer, *Psychology of Intelligence
  Analysis*, ch. 8, step 5).
- **Standing and ranking.** A hypothesis is ranked by the key (eliminated,
  argument broken, inconsistency, -consistency, name): every hypothesis that
  process tracing eliminates ranks below every one it does not; then every
  argued hypothesis all of whose argued chains are broken ranks below the
  rest; then the least inconsistent first; equal scores (to 9 decimals) go to
  the one with more weighted consistent evidence, then by name.
- **Process tracing.** Each test's effect on H and on H's exclusive rivals
  follows Van Evera (1997) as tabulated by Collier (2011, Table 1): `EFFECTS`
  and `RIVAL_EFFECTS`. Evidence that is not `decisive` (accepted, graded
  known and not low-grade) cannot eliminate or confirm: its elimination
  becomes a weakening and its confirmation a strengthening. A test by
  rejected evidence is listed but does not count.
- **Sensitivity** (Heuer step 6): the rows whose removal alone would change
  which hypothesis ranks first.
- **Posterior** (optional): when a hypothesis of the outcome has a `prior`,
  Bayesian process tracing over the items' `likelihood` clauses
  (causal.analysis.bayes). It is reported beside the matrix and changes no
  score, rank or test effect.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from fractions import Fraction

import attrs
from attrs import frozen

from causal.analysis.bayes import Posterior, gives_likelihoods, posterior
from causal.analysis.case_analysis import CaseAnalysis
from causal.analysis.chains import assess_chain
from causal.analysis.confidence import evidence_confidence
from causal.analysis.labels import Label
from causal.language import ast

CONSISTENT, INCONSISTENT, NEUTRAL, UNCODED = "C", "I", "N", "?"

# Process-tracing test results, as written (the kinds are ast.TEST_KINDS).
PASSED, FAILED = ast.TEST_RESULTS

# Effects of a test on a hypothesis.
ELIMINATED = "eliminated"
CONFIRMED = "confirmed"
SURVIVES = "survives"  # passed a hoop test: its relevance affirmed, not confirmed
STRENGTHENED = "strengthened"
WEAKENED = "weakened"  # not eliminated

# How much a test strengthens or weakens, in Collier's words.
SLIGHTLY, SOMEWHAT, SUBSTANTIALLY = "slightly", "somewhat", "substantially"

# (kind, result) -> (effect, degree) on the hypothesis tested, and on each of
# its exclusive rivals: Van Evera (1997), as tabulated by Collier (2011,
# "Understanding Process Tracing", PS 44(4), Table 1). docs/language.md prints
# the same table; a compatible hypothesis is not a rival and is not affected.
EFFECTS: dict[tuple[str, str], tuple[str, str | None]] = {
    ("straw-in-the-wind", PASSED): (STRENGTHENED, SLIGHTLY),
    ("straw-in-the-wind", FAILED): (WEAKENED, SLIGHTLY),
    ("hoop", PASSED): (SURVIVES, None),
    ("hoop", FAILED): (ELIMINATED, None),
    ("smoking-gun", PASSED): (CONFIRMED, None),
    ("smoking-gun", FAILED): (WEAKENED, SOMEWHAT),
    ("doubly-decisive", PASSED): (CONFIRMED, None),
    ("doubly-decisive", FAILED): (ELIMINATED, None),
}
RIVAL_EFFECTS: dict[tuple[str, str], tuple[str, str | None]] = {
    ("straw-in-the-wind", PASSED): (WEAKENED, SLIGHTLY),
    ("straw-in-the-wind", FAILED): (STRENGTHENED, SLIGHTLY),
    ("hoop", PASSED): (WEAKENED, SOMEWHAT),
    ("hoop", FAILED): (STRENGTHENED, SOMEWHAT),
    ("smoking-gun", PASSED): (WEAKENED, SUBSTANTIALLY),
    ("smoking-gun", FAILED): (STRENGTHENED, SOMEWHAT),
    ("doubly-decisive", PASSED): (ELIMINATED, None),
    ("doubly-decisive", FAILED): (STRENGTHENED, SUBSTANTIALLY),
}
# The tests whose pass eliminates the rivals: in the matrix, I for each exclusive rival.
RIVAL_ELIMINATING = frozenset(key for key, (effect, _degree) in RIVAL_EFFECTS.items() if effect == ELIMINATED)
# What a decisive effect becomes when its evidence is not decisive: it only weakens or strengthens.
NOT_DECISIVE = {ELIMINATED: WEAKENED, CONFIRMED: STRENGTHENED}

# Process-tracing verdicts on a hypothesis, from the tests that count.
VERDICT_CONFLICT = "conflict"  # both confirmed and eliminated
VERDICT_ELIMINATED = ELIMINATED
VERDICT_CONFIRMED = CONFIRMED
VERDICT_STANDING = "standing"  # tested, nothing decisive
VERDICT_NONE = "none"  # no test that counts

# Scores equal to this many decimals are ties.
TIE_DECIMALS = 9

# Admiralty grades that say the grade cannot be judged (causal.model.grades).
UNKNOWN_RELIABILITY = "F"
UNKNOWN_CREDIBILITY = 6


@frozen
class Cell:
    """One evidence item's bearing on one hypothesis.

    ``basis`` is ``stated`` (`consistent-with`, `inconsistent-with`,
    `neutral-to`), ``test`` (read from its process-tracing tests) or None (the
    cell is uncoded); ``conflicting`` when the item says both C and I about
    the hypothesis.
    """

    mark: str
    basis: str | None = None
    conflicting: bool = False

    @property
    def coded(self) -> bool:
        return self.mark != UNCODED


@frozen
class Row:
    """One evidence item of the matrix: its weight, label and a cell per hypothesis (column order)."""

    evidence: str
    weight: float
    label: str  # accepted | rejected | undecided (or any other label value)
    cells: tuple[Cell, ...]
    line: int
    grades: str = ""  # the pair of Admiralty grades the weight comes from, `B2`

    @property
    def counts(self) -> bool:
        """Whether the item counts at all: rejected evidence does not."""
        return self.label != Label.REJECTED.value

    @property
    def diagnostic(self) -> bool:
        """False when the row cannot separate the hypotheses: every cell coded, all with one mark
        (Heuer step 4: set such evidence aside). A row with an uncoded cell may yet separate them."""
        if len(self.cells) < 2 or not all(cell.coded for cell in self.cells):
            return True
        return len({cell.mark for cell in self.cells}) > 1


@frozen
class TestEffect:
    """A process-tracing test bearing on a hypothesis, and what it does to it.

    ``hypothesis`` is the hypothesis the test is of: another hypothesis when
    ``rival`` (a test of a rival also bears on this one, per Collier's table).
    ``would_be`` is the effect the test would have had if its evidence were
    decisive, and ``why_not`` why it is not; both None when the effect stands.
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
    degree: str | None = None
    would_be: str | None = None
    why_not: str | None = None


@frozen
class Argument:
    """One chain that argues a hypothesis, and whether it stands."""

    chain: str
    verdict: str  # supported | weak | broken (causal.analysis.chains)
    reason: str  # why, when it is not supported

    @property
    def stands(self) -> bool:
        return self.verdict != "broken"


@frozen
class HypothesisResult:
    name: str
    title: str
    outcome: str
    added: str | None  # the analyst's reason, for a hypothesis the text does not make
    argued_by: tuple[str, ...]  # the chains that argue it
    compatible: tuple[str, ...]  # the hypotheses of the outcome it does not exclude (both ways)
    arguments: tuple[Argument, ...]  # its argued chains that the case declares, judged
    inconsistency: float  # Heuer's score: the weights of the evidence inconsistent with it, summed
    inconsistent_count: int  # I cells from evidence that is not rejected
    consistency: float  # the weights of the evidence consistent with it, summed (a tie-break only)
    consistent_count: int  # C cells from evidence that is not rejected
    neutral_count: int  # N cells, coded on purpose with `neutral-to`
    uncoded: tuple[str, ...]  # the rows whose cell for it is uncoded
    rank: int  # 1 = first by the ranking key
    tied: bool  # another hypothesis of the outcome has the same key but for the name
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
    def argument_broken(self) -> bool:
        """Argued, and no chain that argues it stands."""
        return bool(self.arguments) and not any(argument.stands for argument in self.arguments)

    @property
    def standing(self) -> str:
        """What its standing is, before the scores: eliminated, argument broken, or standing."""
        if self.eliminated:
            return ELIMINATED
        if self.argument_broken:
            return "argument broken"
        return "standing"

    @property
    def tested(self) -> bool:
        """Whether evidence that counts bears on it, in the matrix or by a test of it (or a rival's
        test that eliminates it)."""
        return (
            self.inconsistent_count > 0
            or self.consistent_count > 0
            or any(t.counts and (not t.rival or t.effect == ELIMINATED) for t in self.tests)
        )

    def score_key(self) -> float:
        return round(self.inconsistency, TIE_DECIMALS)

    def rank_key(self) -> tuple:
        """The ranking key (module docstring): smaller ranks first."""
        return _rank_key(self.eliminated, self.argument_broken, self.inconsistency, self.consistency, self.name)


def _rank_key(eliminated: bool, broken: bool, inconsistency: float, consistency: float, name: str) -> tuple:
    return (eliminated, broken, round(inconsistency, TIE_DECIMALS), -round(consistency, TIE_DECIMALS), name)


@frozen
class Sensitivity:
    """A row whose removal alone would change which hypothesis ranks first (Heuer step 6)."""

    evidence: str
    first: str  # who would rank first without it


@frozen
class OutcomeAnalysis:
    """The matrix and the verdicts for one outcome."""

    outcome: str
    hypotheses: tuple[HypothesisResult, ...]  # the columns, in file order
    rows: tuple[Row, ...]  # in file order
    sensitivity: tuple[Sensitivity, ...] = ()  # in row order
    # Bayesian process tracing (causal.analysis.bayes): None when no hypothesis of the outcome has a prior.
    posterior: Posterior | None = None

    @property
    def ranking(self) -> tuple[HypothesisResult, ...]:
        return tuple(sorted(self.hypotheses, key=lambda h: h.rank))

    def hypothesis(self, name: str) -> HypothesisResult:
        return next(h for h in self.hypotheses if h.name == name)

    def cell(self, evidence: str, hypothesis: str) -> Cell:
        column = [h.name for h in self.hypotheses].index(hypothesis)
        row = next(r for r in self.rows if r.evidence == evidence)
        return row.cells[column]

    def rivals(self, name: str) -> tuple[HypothesisResult, ...]:
        """The hypotheses of the outcome that ``name`` excludes: all others but the compatible ones."""
        compatible = set(self.hypothesis(name).compatible)
        return tuple(h for h in self.hypotheses if h.name != name and h.name not in compatible)


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


def _bearing_names(item: ast.EvidenceDecl) -> list[str]:
    named = [word.text for word in (*item.consistent, *item.inconsistent, *item.neutral)]
    return named + [test.hypothesis.text for test in item.tests]


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
        named = _bearing_names(item)
        for outcome in dict.fromkeys(outcome_of[name] for name in named if name in outcome_of):
            bearing[outcome].append(item)
    return Analysis(
        tuple(
            attrs.evolve(
                _analyse_outcome(analysis, outcome, decls, bearing[outcome]),
                posterior=_posterior(analysis, decls),
            )
            for outcome, decls in by_outcome.items()
        )
    )


def _posterior(analysis: CaseAnalysis, declarations: list[ast.HypothesisDecl]) -> Posterior | None:
    """The posterior of an outcome's hypotheses, from the evidence that gives likelihoods for them (in file
    order); None when none of them has a prior. Apart from the matrix: it changes no score or rank."""
    if not any(declaration.prior is not None for declaration in declarations):
        return None
    names = [declaration.name.text for declaration in declarations]
    items = [item for item in analysis.model.evidence.values() if gives_likelihoods(item, names)]
    labels = {item.name.text: _label(analysis, item.name.text) for item in items}
    return posterior(
        declarations, items, labels, compatibility(declarations), analysis.model.settings.undecided_weight
    )


def compatibility(declarations: Iterable[ast.HypothesisDecl]) -> dict[str, set[str]]:
    """For each hypothesis, the hypotheses among ``declarations`` it is compatible with: `compatible-with`
    read both ways (if H1 does not exclude H2, H2 does not exclude H1)."""
    declarations = list(declarations)
    names = {declaration.name.text for declaration in declarations}
    compatible: dict[str, set[str]] = {name: set() for name in names}
    for declaration in declarations:
        for word in declaration.compatible:
            other = word.text
            if other in names and other != declaration.name.text:
                compatible[declaration.name.text].add(other)
                compatible[other].add(declaration.name.text)
    return compatible


class ExclusiveRivals:
    """The exclusive rivals of one hypothesis: the other hypotheses of its outcome, less the compatible ones.

    Asked by membership, in constant time, so that no hypothesis of a large
    outcome needs a set of all its rivals.
    """

    __slots__ = ("name", "names", "compatible")

    def __init__(self, name: str, names: set[str] | frozenset[str], compatible: set[str]) -> None:
        self.name, self.names, self.compatible = name, names, compatible

    def __contains__(self, other: object) -> bool:
        return other in self.names and other != self.name and other not in self.compatible

    def __iter__(self) -> Iterator[str]:
        return (other for other in self.names if other in self)


StatedMarks = dict[str, list[tuple[str, ast.Word]]]


def stated_marks(item: ast.EvidenceDecl) -> tuple[StatedMarks, StatedMarks]:
    """The item's stated marks by hypothesis: (C and I marks, N marks), each in the order written.

    Made once per item, so that reading every cell of a row costs the row's
    length, not its length once per hypothesis.
    """
    marked: StatedMarks = {}
    neutral: StatedMarks = {}
    for mark, words, table in (
        (CONSISTENT, item.consistent, marked),
        (INCONSISTENT, item.inconsistent, marked),
        (NEUTRAL, item.neutral, neutral),
    ):
        for word in words:
            table.setdefault(word.text, []).append((mark, word))
    return marked, neutral


def bearing_words(
    item: ast.EvidenceDecl,
    hypothesis: str,
    rivals: Iterable[str] = (),
    stated: tuple[StatedMarks, StatedMarks] | None = None,
) -> tuple[str | None, list[tuple[str, ast.Word]]]:
    """What sets the cell of ``item`` for ``hypothesis``: the basis and its (mark, word) pairs.

    The stated marks when there are any (basis ``stated``; a C or I mark wins
    over an N one); else the tests of the hypothesis, passed counting as C and
    failed as I, and a passed doubly-decisive test of one of its exclusive
    ``rivals`` as I (basis ``test``); else nothing (None, uncoded). Each word
    is where the item says it. ``stated`` is the item's `stated_marks`, when
    the caller made them already.
    """
    marked, neutral = stated_marks(item) if stated is None else stated
    found = marked.get(hypothesis) or neutral.get(hypothesis)
    if found:
        return "stated", list(found)
    rival_names = rivals if isinstance(rivals, (set, frozenset, ExclusiveRivals)) else set(rivals)
    tested = []
    for test in item.tests:
        if test.hypothesis.text == hypothesis:
            tested.append((CONSISTENT if test.result.text == PASSED else INCONSISTENT, test.hypothesis))
        elif test.hypothesis.text in rival_names and (test.kind.text, test.result.text) in RIVAL_ELIMINATING:
            tested.append((INCONSISTENT, test.hypothesis))
    return ("test", tested) if tested else (None, [])


def marks_of(
    item: ast.EvidenceDecl,
    hypothesis: str,
    rivals: Iterable[str] = (),
    stated: tuple[StatedMarks, StatedMarks] | None = None,
) -> Cell:
    """The cell of ``item`` for ``hypothesis``, whose exclusive rivals of the same outcome are ``rivals``."""
    basis, marks = bearing_words(item, hypothesis, rivals, stated)
    if basis is None:
        return Cell(UNCODED)
    return _cell({mark for mark, _word in marks}, basis)


def _cell(marks: set[str], basis: str) -> Cell:
    if len(marks) > 1:
        return Cell(INCONSISTENT, basis, conflicting=True)
    (mark,) = marks
    return Cell(mark, basis)


def _label(analysis: CaseAnalysis, name: str) -> str:
    return analysis.labels.label(name).value


def not_decisive_because(analysis: CaseAnalysis, item: ast.EvidenceDecl) -> str | None:
    """Why ``item`` cannot eliminate or confirm on its own, or None when it is decisive.

    Decisive evidence is accepted (any other label, present or future, does
    not stand), has grades that can be judged (no reliability on its
    reporting path is F, and its credibility is not 6), and is not
    low-grade (`model.is_low_grade`, the `weak-support` thresholds).
    """
    model = analysis.model
    label = _label(analysis, item.name.text)
    grades = model.grades_of(item)
    if label != Label.ACCEPTED.value:
        return f"the evidence is {label}"
    if UNKNOWN_RELIABILITY in model.path_grades(item) or model.credibility_of(item) == UNKNOWN_CREDIBILITY:
        unknown = UNKNOWN_RELIABILITY if UNKNOWN_RELIABILITY in model.path_grades(item) else grades[0]
        return f"the evidence is {unknown}{grades[1:]}, graded as cannot be judged"
    if model.is_low_grade(item):
        return f"the evidence is {grades}, low-grade"
    return None


def decisive(analysis: CaseAnalysis, item: ast.EvidenceDecl) -> bool:
    """Whether ``item`` can eliminate or confirm a hypothesis on its own (see `not_decisive_because`)."""
    return not_decisive_because(analysis, item) is None


def _arguments(analysis: CaseAnalysis, declaration: ast.HypothesisDecl) -> tuple[Argument, ...]:
    """Each declared chain that argues the hypothesis, with its verdict; a chain whose every link
    for some step is not accepted does not stand either, whatever its verdict says."""
    model = analysis.model
    result = []
    for word in dict.fromkeys(w.text for w in declaration.argued_by):
        chain = model.chains.get(word)
        if chain is None:
            continue  # undefined-name / wrong-kind
        verdict = assess_chain(analysis, chain)
        fallen = _fallen_step(analysis, chain) if verdict.verdict != "broken" else None
        if fallen is not None:
            result.append(Argument(word, "broken", fallen))
        elif verdict.verdict == "supported":
            result.append(Argument(word, "supported", ""))
        else:
            # Name the weakest step when the verdict has one, so the reason reads on its own.
            step = getattr(verdict.weakest, "text", None)
            reason = f"weakest step {step}: {verdict.weakest_reason}" if step else verdict.weakest_reason
            result.append(Argument(word, verdict.verdict, reason))
    return tuple(result)


def _fallen_step(analysis: CaseAnalysis, chain: ast.ChainDecl) -> str | None:
    """The first step of ``chain`` whose every making link is labelled other than accepted, said in words."""
    model = analysis.model
    steps = [tuple(word.text for word in step) for step in chain.steps]
    for causes, effects in zip(steps, steps[1:]):
        for effect in effects:
            links = model.links_making(causes, effect)
            labels = [_label(analysis, model.link_id_of(index)) for index in links]
            if links and Label.ACCEPTED.value not in labels:
                return f"every link making {', '.join(causes)} -> {effect} is {' or '.join(dict.fromkeys(labels))}"
    return None


def _test_effects(
    analysis: CaseAnalysis, item: ast.EvidenceDecl, names: list[str], rivals_of: _RivalLists
) -> dict[str, list[TestEffect]]:
    """The effects of ``item``'s tests on each hypothesis of the outcome (``names``)."""
    label = _label(analysis, item.name.text)
    counts = label != Label.REJECTED.value
    why_not = not_decisive_because(analysis, item)
    effects: dict[str, list[TestEffect]] = {}
    seen: set[tuple[str, str, str]] = set()
    for test in item.tests:
        kind, tested, result = test.kind.text, test.hypothesis.text, test.result.text
        if tested not in rivals_of or (kind, tested, result) in seen:
            continue
        seen.add((kind, tested, result))
        common = dict(evidence=item.name.text, kind=kind, result=result, hypothesis=tested, counts=counts, label=label)
        targets = [(tested, EFFECTS[kind, result], False)]
        targets += [(rival, RIVAL_EFFECTS[kind, result], True) for rival in rivals_of[tested]]
        for target, (effect, degree), rival in targets:
            would_be = None
            # Rejected evidence does not count at all: its tests keep their effect, listed as not counting.
            if effect in NOT_DECISIVE and why_not is not None and counts:
                would_be, effect, degree = effect, NOT_DECISIVE[effect], None
            effects.setdefault(target, []).append(
                TestEffect(
                    effect=effect,
                    degree=degree,
                    line=test.span.line,
                    rival=rival,
                    would_be=would_be,
                    why_not=why_not if would_be is not None else None,
                    **common,
                )
            )
    return effects


class _RivalLists:
    """Each hypothesis's exclusive rivals in column order, listed when a test first asks for them."""

    def __init__(self, names: list[str], rivals: dict[str, ExclusiveRivals]) -> None:
        self._names, self._rivals, self._lists = names, rivals, {}

    def __contains__(self, name: object) -> bool:
        return name in self._rivals

    def __getitem__(self, name: str) -> list[str]:
        found = self._lists.get(name)
        if found is None:
            rivals = self._rivals[name]
            found = self._lists[name] = [other for other in self._names if other in rivals]
        return found


def _analyse_outcome(
    analysis: CaseAnalysis, outcome: str, declarations: list[ast.HypothesisDecl], bearing: Iterable[ast.EvidenceDecl]
) -> OutcomeAnalysis:
    names = [declaration.name.text for declaration in declarations]
    compatible = compatibility(declarations)
    every = frozenset(names)
    rivals = {name: ExclusiveRivals(name, every, compatible[name]) for name in names}
    rivals_of = _RivalLists(names, rivals)
    position = {name: column for column, name in enumerate(names)}
    rows: list[Row] = []
    effects: dict[str, list[TestEffect]] = {name: [] for name in names}
    for item in bearing:
        stated = stated_marks(item)
        rows.append(
            Row(
                evidence=item.name.text,
                weight=evidence_confidence(analysis, item),
                label=_label(analysis, item.name.text),
                cells=tuple(marks_of(item, name, rivals[name], stated) for name in names),
                line=item.span.line,
                grades=analysis.model.grades_of(item),
            )
        )
        for name, found in _test_effects(analysis, item, names, rivals_of).items():
            effects[name].extend(found)
    arguments = {declaration.name.text: _arguments(analysis, declaration) for declaration in declarations}
    broken = {name: bool(arguments[name]) and not any(a.stands for a in arguments[name]) for name in names}
    order, keys = _order(names, rows, effects, broken)
    rank = {name: position for position, name in enumerate(order, start=1)}
    tally: dict[tuple, int] = {}
    for name in names:
        tally[keys[name][:-1]] = tally.get(keys[name][:-1], 0) + 1
    results = []
    for column, declaration in enumerate(declarations):
        name = declaration.name.text
        inconsistency, count, consistency, consistent_count = _scores(rows, column)
        tests = tuple(effects[name])
        results.append(
            HypothesisResult(
                name=name,
                title=declaration.title.value,
                outcome=outcome,
                added=declaration.added.value if declaration.added is not None else None,
                argued_by=tuple(dict.fromkeys(word.text for word in declaration.argued_by)),
                compatible=tuple(sorted(compatible[name], key=position.__getitem__)),
                arguments=arguments[name],
                inconsistency=inconsistency,
                inconsistent_count=count,
                consistency=consistency,
                consistent_count=consistent_count,
                neutral_count=sum(1 for row in rows if row.cells[column].mark == NEUTRAL and row.counts),
                uncoded=tuple(row.evidence for row in rows if not row.cells[column].coded),
                rank=rank[name],
                tied=tally[keys[name][:-1]] > 1,
                tests=tests,
                verdict=_verdict(tests),
                line=declaration.span.line,
            )
        )
    sensitivity = _sensitivity(names, rows, effects, broken, order, keys)
    return OutcomeAnalysis(outcome, tuple(results), tuple(rows), tuple(sensitivity))


def _sensitivity(
    names: list[str],
    rows: list[Row],
    effects: dict[str, list[TestEffect]],
    broken: dict[str, bool],
    order: list[str],
    keys: dict[str, tuple],
) -> list[Sensitivity]:
    """The rows whose removal alone changes which hypothesis ranks first (Heuer step 6).

    Ranking again without a row changes only the keys of the hypotheses the row
    marks I or C, or whose elimination rests on its tests; the others keep their
    keys. Each column's sums are also kept exactly (as fractions), so a sum
    without one row is what `math.fsum` gives over the other rows: the cost is
    the matrix's size, not its size once per row.
    """
    scores = [_scores(rows, column) for column in range(len(names))]
    inconsistent = [Fraction(0)] * len(names)
    consistent = [Fraction(0)] * len(names)
    for row in rows:
        for column, cell in enumerate(row.cells):
            if cell.mark == INCONSISTENT:
                inconsistent[column] += Fraction(row.weight)
            elif cell.mark == CONSISTENT:
                consistent[column] += Fraction(row.weight)
    eliminating = {
        name: Counter(t.evidence for t in effects[name] if t.counts and t.effect == ELIMINATED) for name in names
    }
    eliminations = {name: sum(counter.values()) for name, counter in eliminating.items()}
    with_tests: dict[str, list[int]] = {}  # evidence -> the columns whose elimination its tests take part in
    for column, name in enumerate(names):
        for evidence in eliminating[name]:
            with_tests.setdefault(evidence, []).append(column)
    first = order[0]
    found = []
    for row in rows:
        changed: dict[int, tuple[float, float]] = {}
        for column, cell in enumerate(row.cells):
            if cell.mark == INCONSISTENT:
                changed[column] = (float(inconsistent[column] - Fraction(row.weight)), scores[column][2])
            elif cell.mark == CONSISTENT:
                changed[column] = (scores[column][0], float(consistent[column] - Fraction(row.weight)))
        for column in with_tests.get(row.evidence, ()):
            changed.setdefault(column, (scores[column][0], scores[column][2]))
        if not changed:
            continue
        candidates = []
        for column, (inconsistency, consistency) in changed.items():
            name = names[column]
            eliminated = eliminations[name] - eliminating[name].get(row.evidence, 0) > 0
            candidates.append(_rank_key(eliminated, broken[name], inconsistency, consistency, name))
        changed_names = {names[column] for column in changed}
        unchanged = next((name for name in order if name not in changed_names), None)
        if unchanged is not None:
            candidates.append(keys[unchanged])
        new_first = min(candidates)[-1]
        if new_first != first:
            found.append(Sensitivity(row.evidence, new_first))
    return found


def _order(
    names: list[str], rows: list[Row], effects: dict[str, list[TestEffect]], broken: dict[str, bool]
) -> tuple[list[str], dict[str, tuple]]:
    """The hypotheses in ranking order, and each one's key (module docstring)."""
    keys = {}
    for column, name in enumerate(names):
        inconsistency, _count, consistency, _consistent = _scores(rows, column)
        eliminated = any(t.counts and t.effect == ELIMINATED for t in effects[name])
        keys[name] = _rank_key(eliminated, broken[name], inconsistency, consistency, name)
    return sorted(names, key=keys.__getitem__), keys


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
    return VERDICT_STANDING if any(not test.rival for test in counting) else VERDICT_NONE


def describe_test(test: TestEffect, with_label: bool = False) -> str:
    """`hoop test refused (failed)`; for a rival's test, `doubly decisive test permit of rival h2 (passed)`.

    ``with_label`` adds the evidence's label when it is not accepted: `(passed; evidence undecided)`.
    """
    kind = test.kind.replace("-", " ")
    rival = f" of rival {test.hypothesis}" if test.rival else ""
    label = f"; evidence {test.label}" if with_label and test.label != Label.ACCEPTED.value else ""
    return f"{kind} test {test.evidence}{rival} ({test.result}{label})"
