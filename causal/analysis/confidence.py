"""Confidence, from 0 to 1, of each evidence item, item, link and chain (docs/language.md, "Grading").

- **Evidence**: the weight of its source's reliability, taken as the lowest
  weight of any source on its reporting path (the worst grade along `via`),
  times the weight of its credibility.
- **Event or claim, and link**: from the support that is not rejected. Items
  of support that trace back to the same origin are not independent, so only
  the strongest of each origin counts; the origins then combine as independent
  witnesses, 1 - (1 - c1)(1 - c2)... A link with no such support has the
  `assumed-confidence` when the analyst marked it `assumed`, else 0.
- **Labels** scale every confidence: rejected items have 0, undecided ones are
  multiplied by `undecided-weight`.
- **Chain**: its weakest step, a step being as strong as the best link that
  makes it (0 when a cause certainly comes after its effect).

Every weight and threshold is a setting (causal.settings).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from causal import ast
from causal.analysis.labels import Label
from causal.analysis.links import Strength, assess_link
from causal.grades import DEFAULT_CREDIBILITY, DEFAULT_RELIABILITY
from causal.model import Model

if TYPE_CHECKING:
    from causal.analysis import CaseAnalysis


def _label_factor(analysis: CaseAnalysis, item: str) -> float:
    label = analysis.labels.label(item)
    if label is Label.REJECTED:
        return 0.0
    if label is Label.UNDECIDED:
        return analysis.model.settings.undecided_weight
    return 1.0


def source_weight(model: Model, source_name: str | None) -> float:
    """The lowest reliability weight on the source's reporting path (the default grade's when unknown)."""
    weights = model.settings.reliability_weights
    if source_name is None or source_name not in model.sources:
        return weights[DEFAULT_RELIABILITY]
    path, _loops = model.reporting_path(source_name)
    return min(weights[model.reliability_of(name)] for name in path)


def evidence_grade_weight(model: Model, item: ast.EvidenceDecl) -> float:
    """Reliability weight times credibility weight, before any label is considered."""
    source = item.source.text if item.source is not None else None
    credibility = model.settings.credibility_weights.get(model.credibility_of(item))
    if credibility is None:
        credibility = model.settings.credibility_weights[DEFAULT_CREDIBILITY]
    return source_weight(model, source) * credibility


def evidence_confidence(analysis: CaseAnalysis, item: ast.EvidenceDecl) -> float:
    return evidence_grade_weight(analysis.model, item) * _label_factor(analysis, item.name.text)


def combined(analysis: CaseAnalysis, support: Iterable[ast.EvidenceDecl]) -> float:
    """The confidence several items of support give together (best per origin, origins independent)."""
    model = analysis.model
    best_by_origin: dict[str, float] = {}
    for item in support:
        source = item.source.text if item.source is not None else None
        origin = model.origin_of(source) if source is not None else None
        # An item with no traceable origin stands on its own.
        key = origin if origin is not None else f"\0{item.name.text}"
        best_by_origin[key] = max(best_by_origin.get(key, 0.0), evidence_confidence(analysis, item))
    doubt = 1.0
    for confidence in best_by_origin.values():
        doubt *= 1.0 - confidence
    return 1.0 - doubt


def link_confidence(analysis: CaseAnalysis, index: int) -> float:
    judged = assess_link(analysis, index)
    if judged.support:
        base = combined(analysis, judged.support)
    elif judged.strength is Strength.ASSUMED:
        base = analysis.model.settings.assumed_confidence
    else:
        base = 0.0
    return base * _label_factor(analysis, analysis.model.link_id_of(index))


def item_confidence(analysis: CaseAnalysis, name: str) -> float:
    """An event's or claim's confidence, from the evidence that names it in `supports`."""
    support = [
        item
        for item in analysis.model.evidence_for.get(name, ())
        if analysis.labels.label(item.name.text) is not Label.REJECTED
    ]
    return combined(analysis, dict.fromkeys(support)) * _label_factor(analysis, name)
