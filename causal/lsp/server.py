"""`causal lsp`: the language server, over standard input and output, built on pygls.

This module only wires the protocol to the other modules of causal.lsp: the open documents (workspace), their
diagnostics, names, hover, completion, quick fixes and formatting. Every handler is guarded: an input the server
cannot make sense of gets an empty answer and a line in the client's log, never a traceback and never the end of
the server.

Diagnostics are published when the typing pauses: a change schedules a check `PAUSE` seconds later, a later change
puts it off again, so a burst of keystrokes is checked once, on the latest text. A request in the meantime (hover,
completion...) checks the text it is about at once; its diagnostics are then published too.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from pathlib import Path

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from causal.version import __version__
from causal.language.parser import parse
from causal.lsp.actions import code_actions, formatting
from causal.lsp.completion import completion
from causal.lsp.diagnostics import diagnostics, rules_documentation
from causal.lsp.hover import hover
from causal.lsp.names import RenameRefused, definition, document_symbols, prepare_rename, references, rename
from causal.lsp.positions import ENCODINGS, UTF16
from causal.lsp.workspace import Workspace, check_document

NAME = "causal"
# Characters after which an editor asks for completion without being asked: a space after a keyword, a list's comma,
# an arrow's `>`, a label's or a chain's colon.
TRIGGER_CHARACTERS = [" ", ",", ">", ":"]
_REQUEST_FAILED = types.LSPErrorCodes.RequestFailed.value
# How long the typing must pause before a changed document is checked and its diagnostics published: shorter than
# anyone notices, longer than the time between the keystrokes of a word typed fast.
PAUSE = 0.05

logger = logging.getLogger(__name__)


class CausalServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(NAME, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.documents = Workspace()
        self.rules_documentation: str | None = None
        self.pending: dict[str, asyncio.TimerHandle] = {}  # the scheduled check of each changed document


def _guarded(empty=None):
    """Run a handler so that a failure inside it is logged and answered with ``empty``, never raised."""

    def wrap(handler):
        @functools.wraps(handler)
        def guarded(server: CausalServer, params):
            try:
                return handler(server, params)
            except JsonRpcException:
                raise  # an answer meant for the client, such as a refused rename
            except Exception as error:  # noqa: BLE001 - a server that stops helps no one; the log says what failed
                _log(server, f"{handler.__name__} failed: {type(error).__name__}: {error}")
                return empty() if callable(empty) else empty

        return guarded

    return wrap


def _log(server: CausalServer, message: str) -> None:
    logger.error("%s", message)
    try:
        server.window_log_message(types.LogMessageParams(types.MessageType.Error, f"causal lsp: {message}"))
    except Exception:  # noqa: BLE001 - no client to tell: the log above has it
        pass


def create_server() -> CausalServer:
    server = CausalServer()

    @server.feature(types.INITIALIZE)
    @_guarded()
    def initialize(ls: CausalServer, params: types.InitializeParams) -> None:
        chosen = ls.workspace.position_encoding or UTF16
        encoding = str(getattr(chosen, "value", chosen))
        root = None
        folders = params.workspace_folders or []
        root_uri = folders[0].uri if folders else params.root_uri
        if root_uri and root_uri.startswith("file:"):
            path = to_fs_path(root_uri)
            root = Path(path) if path else None
        ls.documents = Workspace(encoding if encoding in ENCODINGS else UTF16, root)
        options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        given = options.get("rulesDocumentation")
        ls.rules_documentation = rules_documentation(given if isinstance(given, str) else None)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @_guarded()
    def did_open(ls: CausalServer, params: types.DidOpenTextDocumentParams) -> None:
        document = params.text_document
        ls.documents.open(document.uri, document.text, document.version)
        _schedule(ls, document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @_guarded()
    def did_change(ls: CausalServer, params: types.DidChangeTextDocumentParams) -> None:
        changes = []
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                bounds = change.range
                changes.append(((bounds.start.line, bounds.start.character, bounds.end.line, bounds.end.character),
                                change.text))
            else:
                changes.append((None, change.text))
        uri = params.text_document.uri
        ls.documents.change(uri, changes, params.text_document.version)
        _schedule(ls, uri, PAUSE)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @_guarded()
    def did_close(ls: CausalServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.documents.close(uri)
        pending = ls.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @_guarded()
    def goto_definition(ls: CausalServer, params: types.DefinitionParams):
        document = ls.documents.checked(params.text_document.uri)
        return None if document is None else definition(document, params.position.line, params.position.character)

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    @_guarded(list)
    def find_references(ls: CausalServer, params: types.ReferenceParams):
        document = ls.documents.checked(params.text_document.uri)
        if document is None:
            return []
        position = params.position
        return references(document, position.line, position.character, params.context.include_declaration)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @_guarded()
    def on_hover(ls: CausalServer, params: types.HoverParams):
        document = ls.documents.checked(params.text_document.uri)
        return None if document is None else hover(document, params.position.line, params.position.character)

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=TRIGGER_CHARACTERS))
    @_guarded(lambda: types.CompletionList(is_incomplete=False, items=[]))
    def on_completion(ls: CausalServer, params: types.CompletionParams):
        document = ls.documents.checked(params.text_document.uri)
        if document is None:
            return types.CompletionList(is_incomplete=False, items=[])
        return completion(document, params.position.line, params.position.character)

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    @_guarded()
    def on_prepare_rename(ls: CausalServer, params: types.PrepareRenameParams):
        document = ls.documents.checked(params.text_document.uri)
        return None if document is None else prepare_rename(document, params.position.line, params.position.character)

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    @_guarded()
    def on_rename(ls: CausalServer, params: types.RenameParams):
        document = ls.documents.checked(params.text_document.uri)
        if document is None:
            return None
        try:
            return rename(document, params.position.line, params.position.character, params.new_name)
        except RenameRefused as refused:
            raise JsonRpcException(str(refused), _REQUEST_FAILED) from None

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @_guarded(list)
    def on_document_symbol(ls: CausalServer, params: types.DocumentSymbolParams):
        document = ls.documents.checked(params.text_document.uri)
        return [] if document is None else document_symbols(document)

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    @_guarded()
    def on_formatting(ls: CausalServer, params: types.DocumentFormattingParams):
        document = ls.documents.checked(params.text_document.uri)
        return None if document is None else formatting(document)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix])
    )
    @_guarded(list)
    def on_code_action(ls: CausalServer, params: types.CodeActionParams):
        document = ls.documents.checked(params.text_document.uri)
        return [] if document is None else code_actions(document, params.range, ls.rules_documentation)

    return server


def _schedule(server: CausalServer, uri: str, delay: float) -> None:
    """Check the document and publish its diagnostics after ``delay`` seconds, unless it changes again before."""
    pending = server.pending.pop(uri, None)
    if pending is not None:
        pending.cancel()
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # no event loop (a handler called directly): at once
        _publish(server, uri)
        return
    server.pending[uri] = loop.call_later(delay, _publish, server, uri)


def _publish(server: CausalServer, uri: str) -> None:
    server.pending.pop(uri, None)
    try:
        document = server.documents.unpublished(uri)
        if document is None:
            return  # closed, or published for this version already
        found = diagnostics(document.report.findings, document.positions, server.rules_documentation)
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=document.version, diagnostics=found)
        )
    except Exception as error:  # noqa: BLE001 - the next change is checked afresh
        _log(server, f"checking {uri} failed: {type(error).__name__}: {error}")


def warm_up() -> None:
    """Load the grammar and the rule table, and check a small case once, so that the first keystroke is not slow."""
    parse('case "warm-up"')
    check_document("untitled:warm-up", 'event a "a"\nevent b "b"\nlink a -> b assumed "warm-up"\n', 1)


def serve() -> None:
    """Run the server on standard input and output until the client says exit."""
    warm_up()
    create_server().start_io()
