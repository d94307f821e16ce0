"""What is wrong with an input before there is a model: the record the readers and the parser hand on.

The front end (reading files, parsing text) knows where a problem is and how to
word it, but not how it is reported: `rule` names the rule whose finding it
becomes, and causal.rules.input turns each problem into that finding, with the
rule's code and severity. So the front end imports nothing from the rules.
"""

from __future__ import annotations

from attrs import frozen

from causal.inputs.spans import FILE_START, Span

UNREADABLE = "input-error"
SYNTAX = "syntax-error"
MISPLACED_CLAUSE = "misplaced-clause"
INVALID_VALUE = "invalid-value"


@frozen
class Problem:
    rule: str
    span: Span
    message: str
    help: str


def unreadable(message: str, help: str, span: Span = FILE_START) -> Problem:
    return Problem(UNREADABLE, span, message, help)
