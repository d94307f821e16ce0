"""Times of events and claims: dates as day intervals, their two readings, and the order of a cause and its effect.

A time is written `at ...` or `during ...` with the same forms (`2015`,
`2016-03`, `2016-02-25`, `A..B`, `A..`, `..B`), and both stand for a closed
interval of days; an open end reaches to the infinite past or future. The
keyword says how to read the interval:

- `at`: an uncertain instant, the item happened on *some* day of the interval;
- `during`: a state, the item holds on *every* day of the interval, so it
  begins on the interval's first day.

`order` is the one comparison of a cause's time with its effect's: the
`temporal-order` rule, the chain verdicts and the graph all call it, so they
cannot disagree. It asks whether the cause can have begun before the effect
began (docs/language.md, "Times", has the table and the reasoning).
"""

from __future__ import annotations

import datetime
import enum
import math
from collections.abc import Mapping

from attrs import frozen

from causal.language import ast


def parse_date_bounds(text: str) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day a `YYYY[-MM[-DD]]` date covers; None if it does not exist.

    Parses every time it is called: a check reads its dates through `ParsedDates`, which parses each once.
    """
    parts = [int(p) for p in text.split("-")]
    try:
        if len(parts) == 1:
            return datetime.date(parts[0], 1, 1), datetime.date(parts[0], 12, 31)
        if len(parts) == 2:
            year, month = parts
            first = datetime.date(year, month, 1)
            following = datetime.date(year + (month == 12), month % 12 + 1, 1) if year < 9999 or month < 12 else None
            last = following - datetime.timedelta(days=1) if following else datetime.date(9999, 12, 31)
            return first, last
        day = datetime.date(*parts)
        return day, day
    except ValueError:
        return None


class ParsedDates:
    """The dates of one check, each parsed once: the value checks and the model read the same dates.

    One is made per check (causal.pipeline) and dropped with it, so a case of any size parses each distinct
    date once, and nothing is kept between checks (the language server checks on every keystroke). A global
    cache of bounded size would do neither: past its size, the model, which reads the dates after the value
    checks, would find none of them and parse them all again.
    """

    __slots__ = ("_bounds",)

    def __init__(self) -> None:
        self._bounds: dict[str, tuple[datetime.date, datetime.date] | None] = {}

    def bounds(self, text: str) -> tuple[datetime.date, datetime.date] | None:
        """`parse_date_bounds` of ``text``, parsed at its first reading in this check."""
        try:
            return self._bounds[text]
        except KeyError:
            found = self._bounds[text] = parse_date_bounds(text)
            return found


@frozen
class Interval:
    """A closed interval of days (proleptic ordinals); None is an open end."""

    earliest: int | None
    latest: int | None


class Reading(enum.Enum):
    """How an interval is read; the value is the keyword that writes it."""

    INSTANT = "at"  # happened on some day of the interval
    STATE = "during"  # holds on every day of the interval


@frozen
class Timing:
    """The time of a dated event or claim: its days, how to read them, and the time as written."""

    interval: Interval
    # The time as the case writes it; kept rather than copied into new strings, which
    # for a large case would cost memory on every dated item.
    time: ast.Time

    @property
    def reading(self) -> Reading:
        return Reading.STATE if self.time.state else Reading.INSTANT

    @property
    def state(self) -> bool:
        return self.time.state

    @property
    def written(self) -> str:
        """`2015-10..2016-02`, without the keyword."""
        return as_written(self.time)

    @property
    def described(self) -> str:
        """The time for messages and labels: the dates for an instant, `during` and the dates for a state."""
        return f"during {self.written}" if self.state else self.written

    def beginning(self) -> tuple[float, float]:
        """The first and last day on which the item may have begun; open ends are -inf and +inf.

        An instant may have happened on any day of its interval. A state holds
        from the interval's first day, so it began then (an open start: it has
        always held).
        """
        earliest = -math.inf if self.interval.earliest is None else self.interval.earliest
        if self.state:
            return earliest, earliest
        latest = math.inf if self.interval.latest is None else self.interval.latest
        return earliest, latest


def as_written(time: ast.Time) -> str:
    """`2015`, `2015-10..2016-02`, `2016-02-15..` or `..2015-06`, without the keyword."""
    start = time.start.text if time.start is not None else ""
    if not time.is_range:
        return start
    end = time.end.text if time.end is not None else ""
    return f"{start}..{end}"


def describe(time: ast.Time) -> str:
    """A time for messages and labels: the dates of an instant, or `during` and the dates of a state."""
    return f"during {as_written(time)}" if time.state else as_written(time)


def interval_of(time: ast.Time, dates: ParsedDates) -> Interval | None:
    """The day interval a time covers; None when a date in it does not exist or the range ends before it starts."""
    start = end = None
    if time.start is not None:
        start = dates.bounds(time.start.text)
        if start is None:
            return None
    if time.end is not None:
        end = dates.bounds(time.end.text)
        if end is None:
            return None
    if not time.is_range:
        return Interval(start[0].toordinal(), start[1].toordinal())
    earliest = start[0].toordinal() if start else None
    latest = end[1].toordinal() if end else None
    if earliest is not None and latest is not None and earliest > latest:
        return None
    return Interval(earliest, latest)


def timing_of(time: ast.Time, dates: ParsedDates) -> Timing | None:
    """The timing a written time gives, or None when its dates are invalid (`invalid-value` says why)."""
    interval = interval_of(time, dates)
    if interval is None:
        return None
    return Timing(interval, time)


class Order(enum.Enum):
    BEFORE = "before"  # the cause certainly began no later than the effect
    MAYBE_AFTER = "maybe-after"  # the dates allow the cause to begin after the effect
    AFTER = "after"  # the cause certainly began after the effect


def order(cause: Timing, effect: Timing) -> Order:
    """Can the cause have begun before its effect began?

    Each side is reduced to the days on which it may have begun (`beginning`):
    the whole interval for an instant, its first day for a state. The cause
    certainly comes after when its earliest beginning is later than the
    effect's latest beginning, and may come after when its latest beginning is
    later than the effect's earliest. So a state causes in order once it has
    begun, however long it lasts after the effect; and a cause of a state must
    come no later than the state's first day. Beginning on the same day counts
    as in order: a cause may act within the day.
    """
    cause_earliest, cause_latest = cause.beginning()
    effect_earliest, effect_latest = effect.beginning()
    if cause_earliest > effect_latest:
        return Order.AFTER
    return Order.MAYBE_AFTER if cause_latest > effect_earliest else Order.BEFORE


def order_between(times: Mapping[str, Timing], cause: str, effect: str) -> Order | None:
    """The order of two named items, or None when either has no (valid) time."""
    cause_time, effect_time = times.get(cause), times.get(effect)
    if cause_time is None or effect_time is None:
        return None
    return order(cause_time, effect_time)
