"""Reading and writing frameworks (APX, TGF, ICCMA'23) and printing answers as ICCMA solvers do.

APX (ASPARTIX):   `arg(a).` and `att(a,b).` facts (ASP syntax: any number on a line, white space
                  between tokens, `%` comments to the end of the line and `%* ... *%` block
                  comments); a name is a run of characters other than white space, `(`, `)`,
                  `,`, `"` and `%`, or a quoted string such as `"a b"`, which names the argument
                  `a b` (so `"a"` and `a` are one argument).
TGF:              one argument per line (its name, then an optional label), a line `#`, then
                  one `attacker target` per line.
ICCMA'23 (i23):   a header `p af N`, then `i j` lines (1-based indexes); `#` starts a comment line.
                  Argument k is named "k".

A malformed file raises `FormatError` with the 1-based line number; parsers never
raise anything else for bad input.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from itertools import chain, islice

from causal.argumentation.framework import INDEX, Framework, NumberedIndex, NumberedNames
from causal.argumentation.iccma_tasks import Problem
from causal.argumentation.labellings import Extension

FORMATS: tuple[str, ...] = ("apx", "tgf", "i23")

# A `p af N` header declares N arguments however short the file: an argument in
# no attack needs no line, so `p af 9999999` alone is a valid file of 17 bytes.
# Every declared argument costs memory and time (a few words each, and its name
# in an answer), so the header is checked against the file's length before
# anything is allocated for the arguments: a file may declare ARGUMENTS_FREE
# arguments plus one per character of its text (an attack line `i j` names two
# arguments in at least four characters, so every argument a file can name in
# an attack fits, twice over), and never more than MAX_ARGUMENTS, unless the
# caller gives its own limit (`causal af solve --max-arguments`).
ARGUMENTS_FREE = 1_000_000
MAX_ARGUMENTS = 10_000_000


def declared_arguments_limit(length: int) -> int:
    """How many arguments the header of an i23 text of ``length`` characters may declare by default."""
    return min(MAX_ARGUMENTS, ARGUMENTS_FREE + length)


class FormatError(ValueError):
    """A malformed framework file: `line` is 1-based (0 when the problem is the file as a whole)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"{line}: {message}")
        self.line = line
        self.message = message


class TooManyArguments(FormatError):
    """An i23 header that declares more arguments than the limit: ``declared`` (None when the number
    has more than 20 digits) and ``limit``."""

    def __init__(self, line: int, declared: int | None, limit: int, length: int | None) -> None:
        said = f"{declared:,} arguments" if declared is not None else "a number of arguments over 20 digits long"
        if length is None:
            message = f"the header declares {said}, over the limit of {limit:,}"
        else:
            message = (
                f"the header declares {said}, over the limit of {limit:,} for a file of {length:,} characters "
                f"({ARGUMENTS_FREE:,} plus one per character, at most {MAX_ARGUMENTS:,})"
            )
        super().__init__(line, message)
        self.declared = declared
        self.limit = limit


# An APX name as the fast readers take it: a bare name, which cannot hold what ends it or starts a
# comment or a string (names holding those are written quoted).
_BARE = r'[^\s(),"%]'
_NAME = rf"({_BARE}+)"


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
    # those take the fast path. Anything else (spaces, several facts on a line,
    # comments after a fact, quoted names, a malformed fact, an undeclared
    # argument) is read fact by fact, which also names the bad line. A block
    # comment can hide lines that look like facts, so it sends the file there too.
    framework = None
    if "%*" not in text:
        framework = _parse_apx_blocks(text)
        if framework is None:
            framework = _parse_apx_plain(text)
    return framework if framework is not None else _parse_apx_facts(text)


# One fact per line, written without spaces: what `_parse_apx_plain` takes.
_APX_PLAIN_ARG = re.compile(rf"^arg\({_NAME}\)\.\r?$", re.MULTILINE)
_APX_PLAIN_ATT = re.compile(rf"^att\({_NAME},{_NAME}\)\.\r?$", re.MULTILINE)
# Lines the fact-by-fact reader skips whole: blank ones and `%` comments.
_APX_SKIPPED = re.compile(r"^[^\S\n]*(?:%[^\n]*)?$", re.MULTILINE)
# The attacks are matched a slice of about this many characters at a time, so
# the matched names of only one slice are alive at once.
_SLICE = 1 << 20


# The layout programs write: every `arg(a).` line, then every `att(a,b).` line, each ending in "\n".
_APX_ARG_BLOCK = re.compile(rf"(?:arg\({_BARE}+\)\.\n)*+")
_APX_ATT_BLOCK = re.compile(rf"(?:att\({_BARE}+,{_BARE}+\)\.\n)*+")


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
            return None  # an undeclared argument: the fact-by-fact reader reports it
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
            return None  # an undeclared argument: the fact-by-fact reader reports it
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


# What may stand between two tokens of a fact: white space, `%` line comments and `%* ... *%`
# block comments (possessive, so that nothing inside a comment is ever read as a fact).
_APX_GAP = r"(?:\s|%\*[\s\S]*?\*%|%(?!\*)[^\n]*+)*+"
# A name: a quoted string (with the escapes \" \\ \n) or a bare name.
_APX_TERM = rf'"(?:[^"\\\n]|\\.)*+"|{_BARE}++'
_APX_FACT = re.compile(
    rf"{_APX_GAP}(arg|att){_APX_GAP}\({_APX_GAP}({_APX_TERM}){_APX_GAP}(?:,{_APX_GAP}({_APX_TERM}){_APX_GAP})?\)"
    rf"{_APX_GAP}\."
)
_APX_SKIP = re.compile(_APX_GAP)
_APX_BARE_NAME = re.compile(f"{_BARE}+")
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
_UNESCAPES = {"n": "\n"}


def _unquoted(term: str) -> str:
    """The name an APX term stands for: a quoted string's content, unescaped; a bare name as it is."""
    if not term.startswith('"'):
        return term
    return _ESCAPED.sub(lambda found: _UNESCAPES.get(found.group(1), found.group(1)), term[1:-1])


def quoted(name: str) -> str:
    """`name` as an ASP string: in quotes, with `\\`, `"` and line ends escaped."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _apx_complaint(text: str, position: int) -> FormatError:
    """The error for a fact that does not parse at ``position`` (after any white space and comments)."""
    if text.startswith("%*", position):
        return FormatError(_line_at(text, position), "a block comment `%*` is never closed by `*%`")
    end = text.find("\n", position)
    fragment = text[position : len(text) if end < 0 else end].strip()
    message = f"expected `arg(name).` or `att(name,name).`, found {_shorten(fragment)!r}"
    if any(mark in fragment for mark in '%"'):
        message += '; a name holding `%` or `"` is written quoted, as "50%"'
    return FormatError(_line_at(text, position), message)


def _parse_apx_facts(text: str) -> Framework:
    """Any APX text, fact by fact: facts may share a line, span lines, and have comments between them."""
    names: list[str] = []
    index: dict[str, int] = {}
    attacks: list[tuple[int, str, str]] = []
    position = 0
    match = _APX_FACT.match
    while (found := match(text, position)) is not None:
        kind, first, second = found.group(1, 2, 3)
        if (kind == "arg") != (second is None):
            start = found.start(1)
            raise FormatError(
                _line_at(text, start),
                f"expected `arg(name).` or `att(name,name).`, found {_shorten(text[start : found.end()])!r}",
            )
        first = _unquoted(first)
        if second is None:
            if first not in index:
                index[first] = len(names)
                names.append(first)
        else:
            # Attacks may come before the arguments they name, so they are resolved after the loop.
            attacks.append((found.start(1), first, _unquoted(second)))
        position = found.end()
    position = _APX_SKIP.match(text, position).end()
    if position < len(text):
        raise _apx_complaint(text, position)
    sources, targets = array(INDEX), array(INDEX)
    for start, attacker, target in attacks:
        for name in (attacker, target):
            if name not in index:
                raise FormatError(_line_at(text, start), f"attack names the undeclared argument {name!r}")
        sources.append(index[attacker])
        targets.append(index[target])
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
        if not in_attacks:
            # A node line is the argument's name, then an optional label, which is not kept.
            name = line.split(maxsplit=1)[0]
            if name not in index:
                index[name] = len(names)
                names.append(name)
            continue
        words = line.split()
        if len(words) != 2:
            raise FormatError(number, f"expected an attack `attacker target`, found {_shorten(line)!r}")
        sources.append(_resolve(index, words[0], number))
        targets.append(_resolve(index, words[1], number))
    return Framework.from_arrays(names, sources, targets)


def parse_i23(text: str, max_arguments: int | None = None) -> Framework:
    """An ICCMA'23 framework; a header declaring more than ``max_arguments`` (by default
    `declared_arguments_limit` of the text's length) is a TooManyArguments error."""
    length = None if max_arguments is not None else len(text)
    limit = max_arguments if max_arguments is not None else declared_arguments_limit(len(text))
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
            count = int(digits) if len(digits) <= 20 else None
            if count is None or count > limit:
                raise TooManyArguments(number, count, limit, length)
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


def parse(text: str, fmt: str, *, max_arguments: int | None = None) -> Framework:
    """A framework from text in the format `fmt` (one of FORMATS); ``max_arguments`` bounds what an
    i23 header may declare (see `parse_i23`)."""
    if fmt == "i23":
        return parse_i23(text, max_arguments)
    return PARSERS[fmt](text)


# The first line that is neither blank nor a `#` comment (lines may end in "\n" or "\r").
_FIRST_LINE = re.compile(r"(?:\A|[\r\n])[^\S\r\n]*([^\s#][^\r\n]*)")
_I23_HEADER = re.compile(r"p\s+af(?:\s|$)")
# Sniffing reads the text before its line ends are made "\n": a comment ends at either.
_APX_START = re.compile(r"(?:\s|%\*[\s\S]*?\*%|%(?!\*)[^\r\n]*+)*+(?:arg|att)\s*\(")
_TGF_HASH = re.compile(r"(?:\A|[\r\n])[^\S\r\n]*#[^\S\r\n]*(?:[\r\n]|\Z)")


def has_i23_header(text: str) -> bool:
    """Is the text's first line, after blank lines and `#` comments, a `p af` header?"""
    first = _FIRST_LINE.search(text)
    return first is not None and _I23_HEADER.match(first.group(1)) is not None


def sniff(text: str) -> str | None:
    """The format the text is written in, when its content says so: "i23" for a `p af` header as its
    first line (after `#` comments), "apx" for an `arg(` or `att(` fact first (after `%` comments),
    "tgf" for a file with a line `#` alone; None otherwise."""
    if has_i23_header(text):
        return "i23"
    if _APX_START.match(text):
        return "apx"
    if _TGF_HASH.search(text):
        return "tgf"
    return None


def find_argument(af: Framework, fmt: str, query: str) -> int:
    """The argument a DC or DS task asks about; KeyError when the framework has none such.

    For i23 the query is a number, read as one (`01` is argument 1, as ICCMA 2023 passes a
    positive integer); otherwise it is the name, as the file spells it or as an answer shows it
    (quoted, as an APX string).
    """
    if fmt == "i23":
        digits = query.strip()
        if digits.isascii() and digits.isdigit():
            digits = digits.lstrip("0")
            # Measured before int(), which refuses more than 4,300 digits.
            if digits and len(digits) <= 20 and int(digits) <= len(af):
                return int(digits) - 1
        raise KeyError(query)
    try:
        return af.index(query)
    except KeyError:
        if len(query) >= 2 and query[0] == query[-1] == '"':
            return af.index(_unquoted(query))
        raise


# --- writers --------------------------------------------------------------------------


def _writable(af: Framework, allowed: re.Pattern[str], fmt: str) -> None:
    for name in af.names:
        if not allowed.fullmatch(name):
            raise ValueError(f"argument name {name!r} cannot be written in {fmt}")


def write_apx(af: Framework) -> str:
    """Any names: one that a bare APX name cannot hold is written as a quoted string."""
    names = [name if _APX_BARE_NAME.fullmatch(name) else quoted(name) for name in af.names]
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


# What would make an answer `[a,b]` or `[[a,b],[c]]` ambiguous, were a name holding it shown bare.
_AMBIGUOUS = re.compile(r'[\s,\[\]"]')


def shown(name: str) -> str:
    """A name as an APX or TGF answer shows it: as it is, or quoted (`quoted`) when it is empty
    or holds white space, `,`, `[`, `]` or `"`, so that every answer reads back one way."""
    return quoted(name) if not name or _AMBIGUOUS.search(name) else name


# How many names `_joined` joins at a time.
_JOINED_AT_ONCE = 4096


def _joined(separator: str, words) -> str:
    """``separator.join(words)``, a slice of the words at a time: `str.join` makes a list of every word
    first, and an answer of a million names would hold a million name strings besides itself."""
    words = iter(words)
    pieces = []
    while piece := list(islice(words, _JOINED_AT_ONCE)):
        pieces.append(separator.join(piece))
    return separator.join(pieces)


def _set(af: Framework, extension: Sequence[int]) -> str:
    names = af.names
    return "[" + _joined(",", (shown(names[k]) for k in extension)) + "]"


def _witness(af: Framework, extension: Sequence[int]) -> str:
    names = af.names
    return _joined(" ", chain(["w"], (names[k] for k in extension)))


def render_answer(
    af: Framework, fmt: str, problem: Problem, answer: object, certificate: Sequence[int] | None = None
) -> str:
    """An answer from `semantics.solve` as an ICCMA solver prints it (no final newline).

    APX and TGF follow ICCMA 2015-2021: `[a,b]`, `[[a,b],[c]]`, `YES`/`NO`.
    i23 follows ICCMA 2023: `w 1 2` per extension (EE: one line each, so none
    when there is none), `YES`/`NO`; SE prints `NO` when there is no extension.
    A DC or DS answer in i23 is followed by its `certificate` (from
    `certificates.witness`) as a line `w ...`: an extension holding the
    argument after DC's `YES`, one without it after DS's `NO`.

    Names are given as they are, but for those `shown` quotes: the command that
    prints them escapes control, bidi and invisible characters
    (causal.cli.af), so that this package stays free of the rest of
    causal. APX and TGF answers are one line, so that escaping sees each
    whole; i23 names are numbers and need none.
    """
    if problem in (Problem.DC, Problem.DS):
        verdict = "YES" if answer else "NO"
        if fmt == "i23" and certificate is not None:
            return verdict + "\n" + _witness(af, certificate)
        return verdict
    if problem is Problem.SE:
        if answer is None:
            return "NO"
        return _witness(af, answer) if fmt == "i23" else _set(af, answer)  # type: ignore[arg-type]
    found: list[Extension] = answer  # type: ignore[assignment]
    if fmt == "i23":
        # One line per extension, so none for a framework without one.
        return "\n".join(_witness(af, extension) for extension in found)
    return "[" + ",".join(_set(af, extension) for extension in found) + "]"
