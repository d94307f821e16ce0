"""Other formats' ids and titles as case names: normalised to the grammar's NAME, never a keyword, never twice."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from causal.language.grammar import grammar_text

# The grammar's NAME (grammar/causal.lark): letters, digits, `_`, inner hyphens, no leading digit.
_NAME = re.compile(r"[^\W\d]\w*(?:-(?!>)\w+)*")
_NOT_WORD = re.compile(r"[^\w-]+")
_HYPHENS = re.compile(r"-{2,}|(?<!\w)-|-(?!\w)")
# Long titles make long names; a name only has to be told apart and recognised.
MAX_NAME_LENGTH = 40


@lru_cache(maxsize=1)
def keywords() -> frozenset[str]:
    """The grammar's keywords, which a written name avoids (the parser would read some of them as keywords)."""
    return frozenset(re.findall(r'^[A-Z_]+(?:\.\d+)?:\s*"([a-z-]+)"', grammar_text(), re.MULTILINE))


def as_name(raw: str, prefix: str) -> str:
    """``raw`` (an id, a title) made a valid name: NFKC, non-word characters to `_`, ``prefix`` before a
    digit or an empty result, shortened to MAX_NAME_LENGTH, and a trailing `_` after a keyword."""
    text = unicodedata.normalize("NFKC", raw).strip().lower() if not raw.isascii() else raw.strip().lower()
    text = _NOT_WORD.sub("_", text)
    text = _HYPHENS.sub("_", text)
    text = re.sub(r"_{2,}", "_", text).strip("_")[:MAX_NAME_LENGTH].rstrip("_-")
    if not text or not _NAME.fullmatch(text):
        text = f"{prefix}{text}" if text else prefix
        if not _NAME.fullmatch(text):  # a combining mark or other odd start: keep only what a name may hold
            text = prefix + "_" + "".join(f"{ord(c):x}" for c in raw[:8])
    if text in keywords():
        text += "_"
    return text


class NameTable:
    """Hands out distinct names: a name already given gets `_2`, `_3`, ... (the original stays in a note)."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, wanted: str) -> str:
        name = wanted
        counter = 1
        while name in self._taken:
            counter += 1
            name = f"{wanted}_{counter}"
        self._taken.add(name)
        return name

    def reserve(self, name: str) -> None:
        self._taken.add(name)
