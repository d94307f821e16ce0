"""`causal report FILE -o case.html`: one self-contained HTML page of a checked case (causal.report.html_report).

Exit statuses as `causal graph`: 0 written (whatever the case's findings), 1 the case has syntax errors, 2 usage
error, a file that cannot be read, or an output that cannot be written. Without Graphviz the page is written all
the same, with a note where the graph would be, and standard error says so.
"""

from __future__ import annotations

from collections.abc import Mapping

import click

from causal.cli.case_options import acceptability_options, load_case, max_bytes_option, write_output
from causal.cli.paths import PATH
from causal.report.printable import printable

# The renderer, the checker and Graphviz's runner are imported when the command runs: `causal --version` and
# `causal check` should not load them.



@click.command(name="report")
@click.argument("file", metavar="FILE", type=PATH)
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True),
    help="Write the page to this file (overwriting it; never the case file itself); - for standard output.",
)
@max_bytes_option
@acceptability_options
def report(file: str, output: str, max_bytes: int, overrides: Mapping[str, object]) -> None:
    """Write a case's report as one self-contained HTML page: graph, findings, case text, chains, hypotheses,
    explain trees and sources, with a search box. It fetches nothing and opens from a file.

    FILE is a .cx file or - (standard input).
    """
    from causal.report.html_report import drawn_page

    checked = load_case(file, max_bytes, overrides, "report")
    page, reason = drawn_page(checked)
    if reason is not None:
        click.echo(printable(f"causal report: the graph is not drawn: {reason}"), err=True)
    write_output(page, None if output == "-" else output, file, "report")
