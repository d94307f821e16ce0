"""Each file under tests/data/rules/ is checked; its `#!` marks say what must be found."""

from __future__ import annotations

import pytest

from causal.rules.registry import RULES
from tests.conftest import TESTS
from tests.expectations import assert_findings_match_marks, data_files, expected_marks

DATA = TESTS / "data" / "rules"


@pytest.mark.parametrize("path", data_files(DATA), ids=lambda p: str(p.relative_to(DATA)))
def test_findings_match_the_marks_in_the_file(path):
    assert_findings_match_marks(path)


def test_every_rule_has_a_folder_with_a_triggering_and_a_passing_case():
    """tests/data/rules/RULE/ holds at least one file marked with the rule and one with no mark of it."""
    missing = []
    for rule in RULES:
        files = data_files(DATA / rule.name)
        marked = [path for path in files if rule.name in _rules_marked(path)]
        if not marked or len(marked) == len(files):
            missing.append(rule.name)
    assert missing == [], "these rules need tests/data/rules/RULE/ with a triggering and a passing case"


def _rules_marked(path) -> set[str]:
    return {rule for _line, rule, _severity in expected_marks(path.read_bytes().decode("utf-8", errors="replace"))}
