"""Rules about time: causes must not come after their effects (codes CX31x).

The comparison itself is `causal.model.times.order`, which the chain verdicts and the
graph use too, so a chain is broken exactly when this rule reports an error on
one of its links, and the graph marks that link.
"""

from __future__ import annotations

from collections.abc import Iterator

from causal.model.case_model import CAUSAL_NODE_KINDS, Model
from causal.model.times import Order, Timing, order
from causal.rules.base import Phase, Rule, runs_in
from causal.rules.findings import Finding, Severity, Subject, link_subject

TEMPORAL_ORDER = Rule(
    name="temporal-order",
    code="CX311",
    severity=Severity.ERROR,
    summary="A cause dated after its effect, or a chain step that cannot be dated.",
    finds="""
        For every link, each dated cause against its dated effect (events and
        claims may both carry a time), with the times read as day intervals.
        `at 2016-03` is an instant, any one day in March 2016; `during
        2015-10..2016-02` is a state that holds on every day from October 2015
        to February 2016, so it begins on 2015-10-01. The question is whether
        the cause can have begun before the effect began: an instant begins on
        one of its days, a state on its first day.

        It is an error when the cause certainly begins after the effect (its
        earliest beginning is later than the effect's latest), and a warning
        when the dates merely allow it (two instants that overlap or are
        open-ended, or a cause whose time reaches past the first day of a state
        it causes), so that the order cannot be confirmed. Beginning on the same
        day is in order, and so is a state that begins before its effect and
        lasts beyond it.

        As information, it also names each step of a chain that has no time (an
        event or a claim without `at` or `during`), since its place in the chain
        cannot be ordered: one finding per name per chain.
        """,
    why="""
        A cause cannot act before it exists. A date that puts a cause after its
        effect is either a wrong date or a wrong link, and it breaks every chain
        through that link. Vague, overlapping dates do not break anything, but
        they leave the order unconfirmed. A state, such as troops that never
        arrive, acts from the day it begins, so it is in order as soon as it has
        begun, however long it goes on after its effect.
        """,
    example="""
        event withdrawal "Putin pulls back the contingent" at 2016-03
        event rift "Moscow and Tehran fall out" at 2016-04
        link rift -> withdrawal assumed "for the example"
        """,
    passing="""
        event withdrawal "Putin pulls back the contingent" at 2016-03
        event no_troops "The promised ground forces never arrive" during 2015-10..2016-04
        link no_troops -> withdrawal assumed "for the example"
        """,
)



@runs_in(Phase.MODEL)
def check(model: Model) -> Iterator[Finding]:
    yield from check_link_order(model)
    yield from check_undated_steps(model)


def _dated(model: Model, name: str) -> str:
    return f"{name} ({model.times[name].described})"


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
            found = order(model.times[cause], model.times[effect])
            if found is Order.AFTER:
                yield TEMPORAL_ORDER.finding(
                    cause_word.span,
                    f"cause {_dated(model, cause)} certainly starts after its effect "
                    f"{_dated(model, effect)} " + ("begins" if model.times[effect].state else "ends"),
                    "Check both dates; if they are right, the link is the wrong way round or wrong.",
                    subject,
                )
            elif found is Order.MAYBE_AFTER:
                yield TEMPORAL_ORDER.finding(
                    cause_word.span,
                    f"cause {_dated(model, cause)} may come after its effect {_dated(model, effect)}: "
                    + _why_unsure(model.times[cause], model.times[effect]),
                    "Give more precise dates, or check that the cause really comes first.",
                    subject,
                    severity=Severity.WARNING,
                )


def _why_unsure(cause: Timing, effect: Timing) -> str:
    # A state's beginning is one known day, so only an instant's time can leave the order open.
    if not cause.state and cause.interval.latest is None:
        return "the cause's time has no end"
    if effect.state:
        return "the effect is a state that begins within the cause's time"
    if effect.interval.earliest is None:
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
                if name in model.times or model.declarations[name].time is not None:
                    continue  # dated, or a date invalid-value already reports
                kind = model.kind_of(name)
                message = f"{kind} {name} in chain {chain_name} has no time, so its place in the chain cannot be ordered"
                help = (
                    f"Give the {kind} a time if it has one: `at` when it happened (a day, a month, "
                    "a year or a range), or `during` the range it held through."
                )
                yield TEMPORAL_ORDER.finding(
                    word.span, message, help, Subject("name", (name,)), severity=Severity.INFO
                )
