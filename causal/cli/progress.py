"""A status line on standard error while `causal check` works through a long run.

It is drawn only when standard error is a terminal, and only once the run has
taken a second, so quick runs, pipes and CI logs never see it. Reports go to
standard output as each file is checked; the line is wiped before each is
written and drawn again after, so the two never mix on one terminal.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from causal.report.printable import printable

# A run quicker than this shows no progress at all.
DELAY = 1.0
# How often the line is redrawn (its elapsed seconds tick over).
INTERVAL = 0.2


class Progress:
    """`checking 3 of 120: cases/x.cx (4 s)` on ``stream`` while the run goes on, once it has taken ``delay``."""

    def __init__(
        self,
        total: int,
        stream: TextIO,
        delay: float = DELAY,
        interval: float = INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.stream = stream
        self.delay = delay
        self.interval = interval
        self.clock = clock
        self.started = clock()
        self.number = 0
        self.path = ""
        self.shown = 0  # the length of the line on the terminal now; 0 when none is
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Progress:
        isatty = getattr(self.stream, "isatty", None)
        if isatty is not None and isatty():
            # A daemon: a run that ends abruptly is not kept waiting for the status line.
            self._thread = threading.Thread(target=self._run, name="causal-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            self._wipe()

    def checking(self, number: int, path: str) -> None:
        """The run has started on its ``number``-th file, ``path``."""
        with self._lock:
            self.number, self.path = number, path

    @contextmanager
    def paused(self) -> Iterator[None]:
        """No status line on the terminal while the body writes (a report to standard output)."""
        with self._lock:
            self._wipe()
            yield

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            with self._lock:
                if self.clock() - self.started >= self.delay and self.number:
                    self._draw()

    def _line(self) -> str:
        elapsed = self.clock() - self.started
        line = f"causal: checking {self.number} of {self.total}: {printable(self.path)} ({elapsed:.0f} s)"
        import shutil  # only once a line is drawn: a check of a few files draws none, and shutil loads compressors

        width = max(shutil.get_terminal_size().columns - 1, 20)
        return line if len(line) <= width else line[: width - 1] + "…"

    def _draw(self) -> None:
        line = self._line()
        # Carriage return and spaces, not an erase sequence: a terminal that knows none still shows it right.
        padding = " " * max(self.shown - len(line), 0)
        self._write("\r" + line + padding)
        self.shown = len(line)

    def _wipe(self) -> None:
        if self.shown:
            self._write("\r" + " " * self.shown + "\r")
            self.shown = 0

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            # A terminal gone away ends the line, not the run.
            self.shown = 0
            self._stop.set()
