"""One-time indexes built in background processes on a first run.

A first run builds, from installed packages, indexes that later runs read from
the cache folder: CC-CEDICT's word index (for the aligner's second pass and
the checks; about 6 s of CPU), its name index and jieba's word store (for the
checks; about 3 s).  Nothing before alignment needs them, so
``Prebuild.start`` builds the missing ones in fresh processes, one per group
(``GROUPS``), while the main process reads, segments and encodes the
documents; the main process calls ``wait(group)`` just before it needs a
group.  Each index is written to a temporary file and renamed into place, so
the main process never reads half a file; if a child fails or is too slow, the
main process builds what is still missing itself, exactly as it would without
it.  Repeat runs find everything built and start no process.
"""

from __future__ import annotations

import json
import logging
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
# How long the main process waits for a child before building itself.
WAIT_S = 120.0


def _cedict_path() -> Path:
    from bialign.checks.dictionary import index_file

    return index_file()


def _name_index_path() -> Path:
    from bialign.checks.entities import name_index_file

    return name_index_file()


def _jieba_store_path() -> Path:
    from bialign.checks.dictionary_jieba import store_path

    return store_path()


# index name -> (its file in the cache folder, the checks that need it; None:
# needed whatever runs (the aligner's second pass reads CC-CEDICT), or by every
# check (the score's coverage features cut Chinese into words whenever checks run))
INDEXES: dict[str, tuple[Callable[[], Path], frozenset[str] | None]] = {
    "cedict": (_cedict_path, None),
    "names": (_name_index_path, frozenset({"entity"})),
    "jieba": (_jieba_store_path, None),
}
# One process per group, built in this order; "align" is waited for before
# alignment, "checks" before the checks.
GROUPS: dict[str, tuple[str, ...]] = {"align": ("cedict",), "checks": ("names", "jieba")}


def build(names: Iterable[str]) -> None:
    """Build the named indexes into the cache folder (a child's work)."""
    for name in names:
        if name == "cedict":
            from bialign.checks.dictionary import load_dictionary

            load_dictionary()
        elif name == "jieba":
            from bialign.tokenize import jieba_module

            jieba_module()
        elif name == "names":
            from bialign.checks.entities import load_name_index

            load_name_index()  # builds jieba's store on the way


def missing(enabled: Iterable[str]) -> list[str]:
    """The indexes a run with the checks ``enabled`` needs and the cache folder lacks."""
    wanted = set(enabled)
    needed = [name for name, (_, users) in INDEXES.items()
              if name == "cedict" or wanted and (users is None or users & wanted)]
    return [name for name in needed if not INDEXES[name][0]().is_file()]


class Prebuild:
    """Child processes building missing indexes, by group; ``wait`` before use."""

    def __init__(self, processes: dict[str, subprocess.Popen[bytes]] | None = None) -> None:
        self.processes = dict(processes or {})

    @classmethod
    def start(cls, enabled: Iterable[str]) -> Prebuild:
        """Start building what a run with the checks ``enabled`` needs and the
        cache lacks; no process when nothing is missing."""
        todo = missing(enabled)
        processes: dict[str, subprocess.Popen[bytes]] = {}
        for group, members in GROUPS.items():
            names = [name for name in members if name in todo]
            if not names:
                continue
            try:
                processes[group] = subprocess.Popen(
                    [sys.executable, "-c", CHILD_CODE, json.dumps(sys.path), *names],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL)
            except OSError as exc:  # no process to be had: built in-process when needed
                log.debug("no process to build %s in (%s)", names, exc)
                continue
            log.debug("building %s in process %d", names, processes[group].pid)
        return cls(processes)

    def wait(self, group: str | None = None, timeout: float = WAIT_S) -> None:
        """Let the group's child (every child: None) finish, or stop it after
        ``timeout`` seconds; what it did not build, the caller builds."""
        for name in [group] if group is not None else list(self.processes):
            process = self.processes.pop(name, None)
            if process is None:
                continue
            try:
                code = process.wait(timeout)
                if code != 0:
                    log.debug("the process building %s ended with code %d", name, code)
            except subprocess.TimeoutExpired:
                _kill(process)

    def stop(self) -> None:
        """Stop every child now (the run failed)."""
        for process in self.processes.values():
            _kill(process)
        self.processes.clear()


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Stop a child and remove its half-written files (their temporary names
    carry its process id)."""
    process.kill()
    process.wait()
    from bialign.resources import default_cache_dir

    for leftover in default_cache_dir().glob(f"*.{process.pid}.*tmp"):
        leftover.unlink(missing_ok=True)
