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
