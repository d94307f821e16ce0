"""The text of `causal ach`: per outcome, the ACH matrix, the ranking and the process-tracing verdicts.

    outcome withdrawal: 2 hypotheses, 3 evidence items

      evidence  grades  weight  h_rift  h_cost
      denial      0.64  I       C
      budget      0.36  C       C       non-diagnostic
      rumour      0.00  C       ?       rejected

      rank  hypothesis         inconsistency  I  ?  consistency  process tracing  argument
      1     h_cost (added)              0.00  0  1         1.00  none             -
      2     h_rift (argued)             0.64  1  0         0.36  eliminated       weak

      sensitivity: without denial, h_rift would rank first

      h_rift "The rift", argued by chain thesis
        argued chain thesis is weak: only low-grade evidence (rumour)
        eliminated by hoop test talks (failed)
    ...

then one legend and ACH's limits for the whole output. Names and titles are
escaped like the findings of `causal check`, so a case file cannot write to
the terminal.
"""

from __future__ import annotations

import math
import textwrap
import unicodedata

from causal.analysis.ach import (
    CONFIRMED,
    ELIMINATED,
    STRENGTHENED,
    SURVIVES,
    WEAKENED,
    Analysis,
    HypothesisResult,
    OutcomeAnalysis,
    TestEffect,
    describe_test,
)
from causal.analysis.bayes import COMPATIBLE, INVALID_PRIORS, MISSING_PRIORS, Posterior
from causal.report.excerpt import printable

INDENT = "  "
LEGEND = (
    "C consistent, I inconsistent, N neutral (coded `neutral-to`), ? uncoded: the item says nothing "
    "about the hypothesis (I! the item says both C and I; counted as I). "
    "A row weighs its evidence's confidence; rejected evidence weighs 0. A non-diagnostic row has the same "
    "mark for every hypothesis and cannot separate them (Heuer step 4). "
    "Inconsistency = the summed weight of the evidence inconsistent with a hypothesis (Heuer). "
    "Ranking: hypotheses that process tracing eliminates come last, then those argued only by broken chains, "
    "then by inconsistency, least first; equal scores go to the larger consistency (the summed weight of the "
    "consistent evidence), then by name, and `=` marks hypotheses equal but for their name. "
    "I and ? count the inconsistent and uncoded items."
)
LIMITS = (
    "ACH's limits: it assumes the hypotheses are complete and, unless marked `compatible-with`, mutually "
    "exclusive; evidence may be deceptive (Heuer 1999, ch. 8); scores rank the hypotheses, they are not "
    "probabilities."
)
BAYES_LIMITS = (
    "Bayes' limits: a posterior assumes the evidence items are conditionally independent given each "
    "hypothesis (combine dependent evidence into one likelihood), and that the hypotheses are mutually "
    "exclusive and complete; it is only as good as the priors and likelihoods given (Fairfield and Charman "
    "2017). It does not change the ACH scores or the ranking."
)
NO_HYPOTHESES = "no hypotheses: the case declares no `hypothesis`, so there are no rival explanations to compare"


def _width(text: str) -> int:
    """Terminal cells ``text`` takes: wide East Asian characters two, combining marks none."""
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        for char in text
    )


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _table(rows: list[list[str]], right: set[int]) -> list[str]:
    """Rows of cells as aligned columns (two spaces apart), trailing blanks removed."""
    widths = [max(_width(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        (INDENT + "  ".join(_pad(cell, widths[i], i in right) for i, cell in enumerate(row))).rstrip()
        for row in rows
    ]


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _matrix(outcome: OutcomeAnalysis) -> list[str]:
    if not outcome.rows:
        return [INDENT + "no evidence bears on these hypotheses"]
    header = ["evidence", "grades", "weight", *(printable(h.name) for h in outcome.hypotheses), ""]
    rows = [header]
    for row in outcome.rows:
        cells = [cell.mark + ("!" if cell.conflicting else "") for cell in row.cells]
        notes = [] if row.label == "accepted" else [row.label]
        if not row.diagnostic:
            notes.append("non-diagnostic")
        rows.append([printable(row.evidence), row.grades, f"{row.weight:.2f}", *cells, ", ".join(notes)])
    return _table(rows, right={2})


def _marks(hypothesis: HypothesisResult) -> str:
    marks = []
    if hypothesis.argued_by:
        marks.append("argued")
    if hypothesis.added is not None:
        marks.append("added")
    return f" ({', '.join(marks)})" if marks else ""


# The best argument shows: one chain that stands is enough to argue a hypothesis.
_ARGUMENT_ORDER = ("supported", "weak", "broken")


def _argument(hypothesis: HypothesisResult) -> str:
    if not hypothesis.arguments:
        return "-"
    return min((a.verdict for a in hypothesis.arguments), key=_ARGUMENT_ORDER.index)


def _ranking(outcome: OutcomeAnalysis) -> list[str]:
    rows = [["rank", "hypothesis", "inconsistency", "I", "?", "consistency", "process tracing", "argument"]]
    for hypothesis in outcome.ranking:
        rank = f"{hypothesis.rank}" + ("=" if hypothesis.tied else "")
        rows.append(
            [
                rank,
                printable(hypothesis.name) + _marks(hypothesis),
                f"{hypothesis.inconsistency:.2f}",
                str(hypothesis.inconsistent_count),
                str(len(hypothesis.uncoded)),
                f"{hypothesis.consistency:.2f}",
                hypothesis.verdict,
                _argument(hypothesis),
            ]
        )
    return _table(rows, right={2, 3, 4, 5})


def _sensitivity(outcome: OutcomeAnalysis) -> list[str]:
    """Heuer step 6: which single items the conclusion hangs on."""
    if len(outcome.hypotheses) < 2 or not outcome.rows:
        return []
    if not outcome.sensitivity:
        return [INDENT + "sensitivity: removing any one evidence item leaves the same hypothesis first"]
    parts = [f"without {printable(s.evidence)}, {printable(s.first)} would rank first" for s in outcome.sensitivity]
    return [INDENT + "sensitivity: " + "; ".join(parts)]


def _signed(value: float) -> str:
    text = f"{value:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text


def _posterior(outcome: OutcomeAnalysis) -> list[str]:
    """Bayesian process tracing: the posteriors, and each item's weight of evidence for the leading pair."""
    bayes: Posterior | None = outcome.posterior
    if bayes is None:
        return []
    if not bayes.computed:
        if bayes.reason == MISSING_PRIORS:
            verb = "has" if len(bayes.without) == 1 else "have"
            why = (
                f"{', '.join(bayes.without)} {verb} no prior; give every hypothesis of "
                f"{outcome.outcome} a prior"
            )
        elif bayes.reason == INVALID_PRIORS:
            why = f"the prior of {', '.join(bayes.without)} is not a positive number (invalid-value)"
        else:
            assert bayes.reason == COMPATIBLE
            pairs = "; ".join(f"{first} and {second}" for first, second in bayes.compatible_pairs)
            why = (
                f"{pairs} are marked compatible-with, so the hypotheses are not mutually exclusive, "
                "and Bayes' rule here needs an exclusive set"
            )
        return [INDENT + printable(f"posterior: not computed: {why}")]
    lines = [INDENT + "posterior (Bayes' rule: priors normalised, evidence independent given each hypothesis)"]
    rows = [["hypothesis", "prior", "posterior"]]
    for name, prior, value in zip(bayes.hypotheses, bayes.priors, bayes.posteriors):
        rows.append([printable(name), f"{prior:.3f}", f"{value:.3f}"])
    lines += [INDENT + line for line in _table(rows, right={1, 2})]
    if bayes.pair is not None:
        first, second = bayes.pair
        lines.append("")
        lines.append(
            INDENT * 2
            + printable(f"weight of evidence for {first} over {second}, in decibans (10 log10 of the likelihood ratio)")
        )
        rows = [["prior odds", _signed(bayes.prior_weight), ""]]
        for item in bayes.items:
            note = "" if item.exponent == 1 else f"{item.label}: ratio raised to the power {item.exponent:g}"
            rows.append([printable(item.evidence), _signed(item.weight), note])
        odds = 10 ** (bayes.posterior_weight / 10) if bayes.posterior_weight < 3000 else math.inf
        rows.append(["posterior odds", _signed(bayes.posterior_weight), f"= odds {odds:.3g} : 1"])
        lines += [INDENT + line for line in _table(rows, right={1})]
    if not bayes.items:
        lines.append(INDENT * 2 + "no evidence gives likelihoods for every hypothesis: the posterior is the prior")
    for unusable in bayes.unusable:
        if unusable.reason == "missing":
            text = f"not usable: {unusable.evidence} gives no likelihood for {', '.join(unusable.hypotheses)}"
        elif unusable.reason == "invalid":
            text = (
                f"not usable: {unusable.evidence}'s likelihood for {', '.join(unusable.hypotheses)} "
                "is not a positive number (invalid-value)"
            )
        else:
            text = f"ignored: {unusable.evidence} is {unusable.reason}; its likelihoods do not count"
        lines.append(INDENT * 2 + printable(text))
    return lines


def describe_effect(test: TestEffect) -> str:
    """`eliminated by hoop test talks (failed)`; what a test would have done had its evidence been
    decisive; and why it does not count when its evidence is rejected."""
    described = describe_test(test)
    if test.effect == ELIMINATED:
        text = f"eliminated by {described}"
    elif test.effect == CONFIRMED:
        text = f"confirmed by {described}"
    elif test.effect == SURVIVES:
        text = f"survives {described}: slightly strengthened"
    else:
        verb = {STRENGTHENED: "strengthened", WEAKENED: "weakened"}[test.effect]
        text = f"{test.degree + ' ' if test.degree else ''}{verb} by {described}"
    if test.would_be is not None:
        would = {ELIMINATED: "eliminate", CONFIRMED: "confirm"}[test.would_be]
        only = "weakens" if test.effect == WEAKENED else "strengthens"
        text += f" — would {would}, but {test.why_not}: only {only}"
    if not test.counts:
        text += f" — does not count: {test.evidence} is rejected"
    return printable(text)


def _details(hypothesis: HypothesisResult) -> list[str]:
    head = f'{printable(hypothesis.name)} "{printable(hypothesis.title)}"'
    if hypothesis.argued_by:
        chains = "chain" if len(hypothesis.argued_by) == 1 else "chains"
        head += f", argued by {chains} {printable(', '.join(hypothesis.argued_by))}"
    if hypothesis.compatible:
        head += f", compatible with {printable(', '.join(hypothesis.compatible))}"
    if hypothesis.added is not None:
        head += f", the analyst's addition: {printable(hypothesis.added)}"
    lines = [INDENT + head]
    for argument in hypothesis.arguments:
        if argument.verdict != "supported":
            lines.append(
                INDENT * 2 + printable(f"argued chain {argument.chain} is {argument.verdict}: {argument.reason}")
            )
    if hypothesis.uncoded:
        verb = "says" if len(hypothesis.uncoded) == 1 else "say"
        lines.append(INDENT * 2 + printable(f"uncoded: {', '.join(hypothesis.uncoded)} {verb} nothing about it"))
    if hypothesis.verdict == "conflict":
        lines.append(INDENT * 2 + "conflict: confirmed and eliminated at once; the tests cannot all hold")
    if not hypothesis.tests:
        lines.append(INDENT * 2 + "no process-tracing tests")
    lines.extend(INDENT * 2 + describe_effect(test) for test in hypothesis.tests)
    return lines


def render_outcome(outcome: OutcomeAnalysis) -> list[str]:
    count = len(outcome.hypotheses)
    out = [
        f"outcome {printable(outcome.outcome)}: {_plural(count, 'hypothesis', 'hypotheses')}, "
        f"{_plural(len(outcome.rows), 'evidence item', 'evidence items')}",
        "",
    ]
    out += _matrix(outcome)
    out.append("")
    out += _ranking(outcome)
    sensitivity = _sensitivity(outcome)
    if sensitivity:
        out.append("")
        out += sensitivity
    bayes = _posterior(outcome)
    if bayes:
        out.append("")
        out += bayes
    for hypothesis in outcome.hypotheses:
        out.append("")
        out += _details(hypothesis)
    return out


def render_ach_text(analysis: Analysis) -> str:
    """The whole text; no trailing newline."""
    if not analysis.outcomes:
        return NO_HYPOTHESES
    out: list[str] = []
    for outcome in analysis.outcomes:
        out += render_outcome(outcome)
        out.append("")
    out.extend(textwrap.wrap(LEGEND, 78))
    out.append("")
    out.extend(textwrap.wrap(LIMITS, 78))
    if any(outcome.posterior is not None for outcome in analysis.outcomes):
        out.append("")
        out.extend(textwrap.wrap(BAYES_LIMITS, 78))
    return "\n".join(out)
