"""The rule table: every rule, in one place, with its checks.

`causal rules`, docs/rules.md and the `expect`/`allow` name checks all read
this table. Codes are stable: a retired rule keeps its code unused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from causal.analysis import CaseAnalysis
from causal.rules.findings import Finding
from causal.model.case_model import Model
from causal.rules import attacks, documents, explanations, input, logic, meta, names, structure, support, timing
from causal.rules.base import Rule

RULES: tuple[Rule, ...] = (
    *input.RULES,
    *names.RULES,
    *support.RULES,
    *documents.RULES,
    *structure.RULES,
    *timing.RULES,
    *logic.RULES,
    *attacks.RULES,
    *explanations.RULES,
    *meta.RULES,
)

# Checks that read the model alone, then those that read its analysis
# (labels, confidences, verdicts). Each yields findings and never prints.
MODEL_CHECKS: tuple[Callable[[Model], Iterable[Finding]], ...] = (
    names.check,
    documents.check,
    structure.check,
    timing.check,
)
ANALYSIS_CHECKS: tuple[Callable[[CaseAnalysis], Iterable[Finding]], ...] = (
    support.check,
    logic.check,
    attacks.check,
    explanations.check,
)

RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def find_rule(name_or_code: str) -> Rule | None:
    return RULES_BY_NAME.get(name_or_code) or RULES_BY_CODE.get(name_or_code.upper())
