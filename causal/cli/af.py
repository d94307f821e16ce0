"""`causal af`: abstract argumentation frameworks, with the ICCMA solver conventions (docs/af.md).

Kept apart from causal.cli.commands and light to import (click and causal.argumentation
only), so that `causal af solve`, which solvers' benchmarks start once per
file, does not pay for loading the case checker: causal.cli.entry starts it alone,
and causal.cli.commands adds it to the `causal` group. The command's work is in
causal.cli.af_solve, which causal.cli.entry also runs without click for a plain ICCMA
call; this module reads every other command line and shows help.
"""

from __future__ import annotations

import sys

import click

from causal.argumentation.formats import FORMATS
from causal.argumentation.semantics import ENGINES
from causal.cli.af_solve import (  # noqa: F401 - DEFAULT_MAX_BYTES and read_framework_text are used by bench/
    DEFAULT_MAX_BYTES,
    DEFAULT_TIME_LIMIT,
    UsageProblem,
    answer,
    read_framework_text,
    solver_information,
)
from causal.cli.groups import Guarded


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
    "--max-arguments", type=click.IntRange(min=1), metavar="N",
    help="Refuse i23 files whose header declares more than N arguments (default: 1,000,000 plus one per byte "
    "of the file, at most 10,000,000; docs/af.md).",
)
@click.option(
    "--time-limit", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_TIME_LIMIT, show_default=True,
    metavar="SECONDS", help="Give up on a task still unanswered after this long (exit status 1).",
)
@click.option(
    "--engine", type=click.Choice(ENGINES), default="sat", show_default=True,
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
    max_arguments: int | None,
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
    context = click.get_current_context()
    if all(context.get_parameter_source(name) is click.core.ParameterSource.DEFAULT for name in context.params):
        click.echo(solver_information())
        return
    try:
        answer(click.echo, **context.params)
    except UsageProblem as problem:
        raise problem.as_click(context) from None


def show_usage_problem(problem: UsageProblem) -> None:
    """Show a usage error as the click command shows it (its usage line, the help hint, the error), and exit."""
    group = click.Context(af, info_name="causal af", **af.context_settings)
    error = problem.as_click(click.Context(solve, info_name="solve", parent=group))
    error.show()
    sys.exit(error.exit_code)
