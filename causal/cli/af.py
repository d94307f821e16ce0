"""`causal af`: abstract argumentation frameworks, with the ICCMA solver conventions (docs/af.md).

Kept apart from causal.cli.commands and light to import (click and causal.argumentation
only), so that `causal af solve`, which solvers' benchmarks start once per
file, does not pay for loading the case checker: causal.cli.entry starts it alone,
and causal.cli.commands adds it to the `causal` group.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from causal.argumentation.formats import FORMATS, find_argument, has_i23_header, sniff
from causal.report.printable import printable

# The exit status of causal.cli.commands for usage errors and unreadable files.
USAGE_ERROR = 2
# `causal af solve` gave up on a task at its time limit.
TIMED_OUT = 1
# Generous: hard instances that a SAT-based solver answers at all mostly take seconds (bench/README.md).
DEFAULT_TIME_LIMIT = 600.0


class Guarded(click.Group):
    """A group whose commands can never end in a traceback (the `causal` group and `causal af`).

    The library reports every problem with an input as a finding or a clear
    error; this is the last resort for a bug in causal itself, and no input
    should ever reach it. It lives here, not in causal.cli.commands, so that `causal af`
    can use it without loading the case checker.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:  # noqa: BLE001 - the documented last resort
            click.echo(
                f"causal: internal error: {type(error).__name__}: {printable(str(error))}\n"
                "This is a bug in causal; please report it with the input that caused it.",
                err=True,
            )
            ctx.exit(USAGE_ERROR)


AF_SUFFIXES = {".apx": "apx", ".tgf": "tgf", ".i23": "i23", ".af": "i23"}

# Printed when `causal af solve` is called with no arguments, as ICCMA solvers do.
SOLVER_NAME = "causal"
SOLVER_AUTHORS = "the causal authors"

# Framework files are written by programs and can be large (ICCMA's largest are
# some hundreds of megabytes), but one past this is refused before it is read.
DEFAULT_MAX_BYTES = 1024 * 1024 * 1024


def solver_information() -> str:
    """Name and version, then authors: what an ICCMA solver prints when called with no arguments."""
    from importlib import metadata

    from causal import __version__

    try:
        about = metadata.metadata(SOLVER_NAME)
        authors = about.get("Author-email") or about.get("Author") or SOLVER_AUTHORS
    except metadata.PackageNotFoundError:
        authors = SOLVER_AUTHORS
    return f"{SOLVER_NAME} {__version__}\n{authors}"


def framework_format(file: str, text: str) -> str | None:
    """The format of a framework file given without -fo: an i23 `p af` header whatever the
    suffix (ICCMA 2023 passes no format), else the suffix, else what the content looks like."""
    found = sniff(text)
    if found == "i23":
        return found
    return AF_SUFFIXES.get(Path(file).suffix.lower()) or found


def read_framework_text(file: str, max_bytes: int) -> str:
    """The text of a framework file: only a regular file, of at most ``max_bytes``; OSError or
    ValueError (with a message for the user) otherwise."""
    import os

    from causal.inputs.files import read_regular

    size = os.stat(file).st_size  # NotRegularFile, raised by read_regular, names FIFOs and devices
    if size > max_bytes:
        raise ValueError(f"the file is {size:,} bytes, over the --max-bytes limit of {max_bytes:,}")
    data = read_regular(file, max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(f"the file is over the --max-bytes limit of {max_bytes:,} bytes")
    # Line ends are left to the parsers, which take `\n`, `\r\n` and a lone `\r` alike.
    return data.decode("utf-8")


@click.group(cls=Guarded, context_settings={"help_option_names": ["-h", "--help"]})
def af() -> None:
    """Solve abstract argumentation frameworks (ICCMA conventions)."""


@af.command()
@click.option("-p", "--problem", "task", metavar="TASK", help="The task, such as SE-GR, EE-CO, DC-PR or DS-ST (--problems lists them).")
@click.option("-f", "--file", "file", metavar="FILE", help="The framework file.")
@click.option(
    "-fo", "--format", "file_format", type=click.Choice(FORMATS),
    help="The file's format; by default an i23 `p af` header, else the suffix (.apx, .tgf, .i23 or .af).",
)
@click.option("-a", "--argument", metavar="ARG", help="The argument DC and DS tasks ask about (a number 1..N for i23).")
@click.option(
    "--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True, metavar="N",
    help="Refuse framework files over N bytes (checked before reading).",
)
@click.option(
    "--time-limit", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_TIME_LIMIT, show_default=True,
    metavar="SECONDS", help="Give up on a task still unanswered after this long (exit status 1).",
)
@click.option(
    "--engine", type=click.Choice(["sat", "search"]), default="sat", show_default=True,
    help="Complete, preferred and stable semantics on the SAT engine or the labelling search (docs/af.md).",
)
@click.option("--formats", "list_formats", is_flag=True, help="Print the supported formats and exit.")
@click.option("--problems", "list_problems", is_flag=True, help="Print the supported tasks and exit.")
def solve(
    task: str | None,
    file: str | None,
    file_format: str | None,
    argument: str | None,
    max_bytes: int,
    time_limit: float,
    engine: str,
    list_formats: bool,
    list_problems: bool,
) -> None:
    """Answer one task about one framework: an extension, every extension, or YES/NO.

    With no arguments, print the solver's name, version and authors. Exit
    status: 0 answered, 1 no answer within the time limit, 2 usage error or a
    file that cannot be read or parsed.
    """
    from causal import argumentation

    context = click.get_current_context()
    if all(context.get_parameter_source(name) is click.core.ParameterSource.DEFAULT for name in context.params):
        click.echo(solver_information())
        return
    if list_formats or list_problems:
        if list_formats:
            click.echo("[" + ",".join(argumentation.FORMATS) + "]")
        if list_problems:
            click.echo("[" + ",".join(argumentation.TASKS) + "]")
        return
    if task is None or file is None:
        raise click.UsageError("give a task (-p) and a framework file (-f)")
    try:
        problem, semantics = argumentation.parse_task(task)
    except ValueError as error:
        raise click.BadParameter(printable(str(error)), param_hint="'-p'") from None
    decision = problem in (argumentation.Problem.DC, argumentation.Problem.DS)
    if decision and argument is None:
        raise click.UsageError(f"{task} asks about one argument; give it with -a")
    try:
        text = read_framework_text(file, max_bytes)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        click.echo(printable(f"{file}: cannot read the file: {getattr(error, 'strerror', None) or error}"), err=True)
        sys.exit(USAGE_ERROR)
    if file_format is None:
        file_format = framework_format(file, text)
        if file_format is None:
            raise click.UsageError(
                f"cannot tell the format of {printable(file)} from its name or content; give -fo apx, tgf or i23"
            )
    # Read as TGF, whose node lines may carry labels, an i23 header would pass as a node `p`.
    if file_format != "i23" and has_i23_header(text):
        message = f"{file}:1: the file starts with a `p af` header (ICCMA 2023's format): give -fo i23, or no -fo"
        click.echo(printable(message), err=True)
        sys.exit(USAGE_ERROR)
    try:
        framework = argumentation.parse(text, file_format)
    except argumentation.FormatError as error:
        click.echo(printable(f"{file}:{error.line}: {error.message}"), err=True)
        sys.exit(USAGE_ERROR)
    index = None
    if argument is not None:
        try:
            index = find_argument(framework, file_format, argument)
        except KeyError:
            numbers = f"; i23 arguments are the numbers 1..{len(framework)}" if file_format == "i23" else ""
            asked = argument if len(argument) <= 60 else argument[:57] + "..."
            message = printable(f"{file} has no argument {asked!r}{numbers}")
            raise click.BadParameter(message, param_hint="'-a'") from None
    certificate = None
    try:
        if file_format == "i23" and decision:
            # ICCMA 2023 shows a credulous YES and a sceptical NO by an extension: the SAT engine
            # finds it while deciding, so the answer is read from it.
            certificate = argumentation.witness(framework, problem, semantics, index, time_limit=time_limit)
            answer = (certificate is not None) == (problem is argumentation.Problem.DC)
        else:
            answer = argumentation.solve(framework, problem, semantics, index, engine=engine, time_limit=time_limit)
    except argumentation.TimeLimitExceeded:
        click.echo(
            printable(
                f"{file}: no answer to {problem.name}-{semantics.name} ({semantics.value} semantics) within the time "
                f"limit of {time_limit:g} s, on {len(framework):,} arguments and {framework.attack_count:,} attacks; "
                "give more time with --time-limit"
            ),
            err=True,
        )
        sys.exit(TIMED_OUT)
    output = argumentation.render_answer(framework, file_format, problem, answer, certificate)
    if output:
        # Argument names reach the terminal escaped (control, bidi, invisible characters);
        # i23 answers are numbers, one extension a line.
        click.echo(output if file_format == "i23" else printable(output))
