"""The JSON report of `causal check --format json` (schema: docs/json.md).

The shape is a public interface: keys are only ever added under a new
``version``, never renamed or removed within one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from causal.chains import ChainVerdict
from causal.checker import FileReport
from causal.findings import Finding, Severity
from causal.render.summary import Summary

VERSION = 1


def finding_dict(finding: Finding) -> dict:
    span = finding.span
    return {
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


def chain_dict(verdict: ChainVerdict) -> dict:
    weakest = None
    if verdict.weakest is not None:
        weakest = {"step": verdict.weakest.text, "reason": verdict.weakest_reason}
    return {
        "name": verdict.name,
        "steps": list(verdict.steps),
        "verdict": verdict.verdict,
        "weakest": weakest,
    }


def report_dict(reports: Sequence[FileReport]) -> dict:
    summary = Summary.of(reports)
    return {
        "version": VERSION,
        "files": [
            {
                "path": report.path,
                "findings": [finding_dict(finding) for finding in report.findings],
                "chains": [chain_dict(verdict) for verdict in report.chains],
            }
            for report in reports
        ],
        "summary": {severity.label: summary.count(severity) for severity in sorted(Severity, reverse=True)},
    }


def render_json(reports: Sequence[FileReport]) -> str:
    """The JSON text, indented, keys in schema order; no trailing newline.

    Text that cannot be encoded as UTF-8 (a file name with undecodable bytes,
    kept by Python as lone surrogates) is written as a JSON `\\uDCxx` escape.
    """
    text = json.dumps(report_dict(reports), indent=2, ensure_ascii=False)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
