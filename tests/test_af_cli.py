"""`causal af solve`, run through click's CliRunner: ICCMA tasks, output forms, bad input."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from causal.cli import cli
from tests.conftest import TESTS

DATA = TESTS / "data" / "af"
APX = str(DATA / "floating.apx")
TGF = str(DATA / "floating.tgf")
I23 = str(DATA / "floating.i23")
ODD = str(DATA / "odd-cycle.apx")


def solve(*args: str):
    return CliRunner().invoke(cli, ["af", "solve", *args])


@pytest.mark.parametrize(
    ("task", "extra", "expected"),
    [
        ("SE-GR", [], "[]"),
        ("EE-GR", [], "[[]]"),
        ("SE-CO", [], "[]"),
        ("EE-CO", [], "[[],[a,d],[b,d]]"),
        ("SE-PR", [], "[a,d]"),
        ("EE-PR", [], "[[a,d],[b,d]]"),
        ("SE-ST", [], "[a,d]"),
        ("EE-ST", [], "[[a,d],[b,d]]"),
        ("DC-PR", ["-a", "a"], "YES"),
        ("DC-PR", ["-a", "c"], "NO"),
        ("DS-PR", ["-a", "d"], "YES"),
        ("DS-PR", ["-a", "a"], "NO"),
        ("DS-GR", ["-a", "d"], "NO"),
        ("DC-ST", ["-a", "b"], "YES"),
        ("DS-ST", ["-a", "d"], "YES"),
        ("DC-CO", ["-a", "d"], "YES"),
        ("DS-CO", ["-a", "d"], "NO"),
    ],
)
def test_tasks_on_an_apx_file_print_iccma_2015_2021_answers(task: str, extra: list[str], expected: str) -> None:
    result = solve("-p", task, "-f", APX, "-fo", "apx", *extra)
    assert result.exit_code == 0, result.output
    assert result.output == expected + "\n"


def test_tgf_answers_like_apx() -> None:
    assert solve("-p", "EE-PR", "-f", TGF, "-fo", "tgf").output == "[[a,d],[b,d]]\n"


@pytest.mark.parametrize(
    ("task", "extra", "expected"),
    [
        ("SE-PR", [], "w 1 4\n"),
        ("SE-GR", [], "w\n"),
        ("EE-PR", [], "w 1 4\nw 2 4\n"),
        ("DC-ST", ["-a", "2"], "YES\n"),
        ("DS-PR", ["-a", "1"], "NO\n"),
    ],
)
def test_tasks_on_an_i23_file_print_iccma_2023_answers(task: str, extra: list[str], expected: str) -> None:
    result = solve("-p", task, "-f", I23, "-fo", "i23", *extra)
    assert result.exit_code == 0, result.output
    assert result.output == expected


def test_no_stable_extension_prints_no() -> None:
    assert solve("-p", "SE-ST", "-f", ODD, "-fo", "apx").output == "NO\n"
    assert solve("-p", "EE-ST", "-f", ODD, "-fo", "apx").output == "[]\n"
    assert solve("-p", "DS-ST", "-f", ODD, "-fo", "apx", "-a", "a").output == "YES\n"


def test_format_follows_the_file_suffix_when_not_given() -> None:
    assert solve("-p", "SE-PR", "-f", I23).output == "w 1 4\n"
    assert solve("-p", "SE-PR", "-f", APX).output == "[a,d]\n"


def test_formats_and_problems_are_listed() -> None:
    assert solve("--formats").output == "[apx,tgf,i23]\n"
    problems = solve("--problems").output.strip()
    assert problems.startswith("[") and problems.endswith("]")
    listed = problems[1:-1].split(",")
    assert {"SE-GR", "EE-CO", "DC-PR", "DS-ST"} <= set(listed)
    assert len(listed) == 16


@pytest.mark.parametrize(
    ("name", "fmt", "location"),
    [("bad-attack.apx", "apx", ":4: "), ("bad-line.tgf", "tgf", ":4: "), ("bad-range.i23", "i23", ":3: ")],
)
def test_malformed_file_is_reported_as_path_line_message_with_status_2(name: str, fmt: str, location: str) -> None:
    path = str(DATA / name)
    result = solve("-p", "SE-GR", "-f", path, "-fo", fmt)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(path + location)
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["-p", "XX-GR", "-f", APX], "unknown task"),
        (["-p", "SE-XX", "-f", APX], "unknown task"),
        (["-p", "DC-PR", "-f", APX], "give it with -a"),
        (["-p", "DC-PR", "-f", APX, "-a", "zz"], "no argument 'zz'"),
        (["-f", APX], "give a task"),
        (["-p", "SE-GR"], "give a task"),
        (["-p", "SE-GR", "-f", "framework.txt"], "cannot tell the format"),
        (["-p", "SE-GR", "-f", APX, "-fo", "xml"], "'xml' is not one of"),
    ],
)
def test_usage_errors_exit_with_2(args: list[str], complaint: str) -> None:
    result = solve(*args)
    assert result.exit_code == 2
    assert complaint in result.output


def test_unreadable_file_exits_with_2(tmp_path) -> None:
    missing = str(tmp_path / "missing.apx")
    result = solve("-p", "SE-GR", "-f", missing)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{missing}: cannot read the file")
    undecodable = tmp_path / "latin.apx"
    undecodable.write_bytes(b"arg(\xe9).\n")
    result = solve("-p", "SE-GR", "-f", str(undecodable))
    assert result.exit_code == 2
    assert "cannot read the file" in result.stderr


def test_the_console_script_starts_causal_af_without_loading_the_case_checker() -> None:
    import subprocess
    import sys

    program = (
        "import sys\n"
        "sys.argv = ['causal', 'af', 'solve', '--formats']\n"
        "from causal.entry import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('checker loaded' if 'causal.checker' in sys.modules else 'checker not loaded')\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["[apx,tgf,i23]", "checker not loaded"]


def test_a_file_that_is_not_regular_is_refused_without_reading_it(tmp_path) -> None:
    import os
    import subprocess
    import sys

    paths = [p for p in ("/dev/zero", "/dev/urandom") if os.path.exists(p)]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "x.apx")
        paths.append(str(tmp_path / "x.apx"))
    for path in paths:
        # A child process with a timeout: a read that blocks or never ends fails the test, not the run.
        result = subprocess.run(
            [sys.executable, "-m", "causal", "af", "solve", "-p", "SE-GR", "-fo", "apx", "-f", path],
            capture_output=True, text=True, timeout=60, check=False,
        )
        assert result.returncode == 2, path
        assert result.stderr.startswith(f"{path}: cannot read the file: not a regular file ("), result.stderr


def test_a_file_over_max_bytes_is_refused(tmp_path) -> None:
    path = tmp_path / "a.apx"
    path.write_text("arg(a).\narg(b).\n")
    result = solve("-p", "SE-GR", "-f", str(path), "--max-bytes", "10")
    assert result.exit_code == 2
    assert "over the --max-bytes limit of 10" in result.stderr
    assert solve("-p", "SE-GR", "-f", str(path), "--max-bytes", "16").stdout == "[a,b]\n"


def test_cr_only_line_ends_are_read_as_the_library_reads_them(tmp_path) -> None:
    from causal.argumentation import parse

    text = "arg(a).\rarg(b).\ratt(a,b).\r"
    path = tmp_path / "cr.apx"
    path.write_bytes(text.encode())
    result = solve("-p", "SE-GR", "-f", str(path))
    assert result.exit_code == 0 and result.stdout == "[a]\n"
    assert parse(text, "apx").names == ("a", "b")
