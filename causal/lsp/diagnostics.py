"""Findings as the protocol's diagnostics: the same findings `causal check` reports, at the same places.

Severities map one to one; a finding that an `expect` line accounts for is information, marked `(expected)`, as it
does not fail `causal check` either. Each diagnostic carries its rule's code and a link to the rule's documentation.
"""

from __future__ import annotations

import os
from pathlib import Path

from lsprotocol import types

from causal.version import __version__
from causal.inputs.spans import Span
from causal.lsp.positions import DocumentPositions
from causal.rules.findings import Finding, Severity

SOURCE = "causal"
_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
# Names that nothing uses are shown faded, as editors show unused code.
_UNNECESSARY = frozenset({"unused-declaration"})


def protocol_range(positions: DocumentPositions, span: Span) -> types.Range:
    (start_line, start_character), (end_line, end_character) = positions.range_of_span(span)
    return types.Range(types.Position(start_line, start_character), types.Position(end_line, end_character))


def rules_documentation(override: str | None = None) -> str | None:
    """Where the rules' documentation is, as a URI that a rule's name is appended to as a fragment.

    A URI the client gave (initialization option `rulesDocumentation`) wins. Else docs/rules.md of the source tree
    causal runs from, when there is one (a clone, an editable install); else the same page as this version's rule
    table writes it (`causal rules --markdown`), kept in the user's cache folder. None if none of these can be had.
    """
    if override:
        return override.split("#", 1)[0]
    found = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
    if found.is_file():
        return found.as_uri()
    return _cached_rules_page()


def _cached_rules_page() -> str | None:
    from causal.rules.documentation import markdown
    from causal.rules.registry import RULES

    try:
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "causal"
        page = cache / f"rules-{__version__}.md"
        text = markdown(RULES) + "\n"
        if not page.is_file() or page.read_text(encoding="utf-8") != text:
            cache.mkdir(parents=True, exist_ok=True)
            page.write_text(text, encoding="utf-8")
        return page.resolve().as_uri()
    except (OSError, RuntimeError, ValueError):  # no home folder, a read-only one: no link, but diagnostics still
        return None


def diagnostic(finding: Finding, positions: DocumentPositions, documentation: str | None) -> types.Diagnostic:
    message = finding.message + (" (expected)" if finding.expected else "")
    if finding.help:
        message += f"\nhelp: {finding.help}"
    return types.Diagnostic(
        range=protocol_range(positions, finding.span),
        message=message,
        severity=types.DiagnosticSeverity.Information if finding.expected else _SEVERITIES[finding.severity],
        code=finding.code,
        code_description=None if documentation is None else types.CodeDescription(f"{documentation}#{finding.rule}"),
        source=SOURCE,
        tags=[types.DiagnosticTag.Unnecessary] if finding.rule in _UNNECESSARY else None,
        data={"rule": finding.rule},
    )


def diagnostics(findings: tuple[Finding, ...], positions: DocumentPositions, documentation: str | None):
    return [diagnostic(finding, positions, documentation) for finding in findings]
