"""AST to canonical case text, in the layout of `causal fmt`.

`causal fmt` (causal.formatter) lays out text, not an AST, so that it keeps
comments and every token as written. This module writes an AST that has no
text yet, such as the tests' generated cases, and its output is already
formatted: the formatter leaves it as it is (a property test says so).

The output is what a careful analyst writes (cases/syria.cx is the model):
one statement per line, clauses in the order the language reference gives
them, strings with the fewest escapes that keep them on one line and visible.
A statement longer than `WIDTH` columns keeps its head on the first line,
with the grades and the evidence's source (`reliability`, `credibility`,
`from`), and puts each other clause on a line of its own, indented by
`INDENT`, as it does a hypothesis's `explains`; a long chain breaks before an
arrow. A blank line separates groups of related statements (sources, actors,
events and claims, evidence, links, ...) and sets off every statement that
spans several lines.

Printing then parsing gives back an equal AST (spans aside). An AST that no
text could parse to (a name that is not a name, a time without dates) raises
ValueError instead of being printed as text that means something else.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from causal.language import ast

WIDTH = 80
INDENT = "  "

# The grammar's token patterns (grammar/causal.lark), to refuse unprintable words.
_NAME = re.compile(r"[^\W\d]\w*(?:-(?!>)\w+)*")
_DATE = re.compile(r"\d{4}(?:-\d{2}){0,2}")

# Keywords that the parser reads as keywords, not names, in a few positions
# where both may stand (found by trying every keyword in every name position).
_NOT_A_RULE_AFTER_EXPECT = frozenset({"no", "chain"})  # `expect no ...`, `expect chain X is ...`
_NOT_A_TARGET_START = frozenset({"chain"})  # `on chain X`

_SIMPLE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}

# Statements of one group are written together; a blank line separates groups.
_GROUP_OF = {
    ast.CaseHeader: "case",
    ast.Setting: "set",
    ast.SourceDecl: "source",
    ast.ActorDecl: "actor",
    ast.EventDecl: "event",
    ast.ClaimDecl: "event",
    ast.EvidenceDecl: "evidence",
    ast.LinkDecl: "link",
    ast.ContradictionDecl: "contradiction",
    ast.ChainDecl: "chain",
    ast.HypothesisDecl: "hypothesis",
    ast.FindingExpectation: "chain",
    ast.VerdictExpectation: "chain",
}


def format_case(case: ast.CaseFile) -> str:
    """The canonical text of a case: statements in their order, each laid out, grouped."""
    lines: list[str] = []
    previous_group: str | None = None
    previous_was_long = False
    for statement in case.statements:
        statement_lines = format_statement(statement).split("\n")
        group = _GROUP_OF[type(statement)]
        is_long = len(statement_lines) > 1
        if lines and (group != previous_group or is_long or previous_was_long):
            lines.append("")
        lines.extend(statement_lines)
        previous_group, previous_was_long = group, is_long
    return "\n".join(lines) + "\n" if lines else ""


def format_statement(statement: ast.Statement) -> str:
    """One statement's text, on one line or wrapped onto indented continuation lines."""
    formatter = _FORMATTERS.get(type(statement))
    if formatter is None:
        raise ValueError(f"not a statement: {statement!r}")
    head, head_rest, clauses = formatter(statement)
    clauses.extend(_Clause(f"allow {_rule(a.rule)} {quote(a.reason.value)}") for a in statement.allows)
    return _layout(head, head_rest, clauses)


def quote(value: str) -> str:
    """A string literal for ``value``: `\\`, `"`, line breaks and tabs escaped, invisible characters as `\\u{X}`."""
    if value.isascii() and value.isprintable():
        # No combining mark, line break or invisible character: only `\\` and `"` to escape (imported maps keep
        # megabytes in one note, which the loop below takes seconds over).
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    pieces = ['"']
    # A combining mark right after the opening quote or an escape would draw
    # itself onto `"` or the escape's letter; written as an escape it stays visible.
    after_literal_char = False
    for char in value:
        if char in _SIMPLE_ESCAPES:
            pieces.append(_SIMPLE_ESCAPES[char])
            after_literal_char = False
        elif char.isprintable() and (after_literal_char or not unicodedata.category(char).startswith("M")):
            pieces.append(char)
            after_literal_char = True
        elif 0xD800 <= ord(char) <= 0xDFFF:
            raise ValueError(f"a string holds a lone surrogate U+{ord(char):04X}, which no text can spell")
        else:
            pieces.append(f"\\u{{{ord(char):X}}}")
            after_literal_char = False
    pieces.append('"')
    return "".join(pieces)


# --- layout ------------------------------------------------------------------------


class _Clause:
    """One clause's text; ``with_head`` clauses stay on the first line when a statement wraps."""

    __slots__ = ("text", "with_head")

    def __init__(self, text: str, with_head: bool = False) -> None:
        self.text = text
        self.with_head = with_head


def _layout(head: str, head_rest: list[str], clauses: list[_Clause]) -> str:
    one_line = " ".join([head, *head_rest, *(c.text for c in clauses)])
    if len(one_line) <= WIDTH:
        return one_line
    lines: list[str] = []
    current = head
    for piece in head_rest:
        current = _add(lines, current, piece)
    for clause in clauses:
        if clause.with_head and not lines:
            current = f"{current} {clause.text}"
        else:
            lines.append(current)
            current = INDENT + clause.text
    lines.append(current)
    return "\n".join(lines)


def _add(lines: list[str], current: str, piece: str) -> str:
    """Append ``piece`` (a chain's next step) to the current line if it fits, else start a new one."""
    if len(current) + 1 + len(piece) <= WIDTH:
        return f"{current} {piece}"
    lines.append(current)
    return INDENT + piece


# --- words ------------------------------------------------------------------------


def _name(word: ast.Word, forbidden: Iterable[str] = ()) -> str:
    text = word.text
    if not _NAME.fullmatch(text):
        raise ValueError(f"{text!r} is not a name: names are letters, digits, `_` and inner `-`")
    if text in forbidden:
        raise ValueError(f"the keyword {text!r} cannot be written as a name in this position")
    return text


def _rule(word: ast.Word, forbidden: Iterable[str] = ()) -> str:
    # `contradiction` is a keyword but also a rule's name, and the grammar takes it here.
    return word.text if word.text == "contradiction" else _name(word, forbidden)


def _names(words: tuple[ast.Word, ...], first_forbidden: Iterable[str] = ()) -> str:
    if not words:
        raise ValueError("an empty list of names cannot be written")
    return ", ".join(_name(w, first_forbidden if i == 0 else ()) for i, w in enumerate(words))


def _date(word: ast.Word) -> str:
    if not _DATE.fullmatch(word.text):
        raise ValueError(f"{word.text!r} is not written like a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return word.text


def _number(number: ast.Number) -> str:
    if number.value < 0:
        raise ValueError(f"{number.value} cannot be written: numbers have no sign")
    if isinstance(number.value, float):
        text = repr(number.value)
        if not re.fullmatch(r"\d+\.\d+", text):
            raise ValueError(f"{number.value} cannot be written as a plain decimal")
        return text
    return str(number.value)


def _signed_number(number: ast.Number) -> str:
    """A prior's or likelihood's value: these may be written with a sign, so that a negative one is reported."""
    if number.value < 0:
        return "-" + _number(ast.Number(-number.value))
    return _number(number)


def format_time(time: ast.Time) -> str:
    """`2015`, `2015-10..2016-02`, `2016-02-15..` or `..2015-06`."""
    start = _date(time.start) if time.start is not None else ""
    end = _date(time.end) if time.end is not None else ""
    if not time.is_range:
        if time.start is None or time.end is not None:
            raise ValueError("a single time needs its date as `start` and no `end`")
        return start
    if time.start is None and time.end is None:
        raise ValueError("a time range needs at least one date")
    return f"{start}..{end}"


# --- statements: head, breakable head pieces, clauses in canonical order -------------

_Parts = tuple[str, list[str], list[_Clause]]


def _optional(clauses: list[_Clause], keyword: str, value: object, render, with_head: bool = False) -> None:
    if value is not None and value != ():
        clauses.append(_Clause(f"{keyword} {render(value)}", with_head))


def _note(clauses: list[_Clause], statement) -> list[_Clause]:
    _optional(clauses, "added", getattr(statement, "added", None), _text)
    _optional(clauses, "note", statement.note, _text)
    return clauses


def _attacks(clauses: list[_Clause], statement: ast.ClaimDecl | ast.EvidenceDecl) -> None:
    _optional(clauses, "rebuts", statement.rebuts, _names)
    _optional(clauses, "undercuts", statement.undercuts, _names)
    _optional(clauses, "undermines", statement.undermines, _names)


def _process_test(test: ast.ProcessTest) -> _Clause:
    if test.kind.text not in ast.TEST_KINDS or test.result.text not in ast.TEST_RESULTS:
        raise ValueError(f"`{test.kind.text} ... {test.result.text}` is not a process-tracing test")
    return _Clause(f"{test.kind.text} {_name(test.hypothesis)} {test.result.text}")


def _setting_value(value: ast.Word | ast.Number) -> str:
    return _number(value) if isinstance(value, ast.Number) else _name(value)


def _text(value: ast.Text) -> str:
    return quote(value.value)


def _case(s: ast.CaseHeader) -> _Parts:
    clauses: list[_Clause] = []
    _optional(clauses, "analyst", s.analyst, _text)
    _optional(clauses, "date", s.date, _date)
    return f"case {quote(s.title.value)}", [], _note(clauses, s)


def _source(s: ast.SourceDecl) -> _Parts:
    clauses: list[_Clause] = []
    _optional(clauses, "reliability", s.reliability, _name, with_head=True)
    _optional(clauses, "document", s.document, _text)
    _optional(clauses, "via", s.via, _names)
    return f"source {_name(s.name)} {quote(s.title.value)}", [], _note(clauses, s)


def _actor(s: ast.ActorDecl) -> _Parts:
    return f"actor {_name(s.name)} {quote(s.title.value)}", [], _note([], s)


def _time(clauses: list[_Clause], time: ast.Time | None) -> None:
    if time is not None:
        _optional(clauses, "during" if time.state else "at", time, format_time)


def _event(s: ast.EventDecl) -> _Parts:
    clauses: list[_Clause] = []
    _optional(clauses, "by", s.actors, _names)
    _time(clauses, s.time)
    return f"event {_name(s.name)} {quote(s.title.value)}", [], _note(clauses, s)


def _claim(s: ast.ClaimDecl) -> _Parts:
    clauses: list[_Clause] = []
    _optional(clauses, "by", s.actors, _names)
    _time(clauses, s.time)
    _attacks(clauses, s)
    return f"claim {_name(s.name)} {quote(s.title.value)}", [], _note(clauses, s)


def _evidence(s: ast.EvidenceDecl) -> _Parts:
    clauses: list[_Clause] = []
    _optional(clauses, "from", s.source, _name, with_head=True)
    _optional(clauses, "credibility", s.credibility, _number, with_head=True)
    _optional(clauses, "quote", s.quote, _text)
    _optional(clauses, "supports", s.supports, _names)
    _attacks(clauses, s)
    _optional(clauses, "consistent-with", s.consistent, _names)
    _optional(clauses, "inconsistent-with", s.inconsistent, _names)
    _optional(clauses, "neutral-to", s.neutral, _names)
    clauses.extend(_process_test(test) for test in s.tests)
    clauses.extend(
        _Clause(f"likelihood {_name(each.hypothesis)} {_signed_number(each.value)}") for each in s.likelihoods
    )
    return f"evidence {_name(s.name)}", [], _note(clauses, s)


def _link(s: ast.LinkDecl) -> _Parts:
    label = f"{_name(s.label)}: " if s.label is not None else ""
    clauses: list[_Clause] = []
    _optional(clauses, "kind", s.kind, _name)
    _optional(clauses, "because", s.because, _names)
    _optional(clauses, "mechanism", s.mechanism, _text)
    if s.feedback:
        clauses.append(_Clause("feedback"))
    _optional(clauses, "assumed", s.assumed, _text)
    head = f"link {label}{_names(s.causes)} -> {_name(s.effect)}"
    return head, [], _note(clauses, s)


def _contradiction(s: ast.ContradictionDecl) -> _Parts:
    head = f"contradiction {_name(s.name)}: {_name(s.left)} vs {_name(s.right)}"
    return head, [], _note([], s)


def _chain(s: ast.ChainDecl) -> _Parts:
    if len(s.steps) < 2:
        raise ValueError("a chain needs at least two steps")
    first, *rest = (_names(step) for step in s.steps)
    return f"chain {_name(s.name)}: {first}", [f"-> {step}" for step in rest], _note([], s)


def _hypothesis(s: ast.HypothesisDecl) -> _Parts:
    # `explains OUTCOME` belongs to the head, but a wrapped hypothesis gives it a line of its own, as a clause.
    clauses = [_Clause(f"explains {_name(s.outcome)}")]
    _optional(clauses, "argued-by", s.argued_by, _names)
    _optional(clauses, "compatible-with", s.compatible, _names)
    _optional(clauses, "prior", s.prior, _signed_number)
    return f"hypothesis {_name(s.name)} {quote(s.title.value)}", [], _note(clauses, s)


def _target(target: ast.Target) -> str:
    if isinstance(target, ast.ChainTarget):
        return f"chain {_name(target.name)}"
    if isinstance(target, ast.LinkTarget):
        return f"{_names(target.causes, _NOT_A_TARGET_START)} -> {_name(target.effect)}"
    return _name(target.name, _NOT_A_TARGET_START)


def _finding_expectation(s: ast.FindingExpectation) -> _Parts:
    if s.negated:
        head = f"expect no {_rule(s.rule)}"
    else:
        head = f"expect {_rule(s.rule, _NOT_A_RULE_AFTER_EXPECT)}"
    if s.target is not None:
        head = f"{head} on {_target(s.target)}"
    return head, [], _note([], s)


def _verdict_expectation(s: ast.VerdictExpectation) -> _Parts:
    return f"expect chain {_name(s.chain)} is {_name(s.verdict)}", [], _note([], s)


def _setting(s: ast.Setting) -> _Parts:
    clauses: list[_Clause] = []
    _optional(clauses, "reliability", s.reliability, _name, with_head=True)
    _optional(clauses, "credibility", s.credibility, _number, with_head=True)
    head = " ".join(["set", _rule(s.rule), *(_setting_value(v) for v in s.values)])
    return head, [], _note(clauses, s)


_FORMATTERS = {
    ast.CaseHeader: _case,
    ast.SourceDecl: _source,
    ast.ActorDecl: _actor,
    ast.EventDecl: _event,
    ast.ClaimDecl: _claim,
    ast.EvidenceDecl: _evidence,
    ast.LinkDecl: _link,
    ast.ContradictionDecl: _contradiction,
    ast.ChainDecl: _chain,
    ast.HypothesisDecl: _hypothesis,
    ast.FindingExpectation: _finding_expectation,
    ast.VerdictExpectation: _verdict_expectation,
    ast.Setting: _setting,
}
