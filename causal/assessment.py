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
    strength: Strength
    reason: str
    support: tuple[ast.EvidenceDecl, ...]
    origins: frozenset[str]


def assess_link(model: Model, index: int) -> LinkAssessment:
    key = ("assess_link", index)
    cached = model.memo.get(key)
    if cached is None:
        cached = model.memo[key] = _assess_link(model, index)
    return cached


def _assess_link(model: Model, index: int) -> LinkAssessment:
    link = model.links[index]
    support = model.link_support[index]
    origins = frozenset(model.origins_of(support))
    if not support:
        if link.assumed is not None:
            return LinkAssessment(Strength.ASSUMED, f"assumed without evidence: {link.assumed.value}", support, origins)
        return LinkAssessment(Strength.UNSUPPORTED, "no evidence, and not marked `assumed`", support, origins)
    if all(model.is_low_grade(item) for item in support):
        names = ", ".join(item.name.text for item in support)
        return LinkAssessment(Strength.WEAK, f"only low-grade evidence ({names})", support, origins)
    if len(origins) == 1:
        (origin,) = origins
        return LinkAssessment(Strength.SINGLE_SOURCE, f"all evidence traces back to one source, {origin}", support, origins)
    return LinkAssessment(Strength.SUPPORTED, "supported by evidence", support, origins)


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
