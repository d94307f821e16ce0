"""Text to concrete syntax: every token as written and every comment, for `causal fmt`.

The AST keeps what a case means; the formatter (causal.language.formatter) must lay
the text out again without changing a token, so it needs what the AST leaves
out: each token as written (a name before normalisation, a string with its
escapes, a number with its leading zeros), the statement and clause it belongs
to, a clause that its statement does not take (the parser reports it and
drops it from the AST), and the comments, which the grammar ignores. With
causal.language.parser, the only module that touches Lark.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import NamedTuple

from attrs import frozen
from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput

from causal.language.grammar import grammar_text


class Lexeme(NamedTuple):
    """One token as written: its terminal's name in the grammar (NAME, STRING, ARROW...), text and place."""

    kind: str
    text: str
    line: int
    column: int


@frozen
class Clause:
    """A clause's tokens, its keyword first (`from s`, `hoop h passed`, `supports a, b`)."""

    lexemes: tuple[Lexeme, ...]

    @property
    def keyword(self) -> str:
        return self.lexemes[0].text


@frozen
class Statement:
    """A statement's head (from its keyword to its first clause) and its clauses, in the written order."""

    head: tuple[Lexeme, ...]
    clauses: tuple[Clause, ...]

    @property
    def keyword(self) -> str:
        return self.head[0].text

    @property
    def lexemes(self) -> tuple[Lexeme, ...]:
        return self.head + tuple(lexeme for clause in self.clauses for lexeme in clause.lexemes)


@frozen
class Comment:
    """A comment from its `#` to the end of its line."""

    text: str
    line: int
    column: int


@frozen
class ConcreteCase:
    statements: tuple[Statement, ...]
    comments: tuple[Comment, ...]


class ConcreteSyntaxError(ValueError):
    """The text does not parse; causal.language.parser.parse says why, in words."""


def _lexeme(token: Token) -> Lexeme:
    return Lexeme(token.type, token.value, token.line, token.column)


def _lexemes(node: Tree | Token) -> list[Lexeme]:
    if isinstance(node, Token):
        return [_lexeme(node)]
    return [_lexeme(token) for token in node.scan_values(lambda value: isinstance(value, Token))]


def _statement(tree: Tree) -> Statement:
    head: list[Lexeme] = []
    clauses: list[Clause] = []
    for child in tree.children:
        # Clauses follow the head in every statement form, and each is a tree named `..._clause`.
        if isinstance(child, Tree) and child.data.endswith("_clause"):
            clauses.append(Clause(tuple(_lexemes(child))))
        else:
            head.extend(_lexemes(child))
    return Statement(tuple(head), tuple(clauses))


class _ConcreteParser:
    def __init__(self) -> None:
        self._comments: list[Token] = []
        self._lark = Lark(
            grammar_text(),
            parser="lalr",
            lexer="contextual",
            maybe_placeholders=False,
            # The grammar ignores comments; the lexer still hands each one to this callback.
            lexer_callbacks={"COMMENT": self._comments.append},
        )
        self._lock = threading.Lock()

    def parse(self, text: str) -> ConcreteCase:
        with self._lock:
            self._comments.clear()
            try:
                tree = self._lark.parse(text)
            except UnexpectedInput as error:
                raise ConcreteSyntaxError(str(error)) from None
            comments = tuple(Comment(token.value, token.line, token.column) for token in self._comments)
            self._comments.clear()
        return ConcreteCase(tuple(_statement(child) for child in tree.children), comments)


@lru_cache(maxsize=1)
def _parser() -> _ConcreteParser:
    return _ConcreteParser()


def parse_concrete(text: str) -> ConcreteCase:
    """The statements, clauses, tokens and comments of case text with `\\n` line ends.

    Raises ConcreteSyntaxError when the text does not parse; `causal.language.parser.parse`
    gives the finding to report. As there, a leading byte-order mark is skipped.
    """
    return _parser().parse(text.removeprefix("\ufeff"))
