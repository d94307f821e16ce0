"""The ICCMA tasks: a problem (SE, EE, DC, DS) asked under a semantics, as `causal af solve -p SE-PR` names it.

The layer between the command line's task names and the semantics' entry points
(`causal.argumentation.semantics`), following the ICCMA 2023 rules: SE asks for
some extension, EE for every extension, DC whether an argument is credulously
accepted, DS whether it is sceptically accepted.
"""

from __future__ import annotations

import enum

from causal.argumentation.framework import Framework
from causal.argumentation.labellings import Extension, Semantics
from causal.argumentation.semantics import (
    credulous,
    extension_with,
    extension_without,
    extensions,
    sceptical,
    some_extension,
)


class Problem(enum.Enum):
    SE = "some extension"
    EE = "every extension"
    DC = "credulous acceptance"
    DS = "sceptical acceptance"


# Every problem-semantics pair, in the order `--problems` lists them.
TASKS: tuple[str, ...] = tuple(f"{problem.name}-{semantics.name}" for problem in Problem for semantics in Semantics)


def parse_task(task: str) -> tuple[Problem, Semantics]:
    """`SE-GR` -> (Problem.SE, Semantics.GR); ValueError for anything else."""
    problem, _, semantics = task.strip().upper().partition("-")
    if problem not in Problem.__members__ or semantics not in Semantics.__members__:
        raise ValueError(f"unknown task {task!r}; supported: {', '.join(TASKS)}")
    return Problem[problem], Semantics[semantics]


def solve(
    af: Framework,
    problem: Problem,
    semantics: Semantics,
    argument: int | None = None,
    *,
    engine: str = "sat",
    time_limit: float | None = None,
):
    """The answer to one task: an Extension or None (SE), a list of them (EE), a bool (DC, DS)."""
    options = dict(engine=engine, time_limit=time_limit)
    if problem is Problem.SE:
        return some_extension(af, semantics, **options)
    if problem is Problem.EE:
        return extensions(af, semantics, **options)
    if argument is None:
        raise ValueError(f"{problem.name} needs an argument")
    if problem is Problem.DC:
        return credulous(af, semantics, argument, **options)
    return sceptical(af, semantics, argument, **options)


def witness(
    af: Framework,
    problem: Problem,
    semantics: Semantics,
    argument: int,
    *,
    time_limit: float | None = None,
) -> Extension | None:
    """The certificate of an acceptance answer (ICCMA 2023's `w` line), from the SAT engine.

    DC: an extension containing `argument` (None: not credulously accepted).
    DS: an extension without it (None: sceptically accepted).
    """
    if problem is Problem.DC:
        return extension_with(af, semantics, argument, time_limit=time_limit)
    if problem is Problem.DS:
        return extension_without(af, semantics, argument, time_limit=time_limit)
    raise ValueError(f"{problem.name} answers have no certificate")
