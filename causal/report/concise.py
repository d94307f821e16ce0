"""The concise text report: one line a finding, in the shape editors' problem matchers read.

    path:line:column: severity: message [rule]

then the summary line. VS Code's `$gcc` matcher (`^(.*?):(\\d+):(\\d*):?\\s+(?:fatal\\s+)?(warning|error):\\s+(.*)$`)
reads the error and warning lines; Emacs's compilation mode and Vim's `%f:%l:%c: %m` read every line. The
source excerpt, the help and the chain verdicts of the full text report are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from causal.report.file_report import FileReport
from causal.report.printable import printable
from causal.report.summary import Summary
from causal.report.text import plain_summary_line
from causal.rules.findings import Finding


def concise_line(path: str, finding: Finding) -> str:
    span = finding.span
    line = (
        f"{printable(path)}:{span.line}:{span.column}: {finding.severity.label}: "
        f"{printable(finding.message)} [{finding.rule}]"
    )
    return line + " (expected)" if finding.expected else line


def iter_concise(reports: Iterable[FileReport]) -> Iterator[str]:
    """The concise report in pieces: each file's lines as soon as ``reports`` yields the file, then the summary
    line (no trailing newline)."""
    seen: list[FileReport] = []
    for report in reports:
        seen.append(report)
        if report.findings:
            yield "".join(concise_line(report.path, finding) + "\n" for finding in report.findings)
    yield plain_summary_line(Summary.of(seen))
