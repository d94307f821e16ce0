"""Reading case files: every unreadable input becomes an input-error finding, never an exception."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from causal.inputs.case_files import decode_case, expand_paths, read_case


def test_bom_is_skipped_and_crlf_normalised():
    text, problem = decode_case(b'\xef\xbb\xbfevent a "A"\r\nclaim c "C"\r')
    assert problem is None
    assert text == 'event a "A"\nclaim c "C"\n'


def test_non_utf8_names_line_and_column_of_the_bad_byte():
    text, problem = decode_case(b'event a "A"\nclaim c "caf\xe9"')
    assert text is None and problem.rule == "input-error"
    assert (problem.span.line, problem.span.column) == (2, 13)
    assert "0xe9" in problem.message


def test_binary_file_is_refused():
    _, problem = decode_case(b"\x7fELF\x02\x01\x00\x00")
    assert "binary" in problem.message


@pytest.mark.parametrize("data", [b"", b"  \n\t\n"])
def test_empty_file_is_refused(data):
    _, problem = decode_case(data)
    assert "empty" in problem.message


def test_oversized_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.cx"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: cheap to make
    _, problem = read_case(big)
    assert "over the 40 MB limit" in problem.message


def test_missing_file_and_folder(tmp_path):
    assert "no such file" in read_case(tmp_path / "nope.cx")[1].message
    assert "folder" in read_case(tmp_path)[1].message


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    locked = tmp_path / "locked.cx"
    locked.write_text('event a "A"')
    locked.chmod(0)
    assert "permission denied" in read_case(locked)[1].message


def test_folders_expand_to_every_case_file_below_them_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("b/two.cx", "one.cx", "notes.txt"):
        (tmp_path / name).write_text('case "x"')
    assert expand_paths([str(tmp_path), "-"]) == [
        str(tmp_path / "b" / "two.cx"),
        str(tmp_path / "one.cx"),
        "-",
    ]


# --- only regular files are read -------------------------------------------------------------

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


def run_causal(*args: str, cwd=None) -> subprocess.CompletedProcess:
    """`causal ARGS` in a child process, killed after 60 s: a read that blocks on a FIFO must fail the test, not hang it."""
    return subprocess.run(
        [sys.executable, "-m", "causal", *args], capture_output=True, text=True, timeout=60, cwd=cwd, check=False
    )


@pytest.mark.slow
@needs_fifo
def test_a_fifo_given_as_a_case_file_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "x.cx"
    os.mkfifo(fifo)
    result = run_causal("check", str(fifo))
    assert result.returncode == 2
    assert "is not a regular file (a FIFO)" in result.stdout
    assert "internal error" not in result.stderr


@pytest.mark.slow
@needs_fifo
def test_a_fifo_inside_a_folder_is_skipped(tmp_path):
    os.mkfifo(tmp_path / "a.cx")
    (tmp_path / "b.cx").write_text('case "x"\n')
    assert expand_paths([str(tmp_path)]) == [str(tmp_path / "b.cx")]
    result = run_causal("check", str(tmp_path))
    assert result.returncode == 0, result.stdout
    assert "in 1 file" in result.stdout


@pytest.mark.slow
@needs_fifo
def test_a_fifo_as_a_document_is_document_unreadable_and_never_opened(tmp_path):
    os.mkfifo(tmp_path / "doc.txt")
    case = tmp_path / "c.cx"
    case.write_text('source s "S" reliability B document "doc.txt"\nclaim c "C"\nevidence e from s supports c\n')
    result = run_causal("check", str(case))
    assert "c.cx:1:37: error[document-unreadable]" in result.stdout
    assert "doc.txt is not a regular file (a FIFO)" in result.stdout
    assert "internal error" not in result.stderr


def test_a_device_given_as_a_case_file_is_refused(tmp_path):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    _, problem = read_case(Path("/dev/zero"))
    assert "not a regular file (a character device)" in problem.message
