"""The pipeline: text -> AST -> model -> checks -> allows -> expectations -> one file's report."""

from __future__ import annotations

import gc
import unicodedata
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from attrs import frozen

from causal.language import ast
from causal.analysis import CaseAnalysis, analyse_case
from causal.analysis.chains import ChainVerdict, assess_chains
from causal.rules.findings import Finding
from causal.model.case_model import Model, build_model
from causal.language.parser import parse
from causal.rules import meta
from causal.rules.input import check_values
from causal.rules.registry import ANALYSIS_CHECKS, MODEL_CHECKS, RULES_BY_NAME
from causal.model.settings import Settings


@frozen
class FileReport:
    """Everything `causal check` knows about one case file."""

    path: str
    text: str
    findings: tuple[Finding, ...]
    chains: tuple[ChainVerdict, ...] = ()
    case: ast.CaseFile | None = None
    model: Model | None = None
    analysis: CaseAnalysis | None = None


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
    case, findings = parse(text)
    if case is None:
        return FileReport(path, text, _filtered(findings, select, ignore))
    findings.extend(check_values(case))
    model = build_model(case, base_dir, settings, overrides)
    for check in MODEL_CHECKS:
        findings.extend(check(model))
    analysis = analyse_case(model)
    for check in ANALYSIS_CHECKS:
        findings.extend(check(analysis))
    known = set(RULES_BY_NAME)
    findings.extend(meta.check_rule_references(case, known))
    verdicts = assess_chains(analysis)
    findings, unused_allows = meta.apply_allows(case, findings, known)
    findings.extend(unused_allows)
    findings, failed = meta.match_expectations(case, findings, verdicts, known)
    findings.extend(failed)
    return FileReport(path, text, _filtered(findings, select, ignore), tuple(verdicts), case, model, analysis)


def _filtered(findings: list[Finding], select: Collection[str], ignore: Collection[str]) -> tuple[Finding, ...]:
    kept = [
        f
        for f in findings
        if (not select or f.rule in select or f.code in select) and f.rule not in ignore and f.code not in ignore
    ]
    return tuple(sorted(kept, key=Finding.sort_key))
