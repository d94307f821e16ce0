"""A half-written case, made checkable: the statements that do not parse are blanked out, everything else kept in place.

The parser gives no tree for a text with a syntax error, and while the user types, the text has one most of the
time. The editor still wants to go to definitions, hover and complete in the rest of the case. Statements start with
a keyword, and the formatter starts each on a line of its own; so the text is cut into runs of lines, each from a
line whose first word is a statement keyword to the next such line, and each run is parsed on its own. The runs
that do not parse are replaced by spaces, line ends kept, so every position in the rest is where it was. What is
checked then is the case as it would be without the statement being typed.

This is only for the editor's navigation: the diagnostics are always those of the text as it is (`causal check`
reports the syntax error and nothing else).
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from causal.language.parser import parse
from causal.lsp.scanning import STATEMENT_TERMINALS, keywords

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_FIRST_WORD = re.compile(r"[ \t\f]*([^\W\d][\w-]*)")
_NOT_LINE_END = re.compile(r"[^\r\n]")
_BOM = "\ufeff"


class Recovered(NamedTuple):
    text: str  # the text with the broken runs blanked
    blanked: tuple[tuple[int, int], ...]  # the offsets (start, end) of each blanked run, in order


class _Run(NamedTuple):
    start: int
    end: int
    line: int  # its first line, from 1


def _runs(text: str) -> list[_Run]:
    """Each run of lines that starts with a statement keyword (the first run may not), in order."""
    statement_words = {word for word, name in keywords().items() if name in STATEMENT_TERMINALS}
    starts = [(0, 1)]
    for number, line in enumerate(_LINE.finditer(text), start=1):
        if line.start() == line.end():
            break
        first = _FIRST_WORD.match(line.group())
        if line.start() and first is not None and first.group(1) in statement_words:
            starts.append((line.start(), number))
    ends = [start for start, _ in starts[1:]] + [len(text)]
    return [_Run(start, end, line) for (start, line), end in zip(starts, ends)]


def _parses(piece: str) -> bool:
    if not piece.isascii() and not unicodedata.is_normalized("NFC", piece):
        piece = unicodedata.normalize("NFC", piece)
    case, _problems = parse(piece)
    return case is not None


def blank_broken_statements(text: str) -> Recovered:
    """``text`` with each run of lines that does not parse on its own turned into spaces (line ends kept)."""
    return _blanked(text, [run for run in _runs(text) if not _parses(text[run.start : run.end])])


def blank_near_error(text: str, error_line: int) -> Recovered:
    """``text`` with the runs that do not parse blanked, of the two where a syntax error on ``error_line`` (from 1)
    can come from: the run it is in, and the one before, whose end may have read that run's first words.

    Only two runs are parsed, not all of them, and the parser read everything before them without an error: while
    the user types one statement, this is all that is broken. Whether it is, the check of the result tells
    (`blank_broken_statements` is the way that always works).
    """
    runs = _runs(text)
    at = max((index for index, run in enumerate(runs) if run.line <= error_line), default=0)
    near = runs[max(at - 1, 0) : at + 1]
    return _blanked(text, [run for run in near if not _parses(text[run.start : run.end])])


def _blanked(text: str, runs: list[_Run]) -> Recovered:
    pieces: list[str] = []
    previous = 0
    for start, end, _line in runs:
        pieces.append(text[previous:start])
        # Byte-order marks at the very start stay: the columns of the first line are counted after them.
        kept = len(text[start:end]) - len(text[start:end].lstrip(_BOM)) if start == 0 else 0
        pieces.append(text[start : start + kept] + _NOT_LINE_END.sub(" ", text[start + kept : end]))
        previous = end
    pieces.append(text[previous:])
    return Recovered("".join(pieces), tuple((run.start, run.end) for run in runs))
