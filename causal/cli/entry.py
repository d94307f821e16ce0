"""The `causal` console script: `causal af ...` starts without loading the case checker.

Importing causal.cli.commands loads the parser and every rule (about 0.1 s), which a
solver started once per framework file should not pay; everything but `af`
goes to causal.cli.commands as before. A plain ICCMA call of `causal af solve` does not
even load click (causal.cli.af_solve); other `causal af` command lines go through
the click group of causal.cli.af.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:2] != ["af"]:
        from causal.cli.commands import main as causal_main

        causal_main()
        return
    # As causal.cli.commands.main: a terminal that cannot show a character gets an escape, not a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass
    if sys.argv[2:3] == ["solve"]:
        solve_plain(sys.argv[3:])  # exits when it ran the command
    from causal.cli.af import af

    af(args=sys.argv[2:], prog_name="causal af")


def solve_plain(words: list[str]) -> bool:
    """Run a plain ICCMA call of `causal af solve` without click, and exit; False, having done nothing,
    for any other command line. A usage error is shown by the click command, as it shows its own."""
    from causal.cli.af_solve import run_plain

    problem = run_plain(words)
    if problem:
        from causal.cli.af import show_usage_problem

        show_usage_problem(problem)
    return False
