"""Positions, both ways: causal's (lines and columns from 1, in code points of the text `causal check` reads) and
the Language Server Protocol's (lines and characters from 0, in the client's code units: UTF-16 unless the client
and the server agreed on UTF-8 or UTF-32).

The text `causal check` reads is not quite the editor's buffer (causal.inputs.case_files, causal.pipeline,
causal.language.parser): a leading byte-order mark is dropped (the reader drops one and the parser one more), every
line end, `\\r\\n`, `\\r` or `\\n`, becomes one `\\n`, and the text is put in canonical composition (NFC). Line ends
are the protocol's own (it counts the same three), so lines are the same lines in both; only columns move, and only
on the first line (the marks) and on lines that are not in NFC. NFC never joins characters across a line end (a line
end is a starter that composes with nothing), so each line is composed on its own, and a column is mapped through
the line's clusters: a starter and the marks after it, which NFC composes among themselves.

Nothing here knows the protocol's types: a position is a pair of ints.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence

from causal.inputs.spans import Span

UTF16 = "utf-16"
UTF8 = "utf-8"
UTF32 = "utf-32"
ENCODINGS = (UTF16, UTF8, UTF32)

_LINE_END = re.compile(r"\r\n|\r|\n")
_BOM = "\ufeff"
# The reader drops one byte-order mark and the parser another, so a first line's columns count after both.
_MARKS_DROPPED = 2


def code_units(text: str, encoding: str = UTF16) -> int:
    """How many code units of ``encoding`` ``text`` takes (a lone surrogate counts as one character)."""
    if text.isascii() or encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _char_units(char: str, encoding: str) -> int:
    code = ord(char)
    if encoding == UTF16:
        return 2 if code > 0xFFFF else 1
    if encoding == UTF8:
        return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    return 1


def code_points(line: str, units: int, encoding: str = UTF16) -> int:
    """How many code points of ``line`` fill ``units`` code units; a count that ends inside a character stops
    before it, and one past the line's end is the line's length."""
    if units <= 0:
        return 0
    if line.isascii() or encoding == UTF32:
        return min(units, len(line))
    used = 0
    for index, char in enumerate(line):
        used += _char_units(char, encoding)
        if used > units:
            return index
        if used == units:
            return index + 1
    return len(line)


class _Clusters:
    """Where the clusters of one line start, in the editor's line and in its composed form (both ascending)."""

    __slots__ = ("written", "composed")

    def __init__(self, line: str) -> None:
        starters = [0, *(index for index, char in enumerate(line) if index and not unicodedata.combining(char))]
        starts: list[int] = []
        pieces: list[str] = []
        for start, end in zip(starters, [*starters[1:], len(line)]):
            piece = unicodedata.normalize("NFC", line[start:end])
            if pieces:
                joined = unicodedata.normalize("NFC", line[starts[-1] : end])
                if joined != pieces[-1] + piece:
                    # Two starters that compose (Hangul jamo, a few Indic vowel signs) are one cluster.
                    pieces[-1] = joined
                    continue
            starts.append(start)
            pieces.append(piece)
        if "".join(pieces) != unicodedata.normalize("NFC", line):
            starts, pieces = [0], [unicodedata.normalize("NFC", line)]
        composed, total = [], 0
        for piece in pieces:
            composed.append(total)
            total += len(piece)
        self.written = [*starts, len(line)]
        self.composed = [*composed, total]

    def to_written(self, column: int) -> int:
        """A composed column (from 0) as a column of the written line: a column inside a cluster is its start."""
        index = bisect_right(self.composed, column) - 1
        return self.written[max(index, 0)]

    def to_composed(self, column: int) -> int:
        index = bisect_right(self.written, column) - 1
        return self.composed[max(index, 0)]


class DocumentPositions:
    """One version of an editor's text, with its line starts, for converting positions in it."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding if encoding in ENCODINGS else UTF16
        self._starts = [0, *(match.end() for match in _LINE_END.finditer(text))]
        # Where each line's text ends, before its line end.
        ends = [match.start() for match in _LINE_END.finditer(text)]
        self._ends = [*ends, len(text)]
        self._marks = 0
        while self._marks < _MARKS_DROPPED and text.startswith(_BOM, self._marks):
            self._marks += 1
        self._clusters: dict[int, _Clusters | None] = {}

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_text(self, line: int) -> str:
        """The text of line ``line`` (from 0), without its line end."""
        return self.text[self._starts[line] : self._ends[line]]

    # -- causal's columns

    def _marks_on(self, line: int) -> int:
        return self._marks if line == 0 else 0

    def _clusters_of(self, line: int) -> _Clusters | None:
        """The line's clusters, when the line is not in NFC (None when causal reads it as written)."""
        if line not in self._clusters:
            written = self.line_text(line)[self._marks_on(line) :]
            plain = written.isascii() or unicodedata.is_normalized("NFC", written)
            self._clusters[line] = None if plain else _Clusters(written)
        return self._clusters[line]

    def offset_of_point(self, line: int, column: int) -> int:
        """The offset in the text of causal's (line, column), both from 1; clamped to the line, and to the text."""
        index = line - 1
        if index < 0:
            return 0
        if index >= len(self._starts):
            return len(self.text)
        composed = max(column - 1, 0)
        clusters = self._clusters_of(index)
        written = composed if clusters is None else clusters.to_written(composed)
        offset = self._starts[index] + self._marks_on(index) + written
        return min(offset, self._ends[index])

    def point_of_offset(self, offset: int) -> tuple[int, int]:
        """causal's (line, column), both from 1, of an offset in the text."""
        offset = min(max(offset, 0), len(self.text))
        index = bisect_right(self._starts, offset) - 1
        offset = min(offset, self._ends[index])
        written = max(offset - self._starts[index] - self._marks_on(index), 0)
        clusters = self._clusters_of(index)
        composed = written if clusters is None else clusters.to_composed(written)
        return index + 1, composed + 1

    # -- the protocol's positions

    def position_of_offset(self, offset: int) -> tuple[int, int]:
        """The protocol's (line, character) of an offset in the text; an offset inside a line end is the line's end."""
        offset = min(max(offset, 0), len(self.text))
        index = bisect_right(self._starts, offset) - 1
        start = self._starts[index]
        offset = min(offset, self._ends[index])
        return index, code_units(self.text[start:offset], self.encoding)

    def offset_of_position(self, line: int, character: int) -> int:
        """The offset in the text of the protocol's (line, character): a line past the end is the text's end, a
        character past the line's end is the line's end (the protocol's rule)."""
        if line < 0:
            return 0
        if line >= len(self._starts):
            return len(self.text)
        start, end = self._starts[line], self._ends[line]
        return start + code_points(self.text[start:end], character, self.encoding)

    # -- both

    def range_of_span(self, span: Span) -> tuple[tuple[int, int], tuple[int, int]]:
        """The protocol's range of a causal span."""
        start = self.position_of_offset(self.offset_of_point(span.line, span.column))
        end = self.position_of_offset(self.offset_of_point(span.end_line, span.end_column))
        return start, max(start, end)

    def point_of_position(self, line: int, character: int) -> tuple[int, int]:
        """causal's (line, column) of the protocol's (line, character)."""
        return self.point_of_offset(self.offset_of_position(line, character))


def apply_changes(text: str, changes: Sequence[tuple[tuple[int, int, int, int] | None, str]], encoding: str) -> str:
    """The text after the client's changes, in order: each a range (start line, start character, end line, end
    character) and the text that replaces it, or no range and the whole new text."""
    for bounds, replacement in changes:
        if bounds is None:
            text = replacement
            continue
        positions = DocumentPositions(text, encoding)
        start = positions.offset_of_position(bounds[0], bounds[1])
        end = max(start, positions.offset_of_position(bounds[2], bounds[3]))
        text = text[:start] + replacement + text[end:]
    return text
