"""Confidence, from 0 to 1, of each evidence item, item, link and chain (docs/language.md, "Grades and confidence").

Confidence is a heuristic for ranking what deserves belief, not a probability.

- **Evidence**: the confidence its pair of grades gives (the grade table, with
  the weakest reliability grade on its reporting path: `Model.grade_confidence`).
- **Event or claim, and link**: from the support that is not rejected. Items
  of support whose reporting paths share a source are not independent, so only
  the strongest of each such group counts; the groups then combine as
  independent witnesses, 1 - (1 - c1)(1 - c2)... A link the analyst marked
  `assumed` has at least the `assumed-confidence`; one with no support that
  stands and not assumed has 0.
- **Statuses** scale every confidence: rejected and unsupported items have 0,
  undecided ones are multiplied by `undecided-weight`.
- **Chain**: see causal.analysis.chains (a conjunction of its steps).

Every weight and threshold is a setting (causal.model.settings).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from causal.analysis.labels import Label
from causal.analysis.links import assess_link
from causal.analysis.strength import accrue
from causal.language import ast

if TYPE_CHECKING:
    from causal.analysis.case_analysis import CaseAnalysis


def status_factor(analysis: CaseAnalysis, item: str) -> float:
    """What an item's status leaves of its confidence."""
    label = analysis.labels.label(item)
    if label is Label.REJECTED or label is Label.UNSUPPORTED:
        return 0.0
    if label is Label.UNDECIDED:
        return analysis.model.settings.undecided_weight
    return 1.0


def evidence_confidence(analysis: CaseAnalysis, item: ast.EvidenceDecl) -> float:
    return analysis.model.grade_confidence(item) * status_factor(analysis, item.name.text)


def combined(analysis: CaseAnalysis, support: Iterable[ast.EvidenceDecl]) -> float:
    """The confidence several items of support give together (best per independent group, groups independent)."""
    return accrue(analysis.model, support, lambda item: evidence_confidence(analysis, item))


def link_confidence(analysis: CaseAnalysis, index: int) -> float:
    judged = assess_link(analysis, index)
    base = combined(analysis, judged.support) if judged.support else 0.0
    if analysis.model.links[index].assumed is not None:
        # The analyst's judgement is a floor: weak evidence added to it never lowers the link.
        base = max(base, analysis.model.settings.assumed_confidence)
    return base * status_factor(analysis, analysis.model.link_id_of(index))


def item_confidence(analysis: CaseAnalysis, name: str) -> float:
    """An event's or claim's confidence, from the evidence that names it in `supports`."""
    support = [
        item
        for item in analysis.model.evidence_for.get(name, ())
        if analysis.labels.label(item.name.text) is not Label.REJECTED
    ]
    return combined(analysis, support) * status_factor(analysis, name)
