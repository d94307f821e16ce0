"""Finding a quote in a document: the engine the quote rules (causal.rules.documents) search with.

A quote typed by hand differs from its document in ways that do not change its
words: whitespace, quote marks, dashes, ellipses marking words left out,
invisible characters. Both are normalised the same way (`normalise`); a quote
is found when each piece between its ellipses occurs in the document
(`quote_occurs`), all pieces of all quotes of one document looked for in one
Aho-Corasick pass over it (`PreparedDocument.search`). A quote that is not
found gets the closest passage (`closest_passage`): passages ranked by the
words they share with it, the best few compared with difflib.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections.abc import Iterable, Iterator

from attrs import frozen

from causal.model.case_model import Document

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
        # The search engines are imported when there is something to search: most cases quote no document.
        import ahocorasick

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
    import difflib  # here: only a quote that is not found is compared passage by passage

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
