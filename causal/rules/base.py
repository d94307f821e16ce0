"""The `Rule` record: a rule's stable identity, its documentation, and a finding factory."""

from __future__ import annotations

import textwrap

from attrs import field, frozen

from causal.rules.findings import FILE_SUBJECT, Finding, Severity, Subject
from causal.language.spans import Span


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
