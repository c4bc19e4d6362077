"""align_dp_fast.run_dp returns exactly the beads of align_dp.run_dp."""

from __future__ import annotations

import numpy as np
import pytest

import bialign.align as align
from bialign import align_dp, align_dp_fast
from bialign.align import AlignConfig, align_vectors, bead_types
from bialign.align_dp import Bead, DPParams, Side, band_around

DIM = 16


def unit(rows: np.ndarray) -> np.ndarray:
    rows = rows.astype(np.float32)
    return rows / np.linalg.norm(rows, axis=-1, keepdims=True)


def random_side(rng: np.random.Generator, n: int, spans: int = 0) -> Side:
    """Random unit sentence vectors; with ``spans``, random 'encoded' span vectors."""
    vecs = unit(rng.standard_normal((n, DIM)))
    encoded = None
    if spans:
        encoded = unit(rng.standard_normal((spans, n + 1, DIM)))
        encoded[0, 1:] = vecs
    return Side(vecs, rng.uniform(5.0, 120.0, n), encoded)


def parallel_sides(rng: np.random.Generator, n: int, spans: int = 0) -> tuple[Side, Side]:
    """Bible-shaped: each source sentence becomes one or two noisy target sentences,
    with a few unmatched sentences on both sides."""
    src = rng.standard_normal((n, DIM))
    copies = rng.choice([0, 1, 1, 1, 2], size=n)
    tgt = np.repeat(src, copies, axis=0) + 0.8 * rng.standard_normal((int(copies.sum()), DIM))
    tgt = np.insert(tgt, rng.integers(0, len(tgt), 3), rng.standard_normal((3, DIM)), axis=0)
    s, t = unit(src), unit(tgt)
    s_len = rng.uniform(20.0, 120.0, len(s))
    t_len = rng.uniform(10.0, 80.0, len(t))

    def spans_of(vecs: np.ndarray) -> np.ndarray | None:
        if not spans:
            return None
        out = np.zeros((spans, len(vecs) + 1, DIM), dtype=np.float32)
        for b in range(1, spans + 1):
            for e in range(b, len(vecs) + 1):
                out[b - 1, e] = unit(vecs[e - b : e].sum(axis=0) + 0.1 * rng.standard_normal(DIM))
        return out

    return Side(s, s_len, spans_of(s)), Side(t, t_len, spans_of(t))


def assert_same(expected: list[Bead], got: list[Bead]) -> None:
    assert [(b.src, b.tgt) for b in got] == [(b.src, b.tgt) for b in expected]
    for e, g in zip(expected, got, strict=True):
        assert g.cosine == pytest.approx(e.cosine, abs=1e-9)
        assert g.confidence == pytest.approx(e.confidence, abs=1e-9)


def both(src: Side, tgt: Side, params: DPParams,
         band: tuple[np.ndarray, np.ndarray] | None = None) -> list[Bead]:
    expected = align_dp.run_dp(src, tgt, params, band)
    got = align_dp_fast.run_dp(src, tgt, params, band)
    assert_same(expected, got)
    return got


def band_for(src: Side, tgt: Side, width: int) -> tuple[np.ndarray, np.ndarray]:
    first = align_dp.run_dp(src, tgt, DPParams(types=((1, 1),)))
    nodes = [(0, 0)] + [(b.src[1], b.tgt[1]) for b in first]
    return band_around(nodes, len(src.vecs), len(tgt.vecs), width)


PARAMS = {
    "1-1 only": DPParams(types=((1, 1),)),
    "defaults up to 1-5/5-1": DPParams(types=bead_types(6)),
    "up to 1-6/6-1": DPParams(types=bead_types(7), skip=-0.3),
    "coverage": DPParams(types=bead_types(5), coverage=0.3),
    "size power and bonus": DPParams(types=bead_types(6), size_power=0.5, size_bonus=-0.02),
    "no margin, no length": DPParams(types=bead_types(4), margin=0.0, length_factor=False),
    "skips free": DPParams(types=((1, 1), (1, 2), (2, 1)), skip=0.0),
    "lopsided types": DPParams(types=((1, 3), (1, 4), (2, 1))),
}


@pytest.mark.parametrize("name", sorted(PARAMS))
@pytest.mark.parametrize("encoded", [False, True], ids=["summed", "encoded spans"])
def test_random_inputs_full_and_narrow_bands(name: str, encoded: bool) -> None:
    params = PARAMS[name]
    longest = max(max(a, b) for a, b in params.types)
    rng = np.random.default_rng(sorted(PARAMS).index(name) + 100 * encoded)
    for trial in range(6):
        n, m = (int(k) for k in rng.integers(1, 30, 2))
        src = random_side(rng, n, longest if encoded else 0)
        tgt = random_side(rng, m, longest if encoded else 0)
        both(src, tgt, params)
        both(src, tgt, params, band_for(src, tgt, trial % 3))


@pytest.mark.parametrize("weight", [0.0, 0.4, 1.0])
def test_encoded_spans_mixed_with_summed_vectors(weight: float) -> None:
    rng = np.random.default_rng(7)
    src, tgt = parallel_sides(rng, 60, spans=5)
    params = DPParams(types=bead_types(6), summed_weight=weight, coverage=0.2)
    both(src, tgt, params)
    both(src, tgt, params, band_for(src, tgt, 5))


def test_bible_shaped_document_gives_the_same_path_in_every_pass(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """All three passes of align_vectors (coarse, 1-1, m-n) on the same inputs."""
    calls: list[int] = []

    def checked(src: Side, tgt: Side, params: DPParams,
                band: tuple[np.ndarray, np.ndarray] | None = None) -> list[Bead]:
        calls.append(len(params.types))
        return both(src, tgt, params, band)

    monkeypatch.setattr(align, "run_dp", checked)
    src, tgt = parallel_sides(np.random.default_rng(3), 400)
    config = AlignConfig(full_grid_cells=10_000, coarse_blocks=40)
    align_vectors(src, tgt, config)
    assert {3, 1, 15} <= set(calls)  # coarse pass, 1-1 pass, m-n pass


def test_small_score_blocks_give_the_same_beads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows split into one-row score blocks (the memory cap) change nothing."""
    rng = np.random.default_rng(11)
    src, tgt = parallel_sides(rng, 80, spans=4)
    expected = align_dp_fast.run_dp(src, tgt, DPParams(types=bead_types(5), summed_weight=0.3))
    monkeypatch.setattr(align_dp_fast, "BLOCK_CELLS", 1)
    assert_same(expected, both(src, tgt, DPParams(types=bead_types(5), summed_weight=0.3)))


def test_two_to_one_merge_and_deletions_are_found() -> None:
    """Hand-made: sentences 0 and 1 are both halves of target 0; source 3 and
    target 3 have no counterpart."""
    eye = np.eye(DIM, dtype=np.float32)
    src = Side(np.array([eye[0], eye[1], eye[2], eye[9], eye[3]]),
               np.array([10.0, 10.0, 20.0, 20.0, 20.0]))
    tgt = Side(unit(np.array([eye[0] + eye[1], eye[2], eye[3], eye[8]])),
               np.array([20.0, 20.0, 20.0, 20.0]))
    beads = both(src, tgt, DPParams(types=bead_types(4)))
    assert [(b.src, b.tgt) for b in beads] == [((0, 2), (0, 1)), ((2, 3), (1, 2)),
                                               ((3, 4), (2, 2)), ((4, 5), (2, 3)),
                                               ((5, 5), (3, 4))]
    assert beads[0].cosine == pytest.approx(1.0)


def test_merge_is_not_found_when_its_type_is_not_allowed() -> None:
    """The same document with 1-1 beads only: source 1 becomes a 1-0 bead."""
    eye = np.eye(DIM, dtype=np.float32)
    src = Side(np.array([eye[0], eye[1], eye[2]]), np.array([10.0, 10.0, 20.0]))
    tgt = Side(unit(np.array([eye[0] + eye[1], eye[2]])), np.array([20.0, 20.0]))
    beads = both(src, tgt, DPParams(types=((1, 1),)))
    assert ((0, 2), (0, 1)) not in [(b.src, b.tgt) for b in beads]
    assert [b.tgt for b in beads if b.src[1] - b.src[0] == 1 and b.tgt[0] == b.tgt[1]]


def test_identical_inputs_give_the_diagonal() -> None:
    side = random_side(np.random.default_rng(5), 25)
    beads = both(side, side, DPParams(types=bead_types(6)))
    assert [(b.src, b.tgt) for b in beads] == [((k, k + 1), (k, k + 1)) for k in range(25)]


@pytest.mark.parametrize(("n", "m"), [(1, 1), (1, 7), (7, 1), (2, 3)])
def test_tiny_documents(n: int, m: int) -> None:
    rng = np.random.default_rng(n * 10 + m)
    both(random_side(rng, n), random_side(rng, m), DPParams(types=bead_types(6)))


@pytest.mark.parametrize(("n", "m"), [(0, 3), (3, 0)])
def test_one_empty_side_gives_one_sided_beads(n: int, m: int) -> None:
    rng = np.random.default_rng(1)
    beads = both(random_side(rng, n), random_side(rng, m), DPParams(types=bead_types(4)))
    assert len(beads) == n + m and all(b.cosine == 0.0 for b in beads)
