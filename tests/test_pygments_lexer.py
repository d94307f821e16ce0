"""The Pygments lexer (causal/language/pygments_lexer.py): every example file, the grammar's keywords, the entry point."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import find_lexer_class_for_filename, get_lexer_by_name, get_lexer_for_filename
from pygments.token import Error, Keyword, Name, Operator, Punctuation

from causal.language.printer import format_case
from causal.language.pygments_lexer import CLAUSE_KEYWORDS, STATEMENT_KEYWORDS, CausalLexer
from tests.conftest import ROOT
from tests.highlighting import example_files, grammar_words, parses, pygments_tokens
from tests.strategies import case_files

EXAMPLES = example_files()
# The language's punctuation, digits, escapes and keywords, for text that is nearly a case.
SOUP = [*'"\\\n\r\t\f #:,.->0123456789ABuq{}\u00a0\u0304', "event e ", "set ", "expect no ", " chain ", " at ", "allow "]


def _example_id(path):
    return str(path.relative_to(ROOT))


def test_there_are_examples_from_every_folder():
    folders = {path.relative_to(ROOT).parts[0] for path in EXAMPLES}
    assert folders == {"cases", "docs", "tests"}
    assert any(not parses(path.read_text(encoding="utf-8")) for path in EXAMPLES), "no file to exclude: check parses()"


@pytest.mark.parametrize("path", EXAMPLES, ids=_example_id)
def test_tokens_put_back_together_are_the_file(path):
    text = path.read_text(encoding="utf-8")
    tokens = pygments_tokens(text)
    assert "".join(value for _, _, value in tokens) == text
    # Each token starts where the one before it ended: nothing skipped, nothing read twice.
    offsets = [offset for offset, _, _ in tokens]
    lengths = [len(value) for _, _, value in tokens]
    assert offsets == [sum(lengths[:index]) for index in range(len(tokens))]


@pytest.mark.parametrize("path", EXAMPLES, ids=_example_id)
def test_a_file_that_parses_has_no_error_token(path):
    text = path.read_text(encoding="utf-8")
    if not parses(text):
        pytest.skip("a deliberate syntax error: an Error token is right there")
    errors = [(offset, value) for offset, token_type, value in pygments_tokens(text) if token_type in Error]
    assert errors == []


def test_a_file_that_does_not_parse_shows_where():
    tokens = pygments_tokens('link a => b\nevent e "open\nevent f "closed" at 2015\n')
    assert [value for _, token_type, value in tokens if token_type in Error] == ["=", ">"]
    # The open string ends with its line, so the next line is read as usual.
    assert (Keyword.Declaration, "event") in [(token_type, value) for _, token_type, value in tokens[-12:]]


def test_the_lexer_knows_exactly_the_grammar_keywords():
    words = grammar_words()
    assert set(STATEMENT_KEYWORDS) == words.statement_keywords
    assert set(CLAUSE_KEYWORDS) == words.clause_keywords


@pytest.mark.parametrize("keyword", sorted(grammar_words().statement_keywords))
def test_a_statement_keyword_is_a_declaration_keyword(keyword):
    assert [(token_type, value) for _, token_type, value in pygments_tokens(keyword)] == [
        (Keyword.Declaration, keyword)
    ]


@pytest.mark.parametrize("keyword", sorted(grammar_words().clause_keywords))
def test_a_clause_keyword_is_a_keyword(keyword):
    assert [(token_type, value) for _, token_type, value in pygments_tokens(keyword)] == [(Keyword, keyword)]


@pytest.mark.parametrize("keyword", sorted(grammar_words().statement_keywords | grammar_words().clause_keywords))
def test_a_name_that_begins_with_a_keyword_is_a_name(keyword):
    for name in (f"{keyword}_x", f"{keyword}-x", f"{keyword}2"):
        assert [(token_type, value) for _, token_type, value in pygments_tokens(name)] == [(Name, name)]


@pytest.mark.parametrize("symbol", sorted(grammar_words().symbols))
def test_a_symbol_of_the_grammar_is_an_operator_or_punctuation(symbol):
    [(_, token_type, value)] = pygments_tokens(symbol)
    assert value == symbol
    assert token_type in Operator or token_type in Punctuation


def test_the_lexer_is_installed_under_its_names():
    assert isinstance(get_lexer_by_name("cx"), CausalLexer)
    assert isinstance(get_lexer_by_name("causal"), CausalLexer)
    assert isinstance(get_lexer_for_filename("case.cx"), CausalLexer)
    assert find_lexer_class_for_filename("cases/syria.cx") is CausalLexer


def test_a_case_highlights_to_html():
    html = highlight(
        (ROOT / "docs" / "examples" / "bridge.cx").read_text(encoding="utf-8"), CausalLexer(), HtmlFormatter()
    )
    assert '<span class="kd">source</span>' in html
    assert '<span class="err">' not in html


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(st.characters(exclude_categories=())), st.lists(st.sampled_from(SOUP)).map("".join)))
def test_any_text_lexes_back_to_itself(text):
    assert "".join(value for _, _, value in pygments_tokens(text)) == text


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(case_files)
def test_a_printed_case_has_no_error_token(case):
    text = format_case(case)
    assert [value for _, token_type, value in pygments_tokens(text) if token_type in Error] == []
