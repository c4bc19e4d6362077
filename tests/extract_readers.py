"""Page readers that misbehave on purpose, for the watchdog tests.

They live in their own importable module because the watchdog runs readers
in spawned child processes, which import them by name.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

from bialign.extract.pdf import PageLines, PdfConfig


def misbehaving_reader(path: Path, password: str | None, start: int, end: int,
                       config: PdfConfig) -> Iterator[PageLines]:
    """Page 2 hangs, page 4 exhausts memory, page 6 kills its process; others are empty."""
    for index in range(start, end):
        number = index + 1
        if number == 2:
            time.sleep(3600)
        if number == 4:
            _ = bytearray(64 * 1024**3)  # far above the address-space limit
        if number == 6:
            os._exit(3)
        yield PageLines(number, 100.0, ())


def stalls_once_reader(path: Path, password: str | None, start: int, end: int,
                       config: PdfConfig) -> Iterator[PageLines]:
    """Good empty pages, but the first reader ever started stalls on page 1 (``path``
    is the marker file that says whether one has), as on a machine too busy to
    give it the CPU; or, when ``path`` is named "dies", it dies there."""
    first = not path.exists()
    path.touch()
    for index in range(start, end):
        if first and index == 0:
            if path.name == "dies":
                os._exit(3)
            time.sleep(3600)
        yield PageLines(index + 1, 100.0, ())


class ParentOnlyReader:
    """Good empty pages, but a child process cannot unpickle it: every reader process
    dies before it starts, as under a main module that runs bialign at import time."""

    def __call__(self, path: Path, password: str | None, start: int, end: int,
                 config: PdfConfig) -> Iterator[PageLines]:
        for index in range(start, end):
            yield PageLines(index + 1, 100.0, ())

    def __reduce__(self) -> tuple[object, tuple[int]]:
        return (_parent_only, (os.getpid(),))


def _parent_only(pid: int) -> ParentOnlyReader:
    if os.getpid() != pid:
        raise RuntimeError("this reader cannot be used in a child process")
    return ParentOnlyReader()
