"""Source excerpts under a finding: the line, a line-number gutter, carets under the span.

Lines are shown as a terminal will draw them: tabs expand to tab stops, East
Asian wide characters take two cells, combining marks none, and characters
that could move the cursor or reorder the text (control and bidi characters)
are shown escaped. Carets are measured with the same widths, so they stay
under the span. A very long line is cut to a window around the span, with an
ellipsis on each cut side.
"""

from __future__ import annotations

import unicodedata

from attrs import frozen

from causal.inputs.spans import Span
from causal.report.printable import escaped as _escaped
from causal.report.printable import printable

__all__ = ["Excerpt", "excerpt", "excerpt_in", "printable"]

TAB_STOP = 4
# The window a long line is cut to, in characters of the source line.
WINDOW = 120
LEFT_CONTEXT = 40
ELLIPSIS = "…"


def _cell_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


@frozen
class _Cells:
    """A piece of a source line as drawn: its text and each source character's width."""

    text: str
    widths: tuple[int, ...]


def _draw(chars: str) -> _Cells:
    pieces: list[str] = []
    widths: list[int] = []
    column = 0
    for char in chars:
        if char == "\t":
            piece = " " * (TAB_STOP - column % TAB_STOP)
            width = len(piece)
        else:
            escaped = _escaped(char)
            piece = escaped if escaped is not None else char
            width = len(escaped) if escaped is not None else _cell_width(char)
        pieces.append(piece)
        widths.append(width)
        column += width
    return _Cells("".join(pieces), tuple(widths))


@frozen
class Excerpt:
    """One source line, ready to print: the line as drawn and the caret row under it."""

    line_number: int
    text: str
    carets: str  # spaces up to the span, then `^` under it


def excerpt(line: str, line_number: int, span: Span) -> Excerpt:
    """The excerpt for ``span`` on ``line`` (the text of line ``span.line``, no line end).

    A span that runs on to later lines is underlined to the end of its first
    line. A span at the very end of the line gets one caret just past it.
    """
    return excerpt_in(line, 0, len(line), line_number, span)


def excerpt_in(text: str, line_start: int, line_end: int, line_number: int, span: Span) -> Excerpt:
    """`excerpt` of the line ``text[line_start:line_end]``, copying only the window shown.

    A case can have lines of thousands of characters (a long chain) with a
    finding on every name in them: copying the line for each would make the
    report quadratic in the line's length.
    """
    length = line_end - line_start
    start = min(max(span.column - 1, 0), length)
    end = span.end_column - 1 if span.end_line == span.line else length
    end = min(max(end, start), length)
    left = 0 if length <= WINDOW else max(0, min(start - LEFT_CONTEXT, length - WINDOW))
    right = min(length, left + WINDOW)
    window = text[line_start + left : line_start + right]
    prefix = ELLIPSIS if left > 0 else ""
    suffix = ELLIPSIS if right < length else ""
    if window.isascii() and window.isprintable():
        # The common case: one cell per character.
        drawn, before, under = window, start - left, min(end, right) - start
    else:
        cells = _draw(window)
        drawn = cells.text
        before = sum(cells.widths[: start - left])
        under = sum(cells.widths[start - left : min(end, right) - left])
    return Excerpt(line_number, prefix + drawn + suffix, " " * (len(prefix) + before) + "^" * max(1, under))
