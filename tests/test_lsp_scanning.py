"""The language server's scanner and its recovery of half-written cases (causal.lsp.scanning, causal.lsp.recovery)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from causal.language.concrete import parse_concrete
from causal.language.grammar import grammar_text
from causal.language.parser import parse
from causal.lsp import scanning
from causal.lsp.recovery import blank_broken_statements, blank_near_error
from causal.lsp.workspace import Workspace
from tests.conftest import ROOT

EXAMPLES = sorted([*ROOT.glob("cases/*.cx"), *ROOT.glob("docs/examples/*.cx"), *ROOT.glob("tests/data/rules/*/*.cx")])
SYRIA = (ROOT / "cases" / "syria.cx").read_text(encoding="utf-8")


def _lark_tokens(text: str) -> list[tuple[str, str, int, int]]:
    concrete = parse_concrete(text)
    lexemes = [lexeme for statement in concrete.statements for lexeme in statement.lexemes]
    tokens = [(lexeme.kind, lexeme.text, lexeme.line, lexeme.column) for lexeme in lexemes]
    tokens += [("COMMENT", comment.text, comment.line, comment.column) for comment in concrete.comments]
    return sorted(tokens, key=lambda token: (token[2], token[3]))


def _scanned(text: str) -> list[tuple[str, str, int, int]]:
    found = []
    for token in scanning.scan(text):
        line = text.count("\n", 0, token.start) + 1
        column = token.start - (text.rfind("\n", 0, token.start) + 1) + 1
        found.append((token.kind, token.text, line, column))
    return found


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_scanner_reads_the_tokens_the_parser_reads(path):
    text = path.read_text(encoding="utf-8")
    if parse(text)[0] is None:
        pytest.skip("a case that does not parse (a syntax-error example)")
    lark, scanned = _lark_tokens(text), _scanned(text)
    assert [token[1:] for token in scanned] == [token[1:] for token in lark]
    keywords = set(scanning.keywords().values())
    for (ours, *_), (theirs, *_) in zip(scanned, lark):
        # Where only a name may stand, the parser's contextual lexer reads a keyword as a name; where only an
        # integer may stand, a four-digit number as one.
        assert ours == theirs or (theirs == "NAME" and ours in keywords) or {ours, theirs} == {"DATE", "INT"}


def test_the_scanner_knows_every_keyword_of_the_grammar():
    literals = set(re.findall(r'^[A-Z_]+:\s*"([a-z-]+)"', grammar_text(), flags=re.MULTILINE))
    assert set(scanning.keywords()) == literals
    assert {"consistent-with", "link", "because", "straw-in-the-wind"} <= set(scanning.keywords())


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=200))
def test_the_scanner_covers_every_character_that_is_not_white_space_once_in_order(text):
    tokens = scanning.scan(text)
    previous = 0
    for token in tokens:
        assert token.start >= previous and token.end > token.start
        assert text[previous : token.start].strip(" \t\f\r\n") == ""
        previous = token.end
    assert text[previous:].strip(" \t\f\r\n") == ""


def test_an_unterminated_string_is_one_open_string_token_to_the_end_of_its_line():
    tokens = scanning.scan('event a "half\nevent b "b"')
    assert [token.kind for token in tokens] == ["EVENT", "NAME", "OPEN_STRING", "EVENT", "NAME", "STRING"]


def test_declared_names_are_found_by_their_statement_keyword_and_a_link_by_its_label():
    text = 'source s "S"\nevent e "E"\nlink lab: e -> e\nexpect no contradiction on e\nexpect chain c is weak\n'
    found = [(declared.name.text, declared.kind) for declared in scanning.declared_names(scanning.scan(text))]
    assert found == [("s", "source"), ("e", "event"), ("lab", "link")]


def test_a_statement_starts_at_the_nearest_line_whose_first_word_is_a_statement_keyword():
    text = 'event a "A"\nlink a -> b\n  because e,\n  f'
    assert scanning.statement_start(text, len(text)) == text.index("link")
    assert scanning.statement_start(text, 3) == 0


# --- recovery -----------------------------------------------------------------------------------------------------


def test_a_broken_statement_is_blanked_and_everything_else_keeps_its_place():
    lines = SYRIA.splitlines(keepends=True)
    at = next(number for number, line in enumerate(lines) if line.startswith("link "))
    broken = "".join(lines[:at]) + "link putin_hopes -> \n" + "".join(lines[at:])
    assert parse(broken)[0] is None
    recovered = blank_broken_statements(broken)
    assert len(recovered.text) == len(broken)
    assert [(match.start(), match.group()) for match in re.finditer(r"\r\n|\r|\n", recovered.text)] == [
        (match.start(), match.group()) for match in re.finditer(r"\r\n|\r|\n", broken)
    ]
    start, end = recovered.blanked[0]
    assert broken[start:end] == "link putin_hopes -> \n" and recovered.text[start:end].strip() == ""
    case, _ = parse(recovered.text)
    assert case is not None and len(case.statements) == len(parse(SYRIA)[0].statements)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, len(SYRIA)), st.integers(1, 30))
def test_a_case_cut_anywhere_is_recovered_to_a_text_that_parses(cut, removed):
    half_written = SYRIA[:cut] + SYRIA[cut + removed :]
    recovered = blank_broken_statements(half_written)
    assert len(recovered.text) == len(half_written)
    if parse(half_written)[0] is None:
        assert parse(recovered.text)[0] is not None or recovered.text.strip() == ""


def test_near_a_syntax_error_the_same_statement_is_blanked_with_two_statements_parsed():
    lines = SYRIA.splitlines(keepends=True)
    at = next(number for number, line in enumerate(lines) if line.startswith("link "))
    broken = "".join(lines[:at]) + "link putin_hopes -> \n" + "".join(lines[at:])
    (error,) = [problem for problem in parse(broken)[1] if problem.rule == "syntax-error"]
    assert error.span.line == at + 2  # the parser reads the next statement's keyword as the missing name
    assert blank_near_error(broken, error.span.line) == blank_broken_statements(broken)


def test_two_broken_statements_far_apart_are_both_blanked_when_the_one_near_the_error_is_not_enough(tmp_path):
    lines = SYRIA.splitlines(keepends=True)
    links = [number for number, line in enumerate(lines) if line.startswith("link ")]
    broken = lines[:]
    for number in (links[-1], links[0]):
        broken.insert(number, "link a -> \n")
    text = "".join(broken)
    assert parse(blank_near_error(text, parse(text)[1][-1].span.line).text)[0] is None
    workspace = Workspace()
    uri = (tmp_path / "syria.cx").as_uri()
    workspace.open(uri, text, 1)
    snapshot = workspace.checked(uri).snapshot
    assert snapshot.exact and [text[start:end] for start, end in snapshot.blanked] == ["link a -> \n"] * 2
