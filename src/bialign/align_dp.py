"""The banded bead dynamic programme behind ``align.py``; numpy only.

Both sides are given as unit sentence vectors and character lengths.  A bead
covers ``a`` consecutive source and ``b`` consecutive target sentences; its
span vector is the normalised sum of its sentence vectors, so every
similarity needed is a block sum of sentence-level dot products and no
concatenated span is ever re-encoded.  The DP visits node ``(i, j)`` (``i``
source and ``j`` target sentences consumed) only inside a band ``lo[i] <= j
<= hi[i]``, which keeps time and memory linear in document length.

Bead score (``a, b >= 1``), after Bertalign with two additions::

    sim   = (1 - coverage) * cos(span_a, span_b) + coverage * min_cov
    score = (sim - margin * mean_neighbour_cos) * log2(1 + min_len / max_len)
    score = score * ((a + b) / 2) ** size_power + size_bonus * (a + b - 2)

``min_cov`` is the smallest cosine between one sentence of the bead and the
whole other side: a merge is only as good as its worst-explained sentence.
One-sided beads (1-0, 0-1) score ``skip``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CHUNK_ROWS = 64  # DP rows whose dot products are computed in one matrix product
NEG = -1e18  # "unreachable": far below any path score, still finite for arithmetic
START, SKIP_SRC, SKIP_TGT = -1, -2, -3  # back-pointer codes besides a bead-type index


@dataclass(frozen=True)
class DPParams:
    """Scoring weights of one DP pass (see the module docstring)."""

    types: tuple[tuple[int, int], ...]  # allowed two-sided beads (a, b), a, b >= 1
    skip: float = -0.1
    margin: float = 0.75
    coverage: float = 0.0
    size_bonus: float = 0.0
    length_factor: bool = True
    confidence_scale: float = 0.1
    summed_weight: float = 0.0  # with encoded spans: weight of the summed-vector cosine
    size_power: float = 0.0  # scale a bead's score by ((a + b) / 2) ** size_power


@dataclass(frozen=True)
class Bead:
    """One link found by the DP: half-open index ranges and its quality."""

    src: tuple[int, int]
    tgt: tuple[int, int]
    cosine: float
    confidence: float


@dataclass(frozen=True)
class Side:
    """One side of the alignment: unit vectors and (ratio-scaled) lengths."""

    vecs: np.ndarray  # (n, d) float32, unit rows
    lengths: np.ndarray  # (n,) float64 character counts
    # optional encoded spans: spans[b-1, e] = unit vector of the text of sentences e-b..e-1
    spans: np.ndarray | None = None  # (max_len, n + 1, d)


def span_norms(vecs: np.ndarray, max_len: int) -> np.ndarray:
    """``out[b, e]`` = |sum of vecs[e-b : e]| for spans ending before ``e``.

    Shape (max_len + 1, n + 1); entries whose span leaves the document are 1
    (never used) so that divisions stay finite.
    """
    n = len(vecs)
    out = np.ones((max_len + 1, n + 1))
    gram = np.zeros((max_len, n))  # gram[d, k] = vecs[k] . vecs[k + d]
    for d in range(max_len):
        if d < n:
            gram[d, : n - d] = np.einsum("ij,ij->i", vecs[: n - d], vecs[d:], dtype=np.float64)
    sq = np.zeros(n + 1)  # running |sum|^2 for each end position
    for b in range(1, max_len + 1):
        ends = np.arange(b, n + 1)
        if not len(ends):
            break
        # |sum_{k=e-b}^{e-1} v_k|^2 grows from span b-1 by v_{e-b}: 1 + 2 * its dots
        first = ends - b
        cross = np.zeros(len(ends))
        for d in range(1, b):
            cross += gram[d, first]
        sq_b = np.zeros(n + 1)
        sq_b[ends] = (sq[ends] if b > 1 else 0.0) + 1.0 + 2.0 * cross
        out[b, ends] = np.sqrt(np.maximum(sq_b[ends], 1e-12))
        sq = sq_b
    return out


def _prefix(lengths: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(lengths, dtype=np.float64)])


class _Row:
    """Bead scores of every type for all nodes of one DP row ``i``."""

    def __init__(self, src: Side, tgt: Side, pads: tuple[np.ndarray, np.ndarray],
                 norms: tuple[np.ndarray, np.ndarray], prefix: tuple[np.ndarray, np.ndarray],
                 params: DPParams, max_a: int, max_b: int) -> None:
        self.src, self.tgt = src, tgt
        self.spad, self.tpad = pads
        self.snorm, self.tnorm = norms
        self.spre, self.tpre = prefix
        self.p = params
        self.A, self.B = max_a, max_b
        allowed = np.zeros((max_a, max_b), dtype=bool)
        for a, b in params.types:
            allowed[a - 1, b - 1] = True
        self.allowed = allowed
        self.band: tuple[np.ndarray, np.ndarray] | None = None
        self._chunk: tuple[int, int, int, np.ndarray] = (-1, -1, 0, np.zeros((0, 0)))

    def dots(self, i: int, lo: int, width: int) -> np.ndarray:
        """Sentence dot products (A+2, W+B+1) of row ``i``, cut from one matmul per
        ``CHUNK_ROWS`` rows: one large product is far cheaper than many thin ones."""
        A, B = self.A, self.B
        first, last, col0, block = self._chunk
        if not first <= i <= last:
            lo_band, hi_band = self.band if self.band is not None else (None, None)
            last = i + CHUNK_ROWS - 1
            if lo_band is None or hi_band is None:
                col0, col1 = lo, lo + width + B + 1
            else:
                last = min(last, len(lo_band) - 1)
                col0, col1 = int(lo_band[i]), int(hi_band[last]) + B + 2
            block = self.spad[i : last + A + 2] @ self.tpad[col0:col1].T
            first = i
            self._chunk = (first, last, col0, block)
        r, c = i - first, lo - col0
        return np.asarray(block[r : r + A + 2, c : c + width + B + 1])

    def scores(self, i: int, lo: int, width: int) -> tuple[np.ndarray, np.ndarray]:
        """(A, B, W) bead scores and cosines for nodes (i, lo..lo+W-1)."""
        A, B, n, m = self.A, self.B, len(self.src.vecs), len(self.tgt.vecs)
        a_idx = np.arange(1, A + 1)[:, None, None]
        b_idx = np.arange(1, B + 1)[None, :, None]
        j = lo + np.arange(width)[None, None, :]
        jt = np.minimum(j, m)
        hi_col = j - lo + B + 1  # column (in the target window) of sentence j
        cos, ut, sv = self._terms(i, lo, width, jt, hi_col, a_idx, b_idx)
        sim = cos
        if self.p.coverage:
            sim = (1 - self.p.coverage) * cos + self.p.coverage * self._coverage(
                ut, sv, hi_col, b_idx)
        if self.p.margin:
            a0 = a_idx - 1
            vals = [ut[a0, hi_col - b_idx - 1], ut[a0, hi_col + 0 * b_idx],
                    sv[A - a_idx, b_idx - 1, hi_col - B - 1], sv[A + 1][None]]
            ok = [(j - b_idx - 1 >= 0), (j < m) + 0 * a_idx, (i - a_idx - 1 >= 0) + 0 * b_idx,
                  np.full(j.shape, i < n)]
            total = sum(np.where(o, v, 0.0) for o, v in zip(ok, vals, strict=True))
            count = sum(o.astype(np.float64) for o in ok)
            sim = sim - self.p.margin * np.asarray(total / np.maximum(count, 1.0))
        if self.p.length_factor:
            ls = self.spre[i] - self.spre[np.maximum(i - a_idx, 0)]
            lt = self.tpre[jt] - self.tpre[np.minimum(np.maximum(j - b_idx, 0), m)]
            short, long_ = np.minimum(ls, lt), np.maximum(np.maximum(ls, lt), 1e-9)
            sim = sim * np.log2(1.0 + short / long_)
        if self.p.size_power:
            sim = sim * ((a_idx + b_idx) / 2.0) ** self.p.size_power
        sim = sim + self.p.size_bonus * (a_idx + b_idx - 2)
        valid = self.allowed[:, :, None] & (i - a_idx >= 0) & (j - b_idx >= 0)
        return np.where(valid, sim, NEG), cos

    def _terms(self, i: int, lo: int, width: int, jt: np.ndarray, hi_col: np.ndarray,
               a_idx: np.ndarray, b_idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """cos (A,B,W) of the spans; ut (A, W+B+1): source span a vs target sentence
        of each window column; sv (A+2, B, W): source sentence i-A-1+r vs target span."""
        A, B, n = self.A, self.B, len(self.src.vecs)
        s_rows = self.spad[i : i + A + 2]  # source k = i-A-1 .. i (zero rows outside)
        t_cols = self.tpad[lo : lo + width + B + 1]  # target l = lo-B-1 .. lo+W-1
        if self.src.spans is None or self.tgt.spans is None:
            return self._summed(i, self.dots(i, lo, width), jt, hi_col, a_idx, b_idx)
        u = self.src.spans[:A, min(i, n)]  # (A, d) encoded spans ending at i
        v = self.tgt.spans[:B, jt[0, 0]]  # (B, W, d)
        cos = np.einsum("ad,bwd->abw", u, v, dtype=np.float64)
        ut = u @ t_cols.T
        sv = np.einsum("rd,bwd->rbw", s_rows, v, dtype=np.float64)
        w = self.p.summed_weight
        if w:
            f_cos, f_ut, f_sv = self._summed(i, self.dots(i, lo, width), jt, hi_col, a_idx,
                                             b_idx)
            cos, ut = (1 - w) * cos + w * f_cos, (1 - w) * ut + w * f_ut
            sv = (1 - w) * sv + w * f_sv
        return cos, ut, sv

    def _summed(self, i: int, P: np.ndarray, jt: np.ndarray, hi_col: np.ndarray,
                a_idx: np.ndarray, b_idx: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The terms of ``_terms`` with span vectors = normalised sums of sentences;
        ``P`` holds the sentence dot products of the row."""
        A, n = self.A, len(self.src.vecs)
        Pc = np.concatenate([np.zeros((A + 2, 1)), np.cumsum(P, axis=1, dtype=np.float64)], 1)
        R = np.cumsum(P[A:0:-1], axis=0, dtype=np.float64)[:A]  # R[a-1]: sum over span a
        nu = self.snorm[a_idx[:, 0, 0], min(i, n)]  # (A,)
        nt = self.tnorm[b_idx, jt]  # (1, B, W)
        sv = (Pc[:, hi_col[0, 0]][:, None, :] - Pc[np.arange(A + 2)[:, None, None],
                                                     hi_col - b_idx]) / nt
        Rc = np.concatenate([np.zeros((A, 1)), np.cumsum(R, axis=1)], 1)
        a0 = a_idx - 1
        dot = Rc[a0, hi_col + 0 * a_idx] - Rc[a0, hi_col - b_idx]
        return dot / (nu[:, None, None] * nt), R / nu[:, None], sv

    def _coverage(self, ut: np.ndarray, sv: np.ndarray, hi_col: np.ndarray,
                  b_idx: np.ndarray) -> np.ndarray:
        """Smallest cosine of one bead sentence with the whole other span."""
        A, B = self.A, self.B
        src_min = np.minimum.accumulate(sv[A:0:-1], axis=0)  # rows of k = i-1, i-2, ...
        cols = hi_col[0, 0]
        tgt_min = np.empty(src_min.shape)
        run = ut[:, cols - 1]  # (A, W): target sentence j-1
        for b in range(1, B + 1):
            if b > 1:
                run = np.minimum(run, ut[:, cols - b])
            tgt_min[:, b - 1] = run
        return np.asarray(np.minimum(src_min, tgt_min))


def _full_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)


def band_around(nodes: list[tuple[int, int]], n: int, m: int, width: int
                ) -> tuple[np.ndarray, np.ndarray]:
    """A connected monotone band: every path node widened by ``width`` targets.

    ``nodes`` are DP nodes (i, j) in order from (0, 0) to (n, m); rows between
    two nodes span the targets between them.
    """
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for (i0, j0), (i1, j1) in zip(nodes, nodes[1:], strict=False):
        lo[i0 : i1 + 1] = np.minimum(lo[i0 : i1 + 1], j0)
        hi[i0 : i1 + 1] = np.maximum(hi[i0 : i1 + 1], j1)
    if len(nodes) == 1:
        lo[:], hi[:] = 0, m
    lo = np.clip(lo - width, 0, m)
    hi = np.clip(hi + width, 0, m)
    lo[0], hi[n] = 0, m
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    # a 1-0 bead from row i to i+1 keeps j: each row must reach the next one
    hi[:-1] = np.maximum(hi[:-1], lo[1:])
    return lo, hi


def run_dp(src: Side, tgt: Side, params: DPParams,
           band: tuple[np.ndarray, np.ndarray] | None = None) -> list[Bead]:
    """Best-scoring monotone bead sequence covering both sides, within ``band``."""
    n, m = len(src.vecs), len(tgt.vecs)
    lo, hi = band if band is not None else _full_band(n, m)
    A = max(a for a, _ in params.types) if params.types else 1
    B = max(b for _, b in params.types) if params.types else 1
    dim = src.vecs.shape[1] if n else tgt.vecs.shape[1] if m else 1
    spad = np.vstack([np.zeros((A + 1, dim), np.float32), src.vecs, np.zeros((1, dim), np.float32)])
    tpad = np.vstack([np.zeros((B + 1, dim), np.float32), tgt.vecs, np.zeros((1, dim), np.float32)])
    row = _Row(src, tgt, (spad, tpad), (span_norms(src.vecs, A), span_norms(tgt.vecs, B)),
               (_prefix(src.lengths), _prefix(tgt.lengths)), params, A, B)
    row.band = (lo, hi)
    width0 = int(hi[0] - lo[0] + 1)
    dp: list[np.ndarray] = [np.arange(width0) * params.skip]
    back: list[np.ndarray] = [np.where(np.arange(width0) == 0, START, SKIP_TGT)]
    gap: list[np.ndarray] = [np.ones(width0)]
    for i in range(1, n + 1):
        d, bp, g = _dp_row(row, i, int(lo[i]), int(hi[i]), dp, lo, params)
        dp.append(d)
        back.append(bp)
        gap.append(g)
    return _backtrack(src, tgt, params, lo, back, gap)


def _dp_row(row: _Row, i: int, lo_i: int, hi_i: int, dp: list[np.ndarray], lo: np.ndarray,
            params: DPParams) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fill row ``i``: values, back-pointers, and the winning margin per node."""
    A, B = row.A, row.B
    width = hi_i - lo_i + 1
    score, _ = row.scores(i, lo_i, width)
    cands = np.full((A * B + 1, width), NEG)
    x = np.arange(width)
    for a in range(1, min(A, i) + 1):
        prev = dp[i - a]
        for b in range(1, B + 1):
            idx = lo_i + x - b - int(lo[i - a])
            ok = (idx >= 0) & (idx < len(prev))
            if ok.any():
                safe = np.minimum(np.maximum(idx, 0), len(prev) - 1)
                cands[(a - 1) * B + (b - 1)] = np.where(ok, prev[safe] + score[a - 1, b - 1], NEG)
    prev = dp[i - 1]
    idx = lo_i + x - int(lo[i - 1])
    ok = (idx >= 0) & (idx < len(prev))
    cands[-1] = np.where(ok, prev[np.minimum(np.maximum(idx, 0), len(prev) - 1)] + params.skip, NEG)
    order = np.argmax(cands, axis=0)
    best = cands[order, x]
    runner = np.partition(cands, -2, axis=0)[-2] if len(cands) > 1 else np.full(width, NEG)
    back = np.where(order == A * B, SKIP_SRC, order)
    # 0-1 beads chain along the row: dp[x] = max(best[x], dp[x-1] + skip)
    shift = x * params.skip
    value = np.maximum.accumulate(best - shift) + shift
    from_left = value > best + 1e-12
    back = np.where(from_left, SKIP_TGT, back)
    left = np.concatenate([[NEG], value[:-1] + params.skip])
    second = np.where(from_left, best, np.maximum(runner, left))
    return value, back, value - second


def _backtrack(src: Side, tgt: Side, params: DPParams, lo: np.ndarray,
               back: list[np.ndarray], gap: list[np.ndarray]) -> list[Bead]:
    i, j = len(src.vecs), len(tgt.vecs)
    B = max(b for _, b in params.types) if params.types else 1
    beads: list[Bead] = []
    while i > 0 or j > 0:
        code = int(back[i][j - lo[i]])
        margin = float(gap[i][j - lo[i]])
        a, b = bead_shape(code, B)
        confidence = float(1.0 - np.exp(-max(margin, 0.0) / params.confidence_scale))
        beads.append(Bead((i - a, i), (j - b, j), _cosine(src.vecs[i - a : i],
                                                          tgt.vecs[j - b : j]), confidence))
        i, j = i - a, j - b
    beads.reverse()
    return beads


def bead_shape(code: int, B: int) -> tuple[int, int]:  # noqa: N803 (B as in the DP)
    """(source, target) sentence counts of a back-pointer code; ``B`` is the
    widest target side of the bead types."""
    if code == SKIP_SRC:
        return 1, 0
    if code == SKIP_TGT:
        return 0, 1
    return code // B + 1, code % B + 1


def _cosine(u: np.ndarray, v: np.ndarray) -> float:
    """Cosine of the summed vectors of two spans; 0 when one side is empty."""
    if not len(u) or not len(v):
        return 0.0
    su, sv = u.sum(axis=0, dtype=np.float64), v.sum(axis=0, dtype=np.float64)
    denom = float(np.linalg.norm(su) * np.linalg.norm(sv))
    return float(su @ sv / denom) if denom > 0 else 0.0
