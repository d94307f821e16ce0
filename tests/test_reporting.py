"""Reporting paths along `via` (causal/model/reporting.py): walked once, whatever their depth or shape."""

from __future__ import annotations

import pytest

from causal.language import ast
from causal.model.reporting import trace_reporting
from causal.pipeline import check_text


def _sources(text: str):
    report = check_text(text, path="case.cx")
    return report.model.reporting


DIAMOND = """
source s "S" via n, m
source n "N" via c
source m "M" via c
source c "C"
"""


def test_the_nearest_source_with_a_document_is_found_through_a_shared_carrier():
    """s via n, m; both carried by c, the only one with a document: every one of them finds c,
    whichever carrier the walk meets first (a pre-order walk answered n before c was known)."""
    reporting = _sources(DIAMOND)
    for order in (["s", "n", "m", "c"], ["c", "m", "n", "s"], ["m", "s"]):
        known: dict[str, str | None] = {}
        assert [reporting.nearest(name, {"c"}.__contains__, known) for name in order] == ["c"] * len(order)


def test_a_loop_finds_nothing_on_the_way_back_and_still_ends():
    reporting = _sources('source a "A" via b\nsource b "B" via a\n')
    assert reporting.nearest("a", lambda name: False, {}) is None
    assert reporting.loops == (("a", "b"),)


@pytest.mark.slow
def test_a_deep_path_is_described_with_its_middle_elided_and_its_outlet_kept():
    depth = 3_000
    text = "\n".join(f'source s{i} "S{i}" via s{i + 1}' for i in range(depth)) + f'\nsource s{depth} "End"\n'
    reporting = _sources(text)
    assert reporting.describe("s0") == "s0 via s1 via s2 via s3 via ... via s3000"
    assert reporting.describe("s2998") == "s2998 via s2999 via s3000"
    assert reporting.reaching(["s2999"])["s0"] == ["s2999"]
    assert "s3000" not in reporting.reaching(["s2999"])


def test_outlets_and_grades_are_shared_sets_along_a_path():
    sources = {name: ast.SourceDecl(ast.Word(name), ast.Text(name), via=(ast.Word("out"),), span=None) for name in "abc"}
    sources["out"] = ast.SourceDecl(ast.Word("out"), ast.Text("out"), span=None)
    reporting = trace_reporting(sources, {"a": "A", "b": "B", "c": "A", "out": "C"})
    assert reporting.outlets["a"] == reporting.outlets["b"] == frozenset({"out"})
    assert reporting.outlets["a"] is reporting.outlets["b"]
    assert reporting.path_grades["a"] == frozenset({"A", "C"}) and reporting.path_grades["a"] is reporting.path_grades["c"]


def test_a_quote_from_deep_in_a_long_relay_is_checked_against_the_document_at_its_end(tmp_path):
    depth = 2_000
    (tmp_path / "paper.txt").write_text("The minister resigned on Monday.", encoding="utf-8")
    lines = [f'source s{i} "S{i}" via s{i + 1}' for i in range(depth)]
    lines.append(f'source s{depth} "The paper" document "paper.txt"')
    lines += [f'evidence e{i} from s{i} quote "resigned on Monday"' for i in range(0, depth, 10)]
    lines.append('evidence wrong from s5 quote "resigned on Tuesday"')
    report = check_text("\n".join(lines) + "\n", path=str(tmp_path / "case.cx"), base_dir=tmp_path)
    missing = [f for f in report.findings if f.rule == "quote-not-found"]
    assert [f.subject.names for f in missing] == [("wrong",)]
    assert f"source s{depth} (which reports s5)" in missing[0].message


def test_the_shared_source_of_two_deep_relays_is_found_without_walking_them_whole():
    """Two speakers whose 200-deep relays meet only at the outlet: the outlet is named."""
    depth = 200
    lines = [f'source a{i} "A{i}" via a{i + 1}' for i in range(depth)] + [f'source a{depth} "A" via out']
    lines += [f'source b{i} "B{i}" via b{i + 1}' for i in range(depth)] + [f'source b{depth} "B" via out']
    lines.append('source out "The outlet"')
    reporting = _sources("\n".join(lines) + "\n")
    assert reporting.common_sources(["a0", "b0"]) == ["out"]
    assert reporting.common_sources(["a0", "a3"]) == [f"a{i}" for i in range(3, 64)]  # as far as it looks
