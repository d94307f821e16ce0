"""Rules about sources' documents and the quotes checked against them (codes CX21x).

The model reads each document once (refusing unsafe paths before anything is
opened); these rules report what went wrong and check every evidence quote
against the document of its source. A quote from a source reported `via`
another is checked against the first source on the reporting path that has a
document: the Moscow sources' words appear in DEBKA's article.
"""

from __future__ import annotations

import difflib
import heapq
import re
import unicodedata
from collections.abc import Iterable, Iterator

import ahocorasick
from attrs import frozen

from causal.language import ast
from causal.rules.findings import Finding, Severity, Subject
from causal.model.case_model import Document, Model
from causal.rules.base import Phase, Rule, runs_in

QUOTE_NOT_FOUND = Rule(
    name="quote-not-found",
    code="CX211",
    severity=Severity.ERROR,
    summary="An evidence quote that does not occur in its source's document.",
    finds="""
        An evidence `quote` that is not in the document of its source (or, for
        a source reported `via` another, of the first source on the way that
        has a document). Before comparing, runs of whitespace become one space,
        curly and straight quote marks, primes and backticks count as the same
        mark, all dashes and hyphens (and runs of them) count as one hyphen,
        `…` counts as `...`, and invisible soft hyphens and zero-width spaces
        are dropped. Letters (compared in composed form, NFC) and their case
        must match exactly.

        An ellipsis in the quote (`...`, `…`, `[...]`) that the document does
        not have stands for words left out: the parts around it must then occur
        in the document in the same order.

        The message names the document's closest passage, so a misquote can be
        corrected at a glance. In a document of more than 2,000 sentences, the
        closest passage is looked for among the sentences that hold the
        quote's rarer words.
        """,
    why="""
        A quote is the case's link to what the source really says. A quote that
        is paraphrased, misremembered or put in the wrong source's mouth makes
        the evidence look stronger, or different, than the text allows.
        """,
    example="""
        source debka "DEBKA Weekly" reliability E document "article.txt"
        claim rift "Moscow and Tehran fall out"
        evidence refused from debka credibility 3
          quote "Iran refused to send troops to Syria."
          supports rift
        """,
    passing="""
        source debka "DEBKA Weekly" reliability E document "article.txt"
        claim rift "Moscow and Tehran fall out"
        evidence refused from debka credibility 3
          quote "Iran stood by its refusal to send troops to Syria."
          supports rift
        """,
    documents=(
        (
            "article.txt",
            "The crisis came to a head in the second half of February. "
            "Iran stood by its refusal to send troops to Syria.",
        ),
    ),
)

UNSAFE_PATH = Rule(
    name="unsafe-path",
    code="CX212",
    severity=Severity.ERROR,
    summary="A document path that leaves the case file's folder; it is refused and never read.",
    finds="""
        A source's `document` path that is absolute, goes up with `..`, or
        passes through a symbolic link pointing outside the case file's folder.
        The document is not opened, so quotes from that source are not checked.
        Links inside the folder are followed while they stay in it: a relative
        link may go up with `..` no further than the case's folder, and an
        absolute one must name a path below it. The path is opened one folder
        at a time from the case's folder, so a folder swapped for a link while
        the case is checked cannot lead outside either (see "Input safety" in
        docs/cli.md).
        """,
    why="""
        A case file may come from someone else. Reading any file it names would
        let a case file probe the checker's machine (and quote its contents back
        in messages); keeping documents beside the case also keeps the case
        self-contained.
        """,
    example="""
        source s "A source" reliability B document "/etc/passwd"
        claim rift "Moscow and Tehran fall out"
        evidence said from s credibility 2 supports rift
        """,
    passing="""
        source s "A source" reliability B document "article.txt"
        claim rift "Moscow and Tehran fall out"
        evidence said from s credibility 2 supports rift
        """,
    documents=(("article.txt", "Moscow and Tehran fell out."),),
)

DOCUMENT_UNREADABLE = Rule(
    name="document-unreadable",
    code="CX213",
    severity=Severity.ERROR,
    summary="A source's document cannot be read: missing, a folder, not UTF-8, or too large.",
    finds="""
        A `document` path (relative to the case file's folder) that does not
        exist, names a folder or anything else that is not a regular file (a
        FIFO or a device, which is never opened), holds a NUL character
        (`\\u0000`, which no file name can), holds bytes that are not UTF-8
        (the offset of the first bad byte is given), or is larger than 16 MB.
        """,
    why="""
        Quotes from a source whose document cannot be read cannot be checked;
        the checker says so instead of passing them silently.
        """,
    example="""
        source s "A source" reliability B document "missing.txt"
        claim rift "Moscow and Tehran fall out"
        evidence said from s credibility 2 supports rift
        """,
    passing="""
        source s "A source" reliability B
        claim rift "Moscow and Tehran fall out"
        evidence said from s credibility 2 supports rift
        """,
)

UNVERIFIABLE_QUOTE = Rule(
    name="unverifiable-quote",
    code="CX214",
    severity=Severity.INFO,
    summary="A quote that cannot be checked: no source on its reporting path has a document.",
    finds="""
        Evidence with a `quote` whose source, and every source it is reported
        `via`, has no `document`. Reported only in cases that give at least one
        source a document: a case without documents does not check quotes at
        all, and saying so for every quote would only be noise.
        """,
    why="""
        Once a case checks quotes against documents, a quote that escapes the
        check is easy to take for a checked one.
        """,
    example="""
        source article "The article" reliability B document "article.txt"
        source tv "A TV interview" reliability B
        claim rift "Moscow and Tehran fall out"
        evidence wrote from article credibility 2 supports rift
        evidence said from tv credibility 2 quote "We fell out." supports rift
        """,
    passing="""
        source tv "A TV interview" reliability B
        claim rift "Moscow and Tehran fall out"
        evidence said from tv credibility 2 quote "We fell out." supports rift
        """,
)



@runs_in(Phase.MODEL)
def check(model: Model) -> Iterator[Finding]:
    for document in model.documents.values():
        yield from _document_findings(document)
    yield from check_quotes(model)


def _document_findings(document: Document) -> Iterator[Finding]:
    subject = Subject("name", (document.source,))
    path = document.path_word.value
    if document.unsafe is not None:
        yield UNSAFE_PATH.finding(
            document.path_word.span,
            f"the document \"{path}\" of source {document.source} is refused, and was not read: {document.unsafe}",
            "Put the document in the case file's folder (or below it) and name it by a relative path "
            "without `..`.",
            subject,
        )
    elif document.problem is not None:
        yield DOCUMENT_UNREADABLE.finding(
            document.path_word.span,
            f"the document of source {document.source} cannot be read: {document.problem}",
            "The path is relative to the case file's folder; the file must be UTF-8 text of at most 16 MB.",
            subject,
        )


# --- quotes ----------------------------------------------------------------------

# Typographic variants that a quote typed by hand may not reproduce.
_QUOTE_MARKS = "\u2019\u2018\u201d\u201c\u201e\u201f\u201a\u201b\u2032\u2033`'\"\u00ab\u00bb\u2039\u203a"
_DASHES = "\u2013\u2014\u2010\u2011\u2012\u2212\u2015-"
# Invisible characters that web pages scatter through text: soft hyphen, zero-width space, BOM.
_INVISIBLE = "\u00ad\u200b\ufeff"
_QUOTE_MARK_TABLE = str.maketrans(
    {mark: "'" for mark in _QUOTE_MARKS} | {"\u2026": "..."} | {char: None for char in _INVISIBLE}
)
_DASH_RUN = re.compile(f"[{re.escape(_DASHES)}]+")
_WHITESPACE = re.compile(r"\s+")
# An ellipsis marking words left out of a quote.
_ELISION = re.compile(r"\s*(?:\[\s*\.\.\.\s*\]|\.\.\.)\s*")
# A sentence ends at a stop (perhaps followed by a closing mark) and a space, or at a blank line.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][”’\"')\]»])\s+|\s*\n\s*\n\s*")
_WORD = re.compile(r"\w+")

# Candidate passages compared in full with difflib, after the word-overlap pre-filter.
_CANDIDATES = 12
# Up to this many passages, every one is ranked by the words it shares with a quote. In a longer
# document only the passages holding the quote's rarer words are, up to `_RANKED_BUDGET` entries of
# the word index per quote: the cost of a suggestion no longer grows with the document.
_FULL_RANKING = 2_000
_RANKED_BUDGET = 2_000
# Characters of quotes looked for in one pass over a document (the automaton's memory, about 45 MB).
_SEARCH_BATCH = 1_000_000
# Below this similarity a "closest passage" would only mislead.
_CLOSE_ENOUGH = 0.5
_MAX_SHOWN = 240
# Longer stretches without a sentence end are cut, to keep comparisons cheap.
_MAX_PASSAGE = 800


def normalise(text: str) -> str:
    """The text with whitespace collapsed and quote marks, dashes and ellipses unified.

    Letters are composed (NFC) first, so that an accent typed as one character
    matches the same accent stored as a letter plus a combining mark.
    """
    text = unicodedata.normalize("NFC", text).translate(_QUOTE_MARK_TABLE)
    text = _DASH_RUN.sub("-", text)
    return _WHITESPACE.sub(" ", text).strip()


@frozen
class Passage:
    """A sentence of a document (or a piece of an overlong one)."""

    shown: str  # as the document has it, whitespace collapsed
    normalised: str
    words: frozenset[str]


class PreparedDocument:
    """A document's text made ready for quote checks, once per document.

    The normalised text is made at once; the sentences, needed only to name
    the closest passage to a quote that is not found, on first use, and the
    index of their words when the document is long.

    `search` looks for many strings in one pass over the normalised text (an
    Aho-Corasick automaton), so checking every quote of a case against a
    document costs the document's length plus the quotes', not the document's
    length once per quote; `contains` then answers from what it found.
    """

    def __init__(self, document: Document) -> None:
        self.source = document.source
        self.path = document.path_word.value
        self.text = document.text or ""
        self.normalised = normalise(self.text)
        self._passages: list[Passage] | None = None
        self._passages_with: dict[str, list[int]] | None = None
        self._searched: set[str] = set()
        self._found: set[str] = set()

    def search(self, wanted: Iterable[str]) -> None:
        """Find which of these (normalised) strings occur in the text, in one pass over it.

        The automaton takes about 45 bytes per character of the strings, so they
        are looked for `_SEARCH_BATCH` characters at a time: one pass for the
        quotes of any ordinary case, a pass per batch for tens of megabytes of them.
        """
        batch: list[str] = []
        size = 0
        for key in dict.fromkeys(wanted):
            if not key or key in self._searched:
                continue
            batch.append(key)
            size += len(key)
            if size >= _SEARCH_BATCH:
                self._search_batch(batch)
                batch, size = [], 0
        if batch:
            self._search_batch(batch)

    def _search_batch(self, keys: list[str]) -> None:
        automaton = ahocorasick.Automaton()
        for key in keys:
            automaton.add_word(key, key)
        automaton.make_automaton()
        self._searched.update(keys)
        found = self._found
        for _, key in automaton.iter(self.normalised):
            found.add(key)

    def contains(self, wanted: str) -> bool:
        """Whether the normalised text holds ``wanted``: from `search` when it looked, else by a scan."""
        if wanted in self._searched:
            return wanted in self._found
        return wanted in self.normalised

    def passages_with(self, word: str) -> list[int]:
        """The indexes of the passages holding ``word``, in order (the index is built on first use)."""
        if self._passages_with is None:
            index: dict[str, list[int]] = {}
            for number, passage in enumerate(self.passages):
                for each in passage.words:
                    found = index.get(each)
                    if found is None:
                        index[each] = [number]
                    else:
                        found.append(number)
            self._passages_with = index
        return self._passages_with.get(word, [])

    @property
    def passages(self) -> list[Passage]:
        if self._passages is None:
            self._passages = []
            for part in _SENTENCE_END.split(self.text):
                for piece in _pieces(_WHITESPACE.sub(" ", part).strip()):
                    normalised = normalise(piece)
                    self._passages.append(Passage(piece, normalised, frozenset(_WORD.findall(normalised))))
        return self._passages


def prepare(document: Document) -> PreparedDocument:
    return PreparedDocument(document)


def _pieces(sentence: str) -> Iterator[str]:
    """A sentence cut at spaces into pieces of at most `_MAX_PASSAGE` characters (text without stops)."""
    start = 0
    while len(sentence) - start > _MAX_PASSAGE:
        cut = sentence.rfind(" ", start, start + _MAX_PASSAGE)
        if cut <= start:
            cut = start + _MAX_PASSAGE
        yield sentence[start:cut].strip()
        start = cut
    rest = sentence[start:].strip()
    if rest:
        yield rest


def searched_for(quote: str) -> list[str]:
    """What `quote_occurs` may look up for ``quote``: its normalised text, and its parts around ellipses."""
    wanted = normalise(quote)
    if not _ELISION.search(wanted):
        return [wanted]
    return [wanted, *(part for part in _ELISION.split(wanted) if part)]


def quote_occurs(quote: str, document: PreparedDocument) -> bool:
    wanted = normalise(quote)
    if document.contains(wanted):
        return True
    if not _ELISION.search(wanted):
        return False
    parts = [part for part in _ELISION.split(wanted) if part]
    if not all(document.contains(part) for part in parts):
        return False  # a part missing anywhere is missing in order too; no scan needed
    position = 0
    for part in parts:
        found = document.normalised.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return bool(parts)


def closest_passage(quote: str, document: PreparedDocument) -> tuple[str, float] | None:
    """The document's passage most like ``quote``, and how alike (difflib ratio).

    Sentences are ranked by the words they share with the quote (cheap set
    operations); only the best few, their neighbours joined to them (for
    quotes that run across a sentence end), and stretches of long sentences
    are compared with difflib, behind its `quick_ratio` upper bound.
    """
    wanted = normalise(quote)
    words = set(_WORD.findall(wanted))
    passages = document.passages
    if not words or not passages:
        return None
    if len(passages) <= _FULL_RANKING:
        ranked = heapq.nlargest(_CANDIDATES, range(len(passages)), key=lambda i: len(words & passages[i].words))
    else:
        ranked = _ranked_by_rare_words(words, document)
    candidates: dict[str, str] = {}
    shared: dict[str, int] = {}  # each candidate's words in common with the quote (of the passage it came from)
    for index in sorted(ranked):
        count = len(words & passages[index].words)
        for shown, normalised in _windows(passages[index], len(wanted)):
            candidates[shown] = normalised
            shared.setdefault(shown, count)
        for first in (index - 1, index):
            if 0 <= first < len(passages) - 1:
                a, b = passages[first], passages[first + 1]
                candidates.setdefault(f"{a.shown} {b.shown}", f"{a.normalised} {b.normalised}")
                shared.setdefault(f"{a.shown} {b.shown}", count)
    # The best ratio wins, the earliest candidate among equals. The likeliest candidates are
    # compared first, so that difflib's cheap upper bounds rule most of the others out.
    order = sorted(enumerate(candidates.items()), key=lambda entry: (-shared[entry[1][0]], entry[0]))
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    best: tuple[str, float] | None = None
    best_position = 0

    def may_win(bound: float, position: int) -> bool:
        return best is None or bound > best[1] or (bound == best[1] and position < best_position)

    for position, (shown, normalised) in order:
        matcher.set_seq1(normalised)
        if not may_win(matcher.real_quick_ratio(), position) or not may_win(matcher.quick_ratio(), position):
            continue
        ratio = matcher.ratio()
        if may_win(ratio, position):
            best, best_position = (shown, ratio), position
    return best


def _ranked_by_rare_words(words: set[str], document: PreparedDocument) -> list[int]:
    """The best `_CANDIDATES` passages by shared words, among those holding the quote's rarer words.

    The quote's words are taken rarest first, as long as their passages fit in
    `_RANKED_BUDGET` (the first word that does not fit gives its first
    passages): a misquote keeps most of its sentence's rare words, and words
    found in thousands of passages do not tell them apart anyway.
    """
    passages = document.passages
    postings = sorted((document.passages_with(word) for word in words), key=len)
    seen: set[int] = set()
    budget = _RANKED_BUDGET
    for found in postings:
        if len(found) > budget:
            seen.update(found[:budget])  # the first passages holding the word, when none is rarer
            break
        budget -= len(found)
        seen.update(found)
    # Equal counts go to the earlier passage, as in the full ranking.
    return heapq.nlargest(_CANDIDATES, sorted(seen), key=lambda i: len(words & passages[i].words))


def _windows(passage: Passage, length: int) -> Iterator[tuple[str, str]]:
    """The passage, and stretches of it about ``length`` long when it is much longer."""
    yield passage.shown, passage.normalised
    if len(passage.normalised) <= length * 2:
        return
    words = passage.shown.split(" ")
    starts = [0]
    for word in words[:-1]:
        starts.append(starts[-1] + len(word) + 1)
    last = 0
    for first in range(len(words)):
        last = max(last, first)
        while last < len(words) - 1 and starts[last] + len(words[last]) - starts[first] < length:
            last += 1
        shown = " ".join(words[first : last + 1])
        yield shown, normalise(shown)
        if last == len(words) - 1:
            return


def document_for(
    model: Model, source: str, holders: dict[str, str | None] | None = None
) -> tuple[str, Document] | None:
    """The nearest source on ``source``'s reporting path that has a document, and that document.

    ``holders`` keeps the answers between calls (see `Reporting.nearest`).
    """
    holder = model.reporting.nearest(source, model.documents.__contains__, {} if holders is None else holders)
    return None if holder is None else (holder, model.documents[holder])


def check_quotes(model: Model) -> Iterator[Finding]:
    prepared: dict[str, PreparedDocument] = {}
    holders: dict[str, str | None] = {}  # each source's nearest source with a document, found once
    checks: list[tuple[ast.EvidenceDecl, str, str | None]] = []  # (evidence, source, holder or None)
    wanted: dict[str, list[str]] = {}  # each document holder -> the strings its quotes look for
    for evidence in model.evidence.values():
        if evidence.quote is None or evidence.source is None or evidence.source.text not in model.sources:
            continue
        source = evidence.source.text
        found = document_for(model, source, holders)
        if found is None:
            if model.documents:
                checks.append((evidence, source, None))
            continue
        holder, document = found
        if document.text is None:
            continue  # unsafe-path / document-unreadable report it
        if holder not in prepared:
            prepared[holder] = prepare(document)
        checks.append((evidence, source, holder))
        wanted.setdefault(holder, []).extend(searched_for(evidence.quote.value))
    # Every quote of a document is looked for in one pass over it.
    for holder, strings in wanted.items():
        prepared[holder].search(strings)
    for evidence, source, holder in checks:
        if holder is None:
            yield _unverifiable(model, evidence, source)
        elif not quote_occurs(evidence.quote.value, prepared[holder]):
            yield _not_found(evidence, source, prepared[holder])


def _whose(source: str, holder: str) -> str:
    return f"source {holder}" if source == holder else f"source {holder} (which reports {source})"


def _not_found(evidence: ast.EvidenceDecl, source: str, document: PreparedDocument) -> Finding:
    message = (
        f"the quote of evidence {evidence.name.text} is not in \"{document.path}\", "
        f"the document of {_whose(source, document.source)}"
    )
    closest = closest_passage(evidence.quote.value, document)
    if closest is not None and closest[1] >= _CLOSE_ENOUGH:
        shown = closest[0] if len(closest[0]) <= _MAX_SHOWN else closest[0][: _MAX_SHOWN - 1] + "…"
        help = f"The closest passage in the document reads \"{shown}\"; quote the document's words exactly."
    else:
        help = (
            "Nothing in the document comes close: check that the quote is from this source, "
            "and quote the document's words exactly."
        )
    return QUOTE_NOT_FOUND.finding(evidence.quote.span, message, help, Subject("name", (evidence.name.text,)))


def _unverifiable(model: Model, evidence: ast.EvidenceDecl, source: str) -> Finding:
    if not model.reporting.carriers.get(source):
        why = f"source {source} has no document"
    else:
        why = f"no source on its reporting path ({model.reporting.describe(source)}) has a document"
    return UNVERIFIABLE_QUOTE.finding(
        evidence.quote.span,
        f"the quote of evidence {evidence.name.text} cannot be checked: {why}",
        "Give the source a `document` holding its text, so the quote can be checked against it.",
        Subject("name", (evidence.name.text,)),
    )
