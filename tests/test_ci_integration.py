"""What CI, editors and shells need of `causal check` besides its formats: --stdin-filename, the pre-commit
hooks, the README's CI recipe, shell completion of paths, and the progress line of long runs."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import subprocess
import sys
import time

import pytest
import yaml
from click.shell_completion import ShellComplete
from click.testing import CliRunner

import causal.pipeline
from causal.cli.commands import cli
from causal.cli.progress import Progress
from tests.conftest import ROOT

EXAMPLES = ROOT / "docs" / "examples"


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args, input=None):
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


# --- --stdin-filename ------------------------------------------------------------------


def test_stdin_filename_names_the_case_and_finds_its_documents(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not the case's folder: minutes.txt is not here
    text = (EXAMPLES / "bridge.cx").read_text(encoding="utf-8")
    unnamed = run(runner, "check", "--format", "jsonl", "-", input=text).stdout
    assert '"path":"<stdin>"' in unnamed and "document-unreadable" in unnamed
    named = str(EXAMPLES / "bridge.cx")
    result = run(runner, "check", "--format", "jsonl", "--stdin-filename", named, "-", input=text)
    findings = [json.loads(line) for line in result.stdout.splitlines()]
    assert findings and {finding["path"] for finding in findings} == {named}
    assert "document-unreadable" not in {finding["rule"] for finding in findings}
    assert result.stdout == run(runner, "check", "--format", "jsonl", named).stdout


def test_stdin_filename_finds_the_tool_causal_table_from_that_files_folder(runner, tmp_path, monkeypatch):
    project = tmp_path / "project"
    (project / "cases").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[tool.causal]\nfail-on = "info"\n')
    causal.pipeline._project_in.cache_clear()
    monkeypatch.chdir(tmp_path)
    case = 'event a "A" at 2015\n'  # an unused event: one info finding
    assert run(runner, "check", "-", input=case).exit_code == 0
    named = run(runner, "check", "--stdin-filename", "project/cases/a.cx", "-", input=case)
    assert named.exit_code == 1 and named.stdout.startswith("project/cases/a.cx:1:7: info[unused-declaration]")


def test_stdin_filename_in_the_current_folder_reads_that_folders_table_wherever_that_is(runner, tmp_path, monkeypatch):
    strict, lenient = tmp_path / "strict", tmp_path / "lenient"
    for folder, level in ((strict, "info"), (lenient, "error")):
        folder.mkdir()
        (folder / "pyproject.toml").write_text(f'[tool.causal]\nfail-on = "{level}"\n')
    case = 'event a "A" at 2015\n'  # an unused event: one info finding
    monkeypatch.chdir(strict)
    assert run(runner, "check", "--stdin-filename", "a.cx", "-", input=case).exit_code == 1
    monkeypatch.chdir(lenient)
    assert run(runner, "check", "--stdin-filename", "a.cx", "-", input=case).exit_code == 0


def test_stdin_filename_without_dash_is_a_usage_error(runner):
    result = runner.invoke(cli, ["check", "--stdin-filename", "a.cx", str(EXAMPLES / "bridge.cx")])
    assert result.exit_code == 2 and "give - as a PATH" in result.output


# --- the pre-commit hooks and the README's CI recipe --------------------------------------

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI_SECTION = README[README.index("### Checking in CI") : README.index("## Layout")]
YAML_BLOCKS = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", CI_SECTION, re.S)]


def test_the_hooks_are_causal_check_and_causal_fmt_on_case_files():
    assert [(hook["id"], hook["entry"]) for hook in HOOKS] == [
        ("causal-check", "causal check"),
        ("causal-fmt", "causal fmt --check"),
    ]
    for hook in HOOKS:
        assert hook["language"] == "python" and hook["name"] and hook["description"]
        files = re.compile(hook["files"])
        assert files.search("cases/syria.cx") and not files.search("cases/syria.cx.txt")
        assert not files.search("README.md")


def test_the_check_hook_run_as_pre_commit_runs_it_passes_good_files_and_fails_bad_ones(tmp_path):
    (hook,) = [hook for hook in HOOKS if hook["id"] == "causal-check"]
    words = shlex.split(hook["entry"])
    good, bad = tmp_path / "good.cx", tmp_path / "bad.cx"
    good.write_text('event a "A" at 2015\n')
    bad.write_text("link a -> b\n")

    def hook_run(*files):
        # pre-commit runs the entry with the staged files appended.
        command = [sys.executable, "-m", "causal", *words[1:], *map(str, files)]
        return subprocess.run(command, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})

    assert hook_run(good).returncode == 0
    failed = hook_run(good, bad)
    assert failed.returncode == 1 and "bad.cx:1:6: error[undefined-name]" in failed.stdout


def test_the_fmt_hook_run_as_pre_commit_runs_it_passes_formatted_files_and_fails_others(tmp_path):
    (hook,) = [hook for hook in HOOKS if hook["id"] == "causal-fmt"]
    words = shlex.split(hook["entry"])
    laid_out, untidy = tmp_path / "laid-out.cx", tmp_path / "untidy.cx"
    laid_out.write_text('event a "A" at 2015\n')
    untidy.write_text('event   a   "A"   at 2015\n')

    def hook_run(*files):
        command = [sys.executable, "-m", "causal", *words[1:], *map(str, files)]
        return subprocess.run(command, capture_output=True, text=True)

    assert hook_run(laid_out).returncode == 0
    assert hook_run(laid_out, untidy).returncode == 1
    assert untidy.read_text() == 'event   a   "A"   at 2015\n'  # --check writes nothing


def test_the_readmes_pre_commit_config_names_the_hooks_of_this_repository():
    (config,) = [block for block in YAML_BLOCKS if isinstance(block, dict) and "repos" in block]
    (repository,) = config["repos"]
    assert {hook["id"] for hook in repository["hooks"]} == {hook["id"] for hook in HOOKS}


def test_the_readmes_github_steps_run_causal_commands_that_work(tmp_path):
    (steps,) = [block for block in YAML_BLOCKS if isinstance(block, list)]
    commands = [shlex.split(step["run"].split(">")[0]) for step in steps if "run" in step]
    assert [command[:4] for command in commands] == [
        ["causal", "check", "--format", "github"],
        ["causal", "check", "--format", "sarif"],
    ]
    for command in commands:
        arguments = [sys.executable, "-m", "causal", *command[1:]]
        result = subprocess.run(arguments, cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    (upload,) = [step for step in steps if "uses" in step]
    assert upload["with"]["sarif_file"] == "causal.sarif" and "causal.sarif" in steps[1]["run"]


# --- shell completion --------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["check"], ["check", "a.cx"], ["check", "--format", "sarif"], ["graph"], ["explain"], ["ach"], ["export"]]
    + [["fmt"], ["fmt", "--check"]],
)
def test_path_arguments_complete_as_file_names(args):
    completions = ShellComplete(cli, {}, "causal", "_CAUSAL_COMPLETE").get_completions(args, "cas")
    assert [(item.type, item.value) for item in completions] == [("file", "cas")]


def test_the_console_script_answers_bash_completion(tmp_path):
    words = {"COMP_WORDS": "causal check cas", "COMP_CWORD": "2"}
    environment = {**os.environ, "_CAUSAL_COMPLETE": "bash_complete", **words}
    result = subprocess.run([sys.executable, "-m", "causal"], env=environment, capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "file,cas"
    environment = {**os.environ, "_CAUSAL_COMPLETE": "bash_source"}
    script = subprocess.run([sys.executable, "-m", "causal"], env=environment, capture_output=True, text=True).stdout
    assert "complete -o nosort -F _causal_completion causal" in script


def test_a_path_argument_is_taken_as_written_and_read_by_causal(runner, tmp_path):
    """Completion does not make click check the path: a missing file is still causal's input-error."""
    result = run(runner, "check", str(tmp_path / "missing.cx"))
    assert result.exit_code == 2 and "error[input-error]" in result.stdout


# --- progress ----------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _wait_for(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the progress line never came"
        time.sleep(0.01)


def test_a_long_run_on_a_terminal_shows_which_file_is_checked_and_wipes_it_for_each_report():
    terminal = Terminal()
    with Progress(3, terminal, delay=0, interval=0.01) as progress:
        progress.checking(2, "cases/b.cx")
        _wait_for(lambda: "checking 2 of 3: cases/b.cx" in terminal.getvalue())
        with progress.paused():
            written = terminal.getvalue()
            assert written.endswith("\r") and written.rstrip("\r").endswith(" ")  # the line is wiped
            assert progress.shown == 0
    assert terminal.getvalue().endswith("\r") and progress.shown == 0


def test_no_progress_when_standard_error_is_not_a_terminal():
    stream = io.StringIO()
    with Progress(3, stream, delay=0, interval=0.01) as progress:
        progress.checking(1, "a.cx")
        time.sleep(0.1)
    assert stream.getvalue() == ""


def test_no_progress_for_a_run_quicker_than_the_delay():
    terminal = Terminal()
    with Progress(3, terminal, delay=60, interval=0.01) as progress:
        progress.checking(1, "a.cx")
        time.sleep(0.1)
    assert terminal.getvalue() == ""


def test_the_progress_line_keeps_the_input_printable_and_within_the_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    progress = Progress(1, Terminal(), delay=0)
    progress.checking(1, "\x1b[2J" + "x" * 100 + ".cx")
    line = progress._line()
    assert "\x1b" not in line and "\\x1b[2J" in line and len(line) == 39 and line.endswith("…")


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_run_of_over_a_second_shows_progress_on_a_terminal_and_keeps_standard_output_clean(tmp_path):
    case = tmp_path / "big.cx"
    case.write_text("".join(f'event e{i} "E {i}" at 2015\nlink e{i} -> e{i + 1} assumed "x"\n' for i in range(6000)))
    primary, secondary = os.openpty()
    started = time.monotonic()
    with subprocess.Popen(
        [sys.executable, "-m", "causal", "check", "--format", "concise", str(case), str(case)],
        stdout=subprocess.PIPE,
        stderr=secondary,
        env={**os.environ, "COLUMNS": "200"},
    ) as process:
        os.close(secondary)
        stdout = process.stdout.read().decode()
        process.wait()
    took = time.monotonic() - started
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(primary)
    assert took > 1.5, "the case was checked too fast to test the progress line; make it larger"
    # Which file the line names depends on the machine's speed: only that some line was drawn is certain.
    assert re.search(rb"causal: checking [12] of 2: " + re.escape(str(case).encode()) + rb" \(\d+ s\)", seen)
    assert seen.endswith(b"\r")  # wiped at the end
    assert "\r" not in stdout and stdout.count(str(case)) > 2 and "in 2 files" in stdout
