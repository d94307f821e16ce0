"""What a check reports: small immutable finding objects, and their severities."""

from __future__ import annotations

import enum

from attrs import field, frozen

from causal.inputs.spans import Span


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


@frozen
class Subject:
    """What a finding is about, for matching `expect` lines and comparing runs.

    ``kind`` is one of ``name`` (a declaration), ``link`` (``names`` holds the
    causes, then the effect, last), ``chain``, ``group`` (several items, such as
    the members of a cycle or the two sides of a contradiction) or ``file``.
    ``label`` is a link's optional name.
    """

    kind: str
    names: tuple[str, ...]
    label: str | None = None

    def __str__(self) -> str:
        if self.kind == "link":
            return f"{', '.join(self.names[:-1])} -> {self.names[-1]}"
        if self.kind == "chain":
            return f"chain {self.names[0]}"
        if self.kind == "group":
            return " / ".join(self.names)
        return ", ".join(self.names)


FILE_SUBJECT = Subject("file", ())


def link_subject(causes: tuple[str, ...], effect: str, label: str | None = None) -> Subject:
    return Subject("link", (*causes, effect), label)


@frozen
class Finding:
    rule: str
    code: str
    severity: Severity
    message: str
    help: str
    span: Span
    subject: Subject = FILE_SUBJECT
    # Set by the checker once `expect` lines have been matched.
    expected: bool = field(default=False)

    def sort_key(self) -> tuple:
        return (self.span.line, self.span.column, self.code, self.message)
