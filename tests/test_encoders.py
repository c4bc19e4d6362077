"""Encoders: the registry, the on-disk cache, and the real backends (slow)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bialign.encoders import CachedEncoder, list_encoders, load_encoder
from bialign.errors import EncoderError
from tests.fakes import FakeEncoder


def test_cache_encodes_only_the_misses(tmp_path: Path) -> None:
    inner = FakeEncoder()
    cached = CachedEncoder(inner, tmp_path)
    first = cached.encode(["cat", "dog"])
    again = cached.encode(["dog", "cat", "fish"])
    assert (cached.hits, cached.misses) == (2, 3)
    np.testing.assert_allclose(again[:2], first[::-1])
    np.testing.assert_allclose(again, FakeEncoder().encode(["dog", "cat", "fish"]))
    assert (cached.name, cached.version, cached.dim) == ("fake", "fake 1", inner.dim)


def test_cache_survives_across_instances(tmp_path: Path) -> None:
    CachedEncoder(FakeEncoder(), tmp_path).encode(["a red car"])
    inner = FakeEncoder()
    CachedEncoder(inner, tmp_path).encode(["a red car"])
    assert inner.calls == 0


def test_cache_keeps_duplicate_texts_in_order(tmp_path: Path) -> None:
    out = CachedEncoder(FakeEncoder(), tmp_path).encode(["cat", "cat", "dog"])
    np.testing.assert_allclose(out[0], out[1])
    assert out.shape == (3, FakeEncoder.dim)


def test_corrupt_cache_file_is_rebuilt_with_a_warning(tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    cached = CachedEncoder(FakeEncoder(), tmp_path)
    cached.path.write_bytes(b"this is not a sqlite database" * 100)
    out = cached.encode(["cat"])
    np.testing.assert_allclose(out, FakeEncoder().encode(["cat"]))
    assert "damaged" in caplog.text
    assert CachedEncoder(FakeEncoder(), tmp_path).encode(["cat"]).shape == (1, FakeEncoder.dim)


def test_an_unusable_cache_folder_is_skipped_with_one_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    inner = FakeEncoder()
    cached = CachedEncoder(inner, blocker / "cache")  # its folder cannot be made
    out = cached.encode(["cat", "dog"])
    again = cached.encode(["cat"])
    np.testing.assert_allclose(out, FakeEncoder().encode(["cat", "dog"]))
    np.testing.assert_allclose(again, out[:1])
    assert not cached.usable and caplog.text.count("cannot be used") == 1
    assert "BIALIGN_CACHE" in caplog.text and blocker.read_text() == "not a folder"


def test_a_read_only_cache_file_is_skipped_not_deleted(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import sqlite3

    CachedEncoder(FakeEncoder(), tmp_path).encode(["cat"])
    cached = CachedEncoder(FakeEncoder(), tmp_path)

    def read_only(self: CachedEncoder) -> sqlite3.Connection:
        con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        return con

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CachedEncoder, "_connect", read_only)
        out = cached.encode(["cat", "dog"])  # "cat" is read, "dog" cannot be written
    np.testing.assert_allclose(out, FakeEncoder().encode(["cat", "dog"]))
    assert "cannot be used" in caplog.text and "damaged" not in caplog.text
    assert cached.path.exists()
    inner = FakeEncoder()
    CachedEncoder(inner, tmp_path).encode(["cat"])
    assert inner.calls == 0  # what was cached before is still there


def test_cache_is_keyed_by_encoder_version(tmp_path: Path) -> None:
    class Other(FakeEncoder):
        version = "fake 2"

    assert CachedEncoder(Other(), tmp_path).path != CachedEncoder(FakeEncoder(), tmp_path).path


def test_empty_input_gives_an_empty_array(tmp_path: Path) -> None:
    assert CachedEncoder(FakeEncoder(), tmp_path).encode([]).shape == (0, FakeEncoder.dim)


def test_unknown_encoder_names_the_choices() -> None:
    with pytest.raises(EncoderError, match="unknown encoder 'nope'.*use"):
        load_encoder("nope")


def test_list_encoders_describes_every_backend() -> None:
    infos = {info.name: info for info in list_encoders()}
    assert set(infos) == {"use", "e5", "st"}
    assert infos["use"].dim == 512 and infos["use"].licence == "Apache-2.0"
    assert infos["use"].installed and "0.2.1" in infos["use"].package


def test_st_without_model_says_how_to_get_one() -> None:
    with pytest.raises(EncoderError, match="needs a model"):
        load_encoder("st")


@pytest.mark.slow
def test_st_with_a_missing_folder_never_downloads(tmp_path: Path) -> None:
    with pytest.raises(EncoderError, match="never downloads"):
        load_encoder("st", model=str(tmp_path / "no-such-model"))


@pytest.mark.slow
@pytest.mark.parametrize("name", ["use", "e5"])
def test_real_encoder_ranks_the_translation_first(name: str) -> None:
    encoder = load_encoder(name)
    en = encoder.encode(["The weather is cold today.", "I bought three books yesterday."])
    zh = encoder.encode(["我昨天买了三本书。", "今天天气很冷。"])
    assert en.dtype == np.float32 and en.shape == (2, encoder.dim)
    np.testing.assert_allclose(np.linalg.norm(en, axis=1), 1.0, atol=1e-4)
    sims = en @ zh.T
    assert sims[0, 1] > sims[0, 0] and sims[1, 0] > sims[1, 1]


def test_a_new_cache_file_uses_large_pages(tmp_path: Path) -> None:
    import sqlite3

    cached = CachedEncoder(FakeEncoder(), tmp_path)
    cached.encode(["cat"])
    with sqlite3.connect(cached.path) as con:
        assert con.execute("PRAGMA page_size").fetchone()[0] == 16384
