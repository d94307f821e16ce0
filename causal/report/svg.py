"""SVG, PNG and PDF through Graphviz: the DOT text piped to `dot -Tsvg` (or `-Tpng`, `-Tpdf`).

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
    """`dot` could not be run, or gave no drawing."""


# The formats drawn by Graphviz, with what `dot` is asked for.
GRAPHVIZ_FORMATS = {"svg": ["-Tsvg"], "png": ["-Tpng"], "pdf": ["-Tpdf"]}
# PNG pixels per inch: 96, a screen's; the drawing's own size in points sets the width.
PNG_DPI = 96


def dot_to_svg(dot_text: str, dot_program: str) -> str:
    return dot_to(dot_text, dot_program, "svg").decode("utf-8", "replace")


def dot_to(dot_text: str, dot_program: str, output_format: str, width: int | None = None) -> bytes:
    """The drawing in ``output_format`` (svg, png or pdf); ``width``: scale a PNG to this many pixels wide."""
    arguments = [dot_program, *GRAPHVIZ_FORMATS[output_format]]
    if output_format == "png":
        arguments.append(f"-Gdpi={PNG_DPI}")
        if width is not None:
            # `!`: scale up as well as down, until the width fits (the height is left free).
            arguments.append(f"-Gsize={width / PNG_DPI:.4f},{10_000}!")
    try:
        result = subprocess.run(
            arguments, input=dot_text.encode("utf-8"), capture_output=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise GraphvizError(f"`dot` took longer than {TIMEOUT_SECONDS} s") from error
    except OSError as error:
        raise GraphvizError(f"`dot` could not be run: {error.strerror or error}") from error
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip() or f"exit status {result.returncode}"
        raise GraphvizError(f"`dot` failed: {detail}")
    return result.stdout
