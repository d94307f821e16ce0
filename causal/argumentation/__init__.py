"""Abstract argumentation: frameworks, their formats, and grounded/complete/preferred/stable semantics.

Standalone: nothing here reads case files (causal.analysis.labels builds a case's framework). See docs/af.md.
"""

from typing import TYPE_CHECKING

from causal.argumentation.budget import TimeLimitExceeded
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

if TYPE_CHECKING:
    from causal.argumentation.formats import FORMATS, WRITERS, FormatError, parse, render_answer

# The file formats are loaded when first asked for: a case's check builds its framework from these modules but
# reads and writes no framework file (start-up, bench/README.md).
_FROM_FORMATS = frozenset({"FORMATS", "WRITERS", "FormatError", "parse", "render_answer"})


def __getattr__(name: str):
    if name in _FROM_FORMATS:
        from causal.argumentation import formats

        return getattr(formats, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
