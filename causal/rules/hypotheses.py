"""Rules about rival explanations: competing hypotheses and process-tracing tests (CX50x).

They read causal.analysis.ach's analysis of the case (the ACH matrix, inconsistency
scores and process-tracing verdicts, defined there and in docs/language.md),
made once per check.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from causal.analysis.case_analysis import CaseAnalysis
from causal.language import ast
from causal.model.case_model import CAUSAL_NODE_KINDS, Model
from causal.rules.base import Phase, Rule, runs_in
from causal.rules.findings import Finding, Severity, Subject

# causal.analysis.ach is imported by the checks that use it, which run only on a case with hypotheses: checking
# any other case (and listing the rules) does without it (start-up: bench/startup.py).
if TYPE_CHECKING:
    from causal.analysis.ach import Analysis, HypothesisResult, OutcomeAnalysis, TestEffect

# A small case shared by the examples: one outcome, and the chain that argues the thesis.
_BASE = '''\
    event rift "Moscow and Tehran fall out" at 2016-01
    event withdrawal "Putin pulls back" at 2016-03
    link rift -> withdrawal assumed "for the example"
    chain thesis: rift -> withdrawal
'''
_TASS = '''\
    source tass "TASS" reliability B
'''
_BOTH = '''\
    source tass "TASS" reliability B
    source irna "IRNA" reliability B
'''


BETTER_EXPLANATION = Rule(
    name="better-explanation",
    code="CX501",
    severity=Severity.WARNING,
    summary="The hypothesis a chain argues is not the best of its outcome's rival hypotheses.",
    finds="""
        A hypothesis with `argued-by CHAIN` (the case's thesis) that an
        exclusive rival of the same outcome outranks in the ACH ranking
        (`causal ach`), for a reason other than its name: the rival is not
        eliminated by process tracing while the thesis is; the rival's
        argument stands while no chain that argues the thesis does (each is
        broken, or a step's every link is not accepted); the rival has a
        lower inconsistency score, the sum of the weights of the evidence
        inconsistent with it (Heuer's Analysis of Competing Hypotheses, where
        the least inconsistent hypothesis is the most likely); or the scores
        are equal and more weight of evidence is consistent with the rival.
        The message names the rivals and says each reason. Hypotheses marked
        `compatible-with` are not rivals. Hypotheses equal on all of these
        are not reported.
        """,
    why="""
        An argument is only as good as its advantage over the alternatives.
        Evidence that fits the thesis proves little if it fits the rivals as
        well; what decides is the evidence against each. When the case's own
        evidence tells more against the thesis than against a rival, the
        narrative has picked the weaker explanation.
        """,
    example=_BOTH + _BASE
    + '''\
    hypothesis h_rift "The rift" explains withdrawal argued-by thesis
    hypothesis h_cost "The war costs too much" explains withdrawal
    evidence denial from tass credibility 2 inconsistent-with h_rift consistent-with h_cost
    evidence budget from irna credibility 3 consistent-with h_rift, h_cost
    ''',
    passing=_BOTH + _BASE
    + '''\
    hypothesis h_rift "The rift" explains withdrawal argued-by thesis
    hypothesis h_cost "The war costs too much" explains withdrawal
    evidence denial from tass credibility 2 inconsistent-with h_cost consistent-with h_rift
    evidence budget from irna credibility 3 consistent-with h_rift, h_cost
    ''',
)

SINGLE_EXPLANATION = Rule(
    name="single-explanation",
    code="CX502",
    severity=Severity.INFO,
    summary="An outcome with only one explanation considered.",
    finds="""
        An outcome that exactly one `hypothesis` explains; and, in a case that
        declares hypotheses, an outcome at the end of exactly one chain that no
        hypothesis explains (the chain is then its only explanation). Only
        hypotheses' outcomes and the names in a chain's last step are
        considered, so a case without any hypothesis gets no such finding; an
        undeclared outcome is left to `undefined-name`.
        """,
    why="""
        Analysis of Competing Hypotheses starts from the full set of plausible
        explanations: with one, every item of evidence that fits it looks like
        confirmation, and nothing shows what the evidence would say about the
        alternatives. Add the rivals the text ignores (mark them `added`).
        """,
    example=_BASE
    + '''\
    hypothesis h_rift "The rift" explains withdrawal argued-by thesis
    ''',
    passing=_BASE
    + '''\
    hypothesis h_rift "The rift" explains withdrawal argued-by thesis
    hypothesis h_cost "The war costs too much" explains withdrawal added "the text does not consider it"
    ''',
)

HYPOTHESIS_ELIMINATED = Rule(
    name="hypothesis-eliminated",
    code="CX503",
    severity=Severity.WARNING,
    summary="A process-tracing test eliminates a hypothesis.",
    finds="""
        A hypothesis that a failed hoop test, a failed doubly-decisive test, or
        a rival's passed doubly-decisive test eliminates, by evidence that is
        not rejected. The message names the evidence and the tests, and says
        when other tests also confirm the hypothesis (the tests conflict).
        """,
    why="""
        A hoop test states something the hypothesis cannot do without; failing
        it rules the hypothesis out (Van Evera). The case should then drop the
        hypothesis, or say why the test is not as decisive as it was written.
        """,
    example=_TASS + _BASE
    + '''\
    hypothesis h_rift "The rift" explains withdrawal argued-by thesis
    hypothesis h_cost "The war costs too much" explains withdrawal
    evidence talks from tass credibility 2 hoop h_rift failed
    ''',
    passing=_TASS + _BASE
    + '''\
    hypothesis h_rift "The rift" explains withdrawal argued-by thesis
    hypothesis h_cost "The war costs too much" explains withdrawal
    evidence talks from tass credibility 2 hoop h_rift passed
    ''',
)

HYPOTHESIS_CONFIRMED = Rule(
    name="hypothesis-confirmed",
    code="CX504",
    severity=Severity.INFO,
    summary="A passed smoking-gun or doubly-decisive test confirms a hypothesis.",
    finds="""
        A hypothesis that a passed smoking-gun or doubly-decisive test
        confirms, by evidence that is not rejected. The message names the
        evidence, and says when other tests eliminate the hypothesis (the
        tests conflict).
        """,
    why="""
        A smoking gun is evidence that is unlikely unless the hypothesis is
        true (Van Evera); finding it is strong support. It is worth knowing
        which single items the case's conclusions hang on.
        """,
    example=_TASS + _BASE
    + '''\
    hypothesis h_rift "The rift" explains withdrawal argued-by thesis
    hypothesis h_cost "The war costs too much" explains withdrawal
    evidence order from tass credibility 2 smoking-gun h_rift passed
    ''',
    passing=_TASS + _BASE
    + '''\
    hypothesis h_rift "The rift" explains withdrawal argued-by thesis
    hypothesis h_cost "The war costs too much" explains withdrawal
    evidence order from tass credibility 2 straw-in-the-wind h_rift passed
    ''',
)

CHAIN_MISSES_OUTCOME = Rule(
    name="chain-misses-outcome",
    code="CX505",
    severity=Severity.ERROR,
    summary="A hypothesis is `argued-by` a chain that does not end at the hypothesis's outcome.",
    finds="""
        `hypothesis H "..." explains OUTCOME argued-by CHAIN` where OUTCOME is
        not in the last step of CHAIN. The message says when the chain passes
        through the outcome earlier. An undeclared chain or outcome is left to
        `undefined-name` and `wrong-kind`.
        """,
    why="""
        A chain argues for its last step. A chain that ends elsewhere argues
        for something else, so it cannot be the argument for this hypothesis:
        the case says two different things about what its thesis explains.
        """,
    example=_BASE
    + '''\
    event retreat "Iran pulls back its advisers" at 2016-04
    hypothesis h_rift "The rift" explains retreat argued-by thesis
    hypothesis h_cost "The war costs too much" explains retreat
    ''',
    passing=_BASE
    + '''\
    hypothesis h_rift "The rift" explains withdrawal argued-by thesis
    hypothesis h_cost "The war costs too much" explains withdrawal
    ''',
)

UNTESTED_HYPOTHESIS = Rule(
    name="untested-hypothesis",
    code="CX506",
    severity=Severity.INFO,
    summary="A hypothesis that no evidence bears on.",
    finds="""
        A hypothesis that no evidence item, other than rejected ones, marks
        `consistent-with` or `inconsistent-with`, tests, or eliminates by a
        rival's doubly-decisive test. The message says when all the evidence
        bearing on it is rejected. A hypothesis of an undeclared outcome, or
        of one that is not an event or claim, is left to `undefined-name` and
        `wrong-kind`.
        """,
    why="""
        In the ACH matrix an untested hypothesis has an inconsistency score of
        0, the best possible, only because nothing was asked of it. Say what
        the evidence means for it, or look for evidence that would tell.
        """,
    example=_TASS + _BASE
    + '''\
    hypothesis h_rift "The rift" explains withdrawal argued-by thesis
    hypothesis h_cost "The war costs too much" explains withdrawal
    evidence talks from tass credibility 2 consistent-with h_rift
    ''',
    passing=_TASS + _BASE
    + '''\
    hypothesis h_rift "The rift" explains withdrawal argued-by thesis
    hypothesis h_cost "The war costs too much" explains withdrawal
    evidence talks from tass credibility 2 consistent-with h_rift inconsistent-with h_cost
    ''',
)

CONFLICTING_MARKS = Rule(
    name="conflicting-marks",
    code="CX507",
    severity=Severity.WARNING,
    summary="An evidence item that is both consistent and inconsistent with one hypothesis.",
    finds="""
        An evidence item that names a hypothesis in both `consistent-with` and
        `inconsistent-with`; or, saying neither, whose tests disagree about it:
        a passed and a failed test of it, or a passed test of it and a passed
        doubly-decisive test of a rival (which eliminates it). The ACH matrix
        then counts the item as inconsistent. (An explicit `consistent-with` or `inconsistent-with`
        that differs from a test's result is not reported: the explicit mark
        sets the matrix cell, and the test still counts in process tracing.)
        """,
    why="""
        One item of evidence cannot both fit a hypothesis and tell against it;
        one of the marks is a slip, or the item holds two observations that
        should be two evidence items.
        """,
    example=_TASS + _BASE
    + '''\
    hypothesis h_rift "The rift" explains withdrawal argued-by thesis
    hypothesis h_cost "The war costs too much" explains withdrawal
    evidence talks from tass credibility 2 consistent-with h_rift inconsistent-with h_rift, h_cost
    ''',
    passing=_TASS + _BASE
    + '''\
    hypothesis h_rift "The rift" explains withdrawal argued-by thesis
    hypothesis h_cost "The war costs too much" explains withdrawal
    evidence talks from tass credibility 2 consistent-with h_rift inconsistent-with h_cost
    ''',
)

UNCODED_CELLS = Rule(
    name="uncoded-cells",
    code="CX508",
    severity=Severity.INFO,
    summary="A hypothesis that some evidence rows of its ACH matrix say nothing about.",
    finds='''
        A hypothesis with uncoded cells: evidence items in its outcome's ACH
        matrix (they bear on a rival) that neither mark it `consistent-with`,
        `inconsistent-with` or `neutral-to`, nor test it. `causal ach` shows
        such a cell as `?`. The message lists the items. A hypothesis that no
        evidence bears on at all is left to `untested-hypothesis`.
        ''',
    why='''
        ACH asks every item of evidence about every hypothesis (Heuer, step 3).
        A blank cell counts as neither consistent nor inconsistent, exactly
        like a considered "neutral", so a hypothesis can look clean only
        because nobody asked. Coding the cell, even as `neutral-to`, records
        that the question was asked.
        ''',
    example=_TASS + _BASE
    + '''\
    hypothesis h_rift "The rift" explains withdrawal argued-by thesis
    hypothesis h_cost "The war costs too much" explains withdrawal
    evidence talks from tass credibility 2 consistent-with h_rift inconsistent-with h_cost
    evidence visits from tass credibility 2 inconsistent-with h_rift
    ''',
    passing=_TASS + _BASE
    + '''\
    hypothesis h_rift "The rift" explains withdrawal argued-by thesis
    hypothesis h_cost "The war costs too much" explains withdrawal
    evidence talks from tass credibility 2 consistent-with h_rift inconsistent-with h_cost
    evidence visits from tass credibility 2 inconsistent-with h_rift neutral-to h_cost
    ''',
)


# How many items a message lists before "and N more".
MAX_LISTED = 4


@runs_in(Phase.ANALYSIS)
def check(case: CaseAnalysis) -> Iterator[Finding]:
    model = case.model
    if not model.hypotheses:
        return
    from causal.analysis.ach import analyse

    analysis = analyse(case)
    yield from check_better_explanations(model, analysis)
    yield from check_single_explanations(model, analysis)
    yield from check_process_tracing(model, analysis)
    yield from check_chain_outcomes(model)
    yield from check_untested(model, analysis)
    yield from check_conflicting_marks(model)
    yield from check_uncoded(model, analysis)


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    rest = len(items) - MAX_LISTED
    return shown + (f" and {rest} more" if rest > 0 else "")


def _score(value: float, against: float | None = None) -> str:
    """A score to 2 decimals, or to 4 when it would otherwise look equal to ``against``."""
    if against is not None and f"{value:.2f}" == f"{against:.2f}":
        return f"{value:.4f}"
    return f"{value:.2f}"


def _span(model: Model, name: str):
    return model.hypotheses[name].span


# --- better-explanation ----------------------------------------------------------


def check_better_explanations(model: Model, analysis: Analysis) -> Iterator[Finding]:
    for outcome in analysis.outcomes:
        for argued in outcome.hypotheses:
            chains = [chain for chain in argued.argued_by if chain in model.chains]
            if not chains:
                continue
            finding = _better_explanation(model, outcome, argued, chains)
            if finding is not None:
                yield finding


def _better_explanation(
    model: Model, outcome: OutcomeAnalysis, argued: HypothesisResult, chains: list[str]
) -> Finding | None:
    """The finding when an exclusive rival ranks above the argued hypothesis for a reason other than
    its name: each part of the ranking key that puts a rival above it is said in words."""
    from causal.analysis.ach import ELIMINATED, describe_test

    key = argued.rank_key()[:-1]
    above = [h for h in outcome.rivals(argued.name) if h.rank_key()[:-1] < key]
    if not above:
        return None
    above.sort(key=lambda h: h.rank)
    reasons = []
    better = [h for h in above if h.score_key() < argued.score_key()]
    if better:
        better.sort(key=lambda h: (h.score_key(), h.name))
        scored = [
            f"{h.name}{_added(h)} scores {_score(h.inconsistency, argued.inconsistency)}{_untested(h)}"
            for h in better
        ]
        closest = better[-1].inconsistency
        reasons.append(
            f"it is not the least inconsistent explanation of {outcome.outcome}: "
            f"{_listed(scored)}, against its {_score(argued.inconsistency, closest)}"
        )
    level = [h for h in above if h.score_key() == argued.score_key() and h.consistency > argued.consistency]
    if level:
        weighed = [f"{h.name}{_added(h)} {h.consistency:.2f}" for h in level]
        reasons.append(
            f"{_listed([h.name for h in level])} {'scores' if len(level) == 1 else 'score'} the same, "
            f"{_score(argued.inconsistency)}, with more weight of evidence consistent: "
            f"{_listed(weighed)}, against its {argued.consistency:.2f}"
        )
    standing = [h for h in above if not h.eliminated]
    if argued.eliminated and standing:
        by = [describe_test(t) for t in argued.tests if t.counts and t.effect == ELIMINATED]
        reasons.append(
            f"process tracing eliminates it, by {_listed(by)}, while "
            f"{_listed([h.name for h in standing])} {'is' if len(standing) == 1 else 'are'} not eliminated"
        )
    if argued.argument_broken and any(not h.argument_broken for h in above):
        broken = [f"chain {a.chain} is broken ({a.reason})" for a in argued.arguments]
        reasons.append(f"its argument does not stand: {_listed(broken)}")
    named = [h.name for h in better] + [h.name for h in above if h not in better]
    return BETTER_EXPLANATION.finding(
        _span(model, argued.name),
        f"hypothesis {argued.name}, argued by {_chains(chains)}: " + "; and ".join(reasons),
        "Weigh the rivals before the thesis: check the evidence against "
        f"{argued.name} and look for evidence that tells against {named[0]}; "
        "if the case still prefers the thesis, say why in a note.",
        # The hypothesis first, so that `expect better-explanation on NAME` matches only the
        # finding about NAME; the rivals are left to the message (their order depends on names).
        Subject("name", (argued.name, *chains)),
    )


def _chains(chains: list[str]) -> str:
    return ("chain " if len(chains) == 1 else "chains ") + ", ".join(chains)


def _added(hypothesis: HypothesisResult) -> str:
    return " (the analyst's addition)" if hypothesis.added is not None else ""


def _untested(hypothesis: HypothesisResult) -> str:
    return " (no evidence bears on it)" if not hypothesis.tested else ""


# --- single-explanation ----------------------------------------------------------


def check_single_explanations(model: Model, analysis: Analysis) -> Iterator[Finding]:
    for outcome in analysis.outcomes:
        if len(outcome.hypotheses) == 1 and model.kind_of(outcome.outcome) in CAUSAL_NODE_KINDS:
            (only,) = outcome.hypotheses
            yield SINGLE_EXPLANATION.finding(
                _span(model, only.name),
                f"{outcome.outcome} has one explanation only: hypothesis {only.name}; no rival is considered",
                f"Add the rival explanations of {outcome.outcome} (`hypothesis NAME \"TEXT\" explains "
                f"{outcome.outcome}`, with `added \"WHY\"` for those the text does not make), "
                "and mark how the evidence bears on each.",
                Subject("name", (only.name, outcome.outcome)),
            )
    explained = {outcome.outcome for outcome in analysis.outcomes}
    chains_ending: dict[str, list[ast.ChainDecl]] = {}
    for chain in model.chains.values():
        for word in dict.fromkeys(word.text for word in chain.steps[-1]):
            if word not in explained and model.kind_of(word) in CAUSAL_NODE_KINDS:
                chains_ending.setdefault(word, []).append(chain)
    for outcome_name, chains in chains_ending.items():
        if len(chains) != 1:
            continue  # several chains are several explanations
        (chain,) = chains
        word = next(w for w in chain.steps[-1] if w.text == outcome_name)
        yield SINGLE_EXPLANATION.finding(
            word.span,
            f"chain {chain.name.text} is the only explanation of {outcome_name}: no hypothesis explains it",
            f"State the chain's thesis as a hypothesis (`hypothesis NAME \"TEXT\" explains {outcome_name} "
            f"argued-by {chain.name.text}`) with its rivals, and mark how the evidence bears on each.",
            Subject("chain", (chain.name.text, outcome_name)),
        )


# --- hypothesis-eliminated, hypothesis-confirmed ----------------------------------


def check_process_tracing(model: Model, analysis: Analysis) -> Iterator[Finding]:
    from causal.analysis.ach import CONFIRMED, ELIMINATED

    for outcome in analysis.outcomes:
        for hypothesis in outcome.hypotheses:
            eliminating = [_test_ref(t) for t in hypothesis.tests if t.counts and t.effect == ELIMINATED]
            confirming = [_test_ref(t) for t in hypothesis.tests if t.counts and t.effect == CONFIRMED]
            if eliminating:
                verb = "confirms" if len(confirming) == 1 else "confirm"
                conflict = f"; yet {_listed(confirming)} {verb} it: the tests conflict" if confirming else ""
                yield HYPOTHESIS_ELIMINATED.finding(
                    _span(model, hypothesis.name),
                    f"hypothesis {hypothesis.name} is eliminated by {_listed(eliminating)}{conflict}",
                    _conflict_help(hypothesis.name)
                    if confirming
                    else f"Drop {hypothesis.name}, or, if the test is less decisive than written, "
                    "make it a smoking-gun or straw-in-the-wind test.",
                    Subject("name", (hypothesis.name, outcome.outcome)),
                )
            if confirming:
                verb = "eliminates" if len(eliminating) == 1 else "eliminate"
                conflict = f"; yet {_listed(eliminating)} {verb} it: the tests conflict" if eliminating else ""
                yield HYPOTHESIS_CONFIRMED.finding(
                    _span(model, hypothesis.name),
                    f"hypothesis {hypothesis.name} is confirmed by {_listed(confirming)}{conflict}",
                    _conflict_help(hypothesis.name)
                    if eliminating
                    else "Make sure the evidence is well graded: the conclusion rests on it.",
                    Subject("name", (hypothesis.name, outcome.outcome)),
                )


def _test_ref(test: TestEffect) -> str:
    from causal.analysis.ach import describe_test

    return f"{describe_test(test, with_label=True)} on line {test.line}"


def _conflict_help(name: str) -> str:
    return (
        f"Decisive tests cannot both hold: re-examine the tests of {name}, their evidence's grades, "
        "and whether one of them is less decisive than written."
    )


# --- chain-misses-outcome --------------------------------------------------------


def check_chain_outcomes(model: Model) -> Iterator[Finding]:
    for name, hypothesis in model.hypotheses.items():
        for word in hypothesis.argued_by:
            finding = _chain_outcome(model, name, hypothesis, word)
            if finding is not None:
                yield finding


def _chain_outcome(model: Model, name: str, hypothesis: ast.HypothesisDecl, argued_by: ast.Word) -> Finding | None:
    chain = model.chains.get(argued_by.text)
    outcome = hypothesis.outcome.text
    if chain is None or model.kind_of(outcome) not in CAUSAL_NODE_KINDS:
        return None  # undefined-name / wrong-kind
    last = [word.text for word in chain.steps[-1]]
    if outcome in last:
        return None
    earlier = any(outcome in {word.text for word in step} for step in chain.steps[:-1])
    where = (
        f"it passes through {outcome} and goes on to {', '.join(last)}"
        if earlier
        else f"it ends at {', '.join(last)}"
    )
    return CHAIN_MISSES_OUTCOME.finding(
        argued_by.span,
        f"hypothesis {name} explains {outcome}, but chain {chain.name.text}, which argues it, "
        f"does not end there: {where}",
        f"Name the chain that ends at {outcome}, end chain {chain.name.text} at {outcome}, "
        "or correct the outcome the hypothesis explains.",
        Subject("name", (name, chain.name.text, outcome)),
    )


# --- untested-hypothesis ---------------------------------------------------------


def check_untested(model: Model, analysis: Analysis) -> Iterator[Finding]:
    from causal.analysis.ach import ELIMINATED, NEUTRAL, UNCODED

    for outcome in analysis.outcomes:
        if model.kind_of(outcome.outcome) not in CAUSAL_NODE_KINDS:
            continue  # undefined-name / wrong-kind
        for column, hypothesis in enumerate(outcome.hypotheses):
            if hypothesis.tested:
                continue
            rejected = [
                row.evidence
                for row in outcome.rows
                if row.cells[column].mark not in (NEUTRAL, UNCODED) and not row.counts
            ]
            rejected += [
                t.evidence for t in hypothesis.tests if not t.counts and (not t.rival or t.effect == ELIMINATED)
            ]
            rejected = list(dict.fromkeys(rejected))
            detail = (
                f"the only evidence bearing on it ({_listed(rejected)}) is rejected"
                if rejected
                else "no evidence is consistent or inconsistent with it, or tests it"
            )
            yield UNTESTED_HYPOTHESIS.finding(
                _span(model, hypothesis.name),
                f"hypothesis {hypothesis.name} of {outcome.outcome} is untested: {detail}; "
                f"its inconsistency score of 0 means nothing",
                f"Mark the evidence that bears on {hypothesis.name} with `consistent-with` or "
                "`inconsistent-with`, or look for evidence that would tell for or against it.",
                Subject("name", (hypothesis.name, outcome.outcome)),
            )


# --- conflicting-marks -----------------------------------------------------------


def check_conflicting_marks(model: Model) -> Iterator[Finding]:
    from causal.analysis.ach import (
        CONSISTENT,
        INCONSISTENT,
        RIVAL_ELIMINATING,
        ExclusiveRivals,
        bearing_words,
        compatibility,
        stated_marks,
    )

    by_outcome: dict[str, list[ast.HypothesisDecl]] = {}
    for declaration in model.hypotheses.values():
        by_outcome.setdefault(declaration.outcome.text, []).append(declaration)
    # Each hypothesis's exclusive rivals: the others of its outcome but the compatible ones.
    rivals: dict[str, ExclusiveRivals] = {}
    for declarations in by_outcome.values():
        compatible = compatibility(declarations)
        names = frozenset(d.name.text for d in declarations)
        for declaration in declarations:
            name = declaration.name.text
            rivals[name] = ExclusiveRivals(name, names, compatible[name])
    for item in model.evidence.values():
        if not (item.consistent or item.inconsistent or item.tests):
            continue
        mentioned = [word.text for word in (*item.consistent, *item.inconsistent)]
        for test in item.tests:
            mentioned.append(test.hypothesis.text)
            if (test.kind.text, test.result.text) in RIVAL_ELIMINATING and test.hypothesis.text in rivals:
                mentioned.extend(sorted(rivals[test.hypothesis.text]))
        stated = stated_marks(item)
        for name in dict.fromkeys(mentioned):
            if name not in model.hypotheses:
                continue  # undefined-name / wrong-kind
            basis, marks = bearing_words(item, name, rivals[name], stated)
            if {mark for mark, _word in marks} != {CONSISTENT, INCONSISTENT}:
                continue
            last = max((word for _mark, word in marks), key=lambda word: (word.line, word.column))
            if basis == "stated":
                why = "it is named in both `consistent-with` and `inconsistent-with`"
            else:
                tests = [
                    f"{test.kind.text} {test.hypothesis.text} {test.result.text}"
                    for test in item.tests
                    if any(test.hypothesis is word for _mark, word in marks)
                ]
                why = f"its tests disagree ({', '.join(dict.fromkeys(tests))})"
            yield _conflicting(item, name, last, why)


def _conflicting(item: ast.EvidenceDecl, hypothesis: str, word: ast.Word, why: str) -> Finding:
    return CONFLICTING_MARKS.finding(
        word.span,
        f"evidence {item.name.text} is both consistent and inconsistent with hypothesis {hypothesis}: "
        f"{why}; the matrix counts it as inconsistent",
        "Keep the mark that is right; if the item holds two observations, split it into two evidence items.",
        Subject("name", (item.name.text, hypothesis)),
    )


# --- uncoded-cells ---------------------------------------------------------------


def check_uncoded(model: Model, analysis: Analysis) -> Iterator[Finding]:
    for outcome in analysis.outcomes:
        if model.kind_of(outcome.outcome) not in CAUSAL_NODE_KINDS:
            continue  # undefined-name / wrong-kind
        for hypothesis in outcome.hypotheses:
            if not hypothesis.uncoded or not hypothesis.tested:
                continue  # nothing blank, or untested-hypothesis says more
            count = len(hypothesis.uncoded)
            cells = "an uncoded cell" if count == 1 else f"{count} uncoded cells"
            verb = "says" if count == 1 else "say"
            yield UNCODED_CELLS.finding(
                _span(model, hypothesis.name),
                f"hypothesis {hypothesis.name} has {cells} in the matrix of {outcome.outcome}: "
                f"{_listed(list(hypothesis.uncoded))} {verb} nothing about it; "
                "the score counts a blank as neither consistent nor inconsistent",
                f"Code each item for {hypothesis.name}: `consistent-with`, `inconsistent-with`, or "
                f"`neutral-to {hypothesis.name}` when the item truly does not bear on it.",
                Subject("name", (hypothesis.name, outcome.outcome)),
            )
