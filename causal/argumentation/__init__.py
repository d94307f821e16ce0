"""Abstract argumentation: frameworks, their formats, and grounded/complete/preferred/stable semantics.

Standalone: nothing here reads case files (causal.analysis.labels builds a case's framework). See docs/af.md.
"""

from causal.argumentation.budget import TimeLimitExceeded
from causal.argumentation.formats import FORMATS, WRITERS, FormatError, parse, render_answer
from causal.argumentation.framework import Framework
from causal.argumentation.iccma_tasks import TASKS, Problem, parse_task, solve, witness
from causal.argumentation.semantics import (
    ENGINES,
    Semantics,
    credulous,
    extensions,
    grounded,
    sceptical,
    some_extension,
)

__all__ = [
    "ENGINES",
    "FORMATS",
    "TASKS",
    "WRITERS",
    "FormatError",
    "Framework",
    "Problem",
    "Semantics",
    "TimeLimitExceeded",
    "credulous",
    "extensions",
    "grounded",
    "parse",
    "parse_task",
    "render_answer",
    "sceptical",
    "solve",
    "some_extension",
    "witness",
]
