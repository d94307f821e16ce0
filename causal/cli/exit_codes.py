"""The exit status of a `causal` command: the one place that decides it.

    0  no finding at or above --fail-on that an `expect` line does not account for
    1  such findings (for `causal graph` and the other commands that need a model: the case has syntax errors)
    2  usage errors, unreadable files, a missing Graphviz

Whether findings fail a run is the library's rule (causal.report.passing), which the Python API shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from causal.report.passing import failing, unreadable
from causal.rules.findings import Severity

if TYPE_CHECKING:  # annotations only: `causal --version` should not load the report to import this module
    from causal.report.file_report import FileReport

PASSED = 0
FAILED = 1
USAGE_ERROR = 2


def exit_status(reports: Sequence[FileReport], fail_on: Severity | None = None) -> int:
    """PASSED when the run passes, FAILED when findings fail it, USAGE_ERROR when a file could not be read."""
    if unreadable(reports):
        return USAGE_ERROR
    return FAILED if failing(reports, fail_on) else PASSED
