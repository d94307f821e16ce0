"""CaDiCaL 1.9.5, python-sat's build of it, called through python-sat's C extension directly.

`pysat.solvers` imports some forty modules that the calls made here never use
(tempfile, bz2, lzma, gzip, decimal, random, threading, typing, ...): about
45 ms of CPU, as much as the rest of a `causal af solve` start, paid on every
task that asks a SAT question. The C extension it wraps, `pysolvers`, loads in
about 4 ms, and `Cadical` makes the very calls `pysat.solvers.Cadical195`
makes, with the same method names, so `Budget.solve` takes either.

`pysolvers` is python-sat's internal layer, so before its first use
`new_solver` checks that it has the functions needed and that they answer a
small formula as they should, and falls back to `pysat.solvers.Solver` when
they do not (a python-sat release that changed them): slower to start, never
wrong. `tests/test_hard_semantics.py` runs both.
"""

from __future__ import annotations

# The name python-sat gives this build of CaDiCaL, and its functions used here.
SOLVER = "cadical195"
_FUNCTIONS = ("new", "set", "add_cl", "solve", "solve_lim", "cbudget", "model", "del")


class Cadical:
    """One incremental CaDiCaL 1.9.5 instance, with the methods of `pysat.solvers.Solver` that causal uses."""

    __slots__ = ("_calls", "_solver", "_satisfied")

    def __init__(self, calls) -> None:
        self._calls = calls
        self._solver = calls.new()
        self._satisfied = False

    def configure(self, options: dict[str, int]) -> None:
        """Set CaDiCaL's options (by their names in its options.hpp); only before the first clause."""
        for name, value in options.items():
            self._calls.set(self._solver, name, value)

    def add_clause(self, clause) -> None:
        self._calls.add_cl(self._solver, clause)

    def append_formula(self, clauses) -> None:
        add, solver = self._calls.add_cl, self._solver
        for clause in clauses:
            add(solver, clause)

    def solve(self, assumptions=()) -> bool:
        self._satisfied = bool(self._calls.solve(self._solver, assumptions, _in_main_thread()))
        return self._satisfied

    def conf_budget(self, conflicts: int) -> None:
        self._calls.cbudget(self._solver, conflicts)

    def solve_limited(self, assumptions=()) -> bool | None:
        """As `solve` within the conflict budget: None when the budget ran out first."""
        status = self._calls.solve_lim(self._solver, assumptions, _in_main_thread())
        self._satisfied = status == 1
        return None if status == 0 else status == 1

    def get_model(self) -> list[int] | None:
        """The model of the last call, when it was satisfiable: one literal per variable, by variable."""
        if not self._satisfied:
            return None
        return self._calls.model(self._solver) or []

    def delete(self) -> None:
        if self._solver is not None:
            self._calls.delete(self._solver, None)
            self._solver = None

    def __del__(self) -> None:
        self.delete()


class _Calls:
    """The extension's cadical195_* functions under short names."""

    def __init__(self, extension) -> None:
        for name in _FUNCTIONS:
            setattr(self, "delete" if name == "del" else name, getattr(extension, f"{SOLVER}_{name}"))


def _in_main_thread() -> int:
    # The extension catches Ctrl-C during a call with a signal handler, which only the main thread may set.
    import threading

    return int(threading.current_thread() is threading.main_thread())


_CALLS: list[_Calls | None] = []


def _direct_calls() -> _Calls | None:
    if not _CALLS:
        try:
            import pysolvers

            calls = _Calls(pysolvers)
            _CALLS.append(calls if _answers_as_expected(calls) else None)
        except (ImportError, AttributeError, TypeError, ValueError, RuntimeError):
            _CALLS.append(None)
    return _CALLS[0]


def _answers_as_expected(calls: _Calls) -> bool:
    """Do the functions take the arguments given here and answer as CaDiCaL would? (x1 or x2, not x1)"""
    probe = Cadical(calls)
    try:
        probe.append_formula([[1, 2], [-1]])
        found = probe.solve([]) is True and probe.get_model() == [-1, 2] and probe.solve([-2]) is False
        probe.conf_budget(1000)
        return found and probe.solve_limited([2]) is True
    finally:
        probe.delete()


def new_solver(options: dict[str, int] | None = None, direct: bool = True):
    """A new, empty CaDiCaL 1.9.5 with ``options`` set: through the C extension when it has what is needed
    and ``direct``, else through `pysat.solvers`."""
    calls = _direct_calls() if direct else None
    if calls is not None:
        solver = Cadical(calls)
    else:
        from pysat.solvers import Solver

        solver = Solver(name=SOLVER)
    if options:
        solver.configure(options)
    return solver
