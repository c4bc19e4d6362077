"""The checks' one-time indexes, built in a second process on a first run.

A first run with the checks builds CC-CEDICT's name index and jieba's word
store (about 3 s of CPU between them) and keeps them in the cache folder.
Nothing in extraction, segmentation or alignment needs them, so
``Prebuild.start`` builds the missing ones in a fresh process while the main
process reads and aligns the documents, on a second core, and ``wait`` is
called before the checks.  Each index is written to a temporary file and
renamed into place, so the main process never reads half a file; if the child
fails or is too slow, the main process builds what is still missing itself,
exactly as it would without it.  Repeat runs find everything built and start
no process.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

log = logging.getLogger(__name__)

# The child imports bialign from the caller's path (an editable install, or
# PYTHONPATH in a test) and builds the named indexes in order.
CHILD_CODE = (
    "import json, sys; sys.path[:0] = json.loads(sys.argv[1]); "
    "from bialign.prebuild import build; build(sys.argv[2:])"
)
# How long the main process waits for the child before building itself.
WAIT_S = 120.0


def _name_index_path() -> Path:
    from bialign.checks.entities import name_index_file

    return name_index_file()


def _jieba_store_path() -> Path:
    from bialign.checks.dictionary_jieba import store_path

    return store_path()


# index name -> (its file in the cache folder, the checks that need it;
# None: every check, since the score's coverage features cut Chinese into words
# whenever checks run)
INDEXES: dict[str, tuple[Callable[[], Path], frozenset[str] | None]] = {
    "names": (_name_index_path, frozenset({"entity"})),
    "jieba": (_jieba_store_path, None),
}


def build(names: Iterable[str]) -> None:
    """Build the named indexes into the cache folder (the child's work)."""
    for name in names:
        if name == "jieba":
            from bialign.tokenize import jieba_module

            jieba_module()
        elif name == "names":
            from bialign.checks.entities import load_name_index

            load_name_index()  # builds jieba's store on the way


def missing(enabled: Iterable[str]) -> list[str]:
    """The indexes that the checks ``enabled`` need and the cache folder lacks."""
    wanted = set(enabled)
    return [name for name, (path, users) in INDEXES.items()
            if wanted and (users is None or users & wanted) and not path().is_file()]


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Prebuild:
    """A child process building missing indexes; ``wait`` before using them."""

    def __init__(self, process: subprocess.Popen[bytes] | None = None) -> None:
        self.process = process

    @classmethod
    def start(cls, enabled: Iterable[str]) -> Prebuild:
        """Start building what ``enabled`` checks need and the cache lacks; no
        process when nothing is missing or there is only one core to use."""
        names = missing(enabled)
        if not names or _cores() < 2:
            return cls()
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", CHILD_CODE, json.dumps(sys.path), *names],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError as exc:  # no process to be had: the checks build them in-process
            log.debug("no process to build %s in (%s)", names, exc)
            return cls()
        log.debug("building %s in process %d", names, process.pid)
        return cls(process)

    def wait(self, timeout: float = WAIT_S) -> None:
        """Let the child finish (or stop it after ``timeout`` seconds); what it
        did not build, the caller builds."""
        if self.process is None:
            return
        try:
            code = self.process.wait(timeout)
            if code != 0:
                log.debug("the index-building process ended with code %d", code)
            self.process = None
        except subprocess.TimeoutExpired:
            self.stop()

    def stop(self) -> None:
        """Stop the child now (the run failed) and remove its half-written files
        (temporary names carry its process id)."""
        if self.process is None:
            return
        process, self.process = self.process, None
        process.kill()
        process.wait()
        from bialign.resources import default_cache_dir

        for leftover in default_cache_dir().glob(f"*.{process.pid}.*tmp"):
            leftover.unlink(missing_ok=True)
