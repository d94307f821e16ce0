"""What the highlighting tests share: the grammar's keywords, the example files, and both highlighters' verdicts.

The two highlighters, the Pygments lexer and the TextMate grammar of the VS Code extension, are compared
character by character, through a category each one's token type or scope stands for.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import tempfile
import unicodedata
from collections import defaultdict
from functools import cache
from pathlib import Path

import attrs
from lark import Lark
from lark.lexer import PatternStr
from pygments.token import (
    Comment,
    Error,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Whitespace,
)

from causal.language.grammar import grammar_text
from causal.language.parser import parse
from causal.language.pygments_lexer import CausalLexer
from tests.conftest import ROOT, TESTS

VSCODE = ROOT / "editors" / "vscode"
TEXTMATE_GRAMMAR = VSCODE / "syntaxes" / "cx.tmLanguage.json"
SCOPE_NAME = "source.cx"
SYNTAX_TESTS = TESTS / "data" / "highlight"


def example_files() -> list[Path]:
    """Every case file of the repository: the real cases, the documentation's, the tests'."""
    return [
        *sorted((ROOT / "cases").rglob("*.cx")),
        *sorted((ROOT / "docs" / "examples").rglob("*.cx")),
        *sorted((TESTS / "data").rglob("*.cx")),
    ]


def parses(text: str) -> bool:
    """Whether causal reads the text without a syntax error (composed first, as `causal check` does)."""
    case, _ = parse(unicodedata.normalize("NFC", text))
    return case is not None


# --- the grammar's keywords --------------------------------------------------------


@attrs.frozen
class GrammarWords:
    statement_keywords: frozenset[str]
    clause_keywords: frozenset[str]
    symbols: frozenset[str]


@cache
def grammar_words() -> GrammarWords:
    """The keywords and symbols of grammar/causal.lark, read through Lark, not copied.

    A keyword is a terminal defined by a quoted word; a statement keyword is one that can start a statement, the
    others are clause words (`at`, `because`, `smoking-gun`, `vs`, ...). Symbols are the quoted terminals that are
    not words (`->`, `..`).
    """
    lark = Lark(grammar_text(), parser="lalr", lexer="contextual")
    quoted = {
        terminal.name: terminal.pattern.value for terminal in lark.terminals if isinstance(terminal.pattern, PatternStr)
    }
    words = {name: value for name, value in quoted.items() if re.fullmatch(r"[a-z]+(?:-[a-z]+)*", value)}
    expansions = defaultdict(list)
    for rule in lark.rules:
        expansions[rule.origin.name].append(rule.expansion)
    statement_rules = {alternative[0].name for alternative in expansions["statement"]}
    first_symbols = {expansion[0].name for rule in statement_rules for expansion in expansions[rule]}
    statement_keywords = frozenset(words[name] for name in first_symbols)
    return GrammarWords(
        statement_keywords=statement_keywords,
        clause_keywords=frozenset(words.values()) - statement_keywords,
        symbols=frozenset(value for name, value in quoted.items() if name not in words),
    )


# --- categories both highlighters share --------------------------------------------

NONE = "none"

# Most specific first: a Pygments token type belongs to the first entry it is a subtype of.
PYGMENTS_CATEGORIES = (
    (Whitespace, NONE),
    (Comment, "comment"),
    (String.Escape, "escape"),
    (String, "string"),
    (Keyword.Declaration, "statement keyword"),
    (Keyword.Constant, "grade"),
    (Keyword, "clause keyword"),
    (Name.Builtin, "rule"),
    (Name.Attribute, "setting"),
    (Name.Constant, "value"),
    (Name.Function, "declared name"),
    (Name.Label, "label"),
    (Name, "name"),
    (Literal.Date, "date"),
    (Number.Integer, "integer"),
    (Number.Float, "decimal"),
    (Operator, "operator"),
    (Punctuation, "punctuation"),
    (Error, "error"),
)

# Looked up from the innermost scope outwards. A bad escape is only a string to Pygments, which has nothing but
# Error for it and keeps Error for what the parser rejects (`causal check` reports bad escapes as invalid-value).
TEXTMATE_CATEGORIES = (
    ("comment.", "comment"),
    ("constant.character.escape.", "escape"),
    ("invalid.illegal.escape.", "string"),
    ("string.", "string"),
    ("keyword.control.statement.", "statement keyword"),
    ("constant.language.grade.", "grade"),
    ("keyword.other.clause.", "clause keyword"),
    ("support.function.rule.", "rule"),
    ("support.variable.setting.", "setting"),
    ("support.constant.", "value"),
    ("entity.name.function.", "declared name"),
    ("entity.name.label.", "label"),
    ("variable.other.", "name"),
    ("constant.numeric.date.", "date"),
    ("constant.numeric.integer.", "integer"),
    ("constant.numeric.decimal.", "decimal"),
    ("keyword.operator.", "operator"),
    ("punctuation.separator.", "punctuation"),
    ("invalid.illegal.character.", "error"),
)


def pygments_category(token_type) -> str:
    for ancestor, category in PYGMENTS_CATEGORIES:
        if token_type in ancestor:
            return category
    raise AssertionError(f"no category for the Pygments token type {token_type}")


def textmate_category(scopes: tuple[str, ...]) -> str:
    for scope in reversed(scopes):
        for prefix, category in TEXTMATE_CATEGORIES:
            if scope.startswith(prefix):
                return category
    return NONE


def pygments_tokens(text: str) -> list[tuple[int, object, str]]:
    return list(CausalLexer().get_tokens_unprocessed(text))


def pygments_categories(text: str) -> list[str]:
    """One category per character of ``text``."""
    categories = []
    for _, token_type, value in pygments_tokens(text):
        categories.extend([pygments_category(token_type)] * len(value))
    return categories


# --- the TextMate grammar, run by a TextMate engine ---------------------------------


@cache
def textmate_grammar() -> dict:
    return json.loads(TEXTMATE_GRAMMAR.read_text(encoding="utf-8"))


@cache
def _textmate_parser():
    # On import the engine makes a folder for its file cache, `.textmate_cache`, in the working directory: let it
    # make it in the temporary folder rather than in the repository.
    with contextlib.chdir(tempfile.gettempdir()):
        from textmate_grammar.parsers.base import LanguageParser

    # The engine logs every stretch of text no pattern matches (the inside of a string) as a warning.
    logging.getLogger("textmate_grammar").setLevel(logging.ERROR)
    return LanguageParser(textmate_grammar())


def split_lines(text: str) -> list[tuple[str, str]]:
    """Each line of ``text`` with its line end (empty for the last line), split as an editor splits them."""
    pieces = re.split(r"(\r\n|\r|\n)", text)
    return list(zip(pieces[0::2], [*pieces[1::2], ""]))


def textmate_lines(text: str) -> list[list[tuple[str, ...]]]:
    """The scopes of every character of every line of ``text`` (lines as ``split_lines`` makes them)."""
    scopes: list[list[tuple[str, ...]]] = [[(SCOPE_NAME,)] * len(line) for line, _ in split_lines(text)]
    if not text.strip(" \t\f\r\n"):
        # Nothing to scope; and the engine fails on a one-line text with no token.
        return scopes
    element = _textmate_parser().parse_string(text)
    if element is None:
        return scopes
    for (line, column), content, token_scopes in element.flatten():
        for offset, character in enumerate(content):
            if character != "\n":
                scopes[line][column + offset] = tuple(token_scopes)
    return scopes


# --- syntax tests: scope assertions in comments, as vscode-tmgrammar-test reads them ---


@attrs.frozen
class ScopeAssertion:
    """Columns ``start`` to ``end`` of a source line must have ``required`` (in this order) and none of ``excluded``."""

    test_line: int
    source_line: int
    start: int
    end: int
    required: tuple[str, ...]
    excluded: tuple[str, ...]


@attrs.frozen
class SyntaxTest:
    scope_name: str
    source: str
    assertions: tuple[ScopeAssertion, ...]


HEADER = re.compile(r'^(\S+)\s+SYNTAX\s+TEST\s+"([^"]+)"(?:\s+"([^"]+)")?\s*$')
UP_ARROWS = re.compile(r"^\s*((?:\^+\s*)+)((?:\s*\w[-\w.]*)*)(?:\s*-)?((?:\s*\w[-\w.]*)*)\s*$")
LEFT_ARROW = re.compile(r"^(\s*)<(~*)(-+)((?:\s*\w[-\w.]*)*)(?:\s*-)?((?:\s*\w[-\w.]*)*)\s*$")


def read_syntax_test(text: str) -> SyntaxTest:
    """Read a syntax test file: a header line, source lines, and under each source line the lines that assert its
    scopes (`^^^ scope` under the columns, `<--- scope` from the first column, `- scope` for a scope that must be
    absent). Assertion lines are taken out of the source before it is highlighted, as vscode-tmgrammar-test does."""
    lines = text.split("\n")
    header = HEADER.match(lines[0])
    if header is None:
        raise ValueError('the first line must be: # SYNTAX TEST "source.cx" "description"')
    comment, scope_name = header.group(1), header.group(2)
    source: list[str] = []
    assertions: list[ScopeAssertion] = []
    for number, line in enumerate(lines[1:], start=2):
        rest = line[len(comment) :]
        if not (line.startswith(comment) and re.match(r"\s*(\^|<~*-+)", rest)):
            source.append(line)
            continue
        if not source:
            raise ValueError(f"line {number}: an assertion before any source line")
        for start, end, required, excluded in _assertion_columns(rest, len(comment), number):
            assertions.append(ScopeAssertion(number, len(source) - 1, start, end, required, excluded))
    return SyntaxTest(scope_name, "\n".join(source), tuple(assertions))


def _assertion_columns(rest: str, offset: int, number: int):
    """The column ranges of one assertion line (``rest`` follows the comment token, ``offset`` characters long)."""
    up = UP_ARROWS.match(rest)
    if up:
        required, excluded = up.group(2).split(), up.group(3).split()
        ranges = [(offset + arrows.start(), offset + arrows.end()) for arrows in re.finditer(r"\^+", rest)]
    else:
        left = LEFT_ARROW.match(rest)
        if left is None:
            raise ValueError(f"line {number}: not an assertion: {rest!r}")
        required, excluded = left.group(4).split(), left.group(5).split()
        # `<~~---`: the tildes skip columns from the start of the line, the dashes cover the next ones.
        start = len(left.group(2))
        ranges = [(start, start + len(left.group(3)))]
    if not required and not excluded:
        raise ValueError(f"line {number}: an assertion needs a scope")
    for start, end in ranges:
        yield start, end, tuple(required), tuple(excluded)


def has_in_order(scopes: tuple[str, ...], required: tuple[str, ...]) -> bool:
    remaining = iter(scopes)
    return all(scope in remaining for scope in required)
