"""One-time indexes built beside the first stages on a first run.

A first run builds, from installed packages, indexes that later runs read from
the cache folder: CC-CEDICT's word index (for the aligner's second pass and
the checks; about 4 s of CPU), its name index and jieba's word store (for the
checks; about 3 s).  Nothing before alignment needs them, so
``Prebuild.start`` builds CC-CEDICT's in a fresh process while the main process
reads, segments and encodes the documents; when the main process then has to
wait for it (``wait``, before alignment), it builds the checks' indexes
meanwhile.  The index is written to a temporary file and renamed into place,
so the main process never reads half a file; if the child fails or is too
slow, the main process builds what is still missing itself, exactly as it
would without it.  Repeat runs find everything built and start no process.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
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
# The child builds CC-CEDICT's index, which alignment needs first; the main
# process builds the checks' own indexes while it waits for the child (it has
# nothing else to do then), or, if the child was done first, when the checks
# need them.  Two children side by side shared the second core with the page
# readers and alignment waited longer for CC-CEDICT; one child building
# everything in order left the main process idle while it waited, then made
# the checks wait.
CHILD_BUILDS = ("cedict",)


def build(names: Iterable[str]) -> None:
    """Build the named indexes into the cache folder (and keep them loaded)."""
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
    """A child process building alignment's missing index, and the checks'
    missing ones to build while waiting for it; ``wait`` before alignment."""

    def __init__(self, process: subprocess.Popen[bytes] | None = None,
                 later: Sequence[str] = ()) -> None:
        self.process = process
        self.later = list(later)  # what the main process builds while it waits

    @classmethod
    def start(cls, enabled: Iterable[str]) -> Prebuild:
        """Start building what alignment needs and the cache lacks, and note
        what the checks ``enabled`` need; no process when alignment has all."""
        todo = missing(enabled)
        names = [name for name in todo if name in CHILD_BUILDS]
        if not names:
            return cls()
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", CHILD_CODE, json.dumps(sys.path), *names],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError as exc:  # no process to be had: built in-process when needed
            log.debug("no process to build %s in (%s)", names, exc)
            return cls()
        log.debug("building %s in process %d", names, process.pid)
        return cls(process, [name for name in todo if name not in names])

    def wait(self, timeout: float = WAIT_S) -> None:
        """Build the checks' indexes while the child runs, then wait for it to
        end; stop it after ``timeout`` seconds.  What it did not build, the
        caller builds."""
        if self.process is None:
            return
        while self.later and self.process.poll() is None:
            name = self.later.pop(0)
            try:
                build([name])
            except Exception as exc:  # noqa: BLE001  (the checks build it again, and report)
                log.debug("building %s while waiting failed (%s)", name, exc)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            return
        if code != 0:
            log.debug("the index-building process ended with code %d", code)
        self.process = None

    def stop(self) -> None:
        """Stop the child now (the run failed, or it took too long)."""
        if self.process is not None and self.process.poll() is None:
            _kill(self.process)
        self.process = None


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Stop a child and remove its half-written files (their temporary names
    carry its process id)."""
    process.kill()
    process.wait()
    from bialign.resources import default_cache_dir

    for leftover in default_cache_dir().glob(f"*.{process.pid}.*tmp"):
        leftover.unlink(missing_ok=True)
