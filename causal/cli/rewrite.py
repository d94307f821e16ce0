"""Replacing a file's content atomically, for `causal fmt`: the file holds its old text or its new one, never a mix.

The new content goes to a temporary file in the same folder (a rename is only
atomic within one file system), is flushed to the disk, takes the old file's
permission bits (and owner, where the system allows), and is renamed over the
old file. A file that changed since it was read is left alone.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


class FileChanged(OSError):
    """The file changed (or was replaced) after it was read; writing would lose that change."""

    def __init__(self) -> None:
        super().__init__("the file changed while it was being formatted; run again")
        self.strerror = "the file changed while it was being formatted; run again"


def _identity(status: os.stat_result) -> tuple[int, ...]:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def replace_file(path: Path | str, data: bytes, read_as: os.stat_result) -> None:
    """Write ``data`` over the regular file at ``path`` (through a symbolic link, to its target).

    ``read_as`` is the file's status when it was read: if the file is no longer
    that file, or has been written since, FileChanged is raised and nothing is
    written. On any error the file is left as it was and no temporary file stays.
    """
    target = os.path.realpath(path)
    folder = os.path.dirname(target)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), stat.S_IMODE(read_as.st_mode))
            else:
                os.chmod(temporary, stat.S_IMODE(read_as.st_mode))
            _keep_owner(handle.fileno(), read_as)
            os.fsync(handle.fileno())
        if _identity(os.stat(target)) != _identity(read_as):
            raise FileChanged()
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    _sync_folder(folder)


def _keep_owner(descriptor: int, read_as: os.stat_result) -> None:
    # Only a privileged user can give a file away; anyone else keeps owning the new file.
    if not hasattr(os, "fchown") or (read_as.st_uid, read_as.st_gid) == (os.getuid(), os.getgid()):
        return
    try:
        os.fchown(descriptor, read_as.st_uid, read_as.st_gid)
    except OSError:
        pass


def _sync_folder(folder: str) -> None:
    """Flush the rename to the disk; some systems and file systems cannot, and the rename stands anyway."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        descriptor = os.open(folder, flags)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
