"""The compiler-style text report of `causal check`.

    path:line:col: severity[rule] message
       |
    12 | the source line
       |     ^^^^^^^^^^^
       = help: how to fix it

then each file's chain verdicts, then one summary line for the whole run.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from causal.analysis.chains import ChainVerdict
from causal.analysis.labels import Label, argument_kinds
from causal.language import ast
from causal.report.excerpt import excerpt_in, printable
from causal.report.file_report import FileReport
from causal.report.summary import Summary
from causal.rules.findings import Finding, Severity

SEVERITY_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
VERDICT_COLOURS = {"broken": "red", "weak": "yellow", "supported": "green"}


# ANSI SGR codes of the styles the report uses (the same codes click.style writes).
_FOREGROUND = {"red": 31, "green": 32, "yellow": 33, "blue": 34, "cyan": 36}
_RESET = "\x1b[0m"


class _Style:
    """ANSI colour and weight when colour is on, the bare text when it is off."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, fg: str | None = None, bold: bool = False, dim: bool = False) -> str:
        if not self.color:
            return text
        codes = [str(_FOREGROUND[fg])] if fg is not None else []
        if bold:
            codes.append("1")
        if dim:
            codes.append("2")
        return "".join(f"\x1b[{code}m" for code in codes) + text + _RESET


class _Lines:
    """A text's lines by number, found on first use (most files have no findings to show).

    Only where each line starts is kept, not a copy of every line: a file with
    a finding on each of its lines would otherwise have its text twice.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: array | None = None

    def bounds(self, number: int) -> tuple[int, int] | None:
        """Where line ``number`` starts and ends (before its line end) in the text; None past the last line."""
        if self._starts is None:
            starts = array("q", [0]) if self._text else array("q")
            if self._text:
                starts.extend(match.end() for match in _NEWLINE.finditer(self._text))
            self._starts = starts
        starts = self._starts
        if not 1 <= number <= len(starts):
            return None
        start = starts[number - 1]
        end = starts[number] - 1 if number < len(starts) else len(self._text)
        return start, end

    @property
    def text(self) -> str:
        return self._text


_NEWLINE = re.compile("\n")


def render_finding(finding: Finding, path: str, lines: _Lines, style: _Style) -> list[str]:
    span = finding.span
    colour = SEVERITY_COLOURS[finding.severity]
    location = style(f"{printable(path)}:{span.line}:{span.column}:", bold=True)
    kind = style(f"{finding.severity.label}[{finding.rule}]", fg=colour, bold=True)
    head = f"{location} {kind} {style(printable(finding.message), bold=True)}"
    if finding.expected:
        head += " " + style("(expected)", dim=True)
    out = [head]
    line = lines.bounds(span.line)
    gutter = " " * len(str(span.line))
    if line is not None:
        shown = excerpt_in(lines.text, *line, span.line, span)
        bar = style("|", fg="blue", bold=True)
        out.append(f"{gutter} {bar}")
        out.append(f"{style(str(span.line), fg='blue', bold=True)} {bar} {shown.text}".rstrip())
        out.append(f"{gutter} {bar} {style(shown.carets, fg=colour, bold=True)}")
    if finding.help:
        out.append(f"{gutter} {style('= help:', bold=True)} {printable(finding.help)}")
    return out


def expected_verdicts(case_model) -> set[tuple[str, str]]:
    """(chain, verdict) pairs that `expect chain NAME is VERDICT` lines state."""
    if case_model is None:
        return set()
    return {
        (expectation.chain.text, expectation.verdict.text)
        for expectation in case_model.expectations
        if isinstance(expectation, ast.VerdictExpectation)
    }


def chain_explanation(verdict: ChainVerdict) -> str:
    """Why the chain got its verdict: its weakest step and the reason, or a whole-chain reason."""
    weakest = verdict.weakest
    if weakest is None:
        return printable(verdict.weakest_reason)
    if verdict.weakest_reason != weakest.reason:
        # The reason concerns the whole chain (all of it rests on one source).
        return printable(verdict.weakest_reason)
    return f"weakest step {printable(weakest.text)}: {printable(verdict.weakest_reason)}"


def render_chain(verdict: ChainVerdict, expected: bool, style: _Style) -> str:
    word = style(verdict.verdict, fg=VERDICT_COLOURS.get(verdict.verdict), bold=True)
    confidence = f" (confidence {verdict.confidence:.2f})"
    line = f"{style('chain ' + printable(verdict.name), bold=True)}: {word}{confidence} — {chain_explanation(verdict)}"
    if expected:
        line += " " + style("(expected)", dim=True)
    return "\n".join([line, *_steps_weakest_first(verdict, style)])


def _steps_weakest_first(verdict: ChainVerdict, style: _Style) -> list[str]:
    """Each step with its confidence, weakest first: where to dig next."""
    if not verdict.weakest_first:
        return []
    texts = [printable(step.text) for step in verdict.weakest_first]
    width = max(len(text) for text in texts)
    lines = [style("  steps, weakest first:", dim=True)]
    for rank, (step, text) in enumerate(zip(verdict.weakest_first, texts), start=1):
        lines.append(f"  {rank:>2}. {text:<{width}}  {step.confidence:.2f}  {printable(step.reason)}")
    return lines


def _finding_blocks(report: FileReport, style: _Style) -> Iterator[str]:
    """Each finding's block, followed by a blank line."""
    lines = _Lines(report.text)
    for finding in report.findings:
        yield from render_finding(finding, report.path, lines, style)
        yield ""


def _file_lines(report: FileReport, style: _Style) -> Iterator[str]:
    yield from _finding_blocks(report, style)
    if report.chains:
        expected = expected_verdicts(report.model)
        for verdict in report.chains:
            yield render_chain(verdict, (verdict.name, verdict.verdict) in expected, style)
        yield ""
    labels = labels_line(report)
    if labels is not None:
        yield labels
        yield ""


def labels_line(report: FileReport) -> str | None:
    """How the case's attacks and support leave its items, when any item is not accepted or any attack is made:
    `labels (grounded): of 12 items, 8 accepted, 1 rejected, 0 undecided, 3 unsupported; ...`."""
    analysis = report.analysis
    if analysis is None:
        return None
    acceptability = analysis.labels
    if not acceptability.attacks and not acceptability.unsupported:
        return None
    reading = acceptability.semantics
    if reading != "grounded":
        reading += f", {acceptability.acceptance}"
    if acceptability.timed_out:
        reading = f"grounded: {acceptability.semantics} ran past the time limit"
    if not acceptability.has_extension:
        return f"labels ({reading}): there is no stable extension, so every item is undecided."
    items = argument_kinds(analysis.model)
    counts = Counter(acceptability.label(item).value for item in items)
    told = ", ".join(f"{counts[label.value]} {label.value}" for label in Label)
    attacks = ""
    if acceptability.attacks:
        succeeding = sum(1 for attack in acceptability.attacks if attack.defeats)
        weighed = "by strength" if acceptability.preferences == "strength" else "none"
        attacks = f"; {succeeding} of {len(acceptability.attacks)} attacks defeat (preferences {weighed})"
    return (
        f"labels ({reading}): of {len(items)} items, {told}{attacks}. "
        f"`causal explain {printable(report.path)} ID` says why."
    )


def render_findings(report: FileReport, color: bool = False) -> str:
    """Only the findings of one file, without chains or summary (for `causal graph`'s errors)."""
    return "\n".join(_finding_blocks(report, _Style(color))).rstrip("\n")


def summary_line(summary: Summary, style: _Style) -> str:
    def counted(number: int, singular: str, plural: str, colour: str) -> str:
        text = f"{number} {singular if number == 1 else plural}"
        return style(text, fg=colour, bold=True) if number else text

    parts = [
        counted(summary.count(Severity.ERROR), "error", "errors", "red"),
        counted(summary.count(Severity.WARNING), "warning", "warnings", "yellow"),
        counted(summary.count(Severity.INFO), "info", "info", "cyan"),
    ]
    line = ", ".join(parts)
    if summary.expected:
        line += f" ({summary.expected} expected)"
    files = summary.files
    return f"{line} in {files} {'file' if files == 1 else 'files'}"


def plain_summary_line(summary: Summary) -> str:
    """The summary line without colour: `4 errors, 3 warnings, 0 info (1 expected) in 1 file`."""
    return summary_line(summary, _Style(False))


def render_text(reports: Sequence[FileReport], color: bool = False) -> str:
    """The whole text report; no trailing newline."""
    return "".join(iter_text(reports, color))


# Pieces of about this many characters are handed out, so that writing them costs few calls.
_PIECE = 1 << 16


def iter_text(reports: Iterable[FileReport], color: bool = False) -> Iterator[str]:
    """`render_text`'s text in pieces, made as they are written: the report is never held whole, and a file's
    part is handed out as soon as ``reports`` yields the file."""
    style = _Style(color)
    pending: list[str] = []
    size = 0
    seen: list[FileReport] = []
    for report in reports:
        seen.append(report)
        for line in _file_lines(report, style):
            pending.append(line)
            size += len(line) + 1
            if size >= _PIECE:
                pending.append("")
                yield "\n".join(pending)
                pending, size = [], 0
        if pending:
            pending.append("")
            yield "\n".join(pending)
            pending, size = [], 0
    yield summary_line(Summary.of(seen), style)
