"""The JSON report of `causal check --format json` (schema: docs/json.md).

The shape is a public interface: keys are only ever added under a new
``version``, never renamed or removed within one. Version 3 adds the labels,
confidences, settings and the competing-hypotheses analysis to version 1;
``--json-version 1`` still writes version 1 exactly. Version 2, a
development version whose `outcomes` and labels had another shape, is retired.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from causal.analysis import CaseAnalysis
from causal.analysis.ach import analyse
from causal.analysis.chains import ChainVerdict
from causal.analysis.confidence import evidence_confidence, item_confidence, link_confidence
from causal.analysis.labels import argument_kinds
from causal.checker import FileReport
from causal.findings import Finding, Severity
from causal.printable import json_safe
from causal.render.ach_json import ach_to_json
from causal.render.summary import Summary

VERSION = 3
VERSIONS = (1, 3)


def finding_dict(finding: Finding, version: int = VERSION) -> dict:
    span = finding.span
    fields = {
        "rule": finding.rule,
        "code": finding.code,
        "severity": finding.severity.label,
        "message": finding.message,
        "help": finding.help,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
    }
    if version >= 2:
        fields["expected"] = finding.expected
    return fields


def _confidence(value: float) -> float:
    # Rounded so that the output is the same bytes on every platform.
    return round(value, 4)


def chain_dict(verdict: ChainVerdict, version: int = VERSION) -> dict:
    weakest = None
    if verdict.weakest is not None:
        weakest = {"step": verdict.weakest.text, "reason": verdict.weakest_reason}
    fields = {
        "name": verdict.name,
        "steps": list(verdict.steps),
        "verdict": verdict.verdict,
        "weakest": weakest,
    }
    if version >= 2:
        fields["confidence"] = _confidence(verdict.confidence)
        fields["weakest_first"] = [
            {"step": step.text, "confidence": _confidence(step.confidence), "reason": step.reason}
            for step in verdict.weakest_first
        ]
    return fields


def items_list(analysis: CaseAnalysis) -> list[dict]:
    """Every argument of the case's framework: its kind, label and confidence."""
    return list(_items(analysis))


def _items(analysis: CaseAnalysis) -> Iterator[dict]:
    model = analysis.model
    acceptability = analysis.labels
    several = acceptability.semantics != "grounded"
    for item, kind in argument_kinds(model).items():
        fields = {"id": item, "kind": kind, "label": acceptability.label(item).value}
        confidence = _item_confidence(analysis, item, kind)
        fields["confidence"] = None if confidence is None else _confidence(confidence)
        if several:
            fields["credulous"] = acceptability.is_credulous(item)
            fields["sceptical"] = acceptability.is_sceptical(item)
        yield fields


def _item_confidence(analysis: CaseAnalysis, item: str, kind: str) -> float | None:
    model = analysis.model
    if kind == "evidence":
        return evidence_confidence(analysis, model.evidence[item])
    if kind == "link":
        return link_confidence(analysis, model.link_index(item))
    if kind in ("event", "claim"):
        return item_confidence(analysis, item)
    return None  # sources are graded, not given a confidence


def file_dict(report: FileReport, version: int = VERSION) -> dict:
    return {key: list(value) if isinstance(value, Iterator) else value for key, value in _file(report, version).items()}


def _file(report: FileReport, version: int) -> dict:
    """A file's fields, its long lists (findings, items) made one element at a time as they are read."""
    fields = {
        "path": report.path,
        "findings": (finding_dict(finding, version) for finding in report.findings),
        "chains": [chain_dict(verdict, version) for verdict in report.chains],
    }
    if version >= 2:
        analysis = report.analysis
        fields["semantics"] = None if analysis is None else analysis.labels.semantics
        fields["acceptance"] = None if analysis is None else analysis.labels.acceptance
        fields["items"] = [] if analysis is None else _items(analysis)
        fields["outcomes"] = [] if analysis is None else ach_to_json(analyse(analysis))
    return fields


def report_dict(reports: Sequence[FileReport], version: int = VERSION) -> dict:
    report = _report(reports, version)
    report["files"] = [file_dict(report, version) for report in reports]
    return report


def _report(reports: Sequence[FileReport], version: int) -> dict:
    summary = Summary.of(reports)
    return {
        "version": version,
        "files": (_file(report, version) for report in reports),
        "summary": {severity.label: summary.count(severity) for severity in sorted(Severity, reverse=True)},
    }


def render_json(reports: Sequence[FileReport], version: int = VERSION) -> str:
    """The JSON text, indented, keys in schema order; no trailing newline.

    Text that cannot be encoded as UTF-8 (a file name with undecodable bytes,
    kept by Python as lone surrogates) is written as a JSON `\\uDCxx` escape,
    and so are DEL, the C1 controls and the bidi and invisible characters
    (`causal.printable.json_safe`): the JSON is plain text on a terminal, and
    `json.loads` gives back the very strings of the input.
    """
    return "".join(iter_json(reports, version))


# Pieces of about this many characters are handed out, so that writing them costs few calls.
_PIECE = 1 << 16


def iter_json(reports: Sequence[FileReport], version: int = VERSION) -> Iterator[str]:
    """`render_json`'s text in pieces, made as they are written.

    The report is never held whole, as text or as dicts: each finding and
    each item is turned into a dict, encoded and let go before the next. The
    pieces joined are exactly `json.dumps(report_dict(...), indent=2,
    ensure_ascii=False)`, made safe as `render_json` says.
    """
    pending: list[str] = []
    size = 0
    for part in _encode(_report(reports, version), 0):
        pending.append(part)
        size += len(part)
        if size >= _PIECE:
            yield _safe("".join(pending))
            pending, size = [], 0
    if pending:
        yield _safe("".join(pending))


def _safe(text: str) -> str:
    return json_safe(text).encode("utf-8", "backslashreplace").decode("utf-8")


def _encode(value: object, depth: int) -> Iterator[str]:
    """``value`` as `json.dumps(value, indent=2, ensure_ascii=False)` writes it at nesting ``depth``,
    in parts; a dict's and a list's members (and an iterator's, as a list) one at a time."""
    if isinstance(value, dict):
        members: Iterator = iter(value.items())
        opening, closing = "{", "}"
    elif isinstance(value, (list, tuple, Iterator)):
        members = iter(value)
        opening, closing = "[", "]"
    else:
        text = json.dumps(value, indent=2, ensure_ascii=False)
        yield text.replace("\n", "\n" + "  " * depth) if "\n" in text else text
        return
    inner = "\n" + "  " * (depth + 1)
    first = True
    for member in members:
        yield (opening if first else ",") + inner
        first = False
        if opening == "{":
            key, member = member
            yield json.dumps(key, ensure_ascii=False) + ": "
        if isinstance(member, (dict, list, tuple, Iterator)):
            yield from _encode(member, depth + 1)
        else:
            yield json.dumps(member, ensure_ascii=False)
    yield opening + closing if first else "\n" + "  " * depth + closing
