"""Whether a run passes: the one rule behind `causal check`'s exit status (causal.cli.exit_codes) and the Python
API's `Report.ok` (causal.api), so that the two never disagree.

A run passes when every file could be read and no finding at or above the failing severity is left unexplained
(no `expect` line accounts for it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from causal.rules.findings import Severity

if TYPE_CHECKING:  # annotations only: `causal --version` should not load the report to import this module
    from causal.report.file_report import FileReport


def failing(reports: Sequence[FileReport], fail_on: Severity | None = None) -> int:
    """How many findings at or above the failing severity no `expect` line accounts for.

    The failing severity is ``fail_on`` (the command line's `--fail-on`) when given, else the `fail-on` of each
    file's `[tool.causal]`, else `error`.
    """
    return sum(
        1
        for report in reports
        for finding in report.findings
        if finding.severity >= (fail_on or report.fail_on or Severity.ERROR) and not finding.expected
    )


def unreadable(reports: Sequence[FileReport]) -> bool:
    """Whether a file could not be read, or its settings used."""
    return any(report.unreadable for report in reports)


def passes(reports: Sequence[FileReport], fail_on: Severity | None = None) -> bool:
    """Every file read, and no finding that fails the run (`failing`)."""
    return not unreadable(reports) and not failing(reports, fail_on)
