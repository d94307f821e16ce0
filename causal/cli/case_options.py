"""What the commands that read one case share: its options (`--max-bytes`, the acceptability options), loading
the case, and writing the output (never over the case file itself).

Kept out of causal.cli.commands so that commands in modules of their own (causal.cli.report_command) use the same
options and checks without importing the `causal` group.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import click

from causal.cli.exit_codes import FAILED, USAGE_ERROR
from causal.inputs.case_files import DEFAULT_MAX_BYTES
from causal.model.settings import ACCEPTANCES, MAX_TIME_LIMIT, PREFERENCES, SEMANTICS
from causal.report.printable import printable

if TYPE_CHECKING:
    from causal.report.file_report import FileReport

max_bytes_option = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse case files larger than this many bytes.",
)


def settings_overrides(
    semantics: str | None, acceptance: str | None, preferences: str | None = None, time_limit: float | None = None
) -> dict[str, object]:
    chosen = {"semantics": semantics, "acceptance": acceptance, "preferences": preferences, "time_limit": time_limit}
    return {key: value for key, value in chosen.items() if value is not None}


def acceptability_options(command):
    """`--semantics`, `--acceptance`, `--preferences` and `--time-limit`, handed to the command as one
    `overrides` mapping: they win over the case file and pyproject.toml."""

    inner = command

    @functools.wraps(inner)
    def with_overrides(*args, semantics=None, acceptance=None, preferences=None, time_limit=None, **kwargs):
        return inner(*args, overrides=settings_overrides(semantics, acceptance, preferences, time_limit), **kwargs)

    command = preferences_option(with_overrides)
    command = click.option(
        "--time-limit", type=click.FloatRange(min=0, min_open=True, max=MAX_TIME_LIMIT), default=None,
        metavar="SECONDS",
        help="How long labels under complete, preferred or stable semantics may take before the case is "
        "labelled under grounded semantics instead. Default: the case's `set time-limit`, else 60.",
    )(command)
    command = click.option(
        "--acceptance", type=click.Choice(ACCEPTANCES), default=None,
        help="With several extensions, accepted means in every one (sceptical) or in some (credulous). "
        "Default: the case's `set acceptance`, else sceptical.",
    )(command)
    return click.option(
        "--semantics", type=click.Choice(SEMANTICS), default=None,
        help="The argumentation semantics that labels items accepted, rejected or undecided. "
        "Default: the case's `set semantics`, else grounded.",
    )(command)


def preferences_option(command):
    return click.option(
        "--preferences", type=click.Choice(PREFERENCES), default=None,
        help="strength: an attack defeats only what is not stronger than its attacker (ASPIC+); "
        "none: every attack succeeds (plain Dung). Default: the case's `set preferences`, else strength.",
    )(command)


def load_case(file: str, max_bytes: int, overrides: Mapping[str, object], command: str) -> FileReport:
    """Check one case for a command that needs its model; exit on unreadable input or a syntax error."""
    from causal.pipeline import check_file
    from causal.report.file_report import FileReport
    from causal.report.text import render_findings
    from causal.rules.input import SYNTAX_ERROR

    report = check_file(file, max_bytes, overrides=overrides)
    if report.unreadable:
        click.echo(render_findings(report), err=True)
        sys.exit(USAGE_ERROR)
    if report.model is None or any(finding.rule == SYNTAX_ERROR.name for finding in report.findings):
        syntax = FileReport(report.path, report.text, tuple(f for f in report.findings if f.rule == SYNTAX_ERROR.name))
        click.echo(render_findings(syntax), err=True)
        click.echo(f"causal {command}: the case has syntax errors; fix them first", err=True)
        sys.exit(FAILED)
    return report


def write_output(text: str, output: str | None, case_file: str | None, command: str) -> None:
    """Print ``text``, or write it to ``output`` (never over the case file itself; None: there is none to guard)."""
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    _write_file(output, (text if text.endswith("\n") else text + "\n").encode("utf-8", "backslashreplace"), case_file, command)


def write_binary(data: bytes, output: str | None, case_file: str, command: str) -> None:
    """Write ``data`` (a PNG, a PDF) to ``output`` (never over the case file), or to standard output."""
    if output is None:
        click.get_binary_stream("stdout").write(data)
        return
    _write_file(output, data, case_file, command)


def _write_file(output: str, data: bytes, case_file: str | None, command: str) -> None:
    from causal.pipeline import STDIN

    if case_file is not None and case_file != STDIN and same_file(case_file, output):
        click.echo(printable(f"causal {command}: refusing to write over the case file {case_file}"), err=True)
        sys.exit(USAGE_ERROR)
    try:
        Path(output).write_bytes(data)
    except OSError as error:
        click.echo(printable(f"causal {command}: cannot write {output}: {error.strerror or error}"), err=True)
        sys.exit(USAGE_ERROR)


def same_file(first: str, second: str) -> bool:
    """Whether the two paths name one file (a link or another spelling of it); False when either cannot be read."""
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):
        return False
