"""One-time indexes built beside the first stages on a first run (bialign.prebuild)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import bialign.prebuild as prebuild
from bialign.checks.dictionary import index_file
from bialign.checks.dictionary_jieba import store_path
from bialign.checks.entities import name_index_file
from bialign.prebuild import Prebuild, missing


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder, for this process and the children it starts."""
    monkeypatch.setenv("BIALIGN_CACHE", str(tmp_path))
    return tmp_path


def test_missing_lists_what_the_run_needs(cache: Path) -> None:
    assert missing(["entity", "number"]) == ["cedict", "names", "jieba"]
    assert missing(["number"]) == ["cedict", "jieba"]  # the score cuts Chinese into words
    assert missing([]) == ["cedict"]  # the aligner's second pass reads CC-CEDICT
    for path in (index_file(), name_index_file(), store_path()):
        path.write_bytes(b"")
    assert missing(["entity", "number"]) == []


def test_no_process_without_work(cache: Path) -> None:
    for path in (index_file(), name_index_file(), store_path()):
        path.write_bytes(b"")
    assert Prebuild.start(["entity"]).process is None


def test_background_builds_can_be_turned_off(cache: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from bialign.config import Config
    from bialign.errors import BialignError
    from bialign.pipeline import run_pipeline

    def started(cls: type, enabled: object) -> Prebuild:
        raise AssertionError("a background build was started")

    monkeypatch.setattr(Prebuild, "start", classmethod(started))
    with pytest.raises(BialignError):  # fails on the missing file, after the choice
        run_pipeline(cache / "missing-en.pdf", cache / "missing-zh.pdf",
                     config=Config(background_builds=False))


@pytest.mark.slow
def test_child_builds_cedict_and_the_wait_builds_the_rest(cache: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from bialign.checks import dictionary

    started = Prebuild.start(["entity"])
    assert started.process is not None and started.later == ["names", "jieba"]
    built: list[str] = []
    monkeypatch.setattr(prebuild, "build", built.extend)  # the real ones are tested elsewhere
    started.wait()  # builds the checks' indexes, then waits for CC-CEDICT's
    assert built == ["names", "jieba"] and index_file().is_file()
    assert started.process is None and not list(cache.glob("*tmp"))
    started.wait()  # twice is harmless

    def no_rebuild(lines: object) -> dictionary.Dictionary:
        raise AssertionError("CC-CEDICT was parsed again")

    monkeypatch.setattr(dictionary, "build_index", no_rebuild)
    loaded = dictionary.load_dictionary.__wrapped__()  # past the in-process lru_cache
    assert "原则" in loaded.words_for("principle")


def test_the_wait_builds_the_checks_indexes_and_survives_a_failure(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []

    def build(names: list[str]) -> None:
        if names == ["names"]:
            raise OSError("disk full")
        built.extend(names)

    monkeypatch.setattr(prebuild, "build", build)
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    running = Prebuild(child, ["names", "jieba"])
    running.wait(timeout=0.2)  # the child never ends: it is stopped
    assert built == ["jieba"] and running.later == []
    assert child.poll() is not None and running.process is None


def test_stop_kills_the_child_and_removes_its_half_written_files(cache: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    half = cache / f"{name_index_file().name}.{child.pid}.tmp"
    half.write_bytes(b"half a pickle")
    kept = cache / "other.pickle.1.tmp"  # another process's file
    kept.write_bytes(b"")
    running = Prebuild(child)
    running.stop()
    assert child.poll() is not None
    assert not half.exists() and kept.exists()
    running.stop()  # twice is harmless


def test_a_slow_child_is_stopped_after_the_wait(cache: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    running = Prebuild(child)
    running.wait(timeout=0.1)
    assert child.poll() is not None and running.process is None


def test_a_failed_run_stops_the_child(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bialign.errors import BialignError
    from bialign.pipeline import run_pipeline

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    monkeypatch.setattr(Prebuild, "start",
                        classmethod(lambda cls, enabled: cls(child)))
    with pytest.raises(BialignError):
        run_pipeline(cache / "missing-en.pdf", cache / "missing-zh.pdf")
    assert child.poll() is not None
