"""Each file under tests/data/rules/ is checked; its `#!` marks say what must be found."""

from __future__ import annotations

import pytest

from tests.conftest import TESTS
from tests.expectations import assert_findings_match_marks, data_files

DATA = TESTS / "data" / "rules"


@pytest.mark.parametrize("path", data_files(DATA), ids=lambda p: str(p.relative_to(DATA)))
def test_findings_match_the_marks_in_the_file(path):
    assert_findings_match_marks(path)
