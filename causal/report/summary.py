"""Counting a run's findings, for the summary line and the JSON summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from attrs import frozen

from causal.rules.findings import Severity

if TYPE_CHECKING:
    from causal.report.file_report import FileReport


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
            unreadable += report.unreadable
        return cls(dict(counts), expected, len(reports), unreadable)

    def count(self, severity: Severity) -> int:
        return self.by_severity.get(severity, 0)
