"""The pipeline: text -> AST -> model -> analysis -> checks -> allows -> expectations -> one file's report.

Every phase's checks come from the rule table (causal.rules.registry), in the
phase's order: values on the AST, then the model, then the analysis, then the
settling steps (unknown rule names, `allow`, `expect`).
"""

from __future__ import annotations

import gc
import unicodedata
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from causal.analysis.case_analysis import analyse_case
from causal.analysis.chains import assess_chains
from causal.language.parser import parse
from causal.model.case_model import build_model
from causal.model.settings import Settings
from causal.report.file_report import FileReport
from causal.rules.base import Phase, Settling
from causal.rules.findings import Finding
from causal.rules.input import finding_of
from causal.rules.registry import CHECKS, RULES_BY_NAME


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
