"""Judgements shared by rules and chain verdicts: how well a link is supported, whether it is in time order.

Rules turn these into findings; `chains.py` turns them into verdicts. Keeping
the judgement in one place means a chain's verdict can never disagree with
the findings printed above it.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from attrs import frozen

from causal.analysis.labels import Label, label_reason
from causal.language import ast
from causal.model.case_model import Model
from causal.model.times import Order, order_between

if TYPE_CHECKING:
    from causal.analysis.case_analysis import CaseAnalysis


class Strength(enum.IntEnum):
    """How well a link is supported, weakest first: a level of support for the rules and verdicts,
    not the numeric argument strength that decides attacks (causal.analysis.strength)."""

    MISSING = 0  # no link at all (only for chain steps)
    REJECTED = 1  # the link is rejected by the case's attacks (only for chain steps)
    UNSUPPORTED = 2  # no evidence that is not rejected, and not assumed
    ASSUMED = 3  # no evidence, accepted by the analyst
    WEAK = 4  # all evidence low-grade
    SINGLE_SOURCE = 5  # no two items of evidence are independent (their reporting paths share a source)
    SUPPORTED = 6


@frozen
class LinkAssessment:
    """How well one link is supported. Kept small: one is memoised per link."""

    strength: Strength  # of its support; see `standing` for the link as a whole
    support: tuple[ast.EvidenceDecl, ...]  # not rejected
    # How many groups of support with a traceable source share no source between them.
    independent: int
    # With one such group: the sources on every item's reporting path, nearest to the speaker first.
    shared: tuple[str, ...]
    assumed: str | None = None  # the reason, for an assumed link
    rejected_support: tuple[ast.EvidenceDecl, ...] = ()  # cited, but rejected by an attack
    label: Label = Label.ACCEPTED  # the link's own label
    rejection: str = ""  # why the link is rejected, when it is

    @property
    def standing(self) -> Strength:
        """The link's strength in a chain: REJECTED when the link itself is rejected."""
        return Strength.REJECTED if self.label is Label.REJECTED else self.strength

    @property
    def reason(self) -> str:
        if self.label is Label.REJECTED:
            return f"the link is rejected: {self.rejection}"
        return self.support_reason

    @property
    def support_reason(self) -> str:
        if self.strength is Strength.UNSUPPORTED and self.rejected_support:
            names = ", ".join(item.name.text for item in self.rejected_support)
            return f"its only evidence ({names}) is rejected"
        if self.strength is Strength.UNSUPPORTED:
            return "no evidence, and not marked `assumed`"
        if self.strength is Strength.ASSUMED:
            return f"assumed without evidence: {self.assumed}"
        if self.strength is Strength.WEAK:
            names = ", ".join(item.name.text for item in self.support)
            return f"only low-grade evidence ({names})"
        if self.strength is Strength.SINGLE_SOURCE:
            return f"all evidence traces back to one source, {self.shared[0]}" if self.shared else (
                "all evidence comes through reporting paths that share sources"
            )
        return "supported by evidence"


def assess_link(analysis: CaseAnalysis, index: int) -> LinkAssessment:
    """The link's judgement, made once and kept (chains, confidences and renderers ask again)."""
    cached = analysis.link_assessments.get(index)
    if cached is None:
        cached = analysis.link_assessments[index] = _assess_link(analysis, index)
    return cached


def judge_link(analysis: CaseAnalysis, index: int) -> LinkAssessment:
    """The link's judgement, kept only if it already was: for a pass over every link (the
    support rules) that asks once, so that a large case does not keep one judgement per link."""
    cached = analysis.link_assessments.get(index)
    return cached if cached is not None else _assess_link(analysis, index)


def _assess_link(analysis: CaseAnalysis, index: int) -> LinkAssessment:
    model = analysis.model
    link = model.links[index]
    labels = analysis.labels
    # Rejected support does not count.
    cited = model.link_support[index]
    if labels.rejected_items:
        support = tuple(item for item in cited if not labels.is_rejected(item.name.text))
        rejected = tuple(item for item in cited if labels.is_rejected(item.name.text))
    else:
        support, rejected = cited, ()
    traceable = [item for item in support if model.outlets_of(item)]
    groups = len(model.independent_groups(traceable)) if len(traceable) != 1 else 1
    label = labels.link_label(model, index)
    if not support:
        strength = Strength.ASSUMED if link.assumed is not None else Strength.UNSUPPORTED
    elif all(model.is_low_grade(item) for item in support):
        strength = Strength.WEAK
    elif groups == 1:
        strength = Strength.SINGLE_SOURCE
    else:
        strength = Strength.SUPPORTED
    # The shared sources are only ever named for a single-source link: traced only then.
    shared = (
        tuple(model.reporting.common_sources(item.source.text for item in traceable))
        if strength is Strength.SINGLE_SOURCE
        else ()
    )
    assumed = link.assumed.value if strength is Strength.ASSUMED else None
    rejection = label_reason(labels, model.link_id_of(index)) if label is Label.REJECTED else ""
    return LinkAssessment(strength, support, groups, shared, assumed, rejected, label, rejection)


def late_cause(model: Model, link: ast.LinkDecl) -> str | None:
    """The first cause of ``link`` that certainly comes after its effect (`causal.model.times.order`), or None.

    The chain verdicts and the graph both ask this of a link, so a chain step
    and an edge are out of order exactly when `temporal-order` reports an
    error on one of the link's causes, whichever cause that is.
    """
    for cause in link.causes:
        if order_between(model.times, cause.text, link.effect.text) is Order.AFTER:
            return cause.text
    return None
