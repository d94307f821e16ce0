"""Case text in its canonical layout, with every token and every comment kept: `causal fmt`.

The layout is the one cases/syria.cx is written in:

- Statements start at the left margin. A statement written on one line stays
  on one line when it fits in `WIDTH` columns. Any other is laid out a clause
  a line: the head on the first line, with a source's `reliability` and an
  evidence item's `from` and `credibility` when they come first, then each
  clause on a line of its own, indented by `INDENT`; so is a hypothesis's
  `explains OUTCOME`. A chain's head too long for one line breaks before an
  arrow. Clauses keep their written order.
- Tokens are separated by one space; there is none before `,` and `:`, none
  around the `..` of a time, and none after a minus sign.
- One or more blank lines between statements or comments become one blank
  line. Blank lines inside a statement, at the start and at the end go.
- A comment on a line of its own stays on a line of its own, before the
  statement, clause, chain arrow or `explains` that follows it, indented as
  that line (one inside the rest of a statement's head, or inside a clause,
  goes before the statement or the clause). A comment at the end of a line
  stays at the end of the line that holds the clause it followed; when several
  would end one line, all but the last go on lines of their own before it.
  Comments that end consecutive lines are aligned, two spaces after the
  longest line's code. Spaces, tabs and form feeds at the end of a comment go.
- The text is read as `causal check` reads it: a byte-order mark and CRLF or
  CR line ends are read as `\\n`, and the text is put in canonical composition
  (NFC). `format_bytes` writes a byte-order mark back if the file had one, and
  CRLF line ends if the file used CRLF for every line end; otherwise `\\n`.

Only white space, and where comments sit, changes: the tokens stay as
written, in their order, so the formatted text parses to the same AST and
`causal check` reports the same findings (at other lines). Every result is
checked for that before it is returned. causal.language.printer lays out an AST the
same way, so that a printed case is already formatted.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from typing import NamedTuple

from attrs import define, field, frozen

from causal.inputs.case_files import DEFAULT_MAX_BYTES, decode_case
from causal.inputs.problems import SYNTAX, Problem
from causal.language.concrete import Comment, ConcreteCase, ConcreteSyntaxError, Lexeme, Statement, parse_concrete
from causal.language.parser import parse
from causal.language.printer import INDENT, WIDTH

# Clauses that stay on a statement's first line when they come first, as causal.language.printer keeps them.
HEAD_CLAUSES = {
    "source": frozenset({"reliability"}),
    "evidence": frozenset({"from", "credibility"}),
    "set": frozenset({"reliability", "credibility"}),
}
COMMENT_GAP = 2  # spaces between the longest line's code and the comments aligned after it

_BOM = "\ufeff".encode()
_COMMENT_END = " \t\f"  # white space the grammar allows, but not a line end


class FormatterBug(RuntimeError):
    """The formatted text would not hold the tokens and comments of the original; nothing is written."""


@frozen
class FormattedFile:
    """The outcome of formatting one file's bytes.

    ``text`` is the case as `causal check` reads it (problems' positions refer
    to it); ``output`` the formatted file, or None when it cannot be formatted,
    and ``problems`` then say why: an `input-error` or `syntax-error`s.
    """

    text: str | None
    output: bytes | None
    problems: tuple[Problem, ...] = ()


def format_bytes(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> FormattedFile:
    """A case file's bytes in the canonical layout, with its byte-order mark and CRLF line ends kept."""
    text, problem = decode_case(data, max_bytes)
    if text is None:
        return FormattedFile(None, None, (problem,) if problem is not None else ())
    text = _composed(text)
    formatted, problems = format_text(text)
    if formatted is None:
        return FormattedFile(text, None, tuple(problems))
    if _uses_crlf(data):
        formatted = formatted.replace("\n", "\r\n")
    output = formatted.encode("utf-8")
    return FormattedFile(text, _BOM + output if data.startswith(_BOM) else output)


def format_text(text: str) -> tuple[str | None, list[Problem]]:
    """Case text (with `\\n` line ends) in the canonical layout; or None and its syntax errors.

    Other problems the parser finds (a misplaced clause, an unknown escape) do not
    stop it: the formatted text has them too.
    """
    text = _composed(text.removeprefix("\ufeff"))
    case, problems = parse(text)
    syntax_errors = [problem for problem in problems if problem.rule == SYNTAX]
    if case is None or syntax_errors:
        return None, syntax_errors
    concrete = parse_concrete(text)
    formatted = _render(_lines(concrete))
    _check_same_tokens(concrete, formatted)
    return formatted, []


def comment_text(comment: Comment) -> str:
    """A comment as the formatter writes it."""
    return comment.text.rstrip(_COMMENT_END)


def _composed(text: str) -> str:
    # As causal.pipeline reads a case: a name typed with a combining mark is one name.
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def _uses_crlf(data: bytes) -> bool:
    """Whether every line end of the file is CRLF (and it has one)."""
    crlf = data.count(b"\r\n")
    return crlf > 0 and crlf == data.count(b"\n") == data.count(b"\r")


def _check_same_tokens(original: ConcreteCase, formatted: str) -> None:
    """Raise FormatterBug unless ``formatted`` has the original's tokens, in order, and its comments."""
    try:
        again = parse_concrete(formatted)
    except ConcreteSyntaxError as error:
        raise FormatterBug(f"the formatted text does not parse: {error}") from None

    def tokens(case: ConcreteCase) -> list[tuple[str, str]]:
        return [(lexeme.kind, lexeme.text) for statement in case.statements for lexeme in statement.lexemes]

    def comments(case: ConcreteCase) -> list[str]:
        return sorted(comment_text(comment) for comment in case.comments)

    if tokens(again) != tokens(original) or comments(again) != comments(original):
        raise FormatterBug("the formatted text would not hold the same tokens and comments as the original")


# --- where each comment goes ----------------------------------------------------------------


@define
class _StatementComments:
    """The comments that belong to one statement, by where they go."""

    before: list[Comment] = field(factory=list)  # own-line comments inside its head's first segment
    before_segment: dict[int, list[Comment]] = field(factory=dict)  # head segment -> own-line comments before it
    before_clause: dict[int, list[Comment]] = field(factory=dict)  # clause index -> own-line comments before it
    trailing: dict[int, list[Comment]] = field(factory=dict)  # lexeme index -> comments that ended its line


class _Placement(NamedTuple):
    leading: list[list[Comment]]  # per statement: the own-line comments before it, outside it
    inside: list[_StatementComments]
    at_end: list[Comment]  # after the last token


def _place(case: ConcreteCase) -> _Placement:
    positions: list[tuple[int, int]] = []
    owners: list[tuple[int, int, int]] = []  # (statement, clause index or -1 for the head, lexeme index)
    for number, statement in enumerate(case.statements):
        index = 0
        for lexeme in statement.head:
            positions.append((lexeme.line, lexeme.column))
            owners.append((number, -1, index))
            index += 1
        for clause_number, clause in enumerate(statement.clauses):
            for lexeme in clause.lexemes:
                positions.append((lexeme.line, lexeme.column))
                owners.append((number, clause_number, index))
                index += 1
    leading: list[list[Comment]] = [[] for _ in case.statements]
    inside = [_StatementComments() for _ in case.statements]
    at_end: list[Comment] = []
    for comment in case.comments:
        following = bisect_left(positions, (comment.line, comment.column))
        if following and positions[following - 1][0] == comment.line:
            number, _, index = owners[following - 1]
            inside[number].trailing.setdefault(index, []).append(comment)
        elif following == len(positions):
            at_end.append(comment)
        else:
            number, clause_number, index = owners[following]
            if index == 0:
                leading[number].append(comment)
            elif clause_number < 0:
                segment = _segment_starts(case.statements[number]).get(index)
                if segment is None:
                    inside[number].before.append(comment)
                else:
                    inside[number].before_segment.setdefault(segment, []).append(comment)
            else:
                # Before a clause, or inside one (`supports a,` newline, comment, `b`): before the clause.
                inside[number].before_clause.setdefault(clause_number, []).append(comment)
    return _Placement(leading, inside, at_end)


# --- laying out ----------------------------------------------------------------------------


class _Line(NamedTuple):
    code: str  # what the line holds before its trailing comment; "" for a blank line
    comment: str | None = None


class _Row(NamedTuple):
    """A line of a statement: its indentation, the indices of the lexemes it holds, and what starts it."""

    indent: str
    indices: list[int]
    starts: tuple[str, int] | None  # ("segment", n) or ("clause", n); None for the statement's first line


# A statement's head breaks into segments where its layout may break a line: a chain before each
# arrow, a hypothesis before `explains` (which cases/syria.cx writes on a line of its own, as a clause).
_SEGMENT_BREAKS = {"chain": "ARROW", "hypothesis": "EXPLAINS"}


def _segments(statement: Statement) -> list[list[int]]:
    """The indices of each segment's lexemes."""
    breaks_at = _SEGMENT_BREAKS.get(statement.keyword)
    segments: list[list[int]] = [[]]
    for index, lexeme in enumerate(statement.head):
        if lexeme.kind == breaks_at and segments[-1]:
            segments.append([])
        segments[-1].append(index)
    return segments


def _segment_starts(statement: Statement) -> dict[int, int]:
    """Lexeme index -> segment number, for the first lexeme of every segment but the first."""
    return {segment[0]: number for number, segment in enumerate(_segments(statement)) if number}


def _joined(lexemes: Sequence[Lexeme]) -> str:
    pieces: list[str] = []
    previous: Lexeme | None = None
    for lexeme in lexemes:
        if previous is not None and _spaced(previous, lexeme):
            pieces.append(" ")
        pieces.append(lexeme.text)
        previous = lexeme
    return "".join(pieces)


def _spaced(left: Lexeme, right: Lexeme) -> bool:
    if right.kind in ("COMMA", "COLON") or left.kind == "MINUS":
        return False
    # `2015-10..2016-02`, `2016..`, `..2015`: but `at ..2015`, `2016.. note`.
    return not ((left.kind == "DATE" and right.kind == "DOTDOT") or (left.kind == "DOTDOT" and right.kind == "DATE"))


def _rows(statement: Statement, comments: _StatementComments) -> list[_Row]:
    lexemes = statement.lexemes
    if lexemes[0].line == lexemes[-1].line and len(_joined(lexemes)) <= WIDTH:
        return [_Row("", list(range(len(lexemes))), None)]
    rows = _head_rows(statement, comments)
    index = len(statement.head)
    head_clauses = HEAD_CLAUSES.get(statement.keyword, frozenset())
    joining = len(rows) == 1
    for number, clause in enumerate(statement.clauses):
        indices = list(range(index, index + len(clause.lexemes)))
        index += len(clause.lexemes)
        joining = joining and clause.keyword in head_clauses and number not in comments.before_clause
        if joining:
            rows[0].indices.extend(indices)
        else:
            rows.append(_Row(INDENT, indices, ("clause", number)))
    return rows


def _head_rows(statement: Statement, comments: _StatementComments) -> list[_Row]:
    """The head's lines: a hypothesis's `explains` on a line of its own; a chain filled up to WIDTH and
    broken before arrows; a segment that a comment precedes on a line of its own."""
    head = statement.head
    first, *rest = _segments(statement)
    rows = [_Row("", first, None)]
    for number, segment in enumerate(rest, start=1):
        current = rows[-1]
        width = len(current.indent) + len(_joined([head[i] for i in current.indices]))
        fits = width + 1 + len(_joined([head[i] for i in segment])) <= WIDTH
        if statement.keyword == "chain" and fits and number not in comments.before_segment:
            current.indices.extend(segment)
        else:
            rows.append(_Row(INDENT, segment, ("segment", number)))
    return rows


def _statement_lines(statement: Statement, comments: _StatementComments) -> list[_Line]:
    lexemes = statement.lexemes
    rows = _rows(statement, comments)
    before_statement = list(comments.before)
    before_row: list[list[Comment]] = []
    ending: list[Comment | None] = []
    for row in rows:
        trailing = [comment for index in row.indices for comment in comments.trailing.get(index, ())]
        extra, last = trailing[:-1], (trailing[-1] if trailing else None)
        if row.starts is None:
            before_statement.extend(extra)
            before_row.append([])
        else:
            kind, number = row.starts
            written_before = comments.before_clause if kind == "clause" else comments.before_segment
            before_row.append([*written_before.get(number, ()), *extra])
        ending.append(last)
    lines = [_Line(comment_text(comment)) for comment in sorted(before_statement, key=_position)]
    for row, before, last in zip(rows, before_row, ending):
        lines.extend(_Line(row.indent + comment_text(comment)) for comment in sorted(before, key=_position))
        code = row.indent + _joined([lexemes[index] for index in row.indices])
        lines.append(_Line(code, comment_text(last) if last is not None else None))
    return lines


def _position(comment: Comment) -> tuple[int, int]:
    return comment.line, comment.column


def _lines(case: ConcreteCase) -> list[_Line]:
    """Every line of the formatted text, blank lines included, trailing comments not yet aligned."""
    placement = _place(case)
    lines: list[_Line] = []
    previous_end: int | None = None

    def add(start: int, end: int, block: list[_Line]) -> None:
        nonlocal previous_end
        if previous_end is not None and start - previous_end > 1:
            lines.append(_Line(""))
        lines.extend(block)
        previous_end = end

    for statement, leading, inside in zip(case.statements, placement.leading, placement.inside):
        for comment in leading:
            add(comment.line, comment.line, [_Line(comment_text(comment))])
        add(statement.head[0].line, statement.lexemes[-1].line, _statement_lines(statement, inside))
    for comment in placement.at_end:
        add(comment.line, comment.line, [_Line(comment_text(comment))])
    return lines


def _render(lines: list[_Line]) -> str:
    """The text, with the comments that end consecutive lines aligned."""
    out: list[str] = []
    start = 0
    while start < len(lines):
        if lines[start].comment is None:
            out.append(lines[start].code)
            start += 1
            continue
        end = start
        while end < len(lines) and lines[end].comment is not None:
            end += 1
        column = max(len(line.code) for line in lines[start:end]) + COMMENT_GAP
        out.extend(line.code.ljust(column) + line.comment for line in lines[start:end])
        start = end
    return "\n".join(out) + "\n" if out else ""
