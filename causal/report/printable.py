"""Text from the input made safe to show: control, bidi and invisible characters escaped.

Kept apart from causal.report (and free of third-party imports) so that
`causal af solve`, which must start fast, can use it too. Every renderer that
writes text meant for a terminal passes the input's strings through
`printable`; the graph renderers start from it and add their format's own
quoting; the JSON renderers use `json_safe`.
"""

from __future__ import annotations

import re

# Characters that reorder or hide text on display (the "Trojan source" set: the bidi
# embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069, and the marks),
# zero-width characters that make two different lines look the same, and the line and
# paragraph separators, which some programs take for line ends.
INVISIBLE = frozenset(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2066\u2067\u2068\u2069\ufeff"
)


def escaped(char: str) -> str | None:
    """How a character that must not reach the terminal as-is is shown, or None if it may."""
    code = ord(char)
    if char in INVISIBLE or 0xD800 <= code <= 0xDFFF:
        return f"<U+{code:04X}>"
    if code < 0x20 or 0x7F <= code < 0xA0:
        return f"\\x{code:02x}"
    return None


def printable(text: str) -> str:
    """``text`` with control, bidi and invisible characters escaped, safe to print on one line.

    C0 controls (newline and tab included), DEL and the C1 controls become
    ``\\xNN``, so no escape sequence (ANSI CSI, OSC, ...) can reach a terminal;
    bidi, zero-width and separator characters and lone surrogates become
    ``<U+XXXX>``. Other text, any script included, is kept as it is.
    """
    if text.isprintable() and INVISIBLE.isdisjoint(text):
        return text
    return "".join(escaped(char) or char for char in text)


# What JSON text may hold raw but a terminal should not get: DEL, the C1 controls, the
# characters above and lone surrogates (json.dumps already escapes the C0 controls).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff" + "".join(sorted(INVISIBLE)) + "]")


def json_safe(text: str) -> str:
    """JSON text from ``json.dumps(..., ensure_ascii=False)`` with the unsafe characters as ``\\uXXXX`` escapes.

    Such characters only occur inside JSON strings, where the escape stands
    for the same character: ``json.loads`` gives back the same value.
    """
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
