"""The `causal` command: parse options, call the library, render, set the exit status.

Everything that judges a case lives in the library (`causal.pipeline`) and
everything that formats a report in `causal.report`; this module only reads
inputs, writes outputs and sets the exit status (causal.cli.exit_codes says
which).

Each command imports what it needs when it runs, not when this module loads:
`causal --version` needs none of the checker, `causal rules` no parser, and
`causal check` no graph renderer (start-up: bench/startup.py).
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from causal.cli.case_options import (
    acceptability_options,
    load_case,
    max_bytes_option,
    write_binary,
    write_output,
)
from causal.cli.exit_codes import USAGE_ERROR, exit_status
from causal.cli.groups import LazyGuarded
from causal.cli.paths import PATH
from causal.inputs.case_files import expand_paths
from causal.report.json_report import VERSION as JSON_VERSION
from causal.report.json_report import VERSIONS as JSON_VERSIONS
from causal.report.printable import printable
from causal.rules.findings import Severity
from causal.version import __version__

if TYPE_CHECKING:
    from causal.cli.progress import Progress
    from causal.report.file_report import FileReport


@click.group(cls=LazyGuarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="causal")
def cli() -> None:
    """Check the causal claims of a case file (.cx) like a compiler checks code."""


def main() -> None:
    """The `causal` console script."""
    # A terminal that cannot show a character gets an escape, not a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass
    cli(prog_name="causal")


# --- options shared by commands --------------------------------------------------


def _rule_names(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> tuple[str, ...]:
    """Rule names or codes, repeated or comma-separated, as rule names; unknown ones are usage errors."""
    if not values:  # click calls this for every check, with or without the option
        return ()
    from causal.rules.documentation import did_you_mean
    from causal.rules.registry import RULES, find_rule

    names: list[str] = []
    for value in values:
        for word in (part.strip() for part in value.split(",")):
            if not word:
                continue
            rule = find_rule(word)
            if rule is None:
                raise click.BadParameter(printable(f"unknown rule `{word}`{did_you_mean(word, RULES)}"), ctx, param)
            names.append(rule.name)
    return tuple(dict.fromkeys(names))


def use_colour(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    # https://no-color.org: a NO_COLOR that is set and not empty turns colour off.
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR")


# --- causal check ----------------------------------------------------------------

CHECK_FORMATS = ("text", "concise", "json", "jsonl", "sarif", "github")


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...", type=PATH)
@click.option(
    "--format", "output_format", type=click.Choice(CHECK_FORMATS), default="text", show_default=True,
    help="Report as compiler-style text, one line a finding (concise), JSON (docs/json.md), JSON Lines (one "
    "finding a line), SARIF 2.1.0, or GitHub Actions annotations (github). docs/cli.md describes each.",
)
@click.option(
    "--stdin-filename", metavar="NAME", default=None,
    help="With - as PATH: the name the case read from standard input is shown by, and the file it is read as "
    "(its documents and [tool.causal] are looked up from that file's folder).",
)
@click.option(
    "--fail-on", type=click.Choice(["error", "warning", "info"], case_sensitive=False), default=None,
    help="Exit with 1 when a finding at or above this severity is not expected. "
    "Default: `fail-on` in [tool.causal], else error.",
)
@click.option(
    "--select", multiple=True, callback=_rule_names, metavar="RULE",
    help="Report only these rules (names or codes; repeat or separate with commas).",
)
@click.option(
    "--ignore", multiple=True, callback=_rule_names, metavar="RULE",
    help="Do not report these rules (names or codes; repeat or separate with commas).",
)
@click.option(
    "--json-version", type=click.Choice([str(v) for v in JSON_VERSIONS]), default=str(JSON_VERSION),
    show_default=True, help="The JSON report's version; 1 is the shape without labels and confidences (docs/json.md).",
)
@max_bytes_option
@acceptability_options
@click.option(
    "--color", "--colour", "colour", type=click.Choice(["auto", "always", "never"]), default="auto",
    show_default=True, help="Colour the text report; auto: only on a terminal, and not when NO_COLOR is set.",
)
def check(
    paths: tuple[str, ...],
    output_format: str,
    stdin_filename: str | None,
    fail_on: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    json_version: str,
    max_bytes: int,
    overrides: Mapping[str, object],
    colour: str,
) -> None:
    """Check case files: PATH is a .cx file, a folder (every .cx below it) or - (standard input).

    Exit status: 0 passed, 1 findings at or above --fail-on that no `expect`
    line accounts for, 2 usage error or a file that cannot be read.
    """
    from causal.cli.progress import Progress
    from causal.pipeline import STDIN, check_file

    if stdin_filename is not None and STDIN not in paths:
        raise click.BadParameter(
            "it names the case read from standard input; give - as a PATH", param_hint="'--stdin-filename'"
        )
    files = expand_paths(list(paths))
    reports: list[FileReport] = []
    coloured = output_format == "text" and use_colour(colour)

    def checked(progress: Progress) -> Iterator[FileReport]:
        for number, given in enumerate(files, start=1):
            progress.checking(number, given)
            reports.append(check_file(given, max_bytes, select, ignore, overrides, stdin_filename))
            yield reports[-1]

    # Each file's report is written as soon as it is checked, in pieces: a report of many findings is never
    # held whole as text.
    try:
        with Progress(len(files), sys.stderr) as progress:
            for piece in check_report(output_format, checked(progress), int(json_version), coloured):
                with progress.paused():
                    click.echo(piece, nl=False, color=coloured)
        if output_format != "jsonl":
            click.echo("", color=coloured)
    except BrokenPipeError:
        # The reader has stopped reading (`| head`): the files left are not checked.
        _stdout_to_devnull()
    sys.exit(exit_status(reports, None if fail_on is None else Severity.parse(fail_on)))


def check_report(output_format: str, reports: Iterable[FileReport], json_version: int, coloured: bool) -> Iterator[str]:
    """`causal check`'s report in ``output_format``, in pieces, each file's as soon as ``reports`` yields it."""
    if output_format == "text":
        from causal.report.text import iter_text

        return iter_text(reports, color=coloured)
    if output_format == "json":
        from causal.report.json_report import iter_json

        return iter_json(reports, json_version)
    if output_format == "jsonl":
        from causal.report.json_report import iter_jsonl

        return iter_jsonl(reports, json_version)
    if output_format == "concise":
        from causal.report.concise import iter_concise

        return iter_concise(reports)
    working_folder = _working_folder()
    if output_format == "sarif":
        from causal.report.sarif import iter_sarif

        return iter_sarif(reports, working_folder)
    from causal.report.github import iter_github

    return iter_github(reports, working_folder)


def _stdout_to_devnull() -> None:
    """Point standard output at the null device, so that Python's last flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


def _working_folder() -> Path | None:
    """The current folder, which CI formats give paths relative to; None if it is gone."""
    try:
        return Path.cwd()
    except OSError:
        return None


# --- causal rules ----------------------------------------------------------------


@cli.command()
@click.argument("rule", required=False, metavar="[NAME_OR_CODE]")
@click.option("--markdown", "as_markdown", is_flag=True, help="Print as Markdown (this is docs/rules.md).")
def rules(rule: str | None, as_markdown: bool) -> None:
    """List every rule, or explain one (by name or code)."""
    from causal.rules.documentation import did_you_mean, explain, listing, markdown, markdown_section
    from causal.rules.registry import RULES, find_rule

    if rule is None:
        click.echo(markdown(RULES) if as_markdown else listing(RULES))
        return
    found = find_rule(rule)
    if found is None:
        raise click.UsageError(printable(f"unknown rule `{rule}`{did_you_mean(rule, RULES)}; `causal rules` lists them all"))
    click.echo(markdown_section(found) if as_markdown else explain(found))



# --- causal graph ----------------------------------------------------------------

@cli.command()
@click.argument("file", metavar="FILE", type=PATH)
@click.option(
    "--format", "output_format", type=click.Choice(["dot", "mermaid", "svg", "png", "pdf"]), default="dot",
    show_default=True,
    help="Graphviz DOT, a Mermaid flowchart, or SVG, PNG or PDF (these three need Graphviz's `dot`).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (overwriting it), not to standard output.")
@click.option(
    "--link-base", metavar="BASE", default=None,
    help="Start each element's link back to the case (BASE + case path + #L<line>) with BASE, e.g. "
    "file:///home/me/ or https://example.org/repo/blob/main/. Default: the case path as given.",
)
@click.option(
    "--width", type=click.IntRange(min=100, max=20_000), default=None, metavar="PIXELS",
    help="With --format png: scale the picture to this many pixels wide (default: 96 pixels per inch).",
)
@max_bytes_option
@acceptability_options
def graph(
    file: str, output_format: str, output: str | None, link_base: str | None, width: int | None, max_bytes: int,
    overrides: Mapping[str, object],
) -> None:
    """Draw a case's causal graph, styled by what the checker found.

    FILE is a .cx file or - (standard input). PNG and PDF are written only to
    a file (-o), or to standard output when it is not a terminal.
    """
    import shutil

    from causal.report.dot import render_dot, safe_link_base
    from causal.report.mermaid import render_mermaid
    from causal.report.svg import GRAPHVIZ_FORMATS, GRAPHVIZ_MISSING, GraphvizError, dot_to

    if link_base is not None and not safe_link_base(link_base):
        raise click.BadParameter(
            printable(f"{link_base!r} is neither a relative path nor a file:, http: or https: URL"),
            param_hint="'--link-base'",
        )
    binary = output_format in ("png", "pdf")
    if binary and output is None and sys.stdout.isatty():
        raise click.UsageError(
            f"--format {output_format} writes binary data; give -o FILE (or redirect standard output)"
        )
    report = load_case(file, max_bytes, overrides, "graph")
    if output_format == "mermaid":
        write_output(render_mermaid(report), output, file, "graph")
        return
    dot_text = render_dot(report, link_base)
    if output_format not in GRAPHVIZ_FORMATS:
        write_output(dot_text, output, file, "graph")
        return
    program = shutil.which("dot")
    if program is None:
        click.echo(f"causal graph: {GRAPHVIZ_MISSING}", err=True)
        sys.exit(USAGE_ERROR)
    try:
        drawn = dot_to(dot_text, program, output_format, width)
    except GraphvizError as error:
        click.echo(printable(f"causal graph: {error}"), err=True)
        sys.exit(USAGE_ERROR)
    if binary:
        write_binary(drawn, output, file, "graph")
    else:
        write_output(drawn.decode("utf-8", "replace"), output, file, "graph")


# --- causal explain ----------------------------------------------------------------


@cli.command(name="explain")
@click.argument("file", metavar="FILE", type=PATH)
@click.argument("item", metavar="ID")
@max_bytes_option
@acceptability_options
def explain_item(file: str, item: str, max_bytes: int, overrides: Mapping[str, object]) -> None:
    """Say why an item got its label, as a tree of supporters and attackers.

    ID is the name of an event, claim, evidence item, source, labelled link or
    chain, or an unlabelled link written `cause->effect` (`a&b->c` for joint causes).
    """
    from causal.analysis.explain import UnknownItem, explain_tree
    from causal.report.tree import render_tree

    report = load_case(file, max_bytes, overrides, "explain")
    try:
        tree = explain_tree(report.analysis, report.chains, item)
    except UnknownItem as error:
        raise click.BadParameter(printable(str(error)), param_hint="'ID'") from None
    click.echo(render_tree(tree))


# --- causal ach ------------------------------------------------------------------


@cli.command()
@click.argument("file", metavar="FILE", type=PATH)
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="The matrices and verdicts as text, or as JSON (docs/cli.md).",
)
@max_bytes_option
@acceptability_options
def ach(file: str, output_format: str, max_bytes: int, overrides: Mapping[str, object]) -> None:
    """Compare a case's competing hypotheses: the ACH matrix, scores and process-tracing verdicts.

    FILE is a .cx file or - (standard input). Exit status: 0 analysed (whatever
    the case's findings), 1 the case has syntax errors, 2 usage error or a file
    that cannot be read.
    """
    from causal.analysis.ach import analyse
    from causal.report.ach_json import render_ach_json
    from causal.report.ach_text import render_ach_text

    report = load_case(file, max_bytes, overrides, "ach")
    analysis = analyse(report.analysis)
    if output_format == "json":
        click.echo(render_ach_json(report.path, analysis))
    else:
        click.echo(render_ach_text(analysis))


# --- commands in modules of their own ------------------------------------------------
# Imported when the command is looked up, so that `causal check` does not load them (causal.cli.groups). `causal af`
# is kept light besides, so that the console script can start it without this module (see causal.cli.entry).

cli.add_lazy_command("af", "causal.cli.af:af")
cli.add_lazy_command("fmt", "causal.cli.fmt:fmt")
cli.add_lazy_command("lsp", "causal.cli.lsp:lsp")
cli.add_lazy_command("report", "causal.cli.report_command:report")
cli.add_lazy_command("export", "causal.cli.interchange:export")
cli.add_lazy_command("import", "causal.cli.interchange:import_group")
