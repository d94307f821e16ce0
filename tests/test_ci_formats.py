"""The formats for CI and editors: SARIF, GitHub workflow commands, JSON Lines and the concise text.

Each is read back with a parser of its own kind: SARIF with the official
schema (vendored in tests/data/sarif/), GitHub's workflow commands with a
parser of their syntax and escaping, JSON Lines with `json.loads`, the concise
lines with the regular expression of VS Code's `$gcc` problem matcher.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft4Validator

from causal.cli.commands import CHECK_FORMATS, check_report, cli
from causal.inputs.spans import Span
from causal.pipeline import check_file, check_text
from causal.report.concise import iter_concise
from causal.report.file_report import FileReport
from causal.report.github import escape_data, escape_property, iter_github
from causal.report.json_report import finding_dict, iter_jsonl, report_dict
from causal.report.locations import artifact_uri
from causal.report.printable import printable
from causal.report.sarif import LEVELS, render_sarif
from causal.rules.documentation import explain, markdown_section
from causal.rules.findings import Finding, Severity
from causal.rules.registry import RULES
from tests.conftest import ROOT, TESTS
from tests.goldens import assert_matches_golden

SMALL = "tests/data/cli/small.cx"
SYRIA = "cases/syria.cx"
SARIF_SCHEMA = json.loads((TESTS / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
DATA_CASES = sorted((TESTS / "data").rglob("*.cx"))

# VS Code's `$gcc` problem matcher, as the C/C++ extension (ms-vscode.cpptools) contributes it in its
# package.json, written here for Python's `re` (the same syntax for this pattern).
GCC_MATCHER = re.compile(r"^(.*?):(\d+):(\d*):?\s+(?:fatal\s+)?(warning|error):\s+(.*)$")
# Emacs's compilation mode and Vim's `%f:%l:%c: %m` also take the info lines.
ANY_SEVERITY = re.compile(r"^(.*?):(\d+):(\d+): (error|warning|info): (.*) \[([a-z0-9-]+)\]( \(expected\))?$")


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def data_reports() -> list[FileReport]:
    """Every case file under tests/data and the Syria case, checked once, named relative to the repository."""
    return [check_file(str(path.relative_to(ROOT)), overrides=None) for path in [*DATA_CASES, ROOT / SYRIA]]


def run(runner, *args, input=None):
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


# --- SARIF -----------------------------------------------------------------------------


def test_the_vendored_sarif_schema_is_a_valid_draft_4_schema():
    Draft4Validator.check_schema(SARIF_SCHEMA)
    assert SARIF_SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]


@pytest.mark.slow
def test_sarif_of_every_case_under_tests_data_validates_against_the_sarif_schema(data_reports):
    validator = Draft4Validator(SARIF_SCHEMA)
    for report in data_reports:
        log = json.loads(render_sarif([report], ROOT))
        errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(log)]
        assert not errors, f"{report.path}: {errors[:3]}"
    whole_run = json.loads(render_sarif(data_reports, ROOT))
    assert not list(validator.iter_errors(whole_run))
    assert len(whole_run["runs"][0]["results"]) == sum(len(report.findings) for report in data_reports)


def test_the_schema_check_can_fail():
    """The validation above would catch a log that breaks the schema: a region's line counted from 0."""
    log = json.loads(render_sarif([check_text("link a -> b\n", path="x.cx")]))
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert list(Draft4Validator(SARIF_SCHEMA).iter_errors(log))


def test_sarif_rules_are_the_registry_with_codes_help_and_default_levels():
    log = json.loads(render_sarif([]))
    (run_,) = log["runs"]
    assert run_["columnKind"] == "unicodeCodePoints"
    driver = run_["tool"]["driver"]
    assert driver["name"] == "causal" and "informationUri" not in driver
    assert [rule["id"] for rule in driver["rules"]] == [rule.name for rule in RULES]
    for descriptor, rule in zip(driver["rules"], RULES):
        assert descriptor["properties"]["code"] == rule.code
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["defaultConfiguration"]["level"] == LEVELS[rule.severity]
        # `causal rules NAME` and the rule's section of docs/rules.md: what it finds, why, the examples.
        assert descriptor["help"] == {"text": explain(rule), "markdown": markdown_section(rule)}
        assert rule.example in descriptor["help"]["markdown"]
        assert descriptor["properties"]["documentation"] == f"docs/rules.md#{rule.name}"
    assert {rule["defaultConfiguration"]["level"] for rule in driver["rules"]} == {"error", "warning", "note"}


def test_sarif_results_point_at_their_rule_and_span_and_expected_ones_are_suppressed_in_source(data_reports):
    for report in data_reports:
        log = json.loads(render_sarif([report], ROOT))
        rules = log["runs"][0]["tool"]["driver"]["rules"]
        results = log["runs"][0]["results"]
        assert len(results) == len(report.findings)
        for result, finding in zip(results, report.findings):
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
            assert result["level"] == LEVELS[finding.severity]
            assert result["message"]["text"] == finding.message
            location = result["locations"][0]["physicalLocation"]
            assert location["artifactLocation"]["uri"] == report.path
            region = location["region"]
            start, end = (region["startLine"], region["startColumn"]), (region["endLine"], region["endColumn"])
            assert Span(*start, *end) == finding.span
            if finding.expected:
                (suppression,) = result["suppressions"]
                assert suppression["kind"] == "inSource" and "expect" in suppression["justification"]
            else:
                assert "suppressions" not in result


def test_sarif_columns_count_code_points_not_bytes_or_utf16_units():
    # U+1D538 is one code point, two UTF-16 units and four UTF-8 bytes: `nowhere` starts at code point 12.
    report = check_text('event \U0001d538\U0001d538 "A" at 2015\nlink \U0001d538\U0001d538 -> nowhere\n', path="w.cx")
    results = json.loads(render_sarif([report]))["runs"][0]["results"]
    (undefined,) = [result for result in results if result["ruleId"] == "undefined-name"]
    region = undefined["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (2, 12, 19)


def test_sarif_results_of_the_small_case_match_golden(runner, in_root):
    log = json.loads(run(runner, "check", "--format", "sarif", SMALL).stdout)
    # Without ruleIndex, which a rule added to the registry before these would shift (checked above).
    results = [
        {key: value for key, value in result.items() if key != "ruleIndex"} for result in log["runs"][0]["results"]
    ]
    assert_matches_golden("small.sarif-results.json", json.dumps(results, indent=2, ensure_ascii=False) + "\n")


def test_sarif_of_standard_input_without_a_name_has_no_uri_and_still_validates(runner):
    result = run(runner, "check", "--format", "sarif", "-", input="link a -> b\n")
    log = json.loads(result.stdout)
    assert not list(Draft4Validator(SARIF_SCHEMA).iter_errors(log))
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"description": {"text": "standard input"}}


def test_artifact_uris_are_relative_below_the_working_folder_and_file_uris_elsewhere(tmp_path):
    assert artifact_uri("cases/syria.cx", tmp_path) == "cases/syria.cx"
    assert artifact_uri(str(tmp_path / "a b" / "c#1.cx"), tmp_path) == "a%20b/c%231.cx"
    assert artifact_uri("/elsewhere/x.cx", tmp_path) == "file:///elsewhere/x.cx"
    assert artifact_uri("a:b.cx", tmp_path) == "a%3Ab.cx"  # not a URI with the scheme `a`


NAME_CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00")


@given(st.lists(st.text(NAME_CHARACTERS, min_size=1, max_size=8), min_size=1, max_size=3), st.booleans())
def test_an_artifact_uri_decodes_back_to_the_very_bytes_of_the_path(parts, absolute):
    path = ("/" if absolute else "") + "/".join(part if part not in (".", "..") else part + "x" for part in parts)
    uri = artifact_uri(path, None)
    split = urlsplit(uri)
    assert (split.scheme == "file") == absolute
    assert unquote_to_bytes(split.path) == os.fsencode(path)
    assert not set(uri) - set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%/:")


# --- GitHub workflow commands ----------------------------------------------------------

WORKFLOW_COMMAND = re.compile(r"^::(?P<command>error|warning|notice) (?P<properties>[^:\r\n]*)::(?P<data>[^\r\n]*)$")
PROPERTY_ORDER = ("file", "line", "col", "endLine", "endColumn", "title")
DATA_ESCAPES = {"%25": "%", "%0D": "\r", "%0A": "\n"}
PROPERTY_ESCAPES = {**DATA_ESCAPES, "%3A": ":", "%2C": ","}


def _unescape(text: str, escapes: dict[str, str]) -> str:
    """GitHub's unescaping; a `%` that starts no escape it knows would be a bug in the writer."""
    assert re.fullmatch("(?:[^%]|" + "|".join(escapes) + ")*", text), f"a bare % in {text!r}"
    return re.sub("|".join(escapes), lambda match: escapes[match.group()], text)


def parse_workflow_command(line: str) -> tuple[str, dict[str, str], str]:
    """(command, properties, message) of an annotation line, unescaped; fails on any line of another shape."""
    match = WORKFLOW_COMMAND.match(line)
    assert match, f"not a workflow command: {line!r}"
    properties = {}
    for written in match["properties"].split(","):
        name, equals, value = written.partition("=")
        assert equals and name in PROPERTY_ORDER and name not in properties, f"bad property {written!r} in {line!r}"
        properties[name] = _unescape(value, PROPERTY_ESCAPES)
    names = list(properties)
    assert names == sorted(names, key=PROPERTY_ORDER.index), line
    return match["command"], properties, _unescape(match["data"], DATA_ESCAPES)


def _expected_annotation(report: FileReport, finding: Finding) -> tuple[str, dict[str, str], str]:
    span = finding.span
    command = "notice" if finding.expected else {"error": "error", "warning": "warning", "info": "notice"}[
        finding.severity.label
    ]
    properties = {"file": printable(report.path), "line": str(span.line)}
    if span.end_line == span.line:
        properties |= {"col": str(span.column), "endLine": str(span.end_line), "endColumn": str(span.end_column)}
    else:
        properties["endLine"] = str(span.end_line)
    properties["title"] = f"{finding.rule} ({finding.code})" + (" (expected)" if finding.expected else "")
    return command, properties, printable(finding.message) + "\nhelp: " + printable(finding.help)


def _check_github_output(stdout: str, reports: list[FileReport]) -> None:
    *annotations, summary = stdout.rstrip("\n").split("\n")
    assert summary.startswith("causal: ") and not summary.startswith("::")
    findings = [(report, finding) for report in reports for finding in report.findings]
    assert len(annotations) == len(findings)
    for line, (report, finding) in zip(annotations, findings):
        assert parse_workflow_command(line) == _expected_annotation(report, finding)


def test_the_syria_case_as_github_annotations_parses_and_its_escaping_round_trips(runner, in_root):
    result = run(runner, "check", "--format", "github", SYRIA)
    assert result.exit_code == 0
    report = check_file(SYRIA)
    assert len(report.findings) > 40
    _check_github_output(result.stdout, [report])
    assert result.stdout.count("::notice ") == len(report.findings)  # all of Syria's findings are expected


def test_github_annotations_of_every_case_under_tests_data_parse(runner, in_root, data_reports):
    result = run(runner, "check", "--format", "github", *(report.path for report in data_reports))
    _check_github_output(result.stdout, data_reports)


def test_github_annotations_of_the_small_case_match_golden(runner, in_root):
    assert_matches_golden("small.github.txt", run(runner, "check", "--format", "github", SMALL).stdout)


def test_a_message_and_a_path_holding_workflow_command_syntax_stay_one_annotation(tmp_path, runner):
    # The document's name is quoted back in the message: it carries `%`, `:`, `,`, `::` and a line break.
    document = "d%0A::error::x, a:b %25\n::warning::y.txt"
    (tmp_path / document).write_text("nothing to see\n")
    case = tmp_path / "x,y:z %0A.cx"
    case.write_text(
        'source s "S" reliability B document "d%0A::error::x, a:b %25\\n::warning::y.txt"\n'
        'event a "A" at 2015\n'
        'evidence e from s credibility 2 quote "words" supports a\n'
    )
    report = check_file(str(case))
    stdout = run(runner, "check", "--format", "github", str(case)).stdout
    lines = stdout.rstrip("\n").split("\n")
    assert len(lines) == len(report.findings) + 1
    parsed = [parse_workflow_command(line) for line in lines[:-1]]
    assert {properties["file"] for _command, properties, _message in parsed} == {str(case)}
    messages = [message for _command, properties, message in parsed if properties["title"].startswith("quote-not")]
    assert messages and printable(document) in messages[0]


ESCAPED_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(ESCAPED_TEXT)
def test_github_escaping_round_trips_and_leaves_no_separator(text):
    data, value = escape_data(text), escape_property(text)
    assert _unescape(data, DATA_ESCAPES) == text and _unescape(value, PROPERTY_ESCAPES) == text
    assert not {"\r", "\n"} & set(data)
    assert not {"\r", "\n", ":", ","} & set(value)


# --- JSON Lines ------------------------------------------------------------------------


def test_json_lines_are_the_json_reports_findings_with_their_path(data_reports):
    lines = "".join(iter_jsonl(data_reports)).split("\n")
    assert lines[-1] == ""
    objects = [json.loads(line) for line in lines[:-1]]
    expected = [
        {"path": file["path"], **finding}
        for file in report_dict(data_reports)["files"]
        for finding in file["findings"]
    ]
    assert objects == expected and len(objects) > 100


def test_json_lines_follow_the_json_version(data_reports):
    (first,) = [report for report in data_reports if report.findings][:1]
    line = json.loads(next(iter_jsonl([first], version=1)).split("\n")[0])
    assert line == {"path": first.path, **finding_dict(first.findings[0], 1)} and "expected" not in line


def test_json_lines_of_the_small_case_match_golden(runner, in_root):
    assert_matches_golden("small.jsonl", run(runner, "check", "--format", "jsonl", SMALL).stdout)


def test_json_lines_of_a_clean_case_are_empty(runner, in_root):
    result = run(runner, "check", "--format", "jsonl", "tests/data/cli/clean.cx")
    assert result.exit_code == 0 and result.stdout == ""


# --- concise ---------------------------------------------------------------------------


def test_concise_error_and_warning_lines_are_read_by_vs_codes_gcc_matcher(runner, in_root, data_reports):
    stdout = run(runner, "check", "--format", "concise", *(report.path for report in data_reports)).stdout
    *lines, summary = stdout.rstrip("\n").split("\n")
    findings = [(report, finding) for report in data_reports for finding in report.findings]
    assert len(lines) == len(findings) and summary.endswith(f"in {len(data_reports)} files")
    severities = set()
    for line, (report, finding) in zip(lines, findings):
        severities.add(finding.severity)
        full = ANY_SEVERITY.match(line)
        assert full and full.groups()[:6] == (
            printable(report.path),
            str(finding.span.line),
            str(finding.span.column),
            finding.severity.label,
            printable(finding.message),
            finding.rule,
        )
        gcc = GCC_MATCHER.match(line)
        if finding.severity is Severity.INFO:
            assert gcc is None  # the $gcc matcher knows only warning and error
        else:
            assert gcc and gcc.groups() == (report.path, str(finding.span.line), str(finding.span.column),
                                            finding.severity.label, gcc.group(5))
            assert gcc.group(5).startswith(printable(finding.message))
    assert severities == set(Severity)


def test_concise_of_the_small_case_matches_golden(runner, in_root):
    assert_matches_golden("small.concise.txt", run(runner, "check", "--format", "concise", SMALL).stdout)


# --- every format: a file's report is out before the next file is checked ---------------


@pytest.mark.parametrize("output_format", CHECK_FORMATS)
def test_each_format_writes_a_files_report_before_the_next_file_is_checked(output_format):
    first = check_text('event a "A" at 2015\nlink a -> b\n', path="first.cx")
    second = check_text('event c "C" at 2015\n', path="second.cx")
    written: list[str] = []
    at_second: list[str] = []

    def reports():
        yield first
        at_second.append("".join(written))
        yield second

    for piece in check_report(output_format, reports(), 3, False):
        written.append(piece)
    assert at_second, "the second file was never asked for"
    last_finding = first.findings[-1]
    shown = escape_data(last_finding.message) if output_format == "github" else last_finding.message
    assert shown in at_second[0]
    assert "second.cx" not in at_second[0]
    assert "second.cx" in "".join(written)
