"""`causal lsp` over standard input and output, driven by pygls's own language client, on a copy of cases/syria.cx.

One session goes through what an editor does: open, diagnostics, an edit, diagnostics again, go to definition,
references, hover, completion, rename, formatting and a quick fix; then the user types half a statement, and the
server must keep answering. Each answer is checked against the library (`causal check`, `causal fmt`).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.lsp.client import LanguageClient

from causal.language.formatter import format_bytes
from causal.lsp.positions import UTF16, DocumentPositions, apply_changes
from causal.pipeline import check_bytes, check_file
from tests.conftest import ROOT

TIMEOUT = 60


def server_command() -> list[str]:
    """`causal lsp`: the console script beside this Python, as an editor starts it (`python -m causal` without)."""
    script = Path(sys.executable).with_name("causal.exe" if os.name == "nt" else "causal")
    return [str(script), "lsp"] if script.exists() else [sys.executable, "-m", "causal", "lsp"]


class Session:
    """A client connected to a running `causal lsp`, with what the server published."""

    def __init__(self) -> None:
        self.client = LanguageClient("causal-tests", "1")
        self.published: dict[tuple[str, int | None], list[types.Diagnostic]] = {}
        self.arrived = asyncio.Event()
        self.logged: list[str] = []
        self.errors = ""  # what the server wrote to its standard error

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self.published[(params.uri, params.version)] = list(params.diagnostics)
            self.arrived.set()

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def on_log(params: types.LogMessageParams) -> None:
            self.logged.append(params.message)

    async def diagnostics(self, uri: str, version: int) -> list[types.Diagnostic]:
        async def wait() -> list[types.Diagnostic]:
            while (uri, version) not in self.published:
                self.arrived.clear()
                await self.arrived.wait()
            return self.published[(uri, version)]

        return await asyncio.wait_for(wait(), TIMEOUT)

    async def ask(self, request):
        return await asyncio.wait_for(request, TIMEOUT)


def document(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri)


def at(text: str, needle: str, into: int = 0) -> types.Position:
    """The protocol's position of ``into`` characters into the first ``needle`` of ``text``."""
    line, character = DocumentPositions(text).position_of_offset(text.index(needle) + into)
    return types.Position(line, character)


def edits_applied(text: str, edits: list[types.TextEdit]) -> str:
    ordered = sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True)
    return apply_changes(text, [(_bounds(edit.range), edit.new_text) for edit in ordered], UTF16)


def _bounds(where: types.Range) -> tuple[int, int, int, int]:
    return where.start.line, where.start.character, where.end.line, where.end.character


def change(uri: str, version: int, edits: list[types.TextEdit]) -> types.DidChangeTextDocumentParams:
    """The edits as incremental changes, last first, so that each one's range is still right when it applies."""
    ordered = sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True)
    return types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(version=version, uri=uri),
        [types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text) for edit in ordered],
    )


def findings_by_line(text: str, folder: Path) -> Counter:
    return Counter((finding.rule, finding.span.line) for finding in check_bytes(text.encode(), "x.cx", folder).findings)


async def session_on_syria(folder: Path) -> Session:
    path = folder / "syria.cx"
    uri, text = path.as_uri(), path.read_text(encoding="utf-8")
    session = Session()
    command = server_command()
    await session.client.start_io(command[0], *command[1:])
    client = session.client
    initialized = await session.ask(client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=folder.as_uri(),
    )))
    assert initialized.capabilities.position_encoding == types.PositionEncodingKind.Utf16
    assert initialized.capabilities.rename_provider and initialized.capabilities.document_formatting_provider
    client.initialized(types.InitializedParams())

    # Open: the diagnostics are the findings of `causal check`, at their places.
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "causal", 1, text)))
    shown = await session.diagnostics(uri, 1)
    expected = check_file(str(path)).findings
    assert [(d.code, d.range.start.line + 1, d.range.start.character + 1) for d in shown] == [
        (f.code, f.span.line, f.span.column) for f in expected
    ]
    assert not any(d.code == "CX101" for d in shown)

    # An edit: a letter deleted from a name, and spaces the layout does not want.
    typo = at(text, "putin_hopes -> air_base_task", len("putin_hope"))
    spaces = at(text, "link headline", len("link"))
    edits = [
        types.TextEdit(types.Range(typo, types.Position(typo.line, typo.character + 1)), ""),
        types.TextEdit(types.Range(spaces, spaces), "   "),
    ]
    client.text_document_did_change(change(uri, 2, edits))
    text = edits_applied(text, edits)
    shown = await session.diagnostics(uri, 2)
    (undefined,) = [d for d in shown if d.code == "CX101"]
    assert undefined.range == types.Range(at(text, "putin_hope ->"), at(text, "putin_hope ->", len("putin_hope")))
    assert "Did you mean `putin_hopes`?" in undefined.message and undefined.code_description.href.endswith(
        "#undefined-name"
    )

    # Go to definition, and references: the model's declaration and uses.
    use = at(text, "-> air_base_task", len("-> air"))
    (declared,) = await session.ask(client.text_document_definition_async(
        types.DefinitionParams(document(uri), use)
    ))
    assert declared.uri == uri and declared.range.start == at(text, "air_base_task", 0)
    assert text.splitlines()[declared.range.start.line].startswith("event air_base_task")
    found = await session.ask(client.text_document_references_async(
        types.ReferenceParams(types.ReferenceContext(include_declaration=True), document(uri), use)
    ))
    occurrences = [line for line in text.splitlines() if "air_base_task" in line and not line.lstrip().startswith("#")]
    assert len(found) == sum(line.count("air_base_task") for line in occurrences) >= 3

    # Hover: the declaration, and for evidence its label, confidence and grades.
    shown_hover = await session.ask(client.text_document_hover_async(
        types.HoverParams(document(uri), at(text, "evidence hopes_report", len("evidence ho")))
    ))
    assert "evidence hopes_report from debka" in shown_hover.contents.value
    assert "accepted" in shown_hover.contents.value and "graded E6" in shown_hover.contents.value

    # Completion after `because`: evidence, and nothing else.
    after_because = at(text, "because fraying_report", len("because "))
    completed = await session.ask(client.text_document_completion_async(
        types.CompletionParams(document(uri), after_because)
    ))
    offered = {item.label: item.kind for item in completed.items}
    assert "fraying_report" in offered and "rift" not in offered
    assert set(offered.values()) == {types.CompletionItemKind.Field}

    # Rename across the file; the case reads the same afterwards.
    renamed = await session.ask(client.text_document_rename_async(
        types.RenameParams(document(uri), use, "air_base_mission")
    ))
    renaming = renamed.changes[uri]
    assert len(renaming) == len(found)
    client.text_document_did_change(change(uri, 3, renaming))
    before, text = text, edits_applied(text, renaming)
    declared_now = check_bytes(text.encode(), "x.cx", folder).model.declarations
    assert "air_base_mission" in declared_now and "air_base_task" not in declared_now
    shown = await session.diagnostics(uri, 3)
    assert Counter((d.data["rule"], d.range.start.line + 1) for d in shown) == findings_by_line(before, folder)

    # Formatting: what `causal fmt` writes.
    formatted = await session.ask(client.text_document_formatting_async(types.DocumentFormattingParams(
        document(uri), types.FormattingOptions(tab_size=2, insert_spaces=True)
    )))
    assert formatted and edits_applied(text, formatted).encode() == format_bytes(text.encode()).output
    assert "link    headline" in text

    # A quick fix for the typo: the name it suggests.
    actions = await session.ask(client.text_document_code_action_async(types.CodeActionParams(
        document(uri), types.Range(at(text, "putin_hope ->"), at(text, "putin_hope ->")), types.CodeActionContext([])
    )))
    (fix,) = [action for action in actions if action.title == "Change to `putin_hopes`"]
    assert "link plan_motive: putin_hopes -> air_base_mission" in edits_applied(text, fix.edit.changes[uri])

    # The user types half a statement: diagnostics say where, and hover and completion still answer.
    typing = at(text, "link plan_motive")
    client.text_document_did_change(change(uri, 4, [types.TextEdit(types.Range(typing, typing), "link rift -> \n")]))
    text = edits_applied(text, [types.TextEdit(types.Range(typing, typing), "link rift -> \n")])
    shown = await session.diagnostics(uri, 4)
    assert [d.code for d in shown] == ["CX001"]
    completed = await session.ask(client.text_document_completion_async(
        types.CompletionParams(document(uri), types.Position(typing.line, len("link rift -> ")))
    ))
    assert {"crisis", "withdrawal"} <= {item.label for item in completed.items}
    shown_hover = await session.ask(client.text_document_hover_async(
        types.HoverParams(document(uri), types.Position(typing.line, len("link ri")))
    ))
    assert "claim rift" in shown_hover.contents.value and "rift (claim): accepted" in shown_hover.contents.value

    # Requests the server cannot answer are answered empty, never with an error.
    nowhere = document((folder / "not-open.cx").as_uri())
    assert await session.ask(client.text_document_hover_async(types.HoverParams(nowhere, types.Position(0, 0)))) is None
    far = types.Position(10**6, 10**6)
    assert await session.ask(client.text_document_definition_async(types.DefinitionParams(document(uri), far))) is None
    assert (await session.ask(client.text_document_completion_async(
        types.CompletionParams(document(uri), far)
    ))).items is not None

    await session.ask(client.shutdown_async(None))
    client.exit(None)
    await asyncio.wait_for(client.stop(), TIMEOUT)
    session.errors = (await asyncio.wait_for(client._server.stderr.read(), TIMEOUT)).decode(errors="replace")
    return session


@pytest.fixture
def syria_folder(tmp_path):
    for name in ("syria.cx", "putin-pays-iran-back.txt"):
        shutil.copy(ROOT / "cases" / name, tmp_path / name)
    return tmp_path


def test_an_editor_session_on_syria_gets_every_answer_over_standard_input_and_output(syria_folder):
    session = asyncio.run(session_on_syria(syria_folder))
    assert session.client._server.returncode == 0
    assert not any("failed" in message for message in session.logged), session.logged
    assert "Traceback" not in session.errors


def test_causal_lsp_without_its_extra_says_how_to_install_it(tmp_path):
    # A `pygls` that cannot be imported, as in an install without the `lsp` extra.
    (tmp_path / "pygls").mkdir()
    (tmp_path / "pygls" / "__init__.py").write_text("raise ImportError('no pygls here', name='pygls')\n")
    result = subprocess.run(
        [sys.executable, "-m", "causal", "lsp"], capture_output=True, text=True, stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(tmp_path)}, timeout=TIMEOUT,
    )
    assert result.returncode == 2
    assert "pip install 'causal[lsp]'" in result.stderr and "Traceback" not in result.stderr


def test_causal_lsp_takes_the_stdio_flag_some_clients_add_and_ends_with_its_input():
    result = subprocess.run(
        [*server_command(), "--stdio"], capture_output=True, stdin=subprocess.DEVNULL, timeout=TIMEOUT
    )
    assert result.returncode == 0 and result.stdout == b""
