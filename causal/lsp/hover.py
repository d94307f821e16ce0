"""Hover: a name's declaration as written and, for what the case weighs, the line `causal explain` starts with (its
label, why, its confidence and grades); a rule's or a setting's summary.

The words come from the case, so they are shown in code blocks fenced longer than any run of backticks in them, or
with Markdown's punctuation escaped: a title cannot turn into a link or markup.
"""

from __future__ import annotations

import re

from lsprotocol import types

from causal.analysis.explain import UnknownItem, explain_tree
from causal.language import ast
from causal.lsp import scanning
from causal.lsp.diagnostics import protocol_range
from causal.lsp.names import normalised, scanned_name_at
from causal.lsp.navigation import RULE, SETTING, NameIndex
from causal.lsp.workspace import CheckedDocument, Snapshot
from causal.model.settings import SETTINGS_BY_NAME
from causal.report.tree import render_tree
from causal.rules.registry import RULES_BY_NAME

# A declaration longer than this is cut in the hover, with `...` after it.
MAX_LINES = 12
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]<|~])")


def escape_markdown(text: str) -> str:
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def code_block(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}cx\n{text}\n{fence}"


def hover(document: CheckedDocument, line: int, character: int) -> types.Hover | None:
    snapshot = document.snapshot
    exact = document.exact_snapshot()
    if exact is not None:
        point = exact.positions.point_of_position(line, character)
        use = exact.index.at(*point)
        if use is not None and use.role in (RULE, SETTING):
            return _vocabulary_hover(use.word.text, use.role, protocol_range(exact.positions, use.word.span))
        if use is not None:
            shown = _name_hover(exact, use.word.text)
            return None if shown is None else types.Hover(shown, protocol_range(exact.positions, use.word.span))
        statement = exact.index.statement_at(*point)
        if isinstance(statement, ast.LinkDecl):
            shown = _link_hover(exact, statement)
            return None if shown is None else types.Hover(shown, protocol_range(exact.positions, statement.span))
    # A name where the model has none (a statement being typed): the word under the cursor, as the scanner reads it.
    token = scanned_name_at(document, line, character)
    if token is None:
        return None
    name = normalised(token.text)
    shown = _name_hover(snapshot, name) if snapshot is not None else None
    if shown is None:
        shown = _scanned_hover(document, name)
    if shown is None:
        return None
    start = document.positions.position_of_offset(token.start)
    end = document.positions.position_of_offset(token.end)
    return types.Hover(shown, types.Range(types.Position(*start), types.Position(*end)))


def _markup(*parts: str) -> types.MarkupContent:
    return types.MarkupContent(types.MarkupKind.Markdown, "\n\n".join(part for part in parts if part))


def _written(snapshot: Snapshot, statement) -> str:
    """A statement as written in the text the snapshot was made from, cut to `MAX_LINES` lines."""
    span = statement.span
    lines = [snapshot.positions.line_text(number - 1) for number in range(span.line, span.end_line + 1)]
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES], "..."]
    return "\n".join(lines)


def _explained(snapshot: Snapshot, item: str) -> str:
    """The first line of `causal explain` for ``item``; "" for what it does not explain (actors, hypotheses)."""
    report = snapshot.report
    if report.analysis is None:
        return ""
    try:
        return escape_markdown(render_tree(explain_tree(report.analysis, report.chains, item, expand=False)))
    except UnknownItem:
        return ""


def _name_hover(snapshot: Snapshot, name: str) -> types.MarkupContent | None:
    index: NameIndex = snapshot.index
    declared = index.model.declarations.get(name)
    if declared is None:
        return None
    return _markup(code_block(_written(snapshot, declared)), _explained(snapshot, name))


def _link_hover(snapshot: Snapshot, link: ast.LinkDecl) -> types.MarkupContent | None:
    model = snapshot.index.model
    index = next((number for number, each in enumerate(model.links) if each is link), None)
    if index is None:
        return None
    return _markup(code_block(_written(snapshot, link)), _explained(snapshot, model.link_id_of(index)))


def _vocabulary_hover(word: str, role: str, where: types.Range) -> types.Hover | None:
    if role == RULE:
        rule = RULES_BY_NAME.get(word)
        if rule is None:
            return None
        shown = f"**{rule.name}** ({rule.code}, {rule.severity.label}): {escape_markdown(rule.summary)}"
    else:
        spec = SETTINGS_BY_NAME.get(word)
        if spec is None:
            return None
        shown = f"`{spec.syntax}`: {escape_markdown(spec.summary)} Default: {escape_markdown(spec.default)}."
    return types.Hover(_markup(shown), where)


def _scanned_hover(document: CheckedDocument, name: str) -> types.MarkupContent | None:
    """A declaration the model does not know, as the scanner finds it in the current text: its first line."""
    for declared in scanning.declared_names(scanning.scan(document.text)):
        if normalised(declared.name.text) == name:
            line, _ = document.positions.position_of_offset(declared.statement.start)
            return _markup(code_block(document.positions.line_text(line)))
    return None
