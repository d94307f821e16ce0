"""Opening only regular files, so that a FIFO or a device given as a file never blocks or floods a read.

Kept free of other causal modules so that every reader (case files, documents,
`causal af solve`, pyproject.toml) can use it without import cycles or cost.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotRegularFile(OSError):
    """A path that names something other than a regular file; ``kind`` says what, such as "a FIFO"."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"not a regular file ({kind})")
        self.kind = kind
        self.strerror = f"not a regular file ({kind})"


def kind_of(mode: int) -> str | None:
    """None for a regular file, else what the mode describes ("a FIFO", "a folder", ...)."""
    if stat.S_ISREG(mode):
        return None
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return "not a file"


def open_regular(path: Path | str):
    """``path`` opened for binary reading; NotRegularFile if it is not a regular file.

    The path is checked with `os.stat` before anything is opened, then opened
    without blocking (a FIFO swapped in between would otherwise wait for a
    writer) and checked again on the open descriptor.
    """
    kind = kind_of(os.stat(path).st_mode)
    if kind is not None:
        raise NotRegularFile(kind)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        kind = kind_of(os.fstat(descriptor).st_mode)
        if kind is not None:
            raise NotRegularFile(kind)
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_regular(path: Path | str, limit: int) -> bytes:
    """Up to ``limit`` bytes of a regular file (read one past a limit to learn a file is over it)."""
    with open_regular(path) as handle:
        chunks: list[bytes] = []
        total = 0
        while total < limit:
            chunk = handle.read(min(1 << 20, limit - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)
