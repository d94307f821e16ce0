"""Quick fixes for the findings whose help is mechanical, and formatting through `causal fmt`.

The fixes do what the finding's help says, and nothing the help leaves to the analyst:

- a help that ends in "Did you mean `NAME`?" (a mistyped name, rule or setting): write NAME instead;
- `unsupported-link`: add `assumed "…"` to the link, for the analyst to give the reason;
- `undefined-name`: declare the name, on a line before the statement that uses it, as each kind of thing that may
  stand where it is used (an event or a claim after `->`, evidence after `because`...), with `"…"` for its title.
"""

from __future__ import annotations

import re

from lsprotocol import types

from causal.inputs.spans import Span
from causal.language import ast
from causal.language.formatter import FormatterBug, format_bytes
from causal.lsp import scanning
from causal.lsp.diagnostics import diagnostic, protocol_range
from causal.lsp.workspace import CheckedDocument
from causal.rules.findings import Finding

PLACEHOLDER = '"…"'
_DID_YOU_MEAN = re.compile(r"Did you mean `([^`]+)`\?")
# How a declaration of each kind is written when a quick fix adds one, in the order they are offered. Evidence names
# its source and a hypothesis its outcome: the words in capitals are for the analyst to replace.
DECLARATIONS = {
    "event": 'event {name} "…"',
    "claim": 'claim {name} "…"',
    "source": 'source {name} "…"',
    "actor": 'actor {name} "…"',
    "evidence": "evidence {name} from SOURCE",
    "hypothesis": 'hypothesis {name} "…" explains OUTCOME',
}
_ARTICLES = {"event": "an event", "actor": "an actor", "evidence": "evidence", "hypothesis": "a hypothesis"}


def _overlaps(first: types.Range, second: types.Range) -> bool:
    def key(position: types.Position) -> tuple[int, int]:
        return position.line, position.character

    return key(first.start) <= key(second.end) and key(second.start) <= key(first.end)


def code_actions(document: CheckedDocument, wanted: types.Range, documentation: str | None) -> list[types.CodeAction]:
    actions: list[types.CodeAction] = []
    for finding in document.report.findings:
        where = protocol_range(document.positions, finding.span)
        if not _overlaps(where, wanted):
            continue
        shown = diagnostic(finding, document.positions, documentation)
        for title, edits, preferred in _fixes(document, finding):
            actions.append(types.CodeAction(
                title=title,
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[shown],
                is_preferred=preferred or None,
                edit=types.WorkspaceEdit(changes={document.uri: edits}),
            ))
    return actions


def _fixes(document: CheckedDocument, finding: Finding):
    """(title, edits, preferred) for each fix of one finding."""
    close = _DID_YOU_MEAN.search(finding.help)
    if close is not None and _is_one_name(document, finding.span):
        suggestion = close.group(1)
        edit = types.TextEdit(protocol_range(document.positions, finding.span), suggestion)
        yield f"Change to `{suggestion}`", [edit], True
    if finding.rule == "unsupported-link":
        link = _statement_at(document, finding.span, ast.LinkDecl)
        if link is not None and link.assumed is None:
            end = protocol_range(document.positions, link.span).end
            edit = types.TextEdit(types.Range(end, end), f" assumed {PLACEHOLDER}")
            yield f"Add `assumed {PLACEHOLDER}`", [edit], False
    if finding.rule == "undefined-name":
        yield from _declarations(document, finding)


def _is_one_name(document: CheckedDocument, span: Span) -> bool:
    """Whether the finding's span holds exactly one name, as written (so that replacing it replaces that name)."""
    if span.line != span.end_line:
        return False
    positions = document.positions
    start = positions.offset_of_point(span.line, span.column)
    end = positions.offset_of_point(span.end_line, span.end_column)
    tokens = scanning.scan(document.text, start, end)
    return len(tokens) == 1 and tokens[0].kind == scanning.NAME and (tokens[0].start, tokens[0].end) == (start, end)


def _statement_at(document: CheckedDocument, span: Span, kind: type):
    snapshot = document.exact_snapshot()
    if snapshot is None or snapshot.report is not document.report:
        return None
    statement = snapshot.index.statement_at(span.line, span.column)
    return statement if isinstance(statement, kind) else None


def _declarations(document: CheckedDocument, finding: Finding):
    snapshot = document.exact_snapshot()
    if snapshot is None or snapshot.report is not document.report:
        return
    use = snapshot.index.at(finding.span.line, finding.span.column)
    # A name that anything may be (an `expect` line's target) is no mistake of kind to fix by declaring it.
    if use is None or use.declares or len(use.kinds) >= len(DECLARATIONS):
        return
    line = protocol_range(document.positions, use.statement.span).start.line
    # The new declaration goes on a line of its own before the statement, indented as the statement's line is.
    line_text = document.positions.line_text(line)
    indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
    start = types.Position(line, 0)
    line_end = "\r\n" if "\r\n" in document.text else "\n"
    for kind, written in DECLARATIONS.items():
        if kind in use.kinds:
            text = indent + written.format(name=use.word.text) + line_end
            article = _ARTICLES.get(kind, f"a {kind}")
            yield f"Declare `{use.word.text}` as {article}", [types.TextEdit(types.Range(start, start), text)], False


def formatting(document: CheckedDocument) -> list[types.TextEdit] | None:
    """The edit that lays the document out as `causal fmt` would; None when it does not parse (nothing to do)."""
    text = document.text
    try:
        formatted = format_bytes(text.encode("utf-8", "surrogatepass"))
    except FormatterBug:
        return None
    if formatted.output is None:
        return None
    new = formatted.output.decode("utf-8")
    if new == text:
        return []
    # One edit over the part that changed, so that the editor keeps the cursor and the folds around it.
    head = 0
    limit = min(len(text), len(new))
    while head < limit and text[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and text[len(text) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    # Never between the two characters of a CRLF: a position there is the line's end, before both.
    if 0 < head and text[head - 1] == "\r":
        head -= 1
    end = len(text) - tail
    if 0 < end < len(text) and text[end - 1] == "\r" and text[end] == "\n":
        tail -= 1
    positions = document.positions
    start = types.Position(*positions.position_of_offset(head))
    end = types.Position(*positions.position_of_offset(len(text) - tail))
    return [types.TextEdit(types.Range(start, end), new[head : len(new) - tail])]
