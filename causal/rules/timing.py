"""Rules about time: causes must not come after their effects (codes CX31x).

The comparison itself is `causal.analysis.links.temporal_order`, which the chain
verdicts use too, so a chain is broken exactly when this rule reports an error
on one of its links.
"""

from __future__ import annotations

from collections.abc import Iterator

from causal import ast
from causal.analysis.links import Order, temporal_order
from causal.findings import Finding, Severity, Subject, link_subject
from causal.model import CAUSAL_NODE_KINDS, Interval, Model
from causal.rules.base import Rule

TEMPORAL_ORDER = Rule(
    name="temporal-order",
    code="CX311",
    severity=Severity.ERROR,
    summary="A cause dated after its effect, or a chain step that cannot be dated.",
    finds="""
        For every link, each dated cause against its dated effect, with the
        times read as day intervals (`at 2016-03` is any day in March 2016).
        It is an error when the cause certainly starts after the effect ends
        (its earliest day is later than the effect's latest day), and a warning
        when the dates merely allow it (they overlap, or one is open-ended), so
        that the order cannot be confirmed. A cause on the same day as its
        effect is in order.

        As information, it also names each step of a chain that has no time (an
        event without `at`, or a claim, which has no time by design), since its
        place in the chain cannot be ordered: one finding per name per chain.
        """,
    why="""
        A cause cannot act before it exists. A date that puts a cause after its
        effect is either a wrong date or a wrong link, and it breaks every chain
        through that link. Vague, overlapping dates do not break anything, but
        they leave the order unconfirmed.
        """,
    example="""
        event withdrawal "Putin pulls back the contingent" at 2016-03
        event rift "Moscow and Tehran fall out" at 2016-04
        link rift -> withdrawal assumed "for the example"
        """,
    passing="""
        event withdrawal "Putin pulls back the contingent" at 2016-03
        event rift "Moscow and Tehran fall out" at 2016-02
        link rift -> withdrawal assumed "for the example"
        """,
)

RULES = (TEMPORAL_ORDER,)


def check(model: Model) -> Iterator[Finding]:
    yield from check_link_order(model)
    yield from check_undated_steps(model)


def time_as_written(time: ast.Time) -> str:
    start = time.start.text if time.start is not None else ""
    if not time.is_range:
        return start
    end = time.end.text if time.end is not None else ""
    return f"{start}..{end}"


def _dated(model: Model, name: str) -> str:
    return f"{name} ({time_as_written(model.events[name].time)})"


def check_link_order(model: Model) -> Iterator[Finding]:
    for link in model.links:
        effect = link.effect.text
        if effect not in model.times:
            continue
        causes = tuple(dict.fromkeys(word.text for word in link.causes))
        subject = link_subject(causes, effect, link.label.text if link.label else None)
        reported: set[str] = set()
        for cause_word in link.causes:
            cause = cause_word.text
            if cause in reported or cause not in model.times:
                continue
            reported.add(cause)
            order = temporal_order(model.times[cause], model.times[effect])
            if order is Order.AFTER:
                yield TEMPORAL_ORDER.finding(
                    cause_word.span,
                    f"cause {_dated(model, cause)} certainly starts after its effect "
                    f"{_dated(model, effect)} ends",
                    "Check both dates; if they are right, the link is the wrong way round or wrong.",
                    subject,
                )
            elif order is Order.MAYBE_AFTER:
                yield TEMPORAL_ORDER.finding(
                    cause_word.span,
                    f"cause {_dated(model, cause)} may come after its effect {_dated(model, effect)}: "
                    + _why_unsure(model.times[cause], model.times[effect]),
                    "Give more precise dates, or check that the cause really comes first.",
                    subject,
                    severity=Severity.WARNING,
                )


def _why_unsure(cause: Interval, effect: Interval) -> str:
    if cause.latest is None:
        return "the cause's time has no end"
    if effect.earliest is None:
        return "the effect's time has no start"
    return "their times overlap"


def check_undated_steps(model: Model) -> Iterator[Finding]:
    for chain in model.chains.values():
        chain_name = chain.name.text
        reported: set[str] = set()
        for step in chain.steps:
            for word in step:
                name = word.text
                if name in reported or model.kind_of(name) not in CAUSAL_NODE_KINDS:
                    continue
                reported.add(name)
                if name in model.claims:
                    message = f"claim {name} in chain {chain_name} has no time, so its place in the chain cannot be ordered"
                    help = (
                        "Claims have no time by design; if this one is something that happened, "
                        "declare it as an event with `at`."
                    )
                elif model.events[name].time is None:
                    message = f"event {name} in chain {chain_name} has no time, so its place in the chain cannot be ordered"
                    help = "Give the event a time with `at` (a year, a month or a range will do)."
                else:
                    continue  # dated, or a date invalid-value already reports
                yield TEMPORAL_ORDER.finding(
                    word.span, message, help, Subject("name", (name,)), severity=Severity.INFO
                )
