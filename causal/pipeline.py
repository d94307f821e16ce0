"""The pipeline: text -> AST -> model -> analysis -> checks -> allows -> expectations -> one file's report.

Every phase's checks come from the rule table (causal.rules.registry), in the
phase's order: values on the AST, then the model, then the analysis, then the
settling steps (unknown rule names, `allow`, `expect`).
"""

from __future__ import annotations

import functools
import gc
import sys
import unicodedata
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from causal.analysis.case_analysis import analyse_case
from causal.analysis.chains import assess_chains
from causal.inputs.case_files import DEFAULT_MAX_BYTES, read_case, read_stdin
from causal.inputs.problems import Problem, unreadable
from causal.inputs.spans import FILE_START
from causal.language.parser import parse
from causal.model.case_model import build_model
from causal.model.settings import ConfigError, Settings, base_settings
from causal.report.file_report import FileReport
from causal.rules.base import Phase, Settling
from causal.rules.findings import Finding
from causal.rules.input import INPUT_ERROR, finding_of
from causal.rules.registry import CHECKS, RULES_BY_NAME

STDIN = "-"
STDIN_PATH = "<stdin>"


def _base_dir_for_stdin() -> Path:
    try:
        return Path.cwd()
    except OSError:
        return Path(".")


def read_input(given: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str | None, Path, Problem | None]:
    """(shown path, text, folder its documents are read from, problem) for a path or `-`.

    Exactly one of text and problem is set.
    """
    if given == STDIN:
        text, problem = read_stdin(sys.stdin, max_bytes)
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
) -> FileReport:
    """Read and check one case file, `-` for standard input: `check_text` after the reader and the nearest
    `[tool.causal]`. A file that cannot be read, or whose settings cannot be used, is a report marked
    `unreadable` with one `input-error` finding that says why."""
    path, text, base_dir, problem = read_input(given, max_bytes)
    if problem is not None or text is None:
        return FileReport(path, "", (finding_of(problem),) if problem is not None else (), unreadable=True)
    try:
        settings = _settings_in(base_dir)
    except ConfigError as error:
        finding = INPUT_ERROR.finding(
            FILE_START, f"the settings cannot be used: {error}", "Fix [tool.causal] in that pyproject.toml."
        )
        return FileReport(path, text, (finding,), unreadable=True)
    return check_text(
        text, path=path, base_dir=base_dir, select=select, ignore=ignore, settings=settings, overrides=overrides
    )


@functools.lru_cache(maxsize=64)
def _settings_in(folder: Path) -> Settings:
    """The settings of the nearest `[tool.causal]` above ``folder`` (read once per folder and run)."""
    return base_settings(folder)


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
    for check in CHECKS[Phase.VALUES]:
        findings.extend(check(case))
    model = build_model(case, base_dir, settings, overrides)
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
