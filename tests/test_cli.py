"""The `causal` command line, run through click's CliRunner: output, exit status, every kind of bad input."""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import causal.pipeline
from causal.cli.commands import cli, use_colour
from causal.inputs.case_files import DEFAULT_MAX_BYTES
from causal.rules.registry import RULES
from tests.conftest import ROOT, TESTS
from tests.goldens import assert_matches_golden

CASES = TESTS / "data" / "cli"
SMALL = "tests/data/cli/small.cx"
CLEAN = "tests/data/cli/clean.cx"
ANSI = "\x1b["

EXPECTED_ONLY = """\
event a "A" at 2015
event b "B" at 2016
link a -> b
expect unsupported-link on a -> b
"""
# Two warnings (low-grade evidence from one source), no error.
WARNINGS_ONLY = """\
source s "S" reliability E
event a "A" at 2015
event b "B" at 2016
evidence e from s credibility 2
link a -> b because e
"""
INFO_ONLY = 'event a "A" at 2015\n'


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def in_root(monkeypatch):
    """Run from the repository root, so paths in the output are the short relative ones."""
    monkeypatch.chdir(ROOT)


def run(runner, *args, input=None, env=None):
    return runner.invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- exit status ---------------------------------------------------------------


def test_clean_case_passes_with_exit_0(runner, in_root):
    result = run(runner, "check", CLEAN)
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith("0 errors, 0 warnings, 0 info in 1 file")
    assert "chain story: supported" in result.stdout


def test_case_with_errors_fails_with_exit_1(runner, in_root):
    result = run(runner, "check", SMALL)
    assert result.exit_code == 1
    assert f"{SMALL}:27:1: error[unsupported-link] link losses -> closure has no evidence (expected)" in result.stdout
    assert f"{SMALL}:35:13: error[chain-gap]" in result.stdout


def test_expected_findings_do_not_count_towards_the_exit_status(runner, tmp_path):
    path = write(tmp_path, "expected.cx", EXPECTED_ONLY)
    result = run(runner, "check", str(path))
    assert result.exit_code == 0, result.stdout
    assert "error[unsupported-link] link a -> b has no evidence (expected)" in result.stdout
    assert "1 error, 0 warnings, 0 info (1 expected) in 1 file" in result.stdout


def test_fail_on_warning_makes_warnings_fail(runner, tmp_path):
    path = str(write(tmp_path, "warnings.cx", WARNINGS_ONLY))
    assert run(runner, "check", path).exit_code == 0
    assert run(runner, "check", "--fail-on", "warning", path).exit_code == 1
    assert run(runner, "check", "--fail-on", "WARNING", path).exit_code == 1


def test_fail_on_info_makes_info_fail(runner, tmp_path):
    path = str(write(tmp_path, "info.cx", INFO_ONLY))
    assert run(runner, "check", "--fail-on", "warning", path).exit_code == 0
    assert run(runner, "check", "--fail-on", "info", path).exit_code == 1


def test_fail_on_rejects_an_unknown_level(runner, tmp_path):
    result = run(runner, "check", "--fail-on", "fatal", str(write(tmp_path, "a.cx", INFO_ONLY)))
    assert result.exit_code == 2
    assert "fatal" in result.stderr


def test_check_without_paths_is_a_usage_error(runner):
    result = run(runner, "check")
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


def test_unknown_command_is_a_usage_error(runner):
    assert run(runner, "chek").exit_code == 2


# --- inputs that cannot be read: exit 2, shown like findings, never a traceback ---


def assert_input_error(result, path, words):
    assert result.exit_code == 2, result.output
    assert re.search(rf"^{re.escape(str(path))}:\d+:\d+: error\[input-error\] ", result.stdout, re.MULTILINE)
    assert words in result.stdout
    assert "Traceback" not in result.output


def test_missing_file(runner, tmp_path):
    path = tmp_path / "nope.cx"
    result = run(runner, "check", str(path))
    assert_input_error(result, path, "no such file")
    assert f"{path}:1:1: error[input-error] no such file" in result.stdout


def test_missing_file_beside_a_good_one_still_exits_2(runner, in_root, tmp_path):
    result = run(runner, "check", CLEAN, str(tmp_path / "nope.cx"))
    assert result.exit_code == 2
    assert "in 2 files" in result.stdout


def test_non_utf8_file(runner, tmp_path):
    path = write(tmp_path, "latin1.cx", 'event a "A"\nclaim c "caf\xe9"\n'.encode("latin-1"))
    result = run(runner, "check", str(path))
    assert_input_error(result, path, "not UTF-8")
    assert f"{path}:2:13: error[input-error]" in result.stdout


def test_binary_file(runner, tmp_path):
    path = write(tmp_path, "binary.cx", b"\x7fELF\x02\x01\x00\x00\x00garbage")
    assert_input_error(run(runner, "check", str(path)), path, "binary")


def test_empty_file(runner, tmp_path):
    path = write(tmp_path, "empty.cx", b"")
    assert_input_error(run(runner, "check", str(path)), path, "empty")


def test_folder_without_case_files(runner, tmp_path):
    result = run(runner, "check", str(tmp_path))
    assert_input_error(result, tmp_path, "folder")


def test_file_over_the_size_limit_is_refused_fast_without_reading_it(runner, tmp_path):
    big = tmp_path / "big.cx"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: cheap to make, slow to read
    started = time.perf_counter()
    result = run(runner, "check", str(big))
    assert time.perf_counter() - started < 5
    assert_input_error(result, big, "over the 40 MB limit")


def test_max_bytes_lowers_the_limit(runner, in_root):
    result = run(runner, "check", "--max-bytes", "100", CLEAN)
    assert result.exit_code == 2
    assert "over the" in result.stdout
    assert run(runner, "check", "--max-bytes", "0", CLEAN).exit_code == 2


def test_stdin_over_the_size_limit_is_refused(runner):
    result = run(runner, "check", "--max-bytes", "1000", "-", input=b"#" * 5000)
    assert_input_error(result, "<stdin>", "over the")


def test_bom_is_accepted(runner, tmp_path):
    path = write(tmp_path, "bom.cx", b"\xef\xbb\xbf" + (CASES / "clean.cx").read_bytes())
    result = run(runner, "check", str(path))
    assert result.exit_code == 0, result.stdout


def test_crlf_line_ends_keep_line_numbers_right(runner, tmp_path):
    path = write(tmp_path, "crlf.cx", EXPECTED_ONLY.replace("\n", "\r\n").encode())
    result = run(runner, "check", str(path))
    assert result.exit_code == 0
    assert f"{path}:3:1: error[unsupported-link]" in result.stdout
    assert "\r" not in result.stdout


def test_a_one_megabyte_line_is_shown_cut_around_the_error(runner, tmp_path):
    line = 'claim c "' + "x" * 1_000_000 + '" @ claim d "D"'
    path = write(tmp_path, "long.cx", line + "\n")
    result = run(runner, "check", str(path))
    assert result.exit_code == 1
    assert f"{path}:1:1000012: error[syntax-error]" in result.stdout
    assert max(len(shown) for shown in result.stdout.splitlines()) < 400
    source, carets = [shown for shown in result.stdout.splitlines() if shown.startswith(("1 |", "  |"))][1:3]
    assert source.startswith("1 | …")
    assert carets.index("^") == source.index("@")


def test_a_terminal_escape_in_the_case_is_shown_escaped(runner, tmp_path):
    path = write(tmp_path, "escape.cx", 'claim c "\x1b[2J\u202e" @\n')
    result = run(runner, "check", str(path))
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "\\x1b[2J<U+202E>" in result.stdout


# --- paths: folders, standard input, the folder documents are read from ------------


def test_folders_expand_to_every_case_file_below_them(runner, tmp_path):
    (tmp_path / "sub").mkdir()
    write(tmp_path, "sub/b.cx", INFO_ONLY)
    write(tmp_path, "a.cx", WARNINGS_ONLY)
    write(tmp_path, "notes.txt", "not a case")
    result = run(runner, "check", str(tmp_path))
    assert result.exit_code == 0
    assert "in 2 files" in result.stdout
    a_at = result.stdout.index(f"{tmp_path / 'a.cx'}:")
    b_at = result.stdout.index(f"{tmp_path / 'sub' / 'b.cx'}:")
    assert a_at < b_at
    assert "notes.txt" not in result.stdout


def test_stdin_is_read_for_dash(runner):
    result = run(runner, "check", "-", input=EXPECTED_ONLY.encode())
    assert result.exit_code == 0
    assert "<stdin>:3:1: error[unsupported-link]" in result.stdout


def test_empty_stdin_is_an_input_error(runner):
    assert_input_error(run(runner, "check", "-", input=b""), "<stdin>", "empty")


DOCUMENT_CASE = """\
source paper "The paper" reliability B document "article.txt"
event a "A" at 2015
evidence e from paper credibility 2
  quote "It rained."
  supports a
"""


def test_stdin_documents_are_read_from_the_working_folder(runner, tmp_path, monkeypatch):
    write(tmp_path, "article.txt", "Yesterday It rained. Then it stopped.")
    monkeypatch.chdir(tmp_path)
    result = run(runner, "check", "--fail-on", "info", "-", input=DOCUMENT_CASE.encode())
    assert result.exit_code == 0, result.stdout


def test_file_documents_are_read_from_the_case_files_folder(runner, tmp_path, monkeypatch):
    (tmp_path / "case").mkdir()
    write(tmp_path, "case/article.txt", "Yesterday It rained. Then it stopped.")
    path = write(tmp_path, "case/doc.cx", DOCUMENT_CASE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = run(runner, "check", "--fail-on", "info", str(path))
    assert result.exit_code == 0, result.stdout
    moved = write(tmp_path, "doc.cx", DOCUMENT_CASE)  # no article.txt beside this one
    assert run(runner, "check", str(moved)).exit_code == 1


# --- select and ignore -------------------------------------------------------------


def rules_reported(result):
    return {finding["rule"] for finding in json.loads(result.stdout)["files"][0]["findings"]}


def test_select_keeps_only_the_named_rules(runner, in_root):
    result = run(runner, "check", "--format", "json", "--select", "unsupported-link", SMALL)
    assert rules_reported(result) == {"unsupported-link"}
    assert result.exit_code == 0  # the one error left is expected


def test_select_takes_codes_and_comma_separated_lists(runner, in_root):
    by_code = run(runner, "check", "--format", "json", "--select", "CX201,cx301", SMALL)
    assert rules_reported(by_code) == {"unsupported-link", "chain-gap"}
    repeated = run(runner, "check", "--format", "json", "--select", "CX201", "--select", "chain-gap", SMALL)
    assert rules_reported(repeated) == {"unsupported-link", "chain-gap"}


def test_ignore_drops_the_named_rules(runner, in_root):
    everything = rules_reported(run(runner, "check", "--format", "json", SMALL))
    result = run(runner, "check", "--format", "json", "--ignore", "single-source,weak-support", SMALL)
    assert rules_reported(result) == everything - {"single-source", "weak-support"}
    assert {"single-source", "weak-support"} <= everything


def test_unknown_rule_name_is_a_usage_error_with_a_suggestion(runner, in_root):
    result = run(runner, "check", "--select", "unsuported-link", SMALL)
    assert result.exit_code == 2
    assert "unknown rule `unsuported-link`" in result.stderr
    assert "did you mean `unsupported-link`" in result.stderr
    assert run(runner, "check", "--ignore", "nothing-like-it", SMALL).exit_code == 2


# --- colour ------------------------------------------------------------------------


def test_no_colour_when_output_is_not_a_terminal(runner, in_root):
    result = run(runner, "check", SMALL)
    assert ANSI not in result.stdout


def test_colour_always_and_never(runner, in_root):
    assert ANSI in run(runner, "check", "--color", "always", SMALL).stdout
    assert ANSI in run(runner, "check", "--colour", "always", SMALL).stdout
    assert ANSI not in run(runner, "check", "--color", "never", SMALL).stdout


def test_json_is_never_coloured(runner, in_root):
    result = run(runner, "check", "--format", "json", "--color", "always", SMALL)
    assert ANSI not in result.stdout
    json.loads(result.stdout)


class _Terminal:
    def isatty(self):
        return True


def test_auto_colour_is_on_for_a_terminal_unless_no_color_is_set(monkeypatch):
    monkeypatch.setattr(sys, "stdout", _Terminal())
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour("auto") is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_colour("auto") is False
    assert use_colour("always") is True
    monkeypatch.setenv("NO_COLOR", "")  # set but empty does not count (no-color.org)
    assert use_colour("auto") is True


# --- JSON --------------------------------------------------------------------------


def test_json_version_1_has_exactly_its_documented_shape(runner, in_root):
    result = run(runner, "check", "--format", "json", "--json-version", "1", SMALL, CLEAN)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert list(report) == ["version", "files", "summary"]
    assert report["version"] == 1
    assert [entry["path"] for entry in report["files"]] == [SMALL, CLEAN]
    for entry in report["files"]:
        assert list(entry) == ["path", "findings", "chains"]
        for finding in entry["findings"]:
            assert list(finding) == [
                "rule", "code", "severity", "message", "help", "line", "column", "end_line", "end_column"
            ]
            assert finding["severity"] in {"error", "warning", "info"}
            assert all(isinstance(finding[key], str) for key in ("rule", "code", "message", "help"))
            assert all(isinstance(finding[key], int) for key in ("line", "column", "end_line", "end_column"))
        for chain in entry["chains"]:
            assert list(chain) == ["name", "steps", "verdict", "weakest"]
            assert isinstance(chain["steps"], list) and all(isinstance(step, str) for step in chain["steps"])
            assert chain["verdict"] in {"supported", "weak", "broken"}
            assert chain["weakest"] is None or list(chain["weakest"]) == ["step", "reason"]
    assert list(report["summary"]) == ["error", "warning", "info"]
    findings = [finding for entry in report["files"] for finding in entry["findings"]]
    for severity, count in report["summary"].items():
        assert count == sum(1 for finding in findings if finding["severity"] == severity)


def test_json_version_2_adds_labels_confidences_and_the_expected_mark(runner, in_root):
    result = run(runner, "check", "--format", "json", SMALL, CLEAN)
    report = json.loads(result.stdout)
    assert report["version"] == 3
    for entry in report["files"]:
        assert list(entry) == ["path", "findings", "chains", "semantics", "acceptance", "items", "outcomes"]
        assert (entry["semantics"], entry["acceptance"]) == ("grounded", "sceptical")
        for finding in entry["findings"]:
            assert list(finding)[-1] == "expected" and isinstance(finding["expected"], bool)
        for chain in entry["chains"]:
            assert list(chain) == ["name", "steps", "verdict", "weakest", "confidence", "weakest_first"]
            assert 0 <= chain["confidence"] <= 1
            confidences = [step["confidence"] for step in chain["weakest_first"]]
            assert confidences == sorted(confidences)
            assert chain["confidence"] <= math.prod(confidences) + 1e-9  # a chain is a conjunction
            assert not chain["weakest_first"] or chain["weakest"]["step"] == chain["weakest_first"][0]["step"]
        for item in entry["items"]:
            assert list(item) == ["id", "kind", "label", "confidence"]
            assert item["label"] in {"accepted", "rejected", "undecided", "unsupported"}
            assert item["confidence"] is None or 0 <= item["confidence"] <= 1


def test_json_chain_verdicts(runner, in_root):
    report = json.loads(run(runner, "check", "--format", "json", SMALL).stdout)
    chains = {chain["name"]: chain for chain in report["files"][0]["chains"]}
    del chains["money"]["confidence"], chains["money"]["weakest_first"]
    assert chains["money"] == {
        "name": "money",
        "steps": ["rent_rise", "losses", "closure"],
        "verdict": "broken",
        "weakest": {"step": "losses -> closure", "reason": "no evidence, and not marked `assumed`"},
    }
    assert chains["jump"]["weakest"]["step"] == "rent_rise -> closure"


def test_json_for_an_unreadable_file(runner, tmp_path):
    result = run(runner, "check", "--format", "json", str(tmp_path / "nope.cx"))
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    (finding,) = report["files"][0]["findings"]
    assert (finding["rule"], finding["code"], finding["line"], finding["column"]) == ("input-error", "CX002", 1, 1)
    assert report["summary"] == {"error": 1, "warning": 0, "info": 0}


# --- golden files of the fixture case ------------------------------------------------


def test_text_report_matches_golden(runner, in_root):
    assert_matches_golden("small.txt", run(runner, "check", "--color", "never", SMALL).stdout)


def test_json_report_matches_golden(runner, in_root):
    assert_matches_golden("small.json", run(runner, "check", "--format", "json", SMALL).stdout)


def test_dot_graph_matches_golden(runner, in_root):
    assert_matches_golden("small.dot", run(runner, "graph", SMALL).stdout)


def test_mermaid_graph_matches_golden(runner, in_root):
    assert_matches_golden("small.mmd", run(runner, "graph", "--format", "mermaid", SMALL).stdout)


# --- causal rules --------------------------------------------------------------------


def test_rules_lists_every_rule(runner):
    result = run(runner, "rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(RULES)
    for rule, line in zip(RULES, lines):
        assert line.split()[:3] == [rule.code, rule.name, rule.severity.label]
        assert line.endswith(rule.summary)


@pytest.mark.parametrize("word", ["unsupported-link", "CX201", "cx201"])
def test_rules_explains_one_rule_by_name_or_code(runner, word):
    result = run(runner, "rules", word)
    assert result.exit_code == 0
    rule = next(rule for rule in RULES if rule.name == "unsupported-link")
    assert result.stdout.startswith(f"{rule.code} unsupported-link (")
    for heading in ("What it finds:", "Why it matters:", "Example (triggers the rule):", "Passing example"):
        assert heading in result.stdout
    for line in rule.example.splitlines():
        assert line in result.stdout


def test_rules_unknown_name_exits_2_with_a_suggestion(runner):
    result = run(runner, "rules", "unsuported-link")
    assert result.exit_code == 2
    assert "did you mean `unsupported-link`" in result.stderr


def test_rules_markdown_is_docs_rules_md(runner):
    result = run(runner, "rules", "--markdown")
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert result.stdout == committed, (
        "docs/rules.md is out of date with the rule table; regenerate it with "
        "`causal rules --markdown > docs/rules.md`"
    )


# --- causal graph --------------------------------------------------------------------


def test_graph_dot_styles_nodes_and_edges_by_the_findings(runner, in_root):
    result = run(runner, "graph", SMALL)
    assert result.exit_code == 0
    dot = result.stdout
    assert dot.startswith("digraph causal {")
    # The contradiction is decided by strength: the paper's accounts (B2) defeat the blog's hearsay.
    assert '"losses" [shape=box, label="losses\\nThe café runs at a\\nloss", id="item-losses", tooltip=' in dot
    assert (
        '"owner_retires" [shape=box, label="owner_retires\\nThe owner wanted to\\nretire anyway\\n(rejected)", '
        'style="filled,dashed", fillcolor="#E6E6E6", color="#999999", fontcolor="#555555", id="item-owner_retires"'
    ) in dot
    # No evidence says the café closed: a dotted vermillion outline, and said so.
    assert (
        '"closure" [shape=ellipse, label="closure\\nThe café closes\\n2023-02\\n(unsupported)", style=dotted, '
        'color="#D55E00", penwidth=1.5, id="item-closure"'
    ) in dot
    # The joint link runs through one junction; its causes' edges have no head.
    assert '"rent_rise" -> "link#1" [id="link-0-cause-1", color="#0072B2"' in dot
    assert '"roadworks" -> "link#1" [id="link-0-cause-2", color="#0072B2"' in dot
    assert '"link#1" -> "losses" [id="link-0", label="causes (1 evidence)\\nsingle source\\nmoney #1"' in dot
    # Unsupported, a step of a chain: dashed, vermillion and thick.
    assert (
        '"losses" -> "closure" [id="link-1", label="causes (no evidence)\\nmoney #2", style=dashed, color="#D55E00", '
        'fontcolor="#D55E00", penwidth=3.5,'
    ) in dot
    # Assumed: dotted; rejected: grey and thin.
    assert '"owner_retires" -> "closure" [id="link-3", label="motivates (assumed)\\nrejected", style=dotted, color="#999999"' in dot
    # Cause after effect: vermillion with a vee head.
    assert 'label="triggers (1 evidence)\\nweak, single source\\ncause after effect\\nstreet #1", color="#D55E00"' in dot
    assert '"rent_rise" -> "closure" [id="gap-jump-1", label="gap in chain jump", style=dashed, color="#D55E00"' in dot
    assert '"losses" -> "owner_retires" [id="contradiction-why", label="contradiction why", style=dashed' in dot
    assert '"chain#jump" [shape=cds, label="chain jump\\nbroken, confidence 0.00"' in dot
    assert '"legend#" [id="legend", shape=plaintext' in dot and "<B>Legend</B>" in dot


def test_graph_mermaid_styles_and_legend(runner, in_root):
    result = run(runner, "graph", "--format", "mermaid", SMALL)
    assert result.exit_code == 0
    chart = result.stdout
    assert chart.startswith("flowchart TB\n")
    assert 'n5["owner_retires<br/>The owner wanted to<br/>retire anyway<br/>(rejected)"]:::rejected' in chart
    assert "classDef undecided " in chart and "classDef rejected " in chart and "classDef unsupported " in chart
    assert '(["closure<br/>The café closes<br/>2023-02<br/>(unsupported)"]):::unsupported' in chart
    assert re.search(r'j\d+\(\(" "\)\):::joint', chart)
    assert '-.->|"causes (no evidence)<br/>money #35;2"|' in chart
    assert 'subgraph legend["Legend"]' in chart
    assert "stroke-dasharray:6 4" in chart and "stroke-dasharray:2 3" in chart


def test_graph_writes_to_a_file_and_overwrites_it(runner, in_root, tmp_path):
    target = tmp_path / "graph.dot"
    target.write_text("old")
    result = run(runner, "graph", SMALL, "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("digraph causal {")


def test_graph_refuses_to_write_into_a_missing_folder(runner, in_root, tmp_path):
    result = run(runner, "graph", SMALL, "-o", str(tmp_path / "no" / "such" / "graph.dot"))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def test_graph_of_a_case_with_syntax_errors_exits_1_without_a_graph(runner, tmp_path):
    path = write(tmp_path, "broken.cx", 'event a "A"\nlink a => b\n')
    result = run(runner, "graph", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{path}:2:" in result.stderr and "error[syntax-error]" in result.stderr


def test_graph_of_an_unreadable_file_exits_2(runner, tmp_path):
    result = run(runner, "graph", str(tmp_path / "nope.cx"))
    assert result.exit_code == 2
    assert "error[input-error] no such file" in result.stderr


def test_graph_svg_without_graphviz_exits_2_naming_the_package(runner, in_root, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    result = run(runner, "graph", "--format", "svg", SMALL)
    assert result.exit_code == 2
    assert (
        "Graphviz's `dot` is not installed; install the `graphviz` package "
        "(e.g. apt-get install graphviz) or use --format dot"
    ) in result.stderr


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graph_svg_with_graphviz(runner, in_root):
    result = run(runner, "graph", "--format", "svg", SMALL)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.lstrip().startswith(("<?xml", "<svg"))
    assert "</svg>" in result.stdout


# --- no traceback, ever; python -m causal -------------------------------------------


def test_an_internal_error_is_reported_without_a_traceback(runner, in_root, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(causal.pipeline, "check_text", explode)
    result = runner.invoke(cli, ["check", SMALL])
    assert result.exit_code == 2
    assert "causal: internal error: RuntimeError: boom" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_python_dash_m_causal_runs_the_command(tmp_path):
    path = write(tmp_path, "expected.cx", EXPECTED_ONLY)
    completed = subprocess.run(
        [sys.executable, "-m", "causal", "check", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert "(1 expected) in 1 file" in completed.stdout


def test_version_option(runner):
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert "causal" in result.stdout


def test_default_max_bytes_is_the_library_default(runner):
    assert str(DEFAULT_MAX_BYTES) in run(runner, "check", "--help").stdout


def test_graph_never_writes_over_its_own_case_file(runner, tmp_path):
    path = write(tmp_path, "case.cx", EXPECTED_ONLY)
    result = run(runner, "graph", str(path), "-o", str(path))
    assert result.exit_code == 2
    assert "refusing" in result.stderr
    assert path.read_text(encoding="utf-8") == EXPECTED_ONLY


# Pieces of the language and of trouble, so that random texts sometimes parse.
PIECES = st.sampled_from(
    [
        'event a "A" at 2015\n', 'event b "B" at 2016-02..\n', 'claim c "C \\" \\\\ <x> #1"\n',
        'source s "S" reliability E\n', 'evidence e from s credibility 5 supports c\n', "link a -> b\n",
        "link a, c -> b because e\n", 'link c -> a assumed "why"\n', "chain k: a -> b -> c\n",
        "contradiction x: a vs c\n", "expect unsupported-link on a -> b\n", "expect chain k is weak\n",
        'allow chain-gap "r"\n', "\t", " ", "\r\n", "\x1b", "\u202e", "漢", "@", '"', "->", ",", "#", "\x00",
    ]
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(PIECES, PIECES, PIECES, st.text(max_size=5)), max_size=25))
def test_no_text_makes_any_command_end_in_a_traceback(tmp_path, pieces):
    path = tmp_path / "random.cx"
    path.write_bytes("".join(pieces).encode("utf-8", "surrogatepass"))
    runner = CliRunner()
    for args in (
        ["check", str(path)],
        ["check", "--format", "json", str(path)],
        ["graph", str(path)],
        ["graph", "--format", "mermaid", str(path)],
    ):
        result = runner.invoke(cli, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code in (0, 1, 2)
        assert "internal error" not in result.stderr
        if args[1:3] == ["--format", "json"]:
            json.loads(result.stdout)
