"""Times: the two readings of an interval and the one comparison of a cause with its effect (causal/model/times.py)."""

from __future__ import annotations

import collections
import datetime

import pytest

from causal.language import ast
from causal.model import times
from causal.model.times import Interval, Order, Reading, Timing, order, parse_date_bounds
from causal.pipeline import check_text
from causal.report.graph import Meaning, graph_view
from causal.rules.findings import Severity


def day(text: str) -> int:
    return datetime.date.fromisoformat(text).toordinal()


def timing(reading: Reading, earliest: str | None, latest: str | None) -> Timing:
    interval = Interval(day(earliest) if earliest else None, day(latest) if latest else None)
    written = ast.Time(
        ast.Word(earliest) if earliest else None,
        ast.Word(latest) if latest else None,
        True,
        None,
        state=reading is Reading.STATE,
    )
    return Timing(interval, written)


def at(earliest: str | None, latest: str | None = "same") -> Timing:
    return timing(Reading.INSTANT, earliest, earliest if latest == "same" else latest)


def during(earliest: str | None, latest: str | None) -> Timing:
    return timing(Reading.STATE, earliest, latest)


# The table of docs/language.md ("Times"): cause, effect, order.
TABLE = [
    # instant -> instant: as before
    (at("2016-01-01", "2016-01-31"), at("2016-03-01"), Order.BEFORE),
    (at("2016-03-01"), at("2016-03-01"), Order.BEFORE),  # the same day is in order
    (at("2015-10-01", "2016-02-29"), at("2016-02-20"), Order.MAYBE_AFTER),
    (at("2016-04-01"), at("2016-03-01", "2016-03-31"), Order.AFTER),
    (at("2016-01-01", None), at("2016-03-01"), Order.MAYBE_AFTER),  # no end
    (at("2016-01-01"), at(None, "2016-03-01"), Order.MAYBE_AFTER),  # no start
    # state -> instant: in order once the state has begun, however long it lasts
    (during("2015-10-01", "2016-02-29"), at("2016-02-20"), Order.BEFORE),
    (during("2015-10-01", None), at("2016-02-20"), Order.BEFORE),
    (during("2016-02-20", "2016-05-01"), at("2016-02-20"), Order.BEFORE),
    (during("2016-02-01", "2016-05-01"), at("2016-01-15", "2016-02-15"), Order.MAYBE_AFTER),
    (during("2016-03-01", "2016-05-01"), at("2016-02-20"), Order.AFTER),
    (during(None, "2016-05-01"), at("2016-02-20"), Order.BEFORE),  # has always held
    # instant -> state: the cause comes no later than the state's first day
    (at("2015-09-01", "2015-09-30"), during("2015-10-01", "2016-02-29"), Order.BEFORE),
    (at("2015-10-01"), during("2015-10-01", "2016-02-29"), Order.BEFORE),
    (at("2015-09-15", "2015-10-15"), during("2015-10-01", "2016-02-29"), Order.MAYBE_AFTER),
    (at("2015-11-01"), during("2015-10-01", "2016-02-29"), Order.AFTER),
    (at(None, "2015-09-30"), during("2015-10-01", None), Order.BEFORE),
    (at("2015-01-01"), during(None, "2016-02-29"), Order.AFTER),  # nothing dated precedes "always"
    # state -> state: the starts are compared
    (during("2015-01-01", "2015-02-01"), during("2015-03-01", "2015-04-01"), Order.BEFORE),
    (during("2015-03-01", "2015-04-01"), during("2015-03-01", "2015-03-02"), Order.BEFORE),
    (during("2015-03-02", "2015-04-01"), during("2015-03-01", "2015-03-02"), Order.AFTER),
]


@pytest.mark.parametrize(("cause", "effect", "expected"), TABLE)
def test_order_follows_the_documented_table(cause, effect, expected):
    assert order(cause, effect) is expected


def test_date_bounds_cover_the_written_precision():
    assert parse_date_bounds("2016-02") == (datetime.date(2016, 2, 1), datetime.date(2016, 2, 29))
    assert parse_date_bounds("2016-02-30") is None


LATE_JOINT_CAUSE = """\
event a "A" at 2015-03
event b "B" at 2016-04
event c "C" at 2016-03
link a, b -> c assumed "for the test"
chain told: a -> c
"""


def test_rule_chain_and_graph_agree_on_a_late_joint_cause():
    report = check_text(LATE_JOINT_CAUSE, path="case.cx")
    found = [f for f in report.findings if f.rule == "temporal-order"]
    assert [(f.severity, f.span.line, f.span.column) for f in found] == [(Severity.ERROR, 4, 9)]
    assert "cause b (2016-04)" in found[0].message
    (verdict,) = report.chains
    assert verdict.verdict == "broken"
    assert verdict.weakest_reason == "b certainly comes after c"
    (edge,) = [edge for edge in graph_view(report).edges if edge.id == "link-0"]
    assert Meaning.LATE in edge.meanings and "cause after effect" in edge.lines


def test_a_state_in_order_is_in_order_everywhere():
    text = LATE_JOINT_CAUSE.replace('event b "B" at 2016-04', 'event b "B" during 2016-02..2016-05')
    report = check_text(text, path="case.cx")
    assert not [f for f in report.findings if f.rule == "temporal-order"]
    assert report.chains[0].verdict != "broken"
    view = graph_view(report)
    (edge,) = [edge for edge in view.edges if edge.id == "link-0"]
    assert Meaning.LATE not in edge.meanings and "cause after effect" not in edge.lines
    assert "during 2016-02..2016-05" in next(node for node in view.nodes if node.name == "b").lines


def test_a_dated_claim_is_ordered_and_labelled_like_an_event():
    text = 'claim k "K" during 2016-05..\nevent c "C" at 2016-03\nlink k -> c assumed "x"\nchain s: k -> c\n'
    report = check_text(text, path="case.cx")
    (finding,) = [f for f in report.findings if f.rule == "temporal-order"]
    assert finding.message == (
        "cause k (during 2016-05..) certainly starts after its effect c (2016-03) ends"
    )
    assert report.chains[0].verdict == "broken"
    node = next(node for node in graph_view(report).nodes if node.name == "k")
    assert node.lines[-2:] == ("during 2016-05..", "(unsupported)")


def test_a_cause_after_the_start_of_a_state_it_causes():
    text = 'event x "X" at 2016-01..2016-03\nclaim s "S" during 2016-02..\nlink x -> s assumed "x"\n'
    report = check_text(text, path="case.cx")
    (finding,) = [f for f in report.findings if f.rule == "temporal-order"]
    assert finding.severity is Severity.WARNING
    assert finding.message.endswith("the effect is a state that begins within the cause's time")


@pytest.mark.parametrize("statement", ['event e "E"', 'claim e "E"'])
def test_at_and_during_together_are_a_misplaced_clause(statement):
    report = check_text(f"{statement} during 2015 at 2016\n", path="case.cx")
    (finding,) = [f for f in report.findings if f.rule == "misplaced-clause"]
    assert "has both `during` and `at`" in finding.message
    assert finding.span.column == len(statement) + 14


def test_an_invalid_date_on_a_claim_is_reported():
    report = check_text('claim k "K" during 2016-02-30..2016-03\n', path="case.cx")
    assert [f.rule for f in report.findings if f.severity is Severity.ERROR] == ["invalid-value"]


# More distinct dates than the 4,096 the global cache of parsed dates once kept: past it the model, reading the
# dates after the value checks, found none of them there and parsed every one again.
MANY_DATES = 4_500
FIRST_DAY = datetime.date(2000, 1, 1)


def _case_with_dates(count: int) -> tuple[str, set[str]]:
    """A case with ``count`` events on distinct days and the other forms of a time, most of them repeating a date
    already written; the case header's date; an invalid date. Also the distinct date strings it writes."""
    days = [(FIRST_DAY + datetime.timedelta(days=offset)).isoformat() for offset in range(count)]
    lines = ['case "Dates" date 2000-01-01', *(f'event e{i} "E" at {day}' for i, day in enumerate(days))]
    lines += [
        f'event range "R" at {days[0]}..{days[1]}',
        f'claim state "S" during {days[2]}..',
        f'event open_start "O" at ..{days[-1]}',
        'event year "Y" at 2000',
        'event month "M" at 2000-02..2000-03',
        'event again "A" at 2000-02',
        'event bad "B" at 2016-02-30',
    ]
    return "\n".join(lines) + "\n", {*days, "2000", "2000-02", "2000-03", "2016-02-30"}


def _count_date_parses(monkeypatch: pytest.MonkeyPatch) -> collections.Counter[str]:
    parsed: collections.Counter[str] = collections.Counter()

    def counted(text: str):
        parsed[text] += 1
        return parse_date_bounds(text)

    monkeypatch.setattr(times, "parse_date_bounds", counted)
    return parsed


def test_a_check_parses_each_distinct_date_once(monkeypatch):
    text, distinct = _case_with_dates(MANY_DATES)
    parsed = _count_date_parses(monkeypatch)
    report = check_text(text, path="case.cx")
    assert set(parsed) == distinct
    assert [date for date, count in parsed.items() if count > 1] == []
    # The dates were read, not skipped: every valid one timed its event, the invalid one reported.
    assert len(report.model.times) == MANY_DATES + 6
    assert [f.rule for f in report.findings if f.severity is Severity.ERROR] == ["invalid-value"]


def test_each_check_parses_its_own_dates(monkeypatch):
    text, distinct = _case_with_dates(3)
    parsed = _count_date_parses(monkeypatch)
    check_text(text, path="case.cx")
    check_text(text, path="case.cx")
    assert parsed == collections.Counter({date: 2 for date in distinct})
