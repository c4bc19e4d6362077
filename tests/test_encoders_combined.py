"""A weighted combination of encoders (encoders/combined.py)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from bialign.encoders.combined import CombinedEncoder, summed_spans


class Fixed:
    """A toy encoder: each text's vector from a table, normalised."""

    def __init__(self, name: str, table: dict[str, list[float]]) -> None:
        self.name, self.version, self.table = name, f"{name} 1", table
        self.dim = len(next(iter(table.values())))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vecs = np.array([self.table[t] for t in texts], dtype=np.float32)
        return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


A = Fixed("a", {"x": [1, 0], "y": [0, 1], "z": [1, 1]})
B = Fixed("b", {"x": [1, 0, 0], "y": [1, 1, 0], "z": [0, 0, 1]})


def test_cosine_is_the_weighted_mean_of_the_parts() -> None:
    both = CombinedEncoder([(A, 3.0), (B, 1.0)])  # weights are normalised: 0.75 / 0.25
    assert (both.name, both.dim) == ("a+b", 5)
    vecs = both.encode(["x", "y", "z"])
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-6)
    a, b = A.encode(["x", "y", "z"]), B.encode(["x", "y", "z"])
    np.testing.assert_allclose(vecs @ vecs.T, 0.75 * (a @ a.T) + 0.25 * (b @ b.T), atol=1e-6)


def test_spans_without_a_span_method_are_summed_sentence_vectors() -> None:
    spans = CombinedEncoder([(A, 0.5), (B, 0.5)]).encode_spans(["x", "y", "z"], 2, " ")
    assert spans.shape == (2, 4, 5)
    np.testing.assert_array_equal(spans[1, :2], 0.0)  # no two-sentence span ends before 2
    # "x y" (row 1, end 2): A part (1,0)+(0,1), B part (1,0,0)+(1,1,0)/sqrt2, each normalised
    a = np.array([1, 1]) / np.sqrt(2)
    b = np.array([1 + 1 / np.sqrt(2), 1 / np.sqrt(2), 0])
    b /= np.linalg.norm(b)
    np.testing.assert_allclose(spans[1, 2], np.concatenate([a, b]) * np.sqrt(0.5), atol=1e-6)
    np.testing.assert_allclose(spans[0, 1:], CombinedEncoder([(A, 1), (B, 1)]).encode(
        ["x", "y", "z"]), atol=1e-6)


def test_summed_spans_of_one_sentence_are_the_sentences() -> None:
    vecs = A.encode(["x", "y", "z"])
    np.testing.assert_allclose(summed_spans(vecs, 1)[0, 1:], vecs, atol=1e-6)


@pytest.mark.parametrize("parts", [[(A, 1.0)], [(A, 1.0), (B, -1.0)], [(A, 0.0), (B, 0.0)]])
def test_bad_parts_are_refused(parts: list[tuple[Fixed, float]]) -> None:
    with pytest.raises(ValueError, match="two or more parts"):
        CombinedEncoder(parts)  # type: ignore[arg-type]
