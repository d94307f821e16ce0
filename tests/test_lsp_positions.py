"""Positions for the language server (causal.lsp.positions): causal's spans and the protocol's positions, both ways.

The oracle is written independently: a line is what `\\r\\n`, `\\r` or `\\n` ends (the protocol's rule), and a
character is counted by encoding the line's text up to it. The end-to-end properties run real cases through the
reader and the parser, with the things that move columns: astral characters (two UTF-16 units), CRLF and lone CR
line ends, byte-order marks, and names typed with combining marks or compatibility characters.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from causal.language import ast
from causal.lsp.positions import ENCODINGS, UTF8, UTF16, UTF32, DocumentPositions, apply_changes, code_units
from causal.pipeline import check_bytes

# Characters that move positions: astral ones, marks that NFC composes, line ends of every kind, a byte-order mark,
# Unicode's own line separators (not line ends to the protocol), and plain letters.
_CHARACTERS = st.sampled_from(
    ["a", "b", " ", "\n", "\r", "\r\n", "😀", "𝒜", "\U00010348", "é", "e\u0301", "\u0301", "\ufeff", "\u2028",
     "ß",
     "\u1100\u1161", "한", "\t", "\x85"]
)
texts = st.lists(_CHARACTERS, max_size=40).map("".join)
encodings = st.sampled_from(ENCODINGS)
_LINE_END = re.compile(r"\r\n|\r|\n")


def oracle_position(text: str, offset: int, encoding: str) -> tuple[int, int]:
    """The protocol's position of an offset that is not inside a CRLF, counted afresh."""
    before = text[:offset]
    line = len(_LINE_END.findall(before))
    start = max((match.end() for match in _LINE_END.finditer(before)), default=0)
    codec = {UTF16: "utf-16-le", UTF8: "utf-8", UTF32: "utf-32-le"}[encoding]
    width = {UTF16: 2, UTF8: 1, UTF32: 4}[encoding]
    return line, len(text[start:offset].encode(codec, "surrogatepass")) // width


def offsets_outside_crlf(text: str) -> list[int]:
    return [offset for offset in range(len(text) + 1) if text[max(offset - 1, 0) : offset + 1] != "\r\n" or offset == 0]


@given(texts, encodings)
def test_an_offset_becomes_the_position_the_encoded_line_gives(text, encoding):
    positions = DocumentPositions(text, encoding)
    for offset in offsets_outside_crlf(text):
        assert positions.position_of_offset(offset) == oracle_position(text, offset, encoding)


@given(texts, encodings)
def test_an_offset_turned_into_a_position_and_back_is_the_same_offset(text, encoding):
    positions = DocumentPositions(text, encoding)
    for offset in offsets_outside_crlf(text):
        assert positions.offset_of_position(*positions.position_of_offset(offset)) == offset


@given(texts, st.integers(0, 50), st.integers(0, 200))
def test_a_position_past_its_line_is_the_line_end_and_past_the_text_is_the_text_end(text, line, character):
    positions = DocumentPositions(text)
    offset = positions.offset_of_position(line, character)
    if line >= positions.line_count:
        assert offset == len(text)
    else:
        start = positions.offset_of_position(line, 0)
        assert start <= offset <= start + len(positions.line_text(line))


def test_an_astral_character_counts_two_utf16_units_one_code_point_and_four_utf8_bytes():
    line = 'event a "😀" by b'
    assert [code_units(line[: line.index("by")], encoding) for encoding in (UTF16, UTF32, UTF8)] == [13, 12, 15]
    positions = DocumentPositions(line)
    assert positions.position_of_offset(line.index("by")) == (0, 13)
    assert positions.offset_of_position(0, 10) == line.index("😀")  # inside the pair: the character itself


def test_unicode_line_separators_are_no_line_ends_to_the_protocol():
    positions = DocumentPositions("a\u2028b\x85c\nd")
    assert positions.line_count == 2
    assert positions.position_of_offset(6) == (1, 0)


# --- causal's spans in the editor's text ----------------------------------------------------------------------

_NAMES = st.sampled_from(["storm", "ŝtorm", "s\u0302torm", "𝒜rmy", "ﬁre", "bé", "b\u0065\u0301", "한",
                          "\u1100\u1161",
                          "x_1", "army"])
_TITLES = st.sampled_from(["plain", "😀 emoji", "𝒜 script", "e\u0301 mark", "tab\there", ""])
_LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def written_cases(draw):
    """A case written with names and titles that move columns, and what each line declares."""
    end = draw(_LINE_ENDS)
    lines = [f'case "{draw(_TITLES)}" date 2024-03-02']
    for index in range(draw(st.integers(1, 4))):
        lines.append(f'event {draw(_NAMES)}{index} "{draw(_TITLES)}"')
    lines.append(f'  link {draw(_NAMES)}0 -> {draw(_NAMES)}1 assumed "{draw(_TITLES)}"')
    marks = draw(st.sampled_from(["", "\ufeff", "\ufeff\ufeff"]))
    return marks + end.join(lines) + draw(st.sampled_from(["", end]))


def _words(node):
    if isinstance(node, ast.Word):
        yield node
    elif isinstance(node, tuple):
        for each in node:
            yield from _words(each)
    elif hasattr(node, "__attrs_attrs__"):
        for attribute in node.__attrs_attrs__:
            yield from _words(getattr(node, attribute.name))


def _text_in_range(text: str, start: tuple[int, int], end: tuple[int, int]) -> str:
    """The text between two UTF-16 positions, read with the oracle's rules."""
    lines = _LINE_END.split(text)

    def offset(position: tuple[int, int]) -> int:
        line, character = position
        before = sum(len(each) for each in lines[:line]) + sum(
            len(match.group()) for match in list(_LINE_END.finditer(text))[:line]
        )
        units = lines[line].encode("utf-16-le", "surrogatepass")[: 2 * character].decode("utf-16-le", "surrogatepass")
        return before + len(units)

    return text[offset(start) : offset(end)]


@settings(max_examples=150, deadline=None)
@given(written_cases())
def test_every_name_the_parser_reads_is_found_at_its_span_in_the_editors_text(text):
    report = check_bytes(text.encode("utf-8"), "case.cx", None)
    assert report.case is not None, report.findings
    positions = DocumentPositions(text)
    words = [word for statement in report.case.statements for word in _words(statement)]
    assert words
    for word in words:
        start, end = positions.range_of_span(word.span)
        written = _text_in_range(text, start, end)
        assert unicodedata.normalize("NFKC", written) == word.text


@settings(max_examples=150, deadline=None)
@given(written_cases())
def test_a_point_turned_into_an_offset_and_back_is_the_same_point_at_every_word(text):
    report = check_bytes(text.encode("utf-8"), "case.cx", None)
    positions = DocumentPositions(text)
    for statement in report.case.statements:
        for word in _words(statement):
            for point in ((word.line, word.column), (word.line, word.end_column)):
                assert positions.point_of_offset(positions.offset_of_point(*point)) == point


# --- edits -------------------------------------------------------------------------------------------------------


@given(texts, st.data(), encodings)
def test_an_edit_replaces_exactly_the_text_between_its_two_positions(text, data, encoding):
    offsets = offsets_outside_crlf(text)
    first, second = sorted(data.draw(st.lists(st.sampled_from(offsets), min_size=2, max_size=2)))
    replacement = data.draw(texts)
    start, end = oracle_position(text, first, encoding), oracle_position(text, second, encoding)
    edited = apply_changes(text, [((*start, *end), replacement)], encoding)
    assert edited == text[:first] + replacement + text[second:]


def test_a_change_without_a_range_replaces_the_whole_text_and_changes_apply_in_order():
    assert apply_changes("abc", [(None, "xyz"), ((0, 1, 0, 2), "Y")], UTF16) == "xYz"
