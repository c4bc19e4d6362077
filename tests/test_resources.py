"""Objects kept in the cache folder (``resources.cached_object``)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bialign.resources import cached_object


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BIALIGN_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_built_once_then_read(cache: Path) -> None:
    builds: list[int] = []

    def build() -> dict[str, int]:
        builds.append(1)
        return {"a": 1}

    assert cached_object("x.pickle", build, dict) == {"a": 1}
    assert cached_object("x.pickle", build, dict) == {"a": 1}
    assert builds == [1]
    assert [p.name for p in cache.iterdir()] == ["x.pickle"]  # no temporary file left


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05K\x07."])  # last: int 7
def test_a_damaged_or_foreign_file_is_rebuilt(cache: Path, content: bytes,
                                              caplog: pytest.LogCaptureFixture) -> None:
    cache.mkdir()
    (cache / "x.pickle").write_bytes(content)
    with caplog.at_level(logging.WARNING):
        assert cached_object("x.pickle", lambda: {"a": 2}, dict) == {"a": 2}
    assert "rebuilding it" in caplog.text
    assert cached_object("x.pickle", lambda: {"a": 3}, dict) == {"a": 2}  # the rebuild was kept


def test_an_unwritable_cache_folder_costs_only_the_rebuild(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("BIALIGN_CACHE", str(blocker / "cache"))
    with caplog.at_level(logging.WARNING):
        assert cached_object("x.pickle", lambda: [1], list) == [1]
    assert "could not keep x.pickle" in caplog.text
    assert "unreadable" not in caplog.text  # one warning: the file is missing, not damaged
