"""The JSON report: the documented shape, valid JSON for any input, stable output."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from causal.analysis.chains import ChainVerdict
from causal.inputs.spans import FILE_START, Span
from causal.pipeline import FileReport, check_text
from causal.report.json_report import VERSION, render_json, report_dict
from causal.rules.input import INPUT_ERROR

CASE = """\
event a "A" at 2015
event b "B" at 2016
link a -> b
chain s: a -> b
"""


def test_finding_fields_come_from_the_finding_and_its_span():
    report = check_text(CASE, path="case.cx")
    data = report_dict([report])
    assert data["version"] == VERSION == 3
    unsupported = next(f for f in data["files"][0]["findings"] if f["rule"] == "unsupported-link")
    finding = next(f for f in report.findings if f.rule == "unsupported-link")
    assert unsupported == {
        "rule": "unsupported-link",
        "code": finding.code,
        "severity": "error",
        "message": finding.message,
        "help": finding.help,
        "line": 3,
        "column": 1,
        "end_line": finding.span.end_line,
        "end_column": finding.span.end_column,
        "expected": False,
    }
    assert list(report_dict([report], version=1)["files"][0]["findings"][0])[-1] == "end_column"


def test_chain_without_steps_to_judge_has_null_weakest():
    verdict = ChainVerdict("c", ("a",), "supported", None, "the chain has no steps", Span(1, 1, 1, 2), ())
    data = report_dict([FileReport("x.cx", "", (), (verdict,))], version=1)
    assert data["files"][0]["chains"] == [{"name": "c", "steps": ["a"], "verdict": "supported", "weakest": None}]


@pytest.mark.slow
def test_rendering_is_deterministic():
    """Two checks of the same files give the same bytes, here and in processes with other string hashes."""
    reports = [check_text(CASE, path="one.cx"), check_text(CASE, path="two.cx")]
    again = [check_text(CASE, path="one.cx"), check_text(CASE, path="two.cx")]
    assert render_json(reports) == render_json(again)
    assert [entry["path"] for entry in json.loads(render_json(reports))["files"]] == ["one.cx", "two.cx"]
    script = (
        "import sys; from causal.pipeline import check_text; from causal.report.json_report import render_json; "
        "sys.stdout.write(render_json([check_text(sys.stdin.read(), path='one.cx')]))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            input=CASE,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert outputs == {render_json(reports[:1])}


def test_undecodable_file_names_still_give_valid_utf8_json():
    path = "caf\udce9.cx"  # how Python keeps a file name byte that is not UTF-8
    report = FileReport(path, "", (INPUT_ERROR.finding(FILE_START, "no such file", "Check the path."),))
    text = render_json([report])
    text.encode("utf-8")  # must not raise
    assert json.loads(text)["files"][0]["path"] == path


def test_non_ascii_text_is_written_as_is():
    text = render_json([check_text('claim café "Crème"\n', path="ü.cx")])
    assert '"path": "ü.cx"' in text
    assert "café" in text


def _whole(reports, version):
    """The report as json.dumps writes it in one piece, made safe as render_json makes it."""
    from causal.report.printable import json_safe

    text = json.dumps(report_dict(reports, version), indent=2, ensure_ascii=False)
    return json_safe(text).encode("utf-8", "backslashreplace").decode("utf-8")


def test_the_report_written_in_pieces_is_the_report_written_whole():
    from tests.conftest import ROOT

    paths = [ROOT / "cases" / "syria.cx", *sorted((ROOT / "docs" / "examples").glob("*.cx"))]
    reports = [check_text(path.read_text(encoding="utf-8"), path=str(path), base_dir=path.parent) for path in paths]
    reports.append(FileReport("empty.cx", "", ()))
    reports.append(check_text('claim c "\u202e\x85 \\n"\n', path="odd\udcff.cx", overrides={"semantics": "preferred"}))
    for version in (1, 3):
        assert render_json(reports, version) == _whole(reports, version)


@pytest.mark.parametrize("piece, batch", [(1, 1), (1, 7), (10**9, 10**9)])
def test_the_json_report_is_the_same_whatever_the_size_of_its_pieces_and_batches(monkeypatch, piece, batch):
    from causal.report import json_report

    reports = [
        check_text("\n".join(f'event e{i} "E {i}"' for i in range(300)) + "\n", path="many.cx"),
        FileReport("empty.cx", "", ()),
        check_text('event a "A" at 2016\nevent b "B" at 2015\nlink a -> b\nchain c: a -> b\n', path="two.cx"),
    ]
    monkeypatch.setattr(json_report, "_PIECE", piece)
    monkeypatch.setattr(json_report, "_BATCH", batch)
    pieces = list(json_report.iter_json(reports))
    if piece == 1 and batch == 1:
        assert len(pieces) > 600  # each of the 300 findings and 300 items written on its own
    assert "".join(pieces) == _whole(reports, 3)
