"""Source positions: where a piece of a case file starts and ends."""

from __future__ import annotations

from typing import NamedTuple


class Span(NamedTuple):
    """A region of a source text; lines and columns count from 1.

    ``end_column`` is exclusive: a one-character token at column 5 ends at 6.
    A named tuple, not an attrs class: large cases make millions of them.
    """

    line: int
    column: int
    end_line: int
    end_column: int

    def cover(self, other: Span) -> Span:
        """The smallest span holding both ``self`` and ``other``."""
        start = min((self.line, self.column), (other.line, other.column))
        end = max((self.end_line, self.end_column), (other.end_line, other.end_column))
        return Span(start[0], start[1], end[0], end[1])

    def contains(self, other: Span) -> bool:
        return (self.line, self.column) <= (other.line, other.column) and (
            other.end_line,
            other.end_column,
        ) <= (self.end_line, self.end_column)


# Findings about a whole file (unreadable, empty) point at its start.
FILE_START = Span(1, 1, 1, 1)
