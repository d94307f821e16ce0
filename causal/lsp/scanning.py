"""A scanner that never fails, for what the editor needs while a case does not parse: the word under the cursor,
what the statement being typed expects next, the names a half-written case declares.

Its terminals are read from the grammar (grammar/causal.lark), so it cannot drift from the parser's: the same
patterns, tried in the order Lark's priorities give them. It differs from the parser's lexer in one way: the parser's
lexer is contextual, so a keyword where only a name can stand (`link a -> link`) is a name to it, and always a
keyword here. What the parser cannot read at all is an `ERROR` token of one character, and a string that the line
ends inside is an `OPEN_STRING` token, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

from causal.language.grammar import grammar_text
from causal.language.syntax_errors import CLAUSE_KEYWORDS, STATEMENT_KEYWORDS

NAME = "NAME"
STRING = "STRING"
COMMENT = "COMMENT"
OPEN_STRING = "OPEN_STRING"
ERROR = "ERROR"

_DEFINITION = re.compile(r'^([A-Z_]+)(?:\.(\d+))?:\s*(?:"((?:[^"\\]|\\.)*)"|/(.*)/)\s*$', re.M)
# Tried first to last; the parser's priorities (DECIMAL.3, DATE.2) put the numbers in this order.
_PATTERN_ORDER = ("STRING", "COMMENT", "DECIMAL", "DATE", "INT", "NAME")
_SKIPPED = ("WS",)


class Token(NamedTuple):
    kind: str  # a terminal of the grammar (NAME, STRING, ARROW, a keyword's terminal such as LINK), or the two above
    text: str
    start: int  # offsets in the scanned text
    end: int


class _Terminals(NamedTuple):
    pattern: re.Pattern[str]
    keywords: dict[str, str]  # keyword text -> terminal name
    patterns: dict[str, str]  # the grammar's pattern terminals (NAME, DATE...) -> their regular expressions


@lru_cache(maxsize=1)
def _terminals() -> _Terminals:
    patterns: dict[str, str] = {}
    literals: dict[str, str] = {}
    for match in _DEFINITION.finditer(grammar_text()):
        name, literal, pattern = match.group(1), match.group(3), match.group(4)
        if literal is not None:
            literals[name] = literal
        else:
            patterns[name] = pattern
    keywords = {text: name for name, text in literals.items() if re.fullmatch(patterns["NAME"], text)}
    # Longest first: `..` before anything that is its first character.
    punctuation = sorted((name for name, text in literals.items() if text not in keywords),
                         key=lambda name: -len(literals[name]))
    alternatives = [f"(?P<{name}>{patterns[name]})" for name in _PATTERN_ORDER]
    alternatives += [f"(?P<{name}>{re.escape(literals[name])})" for name in punctuation]
    alternatives += [f"(?P<{name}>{pattern})" for name, pattern in patterns.items() if name not in _PATTERN_ORDER]
    alternatives += [f'(?P<{OPEN_STRING}>"[^"\\n\\r]*)', f"(?P<{ERROR}>.)"]
    return _Terminals(re.compile("|".join(alternatives), re.S), keywords, patterns)


def keywords() -> Mapping[str, str]:
    """Every keyword of the language (`case`, `consistent-with`...) -> its terminal's name (CASE, CONSISTENT_WITH)."""
    return MappingProxyType(_terminals().keywords)


def terminal_pattern(name: str) -> str:
    """The grammar's regular expression for a pattern terminal (NAME, DATE, INT...)."""
    return _terminals().patterns[name]


def scan(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]``, white space left out, with offsets in ``text``."""
    terminals = _terminals()
    found: list[Token] = []
    stop = len(text) if end is None else end
    for match in terminals.pattern.finditer(text, start, stop):
        kind = match.lastgroup
        if kind in _SKIPPED:
            continue
        word = match.group()
        if kind == NAME:
            kind = terminals.keywords.get(word, NAME)
        found.append(Token(kind, word, match.start(), match.end()))
    return found


STATEMENT_TERMINALS = frozenset(STATEMENT_KEYWORDS)
CLAUSE_TERMINALS = frozenset(CLAUSE_KEYWORDS)
_LINE_START = re.compile(r"^[ \t\f]*", re.M)


def statement_start(text: str, offset: int) -> int:
    """Where the statement around ``offset`` starts, as far as lines tell: the start of the nearest line at or before
    ``offset`` whose first word is a statement keyword (0 when there is none).

    A string or a comment never runs past its line, so scanning from a line's start reads the tokens as the parser
    does; the formatter starts every statement on a line of its own.
    """
    statement_words = {text for text, name in _terminals().keywords.items() if name in STATEMENT_TERMINALS}
    line_start = text.rfind("\n", 0, offset) + 1
    while True:
        indent = _LINE_START.match(text, line_start)
        first = re.match(r"[\w-]+", text[indent.end() : indent.end() + 20])
        if first is not None and first.group() in statement_words:
            return line_start
        if line_start == 0:
            return 0
        line_start = text.rfind("\n", 0, line_start - 1) + 1


# What each declaring statement declares, and the kind of it.
_DECLARING = {"SOURCE": "source", "ACTOR": "actor", "EVENT": "event", "CLAIM": "claim", "EVIDENCE": "evidence",
              "CONTRADICTION": "contradiction", "CHAIN": "chain", "HYPOTHESIS": "hypothesis"}
_MENTIONING = frozenset({"EXPECT", "NO", "ON", "ALLOW"})


class Declared(NamedTuple):
    name: Token
    kind: str
    statement: Token  # the statement's keyword


def declared_names(tokens: list[Token]) -> list[Declared]:
    """The names that statements declare, as a scan finds them: `event NAME`, `link NAME:`, and so on."""
    found: list[Declared] = []
    tokens = [token for token in tokens if token.kind != COMMENT]
    for index, token in enumerate(tokens[:-1]):
        following = tokens[index + 1]
        if following.kind != NAME or (index and tokens[index - 1].kind in _MENTIONING):
            continue
        if token.kind in _DECLARING:
            found.append(Declared(following, _DECLARING[token.kind], token))
        elif token.kind == "LINK" and index + 2 < len(tokens) and tokens[index + 2].kind == "COLON":
            found.append(Declared(following, "link", token))
    return found
