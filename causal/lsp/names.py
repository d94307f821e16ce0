"""Go to definition, find references, rename and the outline, from the model's names (causal.lsp.navigation).

When the text does not parse, the model is that of the text with the broken statements blanked
(causal.lsp.recovery): its positions are still the text's. The names inside the blanked statements are found by the
scanner, so that references and a rename reach them too; a name under the cursor there is read by the scanner.
Without any model of the current text, definitions come from the scanner alone, and rename is refused.
"""

from __future__ import annotations

import re
import unicodedata

from lsprotocol import types

from causal.language import ast
from causal.lsp import scanning
from causal.lsp.diagnostics import protocol_range
from causal.lsp.navigation import RULE, SETTING
from causal.lsp.workspace import CheckedDocument, Snapshot
from causal.model.case_model import KIND_OF_DECLARATION


class RenameRefused(ValueError):
    """A rename that would break the case; the message says why, for the editor to show."""


_SYMBOL_KINDS = {
    "source": types.SymbolKind.Module,
    "actor": types.SymbolKind.Class,
    "event": types.SymbolKind.Event,
    "claim": types.SymbolKind.Constant,
    "evidence": types.SymbolKind.Field,
    "link": types.SymbolKind.Operator,
    "contradiction": types.SymbolKind.Enum,
    "chain": types.SymbolKind.Function,
    "hypothesis": types.SymbolKind.Interface,
}


def _range(document: CheckedDocument, start: int, end: int) -> types.Range:
    positions = document.positions
    return types.Range(
        types.Position(*positions.position_of_offset(start)), types.Position(*positions.position_of_offset(end))
    )


def scanned_name_at(document: CheckedDocument, line: int, character: int) -> scanning.Token | None:
    """The name under the cursor (or just before it) as the scanner reads its line."""
    positions = document.positions
    if not 0 <= line < positions.line_count:
        return None
    offset = positions.offset_of_position(line, character)
    start = positions.offset_of_position(line, 0)
    for token in scanning.scan(positions.text, start, start + len(positions.line_text(line))):
        if token.kind == scanning.NAME and token.start <= offset <= token.end:
            return token
    return None


def name_at(document: CheckedDocument, line: int, character: int) -> tuple[str, types.Range] | None:
    """The case name under the cursor (not a rule's or a setting's) and its range."""
    exact = document.exact_snapshot()
    if exact is not None:
        use = exact.index.at(*exact.positions.point_of_position(line, character))
        if use is not None:
            if use.role in (RULE, SETTING):
                return None
            return use.word.text, protocol_range(exact.positions, use.word.span)
        if not _in_blanked(exact, exact.positions.offset_of_position(line, character)):
            return None
    token = scanned_name_at(document, line, character)
    if token is None:
        return None
    return normalised(token.text), _range(document, token.start, token.end)


def normalised(name: str) -> str:
    # As the parser reads a name (causal.language.parser): compatibility-normalised.
    return name if name.isascii() else unicodedata.normalize("NFKC", name)


def _in_blanked(snapshot: Snapshot, offset: int) -> bool:
    return any(start <= offset < end for start, end in snapshot.blanked)


def _blanked_uses(document: CheckedDocument, snapshot: Snapshot, name: str) -> list[types.Range]:
    """The name's tokens inside the statements that were blanked out (they are not in the model)."""
    found = []
    for start, end in snapshot.blanked:
        for token in scanning.scan(document.text, start, end):
            if token.kind == scanning.NAME and normalised(token.text) == name:
                found.append(_range(document, token.start, token.end))
    return found


def definition(document: CheckedDocument, line: int, character: int) -> list[types.Location] | None:
    found = name_at(document, line, character)
    if found is None:
        return None
    name, _ = found
    exact = document.exact_snapshot()
    if exact is not None:
        word = exact.index.declaration(name)
        if word is not None:
            return [types.Location(document.uri, protocol_range(exact.positions, word.span))]
    for declared in scanning.declared_names(scanning.scan(document.text)):
        if normalised(declared.name.text) == name:
            return [types.Location(document.uri, _range(document, declared.name.start, declared.name.end))]
    return None


def references(document: CheckedDocument, line: int, character: int, include_declaration: bool) -> list[types.Location]:
    found = name_at(document, line, character)
    if found is None:
        return []
    name, _ = found
    exact = document.exact_snapshot()
    if exact is None:
        # No model of this text: every token that reads as the name.
        tokens = scanning.scan(document.text)
        return [
            types.Location(document.uri, _range(document, token.start, token.end))
            for token in tokens
            if token.kind == scanning.NAME and normalised(token.text) == name
        ]
    ranges = [
        protocol_range(exact.positions, use.word.span)
        for use in exact.index.uses_of(name)
        if include_declaration or not use.declares
    ]
    ranges += _blanked_uses(document, exact, name)
    ranges.sort(key=lambda each: (each.start.line, each.start.character))
    return [types.Location(document.uri, each) for each in ranges]


def prepare_rename(document: CheckedDocument, line: int, character: int) -> types.Range | None:
    if document.exact_snapshot() is None:
        return None
    found = name_at(document, line, character)
    return None if found is None else found[1]


def rename(document: CheckedDocument, line: int, character: int, new_name: str) -> types.WorkspaceEdit | None:
    exact = document.exact_snapshot()
    if exact is None:
        raise RenameRefused("the case does not parse; fix its syntax errors first, then rename")
    found = name_at(document, line, character)
    if found is None:
        return None
    name, _ = found
    _check_new_name(exact, name, new_name)
    ranges = [protocol_range(exact.positions, use.word.span) for use in exact.index.uses_of(name)]
    ranges += _blanked_uses(document, exact, name)
    edits = [types.TextEdit(each, new_name) for each in sorted(ranges, key=lambda r: (r.start.line, r.start.character))]
    return types.WorkspaceEdit(changes={document.uri: edits})


def _check_new_name(snapshot: Snapshot, old: str, new: str) -> None:
    name_pattern = scanning.terminal_pattern(scanning.NAME)
    if not re.fullmatch(name_pattern, new):
        raise RenameRefused(
            f"`{new}` is not a name: a name is letters, digits and underscores, not starting with a digit, with inner "
            "hyphens allowed"
        )
    if new in scanning.keywords():
        raise RenameRefused(f"`{new}` is a keyword of the case language; choose another name")
    meant = normalised(new)
    declared = snapshot.index.model.declarations.get(meant)
    if meant != old and declared is not None:
        raise RenameRefused(f"`{meant}` is already declared on line {declared.span.line}")


def document_symbols(document: CheckedDocument) -> list[types.DocumentSymbol]:
    exact = document.exact_snapshot()
    if exact is None:
        return _scanned_symbols(document)
    symbols = []
    for statement in exact.index.statements:
        kind = KIND_OF_DECLARATION.get(type(statement))
        if kind is None:
            continue
        name_word = statement.name
        if isinstance(statement, ast.LinkDecl) and name_word is None:
            written = f"{', '.join(word.text for word in statement.causes)} -> {statement.effect.text}"
            selection = statement.causes[0].span.cover(statement.effect.span)
        else:
            written, selection = name_word.text, name_word.span
        title = getattr(statement, "title", None)
        symbols.append(types.DocumentSymbol(
            name=written,
            kind=_SYMBOL_KINDS[kind],
            range=protocol_range(exact.positions, statement.span),
            selection_range=protocol_range(exact.positions, selection),
            detail=kind if title is None else f"{kind}: {title.value}",
        ))
    return symbols


def _scanned_symbols(document: CheckedDocument) -> list[types.DocumentSymbol]:
    symbols = []
    for declared in scanning.declared_names(scanning.scan(document.text)):
        line, _ = document.positions.position_of_offset(declared.statement.start)
        end = document.positions.offset_of_position(line, 0) + len(document.positions.line_text(line))
        symbols.append(types.DocumentSymbol(
            name=declared.name.text,
            kind=_SYMBOL_KINDS[declared.kind],
            range=_range(document, declared.statement.start, max(end, declared.name.end)),
            selection_range=_range(document, declared.name.start, declared.name.end),
            detail=declared.kind,
        ))
    return symbols
