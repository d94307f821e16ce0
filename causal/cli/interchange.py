"""`causal import aif|argdown FILE` and `causal export --format apx|tgf|aif|argdown FILE`.

The conversions are causal.interchange's; this module reads the input, writes
the output (to standard output, or to `-o FILE`, which must not exist unless
`--force` says it may be replaced), shows the notices on standard error and
sets the exit status: 0 written (with or without warnings), 1 a case to export
has syntax errors, 2 a usage error or an input that cannot be read or converted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from causal.cli.case_options import (
    load_case,
    max_bytes_option,
    preferences_option,
    same_file,
    settings_overrides,
    write_output,
)
from causal.cli.exit_codes import FAILED, USAGE_ERROR
from causal.cli.groups import Guarded
from causal.cli.paths import PATH
from causal.report.printable import printable

if TYPE_CHECKING:
    from causal.interchange.notices import Notice

# The converters, the parser and the printer are imported when a command runs: `causal --version` loads none.

MAX_BYTES_HELP = "Refuse input files larger than this many bytes."
OUTPUT_HELP = "Write to this file, not to standard output. An existing file is only replaced with --force."
FORCE_HELP = "Replace the -o file if it exists."


def _output_options(command):
    command = click.option("--force", is_flag=True, help=FORCE_HELP)(command)
    return click.option("-o", "--output", type=click.Path(dir_okay=False), help=OUTPUT_HELP)(command)


def _max_bytes_option(default: int):
    return click.option("--max-bytes", type=click.IntRange(min=1), default=default, show_default=True,
                        help=MAX_BYTES_HELP)


# --- causal import ----------------------------------------------------------------------------


@click.group(name="import", cls=Guarded)
def import_group() -> None:
    """Write a case (.cx) from another tool's argument map: AIF (AIFdb JSON) or Argdown.

    docs/interchange.md gives the mapping, what is kept in notes and what is lost.
    """


def _import(kind: str, file: str, output: str | None, force: bool, max_bytes: int) -> None:
    from causal.interchange.notices import ConversionError
    from causal.interchange.reading import read_file

    _refuse_existing(output, force, "import")
    try:
        if file == "-":
            from causal.inputs.case_files import read_stdin_bytes
            from causal.interchange.notices import Notice

            data, problem = read_stdin_bytes(sys.stdin, max_bytes)
            if data is None:
                raise ConversionError(Notice("error", "", problem.message, problem.help))
            if len(data) > max_bytes:
                raise _too_large(max_bytes)
        else:
            data = read_file(file, max_bytes)
        title = f"Imported from {Path(file).name if file != '-' else 'standard input'}"
        if kind == "aif":
            from causal.interchange.aif import import_aif

            converted = import_aif(data, title)
        else:
            from causal.interchange.argdown import import_argdown

            converted = import_argdown(data, title)
    except ConversionError as problem:
        _show(file, [problem.notice])
        click.echo(printable(f"causal import: {file}: nothing written"), err=True)
        sys.exit(USAGE_ERROR)
    _show(file, converted.notices)
    _write(converted.text, output, "import")


def _too_large(max_bytes: int):
    from causal.interchange.notices import error

    return error("", f"the input is over the {max_bytes / 2**20:.0f} MB limit", "Raise it with --max-bytes.")


@import_group.command(name="aif")
@click.argument("file", metavar="FILE", type=PATH)
@_output_options
@_max_bytes_option(100 * 1024 * 1024)
def import_aif_command(file: str, output: str | None, force: bool, max_bytes: int) -> None:
    """Write a case from an AIF file (AIFdb JSON): I-nodes become claims, RA-nodes links, CA-nodes attacks.

    FILE is a .json file or - (standard input). Exit status: 0 written (warnings
    name what was kept in notes or changed), 2 usage error or a file that cannot
    be read or is not AIF.
    """
    _import("aif", file, output, force, max_bytes)


@import_group.command(name="argdown")
@click.argument("file", metavar="FILE", type=PATH)
@_output_options
@_max_bytes_option(40 * 1024 * 1024)
def import_argdown_command(file: str, output: str | None, force: bool, max_bytes: int) -> None:
    """Write a case from an Argdown file: statements and arguments become claims, relations links and attacks.

    FILE is a .argdown file or - (standard input). Exit status: 0 written
    (warnings name the lines outside the subset docs/interchange.md describes),
    2 usage error or a file that cannot be read.
    """
    _import("argdown", file, output, force, max_bytes)


# --- causal export ----------------------------------------------------------------------------

EXPORT_FORMATS = ("apx", "tgf", "aif", "argdown")


@click.command()
@click.argument("file", metavar="FILE", type=PATH)
@click.option(
    "--format", "output_format", type=click.Choice(EXPORT_FORMATS), default="apx", show_default=True,
    help="The case's argumentation framework as ASPARTIX facts or the trivial graph format (docs/af.md), "
    "or the case as an AIF argument map (AIFdb JSON) or Argdown (docs/interchange.md).",
)
@_output_options
@max_bytes_option
@preferences_option
def export(file: str, output_format: str, output: str | None, force: bool, max_bytes: int,
           preferences: str | None) -> None:
    """Write a case for other tools: its argumentation framework (apx, tgf) or its argument map (aif, argdown).

    apx and tgf hold the framework's defeats: the attacks that succeed under
    the case's preferences, so another solver's grounded extension is what
    `causal check` accepts. aif and argdown write the case's claims, links and
    attacks, and give back what `causal import` kept in notes. FILE is a .cx
    file or - (standard input). Exit status: 0 written, 1 the case has syntax
    errors, 2 usage error or a file that cannot be read.
    """
    _refuse_existing(output, force, "export", file)
    if output_format in ("apx", "tgf"):
        from causal.analysis.labels import full_framework
        from causal.argumentation import WRITERS

        report = load_case(file, max_bytes, settings_overrides(None, None, preferences), "export")
        _write(WRITERS[output_format](full_framework(report.analysis)), output, "export")
        return
    case = _parsed_case(file, max_bytes)
    if output_format == "aif":
        from causal.interchange.aif import export_aif

        converted = export_aif(case)
    else:
        from causal.interchange.argdown import export_argdown

        converted = export_argdown(case)
    _show(file, converted.notices)
    _write(converted.text, output, "export")


def _parsed_case(file: str, max_bytes: int):
    """The case's AST, or exit: 2 when it cannot be read, 1 when it has syntax errors."""
    from causal.inputs.case_files import read_case, read_stdin
    from causal.language.parser import parse
    from causal.report.file_report import FileReport
    from causal.report.text import render_findings
    from causal.rules.input import SYNTAX_ERROR, finding_of

    shown = "<stdin>" if file == "-" else file
    text, problem = read_stdin(sys.stdin, max_bytes) if file == "-" else read_case(Path(file), max_bytes)
    if text is None:
        click.echo(render_findings(FileReport(shown, "", (finding_of(problem),) if problem else ())), err=True)
        sys.exit(USAGE_ERROR)
    case, problems = parse(text)
    syntax = tuple(finding_of(p) for p in problems if p.rule == SYNTAX_ERROR.name)
    if case is None or syntax:
        click.echo(render_findings(FileReport(shown, text, syntax)), err=True)
        click.echo("causal export: the case has syntax errors; fix them first", err=True)
        sys.exit(FAILED)
    return case


# --- output --------------------------------------------------------------------------------------


def _refuse_existing(output: str | None, force: bool, command: str, case_file: str | None = None) -> None:
    """Stop before any work when -o names a file that exists (or the case itself) and --force was not given."""
    if output is None:
        return
    if case_file is not None and case_file != "-" and same_file(case_file, output):
        click.echo(printable(f"causal {command}: refusing to write over the case file {case_file}"), err=True)
        sys.exit(USAGE_ERROR)
    if os.path.lexists(output) and not force:
        click.echo(printable(f"causal {command}: {output} exists; give --force to replace it"), err=True)
        sys.exit(USAGE_ERROR)


def _write(text: str, output: str | None, command: str) -> None:
    # The case file itself was refused before any work (_refuse_existing), so no case file is named here.
    write_output(text, output, None, command)
    if output is not None:
        click.echo(printable(f"causal {command}: wrote {output}"), err=True)


def _show(file: str, notices: Iterable[Notice]) -> None:
    """Each notice as `FILE:WHERE: severity: message`, and its help, on standard error."""
    shown = "<stdin>" if file == "-" else file
    for notice in notices:
        if notice.line is not None:
            place = f"{shown}:{notice.line}:{notice.column or 1}"
        elif notice.where:
            place = f"{shown}: {notice.where}"
        else:
            place = shown
        click.echo(printable(f"{place}: {notice.severity}: {notice.message}"), err=True)
        click.echo(printable(f"   = help: {notice.help}"), err=True)
