"""Two or more encoders as one: each part's unit vector scaled by the square
root of its weight and concatenated, so that the cosine of two combined
vectors is the weighted mean of the parts' cosines (weights summing to 1).

Spans of consecutive sentences come from each part's own span method where it
has one (USE), else from the sum of that part's sentence vectors (encoding
every joined span with a slow encoder would cost about twenty times the text).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bialign.encoders import Encoder, span_encoding


class CombinedEncoder:
    """The weighted concatenation of ``parts`` (encoder, weight)."""

    def __init__(self, parts: Sequence[tuple[Encoder, float]]) -> None:
        total = sum(weight for _, weight in parts)
        if len(parts) < 2 or total <= 0 or any(weight < 0 for _, weight in parts):
            raise ValueError("CombinedEncoder needs two or more parts with weights >= 0")
        self.parts = [(encoder, weight / total) for encoder, weight in parts]
        self.name = "+".join(encoder.name for encoder, _ in self.parts)
        self.version = " + ".join(f"{encoder.version} x{weight:g}"
                                  for encoder, weight in self.parts)
        self.dim = sum(encoder.dim for encoder, _ in self.parts)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self._join([_unit(encoder.encode(list(texts)), encoder.dim)
                           for encoder, _ in self.parts], axis=1)

    def encode_spans(self, texts: Sequence[str], longest: int, joiner: str) -> np.ndarray:
        """(longest, n+1, dim) span vectors, as ``UseEncoder.encode_spans``."""
        pieces = []
        for encoder, _ in self.parts:
            own = span_encoding(encoder)
            spans = own(texts, longest, joiner) if own is not None else None
            if spans is None:
                spans = summed_spans(_unit(encoder.encode(list(texts)), encoder.dim), longest)
            pieces.append(np.asarray(spans, dtype=np.float32))
        return self._join(pieces, axis=2)

    def _join(self, vectors: list[np.ndarray], axis: int) -> np.ndarray:
        scaled = [v * np.float32(np.sqrt(weight))
                  for v, (_, weight) in zip(vectors, self.parts, strict=True)]
        return np.concatenate(scaled, axis=axis).astype(np.float32, copy=False)


def summed_spans(vectors: np.ndarray, longest: int) -> np.ndarray:
    """(longest, n+1, d): row [k-1, e] the normalised sum of sentences e-k .. e-1
    (rows with e < k are zero)."""
    n, dim = vectors.shape
    prefix = np.zeros((n + 1, dim), dtype=np.float32)
    np.cumsum(vectors, axis=0, out=prefix[1:])
    out = np.zeros((longest, n + 1, dim), dtype=np.float32)
    for k in range(1, longest + 1):
        out[k - 1, k:] = _unit(prefix[k:] - prefix[:n + 1 - k], dim)
    return out


def _unit(vectors: np.ndarray, dim: int) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, dim)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
