"""GitHub Actions workflow commands: one annotation a finding, `::error file=…,line=…::message`.

    ::error file=cases/x.cx,line=3,col=1,endLine=3,endColumn=25,title=unsupported-link (CX201)::link a -> b …

Severities map to `error`, `warning` and `notice`. A finding an `expect` line accounts for is a `notice`
whatever its severity, its title marked `(expected)`: it is reported, as in every format, but never shown as
an error or a warning, since it does not fail the run. The last line is the run's summary as plain log text.

Escaping is GitHub's (the actions toolkit's `escapeData` and `escapeProperty`): `%`, CR and LF in the
message, and also `:` and `,` in property values. Text from the case first goes through `printable`, so no
line break or terminal escape from the input reaches the log.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from causal.report.file_report import FileReport
from causal.report.locations import is_unnamed_stdin, relative_path
from causal.report.printable import printable
from causal.report.summary import Summary
from causal.report.text import plain_summary_line
from causal.rules.findings import Finding, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, finding: Finding, working_folder: Path | None = None) -> str:
    """The workflow command of one finding. Columns are given only for a finding on one line, as GitHub takes
    them; `endColumn`, as in the JSON report, is the column just after the last character."""
    span = finding.span
    properties: list[tuple[str, object]] = []
    if not is_unnamed_stdin(path):
        properties.append(("file", printable(relative_path(path, working_folder))))
    properties.append(("line", span.line))
    if span.end_line == span.line:
        properties.append(("col", span.column))
    properties.append(("endLine", span.end_line))
    if span.end_line == span.line:
        properties.append(("endColumn", span.end_column))
    title = f"{finding.rule} ({finding.code})"
    properties.append(("title", title + " (expected)" if finding.expected else title))
    written = ",".join(f"{name}={escape_property(str(value))}" for name, value in properties)
    message = printable(finding.message)
    if finding.help:
        message += "\nhelp: " + printable(finding.help)
    command = "notice" if finding.expected else COMMANDS[finding.severity]
    return f"::{command} {written}::{escape_data(message)}"


def iter_github(reports: Iterable[FileReport], working_folder: Path | None = None) -> Iterator[str]:
    """The annotations in pieces, each file's as soon as ``reports`` yields the file, then the summary line
    (no trailing newline)."""
    seen: list[FileReport] = []
    for report in reports:
        seen.append(report)
        if report.findings:
            yield "".join(annotation(report.path, finding, working_folder) + "\n" for finding in report.findings)
    yield "causal: " + plain_summary_line(Summary.of(seen))
