"""Inline expectations in test case files.

A comment `#! rule-name` (several names separated by spaces allowed) marks the
line where the checker must report a finding of that rule; a finding's line is
where its span starts. A mark may name the finding's severity, `#!
temporal-order:info`; without one, the finding has its rule's default severity.
Every finding must be marked, and every mark must be found: the comparison is
exact, so a test file also says what is *not* found, and a finding whose
severity changes fails its file.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from causal.pipeline import check_file
from causal.rules.registry import RULES_BY_NAME

MARK = re.compile(r"#!\s*([a-z0-9\-: ]+)\s*$")


def _default_severity(rule: str) -> str:
    known = RULES_BY_NAME.get(rule)
    return known.severity.label if known is not None else "?"


def expected_marks(text: str) -> Counter[tuple[int, str, str]]:
    """(line, rule, severity) for every mark in the text."""
    marks: Counter[tuple[int, str, str]] = Counter()
    for number, line in enumerate(text.splitlines(), start=1):
        match = MARK.search(line)
        if match:
            for mark in match.group(1).split():
                rule, _, severity = mark.partition(":")
                marks[(number, rule, severity or _default_severity(rule))] += 1
    return marks


def actual_marks(findings) -> Counter[tuple[int, str, str]]:
    return Counter((f.span.line, f.rule, f.severity.label) for f in findings)


def describe(findings) -> str:
    return "\n".join(f"  line {f.span.line}: {f.rule}:{f.severity.label}: {f.message}" for f in findings)


def data_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.cx"))


def assert_findings_match_marks(path: Path) -> None:
    """Read and check the case file at ``path`` as `causal check` does (its documents beside it), and compare its
    findings with its marks, exactly. The marks are read from the bytes as they are, so a file the reader refuses
    (`input-error`) can be marked too."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    report = check_file(str(path))
    expected = expected_marks(text)
    actual = actual_marks(report.findings)
    assert actual == expected, (
        f"missing: {dict(expected - actual)}\nunexpected: {dict(actual - expected)}\n"
        f"all findings:\n{describe(report.findings)}"
    )
