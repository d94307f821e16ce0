"""Rules about names: declared once, declared before being relied on, of the right kind, used, told apart (CX10x)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator

from causal.language import ast
from causal.language.confusables import skeleton
from causal.language.suggestions import close_matches, length_window
from causal.model.case_model import KIND_OF_DECLARATION, Model, Reference
from causal.rules.base import Phase, Rule, runs_in
from causal.rules.findings import Finding, Severity, Subject

UNDEFINED_NAME = Rule(
    name="undefined-name",
    code="CX101",
    severity=Severity.ERROR,
    summary="A name is used but never declared.",
    finds="""
        A name in a link, chain, contradiction, `by`, `from`, `via`,
        `supports`, `because` or `expect` target that no statement declares.
        When a declared name of the right kind is close, it is suggested.
        """,
    why="""
        An undeclared name is usually a typo. The checker cannot judge a link
        or a chain step whose ends it does not know, so everything built on the
        name is silently left out until it is declared.
        """,
    example='''
        event rift "Relations break down"
        event withdrawal "Putin pulls back" at 2016-03
        link rif -> withdrawal assumed "for the example"
        ''',
    passing='''
        event rift "Relations break down"
        event withdrawal "Putin pulls back" at 2016-03
        link rift -> withdrawal assumed "for the example"
        ''',
)

DUPLICATE_NAME = Rule(
    name="duplicate-name",
    code="CX102",
    severity=Severity.ERROR,
    summary="A name declared twice, or a second `case` header.",
    finds="""
        A second declaration of a name already declared (all names share one
        namespace: a source and an event may not have the same name), and a
        second `case` header in one file. The first declaration is the one the
        checker uses; the message gives its line.
        """,
    why="""
        Every reference to the name means the first declaration; the second is
        ignored, along with whatever it says, which is rarely what the analyst
        meant.
        """,
    example='''
        event rift "Relations break down"
        claim rift "Moscow and Tehran fall out"
        ''',
    passing='''
        event rift "Relations break down"
        claim falling_out "Moscow and Tehran fall out"
        ''',
)

WRONG_KIND = Rule(
    name="wrong-kind",
    code="CX103",
    severity=Severity.ERROR,
    summary="A name of the wrong kind of thing: a link to an actor, `because` naming a claim.",
    finds="""
        A declared name used where another kind of thing is required: a link
        or chain step naming an actor or a source (causes and effects are events
        or claims), `because` naming anything but evidence, evidence `from`
        anything but a source, `by` naming anything but an actor, `via` naming
        anything but a source, `supports` naming a source or an actor.
        """,
    why="""
        The checker cannot weigh a link to an actor or evidence from an event:
        the statement means nothing as written, so the rules that depend on it
        stay silent.
        """,
    example='''
        actor soleimani "Gen. Qassem Soleimani"
        event withdrawal "Putin pulls back" at 2016-03
        link soleimani -> withdrawal assumed "for the example"
        ''',
    passing='''
        actor soleimani "Gen. Qassem Soleimani"
        event guarantee "Soleimani guarantees ground forces" by soleimani at 2015
        event withdrawal "Putin pulls back" at 2016-03
        link guarantee -> withdrawal assumed "for the example"
        ''',
)

UNUSED_DECLARATION = Rule(
    name="unused-declaration",
    code="CX104",
    severity=Severity.INFO,
    summary="A source, actor, event, claim or evidence item that nothing uses.",
    finds="""
        A source that no evidence cites and no other source is reported `via`;
        an actor named in no event's or claim's `by`; an event or claim that is in no
        link, chain, contradiction or hypothesis, that nothing supports or attacks,
        and that attacks nothing; an evidence item that no link names with
        `because` and that supports, attacks and tests nothing. Mentions in `expect` lines do not count as uses. Links,
        chains and contradictions are statements in their own right and are
        never reported.
        """,
    why="""
        An unused declaration is often a sign of unfinished work: evidence
        collected but never connected to the argument, or an event the analyst
        meant to link. It is information, not an error.
        """,
    example='''
        event rift "Relations break down"
        ''',
    passing='''
        event rift "Relations break down"
        event withdrawal "Putin pulls back" at 2016-03
        link rift -> withdrawal assumed "for the example"
        ''',
)

CONFUSABLE_NAME = Rule(
    name="confusable-name",
    code="CX105",
    severity=Severity.WARNING,
    summary="A declared name that looks like another declared name but is written with other characters.",
    finds="""
        A declared name that is confusable with a name declared before it: the
        two look alike but are different names, such as `аrmy` written with a
        Cyrillic `а` beside `army`, `ορen` with a Greek omicron and rho beside
        `open`, or a name that mixes scripts. Two names are confusable when
        they have the same skeleton under Unicode's confusable detection
        (Unicode Technical Standard #39, with its confusables.txt data), as
        Rust's `confusable_idents` lint finds them: each name is decomposed
        (NFD), each character replaced by the character it can be mistaken for
        (its prototype), and the result decomposed again. The finding is on the
        later name; the message names the earlier one, its line, and the first
        pair of characters that differ.

        Only pairs in which at least one name has a character outside ASCII
        are reported: ASCII look-alikes such as `l` and `I`, or `rn` and `m`,
        are the analyst's own typing. Names that differ only in how they were
        typed (a combining accent, fullwidth letters) are not confusable but
        the same name (see "Lexical structure"), so declaring both is
        `duplicate-name`.
        """,
    why="""
        Two names that look the same on the page make a case say something
        other than what its reader sees: a link from `аrmy` is not a link from
        `army`, and findings about one seem to be about the other. Text pasted
        from a source in another language slips such letters in by accident; a
        case file from someone else can use them to hide a statement.
        """,
    example='''
        event army "The army withdraws"
        event аrmy "The army withdraws (its first letter is a Cyrillic а)"
        link army -> аrmy assumed "for the example"
        ''',
    passing='''
        event army "The army withdraws"
        event армия "The army withdraws, in Russian"
        link army -> армия assumed "for the example"
        ''',
)


# Kinds in the order messages list them, with how a message names one of them.
KIND_PHRASES = {
    "source": "a source",
    "actor": "an actor",
    "event": "an event",
    "claim": "a claim",
    "evidence": "an evidence item",
    "link": "a named link",
    "contradiction": "a contradiction",
    "chain": "a chain",
    "hypothesis": "a hypothesis",
}
_DECLARING_STATEMENT = {
    "source": "`source`",
    "actor": "`actor`",
    "event": "`event`",
    "claim": "`claim`",
    "evidence": "`evidence`",
    "link": "a named link (`link NAME: ...`)",
    "contradiction": "`contradiction`",
    "chain": "`chain`",
    "hypothesis": "`hypothesis`",
}
_ALL_KINDS = frozenset(KIND_PHRASES)
_UNUSABLE_KINDS = ("source", "actor", "event", "claim", "evidence")

# Did-you-mean is bounded so that a file with many undefined names still
# checks in linear time: few candidates per word, few words in all.
MAX_CANDIDATES = 500
MAX_SUGGESTED_WORDS = 200


def _either(phrases: list[str]) -> str:
    if len(phrases) == 1:
        return phrases[0]
    return ", ".join(phrases[:-1]) + " or " + phrases[-1]


def describe_kinds(kinds: Iterable[str]) -> str:
    """``{"event", "claim"}`` -> "an event or a claim", in a fixed order."""
    wanted = set(kinds)
    return _either([phrase for kind, phrase in KIND_PHRASES.items() if kind in wanted])


class _Suggester:
    """Close declared names of the wanted kinds, computed only for reported names."""

    def __init__(self, model: Model) -> None:
        self._model = model
        # For each set of wanted kinds: the declared names of those kinds, by length.
        self._by_length: dict[frozenset[str], dict[int, list[str]]] = {}
        self._cache: dict[tuple[str, frozenset[str]], str | None] = {}

    def _candidates(self, word: str, kinds: frozenset[str]) -> list[str]:
        if kinds not in self._by_length:
            by_length: dict[int, list[str]] = {}
            for name, declaration in self._model.declarations.items():
                if KIND_OF_DECLARATION[type(declaration)] in kinds:
                    by_length.setdefault(len(name), []).append(name)
            self._by_length[kinds] = by_length
        by_length = self._by_length[kinds]
        # Only lengths within reach of the word's (causal.language.suggestions), nearest first.
        size = len(word)
        lengths = sorted(length_window(size), key=lambda n: abs(n - size))
        candidates: list[str] = []
        for length in lengths:
            candidates.extend(by_length.get(length, ()))
            if len(candidates) >= MAX_CANDIDATES:
                break
        return candidates[:MAX_CANDIDATES]

    def suggest(self, word: str, kinds: frozenset[str]) -> str | None:
        key = (word, kinds)
        if key not in self._cache:
            if len(self._cache) >= MAX_SUGGESTED_WORDS:
                return None
            close = close_matches(word, self._candidates(word, kinds))
            self._cache[key] = close[0] if close else None
        return self._cache[key]


@runs_in(Phase.MODEL)
def check(model: Model) -> Iterator[Finding]:
    suggester = _Suggester(model)
    used: set[str] = set()
    yield from _check_references(model, suggester, used)
    yield from _check_duplicates(model)
    yield from _check_unused(model, used)
    yield from _check_confusables(model)


def _check_references(model: Model, suggester: _Suggester, used: set[str]) -> Iterator[Finding]:
    """Undefined and wrong-kind names; fills ``used`` with the names used, in the same walk."""
    declarations, kind_of_declaration = model.declarations, KIND_OF_DECLARATION
    for reference in model.references():
        name = reference.word.text
        if reference.counts_as_use:
            used.add(name)
        declaration = declarations.get(name)
        kind = None if declaration is None else kind_of_declaration[type(declaration)]
        if kind is None:
            yield _undefined(reference, suggester)
        elif kind not in reference.kinds:
            yield _wrong_kind(reference, kind, suggester)


def _undefined(reference: Reference, suggester: _Suggester) -> Finding:
    name = reference.word.text
    close = suggester.suggest(name, reference.kinds)
    if close is not None:
        help = f"Did you mean `{close}`?"
        if not name.isascii() and skeleton(name) == skeleton(close):
            help += f" The two look alike, but {_difference(name, close)}."
    elif reference.kinds == _ALL_KINDS:
        help = "Declare it, or correct the spelling."
    else:
        statements = _either([s for k, s in _DECLARING_STATEMENT.items() if k in reference.kinds])
        help = f"Declare it with {statements}, or correct the spelling."
    return UNDEFINED_NAME.finding(
        reference.word.span,
        f"`{name}` is not declared (used as {reference.role})",
        help,
        Subject("name", (name,)),
    )


def _wrong_kind(reference: Reference, kind: str, suggester: _Suggester) -> Finding:
    name = reference.word.text
    expected = describe_kinds(reference.kinds)
    help = f"Name {expected} here."
    close = suggester.suggest(name, reference.kinds)
    if close is not None:
        help += f" Did you mean `{close}`?"
    return WRONG_KIND.finding(
        reference.word.span,
        f"`{name}` is {KIND_PHRASES[kind]}, not {expected} (used as {reference.role})",
        help,
        Subject("name", (name,)),
    )


def _check_duplicates(model: Model) -> Iterator[Finding]:
    first_header = model.header
    for header in model.extra_headers:
        yield DUPLICATE_NAME.finding(
            header.span,
            f"a second `case` header (the first is on line {first_header.span.line})",
            "A file holds one case: merge the headers, or split the file.",
        )
    for first, second in model.duplicates:
        name = second.name.text
        first_kind = KIND_OF_DECLARATION[type(first)]
        yield DUPLICATE_NAME.finding(
            second.name.span,
            f"`{name}` is already declared on line {first.span.line} (as {KIND_PHRASES[first_kind]})",
            "Give one of them another name; every use of the name means the first declaration.",
            Subject("name", (name,)),
        )


_UNUSED_HELP = {
    "source": "Cite it with `evidence NAME from {name}`, or remove it.",
    "actor": "Name it in the `by` clause of an event or a claim, or remove it.",
    "event": "Use it in a link, chain or contradiction, or as what evidence `supports`; or remove it.",
    "claim": "Use it in a link, chain or contradiction, or as what evidence `supports`; or remove it.",
    "evidence": "Name it in a link's `because`, or say what it `supports` or attacks; or remove it.",
}


def _attacks(declaration: ast.ClaimDecl | ast.EvidenceDecl) -> bool:
    return bool(declaration.rebuts or declaration.undercuts or declaration.undermines)


def _says_something(evidence: ast.EvidenceDecl) -> bool:
    """Evidence is used when it supports, attacks, or bears on a hypothesis."""
    return bool(
        evidence.supports
        or _attacks(evidence)
        or evidence.consistent
        or evidence.inconsistent
        or evidence.tests
        or evidence.likelihoods
    )


def _check_unused(model: Model, used: set[str]) -> Iterator[Finding]:
    for name, declaration in model.declarations.items():
        kind = KIND_OF_DECLARATION[type(declaration)]
        if kind not in _UNUSABLE_KINDS or name in used:
            continue
        if isinstance(declaration, ast.EvidenceDecl) and _says_something(declaration):
            continue
        if isinstance(declaration, ast.ClaimDecl) and _attacks(declaration):
            continue
        yield UNUSED_DECLARATION.finding(
            declaration.name.span,
            f"{kind} `{name}` is never used",
            _UNUSED_HELP[kind].format(name=name),
            Subject("name", (name,)),
        )


def _check_confusables(model: Model) -> Iterator[Finding]:
    """Each declared name against the first declared name with its skeleton: one skeleton a name, one dict."""
    declarations = model.declarations
    if all(name.isascii() for name in declarations):
        return  # only pairs with a character outside ASCII are reported
    first_of: dict[str, str] = {}
    for name, declaration in declarations.items():
        first = first_of.setdefault(skeleton(name), name)
        if first is name or (first.isascii() and name.isascii()):
            continue
        earlier = declarations[first]
        yield CONFUSABLE_NAME.finding(
            declaration.name.span,
            f"`{name}` looks like `{first}`, declared on line {earlier.span.line} "
            f"(as {KIND_PHRASES[KIND_OF_DECLARATION[type(earlier)]]}), but is another name: {_difference(name, first)}",
            "If they are meant to be one name, write it with the same letters in both places; if not, rename one "
            "of them so that the two can be told apart.",
            Subject("name", (name,)),
        )


def _difference(name: str, other: str) -> str:
    """The first pair of characters in which two confusable names differ, by their Unicode names."""
    for mine, theirs in zip(name, other):
        if mine != theirs:
            break
    else:
        return "they are written with different characters"
    if len(name) != len(other):
        return f"it has `{mine}` ({_character(mine)}) where `{other}` has `{theirs}` ({_character(theirs)}), and more"
    more = sum(a != b for a, b in zip(name, other)) - 1
    tail = f", and {more} more character{'s' if more > 1 else ''} differ{'' if more > 1 else 's'}" if more else ""
    return f"it has `{mine}` ({_character(mine)}) where `{other}` has `{theirs}` ({_character(theirs)}){tail}"


def _character(char: str) -> str:
    return unicodedata.name(char, f"U+{ord(char):04X}")
