"""`causal fmt`: read case files, lay them out with causal.language.formatter, and write them back or report.

A command of the `causal` group (causal.cli adds it), kept in a module of its
own with what it alone needs: reading a file's bytes (its line ends are
kept), replacing it atomically (causal.cli.rewrite) and the diff (causal.report.diff).
It follows causal.cli's exit statuses: 0 done, 1 syntax errors (or, with
--check or --diff, a file that would change), 2 usage errors and files that
cannot be read or written.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path

import click

from causal.cli.paths import PATH
from causal.inputs.case_files import DEFAULT_MAX_BYTES, decode_case, expand_paths, read_case_bytes, read_stdin_bytes
from causal.inputs.problems import Problem, unreadable
from causal.report.printable import printable

# The formatter (and the parser under it), the report and the file writer are imported when a file is formatted:
# the `causal` group adds this command, and `causal --version` or `causal check` should not load them.

STDIN = "-"
STDIN_PATH = "<stdin>"
FAILED = 1
USAGE_ERROR = 2


class Outcome(Enum):
    """What became of one file."""

    CHANGED = "changed"  # rewritten, or with --check or --diff, would be
    UNCHANGED = "unchanged"
    NOT_PARSED = "not parsed"  # syntax errors: left as it is
    FAILED = "failed"  # unreadable, not a case file, or could not be written


@click.command(name="fmt")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...", type=PATH)
@click.option(
    "--check", "check_only", is_flag=True,
    help="Write nothing; list each file that would change, and exit with 1 if any would.",
)
@click.option(
    "--diff", "show_diff", is_flag=True,
    help="Write nothing; print a unified diff of each file that would change, and exit with 1 if any would.",
)
@click.option(
    "--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
    help="Refuse case files larger than this many bytes.",
)
def fmt(paths: tuple[str, ...], check_only: bool, show_diff: bool, max_bytes: int) -> None:
    """Lay out case files canonically, keeping every token and comment.

    PATH is a .cx file, a folder (every .cx below it) or - (standard input,
    written formatted to standard output). Files are rewritten in place,
    atomically, and only when they change. A file with syntax errors is left
    as it is, and its errors are reported. Exit status: 0 done (with --check or
    --diff: nothing would change), 1 syntax errors, or with --check or --diff a
    file that would change, 2 usage error or a file that cannot be read or written.
    """
    writing = not (check_only or show_diff)
    outcomes = [_format_path(given, max_bytes, check_only, show_diff) for given in expand_paths(list(paths))]
    click.echo(summary(outcomes, writing), err=True)
    if Outcome.FAILED in outcomes:
        sys.exit(USAGE_ERROR)
    if Outcome.NOT_PARSED in outcomes or (not writing and Outcome.CHANGED in outcomes):
        sys.exit(FAILED)


def _format_path(given: str, max_bytes: int, check_only: bool, show_diff: bool) -> Outcome:
    """Format one path or `-`, and report what happened."""
    from causal.cli.rewrite import FileChanged, replace_file
    from causal.language.formatter import FormatterBug
    from causal.report.file_report import FileReport
    from causal.report.text import render_findings
    from causal.rules.input import finding_of

    shown, data, read_as, problem = _read(given, max_bytes)
    if data is None:
        click.echo(render_findings(FileReport(shown, "", (finding_of(problem),) if problem is not None else ())), err=True)
        return Outcome.FAILED
    try:
        result = format_bytes(data, max_bytes)
    except FormatterBug as error:
        message = f"causal fmt: {shown}: {error}; it is left as it is. This is a bug in causal; please report it."
        click.echo(printable(message), err=True)
        return Outcome.FAILED
    writing = not (check_only or show_diff)
    if result.output is None:
        click.echo(render_findings(FileReport(shown, result.text or "", tuple(map(finding_of, result.problems)))), err=True)
        if given == STDIN and writing:
            _write_stdout(data)  # what comes out of the pipe is never less than what went in
        return Outcome.NOT_PARSED if result.text is not None else Outcome.FAILED
    changed = result.output != data
    if show_diff and changed:
        _show_diff(shown, data, result.output, max_bytes)
    if check_only and changed:
        click.echo(printable(f"would reformat {shown}"))
    if given == STDIN and writing:
        _write_stdout(result.output)
    elif writing and changed:
        try:
            if read_as is None:
                raise FileChanged()
            replace_file(given, result.output, read_as)
        except OSError as error:
            message = f"causal fmt: cannot write {shown}: {error.strerror or error}; it is left as it is"
            click.echo(printable(message), err=True)
            return Outcome.FAILED
        click.echo(printable(f"reformatted {shown}"), err=True)
    return Outcome.CHANGED if changed else Outcome.UNCHANGED


def format_bytes(data: bytes, max_bytes: int):
    """causal.language.formatter.format_bytes, imported on first use (see the imports above)."""
    from causal.language.formatter import format_bytes as formatted

    return formatted(data, max_bytes)


def _read(given: str, max_bytes: int) -> tuple[str, bytes | None, os.stat_result | None, Problem | None]:
    """(shown path, the bytes, the file's status before it was read, problem) for a path or `-`."""
    if given == STDIN:
        data, problem = read_stdin_bytes(sys.stdin, max_bytes)
        return STDIN_PATH, None if data is None else bytes(data), None, problem
    try:
        # Taken before the file is read: a change made after this is never written over.
        read_as = os.stat(given)
    except (OSError, ValueError):
        read_as = None
    try:
        data, problem = read_case_bytes(Path(given), max_bytes)
    except ValueError as error:  # a path the OS cannot even name, such as one with a NUL
        data, problem = None, unreadable(f"cannot read the file: {error}", "Check the path.")
    return given, None if data is None else bytes(data), read_as, problem


def _show_diff(shown: str, before: bytes, after: bytes, max_bytes: int) -> None:
    from causal.report.diff import render_diff

    written, _ = decode_case(before, max_bytes)
    diff = render_diff(shown, written or "", after.decode("utf-8-sig").replace("\r\n", "\n"))
    click.echo(diff, nl=False)
    if not diff:
        click.echo(printable(f"causal fmt: {shown}: only its line ends would change, to LF"), err=True)


def _write_stdout(data: bytes) -> None:
    # As bytes: a byte-order mark and CRLF line ends reach the pipe as the file had them.
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def summary(outcomes: Sequence[Outcome], writing: bool) -> str:
    """`2 files reformatted, 1 already formatted, 1 file not formatted`."""

    def files(count: int) -> str:
        return f"{count} file{'' if count == 1 else 's'}"

    changed = outcomes.count(Outcome.CHANGED)
    parts = [
        f"{files(changed)} {'reformatted' if writing else 'would be reformatted'}",
        f"{outcomes.count(Outcome.UNCHANGED)} already formatted",
    ]
    not_formatted = outcomes.count(Outcome.NOT_PARSED) + outcomes.count(Outcome.FAILED)
    if not_formatted:
        parts.append(f"{files(not_formatted)} not formatted")
    return ", ".join(parts)
