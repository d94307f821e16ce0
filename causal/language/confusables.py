"""Look-alike strings: the skeleton of Unicode's confusable detection (UTS #39, section 4).

Two strings are confusable when their skeletons are equal, where

    skeleton(X) = NFD(the prototype of each character of NFD(X))

and a character's prototype is what Unicode's confusables.txt maps it to (the
character itself when it maps to nothing): Cyrillic `а` and Greek `α` have the
prototype Latin `a`, Latin `m` the prototype `rn`. Skeletons are for comparing
only; they are not a spelling to show anyone. The mapping is in
`causal.language.confusables_table`, made from confusables.txt by this module:

    python -m causal.language.confusables PATH/TO/confusables.txt

which rewrites causal/language/confusables_table.py (the file's own header says which
version of the data it holds).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

_prototypes: dict[int, str] | None = None
# The ASCII characters that have a prototype, with it: ASCII text is skeletonised by a few
# replacements, which is much cheaper than translating it character by character.
_ascii_prototypes: tuple[tuple[str, str], ...] | None = None


def _mapping() -> dict[int, str]:
    """Code point -> prototype, read from the table on first use (a case whose names are ASCII never needs it)."""
    global _prototypes
    if _prototypes is None:
        from causal.language import confusables_table

        prototypes = {}
        for line in confusables_table.TABLE.splitlines():
            source, *target = line.split()
            prototypes[int(source, 16)] = "".join(chr(int(point, 16)) for point in target)
        _prototypes = prototypes
    return _prototypes


def _ascii() -> tuple[tuple[str, str], ...]:
    global _ascii_prototypes
    if _ascii_prototypes is None:
        pairs = tuple((chr(point), prototype) for point, prototype in _mapping().items() if point < 128)
        # Replacing one character after another is the same as mapping them all at once only
        # when no prototype holds a character that is replaced after it.
        if any(char in prototype for _, prototype in pairs for char, _ in pairs):
            raise ValueError("confusables table: an ASCII prototype holds an ASCII character that has a prototype")
        _ascii_prototypes = pairs
    return _ascii_prototypes


def skeleton(text: str) -> str:
    """The UTS #39 skeleton of ``text``: equal skeletons, confusable strings."""
    if text.isascii():  # decomposes to itself
        for char, prototype in _ascii():
            if char in text:
                text = text.replace(char, prototype)
        return text if text.isascii() else unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).translate(_mapping()))


# --- making the table from confusables.txt ------------------------------------------------

_LINE = re.compile(r"^\s*([0-9A-F]{4,6})\s*;\s*([0-9A-F]{4,6}(?:\s+[0-9A-F]{4,6})*)\s*;\s*MA\b")
_VERSION = re.compile(r"^#\s*Version:\s*(\S+)")
_DATE = re.compile(r"^#\s*Date:\s*(.+?)\s*$")

_HEADER = '''"""The confusables mapping of Unicode Technical Standard #39.

From confusables.txt version {version} ({date}).

Made by `python -m causal.language.confusables confusables.txt`; do not edit by hand.
Each line of TABLE is a character's code point, then the code points of its
prototype, in hex: the file's data lines with their comments and field
separators removed (so this is a modified copy of the data file). See
causal/language/confusables.py for how it is used.

COPYRIGHT AND PERMISSION NOTICE

Copyright © 1991-{year} Unicode, Inc. All rights reserved.
Distributed under the Terms of Use in https://www.unicode.org/copyright.html.

Permission is hereby granted, free of charge, to any person obtaining
a copy of the Unicode data files and any associated documentation
(the "Data Files") or Unicode software and any associated documentation
(the "Software") to deal in the Data Files or Software
without restriction, including without limitation the rights to use,
copy, modify, merge, publish, distribute, and/or sell copies of
the Data Files or Software, and to permit persons to whom the Data Files
or Software are furnished to do so, provided that either
(a) this copyright and permission notice appear with all copies
of the Data Files or Software, or
(b) this copyright and permission notice appear in associated
Documentation.

THE DATA FILES AND SOFTWARE ARE PROVIDED "AS IS", WITHOUT WARRANTY OF
ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT OF THIRD PARTY RIGHTS.
IN NO EVENT SHALL THE COPYRIGHT HOLDER OR HOLDERS INCLUDED IN THIS
NOTICE BE LIABLE FOR ANY CLAIM, OR ANY SPECIAL INDIRECT OR CONSEQUENTIAL
DAMAGES, OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE,
DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER
TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR
PERFORMANCE OF THE DATA FILES OR SOFTWARE.

Except as contained in this notice, the name of a copyright holder
shall not be used in advertising or otherwise to promote the sale,
use or other dealings in these Data Files or Software without prior
written authorization of the copyright holder.
"""

VERSION = "{version}"
TABLE = """\\
{table}
"""
'''


def table_module(text: str) -> str:
    """The source of causal/language/confusables_table.py from the text of confusables.txt."""
    version = date = None
    rows = []
    for line in text.splitlines():
        line = line.lstrip("\ufeff")
        if version is None and (match := _VERSION.match(line)):
            version = match.group(1)
        elif date is None and (match := _DATE.match(line)):
            date = match.group(1)
        elif match := _LINE.match(line):
            rows.append(f"{match.group(1)} {' '.join(match.group(2).split())}")
    if version is None or date is None or not rows:
        raise ValueError("this does not look like Unicode's confusables.txt (no Version or Date line, or no data)")
    year = re.search(r"\d{4}", date)
    return _HEADER.format(version=version, date=date, year=year.group(0) if year else "", table="\n".join(rows))


if __name__ == "__main__":
    source = Path(sys.argv[1])
    target = Path(__file__).with_name("confusables_table.py")
    target.write_text(table_module(source.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {target} from {source}")
