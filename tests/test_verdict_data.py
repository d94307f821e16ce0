"""Each file under tests/data/verdicts/ is checked like tests/data/rules/: its `#!` marks say what must be found.

These cases pin down verdicts of the analysis (conflicts, statuses, reporting
paths, grades, chains, times, ACH standings and process tracing) rather than
one rule each; their `expect` lines say what the case must conclude. A
verdict that does not hold is an `expectation-failed` finding, which no file
marks, so the exact comparison of marks checks the verdicts too. A file's
`# explain: ID` lines name items whose `causal explain` output is kept as a
golden (the `causal ach` goldens of the `ach-*` cases are in tests/test_ach.py).
"""

from __future__ import annotations

import re

import pytest

from causal.analysis.explain import explain_tree
from causal.pipeline import check_text
from causal.report.tree import render_tree
from tests.conftest import TESTS
from tests.expectations import assert_findings_match_marks, data_files
from tests.goldens import assert_matches_golden

DATA = TESTS / "data" / "verdicts"


@pytest.mark.parametrize("path", data_files(DATA), ids=lambda p: str(p.relative_to(DATA)))
def test_findings_match_the_marks_in_the_file(path):
    assert_findings_match_marks(path)


EXPLAIN = re.compile(r"^# explain: (.+)$", re.MULTILINE)


@pytest.mark.parametrize(
    "path",
    [path for path in data_files(DATA) if EXPLAIN.search(path.read_text(encoding="utf-8"))],
    ids=lambda p: str(p.relative_to(DATA)),
)
def test_explain_output_matches_its_golden(path):
    """`causal explain` of the items a file names in `# explain: ID` lines, kept as goldens beside the others."""
    text = path.read_text(encoding="utf-8")
    report = check_text(text, path=path.name, base_dir=path.parent)
    shown = []
    for wanted in EXPLAIN.findall(text):
        shown.append(f"$ causal explain {path.name} {wanted}")
        shown.append(render_tree(explain_tree(report.analysis, report.chains, wanted.strip())))
    assert_matches_golden(f"verdicts/{path.stem}.explain.txt", "\n".join(shown) + "\n")
