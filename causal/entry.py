"""The `causal` console script: `causal af ...` starts without loading the case checker.

Importing causal.cli loads the parser and every rule (about 0.1 s), which a
solver started once per framework file should not pay; everything but `af`
goes to causal.cli as before. A plain ICCMA call of `causal af solve` does not
even load click (causal.af_solve); other `causal af` command lines go through
the click group of causal.af_command.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:2] != ["af"]:
        from causal.cli import main as causal_main

        causal_main()
        return
    # As causal.cli.main: a terminal that cannot show a character gets an escape, not a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass
    if sys.argv[2:3] == ["solve"]:
        from causal.af_solve import run_plain

        run_plain(sys.argv[3:])  # exits when it ran the command
    from causal.af_command import af

    af(args=sys.argv[2:], prog_name="causal af")
