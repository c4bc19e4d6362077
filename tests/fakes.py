"""Test doubles: fake encoders that run in microseconds and are predictable.

``FakeEncoder`` maps each token to a fixed pseudo-random vector (seeded by
the token itself) and averages them; Chinese words are first translated
through a tiny glossary so that a sentence and its translation share tokens.
``PreferringEncoder`` brings English that contains one chosen word close to
any Chinese (the wrong-word tests' counterfactual witness).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

GLOSSARY = {
    "猫": "cat", "狗": "dog", "鱼": "fish", "鸟": "bird", "树": "tree", "河": "river",
    "山": "mountain", "城": "city", "书": "book", "车": "car", "门": "door", "花": "flower",
    "吃": "eat", "跑": "run", "睡": "sleep", "看": "see", "红": "red", "大": "big",
    "小": "small", "新": "new", "老": "old", "雨": "rain", "雪": "snow", "风": "wind",
    "原则": "principle", "愿望": "aspiration",
}
DIM = 64
_TOKEN = re.compile(r"[A-Za-z]+|\d+|[\u4e00-\u9fff]")


def _vector(token: str) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(token.encode()).digest()[:8], "little")
    return np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)


def _tokens(text: str) -> list[str]:
    for zh, en in GLOSSARY.items():
        text = text.replace(zh, f" {en} ")
    return [t.lower().rstrip("s") for t in _TOKEN.findall(text)]


class FakeEncoder:
    name = "fake"
    version = "fake 1"
    dim = DIM

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            toks = _tokens(text) or ["<empty>"]
            out[i] = np.sum([_vector(t) for t in toks], axis=0)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out


class PreferringEncoder:
    """Chinese text -> e1; English containing ``word`` close to it (cos
    ``near``, 0.9 unless given), any other English further away (cos 0.5).
    A single English word is ``word_near`` close when it is ``word``."""

    name, version, dim = "fake", "0", 3

    def __init__(self, word: str, near: float = 0.9, word_near: float | None = None) -> None:
        self.word, self.near = word, near
        self.word_near = near if word_near is None else word_near

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray([self._row(t) for t in texts], dtype=np.float32)

    def _row(self, text: str) -> list[float]:
        if any("\u4e00" <= c <= "\u9fff" for c in text):
            return [1.0, 0.0, 0.0]
        cos = self.word_near if " " not in text else self.near
        cos = cos if self.word in text else 0.5
        return [cos, float(np.sqrt(1 - cos * cos)), 0.0]
