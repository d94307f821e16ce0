"""The Syria case end to end: what a careful analyst sees, the rendered report, and a clean exit."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from causal.cli.commands import cli
from causal.pipeline import check_text
from tests.conftest import ROOT
from tests.goldens import assert_matches_golden

CASE = ROOT / "cases" / "syria.cx"


@pytest.fixture(scope="module")
def report():
    return check_text(CASE.read_text(encoding="utf-8"), path="cases/syria.cx", base_dir=CASE.parent)


def test_the_document_beside_the_case_is_the_shared_article():
    shared = ROOT.parent / "shared" / "sources" / "putin-pays-iran-back.txt"
    if not shared.exists():
        pytest.skip("no shared/ folder beside the checkout")
    assert (CASE.parent / "putin-pays-iran-back.txt").read_bytes() == shared.read_bytes()


def test_every_finding_is_expected_by_the_case_itself(report):
    unexpected = [f for f in report.findings if not f.expected and f.severity.label != "info"]
    assert unexpected == []
    assert not any(f.rule == "expectation-failed" for f in report.findings)


def test_the_whole_narrative_rests_on_one_outlet(report):
    chain_findings = [f for f in report.findings if f.rule == "single-source" and f.subject.kind == "chain"]
    assert [str(f.subject) for f in chain_findings] == ["chain thesis"]
    assert "debka" in chain_findings[0].message


def test_the_thesis_links_are_asserted_without_evidence(report):
    unsupported = {str(f.subject) for f in report.findings if f.rule == "unsupported-link"}
    assert {"rift -> withdrawal", "crisis -> withdrawal", "no_troops -> withdrawal"} <= unsupported


def test_the_competing_accounts_of_the_air_base_are_reported(report):
    contradictions = [f for f in report.findings if f.rule == "contradiction"]
    assert any("us_pressure" in f.message and "khamenei_block" in f.message for f in contradictions)


def test_every_quote_is_found_in_the_article(report):
    assert not any(f.rule in {"quote-not-found", "document-unreadable", "unsafe-path"} for f in report.findings)


def test_the_thesis_chain_is_broken_at_its_last_step(report):
    (chain,) = report.chains
    assert chain.verdict == "broken"
    assert chain.weakest.text == "crisis -> withdrawal"


@pytest.fixture
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_text_report_matches_golden(in_root):
    result = CliRunner().invoke(cli, ["check", "--color", "never", "cases/syria.cx"])
    assert result.exit_code == 0, result.output
    assert_matches_golden("syria.txt", result.stdout)


def test_json_report_matches_golden(in_root):
    result = CliRunner().invoke(cli, ["check", "--format", "json", "cases/syria.cx"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["files"][0]["chains"][0]["verdict"] == "broken"
    assert_matches_golden("syria.json", result.stdout)


def test_dot_graph_matches_golden(in_root):
    result = CliRunner().invoke(cli, ["graph", "cases/syria.cx"])
    assert result.exit_code == 0
    assert_matches_golden("syria.dot", result.stdout)
