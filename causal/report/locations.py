"""Where a finding is, as tools outside causal want a file named: relative to the working folder, or a URI."""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from urllib.parse import quote_from_bytes

from causal.inputs.case_files import STDIN_PATH


def is_unnamed_stdin(path: str) -> bool:
    """Whether ``path`` is the name of a case read from standard input without `--stdin-filename`."""
    return path == STDIN_PATH


def relative_path(path: str, working_folder: Path | None) -> str:
    """``path`` relative to ``working_folder`` when it is an absolute path below it; otherwise as given.

    CI tools (GitHub's annotations, code scanning) resolve relative paths from the checkout, which is where
    `causal check` runs; an absolute path outside it is left as it is.
    """
    if working_folder is None or not os.path.isabs(path):
        return path
    try:
        return Path(path).relative_to(working_folder).as_posix()
    except ValueError:
        return path


def artifact_uri(path: str, working_folder: Path | None) -> str:
    """``path`` as a URI reference: a relative reference (`cases/syria.cx`) where `relative_path` makes it
    relative, else a `file:` URI.

    The bytes of the name are percent-encoded (RFC 3986), so spaces, `%`, `#`, `?` and a `:` that would read
    as a scheme stay part of the path, and a name that is not UTF-8 keeps its very bytes.
    """
    shown = relative_path(path, working_folder)
    if os.path.isabs(shown):
        return Path(shown).as_uri()
    return quote_from_bytes(os.fsencode(PurePath(shown).as_posix()), safe="/")
