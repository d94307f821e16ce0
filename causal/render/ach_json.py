"""The competing-hypotheses analysis (causal.analysis.ach) as plain dicts, for JSON.

`ach_to_json` gives one dict per outcome; `causal ach --format json` prints
them under ``outcomes`` (shape in docs/cli.md). Weights and scores are rounded
to 6 decimals, so the text is stable across platforms.
"""

from __future__ import annotations

import json

from causal.analysis.ach import Analysis, Cell, HypothesisResult, OutcomeAnalysis, Row, TestEffect

VERSION = 1
DECIMALS = 6


def _number(value: float) -> float:
    return round(value, DECIMALS)


def _test(test: TestEffect) -> dict:
    return {
        "evidence": test.evidence,
        "kind": test.kind,
        "result": test.result,
        "of": test.hypothesis,
        "effect": test.effect,
        "counts": test.counts,
        "label": test.label,
        "line": test.line,
    }


def _hypothesis(hypothesis: HypothesisResult) -> dict:
    return {
        "name": hypothesis.name,
        "title": hypothesis.title,
        "added": hypothesis.added,
        "argued_by": hypothesis.argued_by,
        "rank": hypothesis.rank,
        "tied": hypothesis.tied,
        "inconsistency": _number(hypothesis.inconsistency),
        "inconsistent_count": hypothesis.inconsistent_count,
        "consistency": _number(hypothesis.consistency),
        "consistent_count": hypothesis.consistent_count,
        "process_tracing": {
            "verdict": hypothesis.verdict,
            "tests": [_test(test) for test in hypothesis.tests],
        },
        "line": hypothesis.line,
    }


def _cell(cell: Cell) -> dict:
    return {"mark": cell.mark, "basis": cell.basis, "conflicting": cell.conflicting}


def _row(row: Row, names: list[str]) -> dict:
    return {
        "name": row.evidence,
        "weight": _number(row.weight),
        "label": row.label,
        "counts": row.counts,
        "line": row.line,
        "cells": {name: _cell(cell) for name, cell in zip(names, row.cells)},
    }


def outcome_to_json(outcome: OutcomeAnalysis) -> dict:
    names = [hypothesis.name for hypothesis in outcome.hypotheses]
    return {
        "outcome": outcome.outcome,
        "hypotheses": [_hypothesis(hypothesis) for hypothesis in outcome.hypotheses],
        "ranking": [hypothesis.name for hypothesis in outcome.ranking],
        "evidence": [_row(row, names) for row in outcome.rows],
    }


def ach_to_json(analysis: Analysis) -> list[dict]:
    """One plain dict per outcome, in the analysis's order."""
    return [outcome_to_json(outcome) for outcome in analysis.outcomes]


def render_ach_json(path: str, analysis: Analysis) -> str:
    """What `causal ach --format json` prints: version, path and outcomes; no trailing newline."""
    document = {"version": VERSION, "path": path, "outcomes": ach_to_json(analysis)}
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
