"""Each file under tests/data/verdicts/ is checked; its `#!` marks say what must be found.

The files pair findings with chain verdicts (`expect chain NAME is VERDICT`):
a verdict that does not hold is an `expectation-failed` finding, which no
file marks, so the exact comparison of marks checks the verdicts too.
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
