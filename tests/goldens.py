"""Golden files: rendered output compared with a stored copy under tests/golden/.

When output changes on purpose, rewrite the stored copies with

    UPDATE_GOLDEN=1 python -m pytest -q tests/

and review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import difflib
import os

import pytest

from tests.conftest import TESTS

GOLDEN = TESTS / "golden"
UPDATE_VARIABLE = "UPDATE_GOLDEN"


def assert_matches_golden(name: str, actual: str) -> None:
    """Compare ``actual`` with tests/golden/NAME, or (with UPDATE_GOLDEN=1) store it there."""
    path = GOLDEN / name
    if os.environ.get(UPDATE_VARIABLE):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    if not path.exists():
        pytest.fail(f"no golden file {path}; run the tests with {UPDATE_VARIABLE}=1 to create it")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"golden/{name}",
                tofile="actual",
            )
        )
        pytest.fail(
            f"output differs from golden/{name}; if the change is intended, "
            f"rerun with {UPDATE_VARIABLE}=1 and review the diff:\n{diff}"
        )
