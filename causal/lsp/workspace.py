"""The open documents and what the library made of each: the report of the text as it is, and a model to navigate.

A document is checked once per version, when it is first needed after a change (the server asks as soon as the
editor is idle, to publish diagnostics); every request then reads the same `CheckedDocument`. The parser's grammar
and the rule table are loaded once, when the server starts, and stay loaded.

The model that navigation, hover and completion read (`Snapshot`) is, in order of preference: the report's own, when
the text parses; the model of the text with its broken statements blanked (causal.lsp.recovery), whose positions are
still the text's; or the last model the document had, whose positions belong to an older text, so that only what is
looked up by name (hover, completion) uses it.
"""

from __future__ import annotations

import os
from pathlib import Path

from attrs import define, frozen
from pygls.uris import to_fs_path

from causal.inputs.problems import SYNTAX
from causal.lsp.navigation import NameIndex
from causal.lsp.positions import UTF16, DocumentPositions, apply_changes
from causal.lsp.recovery import blank_broken_statements, blank_near_error
from causal.pipeline import check_bytes
from causal.report.file_report import FileReport


@define
class Snapshot:
    """A report with a model, and the text it was made from."""

    report: FileReport
    positions: DocumentPositions  # of the text the report was made from
    exact: bool  # whether its positions are the current text's
    blanked: tuple[tuple[int, int], ...] = ()  # runs of the current text left out (offsets), when recovered
    _index: NameIndex | None = None

    @property
    def index(self) -> NameIndex:
        """Every name's uses in the model, made on first use."""
        if self._index is None:
            self._index = NameIndex(self.report.model)
        return self._index

    def stale(self) -> Snapshot:
        """This snapshot for a later text: its positions are no longer that text's."""
        return Snapshot(self.report, self.positions, False, (), self._index)


@frozen
class CheckedDocument:
    uri: str
    version: int | None
    positions: DocumentPositions  # of the current text
    report: FileReport  # `causal check` of the current text
    snapshot: Snapshot | None

    @property
    def text(self) -> str:
        return self.positions.text

    def exact_snapshot(self) -> Snapshot | None:
        """The snapshot, if its positions are the current text's."""
        return self.snapshot if self.snapshot is not None and self.snapshot.exact else None


def location_of(uri: str, root: Path | None = None) -> tuple[str, Path]:
    """The path a report names for ``uri`` and the folder its documents are read from: the file's own folder, or for
    a document that is no file (an unsaved, untitled one) the workspace's root, else the server's folder."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    if path:
        return path, Path(path).parent
    if root is not None:
        return uri, root
    try:
        return uri, Path(os.getcwd())
    except OSError:  # the server's folder was removed under it
        return uri, Path(os.sep)


def check_document(
    uri: str, text: str, version: int | None, encoding: str = UTF16, previous: Snapshot | None = None,
    root: Path | None = None,
) -> CheckedDocument:
    path, base_dir = location_of(uri, root)
    positions = DocumentPositions(text, encoding)
    report = _check(text, path, base_dir)
    if report.model is not None:
        snapshot = Snapshot(report, positions, exact=True)
    else:
        snapshot = None if report.unreadable else _recovered(report, text, path, base_dir, encoding)
        if snapshot is None and previous is not None:
            snapshot = previous.stale()
    return CheckedDocument(uri, version, positions, report, snapshot)


def _check(text: str, path: str, base_dir: Path) -> FileReport:
    # An editor may hold lone surrogates (JSON can carry them); they reach the reader as bytes that are not UTF-8.
    return check_bytes(text.encode("utf-8", "surrogatepass"), path, base_dir)


def _recovered(report: FileReport, text: str, path: str, base_dir: Path, encoding: str) -> Snapshot | None:
    """A snapshot of the text with its broken statements blanked: first those near the syntax error (cheap: two
    statements parsed), then, if that does not give a text that parses, every statement that does not parse alone."""
    error_line = next((finding.span.line for finding in report.findings if finding.rule == SYNTAX), None)
    attempts = [lambda: blank_broken_statements(text)]
    if error_line is not None:
        attempts.insert(0, lambda: blank_near_error(text, error_line))
    for attempt in attempts:
        recovered = attempt()
        if not recovered.blanked:
            continue
        checked = _check(recovered.text, path, base_dir)
        if checked.model is not None:
            return Snapshot(checked, DocumentPositions(recovered.text, encoding), exact=True, blanked=recovered.blanked)
    return None


@define
class _OpenDocument:
    text: str
    version: int | None
    checked: CheckedDocument | None = None
    # The last snapshot of this document, kept for when its text stops parsing.
    last_snapshot: Snapshot | None = None
    published: bool = False  # whether the diagnostics of `checked` have been sent


class Workspace:
    """The documents the editor has open, by URI."""

    def __init__(self, encoding: str = UTF16, root: Path | None = None) -> None:
        self.encoding = encoding
        self.root = root
        self._documents: dict[str, _OpenDocument] = {}

    def open(self, uri: str, text: str, version: int | None) -> None:
        self._documents[uri] = _OpenDocument(text, version)

    def change(self, uri: str, changes, version: int | None) -> None:
        """Apply the client's changes: (range as four ints, or None for the whole text; new text), in order."""
        document = self._documents.get(uri)
        if document is None:
            return
        document.text = apply_changes(document.text, changes, self.encoding)
        document.version = version
        if document.checked is not None:
            document.last_snapshot = document.checked.snapshot or document.last_snapshot
        document.checked = None
        document.published = False

    def close(self, uri: str) -> None:
        self._documents.pop(uri, None)

    def is_open(self, uri: str) -> bool:
        return uri in self._documents

    def unpublished(self, uri: str) -> CheckedDocument | None:
        """The document as checked at its current version, if its diagnostics have not been sent yet; from then on
        they count as sent. None when they have, or when the document is not open."""
        document = self._documents.get(uri)
        if document is None or document.published:
            return None
        checked = self.checked(uri)
        document.published = True
        return checked

    def checked(self, uri: str) -> CheckedDocument | None:
        """The document as checked at its current version (checked now if it has changed); None if it is not open."""
        document = self._documents.get(uri)
        if document is None:
            return None
        if document.checked is None:
            document.checked = check_document(
                uri, document.text, document.version, self.encoding, document.last_snapshot, self.root
            )
            if document.checked.snapshot is not None:
                document.last_snapshot = document.checked.snapshot
        return document.checked
