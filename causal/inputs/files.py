"""Opening only regular files, so that a FIFO or a device given as a file never blocks or floods a read;
and opening files below a folder without ever leaving it (`Folder`).

Kept free of other causal modules so that every reader (case files, documents,
`causal af solve`, pyproject.toml) can use it without import cycles or cost.
"""

from __future__ import annotations

import errno
import os
import stat

# pathlib and typing serve the annotations and one Folder method only: `causal af solve` reads its file
# through this module, and importing them would cost it several milliseconds of every start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import BinaryIO

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
        status = os.fstat(descriptor)
    except BaseException:
        os.close(descriptor)
        raise
    return _regular_handle(descriptor, status)


def read_at_most(stream, limit: int, block: int = 1 << 20) -> bytearray:
    """Up to ``limit`` bytes of a binary stream, read in blocks, so a small file costs no buffer of the limit's size.

    The blocks are added to one growing buffer rather than joined at the end,
    which would hold the input twice.
    """
    data = bytearray()
    while len(data) < limit:
        chunk = stream.read(min(block, limit - len(data)))
        if not chunk:
            break
        data += chunk
    return data


def read_regular(path: Path | str, limit: int) -> bytearray:
    """Up to ``limit`` bytes of a regular file (read one past a limit to learn a file is over it)."""
    with open_regular(path) as handle:
        return read_at_most(handle, limit)


# `Folder` resolves a path one component at a time from an opened folder, much as
# openat2's RESOLVE_BENEATH does (Python has no wrapper for it). It needs openat
# with O_NOFOLLOW and O_DIRECTORY, and stat and readlink relative to a folder.
BENEATH = (
    hasattr(os, "O_NOFOLLOW")
    and hasattr(os, "O_DIRECTORY")
    and {os.open, os.stat, os.readlink} <= os.supports_dir_fd
    and os.stat in os.supports_follow_symlinks
)
# As Linux's MAXSYMLINKS; a component that changes between its check and its opening also counts.
MAX_HOPS = 40
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
# Folders are only walked through: O_PATH (Linux) needs search permission on them, not read permission.
_WALK = getattr(os, "O_PATH", os.O_RDONLY)


class OutsideFolder(OSError):
    """A path that would lead out of the folder it is opened in; ``reason`` says how."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.strerror = reason


class Folder:
    """A folder opened once, below which files are opened without ever leaving it.

    `open_regular` walks a relative path from the opened folder one component
    at a time: each folder on the way is opened with O_DIRECTORY and O_NOFOLLOW
    relative to the one before, a symbolic link is read (never followed by the
    system) and its target walked the same way, `..` goes back up only as far
    as the folder itself, and the file at the end is opened with O_NOFOLLOW and
    must be, on its open descriptor, the very file (device and inode) that was
    checked. Swapping a folder on the way for a link while this runs can make
    the walk fail, never lead it out: nothing is looked up by a full path.

    An absolute link target is walked from the folder when it spells a path
    below the folder's own absolute path, and refused otherwise.
    """

    def __init__(self, path: Path | str) -> None:
        self.descriptor = os.open(path, _WALK | os.O_DIRECTORY | _CLOEXEC)
        try:
            self._spellings = self._absolute_spellings(path)
        except BaseException:
            os.close(self.descriptor)
            raise

    def _absolute_spellings(self, path: Path | str) -> tuple[str, ...]:
        """The folder's absolute paths that still name the opened folder (for absolute link targets)."""
        opened = os.fstat(self.descriptor)
        spellings = []
        for spelling in dict.fromkeys((os.path.realpath(path), os.path.abspath(path))):
            try:
                status = os.stat(spelling)
            except OSError:
                continue
            if (status.st_dev, status.st_ino) == (opened.st_dev, opened.st_ino):
                spellings.append(spelling.rstrip(os.sep) or os.sep)
        return tuple(spellings)

    def close(self) -> None:
        os.close(self.descriptor)

    def __enter__(self) -> Folder:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _below(self, target: str) -> list[str] | None:
        """The components of an absolute link target below the folder, or None if it is not below it."""
        for spelling in self._spellings:
            prefix = spelling if spelling.endswith(os.sep) else spelling + os.sep
            if target == spelling or target.startswith(prefix):
                return _components(target[len(spelling) :])
        return None

    def open_regular(self, relative: str) -> tuple[BinaryIO, os.stat_result]:
        """The regular file at ``relative`` opened for binary reading, and its status (from its descriptor).

        OutsideFolder if the path leads out of the folder, NotRegularFile if it
        ends at anything else than a regular file (which is then never opened),
        OSError (FileNotFoundError, NotADirectoryError, ELOOP...) otherwise.
        """
        pending = list(reversed(_components(relative)))
        opened: list[int] = []  # folders opened on the way, below self.descriptor
        hops = 0
        try:
            while pending:
                name = pending.pop()
                here = opened[-1] if opened else self.descriptor
                if name == "..":
                    if not opened:
                        raise OutsideFolder("a symbolic link on it points outside the case's folder")
                    os.close(opened.pop())
                    continue
                checked = os.stat(name, dir_fd=here, follow_symlinks=False)
                if stat.S_ISLNK(checked.st_mode):
                    hops += 1
                    if hops > MAX_HOPS:
                        raise OSError(errno.ELOOP, "too many symbolic links, or the path kept changing")
                    target = os.readlink(name, dir_fd=here)
                    if os.path.isabs(target):
                        below = self._below(target)
                        if below is None:
                            raise OutsideFolder("a symbolic link on it points outside the case's folder")
                        while opened:
                            os.close(opened.pop())
                        pending.extend(reversed(below))
                    else:
                        pending.extend(reversed(_components(target)))
                    continue
                last = not pending
                if not last and not stat.S_ISDIR(checked.st_mode):
                    raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
                if last:
                    kind = kind_of(checked.st_mode)
                    if kind is not None:
                        # Never opened: a FIFO would wait for a writer, a device could be endless.
                        raise NotRegularFile(kind)
                    flags = os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | _CLOEXEC
                else:
                    flags = _WALK | os.O_DIRECTORY | os.O_NOFOLLOW | _CLOEXEC
                try:
                    descriptor = os.open(name, flags, dir_fd=here)
                except OSError as error:
                    if error.errno not in (errno.ELOOP, errno.EMLINK, errno.ENOTDIR, errno.ENOENT):
                        raise
                    descriptor = None  # changed since it was checked: look again
                if descriptor is not None:
                    status = os.fstat(descriptor)
                    if (status.st_dev, status.st_ino) == (checked.st_dev, checked.st_ino):
                        if not last:
                            opened.append(descriptor)
                            continue
                        return _regular_handle(descriptor, status), status
                    os.close(descriptor)
                hops += 1
                if hops > MAX_HOPS:
                    raise OSError(errno.ELOOP, "too many symbolic links, or the path kept changing")
                pending.append(name)
            raise NotRegularFile("a folder")  # the path leads back to the folder itself
        finally:
            for descriptor in opened:
                os.close(descriptor)


def _components(path: str) -> list[str]:
    """The names along a relative path (`.` and empty ones dropped, `..` kept)."""
    from pathlib import PurePath

    return [part for part in PurePath(path).parts if part not in (".", os.sep)]


def _regular_handle(descriptor: int, status: os.stat_result) -> BinaryIO:
    """A binary reader on ``descriptor`` once its status shows a regular file; the descriptor is closed otherwise."""
    try:
        kind = kind_of(status.st_mode)
        if kind is not None:
            raise NotRegularFile(kind)
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
