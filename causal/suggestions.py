"""Did-you-mean: the known words closest to a mistyped one, in one place for every message that offers them.

Closeness is difflib's ratio, 2*M/T for M matching characters in T characters
of both words. Before difflib runs, a cheap pre-filter skips every candidate
whose length differs from the word's by more than half the longer one's
length (one is more than twice as long as the other). Such a pair has a ratio
below 2/3, so at most a marginal match is lost, and a very long mistyped word
is no longer compared in full with every short name in the case.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

DEFAULT_CUTOFF = 0.6  # difflib's own default: about two characters in three shared


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
    return difflib.get_close_matches(word, near, n=n, cutoff=cutoff)


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = DEFAULT_CUTOFF) -> str:
    """` Did you mean `x`?` for the closest candidate, or "" when none is close: a sentence to append to a help."""
    close = close_matches(word, candidates, 1, cutoff)
    return f" Did you mean `{close[0]}`?" if close else ""
