"""Runs the case grammar's LALR(1) parser from plain tables, without importing Lark.

Lark builds the parser and causal.language.parser writes out what a parse needs (the contextual lexer's patterns for
each parser state, the parse table, and how each rule hands its children to the transformer) as plain data, kept in
the parser cache (causal.language.parser_cache). Importing Lark and rebuilding its objects from that cache costs
more than checking a small case; this module loads the same tables in a fraction of the time and runs the loop Lark
runs (lark.lexer.BasicLexer.next_token, ContextualLexer and lark.parsers.lalr_parser_state.ParserState.feed_token)
on them, calling the same transformer methods with the same children.

It parses text that has no syntax error. On anything else (a character no pattern matches, a token the table has
no action for) it raises `NotParsed` and does nothing more: the caller parses the text again with Lark, whose
errors, expected tokens and recovery the messages are made from. tests/test_lalr_runtime.py checks that both give the
same tree and problems.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# The tables' shape; causal.language.parser writes this version and refuses tables of another.
TABLES_VERSION = 1


class NotParsed(Exception):
    """The text has a syntax error (or needs something these tables do not hold): parse it with Lark instead."""


class Token(str):
    """A token as Lark's `Token` gives it to the transformer: the matched text, its terminal's name and position."""

    __slots__ = ("type", "value", "start_pos", "line", "column", "end_line", "end_column", "end_pos")

    type: str
    value: str
    start_pos: int
    line: int
    column: int
    end_line: int
    end_column: int
    end_pos: int

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.value!r})"


class _Inlined:
    """What a rule whose name starts with `_` builds: its children, spliced into its parent's (Lark's Tree)."""

    __slots__ = ("children",)

    def __init__(self, children: list) -> None:
        self.children = children


def _alternations(chunks: list[list[str]], flags: int, terminals: dict[str, str]) -> list[re.Pattern[str]]:
    """Each chunk of terminal names as one expression of named groups, in order (lark.lexer.Scanner._build_mres)."""
    return [
        re.compile("|".join(f"(?P<{name}>{terminals[name]})" for name in chunk), flags) for chunk in chunks
    ]


class _Lexer:
    """One parser state's lexer: alternations of named groups tried in turn (lark.lexer.Scanner), and the keywords
    that a terminal's match may turn out to be (lark.lexer.UnlessCallback).

    Compiled when a text first reaches the state, as Lark does: a small case reaches a few of the states, and
    compiling every state's patterns would cost more than parsing it."""

    __slots__ = ("_spec", "_terminals", "expressions", "keywords")

    def __init__(self, spec: tuple, terminals: dict[str, str]) -> None:
        self._spec = spec
        self._terminals = terminals
        self.expressions: list[re.Pattern[str]] | None = None
        self.keywords: dict[str, list[re.Pattern[str]]] = {}

    def compile(self) -> list[re.Pattern[str]]:
        chunks, flags, keywords = self._spec
        terminals = self._terminals
        self.keywords = {
            terminal: _alternations(keyword_chunks, keyword_flags, terminals)
            for terminal, (keyword_chunks, keyword_flags) in keywords.items()
        }
        self.expressions = _alternations(chunks, flags, terminals)
        return self.expressions


def _keyword(expressions: list[re.Pattern[str]], text: str) -> str | None:
    """The keyword ``text`` is, if it is one (lark.lexer.Scanner.fullmatch)."""
    for expression in expressions:
        found = expression.fullmatch(text)
        if found:
            return found.lastgroup
    return None


def _needs_lark(children: list) -> object:
    raise NotParsed


def _child_filter(include: list[tuple[int, bool]], build: Callable[[list], object]) -> Callable[[list], object]:
    """Keeps the children at ``include``'s indexes, splicing in those of inlined rules (Lark's
    ChildFilterLALR_NoPlaceholders)."""

    def filtered(children: list) -> object:
        kept: list = []
        for index, splice in include:
            if splice:
                kept += children[index].children
            else:
                kept.append(children[index])
        return build(kept)

    return filtered


def _single_child(build: Callable[[list], object]) -> Callable[[list], object]:
    """A `?rule`: one child stands for the rule itself (Lark's ExpandSingleChild)."""

    def expanded(children: list) -> object:
        return children[0] if len(children) == 1 else build(children)

    return expanded


class Parser:
    """The parser the tables describe, reducing with ``transformer``'s methods as Lark does with it inline."""

    def __init__(self, tables: dict, transformer: object) -> None:
        if tables.get("version") != TABLES_VERSION:
            raise ValueError("tables of another version")
        self._start_state: int = tables["start_state"]
        self._end_state: int = tables["end_state"]
        self._actions: list[dict[str, int]] = tables["actions"]
        self._newline_types = frozenset(tables["newline_types"])
        self._ignore_types = frozenset(tables["ignore_types"])
        terminals: dict[str, str] = tables["terminals"]
        lexers = [_Lexer(spec, terminals) for spec in tables["lexers"]]
        self._lexer_of_state: list[_Lexer] = [lexers[index] for index in tables["lexer_of_state"]]
        self._rules: list[tuple[str, int, Callable[[list], object]]] = [
            (origin, size, self._callback(transformer, origin, name, single, include))
            for origin, size, name, single, include in tables["rules"]
        ]

    def compile_all(self) -> None:
        """Compiles every state's patterns now (raising on one `re` cannot compile), not when a text reaches it."""
        for lexer in self._lexer_of_state:
            lexer.compile()

    @staticmethod
    def _callback(transformer: object, origin: str, name: str, single: bool, include) -> Callable[[list], object]:
        method = getattr(transformer, name, None)
        if method is None:
            # Lark builds a parse tree where the transformer has no method: spliced into the parent for a rule whose
            # name starts with `_`; anywhere else (a `?rule` always has one child here) that is Lark's to do.
            method = _Inlined if origin.startswith("_") else _needs_lark
        if single:
            method = _single_child(method)
        if include is not None:
            method = _child_filter(include, method)
        return method

    def parse(self, text: str) -> object:
        """The transformer's value for the whole text; `NotParsed` when Lark must parse it instead."""
        actions = self._actions
        rules = self._rules
        lexer_of_state = self._lexer_of_state
        newline_types = self._newline_types
        ignore_types = self._ignore_types
        end_state = self._end_state
        states = [self._start_state]
        values: list = []
        position = 0
        line = 1
        line_start = 0
        end = len(text)
        while position < end:
            lexer = lexer_of_state[states[-1]]
            found = None
            for expression in lexer.expressions or lexer.compile():
                found = expression.match(text, position)
                if found:
                    break
            else:
                raise NotParsed
            value = found.group(0)
            kind = found.lastgroup
            start, start_line, start_column = position, line, position - line_start + 1
            if kind in newline_types:
                newlines = value.count("\n")
                if newlines:
                    line += newlines
                    line_start = position + value.rindex("\n") + 1
            position += len(value)
            if kind in ignore_types:
                continue
            token = Token(value)
            keywords = lexer.keywords.get(kind)
            if keywords is not None:
                kind = _keyword(keywords, value) or kind
            token.type = kind
            token.value = value
            token.start_pos = start
            token.line = start_line
            token.column = start_column
            token.end_line = line
            token.end_column = position - line_start + 1
            token.end_pos = position
            self._feed(states, values, token, kind, actions, rules)
        return self._finish(states, values, actions, rules, end_state)

    @staticmethod
    def _feed(states: list[int], values: list, token: Token, kind: str, actions, rules) -> None:
        while True:
            action = actions[states[-1]].get(kind)
            if action is None:
                raise NotParsed
            if action >= 0:
                states.append(action)
                values.append(token)
                return
            origin, size, callback = rules[~action]
            if size:
                children = values[-size:]
                del states[-size:]
                del values[-size:]
            else:
                children = []
            values.append(callback(children))
            states.append(actions[states[-1]][origin])

    @staticmethod
    def _finish(states: list[int], values: list, actions, rules, end_state: int) -> object:
        """Feeds the end of the text: reduces until the start rule is complete."""
        while True:
            action = actions[states[-1]].get("$END")
            if action is None or action >= 0:
                raise NotParsed
            origin, size, callback = rules[~action]
            if size:
                children = values[-size:]
                del states[-size:]
                del values[-size:]
            else:
                children = []
            values.append(callback(children))
            states.append(actions[states[-1]][origin])
            if states[-1] == end_state:
                return values[-1]
