"""The parser's tables kept between runs, in a per-user cache, so that a command does not rebuild them at every start.

Building Lark's LALR tables from the grammar costs several times what checking a small case does; reading them back
costs a fraction of it. What is kept is plain data (dicts, lists, strings, numbers) written with `marshal`, which
builds no objects but those and runs no code when it is read. A file is named after everything the tables depend on
(the grammar's text, Lark's version and options, the Python that wrote it), and holds that key again and a digest of
its content: a changed grammar or Lark looks for another file, and a file cut short, corrupted or meant for something
else is never used.

Whatever goes wrong (no home folder, a read-only one, a file another process is still writing, one written by another
user), the caller builds the parser from the grammar as if there were no cache: the cache can make a run faster, never
different. Files are written under a temporary name and renamed into place, so a reader sees a whole file or none.
`CAUSAL_NO_CACHE` (set and not empty) turns the cache off; `CAUSAL_CACHE_DIR` puts it elsewhere (docs/cli.md).

Lark-free, like everything in causal.language but parser.py: the parser hands over plain data and gets it back.
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path

# SHA-256 from the interpreter's own module where it has one, as the standard library's `random` takes SHA-512: the
# same digest, without loading OpenSSL through hashlib (11 million instructions, 2% of a small check).
try:
    from _sha2 import sha256  # Python 3.12 and later
except ImportError:
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:
        from hashlib import sha256

from causal.inputs.files import open_regular, read_at_most

NO_CACHE_VARIABLE = "CAUSAL_NO_CACHE"
DIRECTORY_VARIABLE = "CAUSAL_CACHE_DIR"

# Raised when what is stored changes shape, so that files written by an older causal are not read.
_FORMAT = "1"
_MAGIC = b"causal parser tables\n"
# The tables are about 150 kB; a file far past that is not ours.
_MAX_BYTES = 16 * 1024 * 1024


def cache_directory() -> Path | None:
    """Where cached tables live, or None when the cache is turned off or there is no place for it.

    `CAUSAL_CACHE_DIR` if set; else the platform's per-user cache folder: `$XDG_CACHE_HOME/causal` (by default
    `~/.cache/causal`) on Linux and other Unixes, `~/Library/Caches/causal` on macOS, `%LOCALAPPDATA%\\causal\\Cache`
    on Windows.
    """
    if os.environ.get(NO_CACHE_VARIABLE):
        return None
    chosen = os.environ.get(DIRECTORY_VARIABLE)
    if chosen:
        return Path(chosen)
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return Path(local, "causal", "Cache") if local else None
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):  # no HOME and no entry in the password database
        return None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "causal"
    # The XDG base directory specification: a relative path in the variable is to be ignored.
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else home / ".cache"
    return base / "causal"


def cache_key(*parts: str) -> str:
    """A key for what ``parts`` describe, and for this cache's format and the Python that reads it (marshal's format
    may change between versions)."""
    digest = sha256()
    for part in (_FORMAT, sys.implementation.cache_tag or sys.version, *parts):
        encoded = part.encode("utf-8", "surrogatepass")
        # Each part's length first, so that no two lists of parts give the same bytes.
        digest.update(len(encoded).to_bytes(8, "big"))
        digest.update(encoded)
    return digest.hexdigest()


def cache_file(key: str, kind: str = "parser") -> Path | None:
    """The file that holds (or would hold) the tables stored under ``key``; None when the cache is off. ``kind``
    names what they are for: Lark's tables (`parser`) or causal.language.lalr_runtime's (`lalr`)."""
    directory = cache_directory()
    return None if directory is None else directory / f"{kind}-{key[:32]}.marshal"


def load(key: str, kind: str = "parser") -> object | None:
    """The data stored under ``key``, or None when there is none that can be trusted."""
    path = cache_file(key, kind)
    if path is None:
        return None
    try:
        with open_regular(path) as handle:
            if _written_by_someone_else(os.fstat(handle.fileno())):
                return None
            blob = bytes(read_at_most(handle, _MAX_BYTES + 1))
    except (OSError, ValueError):  # missing, unreadable, not a regular file, a path the OS cannot name
        return None
    header = _header(key)
    if len(blob) > _MAX_BYTES or not blob.startswith(header):
        return None
    digest, newline, payload = blob[len(header) :].partition(b"\n")
    if not newline or digest != sha256(payload).hexdigest().encode("ascii"):
        return None
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None


def store(key: str, data: object, kind: str = "parser") -> bool:
    """Keep ``data`` (plain data only) under ``key``; False when it could not be written, which is no error."""
    path = cache_file(key, kind)
    if path is None:
        return False
    try:
        payload = marshal.dumps(data)
    except ValueError:  # something marshal cannot write: then it is not what this cache is for
        return False
    blob = _header(key) + sha256(payload).hexdigest().encode("ascii") + b"\n" + payload
    # A name of its own for each writer, so that processes writing at once never write into one file.
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(blob)
            os.replace(temporary, path)
        except BaseException:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            raise
    except (OSError, ValueError):
        return False
    return True


def _header(key: str) -> bytes:
    return _MAGIC + key.encode("ascii") + b"\n"


def _written_by_someone_else(status: os.stat_result) -> bool:
    """A file owned by another user (where the system has users): the cache folder may be one others can write to."""
    getuid = getattr(os, "getuid", None)
    return getuid is not None and status.st_uid != getuid()
