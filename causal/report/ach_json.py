"""The competing-hypotheses analysis (causal.analysis.ach) as plain dicts, for JSON.

`ach_to_json` gives one dict per outcome; `causal ach --format json` prints
them under ``outcomes`` (shape in docs/cli.md). Weights and scores are rounded
to 6 decimals, so the text is stable across platforms. Version 2 adds the
uncoded cells, the standing and ranking key, the sensitivity and the rival
effects of tests, and makes `argued_by` a list. The `posterior` key of an
outcome (Bayesian process tracing) is additive within version 2: it is there
only when a hypothesis of the outcome has a prior.
"""

from __future__ import annotations

import json

from causal.analysis.ach import Analysis, Argument, Cell, HypothesisResult, OutcomeAnalysis, Row, TestEffect
from causal.analysis.bayes import Posterior
from causal.report.printable import json_safe

VERSION = 2
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
        "degree": test.degree,
        "rival": test.rival,
        "would_be": test.would_be,
        "why_not": test.why_not,
        "counts": test.counts,
        "label": test.label,
        "line": test.line,
    }


def _argument(argument: Argument) -> dict:
    return {"chain": argument.chain, "verdict": argument.verdict, "reason": argument.reason}


def _hypothesis(hypothesis: HypothesisResult) -> dict:
    return {
        "name": hypothesis.name,
        "title": hypothesis.title,
        "added": hypothesis.added,
        "argued_by": list(hypothesis.argued_by),
        "compatible_with": list(hypothesis.compatible),
        "arguments": [_argument(argument) for argument in hypothesis.arguments],
        "standing": hypothesis.standing,
        "rank": hypothesis.rank,
        "tied": hypothesis.tied,
        # The ranking key, in the order it is compared (docs/language.md); the name comes last.
        "rank_key": {
            "eliminated": hypothesis.eliminated,
            "argument_broken": hypothesis.argument_broken,
            "inconsistency": _number(hypothesis.inconsistency),
            "consistency": _number(hypothesis.consistency),
        },
        "inconsistency": _number(hypothesis.inconsistency),
        "inconsistent_count": hypothesis.inconsistent_count,
        "consistency": _number(hypothesis.consistency),
        "consistent_count": hypothesis.consistent_count,
        "neutral_count": hypothesis.neutral_count,
        "uncoded_count": len(hypothesis.uncoded),
        "uncoded": list(hypothesis.uncoded),
        "process_tracing": {
            "verdict": hypothesis.verdict,
            "tests": [_test(test) for test in hypothesis.tests],
        },
        "line": hypothesis.line,
    }


def _cell(cell: Cell) -> dict:
    # An uncoded cell is said so, never left to look neutral.
    basis = cell.basis if cell.coded else "uncoded"
    return {"mark": cell.mark, "basis": basis, "conflicting": cell.conflicting}


def _row(row: Row, names: list[str]) -> dict:
    return {
        "name": row.evidence,
        "grades": row.grades,
        "weight": _number(row.weight),
        "label": row.label,
        "counts": row.counts,
        "diagnostic": row.diagnostic,
        "line": row.line,
        "cells": {name: _cell(cell) for name, cell in zip(names, row.cells)},
    }


def _optional_number(value: float | None) -> float | None:
    return None if value is None else _number(value)


def _posterior(bayes: Posterior) -> dict:
    """The Bayesian block (docs/cli.md): always the same keys; empty or null where not computed."""
    return {
        "computed": bayes.computed,
        "reason": bayes.reason,  # null | "missing priors" | "invalid priors" | "compatible hypotheses"
        "without_prior": list(bayes.without),
        "compatible_pairs": [list(pair) for pair in bayes.compatible_pairs],
        "prior": {name: _number(value) for name, value in zip(bayes.hypotheses, bayes.priors)},
        "posterior": {name: _number(value) for name, value in zip(bayes.hypotheses, bayes.posteriors)},
        "leading_pair": list(bayes.pair) if bayes.pair is not None else None,
        "unit": "dB",
        "prior_log_odds": _optional_number(bayes.prior_weight),
        "posterior_log_odds": _optional_number(bayes.posterior_weight),
        "evidence": [
            {
                "name": item.evidence,
                "label": item.label,
                "exponent": _number(item.exponent),
                "likelihoods": {name: value for name, value in zip(bayes.hypotheses, item.likelihoods)},
                "weight_of_evidence": _optional_number(item.weight),
                "line": item.line,
            }
            for item in bayes.items
        ],
        "not_used": [
            {"name": u.evidence, "reason": u.reason, "hypotheses": list(u.hypotheses), "line": u.line}
            for u in bayes.unusable
        ],
    }


def outcome_to_json(outcome: OutcomeAnalysis) -> dict:
    names = [hypothesis.name for hypothesis in outcome.hypotheses]
    result = {
        "outcome": outcome.outcome,
        "hypotheses": [_hypothesis(hypothesis) for hypothesis in outcome.hypotheses],
        "ranking": [hypothesis.name for hypothesis in outcome.ranking],
        "evidence": [_row(row, names) for row in outcome.rows],
        # Heuer step 6: the items whose removal alone would change who ranks first.
        "sensitivity": [{"evidence": s.evidence, "first": s.first} for s in outcome.sensitivity],
    }
    if outcome.posterior is not None:
        # Optional, additive within version 2: only when a hypothesis of the outcome has a prior.
        result["posterior"] = _posterior(outcome.posterior)
    return result


def ach_to_json(analysis: Analysis) -> list[dict]:
    """One plain dict per outcome, in the analysis's order."""
    return [outcome_to_json(outcome) for outcome in analysis.outcomes]


def render_ach_json(path: str, analysis: Analysis) -> str:
    """What `causal ach --format json` prints: version, path and outcomes; no trailing newline."""
    document = {"version": VERSION, "path": path, "outcomes": ach_to_json(analysis)}
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return json_safe(text).encode("utf-8", "backslashreplace").decode("utf-8")
