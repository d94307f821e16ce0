"""The exit status of a `causal` command: the one place that decides it.

    0  no finding at or above --fail-on that an `expect` line does not account for
    1  such findings (for `causal graph` and the other commands that need a model: the case has syntax errors)
    2  usage errors, unreadable files, a missing Graphviz
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from causal.rules.findings import Severity

if TYPE_CHECKING:  # annotations only: `causal --version` should not load the report to import this module
    from causal.report.file_report import FileReport

PASSED = 0
FAILED = 1
USAGE_ERROR = 2


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


def exit_status(reports: Sequence[FileReport], fail_on: Severity | None = None) -> int:
    """PASSED when the run passes, FAILED when findings fail it, USAGE_ERROR when a file could not be read."""
    if any(report.unreadable for report in reports):
        return USAGE_ERROR
    return FAILED if failing(reports, fail_on) else PASSED
