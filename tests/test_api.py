"""The Python API (causal.api, docs/api.md): it agrees with `causal check`, its options work, bad input is findings
and wrong arguments are clear errors."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import causal
from causal.cli.commands import cli
from causal.cli.exit_codes import PASSED
from causal.report.html_report import drawn_page
from tests.conftest import ROOT, TESTS

EXAMPLES = sorted([*(ROOT / "cases").glob("*.cx"), *(ROOT / "docs" / "examples").glob("*.cx")])
# Besides the examples: a case with every kind of finding, one with competing hypotheses, one that is clean.
CLI_CASES = sorted((TESTS / "data" / "cli").glob("*.cx"))

# Options of `causal check` and the API's keywords that mean the same.
OPTION_SETS = [
    ((), {}),
    (("--semantics", "preferred", "--acceptance", "credulous"), {"semantics": "preferred", "acceptance": "credulous"}),
    (("--preferences", "none", "--fail-on", "warning"), {"preferences": "none", "fail_on": "warning"}),
    (("--select", "CX201,chain-gap", "--ignore", "chain-gap"), {"select": "CX201,chain-gap", "ignore": ["chain-gap"]}),
    (("--semantics", "stable", "--time-limit", "30"), {"semantics": "stable", "time_limit": 30}),
]


@pytest.fixture
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def cli_check(*arguments: str, input: str | None = None) -> tuple[str, int]:
    result = CliRunner().invoke(cli, ["check", "--format", "json", *arguments], input=input, catch_exceptions=False)
    return result.stdout, result.exit_code


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


# --- the API agrees with the command line -------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES + CLI_CASES, ids=relative)
@pytest.mark.parametrize("options", OPTION_SETS, ids=lambda o: " ".join(o[0]) or "defaults")
def test_the_api_report_is_the_json_report_and_ok_is_the_exit_status(in_root, path, options):
    arguments, keywords = options
    stdout, exit_code = cli_check(*arguments, relative(path))
    report = causal.check(relative(path), **keywords)
    assert report.to_json() + "\n" == stdout
    assert report.ok == (exit_code == PASSED)
    assert report.failed == (exit_code != PASSED)


@pytest.mark.parametrize("path", EXAMPLES + CLI_CASES, ids=relative)
def test_the_typed_records_say_what_the_json_report_says(in_root, path):
    report = causal.check(relative(path))
    document = json.loads(report.to_json())
    (file,) = document["files"]
    assert file["path"] == report.path == relative(path)
    assert document["summary"] == report.summary
    assert [
        {
            "rule": f.rule,
            "code": f.code,
            "severity": f.severity,
            "message": f.message,
            "help": f.help,
            "line": f.line,
            "column": f.column,
            "end_line": f.end_line,
            "end_column": f.end_column,
            "expected": f.expected,
        }
        for f in report.findings
    ] == file["findings"]
    assert all(finding.path == report.path for finding in report.findings)
    assert [
        {
            "name": c.name,
            "steps": list(c.steps),
            "verdict": c.verdict,
            "weakest": None if c.weakest is None else {"step": c.weakest.text, "reason": c.reason},
            "confidence": round(c.confidence, 4),
            "weakest_first": [
                {"step": s.text, "confidence": round(s.confidence, 4), "reason": s.reason} for s in c.weakest_first
            ],
        }
        for c in report.chains
    ] == file["chains"]
    assert (report.semantics, report.acceptance) == (file["semantics"], file["acceptance"])
    items = []
    for item in report.items:
        fields = {"id": item.id, "kind": item.kind, "label": item.label}
        fields["confidence"] = None if item.confidence is None else round(item.confidence, 4)
        if item.credulous is not None:
            fields.update(credulous=item.credulous, sceptical=item.sceptical)
        items.append(fields)
    assert items == file["items"]
    assert [outcome_fields(o) for o in report.outcomes] == [json_outcome_fields(o) for o in file["outcomes"]]


def outcome_fields(outcome: causal.Outcome) -> dict:
    return {
        "outcome": outcome.outcome,
        "ranking": list(outcome.ranking),
        "hypotheses": [
            (h.name, h.title, h.rank, h.tied, h.standing, round(h.inconsistency, 6), round(h.consistency, 6))
            + (h.inconsistent_count, h.consistent_count, h.verdict, list(h.argued_by), h.added, h.line)
            for h in outcome.hypotheses
        ],
        "evidence": [
            (row.evidence, round(row.weight, 6), row.grades, row.label, row.diagnostic, dict(row.marks), row.line)
            for row in outcome.evidence
        ],
    }


def json_outcome_fields(outcome: dict) -> dict:
    return {
        "outcome": outcome["outcome"],
        "ranking": outcome["ranking"],
        "hypotheses": [
            (h["name"], h["title"], h["rank"], h["tied"], h["standing"], h["inconsistency"], h["consistency"])
            + (h["inconsistent_count"], h["consistent_count"], h["process_tracing"]["verdict"], h["argued_by"])
            + (h["added"], h["line"])
            for h in outcome["hypotheses"]
        ],
        "evidence": [
            (row["name"], row["weight"], row["grades"], row["label"], row["diagnostic"])
            + ({name: cell["mark"] for name, cell in row["cells"].items()}, row["line"])
            for row in outcome["evidence"]
        ],
    }


def test_the_syria_case_has_chains_items_and_competing_hypotheses(in_root):
    """The example the docs use holds something in every list, so the comparisons above compare something."""
    report = causal.check("cases/syria.cx")
    assert report.ok and report.parsed and not report.unreadable
    assert report.chain("thesis").verdict == "broken"
    (outcome,) = report.outcomes
    assert outcome.outcome == "withdrawal"
    assert outcome.ranking[0] == "diplomacy" and outcome.hypothesis("payback").rank == 3
    assert all(row.diagnostic for row in outcome.evidence) and len(outcome.evidence) == 7
    with pytest.raises(KeyError, match="diplomacy, objectives, payback"):
        outcome.hypothesis("nothing")


RIVALS = """\
source paper "Paper" reliability B
event closure "The cafe closes" at 2023-02
hypothesis rent "The rent" explains closure
hypothesis retire "Retirement" explains closure
evidence lease from paper credibility 2 consistent-with rent inconsistent-with retire
evidence sign from paper credibility 2 consistent-with rent, retire
"""


def test_an_evidence_row_that_cannot_tell_the_hypotheses_apart_is_not_diagnostic():
    (outcome,) = causal.check_text(RIVALS).outcomes
    assert {row.evidence: row.diagnostic for row in outcome.evidence} == {"lease": True, "sign": False}
    assert {row.evidence: dict(row.marks) for row in outcome.evidence} == {
        "lease": {"rent": "C", "retire": "I"},
        "sign": {"rent": "C", "retire": "C"},
    }
    assert outcome.ranking == ("rent", "retire") and outcome.hypothesis("retire").inconsistency > 0


def test_check_text_is_causal_check_of_standard_input_with_its_file_name(in_root):
    path = ROOT / "docs" / "examples" / "bridge.cx"
    name = relative(path)
    text = path.read_text(encoding="utf-8")
    stdout, exit_code = cli_check("--stdin-filename", name, "-", input=text)
    report = causal.check_text(text, name=name, base_dir=path.parent)
    assert report.to_json() + "\n" == stdout
    assert report.ok == (exit_code == PASSED)
    # Its document was found beside it: no finding says the quote's document is missing.
    assert not [f for f in report.findings if f.rule == "missing-document"]


def test_check_text_reads_documents_and_settings_from_the_current_folder_by_default(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.causal]\nfail-on = "info"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = causal.check_text('event a "A" at 2015\n')
    assert report.path == "<string>"
    assert report.fail_on == "info" and report.findings and report.failed


def test_to_dict_is_the_json_report_and_version_1_is_the_old_shape(in_root):
    report = causal.check("docs/examples/ferry.cx")
    assert report.to_dict() == json.loads(report.to_json())
    old = report.to_dict(version=1)
    assert old["version"] == 1 and "items" not in old["files"][0]
    assert old == json.loads(cli_check("--json-version", "1", "docs/examples/ferry.cx")[0])


# --- options ---------------------------------------------------------------------------------


SMALL_CASE = """\
source blog "Blog" reliability E
event a "A" at 2015
event b "B" at 2016
evidence e from blog credibility 5 supports a
link a -> b because e
link b -> a
"""


def test_select_and_ignore_take_names_and_codes_as_a_string_or_a_list():
    everything = {f.rule for f in causal.check_text(SMALL_CASE).findings}
    assert {"unsupported-link", "single-source"} <= everything
    assert {f.rule for f in causal.check_text(SMALL_CASE, select="CX201").findings} == {"unsupported-link"}
    assert {f.rule for f in causal.check_text(SMALL_CASE, select=["unsupported-link", "single-source"]).findings} == {
        "unsupported-link",
        "single-source",
    }
    ignored = causal.check_text(SMALL_CASE, ignore=("unsupported-link",))
    assert "unsupported-link" not in {f.rule for f in ignored.findings} and ignored.findings


def test_fail_on_decides_ok_as_the_command_line_option_does():
    warnings_only = causal.check_text(SMALL_CASE, ignore="unsupported-link,causal-cycle,temporal-order")
    assert warnings_only.findings and all(f.severity != "error" for f in warnings_only.findings)
    assert warnings_only.ok and warnings_only.fail_on == "error"
    stricter = causal.check_text(SMALL_CASE, ignore="unsupported-link,causal-cycle,temporal-order", fail_on="warning")
    assert stricter.failed and stricter.fail_on == "warning"


def test_semantics_and_acceptance_reach_the_labels():
    report = causal.check_text(SMALL_CASE, semantics="preferred", acceptance="credulous")
    assert (report.semantics, report.acceptance) == ("preferred", "credulous")
    assert all(item.credulous is not None for item in report.items)
    assert causal.check_text(SMALL_CASE).semantics == "grounded"


def test_tool_causal_is_read_afresh_on_every_call(tmp_path):
    case = tmp_path / "case.cx"
    case.write_text('event a "A" at 2015\n', encoding="utf-8")
    table = tmp_path / "pyproject.toml"
    table.write_text('[tool.causal]\nfail-on = "error"\n', encoding="utf-8")
    assert causal.check(case).ok
    table.write_text('[tool.causal]\nfail-on = "info"\n', encoding="utf-8")
    assert causal.check(case).failed


def test_max_bytes_refuses_a_larger_case_with_a_finding(tmp_path):
    report = causal.check_text(SMALL_CASE, max_bytes=10)
    assert report.unreadable and report.failed
    assert [f.rule for f in report.findings] == ["input-error"]


# --- bad input is findings, not exceptions -------------------------------------------------------


def test_a_missing_file_is_an_unreadable_report(tmp_path):
    missing = tmp_path / "missing.cx"
    report = causal.check(missing)
    assert report.path == str(missing)
    assert report.unreadable and report.failed and not report.parsed
    (finding,) = report.findings
    assert finding.rule == "input-error" and finding.severity == "error" and "no such file" in finding.message
    assert report.chains == () and report.items == () and report.outcomes == ()
    assert "unreadable" in repr(report) and "no such file" in repr(report)


@pytest.mark.parametrize(
    "content, words",
    [(b"\xff\xfe not utf-8", "not UTF-8"), (b"", "empty"), (b'case "a\x00b"', "NUL")],
    ids=["not-utf-8", "empty", "nul"],
)
def test_a_file_that_is_not_a_case_is_an_unreadable_report(tmp_path, content, words):
    path = tmp_path / "bad.cx"
    path.write_bytes(content)
    report = causal.check(path)
    assert report.unreadable and report.failed
    assert words in report.findings[0].message


def test_a_folder_is_an_unreadable_report(tmp_path):
    report = causal.check(tmp_path)
    assert report.unreadable and [f.rule for f in report.findings] == ["input-error"]


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root reads a file whatever its mode")
def test_a_file_without_read_permission_is_an_unreadable_report(tmp_path):
    path = tmp_path / "secret.cx"
    path.write_text(SMALL_CASE, encoding="utf-8")
    path.chmod(0)
    try:
        report = causal.check(path)
    finally:
        path.chmod(0o600)
    assert report.unreadable and "permission" in report.findings[0].message.lower()


def test_a_syntax_error_is_a_finding_and_the_report_has_no_model():
    report = causal.check_text('event a "A"\nlink a -> \n', name="broken.cx")
    assert report.failed and not report.unreadable and not report.parsed
    assert "syntax-error" in {f.rule for f in report.findings}
    assert all(f.path == "broken.cx" for f in report.findings)
    assert report.items == () and report.chains == () and report.outcomes == ()
    assert report.semantics is None
    with pytest.raises(KeyError, match="did not parse"):
        report.item("a")


def test_text_with_a_lone_surrogate_is_refused_as_not_utf_8():
    report = causal.check_text('event a "\udc80"\n')
    assert report.unreadable and "not UTF-8" in report.findings[0].message


# --- wrong arguments are the caller's errors -------------------------------------------------------


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: causal.check(42), TypeError, "str or os.PathLike"),
        (lambda: causal.check(b"cases/syria.cx"), TypeError, "str or os.PathLike"),
        (lambda: causal.check("-"), ValueError, "check_text"),
        (lambda: causal.check("x.cx", semantics="groundd"), ValueError, "grounded, complete, preferred, stable"),
        (lambda: causal.check("x.cx", semantics=1), TypeError, "semantics must be a str"),
        (lambda: causal.check("x.cx", acceptance="all"), ValueError, "sceptical, credulous"),
        (lambda: causal.check("x.cx", preferences="weak"), ValueError, "strength, none"),
        (lambda: causal.check("x.cx", time_limit=0), ValueError, "above 0"),
        (lambda: causal.check("x.cx", time_limit="5"), TypeError, "number of seconds"),
        (lambda: causal.check("x.cx", select="unsupported-lnk"), ValueError, "unknown rule `unsupported-lnk`"),
        (lambda: causal.check("x.cx", ignore=[201]), TypeError, "rule names or codes"),
        (lambda: causal.check("x.cx", select=5), TypeError, "rule names or codes"),
        (lambda: causal.check("x.cx", fail_on="fatal"), ValueError, "error, warning, info"),
        (lambda: causal.check("x.cx", max_bytes=0), ValueError, "at least 1"),
        (lambda: causal.check("x.cx", max_bytes=1.5), TypeError, "int"),
        (lambda: causal.check_text(b'event a "A"'), TypeError, "decode bytes first"),
        (lambda: causal.check_text("x", name=Path("x.cx")), TypeError, "name"),
        (lambda: causal.check_text("x", base_dir=3), TypeError, "base_dir"),
        (lambda: causal.check_text('event a "A"\n').to_json(version=2), ValueError, "1, 3"),
    ],
    ids=lambda value: "" if callable(value) else None,
)
def test_a_wrong_argument_raises_an_error_that_says_what_was_expected(call, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(")):
        call()


def test_the_report_finds_items_and_chains_by_name_or_says_which_it_lacks(in_root):
    report = causal.check("docs/examples/bridge.cx")
    assert (report.item("halt").label, report.item("storm").label) == ("accepted", "unsupported")
    assert report.item("repairs->storm").kind == "link"
    assert report.chain("official").verdict == "broken"
    with pytest.raises(KeyError, match="no such item"):
        report.item("nothing")
    with pytest.raises(KeyError, match="no such chain"):
        report.chain("nothing")


# --- how a report shows itself ---------------------------------------------------------------------


def test_repr_is_one_short_line_with_the_path_the_outcome_and_the_counts(in_root):
    text = repr(causal.check("cases/syria.cx"))
    assert text == "<causal.Report 'cases/syria.cx': ok, 9 errors, 37 warnings, 0 info (46 expected)>"
    assert repr(causal.check("docs/examples/bridge.cx")).startswith("<causal.Report 'docs/examples/bridge.cx': failed,")


def test_a_finding_prints_as_the_concise_report_shows_it(in_root):
    report = causal.check("docs/examples/bridge.cx")
    concise = CliRunner().invoke(cli, ["check", "--format", "concise", "docs/examples/bridge.cx"]).stdout
    assert concise.splitlines()[: len(report.findings)] == [str(finding) for finding in report.findings]


def test_repr_html_is_the_html_report(in_root):
    report = causal.check("docs/examples/bridge.cx")
    html = report._repr_html_()
    assert html == drawn_page(report.file_report)[0]
    assert "unsupported-link" in html
    if shutil.which("dot"):
        assert "<svg" in html


# --- the package ---------------------------------------------------------------------------------


def test_the_api_names_are_the_package_attributes():
    from causal import api

    assert set(api.__all__) <= set(dir(causal))
    for name in api.__all__:
        assert getattr(causal, name) is getattr(api, name)
    with pytest.raises(AttributeError, match="no attribute 'chek'"):
        causal.chek  # noqa: B018


def test_the_package_says_it_is_typed():
    assert (ROOT / "causal" / "py.typed").is_file()
    # setuptools installs only the package data pyproject.toml names: py.typed must be among it.
    import tomllib

    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "py.typed" in package_data["package-data"]["causal"]


def test_the_option_types_offer_the_choices_the_settings_take():
    from typing import get_args

    from causal import api
    from causal.model.settings import ACCEPTANCES, PREFERENCES, SEMANTICS

    assert get_args(api.Semantics) == SEMANTICS
    assert get_args(api.Acceptance) == ACCEPTANCES
    assert get_args(api.Preferences) == PREFERENCES
