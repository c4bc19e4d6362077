"""Progress reporting for long steps, on stderr.

The library reports through the ``Progress`` protocol; only the CLI decides
where it goes.  On a terminal ``StderrProgress`` draws one updating bar with
an estimate of time left; otherwise (a log file, CI) it writes plain lines,
at most one every few seconds per stage.
"""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO


class Progress(Protocol):
    def stage(self, name: str) -> None:
        """A new step starts (e.g. "extracting en.pdf")."""
        ...

    def update(self, done: int, total: int) -> None:
        """``done`` of ``total`` units of the current step are finished."""
        ...

    def close(self) -> None:
        ...


class NullProgress:
    """Reports nothing (``--quiet`` and library use)."""

    def stage(self, name: str) -> None:
        return None

    def update(self, done: int, total: int) -> None:
        return None

    def close(self) -> None:
        return None


PLAIN_INTERVAL_S = 5.0  # between plain progress lines when stderr is not a terminal
BAR_WIDTH = 30


def _eta(elapsed: float, done: int, total: int) -> str:
    if done <= 0 or total <= done:
        return ""
    left = elapsed / done * (total - done)
    minutes, seconds = divmod(int(left + 0.5), 60)
    return f", about {minutes}m{seconds:02d}s left" if minutes else f", about {seconds}s left"


class StderrProgress:
    """A bar on a terminal, plain lines elsewhere."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stderr
        self._tty = self._stream.isatty()
        self._name = ""
        self._start = time.monotonic()
        self._last_line = 0.0
        self._bar_open = False

    def stage(self, name: str) -> None:
        self._end_bar()
        self._name = name
        self._start = time.monotonic()
        self._last_line = self._start
        self._stream.write(f"{name}...\n")
        self._stream.flush()

    def update(self, done: int, total: int) -> None:
        now = time.monotonic()
        elapsed = now - self._start
        if self._tty:
            filled = BAR_WIDTH * done // max(total, 1)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self._stream.write(f"\r  [{bar}] {done}/{total}{_eta(elapsed, done, total)}   ")
            self._bar_open = True
        elif now - self._last_line >= PLAIN_INTERVAL_S or done == total:
            self._stream.write(f"  {self._name}: {done}/{total}{_eta(elapsed, done, total)}\n")
            self._last_line = now
        self._stream.flush()

    def _end_bar(self) -> None:
        if self._bar_open:
            self._stream.write("\n")
            self._bar_open = False

    def close(self) -> None:
        self._end_bar()
        self._stream.flush()
