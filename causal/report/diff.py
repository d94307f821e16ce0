"""A unified diff of a case file before and after `causal fmt`, for reading in a terminal."""

from __future__ import annotations

import difflib

from causal.report.printable import printable


def render_diff(path: str, before: str, after: str) -> str:
    """The diff of two texts with `\\n` line ends, each line made printable; "" if they are equal.

    Lines are split at `\\n` only: a form feed or a line separator inside a
    comment is part of its line, as the case language reads it.
    """
    shown = printable(path)
    lines = difflib.unified_diff(
        _lines(before), _lines(after), fromfile=shown, tofile=shown, lineterm=""
    )
    return "".join(f"{_printable_keeping_tabs(line)}\n" for line in lines)


def _lines(text: str) -> list[str]:
    return text.removesuffix("\n").split("\n") if text else []


def _printable_keeping_tabs(line: str) -> str:
    # A tab cannot hurt a terminal, and a diff of indentation is unreadable with tabs escaped.
    return "\t".join(printable(part) for part in line.split("\t"))
