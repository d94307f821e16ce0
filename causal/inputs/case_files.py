"""Reading case files safely: every way a file can be unreadable becomes a `Problem` (reported as `input-error`)."""

from __future__ import annotations

import os
from pathlib import Path

from causal.inputs.files import NotRegularFile, kind_of, open_regular, read_at_most
from causal.inputs.problems import Problem, unreadable
from causal.inputs.spans import FILE_START, Span

# Case files are hand-written; anything far larger is almost surely a mistake.
# The benchmark's largest case (300k statements) stays below this.
DEFAULT_MAX_BYTES = 40 * 1024 * 1024
CASE_SUFFIX = ".cx"
# How a case read from standard input is named in reports, unless it is given a name (`--stdin-filename`).
STDIN_PATH = "<stdin>"


def _error(message: str, help: str, span: Span = FILE_START) -> Problem:
    return unreadable(message, help, span)


def _too_large(size: int | None, max_bytes: int) -> Problem:
    measured = f" ({size / 2**20:.1f} MB)" if size is not None else ""
    return _error(
        f"the file is over the {max_bytes / 2**20:.0f} MB limit{measured}",
        "Split the case into several files, or raise the limit with --max-bytes.",
    )


def decode_case(data: bytes | bytearray, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str | None, Problem | None]:
    """Bytes to case text with `\\n` line ends, or the reason they are not a case file."""
    if len(data) > max_bytes:
        return None, _too_large(None, max_bytes)
    if b"\x00" in data:
        offset = data.index(b"\x00")
        line = data.count(b"\n", 0, offset) + 1
        column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        return None, _error(
            "the file holds NUL bytes: it looks binary, not a text case file",
            "Give the path of a .cx text file.",
            Span(line, column, line, column + 1),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return None, _error(
            f"the file is not UTF-8: byte 0x{data[error.start]:02x} at line {line}, column {column}",
            "Save the file as UTF-8 (most editors offer this under 'Save with encoding').",
            Span(line, column, line, column + 1),
        )
    if not text or text.isspace():  # (text.strip() would copy the whole text)
        return None, _error(
            "the file is empty",
            'A case file holds at least one statement, such as `case "Title"`.',
        )
    # Lark counts lines by `\n`; normalising keeps every reported line number right.
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def read_case(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str | None, Problem | None]:
    data, problem = read_case_bytes(path, max_bytes)
    if data is None:
        return None, problem
    return decode_case(data, max_bytes)


def read_case_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytearray | None, Problem | None]:
    """A case file's bytes as stored (for `causal fmt`, which keeps its line ends), or why they cannot be read.

    The bytes may still not be a case file: `decode_case` says so.
    """
    try:
        status = os.stat(path)
        kind = kind_of(status.st_mode)
        if kind == "a folder":
            return None, _error(
                "this is a folder, not a case file",
                "Give a .cx file, or a folder to check every .cx file below it.",
            )
        if kind is not None:
            # Never opened: a FIFO would wait for a writer, a device could be endless.
            return None, _error(
                f"the path is not a regular file ({kind})",
                "Give a .cx file; to read a pipe, redirect it into `causal check -`.",
            )
        if status.st_size > max_bytes:
            return None, _too_large(status.st_size, max_bytes)
        # Read at most one byte past the limit (a file may grow after the stat),
        # in blocks, so a small file does not cost a buffer of the limit's size.
        with open_regular(path) as handle:
            data = read_at_most(handle, max_bytes + 1)
    except NotRegularFile as error:
        return None, _error(
            f"the path is not a regular file ({error.kind})",
            "Give a .cx file; to read a pipe, redirect it into `causal check -`.",
        )
    except FileNotFoundError:
        return None, _error("no such file", "Check the path; `causal check` takes .cx files, folders or `-`.")
    except PermissionError:
        return None, _error("permission denied", "Make the file readable, or run as a user who may read it.")
    except OSError as error:
        return None, _error(f"cannot read the file: {error.strerror or error}", "Check the path and the disk.")
    return data, None


def read_stdin(stdin, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str | None, Problem | None]:
    """Case text from standard input (its binary buffer), or why it cannot be had."""
    data, problem = read_stdin_bytes(stdin, max_bytes)
    if data is None:
        return None, problem
    return decode_case(data, max_bytes)


def read_stdin_bytes(stdin, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytearray | None, Problem | None]:
    """Standard input's bytes (at most one past ``max_bytes``), or why they cannot be had."""
    stream = getattr(stdin, "buffer", None)
    try:
        if stream is None:
            raise OSError("there is no standard input")
        # One byte over the limit is enough to know the input is too large.
        data = read_at_most(stream, max_bytes + 1)
    except OSError as error:
        return None, _error(
            f"cannot read standard input: {error.strerror or error}", "Pipe a case file into the command."
        )
    return data, None


def _walked_case(path: str) -> bool:
    """Whether a `.cx` name found in a folder is taken: a regular file, or one that cannot be
    examined (then reading it reports why). FIFOs, devices and sockets are skipped, never opened."""
    try:
        return kind_of(os.stat(path).st_mode) is None
    except (OSError, ValueError):
        return True


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given; folders replaced by every regular `.cx` file below them, sorted."""
    expanded: list[str] = []
    for given in paths:
        path = Path(given)
        if given != "-" and path.is_dir():
            found = sorted(
                full
                for root, _dirs, files in os.walk(path)
                for name in files
                if name.endswith(CASE_SUFFIX) and _walked_case(full := os.path.join(root, name))
            )
            expanded.extend(found if found else [given])
        else:
            expanded.append(given)
    return expanded
