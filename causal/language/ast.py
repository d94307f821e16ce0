"""The case file's abstract syntax tree: frozen attrs classes, each with a span.

Spans are excluded from equality, so two trees that say the same thing in
different layouts compare equal (the printer's round trip relies on this).
"""

from __future__ import annotations

from typing import Union

from attrs import field, frozen

from causal.inputs.spans import Span


def _span():
    return field(eq=False, repr=False)


def _statement_span():
    # Keyword-only, so it may follow the optional clause fields.
    return field(eq=False, repr=False, kw_only=True)


def _position():
    return field(default=0, eq=False, repr=False)


class _Leaf:
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


@frozen
class Word(_Leaf):
    """A bare token: a name, a grade, a kind, a date, a rule's name."""

    text: str
    line: int = _position()
    column: int = _position()
    end_column: int = _position()

    @classmethod
    def at(cls, text: str, span: Span | None) -> Word:
        return cls(text) if span is None else cls(text, span.line, span.column, span.end_column)


@frozen
class Text(_Leaf):
    """A quoted string, escapes decoded."""

    value: str
    line: int = _position()
    column: int = _position()
    end_column: int = _position()

    @classmethod
    def at(cls, value: str, span: Span | None) -> Text:
        return cls(value) if span is None else cls(value, span.line, span.column, span.end_column)


@frozen
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


@frozen
class Allow:
    """`allow RULE "REASON"`: silences that rule's findings inside the statement."""

    rule: Word
    reason: Text
    span: Span = _span()


# Process-tracing tests (Van Evera) as the language writes them: `hoop H passed`.
TEST_KINDS = ("hoop", "smoking-gun", "straw-in-the-wind", "doubly-decisive")
TEST_RESULTS = ("passed", "failed")


@frozen
class ProcessTest:
    """`hoop H passed`: the evidence is a process-tracing test of hypothesis H.

    ``kind`` is hoop, smoking-gun, straw-in-the-wind or doubly-decisive;
    ``result`` is passed or failed.
    """

    kind: Word
    hypothesis: Word
    result: Word
    span: Span = _span()


@frozen
class Likelihood:
    """`likelihood H NUMBER`: P(evidence | H), up to a factor common to all of the item's likelihoods.

    Only the ratios between an item's likelihoods matter (Bayesian process
    tracing, causal.analysis.bayes). ``value`` is as written: it may be 0 or
    negative (`-0.5`), or infinite for a number too long to read, and
    `invalid-value` then reports it.
    """

    hypothesis: Word
    value: Number
    span: Span = _span()


@frozen
class Time:
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


@frozen
class CaseHeader:
    title: Text
    analyst: Text | None = None
    date: Word | None = None
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()


@frozen
class SourceDecl:
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


@frozen
class ActorDecl:
    name: Word
    title: Text
    added: Text | None = None
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()


@frozen
class EventDecl:
    name: Word
    title: Text
    actors: tuple[Word, ...] = ()
    time: Time | None = None
    added: Text | None = None
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()


@frozen
class ClaimDecl:
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


@frozen
class EvidenceDecl:
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


@frozen
class LinkDecl:
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


@frozen
class ContradictionDecl:
    name: Word
    left: Word
    right: Word
    added: Text | None = None
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()


@frozen
class ChainDecl:
    name: Word
    steps: tuple[tuple[Word, ...], ...]
    added: Text | None = None
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()


@frozen
class HypothesisDecl:
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


@frozen
class NameTarget:
    name: Word
    span: Span = _span()


@frozen
class ChainTarget:
    name: Word
    span: Span = _span()


@frozen
class LinkTarget:
    causes: tuple[Word, ...]
    effect: Word
    span: Span = _span()


Target = Union[NameTarget, ChainTarget, LinkTarget]


@frozen
class FindingExpectation:
    """`expect [no] RULE [on TARGET]`."""

    rule: Word
    negated: bool = False
    target: Target | None = None
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()


@frozen
class VerdictExpectation:
    """`expect chain NAME is VERDICT`."""

    chain: Word
    verdict: Word
    note: Text | None = None
    allows: tuple[Allow, ...] = ()
    span: Span = _statement_span()


@frozen
class Setting:
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


@frozen
class CaseFile:
    statements: tuple[Statement, ...]
