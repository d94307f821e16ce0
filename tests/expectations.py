"""Inline expectations in test case files.

A comment `#! rule-name` (several names separated by spaces allowed) marks the
line where the checker must report a finding of that rule; a finding's line is
where its span starts. Every finding must be marked, and every mark must be
found: the comparison is exact, so a test file also says what is *not* found.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from causal.pipeline import check_text

MARK = re.compile(r"#!\s*([a-z0-9\- ]+)\s*$")


def expected_marks(text: str) -> Counter[tuple[int, str]]:
    marks: Counter[tuple[int, str]] = Counter()
    for number, line in enumerate(text.splitlines(), start=1):
        match = MARK.search(line)
        if match:
            for rule in match.group(1).split():
                marks[(number, rule)] += 1
    return marks


def actual_marks(findings) -> Counter[tuple[int, str]]:
    return Counter((f.span.line, f.rule) for f in findings)


def describe(findings) -> str:
    return "\n".join(f"  line {f.span.line}: {f.rule}: {f.message}" for f in findings)


def data_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.cx"))


def assert_findings_match_marks(path: Path) -> None:
    """Check the case file at ``path`` (its documents beside it) and compare its findings with its marks, exactly."""
    text = path.read_text(encoding="utf-8")
    report = check_text(text, path=str(path), base_dir=path.parent)
    expected = expected_marks(text)
    actual = actual_marks(report.findings)
    assert actual == expected, (
        f"missing: {dict(expected - actual)}\nunexpected: {dict(actual - expected)}\n"
        f"all findings:\n{describe(report.findings)}"
    )
