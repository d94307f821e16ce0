"""Bytes to text for the importers, and notices that do not flood a report."""

from __future__ import annotations

from collections import Counter

from causal.interchange.notices import Notice, error, warning

# A file of a hundred thousand bad nodes should say so in a few lines, not a hundred thousand.
SHOWN_PER_KIND = 5


def decode_utf8(data: bytes | bytearray, kind: str) -> str:
    """``data`` as text (a byte-order mark dropped, line ends made `\\n`); ConversionError at the first bad byte."""
    if b"\x00" in data:
        offset = data.index(b"\x00")
        line, column = _position(data, offset)
        raise error(
            f"line {line}", f"the file holds NUL bytes: it looks binary, not {kind}", "Give a UTF-8 text file.",
            line, column,
        )
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line, column = _position(data, problem.start)
        raise error(
            f"line {line}",
            f"the file is not UTF-8: byte 0x{data[problem.start]:02x} at line {line}, column {column}",
            "Convert it to UTF-8 first, such as `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8` "
            "for a file written on Windows.",
            line, column,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _position(data: bytes | bytearray, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


class NoticeList:
    """Notices in order, at most SHOWN_PER_KIND of each kind, then one that counts the rest of that kind."""

    def __init__(self) -> None:
        self._shown: list[Notice] = []
        self._counts: Counter[str] = Counter()
        self._last_help: dict[str, str] = {}

    def warn(self, kind: str, where: str, message: str, help: str, line: int | None = None) -> None:
        self._counts[kind] += 1
        self._last_help[kind] = help
        if self._counts[kind] <= SHOWN_PER_KIND:
            self._shown.append(warning(where, message, help, line))

    def add(self, notice: Notice) -> None:
        self._shown.append(notice)

    def done(self) -> tuple[Notice, ...]:
        more = [
            warning("", f"and {count - SHOWN_PER_KIND} more like the above: {kind}", self._last_help[kind])
            for kind, count in self._counts.items()
            if count > SHOWN_PER_KIND
        ]
        return (*self._shown, *more)


# Argument maps are bigger than hand-written cases (AIFdb's corpora hold maps of tens of thousands of nodes),
# but a file far over this is almost surely not one.
DEFAULT_MAX_BYTES = 100 * 1024 * 1024


def read_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A regular file's bytes, at most ``max_bytes``; ConversionError for anything else (a folder, a FIFO, a
    missing file, one over the limit). Nothing but a regular file is ever opened."""
    import os

    from causal.inputs.files import NotRegularFile, kind_of, open_regular, read_at_most

    try:
        kind = kind_of(os.stat(path).st_mode)
        if kind is not None:
            raise NotRegularFile(kind)
        with open_regular(path) as handle:
            data = read_at_most(handle, max_bytes + 1)
    except NotRegularFile as problem:
        raise error("", f"the path is not a regular file ({problem.kind})", "Give the path of a file.") from None
    except FileNotFoundError:
        raise error("", "no such file", "Check the path.") from None
    except PermissionError:
        raise error("", "permission denied", "Make the file readable.") from None
    except OSError as problem:
        raise error("", f"cannot read the file: {problem.strerror or problem}", "Check the path.") from None
    if len(data) > max_bytes:
        raise error("", f"the file is over the {max_bytes / 2**20:.0f} MB limit",
                    "Raise the limit with --max-bytes if the file is what you meant.")
    return bytes(data)


def collector_paused(convert):
    """``convert`` run with Python's cyclic garbage collector paused, as causal.pipeline checks a case.

    A conversion builds no reference cycles, but the collections its many small objects trigger would rescan
    every live object again and again, which makes a large map's conversion superlinear (bench/interchange.py).
    """
    import functools
    import gc

    @functools.wraps(convert)
    def paused(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return convert(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused
