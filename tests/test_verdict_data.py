"""Each file under tests/data/verdicts/ is checked like tests/data/rules/: its `#!` marks say what must be found.

These cases pin down verdicts of the analysis (ACH standings, process tracing,
chain and time judgements) rather than one rule each; their `expect` lines say
what the case must conclude.
"""

from __future__ import annotations

import pytest

from causal.checker import check_text
from tests.conftest import TESTS
from tests.expectations import actual_marks, data_files, describe, expected_marks

DATA = TESTS / "data" / "verdicts"


@pytest.mark.parametrize("path", data_files(DATA), ids=lambda p: str(p.relative_to(DATA)))
def test_findings_match_the_marks_in_the_file(path):
    text = path.read_text(encoding="utf-8")
    report = check_text(text, path=str(path), base_dir=path.parent)
    expected = expected_marks(text)
    actual = actual_marks(report.findings)
    assert actual == expected, (
        f"missing: {dict(expected - actual)}\nunexpected: {dict(actual - expected)}\n"
        f"all findings:\n{describe(report.findings)}"
    )
