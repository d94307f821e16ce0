"""`causal fmt` through click's CliRunner: in place (atomic), --check, --diff, standard input, folders, bad input."""

from __future__ import annotations

import os
import stat

import pytest
from click.testing import CliRunner

import causal.cli.fmt
import causal.cli.rewrite
import causal.language.formatter
from causal.cli.commands import cli

UNFORMATTED = 'event a "A"   at 2015\nlink   a->b   # why\n'
FORMATTED = 'event a "A" at 2015\nlink a -> b  # why\n'
BROKEN = 'event a "A" at\n# a comment that must survive\n'


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args, input=None):
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


def write(folder, name, content: str | bytes):
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def leftovers(folder) -> list[str]:
    """Temporary files a rewrite left in a folder."""
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


# --- in place --------------------------------------------------------------------------------


def test_a_file_is_rewritten_atomically_with_its_permission_bits(runner, tmp_path):
    path = write(tmp_path, "case.cx", UNFORMATTED)
    path.chmod(0o640)
    before = path.stat()
    result = run(runner, "fmt", str(path))
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == FORMATTED
    after = path.stat()
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert after.st_ino != before.st_ino  # a new file renamed over the old one, not the old one rewritten
    assert leftovers(tmp_path) == []
    assert f"reformatted {path}" in result.stderr
    assert result.stderr.rstrip().endswith("1 file reformatted, 0 already formatted")


def test_a_formatted_file_is_not_written_at_all(runner, tmp_path):
    path = write(tmp_path, "case.cx", FORMATTED)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    before = path.stat()
    result = run(runner, "fmt", str(path))
    assert result.exit_code == 0, result.output
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert "0 files reformatted, 1 already formatted" in result.stderr


def test_a_file_that_does_not_parse_is_left_untouched_and_its_syntax_error_reported_as_check_does(runner, tmp_path):
    path = write(tmp_path, "broken.cx", BROKEN)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    result = run(runner, "fmt", str(path))
    assert result.exit_code == 1
    assert path.read_text(encoding="utf-8") == BROKEN
    assert path.stat().st_mtime_ns == 1_000_000_000
    checked = run(runner, "check", str(path))
    reported = [line for line in checked.stdout.splitlines() if "error[syntax-error]" in line]
    assert reported and all(line in result.stderr for line in reported)
    assert "1 file not formatted" in result.stderr


def test_other_files_are_formatted_when_one_does_not_parse(runner, tmp_path):
    broken = write(tmp_path, "a-broken.cx", BROKEN)
    good = write(tmp_path, "b-good.cx", UNFORMATTED)
    result = run(runner, "fmt", str(broken), str(good))
    assert result.exit_code == 1
    assert good.read_text(encoding="utf-8") == FORMATTED
    assert broken.read_text(encoding="utf-8") == BROKEN


def test_crlf_line_ends_are_kept(runner, tmp_path):
    path = write(tmp_path, "case.cx", UNFORMATTED.replace("\n", "\r\n").encode())
    assert run(runner, "fmt", str(path)).exit_code == 0
    assert path.read_bytes() == FORMATTED.replace("\n", "\r\n").encode()


def test_a_symbolic_link_stays_a_link_and_its_target_is_formatted(runner, tmp_path):
    target = write(tmp_path, "real.cx", UNFORMATTED)
    link = tmp_path / "link.cx"
    link.symlink_to(target)
    assert run(runner, "fmt", str(link)).exit_code == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == FORMATTED


def test_a_failed_write_leaves_the_file_and_no_temporary_file(runner, tmp_path, monkeypatch):
    path = write(tmp_path, "case.cx", UNFORMATTED)

    def full_disk(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(causal.cli.rewrite.os, "fsync", full_disk)
    result = run(runner, "fmt", str(path))
    assert result.exit_code == 2
    assert path.read_text(encoding="utf-8") == UNFORMATTED
    assert leftovers(tmp_path) == []
    assert f"cannot write {path}: No space left on device" in result.stderr


def test_a_file_changed_while_it_was_formatted_is_not_written_over(runner, tmp_path, monkeypatch):
    path = write(tmp_path, "case.cx", UNFORMATTED)
    real_format = causal.cli.fmt.format_bytes

    def edited_meanwhile(data, max_bytes):
        result = real_format(data, max_bytes)
        path.write_text(UNFORMATTED + 'event c "an edit made meanwhile"\n', encoding="utf-8")
        return result

    monkeypatch.setattr(causal.cli.fmt, "format_bytes", edited_meanwhile)
    result = run(runner, "fmt", str(path))
    assert result.exit_code == 2
    assert "an edit made meanwhile" in path.read_text(encoding="utf-8")
    assert "changed while it was being formatted" in result.stderr
    assert leftovers(tmp_path) == []


def test_a_formatter_bug_leaves_the_file_untouched(runner, tmp_path, monkeypatch):
    path = write(tmp_path, "case.cx", UNFORMATTED)
    real_render = causal.language.formatter._render
    monkeypatch.setattr(causal.language.formatter, "_render", lambda lines: real_render(lines).replace("# why", "#"))
    result = run(runner, "fmt", str(path))
    assert result.exit_code == 2
    assert path.read_text(encoding="utf-8") == UNFORMATTED
    assert "This is a bug in causal" in result.stderr


# --- --check and --diff ------------------------------------------------------------------------


def test_check_lists_each_file_that_would_change_and_writes_nothing(runner, tmp_path):
    first = write(tmp_path, "one.cx", UNFORMATTED)
    second = write(tmp_path, "two.cx", UNFORMATTED)
    clean = write(tmp_path, "three.cx", FORMATTED)
    result = run(runner, "fmt", "--check", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"would reformat {first}", f"would reformat {second}"]
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8") == UNFORMATTED
    assert clean.read_text(encoding="utf-8") == FORMATTED
    assert "2 files would be reformatted, 1 already formatted" in result.stderr


def test_check_passes_on_formatted_files(runner, tmp_path):
    path = write(tmp_path, "case.cx", FORMATTED)
    result = run(runner, "fmt", "--check", str(path))
    assert result.exit_code == 0
    assert result.stdout == ""


def test_diff_shows_what_would_change_and_writes_nothing(runner, tmp_path):
    path = write(tmp_path, "case.cx", UNFORMATTED)
    result = run(runner, "fmt", "--diff", str(path))
    assert result.exit_code == 1
    assert path.read_text(encoding="utf-8") == UNFORMATTED
    assert result.stdout.splitlines() == [
        f"--- {path}",
        f"+++ {path}",
        "@@ -1,2 +1,2 @@",
        '-event a "A"   at 2015',
        "-link   a->b   # why",
        '+event a "A" at 2015',
        "+link a -> b  # why",
    ]


def test_diff_is_empty_and_passes_on_formatted_files(runner, tmp_path):
    path = write(tmp_path, "case.cx", FORMATTED)
    result = run(runner, "fmt", "--diff", str(path))
    assert (result.exit_code, result.stdout) == (0, "")


def test_diff_escapes_control_characters_as_every_report_does(runner, tmp_path):
    path = write(tmp_path, "case.cx", 'event a "\x1b[2J"   at 2015\n')
    result = run(runner, "fmt", "--diff", str(path))
    assert "\x1b" not in result.stdout
    assert '+event a "\\x1b[2J" at 2015' in result.stdout


def test_diff_names_a_change_of_line_ends_alone(runner, tmp_path):
    path = write(tmp_path, "case.cx", b'event a "A"\r\nevent b "B"\n')
    result = run(runner, "fmt", "--diff", str(path))
    assert result.exit_code == 1
    assert "only its line ends would change" in result.stderr


# --- standard input and folders ----------------------------------------------------------------


def test_standard_input_is_formatted_to_standard_output(runner):
    result = run(runner, "fmt", "-", input=UNFORMATTED)
    assert result.exit_code == 0
    assert result.stdout == FORMATTED


def test_standard_input_with_check(runner):
    result = run(runner, "fmt", "--check", "-", input=UNFORMATTED)
    assert result.exit_code == 1
    assert result.stdout == "would reformat <stdin>\n"


def test_standard_input_that_does_not_parse_comes_out_unchanged(runner):
    result = run(runner, "fmt", "-", input=BROKEN)
    assert result.exit_code == 1
    assert result.stdout == BROKEN
    assert "<stdin>:3:1: error[syntax-error] unexpected end of file" in result.stderr


def test_a_folder_formats_every_case_below_it_and_nothing_else(runner, tmp_path):
    (tmp_path / "sub").mkdir()
    top = write(tmp_path, "top.cx", UNFORMATTED)
    below = write(tmp_path / "sub", "below.cx", UNFORMATTED)
    document = write(tmp_path, "document.txt", "event   not a case\n")
    result = run(runner, "fmt", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert top.read_text(encoding="utf-8") == below.read_text(encoding="utf-8") == FORMATTED
    assert document.read_text(encoding="utf-8") == "event   not a case\n"


# --- what cannot be read -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.cx", None, "no such file"),
        ("binary.cx", b"\x00\x01", "NUL bytes"),
        ("latin1.cx", b'event a "\xe9"\n', "not UTF-8"),
        ("empty.cx", b"", "the file is empty"),
    ],
)
def test_a_file_that_cannot_be_read_is_an_input_error_with_status_2(runner, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run(runner, "fmt", str(path))
    assert result.exit_code == 2
    assert "error[input-error]" in result.stderr and message in result.stderr
    assert content is None or path.read_bytes() == content


def test_a_folder_without_cases_is_an_input_error(runner, tmp_path):
    result = run(runner, "fmt", str(tmp_path))
    assert result.exit_code == 2
    assert "error[input-error]" in result.stderr


def test_a_file_over_max_bytes_is_refused(runner, tmp_path):
    path = write(tmp_path, "case.cx", UNFORMATTED)
    result = run(runner, "fmt", "--max-bytes", "10", str(path))
    assert result.exit_code == 2
    assert path.read_text(encoding="utf-8") == UNFORMATTED


def test_a_path_is_required(runner):
    result = runner.invoke(cli, ["fmt"])
    assert result.exit_code == 2
    assert "Missing argument" in result.output
