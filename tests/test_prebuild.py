"""One-time indexes built in a background process on a first run (bialign.prebuild)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import bialign.checks.entities as entities
from bialign.checks.dictionary import index_file
from bialign.checks.dictionary_jieba import store_path
from bialign.checks.entities import NameIndex, name_index_file
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
def test_child_builds_the_indexes_the_checks_then_read(cache: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    started = Prebuild.start(["entity"])
    assert started.process is not None and started.names == ("cedict", "names", "jieba")
    started.wait("align")  # returns once CC-CEDICT's index is written
    assert index_file().is_file()
    started.wait()
    assert started.process is None
    assert name_index_file().is_file() and store_path().is_file()
    assert missing(["entity"]) == []
    assert not list(cache.glob("*tmp"))

    def no_rebuild() -> NameIndex:
        raise AssertionError("the name index was built again")

    monkeypatch.setattr(entities, "build_name_index", no_rebuild)
    index = entities.load_name_index.__wrapped__()  # past the in-process lru_cache
    assert isinstance(index, NameIndex) and "japan" in index.heads_by_name


def test_stop_kills_the_child_and_removes_its_half_written_files(cache: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    half = cache / f"{name_index_file().name}.{child.pid}.tmp"
    half.write_bytes(b"half a pickle")
    kept = cache / "other.pickle.1.tmp"  # another process's file
    kept.write_bytes(b"")
    running = Prebuild(child, ("names",))
    running.stop()
    assert child.poll() is not None
    assert not half.exists() and kept.exists()
    running.stop()  # twice is harmless


def test_a_slow_child_is_stopped_after_the_wait(cache: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    running = Prebuild(child, ("names",))
    running.wait("align")  # it builds nothing alignment needs: no wait
    assert child.poll() is None
    running.wait("checks", timeout=0.1)
    assert child.poll() is not None and running.process is None


def test_a_failed_run_stops_the_child(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bialign.errors import BialignError
    from bialign.pipeline import run_pipeline

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    monkeypatch.setattr(Prebuild, "start", classmethod(lambda cls, enabled: cls(child, ("names",))))
    with pytest.raises(BialignError):
        run_pipeline(cache / "missing-en.pdf", cache / "missing-zh.pdf")
    assert child.poll() is not None
