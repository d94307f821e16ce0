"""The case file's abstract syntax tree: frozen attrs classes, each with a span.

Spans are excluded from equality, so two trees that say the same thing in
different layouts compare equal (the printer's round trip relies on this).
"""

from __future__ import annotations

from operator import attrgetter
from typing import Union

from attrs import field, fields, frozen

from causal.inputs.spans import Span


class _Node:
    """Equality, hash and repr for every node, as attrs writes them for each class, but written once.

    attrs compiles a class's `__eq__`, `__hash__` and `__repr__` from generated source when its module is imported,
    which for the two dozen node classes was a sixth of a small check's start-up (bench/README.md, "Start-up"). These
    do what attrs' do, from the fields `_node` finds: equal when of the same class with equal compared fields (spans
    and positions are not compared), a hash of those fields, and `Class(field=value, ...)` of the shown ones.
    tests/test_ast_nodes.py compares them with attrs' own on generated trees.
    """

    __slots__ = ()
    _compared: attrgetter  # the compared fields of a node
    _shown: tuple[str, ...]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared(self) == self._compared(other)

    def __hash__(self) -> int:
        return hash((self.__class__.__name__, self._compared(self)))

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
        return f"{self.__class__.__qualname__}({values})"


def _node(cls: type) -> type:
    """A frozen attrs class (slots, `__init__`, `attrs.evolve`, `attrs.fields`) with `_Node`'s equality and repr."""
    made = frozen(eq=False, repr=False)(cls)
    # A field's value for one compared field, a tuple of them for several. (Tuples compare an element that is the
    # same object as equal even if it is not equal to itself, where attrs compares field by field; no node holds
    # such a value: numbers are read from digits.)
    made._compared = attrgetter(*(attribute.name for attribute in fields(made) if attribute.eq))
    made._shown = tuple(attribute.name for attribute in fields(made) if attribute.repr)
    return made


def _span():
    return field(eq=False, repr=False)


def _statement_span():
    # Keyword-only, so it may follow the optional clause fields.
    return field(eq=False, repr=False, kw_only=True)


def _position():
    return field(default=0, eq=False, repr=False)


class _Leaf(_Node):
    """A token-sized node. Its position is stored as plain fields, not a Span
    object: leaves are most of a large case's AST, and this halves their memory.
    A token never spans lines, so the end line is the start line."""

    __slots__ = ()
    line: int
    column: int
    end_column: int

    @property
    def end_line(self) -> int:
        return self.line

    @property
    def span(self) -> Span:
        return Span(self.line, self.column, self.line, self.end_column)


@_node
class Word(_Leaf):
    """A bare token: a name, a grade, a kind, a date, a rule's name."""

    text: str
    line: int = _position()
    column: int = _position()
    end_column: int = _position()

    @classmethod
    def at(cls, text: str, span: Span | None) -> Word:
        return cls(text) if span is None else cls(text, span.line, span.column, span.end_column)


@_node
class Text(_Leaf):
    """A quoted string, escapes decoded."""

    value: str
    line: int = _position()
    column: int = _position()
    end_column: int = _position()

    @classmethod
    def at(cls, value: str, span: Span | None) -> Text:
        return cls(value) if span is None else cls(value, span.line, span.column, span.end_column)


@_node
class Number(_Leaf):
    """A number as written: an integer (`3`) or a decimal (`0.75`); negative only where a sign may be
    written (`prior`, `likelihood`); infinite when the text is too long to read as a number."""

    value: int | float
    line: int = _position()
    column: int = _position()
    end_column: int = _position()

    @classmethod
    def at(cls, value: int | float, span: Span | None) -> Number:
        return cls(value) if span is None else cls(value, span.line, span.column, span.end_column)


@_node
class Allow(_Node):
    """`allow RULE "REASON"`: silences that rule's findings inside the statement."""

    rule: Word
    reason: Text
    span: Span = _span()


# Process-tracing tests (Van Evera) as the language writes them: `hoop H passed`.
TEST_KINDS = ("hoop", "smoking-gun", "straw-in-the-wind", "doubly-decisive")
TEST_RESULTS = ("passed", "failed")


@_node
class ProcessTest(_Node):
    """`hoop H passed`: the evidence is a process-tracing test of hypothesis H.

    ``kind`` is hoop, smoking-gun, straw-in-the-wind or doubly-decisive;
    ``result`` is passed or failed.
    """

    kind: Word
    hypothesis: Word
    result: Word
    span: Span = _span()


@_node
class Likelihood(_Node):
    """`likelihood H NUMBER`: P(evidence | H), up to a factor common to all of the item's likelihoods.

    Only the ratios between an item's likelihoods matter (Bayesian process
    tracing, causal.analysis.bayes). ``value`` is as written: it may be 0 or
    negative (`-0.5`), or infinite for a number too long to read, and
    `invalid-value` then reports it.
    """

    hypothesis: Word
    value: Number
    span: Span = _span()


@_node
class Time(_Node):
    """`at ...` or `during ...`: ``start`` and/or ``end`` dates as written (`YYYY[-MM[-DD]]`).

    A single date is ``start`` with ``is_range`` false; `a..b`, `a..` and
    `..b` are ranges with one side possibly open (None). ``state`` is true for
    `during` (a state that holds on every day of the interval) and false for
    `at` (an instant on some day of it); see causal.model.times.
    """

    start: Word | None
    end: Word | None
    is_range: bool
    span: Span = _span()
    state: bool = field(default=False, kw_only=True)


@_node
class CaseHeader(_Node):
    title: Text
    analyst: Text | None = None
    date: Word | None = None
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()


@_node
class SourceDecl(_Node):
    name: Word
    title: Text
    reliability: Word | None = None
    document: Text | None = None
    # The sources that carry this source's words to us (`via a, b`), nearest first.
    via: tuple[Word, ...] = ()
    added: Text | None = None
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()


@_node
class ActorDecl(_Node):
    name: Word
    title: Text
    added: Text | None = None
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()


@_node
class EventDecl(_Node):
    name: Word
    title: Text
    actors: tuple[Word, ...] = ()
    time: Time | None = None
    added: Text | None = None
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()


@_node
class ClaimDecl(_Node):
    name: Word
    title: Text
    actors: tuple[Word, ...] = ()
    time: Time | None = None
    rebuts: tuple[Word, ...] = ()
    undercuts: tuple[Word, ...] = ()
    undermines: tuple[Word, ...] = ()
    added: Text | None = None
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()


@_node
class EvidenceDecl(_Node):
    name: Word
    source: Word | None = None
    credibility: Number | None = None
    quote: Text | None = None
    supports: tuple[Word, ...] = ()
    rebuts: tuple[Word, ...] = ()
    undercuts: tuple[Word, ...] = ()
    undermines: tuple[Word, ...] = ()
    consistent: tuple[Word, ...] = ()
    inconsistent: tuple[Word, ...] = ()
    neutral: tuple[Word, ...] = ()  # `neutral-to H`: coded N on purpose, unlike a cell left blank
    tests: tuple[ProcessTest, ...] = ()
    # `likelihood H NUMBER`, one per hypothesis, for Bayesian process tracing.
    likelihoods: tuple[Likelihood, ...] = ()
    added: Text | None = None
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()


@_node
class LinkDecl(_Node):
    causes: tuple[Word, ...]
    effect: Word
    label: Word | None = None
    kind: Word | None = None
    because: tuple[Word, ...] = ()
    mechanism: Text | None = None
    feedback: bool = False
    assumed: Text | None = None
    added: Text | None = None
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()

    @property
    def name(self) -> Word | None:
        return self.label


@_node
class ContradictionDecl(_Node):
    name: Word
    left: Word
    right: Word
    added: Text | None = None
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()


@_node
class ChainDecl(_Node):
    name: Word
    steps: tuple[tuple[Word, ...], ...]
    added: Text | None = None
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()


@_node
class HypothesisDecl(_Node):
    """`hypothesis NAME "TEXT" explains OUTCOME`: one explanation of an outcome, for ACH.

    ``argued_by`` names the chains that argue this hypothesis, if the case has
    any; ``compatible`` the hypotheses of the same outcome that it does not
    exclude (hypotheses are mutually exclusive unless declared compatible).
    ``prior`` is `prior NUMBER`, a relative weight (causal.analysis.bayes).
    """

    name: Word
    title: Text
    outcome: Word
    argued_by: tuple[Word, ...] = ()
    compatible: tuple[Word, ...] = ()
    prior: Number | None = None
    added: Text | None = None
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()


@_node
class NameTarget(_Node):
    name: Word
    span: Span = _span()


@_node
class ChainTarget(_Node):
    name: Word
    span: Span = _span()


@_node
class LinkTarget(_Node):
    causes: tuple[Word, ...]
    effect: Word
    span: Span = _span()


Target = Union[NameTarget, ChainTarget, LinkTarget]


@_node
class FindingExpectation(_Node):
    """`expect [no] RULE [on TARGET]`."""

    rule: Word
    negated: bool = False
    target: Target | None = None
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()


@_node
class VerdictExpectation(_Node):
    """`expect chain NAME is VERDICT`."""

    chain: Word
    verdict: Word
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()


@_node
class Setting(_Node):
    """`set NAME VALUE...`: a setting for this case (see causal.model.settings).

    ``rule`` is the setting's name (for `weak-support`, also a rule's name);
    ``values`` are the bare words and numbers after it.
    """

    rule: Word
    values: tuple[Word | Number, ...] = ()
    reliability: Word | None = None
    credibility: Number | None = None
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()


Statement = Union[
    CaseHeader,
    SourceDecl,
    ActorDecl,
    EventDecl,
    ClaimDecl,
    EvidenceDecl,
    LinkDecl,
    ContradictionDecl,
    ChainDecl,
    HypothesisDecl,
    FindingExpectation,
    VerdictExpectation,
    Setting,
]

# Statements that declare a name in the case's single namespace.
Declaration = Union[
    SourceDecl,
    ActorDecl,
    EventDecl,
    ClaimDecl,
    EvidenceDecl,
    LinkDecl,
    ContradictionDecl,
    ChainDecl,
    HypothesisDecl,
]


@_node
class CaseFile(_Node):
    statements: tuple[Statement, ...]
