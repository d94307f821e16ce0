"""Mutation fuzzing of every command (tests/fuzzing.py): no mutated input ends in an internal error.

A short run with a fixed seed is part of the quick suite. The long run is
marked slow and runs only when asked for, with as many examples per command
as CAUSAL_FUZZ_EXAMPLES says and a random seed (or CAUSAL_FUZZ_SEED):

    CAUSAL_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest -m slow tests/test_fuzz.py

A failing input is saved as tests/data/fuzz-regressions/new-HASH.*, and
`test_kept_regressions_pass` replays every file there through the same oracle;
rename it after what it found, fix the bug, and commit both.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from causal.argumentation.formats import MAX_ARGUMENTS
from tests import fuzzing
from tests.fuzzing import (
    CASE_COMMANDS,
    Files,
    af_run,
    argument_choices,
    argument_count,
    case_run,
    declared_arguments,
    item_ids,
    judge,
    mutate,
    mutated_cases,
    mutated_frameworks,
    mutation_lists,
    regression_files,
    regression_inputs,
    rule_names,
    run_in_process,
    run_in_subprocess,
    tasks_for,
)

QUICK_EXAMPLES = 5
LONG_EXAMPLES = int(os.environ.get("CAUSAL_FUZZ_EXAMPLES", "0"))
LONG_SEED = os.environ.get("CAUSAL_FUZZ_SEED")

_HEALTH = [
    HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much, HealthCheck.large_base_example
]
QUICK = settings(
    max_examples=QUICK_EXAMPLES, derandomize=True, deadline=None, database=None, suppress_health_check=_HEALTH
)


def long_run(share: int = 1):
    """Marked slow, skipped unless CAUSAL_FUZZ_EXAMPLES asks for it, seeded by CAUSAL_FUZZ_SEED when given.

    The test runs CAUSAL_FUZZ_EXAMPLES / ``share`` examples.
    """

    def mark(test):
        examples = max(LONG_EXAMPLES // share, 1)
        test = settings(max_examples=examples, deadline=None, suppress_health_check=_HEALTH, print_blob=True)(test)
        if LONG_SEED is not None:
            test = seed(int(LONG_SEED))(test)
        test = pytest.mark.skipif(LONG_EXAMPLES == 0, reason="set CAUSAL_FUZZ_EXAMPLES=N to run the long fuzz")(test)
        return pytest.mark.slow(test)

    return mark


# --- what each example runs ----------------------------------------------------------


def fuzz_case_command(command: str, files: Files, choice: int, pick: int) -> None:
    if command == "graph-svg" and choice % 4:  # Graphviz is slow to start: one run in four
        command = "graph-dot"
    item = ""
    if command == "explain":
        ids = item_ids(files.main_data)
        item = ids[pick % len(ids)]
    with tempfile.TemporaryDirectory(prefix="causal-fuzz-") as folder:
        run = case_run(command, files, Path(folder) / "case", choice, item)
        judge(run, run_in_process(run, Path(folder)), files)


def fuzz_af_solve(files: Files, format_choice: int, suffix_choice: int, task_choice: int, argument_choice: int) -> None:
    data = files.main_data
    own = Path(files.main).suffix.lstrip(".")
    fmt = own if format_choice % 6 else ("apx", "tgf", "i23")[format_choice // 6 % 3]  # sometimes the wrong one
    # Frameworks of millions of arguments are the reading limits' business, not this test's.
    if fuzzing.DECLARED_ARGUMENTS < declared_arguments(data) <= MAX_ARGUMENTS:
        data = data.replace(b"p af", b"p af 1 #", 1)
        files = Files(files.main, ((files.main, data),))
    engine = ("sat", "sat", "search")[format_choice // 18 % 3]
    tasks = tasks_for(argument_count(data, fmt), engine)
    task = tasks[task_choice % len(tasks)]
    argument = None
    if task.startswith(("DC", "DS")):
        choices = argument_choices(data, fmt)
        argument = choices[argument_choice % len(choices)]
    options = ["--engine", engine] if engine == "search" else []
    if suffix_choice // 4 % 4 == 0:  # a limit that runs out: no answer, exit status 1
        options += ["--time-limit", "0.000001"]
    suffix = (f".{fmt}", f".{fmt}", ".af" if fmt == "i23" else ".txt", ".APX")[suffix_choice % 4]
    if suffix == ".APX" and fmt != "apx":
        suffix = f".{fmt}"
    with tempfile.TemporaryDirectory(prefix="causal-fuzz-") as folder:
        run = af_run(files, Path(folder), fmt, task, argument, suffix, options)
        judge(run, run_in_process(run, Path(folder)), files)


def fuzz_rules(name: str, as_markdown: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="causal-fuzz-") as folder:
        run = fuzzing.Run(("rules", *(["--markdown"] if as_markdown else []), name), len(name))
        judge(run, run_in_process(run, Path(folder)))


SUBPROCESS_COMMANDS = ("check", "check-json", "graph-mermaid", "explain", "export-apx", "ach-json")


def fuzz_case_command_in_a_process(files: Files, command: str, pick: int) -> None:
    """Through a real process: the console script's own handling, the real streams and their encoding."""
    ids = item_ids(files.main_data)
    with tempfile.TemporaryDirectory(prefix="causal-fuzz-") as folder:
        run = case_run(command, files, Path(folder) / "case", pick, ids[pick % len(ids)])
        judge(run, run_in_subprocess(run, Path(folder)), files)


def fuzz_af_solve_in_a_process(files: Files, task_choice: int) -> None:
    fmt = Path(files.main).suffix.lstrip(".")
    if fuzzing.DECLARED_ARGUMENTS < declared_arguments(files.main_data) <= MAX_ARGUMENTS:
        return
    tasks = tasks_for(argument_count(files.main_data, fmt))
    task = tasks[task_choice % len(tasks)]
    argument = argument_choices(files.main_data, fmt)[0] if task.startswith(("DC", "DS")) else None
    with tempfile.TemporaryDirectory(prefix="causal-fuzz-") as folder:
        run = af_run(files, Path(folder), fmt, task, argument, f".{fmt}")
        judge(run, run_in_subprocess(run, Path(folder)), files)


choices = st.integers(min_value=0, max_value=2**10)
rule_name_mutants = st.builds(
    lambda name, mutations: os.fsdecode(mutate(name.encode(), mutations, [fuzzing.Seed(name, name.encode())])),
    st.sampled_from(rule_names()),
    mutation_lists(3),
)


# --- the quick, deterministic run ------------------------------------------------------


@pytest.mark.parametrize("command", CASE_COMMANDS)
@QUICK
@given(files=mutated_cases(), choice=choices, pick=choices)
def test_mutated_cases_never_make_a_command_fail_badly(command, files, choice, pick):
    fuzz_case_command(command, files, choice, pick)


@settings(QUICK, max_examples=4 * QUICK_EXAMPLES)
@given(mutated_frameworks(), choices, choices, choices, choices)
def test_mutated_frameworks_never_make_af_solve_fail_badly(files, format_choice, suffix_choice, task_choice, argument):
    fuzz_af_solve(files, format_choice, suffix_choice, task_choice, argument)


@QUICK
@given(rule_name_mutants, st.booleans())
def test_mutated_rule_names_never_make_rules_fail_badly(name, as_markdown):
    fuzz_rules(name, as_markdown)


@settings(QUICK, max_examples=3)
@given(files=mutated_cases(max_mutations=3), command=st.sampled_from(SUBPROCESS_COMMANDS), pick=choices)
def test_mutated_cases_never_make_the_installed_command_fail_badly(files, command, pick):
    fuzz_case_command_in_a_process(files, command, pick)


@settings(QUICK, max_examples=3)
@given(mutated_frameworks(), choices)
def test_mutated_frameworks_never_make_the_installed_solver_fail_badly(files, task_choice):
    fuzz_af_solve_in_a_process(files, task_choice)


# --- the long run (slow, on request) ----------------------------------------------------


@pytest.mark.parametrize("command", CASE_COMMANDS)
@long_run()
@given(files=mutated_cases(), choice=choices, pick=choices)
def test_long_fuzz_of_case_commands(command, files, choice, pick):
    fuzz_case_command(command, files, choice, pick)


@long_run()
@given(mutated_frameworks(), choices, choices, choices, choices)
def test_long_fuzz_of_af_solve(files, format_choice, suffix_choice, task_choice, argument):
    fuzz_af_solve(files, format_choice, suffix_choice, task_choice, argument)


@long_run()
@given(rule_name_mutants, st.booleans())
def test_long_fuzz_of_rules(name, as_markdown):
    fuzz_rules(name, as_markdown)


@long_run(share=20)
@given(files=mutated_cases(max_mutations=3), command=st.sampled_from(SUBPROCESS_COMMANDS), pick=choices)
def test_long_fuzz_through_a_process(files, command, pick):
    fuzz_case_command_in_a_process(files, command, pick)


@long_run(share=20)
@given(mutated_frameworks(), choices)
def test_long_fuzz_of_af_solve_through_a_process(files, task_choice):
    fuzz_af_solve_in_a_process(files, task_choice)


# --- every input that ever failed ----------------------------------------------------------


def _regression_runs(files: Files, folder: Path):
    """Every command that applies to a kept input: all the case commands, or `af solve` with every task it may take."""
    suffix = Path(files.main).suffix
    if suffix == fuzzing.CASE_SUFFIX:
        ids = item_ids(files.main_data)[:8]
        for command in CASE_COMMANDS:
            for choice, item in enumerate(ids if command == "explain" else [""]):
                yield case_run(command, files, folder / f"{command}-{choice}", choice, item)
        return
    fmt = suffix.lstrip(".")
    data = files.main_data
    for task in tasks_for(argument_count(data, fmt)):
        arguments = argument_choices(data, fmt)[:10] if task.startswith(("DC", "DS")) else [None]
        for number, argument in enumerate(arguments):
            run_folder = folder / f"{task}-{number}"
            run_folder.mkdir(parents=True)
            yield af_run(files, run_folder, fmt, task, argument, suffix)


def test_there_are_kept_regressions():
    assert regression_inputs(), f"{fuzzing.REGRESSIONS} holds no inputs"


@pytest.mark.parametrize("kept", regression_inputs(), ids=lambda path: path.name)
def test_kept_regressions_pass(kept, tmp_path):
    for run in _regression_runs(regression_files(kept), tmp_path):
        judge(run, run_in_process(run, tmp_path))


# --- the oracle itself ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "words"),
    [
        (fuzzing.Outcome(2, "", "causal: internal error: ValueError: x\nThis is a bug in causal"), "internal error"),
        (fuzzing.Outcome(1, "", "Traceback (most recent call last):\n"), "Traceback"),
        (fuzzing.Outcome(0, "", "", RuntimeError("boom")), "exception escaped"),
        (fuzzing.Outcome(-9, "", ""), "exit status -9"),
        (fuzzing.Outcome(1, "{", ""), "not JSON"),
        (fuzzing.Outcome(1, "", ""), "not JSON"),
        (fuzzing.Outcome(0, '{"x": NaN}', ""), "not JSON"),
        (fuzzing.Outcome(1, "x" * (fuzzing.OUTPUT_CONSTANT + 100 * 10 + 1), ""), "bytes of output"),
        (fuzzing.Outcome(-1, "", "", fuzzing.Hang("over 30 s")), "no answer"),
    ],
)
def test_the_oracle_fails_every_kind_of_bad_run(outcome, words):
    run = fuzzing.Run(("check", "--format", "json", "case.cx"), 10, wants_json=True, json_on=(0, 1))
    assert any(words in problem for problem in fuzzing.problems(run, outcome))


def test_the_oracle_passes_a_clean_run_and_a_usage_error():
    run = fuzzing.Run(("check", "--format", "json", "case.cx"), 10, wants_json=True, json_on=(0, 1))
    assert fuzzing.problems(run, fuzzing.Outcome(1, '{"files": []}', "")) == []
    assert fuzzing.problems(run, fuzzing.Outcome(2, "", "Error: No such option: --x")) == []


def test_an_exception_inside_a_command_reaches_the_oracle(monkeypatch, tmp_path):
    import causal.pipeline

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(causal.pipeline, "check_text", explode)
    case = Files("case.cx", (("case.cx", b'event a "A"\n'),))
    run = case_run("check", case, tmp_path / "case")
    assert any("internal error" in problem for problem in fuzzing.problems(run, run_in_process(run, tmp_path)))


def test_a_command_that_does_not_end_is_stopped_and_failed(monkeypatch, tmp_path):
    import time

    import causal.pipeline

    monkeypatch.setattr(fuzzing, "RUN_SECONDS", 1)
    monkeypatch.setattr(causal.pipeline, "check_text", lambda *args, **kwargs: time.sleep(30))
    case = Files("case.cx", (("case.cx", b'event a "A"\n'),))
    run = case_run("check", case, tmp_path / "case")
    assert any("no answer" in problem for problem in fuzzing.problems(run, run_in_process(run, tmp_path)))
