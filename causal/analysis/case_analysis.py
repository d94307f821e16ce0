"""The analysis layer: what a case's grades, attacks and hypotheses make of it.

The flow is one way: the model (causal.model.case_model) is built from the AST and never
changes; `analyse_case` reads it and returns a `CaseAnalysis` that holds
everything judged from it (labels, link judgements, confidences, chain
verdicts, the competing-hypotheses matrix). Rules, renderers and commands read
the analysis; nothing here writes back to the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import define, field

from causal.model.case_model import Model

if TYPE_CHECKING:
    from causal.analysis.ach import Analysis
    from causal.analysis.chains import ChainVerdict
    from causal.analysis.labels import Acceptability
    from causal.analysis.links import LinkAssessment


@define
class CaseAnalysis:
    """One case's analysis, made once by `analyse_case`.

    The memo tables are filled on first use (a large case with no chains or
    hypotheses never pays for them) and only by this package's functions.
    """

    model: Model
    labels: Acceptability
    link_assessments: dict[int, LinkAssessment] = field(factory=dict)
    ach: Analysis | None = None
    chain_verdicts: dict[str, ChainVerdict] = field(factory=dict)


def analyse_case(model: Model) -> CaseAnalysis:
    from causal.analysis.labels import label_case

    return CaseAnalysis(model, label_case(model))
