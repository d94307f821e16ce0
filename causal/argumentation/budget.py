"""A time limit shared by every step of one task, so that a hard framework ends in a message, never a hang.

Preferred and stable acceptance are hard problems (NP- and Pi2-complete), so
some frameworks take longer than anyone will wait. A task given a limit stops
soon after it passes and raises `TimeLimitExceeded`, which the callers turn
into a message (`causal af solve`) or a finding (`causal check`) naming the
semantics and the size. The deadline is looked at between steps: between the
slices of a SAT call (CaDiCaL cannot be interrupted from another thread, so
a call runs a bounded number of conflicts at a time and resumes with what it
learnt) and every so many steps of the labelling search.
"""

from __future__ import annotations

import time
from contextvars import ContextVar, Token

# typing is for the type checker only: importing it costs `causal af solve` a few milliseconds of every start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# A SAT call under a time limit runs in slices of conflicts (see Budget.solve): the first slice, and how
# long one may last. Each slice changes the search a little (on one hard formula, slices from 10,000
# conflicts up took 16% more conflicts in all), so the first is large enough for most calls to need no other.
FIRST_SLICE = 50_000
LONGEST_SLICE_SECONDS = 2.0


class TimeLimitExceeded(Exception):
    """The task ran past its time limit of `seconds`."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"time limit of {seconds:g} s exceeded")
        self.seconds = seconds


class Budget:
    """Use as a context manager around one task; `seconds=None` means no limit."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = seconds
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self._steps = 0
        self._token: Token[Budget] | None = None

    def __enter__(self) -> Budget:
        self._token = _CURRENT.set(self)
        return self

    def __exit__(self, *_: object) -> None:
        if self._token is not None:
            _CURRENT.reset(self._token)

    def check(self) -> None:
        """Raise TimeLimitExceeded once the limit has passed."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TimeLimitExceeded(self.seconds or 0.0)

    def tick(self) -> None:
        """One small step of a search: the deadline is looked at every 1,024 of them (a clock read costs more)."""
        self._steps += 1
        if not self._steps & 1023:
            self.check()

    def solve(self, solver: Any, assumptions: list[int]) -> bool:
        """One SAT call under the limit: satisfiable or not; TimeLimitExceeded once the limit passes.

        The call runs in slices of conflicts, each resuming with what the ones
        before it learnt. A slice costs a restart, so they double in size (from
        FIRST_SLICE), but never past what the solver's pace says fits in the
        time left, so the limit is noticed within a fraction of a second.
        """
        if self.deadline is None:
            return solver.solve(assumptions=assumptions)
        conflicts = FIRST_SLICE
        while True:
            self.check()
            started = time.monotonic()
            solver.conf_budget(conflicts)
            answer = solver.solve_limited(assumptions=assumptions)
            if answer is not None:
                return answer
            pace = conflicts / max(time.monotonic() - started, 1e-3)
            left = self.deadline - time.monotonic()
            conflicts = int(max(FIRST_SLICE, min(2 * conflicts, pace * left, pace * LONGEST_SLICE_SECONDS)))


_CURRENT: ContextVar[Budget] = ContextVar("budget", default=Budget())


def current_budget() -> Budget:
    """The budget of the task running now (one without a limit outside any), for code not handed one."""
    return _CURRENT.get()
