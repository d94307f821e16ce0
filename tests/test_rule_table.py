"""The rule table: stable, unique identities, and documentation examples that really work."""

from __future__ import annotations

import re

import pytest

from causal.pipeline import check_text
from causal.rules.registry import RULES

# Rules whose examples cannot be written as a case text.
NOT_TEXT_EXAMPLES = {"input-error"}


def test_names_and_codes_are_unique_and_well_formed():
    names = [rule.name for rule in RULES]
    codes = [rule.code for rule in RULES]
    assert len(set(names)) == len(names)
    assert len(set(codes)) == len(codes)
    for rule in RULES:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), rule.name
        assert re.fullmatch(r"CX\d{3}", rule.code), rule.code
        assert rule.summary and rule.finds and rule.why


def _lay_documents(rule, folder):
    for name, text in rule.documents:
        (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("rule", [r for r in RULES if r.name not in NOT_TEXT_EXAMPLES], ids=lambda r: r.name)
def test_documented_example_triggers_the_rule(rule, tmp_path):
    _lay_documents(rule, tmp_path)
    report = check_text(rule.example, path="example.cx", base_dir=tmp_path)
    assert rule.name in {f.rule for f in report.findings}, report.findings


@pytest.mark.parametrize("rule", [r for r in RULES if r.name not in NOT_TEXT_EXAMPLES], ids=lambda r: r.name)
def test_documented_passing_example_does_not_trigger_the_rule(rule, tmp_path):
    _lay_documents(rule, tmp_path)
    report = check_text(rule.passing, path="passing.cx", base_dir=tmp_path)
    assert rule.name not in {f.rule for f in report.findings}, report.findings


def test_language_doc_lists_every_rule_with_current_examples():
    from causal.rules.documentation import refresh_language_doc
    from tests.conftest import ROOT

    committed = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    assert refresh_language_doc(committed, RULES) == committed, "run `python -m causal.rules.documentation docs`"
