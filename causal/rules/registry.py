"""The rule table: every rule and every check, collected from the family modules in one place.

`causal rules`, docs/rules.md, the pipeline and the `expect`/`allow` name
checks all read this table. A family module's rules are its module-level `Rule`
constants, in the order they are written; its checks are the functions marked
with `@runs_in(Phase.X)`, run in the order they are written. Codes are stable: a
retired rule keeps its code unused.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from causal.rules import attacks, documents, hypotheses, input, logic, meta, names, structure, support, timing
from causal.rules.base import Phase, Rule

# The families, in the order `causal rules` lists them and their checks run.
FAMILIES: tuple[ModuleType, ...] = (
    input,
    names,
    support,
    documents,
    structure,
    timing,
    logic,
    attacks,
    hypotheses,
    meta,
)


def _rules_of(family: ModuleType) -> list[Rule]:
    return [value for value in vars(family).values() if isinstance(value, Rule)]


def _checks_of(family: ModuleType) -> list[Callable]:
    return [
        value
        for value in vars(family).values()
        if callable(value) and isinstance(getattr(value, "phase", None), Phase) and value.__module__ == family.__name__
    ]


RULES: tuple[Rule, ...] = tuple(rule for family in FAMILIES for rule in _rules_of(family))
FAMILY_OF: dict[str, str] = {rule.name: family.__name__ for family in FAMILIES for rule in _rules_of(family)}
CHECKS: dict[Phase, tuple[Callable, ...]] = {
    phase: tuple(check for family in FAMILIES for check in _checks_of(family) if check.phase is phase)
    for phase in Phase
}

RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def find_rule(name_or_code: str) -> Rule | None:
    return RULES_BY_NAME.get(name_or_code) or RULES_BY_CODE.get(name_or_code.upper())
