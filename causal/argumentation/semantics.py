"""Extensions and acceptance under grounded, complete, preferred and stable semantics: one entry point, two engines.

Grounded semantics is the linear propagation in `labellings.grounded_labelling`,
whatever the engine. For the others there are two engines:

- `sat` (the default): `sat_engine`, the encodings and the CEGAR scheme of
  the SAT-based solvers that win ICCMA, after settling the grounded part and
  splitting the rest into independent parts.
- `search`: `labelling_search`, a backtracking search over labellings by
  strongly connected components; no SAT solver, exponential on hard
  frameworks. Kept as an independent cross-check and as the benchmark's
  yardstick.

Every function takes a `time_limit` in seconds (None: none). A task that runs
past it raises `TimeLimitExceeded`; see docs/af.md, "Time limit".
"""

from __future__ import annotations

from collections.abc import Callable

from causal.argumentation.budget import Budget, TimeLimitExceeded
from causal.argumentation.framework import Framework
from causal.argumentation.labellings import IN, OUT, UNDEC, Extension, Semantics, grounded, grounded_labelling

# typing is for the type checker only: importing it costs `causal af solve` a few milliseconds of every start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "ENGINES",
    "IN",
    "OUT",
    "UNDEC",
    "Extension",
    "Semantics",
    "TimeLimitExceeded",
    "acceptance_statuses",
    "credulous",
    "extension_with",
    "extension_without",
    "extensions",
    "grounded",
    "grounded_labelling",
    "sceptical",
    "some_extension",
]

ENGINES = ("sat", "search")


# The engines are imported when a task first needs one, not with this module: grounded tasks, the most
# common, need neither, and `causal af solve` pays for every module it imports on each start.
def _sat_engine():
    from causal.argumentation import sat_engine

    return sat_engine


def _labelling_search():
    from causal.argumentation import labelling_search

    return labelling_search


def _run(time_limit: float | None, task: Callable[[Budget], Any]) -> Any:
    with Budget(time_limit) as budget:
        return task(budget)


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")


def extensions(
    af: Framework, semantics: Semantics, *, engine: str = "sat", time_limit: float | None = None
) -> list[Extension]:
    """Every extension, each in index order, the list in lexicographic order."""
    _check_engine(engine)
    if semantics is Semantics.GR:
        return [grounded(af)]
    if engine == "search":
        return _run(time_limit, lambda budget: _labelling_search().extensions(af, semantics))
    return _run(time_limit, lambda budget: _sat_engine().extensions(af, semantics, budget))


def some_extension(
    af: Framework, semantics: Semantics, *, engine: str = "sat", time_limit: float | None = None
) -> Extension | None:
    """One extension, or None when there is none (only stable semantics can have none).

    Under complete semantics, the grounded extension (the least complete one).
    """
    _check_engine(engine)
    if semantics in (Semantics.GR, Semantics.CO):
        return grounded(af)
    if engine == "search":
        return _run(time_limit, lambda budget: _labelling_search().some_extension(af, semantics))
    return _run(time_limit, lambda budget: _sat_engine().some_extension(af, semantics, budget))


def credulous(
    af: Framework, semantics: Semantics, argument: int, *, engine: str = "sat", time_limit: float | None = None
) -> bool:
    """Is `argument` in some extension?"""
    _check_engine(engine)
    if semantics is Semantics.GR:
        return grounded_labelling(af)[argument] == IN
    if engine == "search":
        return _run(time_limit, lambda budget: _labelling_search().credulous(af, semantics, argument))
    return _run(time_limit, lambda budget: _sat_engine().credulous(af, semantics, argument, budget))


def sceptical(
    af: Framework, semantics: Semantics, argument: int, *, engine: str = "sat", time_limit: float | None = None
) -> bool:
    """Is `argument` in every extension? (Vacuously yes when there is none.)"""
    _check_engine(engine)
    if semantics in (Semantics.GR, Semantics.CO):
        return grounded_labelling(af)[argument] == IN
    if engine == "search":
        return _run(time_limit, lambda budget: _labelling_search().sceptical(af, semantics, argument))
    return _run(time_limit, lambda budget: _sat_engine().sceptical(af, semantics, argument, budget))


def extension_with(
    af: Framework, semantics: Semantics, argument: int, *, time_limit: float | None = None
) -> Extension | None:
    """An extension containing `argument`, from the SAT engine; None when no extension does (not credulously accepted)."""
    if semantics is Semantics.GR:
        extension = grounded(af)
        return extension if argument in extension else None
    return _run(time_limit, lambda budget: _sat_engine().credulous_witness(af, semantics, argument, budget))


def extension_without(
    af: Framework, semantics: Semantics, argument: int, *, time_limit: float | None = None
) -> Extension | None:
    """An extension without `argument`, from the SAT engine; None when every extension holds it (sceptically accepted)."""
    if semantics is Semantics.GR:
        extension = grounded(af)
        return None if argument in extension else extension
    return _run(time_limit, lambda budget: _sat_engine().sceptical_counterexample(af, semantics, argument, budget))


def acceptance_statuses(
    af: Framework, semantics: Semantics, *, engine: str = "sat", time_limit: float | None = None
) -> tuple[bytearray, bytearray, bytearray] | None:
    """Per argument, three flags (1 or 0): in some extension, in every extension, attacked by every extension.

    None when there is no extension (only stable semantics can have none).
    Unlike enumerating `extensions`, which can be exponential in the number of
    independent choices (k separate two-cycles have 2^k preferred extensions),
    each part of the framework is judged on its own.
    """
    _check_engine(engine)
    if semantics is Semantics.GR:
        labels = grounded_labelling(af)
        inside = bytearray(label == IN for label in labels)
        return inside, bytearray(inside), bytearray(label == OUT for label in labels)
    if engine == "search":
        return _run(time_limit, lambda budget: _labelling_search().acceptance_statuses(af, semantics))
    return _run(time_limit, lambda budget: _sat_engine().acceptance_statuses(af, semantics, budget))
