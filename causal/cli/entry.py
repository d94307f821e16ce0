"""The `causal` console script: `causal af ...` starts without loading the case checker.

Importing causal.cli.commands loads the parser and every rule (about 0.1 s), which a
solver started once per framework file should not pay; everything but `af`
goes to causal.cli.commands as before.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:2] != ["af"]:
        from causal.cli.commands import main as causal_main

        causal_main()
        return
    from causal.cli.af import af

    # As causal.cli.commands.main: a terminal that cannot show a character gets an escape, not a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass
    af(args=sys.argv[2:], prog_name="causal af")
