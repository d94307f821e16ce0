"""The text of `causal ach`: per outcome, the ACH matrix, the ranking and the process-tracing verdicts.

    outcome withdrawal: 2 hypotheses, 3 evidence items

      evidence  weight  h_rift  h_cost
      denial      0.64  I       C
      budget      0.36  C       C
      rumour      0.00  C       N       rejected

      rank  hypothesis         inconsistency  I  consistency  process tracing
      1     h_cost (added)              0.00  0         1.00  standing
      2     h_rift (argued)             0.64  1         0.36  eliminated

      h_rift "The rift", argued by chain thesis
        eliminated by hoop test talks (failed)
    ...

then one legend for the whole output. Names and titles are escaped like the
findings of `causal check`, so a case file cannot write to the terminal.
"""

from __future__ import annotations

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
from causal.render.excerpt import printable

INDENT = "  "
LEGEND = (
    "C consistent, I inconsistent, N neutral (I! the item says both; counted as I). "
    "A row weighs its evidence's confidence; rejected evidence weighs 0. "
    "Inconsistency = the summed weight of the evidence inconsistent with a hypothesis (Heuer); "
    "rank 1 is the least inconsistent; `=` marks equal scores, ordered by name. I = how many items are inconsistent with it; "
    "consistency = the summed weight of the consistent ones, for information only."
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
    header = ["evidence", "weight", *(printable(h.name) for h in outcome.hypotheses), ""]
    rows = [header]
    for row in outcome.rows:
        cells = [cell.mark + ("!" if cell.conflicting else "") for cell in row.cells]
        note = "" if row.label == "accepted" else row.label
        rows.append([printable(row.evidence), f"{row.weight:.2f}", *cells, note])
    return _table(rows, right={1})


def _marks(hypothesis: HypothesisResult) -> str:
    marks = []
    if hypothesis.argued_by is not None:
        marks.append("argued")
    if hypothesis.added is not None:
        marks.append("added")
    return f" ({', '.join(marks)})" if marks else ""


def _ranking(outcome: OutcomeAnalysis) -> list[str]:
    rows = [["rank", "hypothesis", "inconsistency", "I", "consistency", "process tracing"]]
    for hypothesis in outcome.ranking:
        rank = f"{hypothesis.rank}" + ("=" if hypothesis.tied else "")
        rows.append(
            [
                rank,
                printable(hypothesis.name) + _marks(hypothesis),
                f"{hypothesis.inconsistency:.2f}",
                str(hypothesis.inconsistent_count),
                f"{hypothesis.consistency:.2f}",
                hypothesis.verdict,
            ]
        )
    return _table(rows, right={2, 3, 4})


_PHRASES = {
    ELIMINATED: "eliminated by {test}",
    CONFIRMED: "confirmed by {test}",
    SURVIVES: "survives {test}: slightly strengthened",
    STRENGTHENED: "slightly strengthened by {test}",
    WEAKENED: "slightly weakened by {test}",
}


def describe_effect(test: TestEffect) -> str:
    """`eliminated by hoop test talks (failed)`, and why it does not count when its evidence is rejected."""
    text = _PHRASES[test.effect].format(test=describe_test(test))
    if not test.counts:
        text += f" — does not count: {test.evidence} is rejected"
    return printable(text)


def _details(hypothesis: HypothesisResult) -> list[str]:
    head = f'{printable(hypothesis.name)} "{printable(hypothesis.title)}"'
    if hypothesis.argued_by is not None:
        head += f", argued by chain {printable(hypothesis.argued_by)}"
    if hypothesis.added is not None:
        head += f", the analyst's addition: {printable(hypothesis.added)}"
    lines = [INDENT + head]
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
    return "\n".join(out)
