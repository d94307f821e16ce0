"""The pipeline: text -> AST -> model -> analysis -> checks -> allows -> expectations -> one file's report.

Every phase's checks come from the rule table (causal.rules.registry), in the
phase's order: values on the AST, then the model, then the analysis, then the
settling steps (unknown rule names, `allow`, `expect`).
"""

from __future__ import annotations

import functools
import gc
import os
import sys
import unicodedata
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import attrs
from attrs import frozen

from causal.analysis.case_analysis import analyse_case
from causal.analysis.chains import assess_chains
from causal.inputs.case_files import DEFAULT_MAX_BYTES, STDIN_PATH, decode_case, read_case, read_stdin
from causal.inputs.problems import Problem, unreadable
from causal.inputs.spans import FILE_START
from causal.language.parser import parse
from causal.model.case_model import build_model
from causal.model.settings import ConfigError, ProjectSettings, Settings, project_settings
from causal.model.times import ParsedDates
from causal.report.file_report import FileReport
from causal.rules.base import CaseValues, Phase, Settling
from causal.rules.documentation import did_you_mean
from causal.rules.findings import Finding, Severity
from causal.rules.input import INPUT_ERROR, finding_of
from causal.rules.registry import CHECKS, RULES, RULES_BY_NAME, find_rule

STDIN = "-"


def _base_dir_for_stdin() -> Path:
    try:
        return Path.cwd()
    except OSError:
        return Path(".")


def read_input(
    given: str, max_bytes: int = DEFAULT_MAX_BYTES, stdin_name: str | None = None
) -> tuple[str, str | None, Path, Problem | None]:
    """(shown path, text, folder its documents are read from, problem) for a path or `-`.

    Standard input is shown as ``stdin_name`` and read as if it were that file (its documents and its
    `[tool.causal]` looked up from that file's folder), or as `<stdin>` in the current folder.
    Exactly one of text and problem is set.
    """
    if given == STDIN:
        text, problem = read_stdin(sys.stdin, max_bytes)
        if stdin_name is not None:
            return stdin_name, text, Path(stdin_name).parent, problem
        return STDIN_PATH, text, _base_dir_for_stdin(), problem
    path = Path(given)
    try:
        text, problem = read_case(path, max_bytes)
    except ValueError as error:  # a path the OS cannot even name, such as one with a NUL
        text, problem = None, unreadable(f"cannot read the file: {error}", "Check the path.")
    return given, text, path.parent, problem


def check_file(
    given: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    overrides: Mapping[str, object] | None = None,
    stdin_name: str | None = None,
    cached_settings: bool = True,
) -> FileReport:
    """Read and check one case file, `-` for standard input: `check_text` after the reader and the nearest
    `[tool.causal]`. A file that cannot be read, or whose settings cannot be used, is a report marked
    `unreadable` with one `input-error` finding that says why.

    ``select`` and ``ignore`` (rule names) win over the table's `select` and `ignore`; empty, the table's
    apply. The report carries the table's `fail-on`, for the exit status (causal.cli.exit_codes).
    ``cached_settings``: the table is read once per folder and process (a run of many files), else afresh
    (a notebook, where the table may be edited between two checks).
    """
    path, text, base_dir, problem = read_input(given, max_bytes, stdin_name)
    if problem is not None or text is None:
        return FileReport(path, "", (finding_of(problem),) if problem is not None else (), unreadable=True)
    try:
        # Absolute, so that a relative folder (`.` for `--stdin-filename x.cx`) is not taken from the cache for
        # another current folder.
        project = (_project_in if cached_settings else _read_project)(Path(os.path.abspath(base_dir)))
    except (ConfigError, OSError) as error:
        return _unusable_settings(path, text, error)
    return _check_in_project(text, path, base_dir, project, select, ignore, overrides)


def check_bytes(
    data: bytes,
    path: str,
    base_dir: Path | None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    overrides: Mapping[str, object] | None = None,
) -> FileReport:
    """Check a case held in memory, such as an editor's unsaved buffer, as `check_file` checks the file.

    The bytes are decoded as a file's are (a byte-order mark dropped, line ends made `\\n`, NUL bytes, an
    empty case and ``max_bytes`` refused), and the nearest `[tool.causal]` above ``base_dir`` (the current
    folder when None) applies as it does to the file, its `select`, `ignore` and `fail-on` too; it is read
    afresh each time, as an editor keeps running while the table is edited. ``select``, ``ignore`` and
    ``overrides`` act as `check_file`'s do.
    """
    text, problem = decode_case(data, max_bytes)
    if problem is not None or text is None:
        return FileReport(path, "", (finding_of(problem),) if problem is not None else (), unreadable=True)
    try:
        project = _read_project(Path(os.path.abspath(base_dir if base_dir is not None else _base_dir_for_stdin())))
    except (ConfigError, OSError) as error:
        return _unusable_settings(path, text, error)
    return _check_in_project(text, path, base_dir, project, select, ignore, overrides)


def _check_in_project(
    text: str,
    path: str,
    base_dir: Path | None,
    project: Project,
    select: Sequence[str],
    ignore: Sequence[str],
    overrides: Mapping[str, object] | None,
) -> FileReport:
    """`check_text` under the nearest `[tool.causal]`: the caller's `select` and `ignore` win over the table's when
    given; the report carries the table's `fail-on`."""
    report = check_text(
        text,
        path=path,
        base_dir=base_dir,
        select=select or project.select,
        ignore=ignore or project.ignore,
        settings=project.settings,
        overrides=overrides,
    )
    return attrs.evolve(report, fail_on=project.fail_on) if project.fail_on is not None else report


def _unusable_settings(path: str, text: str, error: Exception) -> FileReport:
    finding = INPUT_ERROR.finding(
        FILE_START, f"the settings cannot be used: {error}", "Fix [tool.causal] in that pyproject.toml."
    )
    return FileReport(path, text, (finding,), unreadable=True)


@frozen
class Project:
    """The nearest `[tool.causal]` made ready for a run: case settings, rule names, and the least failing
    severity (None when the table does not set it)."""

    settings: Settings
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    fail_on: Severity | None


@functools.lru_cache(maxsize=64)
def _project_in(folder: Path) -> Project:
    """The nearest `[tool.causal]` above ``folder``, as `_read_project` gives it, read once per folder and run."""
    return _read_project(folder)


def _read_project(folder: Path) -> Project:
    """The nearest `[tool.causal]` above ``folder``, its rule names and severity checked; ConfigError, naming the
    file and the key, for anything it cannot use."""
    project = project_settings(folder)
    return Project(
        project.settings,
        _rule_names(project, "select", project.select),
        _rule_names(project, "ignore", project.ignore),
        _severity(project, project.fail_on),
    )


def _rule_names(project: ProjectSettings, key: str, words: tuple[str, ...]) -> tuple[str, ...]:
    names = []
    for word in words:
        rule = find_rule(word)
        if rule is None:
            raise ConfigError(f"{project.path}: [tool.causal] {key}: unknown rule `{word}`{did_you_mean(word, RULES)}")
        names.append(rule.name)
    return tuple(dict.fromkeys(names))


def _severity(project: ProjectSettings, word: str | None) -> Severity | None:
    if word is None:
        return None
    try:
        return Severity.parse(word)
    except KeyError:
        raise ConfigError(
            f'{project.path}: [tool.causal] fail-on: `{word}` is not a severity; write "error", "warning" or "info"'
        ) from None


def check_text(
    text: str,
    path: str = "<stdin>",
    base_dir: Path | None = None,
    select: Collection[str] = (),
    ignore: Collection[str] = (),
    settings: Settings = Settings(),
    overrides: Mapping[str, object] | None = None,
) -> FileReport:
    """Check one case file's text. ``base_dir`` is where its documents are looked up.

    ``select`` keeps only the named rules' findings, ``ignore`` drops them;
    both act on what is reported, after `expect` lines have been matched.
    ``settings`` are the defaults the case's `set` statements start from (as
    read from pyproject.toml); ``overrides`` (Settings field -> value, from
    the command line) win over both.
    """
    with _collector_paused():
        return _check(text, path, base_dir, select, ignore, settings, overrides)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a case is checked.

    The AST, model and findings hold no reference cycles, so reference
    counting frees them; but every allocation of a large case would otherwise
    trigger collections that rescan all live objects again and again, which
    makes checking a large case superlinear (about 40% of the time at 100k
    statements, per bench/run.py).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check(
    text: str,
    path: str,
    base_dir: Path | None,
    select: Collection[str],
    ignore: Collection[str],
    settings: Settings,
    overrides: Mapping[str, object] | None,
) -> FileReport:
    # Canonical composition (NFC) first: `Su\u0304ley` typed with a combining mark is the
    # same text as `Sūley`, so it lexes as one name, and positions and excerpts refer to
    # this text, which the report keeps.
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    case, problems = parse(text)
    findings = [finding_of(problem) for problem in problems]
    if case is None:
        return FileReport(path, text, _filtered(findings, select, ignore))
    dates = ParsedDates()
    values = CaseValues(case, dates)
    for check in CHECKS[Phase.VALUES]:
        findings.extend(check(values))
    model = build_model(case, base_dir, settings, overrides, dates)
    for check in CHECKS[Phase.MODEL]:
        findings.extend(check(model))
    analysis = analyse_case(model)
    for check in CHECKS[Phase.ANALYSIS]:
        findings.extend(check(analysis))
    verdicts = tuple(assess_chains(analysis))
    known = frozenset(RULES_BY_NAME)
    for check in CHECKS[Phase.SETTLE]:
        kept, added = check(Settling(case, findings, verdicts, known))
        findings = [*kept, *added]
    return FileReport(path, text, _filtered(findings, select, ignore), verdicts, case, model, analysis)


def _filtered(findings: list[Finding], select: Collection[str], ignore: Collection[str]) -> tuple[Finding, ...]:
    kept = [
        f
        for f in findings
        if (not select or f.rule in select or f.code in select) and f.rule not in ignore and f.code not in ignore
    ]
    return tuple(sorted(kept, key=Finding.sort_key))
