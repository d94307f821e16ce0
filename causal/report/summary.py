"""Counting a run's findings, for the summary line, the JSON summary and the exit status."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from attrs import frozen

from causal.pipeline import FileReport
from causal.rules.findings import Severity
from causal.rules.input import INPUT_ERROR


@frozen
class Summary:
    """How many findings of each severity a run has; ``expected`` of them an `expect` line matched."""

    by_severity: dict[Severity, int]
    expected: int
    files: int
    unreadable: int  # files with an input error

    @classmethod
    def of(cls, reports: Sequence[FileReport]) -> Summary:
        counts: Counter[Severity] = Counter()
        expected = unreadable = 0
        for report in reports:
            counts.update(finding.severity for finding in report.findings)
            expected += sum(1 for finding in report.findings if finding.expected)
            if any(finding.rule == INPUT_ERROR.name for finding in report.findings):
                unreadable += 1
        return cls(dict(counts), expected, len(reports), unreadable)

    def count(self, severity: Severity) -> int:
        return self.by_severity.get(severity, 0)


def failing(reports: Sequence[FileReport], fail_on: Severity) -> int:
    """How many findings at or above ``fail_on`` no `expect` line accounts for."""
    return sum(
        1
        for report in reports
        for finding in report.findings
        if finding.severity >= fail_on and not finding.expected
    )


def exit_status(reports: Sequence[FileReport], fail_on: Severity) -> int:
    """0 when the run passes, 1 when findings fail it, 2 when a file could not be read."""
    if Summary.of(reports).unreadable:
        return 2
    return 1 if failing(reports, fail_on) else 0
