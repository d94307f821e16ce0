"""Reading and writing frameworks (APX, TGF, ICCMA'23) and printing answers as ICCMA solvers do.

APX (ASPARTIX):   `arg(a).` and `att(a,b).` facts, one per line; `%` starts a comment line.
TGF:              one argument name per line, a line `#`, then one `attacker target` per line.
ICCMA'23 (i23):   a header `p af N`, then `i j` lines (1-based indexes); `#` starts a comment line.
                  Argument k is named "k".

A malformed file raises `FormatError` with the 1-based line number; parsers never
raise anything else for bad input.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from itertools import chain

from causal.argumentation.framework import INDEX, Framework, NumberedIndex, NumberedNames
from causal.argumentation.semantics import Extension, Problem

FORMATS: tuple[str, ...] = ("apx", "tgf", "i23")

# A `p af N` header declares N arguments, however short the file (it lists attacks,
# not arguments), and the framework keeps a few words per argument: refuse a header
# beyond what a solver could keep in memory rather than try. The names "1".."N" are
# made on demand (NumberedNames), not N strings up front.
MAX_ARGUMENTS = 10_000_000


class FormatError(ValueError):
    """A malformed framework file: `line` is 1-based (0 when the problem is the file as a whole)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"{line}: {message}")
        self.line = line
        self.message = message


_NAME = r"([^\s(),]+)"
_APX_ARG = re.compile(rf"arg\(\s*{_NAME}\s*\)\s*\.")
_APX_ATT = re.compile(rf"att\(\s*{_NAME}\s*,\s*{_NAME}\s*\)\s*\.")


def _newlines(text: str) -> str:
    """``text`` with `\r\n` and lone `\r` line ends made `\n`, as the command's reading did already."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _lines(text: str):
    """(line number, stripped line) for every line that is not blank."""
    # Only "\n" ends a line (a "\r" before it is stripped), so numbers match what editors show.
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped:
            yield number, stripped


def _shorten(line: str) -> str:
    return line if len(line) <= 60 else line[:57] + "..."


def _resolve(index: dict[str, int], name: str, number: int) -> int:
    found = index.get(name)
    if found is None:
        raise FormatError(number, f"attack names the undeclared argument {name!r}")
    return found


def parse_apx(text: str) -> Framework:
    text = _newlines(text)
    # Most files are written by programs, one fact per line and nothing else;
    # those take the fast path. Anything else (spaces, a malformed line, an
    # undeclared argument) is read line by line, which also names the bad line.
    framework = _parse_apx_blocks(text)
    if framework is None:
        framework = _parse_apx_plain(text)
    return framework if framework is not None else _parse_apx_lines(text)


# One fact per line, written without spaces: what `_parse_apx_plain` takes.
_APX_PLAIN_ARG = re.compile(rf"^arg\({_NAME}\)\.\r?$", re.MULTILINE)
_APX_PLAIN_ATT = re.compile(rf"^att\({_NAME},{_NAME}\)\.\r?$", re.MULTILINE)
# Lines the line-by-line reader skips: blank ones and `%` comments.
_APX_SKIPPED = re.compile(r"^[^\S\n]*(?:%[^\n]*)?$", re.MULTILINE)
# The attacks are matched a slice of about this many characters at a time, so
# the matched names of only one slice are alive at once.
_SLICE = 1 << 20


# The layout programs write: every `arg(a).` line, then every `att(a,b).` line, each ending in "\n".
_APX_ARG_BLOCK = re.compile(r"(?:arg\([^\s(),]+\)\.\n)*+")
_APX_ATT_BLOCK = re.compile(r"(?:att\([^\s(),]+,[^\s(),]+\)\.\n)*+")


def _parse_apx_blocks(text: str) -> Framework | None:
    """The framework, when the file is all its `arg(a).` lines, then all its `att(a,b).` lines; else None.

    Two possessive regular expressions check the layout without building
    anything, then `str.replace` and `str.split` cut out the names: in such
    text `arg(` and `att(` only begin lines and `).` only ends them, since names
    hold no brackets, commas or spaces. Two to three times faster than
    matching each line with groups, which builds a tuple per line.
    """
    declared = _APX_ARG_BLOCK.match(text).end()
    if _APX_ATT_BLOCK.fullmatch(text, declared) is None:
        return None
    names = text[:declared].replace("arg(", "").replace(").\n", "\n").split("\n")
    names.pop()  # after the last "\n"
    index = dict(zip(names, range(len(names))))
    if len(index) != len(names):  # a name declared twice: its first declaration counts
        names = list(dict.fromkeys(names))
        index = dict(zip(names, range(len(names))))
    resolve = index.__getitem__
    pairs = array(INDEX)
    start = declared
    while start < len(text):
        end = text.find("\n", start + _SLICE)
        end = len(text) if end < 0 else end + 1
        # "att(a,b).\n" -> "a,b," : attacker and target names alternate.
        found = text[start:end].replace("att(", "").replace(").\n", ",").split(",")
        found.pop()
        try:
            pairs.extend(map(resolve, found))
        except KeyError:
            return None  # an undeclared argument: the line-by-line reader reports it
        start = end
    return Framework.from_arrays(names, pairs[0::2], pairs[1::2], index)


def _parse_apx_plain(text: str) -> Framework | None:
    """The framework, when every line is `arg(a).`, `att(a,b).`, blank or a comment; else None.

    Whole-text regular expressions find the facts (one slice of the text at a
    time), and C loops (`map`, `array.extend`) turn names into indexes, with no
    Python loop over the lines and no list of all the lines.
    """
    names = _APX_PLAIN_ARG.findall(text)
    declarations = len(names)
    index = dict(zip(names, range(declarations)))
    if len(index) != declarations:  # a name declared twice: its first declaration counts
        names = list(dict.fromkeys(names))
        index = dict(zip(names, range(len(names))))
    resolve = index.__getitem__
    pairs = array(INDEX)
    attack_lines = 0
    start = 0
    while start < len(text):
        end = text.find("\n", start + _SLICE)
        end = len(text) if end < 0 else end + 1
        found = _APX_PLAIN_ATT.findall(text, start, end)
        attack_lines += len(found)
        try:
            pairs.extend(map(resolve, chain.from_iterable(found)))
        except KeyError:
            return None  # an undeclared argument: the line-by-line reader reports it
        start = end
    line_count = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    if declarations + attack_lines != line_count:
        skipped = len(_APX_SKIPPED.findall(text))
        # `$` also matches after the final newline, which is no line of its own.
        if text.endswith("\n"):
            skipped -= 1
        if declarations + attack_lines + skipped != line_count:
            return None
    return Framework.from_arrays(names, pairs[0::2], pairs[1::2], index)


def _parse_apx_lines(text: str) -> Framework:
    names: list[str] = []
    index: dict[str, int] = {}
    attacks: list[tuple[int, str, str]] = []
    for number, line in _lines(text):
        if line.startswith("%"):
            continue
        # Attacks may come before the arguments they name, so they are resolved after the loop.
        found = _APX_ARG.fullmatch(line)
        if found:
            name = found.group(1)
            if name not in index:
                index[name] = len(names)
                names.append(name)
            continue
        found = _APX_ATT.fullmatch(line)
        if found:
            attacks.append((number, found.group(1), found.group(2)))
            continue
        raise FormatError(number, f"expected `arg(name).` or `att(name,name).`, found {_shorten(line)!r}")
    sources, targets = array(INDEX), array(INDEX)
    for number, attacker, target in attacks:
        sources.append(_resolve(index, attacker, number))
        targets.append(_resolve(index, target, number))
    return Framework.from_arrays(names, sources, targets, index)


def parse_tgf(text: str) -> Framework:
    text = _newlines(text)
    names: list[str] = []
    index: dict[str, int] = {}
    sources, targets = array(INDEX), array(INDEX)
    in_attacks = False
    for number, line in _lines(text):
        if line == "#":
            if in_attacks:
                raise FormatError(number, "a second `#` line; TGF has one, between arguments and attacks")
            in_attacks = True
            continue
        words = line.split()
        if not in_attacks:
            if len(words) != 1:
                raise FormatError(number, f"expected one argument name per line before `#`, found {_shorten(line)!r}")
            if words[0] not in index:
                index[words[0]] = len(names)
                names.append(words[0])
            continue
        if len(words) != 2:
            raise FormatError(number, f"expected an attack `attacker target`, found {_shorten(line)!r}")
        sources.append(_resolve(index, words[0], number))
        targets.append(_resolve(index, words[1], number))
    return Framework.from_arrays(names, sources, targets)


def parse_i23(text: str) -> Framework:
    text = _newlines(text)
    count: int | None = None
    sources, targets = array(INDEX), array(INDEX)
    for number, line in _lines(text):
        if line.startswith("#"):
            continue
        words = line.split()
        if count is None:
            if len(words) != 3 or words[:2] != ["p", "af"] or not words[2].isdecimal():
                raise FormatError(number, f"expected the header `p af N`, found {_shorten(line)!r}")
            # Measured before int(), which refuses more than 4,300 digits, leading zeros included.
            digits = words[2].lstrip("0") or "0"
            count = int(digits) if len(digits) <= 20 else MAX_ARGUMENTS + 1
            if count > MAX_ARGUMENTS:
                raise FormatError(
                    number, f"the header declares {count:,} arguments, more than this solver takes ({MAX_ARGUMENTS:,})"
                )
            continue
        if len(words) != 2 or not all(word.isdecimal() for word in words):
            raise FormatError(number, f"expected an attack `i j` (two argument numbers), found {_shorten(line)!r}")
        if len(line) > 40:  # a number too long for int() (4,300 digits) is out of range anyway
            for word in words:
                if len(word.lstrip("0")) > 20:
                    raise FormatError(number, f"argument {_shorten(word)} is outside 1..{count}")
        attacker, target = (int(word.lstrip("0") or "0") for word in words)
        for value in (attacker, target):
            if not 1 <= value <= count:
                raise FormatError(number, f"argument {value} is outside 1..{count}")
        sources.append(attacker - 1)
        targets.append(target - 1)
    if count is None:
        raise FormatError(1, "missing the header `p af N`")
    return Framework.from_arrays(NumberedNames(count), sources, targets, NumberedIndex(count))


PARSERS = {"apx": parse_apx, "tgf": parse_tgf, "i23": parse_i23}


def parse(text: str, fmt: str) -> Framework:
    """A framework from text in the format `fmt` (one of FORMATS)."""
    return PARSERS[fmt](text)


# --- writers --------------------------------------------------------------------------


def _writable(af: Framework, allowed: re.Pattern[str], fmt: str) -> None:
    for name in af.names:
        if not allowed.fullmatch(name):
            raise ValueError(f"argument name {name!r} cannot be written in {fmt}")


def write_apx(af: Framework) -> str:
    _writable(af, re.compile(r"[^\s(),]+"), "APX")
    names = af.names
    lines = [f"arg({name})." for name in names]
    lines += [f"att({names[a]},{names[b]})." for a, b in af.attacks()]
    return "".join(line + "\n" for line in lines)


def write_tgf(af: Framework) -> str:
    _writable(af, re.compile(r"(?!#$)\S+"), "TGF")
    names = af.names
    lines = [*names, "#", *(f"{names[a]} {names[b]}" for a, b in af.attacks())]
    return "".join(line + "\n" for line in lines)


def write_i23(af: Framework) -> str:
    """ICCMA'23: argument k (0-based) becomes k + 1; names are not kept."""
    lines = [f"p af {len(af)}", *(f"{a + 1} {b + 1}" for a, b in af.attacks())]
    return "".join(line + "\n" for line in lines)


WRITERS = {"apx": write_apx, "tgf": write_tgf, "i23": write_i23}


# --- answers -------------------------------------------------------------------------


def _set(af: Framework, extension: Sequence[int]) -> str:
    return "[" + ",".join(af.names[k] for k in extension) + "]"


def _witness(af: Framework, extension: Sequence[int]) -> str:
    return " ".join(["w", *(af.names[k] for k in extension)])


def render_answer(af: Framework, fmt: str, problem: Problem, answer: object) -> str:
    """An answer from `semantics.solve` as an ICCMA solver prints it (no final newline).

    APX and TGF follow ICCMA 2015-2021: `[a,b]`, `[[a,b],[c]]`, `YES`/`NO`.
    i23 follows ICCMA 2023: `w 1 2` per extension (EE: one line each, so none
    when there is none), `YES`/`NO`; SE prints `NO` when there is no extension.

    Names are given as they are: the command that prints them escapes control,
    bidi and invisible characters (causal.af_command), so that this package
    stays free of the rest of causal. APX and TGF answers are one line, so
    that escaping sees each whole; i23 names are numbers and need none.
    """
    if problem in (Problem.DC, Problem.DS):
        return "YES" if answer else "NO"
    if problem is Problem.SE:
        if answer is None:
            return "NO"
        return _witness(af, answer) if fmt == "i23" else _set(af, answer)  # type: ignore[arg-type]
    found: list[Extension] = answer  # type: ignore[assignment]
    if fmt == "i23":
        # One line per extension, so none for a framework without one.
        return "\n".join(_witness(af, extension) for extension in found)
    return "[" + ",".join(_set(af, extension) for extension in found) + "]"
