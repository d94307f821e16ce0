"""A mutation fuzzer for every `causal` command: seeds, mutators, commands and the oracle that judges a run.

The seeds are the example cases (cases/, docs/examples/, tests/data/) with the
documents beside them, a `[tool.causal]` table, and the sample frameworks.
Hypothesis draws a seed and a list of mutations (byte flips, multi-byte and
control characters, token deletions and duplications, statement shuffles,
duplications and splices between two seeds, line-end changes, very long
numbers), writes the result to a folder and runs one command on it. Because
the mutations are drawn data, Hypothesis shrinks a failure to a short list of
them on a small seed.

A run fails (see `judge`) on the last-resort handler's "internal error", a
Python traceback, an exception out of the command, an exit status outside
0, 1 and 2, invalid JSON where JSON was asked for, output over a bound
proportional to the input, or a run over `RUN_SECONDS`. tests/test_fuzz.py
runs it; tests/data/fuzz-regressions/ keeps every input that ever failed.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import attrs
from click.testing import CliRunner
from hypothesis import strategies as st

from causal.cli.commands import cli
from causal.rules.registry import RULES
from tests.conftest import ROOT, TESTS

REGRESSIONS = TESTS / "data" / "fuzz-regressions"
CASE_SUFFIX = ".cx"
AF_SUFFIXES = (".apx", ".tgf", ".i23")

# Inputs are kept small: the point is odd input, not big input (bench/ covers size).
MAX_INPUT_BYTES = 256 * 1024
# Output may be this much larger than the input, plus a constant: a report has a
# few hundred bytes per finding, and a finding needs a few bytes of input.
OUTPUT_PER_INPUT_BYTE = 100
OUTPUT_CONSTANT = 64 * 1024
# A run of one command on one small input that takes longer than this is a hang.
RUN_SECONDS = 30

# Frameworks for `af solve`: complete, preferred and stable tasks are exponential on
# the search engine, and every-extension answers are exponential in size whatever the
# engine; keep those tasks to frameworks small enough to stay quick.
HARD_TASK_ARGUMENTS = {"sat": 300, "search": 30}
ENUMERATION_ARGUMENTS = 12
# `p af N` headers over this many arguments are left to the reading limits' own tests.
DECLARED_ARGUMENTS = 100_000

INTERNAL_ERROR_WORDS = ("internal error", "This is a bug in causal", "Traceback (most recent call last)")


# --- seeds ------------------------------------------------------------------------


@attrs.frozen
class Seed:
    """One file to mutate, with the files that must lie beside it (documents, by their relative path)."""

    name: str
    data: bytes
    beside: tuple[tuple[str, bytes], ...] = ()


def _documents_beside(case: Path) -> tuple[tuple[str, bytes], ...]:
    """Every small non-case file in the case's folder and below it: the documents its sources may name."""
    folder = case.parent
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix != CASE_SUFFIX and path.stat().st_size <= 1024 * 1024:
            found.append((path.relative_to(folder).as_posix(), path.read_bytes()))
    return tuple(found)


def _case_paths() -> list[Path]:
    return [
        *sorted((ROOT / "cases").glob("*.cx")),
        *sorted((ROOT / "docs" / "examples").rglob("*.cx")),
        *sorted(path for path in (TESTS / "data").rglob("*.cx") if REGRESSIONS not in path.parents),
    ]


@cache
def case_seeds() -> tuple[Seed, ...]:
    return tuple(
        Seed(path.relative_to(ROOT).as_posix(), path.read_bytes(), _documents_beside(path)) for path in _case_paths()
    )


# Every key [tool.causal] takes (docs/language.md, "Settings").
PYPROJECT_SEED = b"""\
[project]
name = "a-case"

[tool.causal]
semantics = "preferred"        # grounded | complete | preferred | stable
acceptance = "sceptical"
preferences = "strength"
low-confidence = 0.4
assumed-confidence = 0.3
undecided-weight = 0.5
weak-reliability = "D"
weak-credibility = 4

[tool.causal.grade-confidence]
B2 = 0.75
"A1" = 0.9
"""


@cache
def framework_seeds() -> tuple[Seed, ...]:
    """The sample frameworks, and the frameworks of the example cases in every format `causal export` writes."""
    from causal.argumentation import FORMATS

    samples = sorted((TESTS / "data" / "af").iterdir())
    seeds = [Seed(path.relative_to(ROOT).as_posix(), path.read_bytes()) for path in samples]
    for seed in case_seeds():
        for fmt in FORMATS:
            written = exported(seed.data, fmt)
            if written is not None and 0 < written.count(b"\n") <= 2 * HARD_TASK_ARGUMENTS["search"]:
                seeds.append(Seed(f"{Path(seed.name).stem}.{fmt}", written))
    return tuple(seeds)


def exported(case: bytes, fmt: str) -> bytes | None:
    """The framework of a case as `causal export` writes it (i23 too), or None when it has none."""
    from causal.analysis.labels import full_framework
    from causal.argumentation import WRITERS
    from causal.pipeline import check_text

    try:
        text = case.decode("utf-8")
    except UnicodeDecodeError:
        return None
    with time_limit(RUN_SECONDS):
        report = check_text(text, path="case.cx")
    if report.model is None or report.analysis is None:
        return None
    try:
        return WRITERS[fmt](full_framework(report.analysis)).encode("utf-8")
    except ValueError:  # a name this format cannot hold
        return None


# --- mutators ----------------------------------------------------------------------
# Each mutation is drawn data: a kind and a few numbers, applied modulo the size of
# what it mutates, so that any list of them applies to any text and shrinks well.

# Bytes and characters that tend to matter: multi-byte UTF-8 (and pieces of it),
# control characters, NUL, bidi overrides, line and paragraph separators,
# combining marks, look-alikes, and the language's own punctuation and escapes.
PIECES: tuple[bytes, ...] = tuple(
    piece if isinstance(piece, bytes) else piece.encode("utf-8")
    for piece in (
        b"\x00", b"\x1b", b"\x7f", b"\x80", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98", b"\xff", b"\xfe", b"\xed\xa0\x80",
        "\r", "\r\n", "\n", "\t", "\f", "\v", "\x1b]0;x\x07", "\x1b[31m", "\u202e", "\u2066", "\u2028", "\u2029",
        "\u0085", "\ufeff", "\u200b", "\u200d", "\u00a0", "\u0301", "u\u0304", "\u0430", "\uff41", "\u00aa", "\u00b2",
        "\u0661", "é", "漢", "\U0001f600", "\U0010ffff", '"', "\\", '\\"', "\\u{41}", "\\u{110000}", "\\u{d800}",
        "\\u{" + "0" * 40 + "41}", "\\x", "#", "->", ",", "..", ":", "-", "&", ".", "(", ")", "%", "%%", " ", "  ",
        "0", "00", "-1", "1.5", "..2024", "2024-02-30", "0000-00-00", "9999-12-31", "%%{init: {}}%%", "</svg>",
        "arg(", "att(", "p af ", "p af 3\n", "1 2\n", "#\n",
    )
)
# Lengths of numbers around the limits that matter: machine words, floats, and
# Python's 4,300-digit limit on int-to-string conversions.
NUMBER_LENGTHS = (1, 2, 4, 5, 10, 19, 20, 39, 309, 310, 400, 4300, 4301, 5000)

_TOKEN = re.compile(
    r'"(?:[^"\\\n\r]|\\[^\n\r])*"'  # a string
    r"|#[^\n]*"  # a comment
    r"|[ \t\f]+|\r\n|[\r\n]"  # spaces and line ends
    r"|->|\.\."
    r"|\d+(?:[.\-]\d+)*"  # numbers, decimals and dates
    r"|[^\W\d]\w*(?:-(?!>)\w+)*"  # names and keywords
    r"|.",
    re.DOTALL,
)
_NUMBER = re.compile(r"\d+(?:[.\-]\d+)*")
_SPACE = re.compile(r"\s+")


def tokens(text: str) -> list[str]:
    """The text cut into tokens that join back into it: a simple lexer that never fails, unlike the grammar's."""
    return _TOKEN.findall(text)


def statements(text: str) -> list[str]:
    """The text cut into statements that join back into it: a statement starts on a line that starts unindented."""
    groups: list[str] = []
    for line in text.splitlines(keepends=True):
        if not groups or (line[:1] not in (" ", "\t") and line.strip()):
            groups.append(line)
        else:
            groups[-1] += line
    return groups


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _data(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _significant(pieces: Sequence[str]) -> list[int]:
    return [index for index, piece in enumerate(pieces) if not _SPACE.fullmatch(piece)]


def _long_number(length: int, style: int) -> str:
    digits = "9" * length
    return (digits, "0" * length + "1", "1." + "0" * length, digits + ".5", f"{digits}-01-01", "-" + digits)[style % 6]


def _pick(items: Sequence, number: int):
    return items[number % len(items)]


def _shuffled(items: list[str], seed: int) -> list[str]:
    import random

    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    return shuffled


@attrs.frozen
class Mutation:
    """One edit: `kind` and up to three numbers (positions and choices, taken modulo what they index)."""

    kind: str
    a: int = 0
    b: int = 0
    c: int = 0

    def apply(self, data: bytes, donors: Sequence[Seed]) -> bytes:
        return MUTATORS[self.kind](data, self.a, self.b, self.c, donors)


def _flip_bit(data: bytes, a: int, b: int, c: int, donors) -> bytes:
    if not data:
        return data
    position = a % len(data)
    return data[:position] + bytes([data[position] ^ (1 << (b % 8))]) + data[position + 1 :]


def _set_byte(data: bytes, a: int, b: int, c: int, donors) -> bytes:
    if not data:
        return bytes([b % 256])
    position = a % len(data)
    return data[:position] + bytes([b % 256]) + data[position + 1 :]


def _insert_piece(data: bytes, a: int, b: int, c: int, donors) -> bytes:
    # Anywhere, including inside a multi-byte character.
    position = a % (len(data) + 1)
    return data[:position] + _pick(PIECES, b) * (1 + c % 3) + data[position:]


def _delete_bytes(data: bytes, a: int, b: int, c: int, donors) -> bytes:
    if not data:
        return data
    position = a % len(data)
    return data[:position] + data[position + 1 + b % 16 :]


def _truncate(data: bytes, a: int, b: int, c: int, donors) -> bytes:
    return data[: a % (len(data) + 1)]


def _token_edit(edit: Callable[[list[str], int, int], list[str]]):
    def mutate(data: bytes, a: int, b: int, c: int, donors) -> bytes:
        pieces = tokens(_text(data))
        significant = _significant(pieces)
        if not significant:
            return data
        return _data("".join(edit(pieces, _pick(significant, a), b)))

    return mutate


def _delete_token(pieces: list[str], index: int, b: int) -> list[str]:
    return pieces[:index] + pieces[index + 1 :]


def _duplicate_token(pieces: list[str], index: int, b: int) -> list[str]:
    copies = 1 + b % 3
    return pieces[: index + 1] + ([" ", pieces[index]] if b % 2 else [pieces[index]]) * copies + pieces[index + 1 :]


def _replace_token(pieces: list[str], index: int, b: int) -> list[str]:
    others = [piece for piece in pieces if not _SPACE.fullmatch(piece)]
    return pieces[:index] + [_pick(others, b)] + pieces[index + 1 :]


def _swap_tokens(pieces: list[str], index: int, b: int) -> list[str]:
    significant = _significant(pieces)
    other = _pick(significant, b)
    swapped = list(pieces)
    swapped[index], swapped[other] = swapped[other], swapped[index]
    return swapped


# New names for a renamed name: keywords, look-alikes (Cyrillic, fullwidth, a combining
# mark, a compatibility character), a very long name, and names the grammar never reads.
RENAMES = (
    "event", "link", "a-b", "_", "\u0430", "\uff41\uff42", "Su\u0304ley", "S\u016bley", "\u00aa", "x\u00b2", "\u2160",
    "n" * 5000, "\u202ename", "a\u200db", "1abc", "a->b", "a b", '"a"',
)
_NAME_TOKEN = re.compile(r"[^\W\d]\w*(?:-(?!>)\w+)*")


def _rename(data: bytes, a: int, b: int, c: int, donors) -> bytes:
    """One name, everywhere it occurs, becomes another name of the case (merging the two) or an odd one."""
    pieces = tokens(_text(data))
    names = sorted({piece for piece in pieces if _NAME_TOKEN.fullmatch(piece)})
    if not names:
        return data
    old = _pick(names, a)
    new = _pick(names, b) if c % 2 else _pick(RENAMES, b)
    return _data("".join(new if piece == old else piece for piece in pieces))


def _inflate_number(data: bytes, a: int, b: int, c: int, donors) -> bytes:
    text = _text(data)
    number = _long_number(_pick(NUMBER_LENGTHS, b), c)
    found = list(_NUMBER.finditer(text))
    if not found:
        position = a % (len(text) + 1)
        return _data(text[:position] + " " + number + " " + text[position:])
    match = _pick(found, a)
    return _data(text[: match.start()] + number + text[match.end() :])


def _statement_edit(edit: Callable[[list[str], int, int, int, Sequence[Seed]], list[str]]):
    def mutate(data: bytes, a: int, b: int, c: int, donors) -> bytes:
        parts = statements(_text(data))
        if parts and not parts[-1].endswith(("\n", "\r")):
            parts[-1] += "\n"
        return _data("".join(edit(parts, a, b, c, donors)))

    return mutate


def _shuffle_statements(parts: list[str], a, b, c, donors) -> list[str]:
    return _shuffled(parts, a)


def _move_statement(parts: list[str], a, b, c, donors) -> list[str]:
    if not parts:
        return parts
    moved = parts.pop(a % len(parts))
    parts.insert(b % (len(parts) + 1), moved)
    return parts


def _duplicate_statement(parts: list[str], a, b, c, donors) -> list[str]:
    if not parts:
        return parts
    copy = parts[a % len(parts)]
    return parts[: b % (len(parts) + 1)] + [copy] * (1 + c % 3) + parts[b % (len(parts) + 1) :]


def _delete_statement(parts: list[str], a, b, c, donors) -> list[str]:
    if not parts:
        return parts
    index = a % len(parts)
    return parts[:index] + parts[index + 1 + b % 3 :]


def _splice_statement(parts: list[str], a, b, c, donors) -> list[str]:
    """A statement of another seed, put among this one's."""
    donor = statements(_text(_pick(donors, a).data))
    if not donor:
        return parts
    piece = _pick(donor, b)
    if not piece.endswith(("\n", "\r")):
        piece += "\n"
    position = c % (len(parts) + 1)
    return parts[:position] + [piece] + parts[position:]


def _splice_halves(parts: list[str], a, b, c, donors) -> list[str]:
    """The first part of this seed and the last part of another."""
    donor = statements(_text(_pick(donors, a).data))
    return parts[: b % (len(parts) + 1)] + donor[c % (len(donor) + 1) :]


def _line_ends(data: bytes, a: int, b: int, c: int, donors) -> bytes:
    style = a % 7
    if style == 0:
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if style == 1:
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    if style == 2:  # mixed: every other line end a lone CR
        lines = data.split(b"\n")
        return b"".join(line + (b"\r" if index % 2 else b"\n") for index, line in enumerate(lines[:-1])) + lines[-1]
    if style == 3:
        return data.rstrip(b"\r\n")
    if style == 4:
        return b"\xef\xbb\xbf" + data
    if style == 5:  # indentation by tabs, and trailing spaces
        return data.replace(b"\n  ", b"\n\t").replace(b"\n", b" \t\n")
    return data.replace(b"\n", b"\n\n")


MUTATORS: dict[str, Callable[[bytes, int, int, int, Sequence[Seed]], bytes]] = {
    "flip-bit": _flip_bit,
    "set-byte": _set_byte,
    "insert-piece": _insert_piece,
    "delete-bytes": _delete_bytes,
    "truncate": _truncate,
    "delete-token": _token_edit(_delete_token),
    "duplicate-token": _token_edit(_duplicate_token),
    "replace-token": _token_edit(_replace_token),
    "swap-tokens": _token_edit(_swap_tokens),
    "inflate-number": _inflate_number,
    "rename": _rename,
    "shuffle-statements": _statement_edit(_shuffle_statements),
    "move-statement": _statement_edit(_move_statement),
    "duplicate-statement": _statement_edit(_duplicate_statement),
    "delete-statement": _statement_edit(_delete_statement),
    "splice-statement": _statement_edit(_splice_statement),
    "splice-halves": _statement_edit(_splice_halves),
    "line-ends": _line_ends,
}
# Byte flips seldom get past the reader (a case is UTF-8 without NULs) and most token
# edits stop at the parser; statement edits keep a case readable, so they reach the rules.
_STATEMENT_KINDS = (
    "shuffle-statements", "move-statement", "duplicate-statement", "delete-statement", "splice-statement"
)
_BYTE_KINDS = ("flip-bit", "set-byte", "delete-bytes", "truncate", "line-ends", "splice-halves")
_WEIGHTED_KINDS = [
    kind for kind in MUTATORS for _ in range(3 if kind in _STATEMENT_KINDS else 1 if kind in _BYTE_KINDS else 2)
]


def mutate(data: bytes, mutations: Sequence[Mutation], donors: Sequence[Seed]) -> bytes:
    for mutation in mutations:
        data = mutation.apply(data, donors)[:MAX_INPUT_BYTES]
    return data


_numbers = st.integers(min_value=0, max_value=2**16)
mutations_strategy = st.builds(Mutation, st.sampled_from(_WEIGHTED_KINDS), _numbers, _numbers, _numbers)


def mutation_lists(max_size: int = 6):
    return st.lists(mutations_strategy, min_size=1, max_size=max_size)


# --- inputs ------------------------------------------------------------------------


@attrs.frozen
class Files:
    """The files of one run: the main file's name and every file by its path relative to the run's folder."""

    main: str
    contents: tuple[tuple[str, bytes], ...]

    @property
    def size(self) -> int:
        return sum(len(data) for _, data in self.contents)

    @property
    def main_data(self) -> bytes:
        return dict(self.contents)[self.main]

    def write(self, folder: Path) -> Path:
        for name, data in self.contents:
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return folder / self.main

    def describe(self) -> str:
        return "\n".join(f"--- {name} ({len(data)} bytes)\n{data[:2000]!r}" for name, data in self.contents)


@st.composite
def mutated_cases(draw, max_mutations: int = 4) -> Files:
    """A mutated example case with its documents; sometimes a mutated document, sometimes a `[tool.causal]`."""
    seeds = case_seeds()
    seed = draw(st.sampled_from(seeds))
    main = Path(seed.name).name
    files = dict(seed.beside)
    files[main] = mutate(seed.data, draw(mutation_lists(max_mutations)), seeds)
    if seed.beside and draw(st.integers(0, 3)) == 0:
        document = draw(st.sampled_from(sorted(name for name, _ in seed.beside)))
        files[document] = mutate(files[document], draw(mutation_lists(3)), seeds)
    if draw(st.integers(0, 5)) == 0:
        pyproject = [Seed("pyproject.toml", PYPROJECT_SEED)]
        files["pyproject.toml"] = mutate(PYPROJECT_SEED, draw(mutation_lists(4)), pyproject)
    return Files(main, tuple(sorted(files.items())))


@st.composite
def mutated_frameworks(draw, max_mutations: int = 4) -> Files:
    """A sample framework, or the framework of a mutated case in one of the formats; mutated itself half the time."""
    seeds = framework_seeds()
    seed = draw(st.sampled_from(seeds))
    if draw(st.booleans()):
        case = draw(st.sampled_from(case_seeds()))
        fmt = draw(st.sampled_from(("apx", "tgf", "i23")))
        written = exported(mutate(case.data, draw(mutation_lists(3)), case_seeds()), fmt)
        if written is not None:
            seed = Seed(f"{Path(case.name).stem}.{fmt}", written)
    data = seed.data
    if draw(st.booleans()):
        data = mutate(data, draw(mutation_lists(max_mutations)), seeds)
    return Files(Path(seed.name).name, ((Path(seed.name).name, data),))


# --- commands ----------------------------------------------------------------------


@attrs.frozen
class Run:
    """One command to run: its arguments, its standard input, whether it must print JSON, and how much it read."""

    args: tuple[str, ...]
    input_size: int
    stdin: bytes | None = None
    # JSON was asked for: stdout, when not empty, must be JSON; with `json_on` exit statuses it must not be empty.
    wants_json: bool = False
    json_on: tuple[int, ...] = (0,)
    wants_json_lines: bool = False  # every line of stdout must be JSON
    output_allowance: int = 0  # output a correct answer may need beyond the proportional bound

    @property
    def bound(self) -> int:
        return OUTPUT_CONSTANT + OUTPUT_PER_INPUT_BYTE * self.input_size + self.output_allowance


CASE_COMMANDS = (
    "check",
    "check-json",
    "check-json-v1",
    "check-options",
    "check-folder",
    "check-stdin",
    "check-ci",
    "graph-dot",
    "graph-mermaid",
    "graph-svg",
    "explain",
    "export-apx",
    "export-tgf",
    "ach",
    "ach-json",
    "report",
    "fmt",
    "fmt-check-diff",
    "fmt-stdin",
)
SEMANTICS = ("grounded", "complete", "preferred", "stable")
CI_FORMATS = ("concise", "jsonl", "sarif", "github")
SARIF_RULES_ALLOWANCE = 512 * 1024
REPORT_ALLOWANCE = 512 * 1024


def case_run(command: str, files: Files, folder: Path, choice: int = 0, item: str = "") -> Run:
    """The run of ``command`` on ``files``, written in ``folder``; ``choice`` picks among its options."""
    path = str(files.write(folder))
    size = files.size
    if command == "check":
        return Run(("check", "--color", "never", path), size)
    if command == "check-json":
        return Run(("check", "--format", "json", path), size, wants_json=True, json_on=(0, 1))
    if command == "check-json-v1":
        return Run(("check", "--format", "json", "--json-version", "1", path), size, wants_json=True, json_on=(0, 1))
    if command == "check-options":
        semantics = _pick(SEMANTICS, choice)
        acceptance = ("sceptical", "credulous")[choice // 4 % 2]
        preferences = ("strength", "none")[choice // 8 % 2]
        fail_on = ("error", "warning", "info")[choice // 16 % 3]
        options = ["--semantics", semantics, "--acceptance", acceptance, "--preferences", preferences]
        colour = ["--color", "always"] if choice // 48 % 2 else []
        selection = ["--ignore", _pick(RULES, choice).name] if choice // 96 % 2 else []
        limit = ["--time-limit", "0.001"] if choice // 192 % 2 else []  # the fallback to grounded labels
        return Run(("check", "--fail-on", fail_on, *options, *colour, *selection, *limit, path), size)
    if command == "check-folder":
        return Run(("check", str(folder)), size)
    if command == "check-stdin":
        return Run(("check", "-"), size, stdin=files.main_data)
    if command == "check-ci":
        output_format = _pick(CI_FORMATS, choice)
        # A SARIF log carries every rule's documentation whatever the input.
        allowance = SARIF_RULES_ALLOWANCE if output_format == "sarif" else 0
        return Run(
            ("check", "--format", output_format, path),
            size,
            wants_json=output_format == "sarif",
            json_on=(0, 1),
            wants_json_lines=output_format == "jsonl",
            output_allowance=allowance,
        )
    if command.startswith("graph-"):
        return Run(("graph", "--format", command.removeprefix("graph-"), path), size)
    if command == "explain":
        return Run(("explain", path, item), size + len(item))
    if command.startswith("export-"):
        return Run(("export", "--format", command.removeprefix("export-"), path), size)
    if command == "ach":
        return Run(("ach", path), size)
    if command == "ach-json":
        return Run(("ach", "--format", "json", path), size, wants_json=True)
    if command == "report":
        # The page's style sheet and script, and its explain trees (each cut at a fixed size), on top.
        return Run(("report", path, "-o", "-"), size, output_allowance=REPORT_ALLOWANCE)
    if command == "fmt":
        return Run(("fmt", path), size)
    if command == "fmt-check-diff":
        return Run(("fmt", "--check", "--diff", path), size)
    if command == "fmt-stdin":
        return Run(("fmt", "-"), size, stdin=files.main_data)
    raise ValueError(command)


def item_ids(data: bytes) -> list[str]:
    """What `causal explain` may be asked about: the case's names, its unlabelled links, and oddities."""
    pieces = tokens(_text(data))
    names = [piece for piece in pieces if re.fullmatch(r"[^\W\d]\w*(?:-\w+)*", piece)]
    links = [f"{first}->{second}" for first, second in zip(names, names[1:])][:50]
    return [*names[:200], *links, "", " ", "a&b->c", "->", "&", "\x1b[2J", "x" * 5000]


def rule_names() -> list[str]:
    return [name for rule in RULES for name in (rule.name, rule.code)]


# `af solve`: which tasks a framework of n arguments may be given.
GROUNDED_TASKS = ("SE-GR", "EE-GR", "DC-GR", "DS-GR", "SE-CO", "DS-CO")
HARD_TASKS = ("SE-PR", "SE-ST", "DC-CO", "DC-PR", "DS-PR", "DC-ST", "DS-ST")
ENUMERATION_TASKS = ("EE-CO", "EE-PR", "EE-ST")


def declared_arguments(data: bytes) -> int:
    """An upper bound on the number of arguments of a framework file, without building it."""
    header = re.search(rb"^\s*p\s+af\s+(\d{1,30})", data, flags=re.MULTILINE)
    declared = int(header.group(1)) if header else 0
    return max(declared, data.count(b"\n") + 1)


def argument_count(data: bytes, fmt: str) -> int | None:
    """The number of arguments of a framework file, or None when the file does not read."""
    from causal import argumentation

    try:
        return len(argumentation.parse(data.decode("utf-8"), fmt).names)
    except Exception:  # noqa: BLE001 - a bug in the reader: the run of `af solve` will show it, and keep the input
        return None


def tasks_for(count: int | None, engine: str = "sat") -> tuple[str, ...]:
    if count is None or count <= ENUMERATION_ARGUMENTS:
        return GROUNDED_TASKS + HARD_TASKS + ENUMERATION_TASKS
    if count <= HARD_TASK_ARGUMENTS[engine]:
        return GROUNDED_TASKS + HARD_TASKS
    return GROUNDED_TASKS


def af_run(
    files: Files, folder: Path, fmt: str, task: str, argument: str | None, suffix: str, options: Sequence[str] = ()
) -> Run:
    """`causal af solve` on the framework, written with ``suffix`` (and -fo when that is not the format's own)."""
    main = Path(files.main).stem + suffix
    path = Files(main, ((main, files.main_data),)).write(folder)
    args = ["af", "solve", "-p", task, "-f", str(path)]
    if suffix != f".{fmt}":
        args += ["-fo", fmt]
    if argument is not None:
        args += ["-a", argument]
    args += options
    # An answer names arguments; every extension of n arguments is at most n names.
    count = min(declared_arguments(files.main_data), DECLARED_ARGUMENTS)
    extensions = 3 ** (ENUMERATION_ARGUMENTS // 2) if task.startswith("EE") and task != "EE-GR" else 1
    return Run(tuple(args), files.size + len(argument or ""), output_allowance=extensions * count * 16)


def argument_choices(data: bytes, fmt: str) -> list[str]:
    text = _text(data)
    if fmt == "i23":
        named = re.findall(r"\d+", text)[:50]
    else:
        named = [piece for piece in re.split(r"[\s(),.]+", text) if piece][:50]
    return [*named, "01", "0", "-1", "1e3", "９", "9" * 5000, "", "a b", "\x1b]0;x\x07"]


# --- running and judging -------------------------------------------------------------


class Hang(BaseException):
    """A run took longer than RUN_SECONDS (a BaseException, so that no `except Exception` in causal hides it)."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def expire(signum, frame):
        raise Hang(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@attrs.frozen
class Outcome:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None = None
    seconds: float = 0.0

    @property
    def output_size(self) -> int:
        return len(self.stdout.encode("utf-8", "surrogatepass")) + len(self.stderr.encode("utf-8", "surrogatepass"))


def run_in_process(run: Run, cwd: Path) -> Outcome:
    previous = os.getcwd()
    os.chdir(cwd)
    started = time.perf_counter()
    try:
        with time_limit(RUN_SECONDS):
            result = CliRunner().invoke(cli, list(run.args), input=run.stdin, catch_exceptions=True, color=True)
    except Hang as hang:
        return Outcome(-1, "", "", hang, time.perf_counter() - started)
    finally:
        os.chdir(previous)
    exception = result.exception
    if isinstance(exception, SystemExit):
        exception = None
    return Outcome(result.exit_code, result.stdout, result.stderr, exception, time.perf_counter() - started)


def run_in_subprocess(run: Run, cwd: Path) -> Outcome:
    """The installed code path (`python -m causal`, through causal.cli.entry), with a memory limit."""

    def limit_memory() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    started = time.perf_counter()
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "causal", *run.args],
            input=run.stdin if run.stdin is not None else b"",
            capture_output=True,
            cwd=cwd,
            env=env,
            timeout=RUN_SECONDS + 10,
            preexec_fn=limit_memory,
        )
    except subprocess.TimeoutExpired:
        return Outcome(-1, "", "", Hang(f"over {RUN_SECONDS + 10} s"))
    decode = lambda data: data.decode("utf-8", "backslashreplace")  # noqa: E731
    return Outcome(
        completed.returncode, decode(completed.stdout), decode(completed.stderr), seconds=time.perf_counter() - started
    )


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def problems(run: Run, outcome: Outcome) -> list[str]:
    """What is wrong with a run, in words; empty when it passed."""
    found = []
    if isinstance(outcome.exception, Hang):
        found.append(f"no answer: the run took {outcome.exception}")
        return found
    if outcome.exception is not None:
        found.append(f"an exception escaped the command: {type(outcome.exception).__name__}: {outcome.exception}")
    if outcome.exit_code not in (0, 1, 2):
        found.append(f"exit status {outcome.exit_code}, not 0, 1 or 2")
    for words in INTERNAL_ERROR_WORDS:
        if words in outcome.stderr or words in outcome.stdout:
            found.append(f"the output says {words!r}")
    if run.wants_json and (outcome.exit_code in run.json_on or outcome.stdout.strip()):
        try:
            json.loads(outcome.stdout, parse_constant=_refuse_constant)
        except ValueError as error:
            found.append(f"JSON was asked for and the output is not JSON: {error}")
    if run.wants_json_lines:
        for number, line in enumerate(outcome.stdout.splitlines(), start=1):
            try:
                json.loads(line, parse_constant=_refuse_constant)
            except ValueError as error:
                found.append(f"JSON Lines were asked for and line {number} is not JSON: {error}")
                break
    size = outcome.output_size
    if size > run.bound:
        found.append(f"{size:,} bytes of output for {run.input_size:,} bytes of input (bound {run.bound:,})")
    return found


def excerpt(text: str, limit: int = 3000) -> str:
    return text if len(text) <= limit else text[:limit] + f"... ({len(text):,} characters)"


def judge(run: Run, outcome: Outcome, files: Files | None = None) -> None:
    """Fail with everything wrong about the run, its arguments and input, and its output."""
    _record(run, outcome)
    found = problems(run, outcome)
    if not found:
        return
    if files is not None:
        saved = save_failure(files)
        if saved is not None:
            found.append(f"the input is saved as {saved.relative_to(ROOT)}")
    raise AssertionError(
        "\n".join(
            [
                *found,
                f"command: causal {' '.join(map(repr, run.args))}",
                f"exit status: {outcome.exit_code}",
                f"stderr: {excerpt(outcome.stderr)}",
                f"stdout: {excerpt(outcome.stdout)}",
                *([f"input:\n{files.describe()}"] if files is not None else []),
            ]
        )
    )


def _record(run: Run, outcome: Outcome) -> None:
    """With CAUSAL_FUZZ_STATS set to a file name, add a line of JSON about the run to that file."""
    # (Not hypothesis.target(): its hill climbing stalled a long run for over ten minutes on cached examples.)
    log = os.environ.get("CAUSAL_FUZZ_STATS")
    if log:
        record = {
            "command": " ".join(run.args[:2]) if run.args[0] == "af" else run.args[0],
            "args": [arg for arg in run.args if arg.startswith("-")],
            "input_bytes": run.input_size,
            "output_bytes": outcome.output_size,
            "seconds": round(outcome.seconds, 4),
            "exit": outcome.exit_code,
        }
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")


def save_failure(files: Files) -> Path | None:
    """Keep a failing input as a regression file, under a name made from its content (never over another file).

    Only Hypothesis's final, shrunk example is kept; set CAUSAL_FUZZ_SAVE=0 to keep none.
    """
    if os.environ.get("CAUSAL_FUZZ_SAVE", "1") == "0":
        return None
    try:
        from hypothesis.control import current_build_context

        if not current_build_context().is_final:
            return None
    except Exception:  # noqa: BLE001 - outside a Hypothesis test (a replay), there is nothing new to save
        return None
    import hashlib

    digest = hashlib.sha256(repr(files.contents).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    suffix = Path(files.main).suffix
    if len(files.contents) == 1:
        target = REGRESSIONS / f"new-{digest}{suffix}"
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files.main_data)
        return target
    target = REGRESSIONS / f"new-{digest}"
    if not target.exists():
        target.mkdir(parents=True)
        Files(files.main, files.contents).write(target)
    return target


# --- regressions ---------------------------------------------------------------------


def regression_inputs() -> list[Path]:
    """Every kept input: a .cx, .apx, .tgf or .i23 file, or a folder with one .cx file and what lies beside it."""
    if not REGRESSIONS.is_dir():
        return []
    kept = []
    for path in sorted(REGRESSIONS.iterdir()):
        if path.is_dir() or path.suffix in (CASE_SUFFIX, *AF_SUFFIXES):
            kept.append(path)
    return kept


def regression_files(path: Path) -> Files:
    if path.is_file():
        return Files(path.name, ((path.name, path.read_bytes()),))
    contents = tuple(
        (found.relative_to(path).as_posix(), found.read_bytes()) for found in sorted(path.rglob("*")) if found.is_file()
    )
    cases = [name for name, _ in contents if name.endswith(CASE_SUFFIX) and "/" not in name]
    if len(cases) != 1:
        raise ValueError(f"{path} should hold exactly one .cx file at its top, not {cases}")
    return Files(cases[0], contents)
