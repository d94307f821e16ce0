"""Judgements shared by rules and chain verdicts: how well a link is supported, time order.

Rules turn these into findings; `chains.py` turns them into verdicts. Keeping
the judgement in one place means a chain's verdict can never disagree with
the findings printed above it.
"""

from __future__ import annotations

import enum

from attrs import frozen

from causal import ast
from causal.model import Interval, Model


class Strength(enum.IntEnum):
    """How well a link is supported, weakest first."""

    MISSING = 0  # no link at all (only for chain steps)
    UNSUPPORTED = 1  # no evidence, not assumed
    ASSUMED = 2  # no evidence, accepted by the analyst
    WEAK = 3  # all evidence low-grade
    SINGLE_SOURCE = 4  # evidence traces back to one origin source
    SUPPORTED = 5


@frozen
class LinkAssessment:
    """How well one link is supported. Kept small: one is memoised per link."""

    strength: Strength
    support: tuple[ast.EvidenceDecl, ...]
    origins: tuple[str, ...]  # sorted
    assumed: str | None = None  # the reason, for an assumed link

    @property
    def reason(self) -> str:
        if self.strength is Strength.UNSUPPORTED:
            return "no evidence, and not marked `assumed`"
        if self.strength is Strength.ASSUMED:
            return f"assumed without evidence: {self.assumed}"
        if self.strength is Strength.WEAK:
            names = ", ".join(item.name.text for item in self.support)
            return f"only low-grade evidence ({names})"
        if self.strength is Strength.SINGLE_SOURCE:
            return f"all evidence traces back to one source, {self.origins[0]}"
        return "supported by evidence"


def assess_link(model: Model, index: int) -> LinkAssessment:
    cached = model.link_assessments.get(index)
    if cached is None:
        cached = model.link_assessments[index] = _assess_link(model, index)
    return cached


def _assess_link(model: Model, index: int) -> LinkAssessment:
    link = model.links[index]
    support = model.link_support[index]
    origins = tuple(sorted(model.origins_of(support)))
    if not support:
        if link.assumed is not None:
            return LinkAssessment(Strength.ASSUMED, support, origins, link.assumed.value)
        return LinkAssessment(Strength.UNSUPPORTED, support, origins)
    if all(model.is_low_grade(item) for item in support):
        return LinkAssessment(Strength.WEAK, support, origins)
    if len(origins) == 1:
        return LinkAssessment(Strength.SINGLE_SOURCE, support, origins)
    return LinkAssessment(Strength.SUPPORTED, support, origins)


class Order(enum.Enum):
    BEFORE = "before"  # the cause can start before the effect ends
    MAYBE_AFTER = "maybe-after"  # the dates allow the cause to start after the effect ended
    AFTER = "after"  # the cause certainly starts after the effect ends


def temporal_order(cause: Interval, effect: Interval) -> Order:
    """Compare the time of a cause with the time of its effect.

    Each interval holds the days on which the event may have happened.
    The cause certainly comes after the effect when its earliest day is later
    than the effect's latest day; it may come after when its latest day is later
    than the effect's earliest day. Open ends reach to the infinite past or future.
    """
    if cause.earliest is not None and effect.latest is not None and cause.earliest > effect.latest:
        return Order.AFTER
    cause_latest = float("inf") if cause.latest is None else cause.latest
    effect_earliest = float("-inf") if effect.earliest is None else effect.earliest
    # A cause on the very day of its effect counts as in order: it may act within the day.
    return Order.MAYBE_AFTER if cause_latest > effect_earliest else Order.BEFORE
