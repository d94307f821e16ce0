"""The `Rule` record (a rule's stable identity, its documentation, and a finding factory) and the `check` mark.

A family module (causal/rules/<family>.py) defines its rules as module-level
`Rule` constants and marks each function that looks for them with
`@runs_in(Phase.X)`; causal.rules.registry collects both from the module, so
adding a rule touches its family module alone (docs/architecture.md).
"""

from __future__ import annotations

import enum
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING

from attrs import field, frozen

from causal.inputs.spans import Span
from causal.rules.findings import FILE_SUBJECT, Finding, Severity, Subject

if TYPE_CHECKING:
    from causal.language.ast import CaseFile
    from causal.model.times import ParsedDates


def _dedent(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


@frozen
class Rule:
    """One rule: stable kebab-case ``name`` and ``code``, default severity, docs.

    ``finds``, ``why``, ``example`` and ``passing`` are the documentation that
    `causal rules NAME` and docs/rules.md show; the test suite checks that
    ``example`` triggers the rule and ``passing`` does not. ``documents`` are
    (file name, text) pairs laid beside both examples, for rules about sources'
    documents.
    """

    name: str
    code: str
    severity: Severity
    summary: str
    finds: str
    why: str
    example: str
    passing: str
    documents: tuple[tuple[str, str], ...] = field(default=())

    def __attrs_post_init__(self) -> None:
        for attr in ("finds", "why", "example", "passing"):
            object.__setattr__(self, attr, _dedent(getattr(self, attr)))

    def finding(
        self,
        span: Span,
        message: str,
        help: str,
        subject: Subject = FILE_SUBJECT,
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            rule=self.name,
            code=self.code,
            severity=self.severity if severity is None else severity,
            message=message,
            help=help,
            span=span,
            subject=subject,
        )


class Phase(enum.IntEnum):
    """When a check runs, and what it is given."""

    VALUES = 1  # the AST and the check's dates (causal.rules.base.CaseValues), before there is a model
    MODEL = 2  # the model (causal.model.case_model.Model)
    ANALYSIS = 3  # the analysis (causal.analysis.case_analysis.CaseAnalysis): labels, confidences, verdicts
    SETTLE = 4  # every finding so far (causal.rules.base.Settling): rule names, `allow`, `expect`


@frozen
class CaseValues:
    """What the first phase's checks read: the case as parsed, and the table its dates are parsed through, which
    the model then reads too (so each date is parsed once per check)."""

    case: CaseFile
    dates: ParsedDates


@frozen
class Settling:
    """What the last phase's checks read: the case, every finding of the earlier phases, the chain verdicts,
    and the names of every rule. Each of its checks returns the findings it keeps and the ones it adds."""

    case: object  # causal.language.ast.CaseFile
    findings: list[Finding]
    verdicts: tuple  # causal.analysis.chains.ChainVerdict, one per chain
    known: frozenset[str]


def runs_in(phase: Phase) -> Callable[[Callable], Callable]:
    """Mark a family module's function as a check of `phase`; the registry runs every marked function."""

    def mark(function: Callable) -> Callable:
        function.phase = phase
        return function

    return mark
