"""`causal af solve` read without click (causal.cli.af_solve): every command line it takes is answered exactly
as the click command answers it, and every other one is left to click."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from causal.cli.af import af
from causal.cli.af_solve import plain_options
from causal.cli.entry import solve_plain as run_plain
from tests.conftest import TESTS

DATA = TESTS / "data" / "af"
APX = str(DATA / "floating.apx")
I23 = str(DATA / "floating.i23")
ODD = str(DATA / "odd-cycle.apx")
BAD = str(DATA / "bad-range.i23")


def through_click(words: list[str]) -> tuple[str, str, int]:
    result = CliRunner().invoke(af, ["solve", *words], prog_name="causal af")
    return result.stdout, result.stderr, result.exit_code


def without_click(words: list[str], capsys) -> tuple[str, str, int] | None:
    """What run_plain prints and its exit status; None when it left the command line to click."""
    capsys.readouterr()
    try:
        ran = run_plain(words)
    except SystemExit as done:
        out, err = capsys.readouterr()
        return out, err, done.code
    assert ran is False
    assert capsys.readouterr() == ("", "")
    return None


PLAIN = [
    ["-p", "SE-GR", "-f", APX],
    ["-p", "EE-PR", "-f", APX, "-fo", "apx"],
    ["--problem", "DS-PR", "--file", I23, "--argument", "1"],
    ["-p", "DC-ST", "-f", I23, "-a", "2"],
    ["-p", "SE-ST", "-f", ODD, "--engine", "search", "--time-limit", "5"],
    ["-p", "EE-CO", "-f", APX, "--time-limit", ".5", "--max-bytes", "1000"],
    ["-p", "SE-GR", "-f", APX, "--max-bytes", "10"],
    ["-p", "SE-GR", "-f", I23, "--max-arguments", "3"],
    ["-p", "SE-GR", "-f", I23, "--max-arguments", "4"],
    ["-p", "SE-GR", "-f", BAD],
    ["-p", "SE-GR", "-f", str(DATA / "missing.apx")],
    ["-p", "SE-GR", "-f", str(DATA)],
    ["--formats"],
    ["--problems", "--formats"],
    ["-p", "XX-GR", "-f", APX],
    ["-p", "DC-PR", "-f", APX],
    ["-p", "DC-PR", "-f", APX, "-a", "zz"],
    ["-p", "DC-PR", "-f", I23, "-a", "9"],
    ["-f", APX],
    ["-p", "SE-GR"],
    ["-p", "SE-GR", "-f", APX, "-fo", "i23"],
    ["-p", "SE-GR", "-f", I23, "-fo", "apx"],
]


@pytest.mark.parametrize("words", PLAIN)
def test_a_plain_call_prints_and_exits_exactly_as_the_click_command(words: list[str], capsys) -> None:
    plain = without_click(words, capsys)
    assert plain is not None, "a plain call was left to click"
    assert plain == through_click(words)


LEFT_TO_CLICK = [
    [],
    ["--help"],
    ["-h"],
    ["-p", "SE-GR", "-f", APX, "-p", "SE-PR"],
    ["-p=SE-GR", "-f", APX],
    ["--problem=SE-GR", "-f", APX],
    ["-pSE-GR", "-f", APX],
    ["-p", "SE-GR", "-f"],
    ["-p", "SE-GR", "-f", APX, "-fo", "xml"],
    ["-p", "SE-GR", "-f", APX, "--engine", "clingo"],
    ["-p", "SE-GR", "-f", APX, "--time-limit", "0"],
    ["-p", "SE-GR", "-f", APX, "--time-limit", "1e3"],
    ["-p", "SE-GR", "-f", APX, "--time-limit", "inf"],
    ["-p", "SE-GR", "-f", APX, "--max-bytes", "0"],
    ["-p", "SE-GR", "-f", APX, "--max-bytes", "1_000"],
    ["-p", "SE-GR", "-f", APX, "--max-bytes", "+5"],
    ["-p", "DC-PR", "-f", APX, "-a", "-3"],
    ["-p", "SE-GR", "-f", APX, "--unknown"],
    ["-p", "SE-GR", "-f", APX, "extra"],
]


@pytest.mark.parametrize("words", LEFT_TO_CLICK)
def test_a_call_that_is_not_plain_is_left_to_click_untouched(words: list[str], capsys) -> None:
    assert plain_options(words) is None
    assert without_click(words, capsys) is None


# Words that make plain calls, calls click refuses, and calls only click reads.
WORDS = st.sampled_from(
    ["-p", "--problem", "-f", "--file", "-fo", "--format", "-a", "--argument", "--engine", "--time-limit",
     "--max-bytes", "--max-arguments", "--formats", "--problems", "SE-GR", "EE-PR", "DC-CO", "DS-ST", "XX-PR",
     APX, I23, ODD, BAD, "apx", "i23", "tgf", "sat", "search", "1", "2", "0", "a", "d", "zz", "-1", "0.5", "7",
     "=", "--help"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=8))
def test_any_command_line_is_answered_alike_with_and_without_click(words: list[str]) -> None:
    import io
    import sys

    # capsys cannot serve a Hypothesis test (one fixture for many examples): streams of our own.
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (io.TextIOWrapper(io.BytesIO(), encoding="utf-8") for _ in range(2))
    try:
        try:
            ran = run_plain(words)
            plain = None
            assert ran is False
        except SystemExit as done:
            plain = done.code
        written = []
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
            written.append(stream.buffer.getvalue().decode("utf-8"))
    finally:
        sys.stdout, sys.stderr = streams
    if plain is None:
        assert written == ["", ""]
        assert plain_options(words) is None
    else:
        assert (*written, plain) == through_click(words)


def test_an_internal_error_is_reported_alike_with_and_without_click(monkeypatch, capsys) -> None:
    from causal import argumentation

    def broken(*args, **kwargs):
        raise RuntimeError("a bug \x1b[31m")

    monkeypatch.setattr(argumentation, "solve", broken)
    words = ["-p", "SE-PR", "-f", APX]
    plain = without_click(words, capsys)
    assert plain == through_click(words)
    assert plain[2] == 2 and "internal error: RuntimeError: a bug \\x1b[31m" in plain[1]


def test_a_stream_that_is_not_utf8_is_left_to_click(monkeypatch, capsys) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    assert run_plain(["-p", "SE-GR", "-f", APX]) is False


def test_an_i23_header_that_declares_millions_in_a_few_bytes_is_a_usage_error_that_names_the_way_out(
    tmp_path, capsys
) -> None:
    lie = tmp_path / "lie.i23"
    lie.write_text("p af 9999999\n")  # 13 bytes; it once took 7 s and 1.4 GB and printed 79 MB
    words = ["-p", "SE-GR", "-f", str(lie)]
    plain = without_click(words, capsys)
    assert plain == through_click(words)
    out, err, status = plain
    assert status == 2 and out == ""
    assert err == (
        f"{lie}:1: the header declares 9,999,999 arguments, over the limit of 1,000,013 for a file of 13 characters "
        "(1,000,000 plus one per character, at most 10,000,000); allow more with --max-arguments\n"
    )
    # Allowed, such a header is a valid framework of unattacked arguments, each in every extension.
    lie.write_text("p af 1500000\n")
    asked = ["-p", "DS-GR", "-f", str(lie), "-a", "1500000"]
    assert without_click(asked, capsys)[2] == 2
    assert without_click([*asked, "--max-arguments", "1500000"], capsys) == ("YES\n", "", 0)
