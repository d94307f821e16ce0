"""SVG through Graphviz: the DOT text piped to `dot -Tsvg`.

Unlike the other renderers this one runs a program, so it is kept apart and
takes the program's path; the command line finds it and reports its absence.
"""

from __future__ import annotations

import subprocess

GRAPHVIZ_MISSING = (
    "Graphviz's `dot` is not installed; install the `graphviz` package "
    "(e.g. apt-get install graphviz) or use --format dot"
)
# A generous bound: dot lays out thousands of nodes in seconds.
TIMEOUT_SECONDS = 300


class GraphvizError(Exception):
    """`dot` ran but gave no SVG."""


def dot_to_svg(dot_text: str, dot_program: str) -> str:
    try:
        result = subprocess.run(
            [dot_program, "-Tsvg"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise GraphvizError(f"`dot` took longer than {TIMEOUT_SECONDS} s") from error
    except OSError as error:
        raise GraphvizError(f"`dot` could not be run: {error.strerror or error}") from error
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip() or f"exit status {result.returncode}"
        raise GraphvizError(f"`dot` failed: {detail}")
    return result.stdout.decode("utf-8", "replace")
