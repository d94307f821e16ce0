"""The published JSON Schema of the JSON report (docs/json-report.schema.json) holds for what causal writes."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from causal.pipeline import check_file, check_text
from causal.report.json_report import VERSIONS, render_json
from tests.conftest import ROOT, TESTS

SCHEMA_PATH = ROOT / "docs" / "json-report.schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)
CASES = [
    *sorted((TESTS / "data").rglob("*.cx")),
    ROOT / "cases" / "syria.cx",
    *sorted((ROOT / "docs" / "examples").glob("*.cx")),
]


def _errors(data: object) -> list[str]:
    return [f"{list(error.absolute_path)}: {error.message}" for error in VALIDATOR.iter_errors(data)]


def test_the_schema_is_a_valid_draft_2020_12_schema():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)


def test_the_schema_knows_every_version_the_report_is_written_in():
    versions = {
        definition["properties"]["version"]["const"]
        for definition in SCHEMA["$defs"].values()
        if "version" in definition.get("properties", {})
    }
    assert versions == set(VERSIONS) == {1, 3}


@pytest.fixture(scope="module")
def reports():
    return [check_file(str(path)) for path in CASES]


@pytest.mark.parametrize("version", VERSIONS)
def test_the_report_of_every_case_under_tests_data_and_the_syria_case_matches_the_schema(reports, version):
    for report in reports:
        errors = _errors(json.loads(render_json([report], version)))
        assert not errors, f"{report.path} (version {version}): {errors[:3]}"
    assert not _errors(json.loads(render_json(reports, version)))


def test_the_reports_under_tests_data_reach_the_schemas_optional_parts(reports):
    """What the schema describes is exercised: hypotheses with tests and a posterior, per-extension marks."""
    files = json.loads(render_json(reports))["files"]
    outcomes = [outcome for file in files for outcome in file["outcomes"]]
    assert any("posterior" in outcome for outcome in outcomes)
    assert any(hypothesis["process_tracing"]["tests"] for outcome in outcomes for hypothesis in outcome["hypotheses"])
    assert any("credulous" in item for file in files for item in file["items"])
    assert any(file["semantics"] is None for file in files)  # a case that does not parse


@pytest.mark.parametrize(
    "break_it",
    [
        lambda data: data["files"][0]["findings"][0].update(expected="no"),
        lambda data: data["files"][0]["findings"][0].update(line=0),
        lambda data: data["files"][0]["findings"][0].update(extra=1),
        lambda data: data["files"][0]["items"][0].update(label="accepted-ish"),
        lambda data: data["files"][0].pop("chains"),
        lambda data: data.update(version=2),
        lambda data: data["summary"].update(fatal=0),
    ],
    ids=["type", "range", "unknown-key", "enum", "missing-key", "retired-version", "summary-key"],
)
def test_the_schema_refuses_a_report_that_breaks_the_documented_shape(break_it):
    data = json.loads(render_json([check_text('event a "A" at 2015\nlink a -> b\n', path="x.cx")]))
    assert not _errors(data)
    break_it(data)
    assert _errors(data)


def test_version_1_findings_carry_no_expected_mark_by_the_schema():
    data = json.loads(render_json([check_text("link a -> b\n", path="x.cx")], 1))
    data["files"][0]["findings"][0]["expected"] = False
    assert _errors(data)
