"""Did-you-mean: the known words closest to a mistyped one, in one place for every message that offers them.

Closeness is difflib's ratio, 2*M/T for M matching characters in T characters
of both words. Before difflib runs, a cheap pre-filter skips every candidate
whose length differs from the word's by more than half the longer one's
length (one is more than twice as long as the other). Such a pair has a ratio
below 2/3, so at most a marginal match is lost, and a very long mistyped word
is no longer compared in full with every short name in the case.

difflib's comparison takes time quadratic in the words' length, so a word
longer than `MAX_COMPARED` characters is compared by its ends instead: the
characters at the start and at the end that it shares with the candidate,
2*(P+S)/T for a common prefix of P and a common suffix of S characters.
A mistyped long name (one letter changed, added or left out) keeps almost all
of both, so it still finds its name, in time linear in the lengths.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable

DEFAULT_CUTOFF = 0.6  # difflib's own default: about two characters in three shared
# Longer words are compared by their common start and end (linear), not by difflib (quadratic).
MAX_COMPARED = 200


def within_reach(length: int, other: int) -> bool:
    """Whether words of these lengths are worth comparing: neither is more than twice as long as the other."""
    return 2 * min(length, other) >= max(length, other)


def length_window(length: int) -> range:
    """The candidate lengths within reach of a word of ``length``, for callers that bucket names by length."""
    return range((length + 1) // 2, 2 * length + 1)


def close_matches(word: str, candidates: Iterable[str], n: int = 1, cutoff: float = DEFAULT_CUTOFF) -> list[str]:
    """Up to ``n`` candidates whose similarity to ``word`` is at least ``cutoff``, best first."""
    size = len(word)
    near = [candidate for candidate in candidates if within_reach(size, len(candidate))]
    if size <= MAX_COMPARED:  # candidates within reach are at most twice as long: a bounded comparison
        if n == 1:
            return _closest(word, near, cutoff)
        import difflib

        return difflib.get_close_matches(word, near, n=n, cutoff=cutoff)
    scored = [(score, candidate) for candidate in near if (score := ends_ratio(word, candidate)) >= cutoff]
    # As get_close_matches ranks: best score first, equal scores by the candidate, greatest first.
    return [candidate for _, candidate in heapq.nlargest(n, scored)]


def _closest(word: str, candidates: list[str], cutoff: float) -> list[str]:
    """`difflib.get_close_matches(word, candidates, 1, cutoff)`, skipping every candidate whose cheap upper
    bounds show it cannot beat (or tie with) the best found so far: the same answer, far fewer full ratios."""
    # Imported here, as in causal.analysis.quotes: a case with no unknown name never compares words.
    import difflib

    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    best: tuple[float, str] | None = None
    for candidate in candidates:
        matcher.set_seq1(candidate)
        floor = cutoff if best is None else max(cutoff, best[0])
        if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
            continue
        score = matcher.ratio()
        # get_close_matches keeps the largest (score, candidate): equal scores go to the greater word.
        if score >= cutoff and (best is None or (score, candidate) > best):
            best = (score, candidate)
    return [] if best is None else [best[1]]


def ends_ratio(word: str, other: str) -> float:
    """2*(P+S)/T: the share of both words' T characters in their common prefix (P) and suffix (S)."""
    total = len(word) + len(other)
    if not total:
        return 1.0
    prefix = _common_prefix(word, other)
    suffix = _common_prefix(word[prefix:][::-1], other[prefix:][::-1])
    return 2 * (prefix + suffix) / total


def _common_prefix(first: str, second: str) -> int:
    """The length of the longest common prefix, by bisection on slices (compared in C, not by character)."""
    low, high = 0, min(len(first), len(second))
    while low < high:
        middle = (low + high + 1) // 2
        if first[:middle] == second[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = DEFAULT_CUTOFF) -> str:
    """` Did you mean `x`?` for the closest candidate, or "" when none is close: a sentence to append to a help."""
    close = close_matches(word, candidates, 1, cutoff)
    return f" Did you mean `{close[0]}`?" if close else ""
