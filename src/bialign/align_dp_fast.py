"""The bead DP of ``align_dp`` with its scores computed for many rows at once.

Same inputs, same beads: ``run_dp`` here is a drop-in for ``align_dp.run_dp``
(see that module for the score).  Bead scores do not depend on DP values, so
``_Scorer`` computes them for blocks of rows in array operations over (rows, a,
b, columns), repeating ``align_dp``'s arithmetic operation for operation:
summed-vector scores are bit-identical, encoded-span cosines differ only in
summation order (~1e-16).  Only the recurrence runs row by row: it gathers
every bead shape's predecessor from a ring buffer of the last ``A`` rows in one
indexing step and keeps, per band node, what the backtrack needs to rebuild
``align_dp``'s back-pointers and margins.  Memory stays linear: 26 bytes per
band node (``align_dp``: 24), the ring buffer, and score blocks of at most
``BLOCK_CELLS`` cells.
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numpy.lib.stride_tricks import as_strided

from bialign.align_dp import (
    CHUNK_ROWS,
    NEG,
    SKIP_SRC,
    SKIP_TGT,
    START,
    Bead,
    DPParams,
    Side,
    _full_band,
    _prefix,
    bead_shape,
    span_norms,
)

BLOCK_CELLS = 200_000  # rows x a x b x columns per score block: bounds temporary memory
BEAD_BATCH = 2048  # beads whose cosines are computed together


class _Scorer:
    """Bead scores (rows, A*B + 1, W) for blocks of DP rows; the last slot is 1-0."""

    def __init__(self, src: Side, tgt: Side, params: DPParams, band: tuple[np.ndarray, np.ndarray],
                 max_a: int, max_b: int) -> None:
        self.src, self.tgt, self.p = src, tgt, params
        self.lo, self.hi = band
        self.A, self.B = A, B = max_a, max_b
        self.n, self.m = len(src.vecs), len(tgt.vecs)
        dim = src.vecs.shape[1] if self.n else tgt.vecs.shape[1] if self.m else 1
        self.spad = np.vstack([np.zeros((A + 1, dim), np.float32), src.vecs,
                               np.zeros((1, dim), np.float32)])
        self.tpad = np.vstack([np.zeros((B + 1, dim), np.float32), tgt.vecs,
                               np.zeros((1, dim), np.float32)])
        self.snorm, self.tnorm = span_norms(src.vecs, A), span_norms(tgt.vecs, B)
        self.spre, self.tpre = _prefix(src.lengths), _prefix(tgt.lengths)
        allowed = np.zeros((A, B), dtype=bool)
        for a, b in params.types:
            allowed[a - 1, b - 1] = True
        self.allowed = allowed[None, :, :, None]
        self.a = np.arange(1, A + 1)[None, :, None, None]  # (1, A, 1, 1)
        self.b = np.arange(1, B + 1)[None, None, :, None]  # (1, 1, B, 1)
        # the same per-shape factors as align_dp, computed on arrays of the same shape
        a3, b3 = self.a[0], self.b[0]
        self.size_factor = ((a3 + b3) / 2.0) ** params.size_power if params.size_power else None
        self.size_add = params.size_bonus * (a3 + b3 - 2)

    def blocks(self) -> Iterator[tuple[int, np.ndarray]]:
        """(first row, scores) for rows 1..n in order; ``align_dp``'s matmul chunks."""
        A, B, n = self.A, self.B, self.n
        for first in range(1, n + 1, CHUNK_ROWS):
            last = min(first + CHUNK_ROWS - 1, n)
            col0, col1 = int(self.lo[first]), int(self.hi[last]) + B + 2
            product = self.spad[first : last + A + 2] @ self.tpad[col0:col1].T
            # zero columns on the right: every row's window has the block's widest shape
            dots = np.zeros((len(product), col1 - col0 + int(self.hi[first : last + 1].max()
                                                              - self.lo[first] + 1)),
                            dtype=product.dtype)
            dots[:, : col1 - col0] = product
            start = first
            while start <= last:
                wide = int((self.hi[start : last + 1] - self.lo[start : last + 1]).max()) + B + 2
                rows = max(1, min(last - start + 1, BLOCK_CELLS // (A * B * wide)))
                yield start, self._scores(np.arange(start, start + rows), dots, first, col0)
                start += rows

    def _scores(self, i: np.ndarray, dots: np.ndarray, first: int, col0: int) -> np.ndarray:
        """Scores (R, A*B + 1, W) of consecutive rows ``i``, as ``align_dp._Row.scores``;
        ``dots`` is the block's sentence product from column ``col0``, row ``first``."""
        A, B, m, n, p = self.A, self.B, self.m, self.n, self.p
        lo = self.lo[i]
        width = int((self.hi[i] - lo).max()) + 1
        x = np.arange(width)
        hc = x + B + 1  # window column of target sentence j = lo + x
        j = lo[:, None] + x[None, :]  # (R, W)
        jt = np.minimum(j, m)
        cos, ut, sv = self._terms(i, lo, x, jt, hc, dots, first, col0)
        sim = cos
        if p.coverage:
            sim = (1 - p.coverage) * cos + p.coverage * self._coverage(ut, sv, hc)
        i4, j4, a, b = i[:, None, None, None], j[:, None, None, :], self.a, self.b
        if p.margin:
            vals = [_before(ut, width, B, 1), ut[:, :, None, B + 1 : B + 1 + width],
                    sv[:, A - 1 :: -1], sv[:, A + 1][:, None]]
            ok = [j4 - b - 1 >= 0, (j4 < m), (i4 - a - 1 >= 0), i4 < n]
            total = sum(np.where(o, v, 0.0) for o, v in zip(ok, vals, strict=True))
            count = sum(o.astype(np.float64) for o in ok)
            sim = sim - p.margin * np.asarray(total / np.maximum(count, 1.0))
        if p.length_factor:
            ls = self.spre[i4] - self.spre[np.maximum(i4 - a, 0)]
            lt = self.tpre[jt[:, None, None, :]] - self.tpre[np.minimum(np.maximum(j4 - b, 0), m)]
            short, long_ = np.minimum(ls, lt), np.maximum(np.maximum(ls, lt), 1e-9)
            sim = sim * np.log2(1.0 + short / long_)
        if self.size_factor is not None:
            sim = sim * self.size_factor
        sim = sim + self.size_add
        valid = self.allowed & (i4 - a >= 0) & (j4 - b >= 0)
        out = np.empty((len(i), A * B + 1, width))
        out[:, : A * B] = np.where(valid, sim, NEG).reshape(len(i), A * B, width)
        out[:, A * B] = p.skip
        return out

    def _terms(self, i: np.ndarray, lo: np.ndarray, x: np.ndarray, jt: np.ndarray,
               hc: np.ndarray, dots: np.ndarray, first: int, col0: int
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """cos (R,A,B,W), ut (R,A,W+B+1), sv (R,A+2,B,W) as in ``align_dp._Row._terms``."""
        A, B = self.A, self.B
        src_spans, tgt_spans = self.src.spans, self.tgt.spans
        if src_spans is None or tgt_spans is None:
            return self._summed(i, lo, x, jt, hc, dots, first, col0)
        c0, c1 = int(jt.min()), int(jt.max()) + 1
        v = tgt_spans[:B, c0:c1].astype(np.float64)  # (B, C, d) target spans of the block
        dim = v.shape[-1]
        u = src_spans[:A, i]  # (A, R, d)
        g = u.transpose(1, 0, 2).reshape(-1, dim).astype(np.float64) @ v.reshape(-1, dim).T
        g = g.reshape(len(i), A, B, c1 - c0)
        rows = np.arange(len(i))[:, None, None, None]
        cols = (jt - c0)[:, None, None, :]
        cos = g[rows, np.arange(A)[:, None, None], np.arange(B)[:, None], cols]
        s_rows = self.spad[i[0] : i[-1] + A + 2].astype(np.float64)
        h = (s_rows @ v.reshape(-1, dim).T).reshape(len(s_rows), B, c1 - c0)
        sv = h[rows + np.arange(A + 2)[:, None, None], np.arange(B)[:, None], cols]
        width = len(x) + B + 1
        ut: np.ndarray = np.zeros((len(i), A, width), dtype=np.float32)  # as align_dp
        for r, row in enumerate(i):  # float32 products of align_dp's exact shapes
            t_cols = self.tpad[lo[r] : int(self.hi[row]) + B + 2]
            ut[r, :, : len(t_cols)] = src_spans[:A, min(int(row), self.n)] @ t_cols.T
        w = self.p.summed_weight
        if w:
            f_cos, f_ut, f_sv = self._summed(i, lo, x, jt, hc, dots, first, col0)
            cos, ut = (1 - w) * cos + w * f_cos, (1 - w) * ut + w * f_ut
            sv = (1 - w) * sv + w * f_sv
        return cos, ut, sv

    def _summed(self, i: np.ndarray, lo: np.ndarray, x: np.ndarray, jt: np.ndarray,
                hc: np.ndarray, dots: np.ndarray, first: int, col0: int
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The terms with span vectors = normalised sums of sentence vectors."""
        A, B = self.A, self.B
        width = len(x) + B + 1
        starts = (len(dots) - A - 1, dots.shape[1] - width + 1)
        windows = as_strided(dots, shape=(*starts, A + 2, width), strides=dots.strides * 2,
                             writeable=False)
        P = windows[i - first, lo - col0]  # (R, A+2, W+B+1) sentence dots
        # float64 sums in align_dp's order (casting first: cumsum's own cast is slow)
        P = P.astype(np.float64)
        R = np.cumsum(P[:, A:0:-1], axis=1)[:, :A]  # (R, A, W+B+1)
        nu = self.snorm[np.arange(1, A + 1)[None, :], np.minimum(i, self.n)[:, None]]  # (R, A)
        nt = self.tnorm[1 : B + 1][:, jt].transpose(1, 0, 2)  # (R, B, W)
        W = len(x)
        sv = np.zeros((len(i), A + 2, B, W))
        # source row k = i (index A) only enters the coverage term: skip it without one
        for r0, r1 in [(0, A + 2)] if self.p.coverage else [(0, A), (A + 1, A + 2)]:
            Pc = np.zeros((len(i), r1 - r0, width + 1))
            np.cumsum(P[:, r0:r1], axis=2, out=Pc[:, :, 1:])
            part = np.subtract(Pc[:, :, None, B + 1 : B + 1 + W], _before(Pc, W, B, 0),
                               out=sv[:, r0:r1])
            np.divide(part, nt[:, None], out=part)
        Rc = np.zeros((len(i), A, width + 1))
        np.cumsum(R, axis=2, out=Rc[:, :, 1:])
        dot = Rc[:, :, None, B + 1 : B + 1 + W] - _before(Rc, W, B, 0)
        return dot / (nu[:, :, None, None] * nt[:, None]), R / nu[:, :, None], sv

    def _coverage(self, ut: np.ndarray, sv: np.ndarray, hc: np.ndarray) -> np.ndarray:
        """Smallest cosine of one bead sentence with the whole other span."""
        A, B = self.A, self.B
        src_min = np.minimum.accumulate(sv[:, A:0:-1], axis=1)
        tgt_min = np.empty(src_min.shape)
        shifted = _before(ut, len(hc), B, 0)
        run = shifted[:, :, 0]
        for b in range(1, B + 1):
            if b > 1:
                run = np.minimum(run, shifted[:, :, b - 1])
            tgt_min[:, :, b - 1] = run
        return np.asarray(np.minimum(src_min, tgt_min))


def _before(rows: np.ndarray, width: int, max_b: int, extra: int) -> np.ndarray:
    """View (..., B, W) of ``rows[..., B + 1 - b - extra + x]`` for b = 1..B: the
    window column ``b + extra`` places left of target sentence j = lo + x."""
    step = rows.strides[-1]
    return as_strided(rows[..., max_b - extra :], shape=rows.shape[:-1] + (max_b, width),
                      strides=rows.strides[:-1] + (-step, step), writeable=False)


def run_dp(src: Side, tgt: Side, params: DPParams,
           band: tuple[np.ndarray, np.ndarray] | None = None) -> list[Bead]:
    """Best-scoring monotone bead sequence covering both sides, within ``band``;
    the same beads as ``align_dp.run_dp``."""
    n, m = len(src.vecs), len(tgt.vecs)
    lo, hi = band if band is not None else _full_band(n, m)
    lo, hi = np.asarray(lo, dtype=np.int64), np.asarray(hi, dtype=np.int64)
    A = max(a for a, _ in params.types) if params.types else 1
    B = max(b for _, b in params.types) if params.types else 1
    widths = hi - lo + 1
    table = _Table(np.concatenate([[0], np.cumsum(widths)]), lo)
    w0 = int(widths[0])
    table.value[:w0] = table.best[:w0] = np.arange(w0) * params.skip
    table.order[:w0], table.runner[:w0] = -1, NEG
    _fill(table, _Scorer(src, tgt, params, (lo, hi), A, B), widths, params.skip, m)
    return _backtrack(src, tgt, params, table, A * B)


def _fill(table: _Table, scorer: _Scorer, widths: np.ndarray, skip: float, m: int) -> None:
    """Rows 1..n of the DP, one at a time (row 0 is filled)."""
    A, B = scorer.A, scorer.B
    x = np.arange(int(widths.max()))
    # the last A rows' values by absolute column, B columns of left pad; NEG outside
    # each row's band (align_dp's NEG there too, up to the score added to it)
    stride = m + 1 + B
    ring = np.full(A * stride, NEG)
    ring[B : B + int(widths[0])] = table.value[: int(widths[0])]
    shape_a = np.array([a for a in range(1, A + 1) for _ in range(B)] + [1])
    shape_b = np.array([b for _ in range(A) for b in range(1, B + 1)] + [0])
    col_of = B - shape_b[None, :] + x[:, None]  # (W, A*B+1) ring column minus lo[i]
    slot_of = [(t - shape_a) % A * stride for t in range(A)]
    shifts = x * skip
    lo, width, offset = table.lo.tolist(), widths.tolist(), table.offsets.tolist()
    for first, block in scorer.blocks():
        # (R, W, A*B+1): one node's candidates contiguous (1-1 passes read two rows)
        scores = block if A == B == 1 else np.ascontiguousarray(block.transpose(0, 2, 1))
        for r in range(len(scores)):
            i = first + r
            lo_i, w, off = lo[i], width[i], offset[i]
            slot = (i % A) * stride
            end = off + w
            if A == B == 1:  # 1-1 beads only: two candidates, read as two slices
                bead = ring[lo_i : lo_i + w] + scores[r, 0, :w]
                down = ring[lo_i + 1 : lo_i + 1 + w] + skip
                table.order[off:end] = down > bead  # argmax: the first of equals
                best = np.maximum(bead, down, out=table.best[off:end])
                np.minimum(bead, down, out=table.runner[off:end])
            else:
                cands = ring[col_of[:w] + (slot_of[i % A] + lo_i)] + scores[r, :w]
                table.order[off:end] = cands.argmax(axis=1)
                ranked = np.sort(cands, axis=1)
                best = table.best[off:end] = ranked[:, -1]
                table.runner[off:end] = ranked[:, -2]
            value = np.maximum.accumulate(best - shifts[:w], out=table.value[off:end])
            value += shifts[:w]
            if i >= A:  # forget row i - A, whose slot row i takes (where row i does not)
                old_lo, old_end = slot + lo[i - A] + B, slot + lo[i - A] + width[i - A] + B
                ring[old_lo : min(old_end, slot + lo_i + B)] = NEG
                ring[max(old_lo, slot + lo_i + B + w) : old_end] = NEG
            ring[slot + lo_i + B : slot + lo_i + B + w] = value


class _Table:
    """Per node of the band (flat, row after row): the best bead type, the best and
    second-best bead candidates, and the DP value (0-1 chains included)."""

    def __init__(self, offsets: np.ndarray, lo: np.ndarray) -> None:
        self.offsets, self.lo = offsets, lo
        size = int(offsets[-1])
        self.order = np.empty(size, dtype=np.int16)
        self.best, self.runner, self.value = np.empty(size), np.empty(size), np.empty(size)

    def node(self, i: int, j: int, skip: float, skip_code: int) -> tuple[int, float]:
        """Back-pointer code and winning margin of node (i, j), as ``align_dp._dp_row``."""
        x = j - int(self.lo[i])
        k = int(self.offsets[i]) + x
        value, best = float(self.value[k]), float(self.best[k])
        if i == 0:
            return (START if x == 0 else SKIP_TGT), 1.0
        if value > best + 1e-12:
            return SKIP_TGT, value - best
        left = float(self.value[k - 1]) + skip if x > 0 else NEG
        code = int(self.order[k])
        return (SKIP_SRC if code == skip_code else code), value - max(float(self.runner[k]), left)


def _backtrack(src: Side, tgt: Side, params: DPParams, table: _Table, skip_code: int
               ) -> list[Bead]:
    """Follow the back-pointers from (n, m); cosines and confidences as ``align_dp``."""
    i, j = len(src.vecs), len(tgt.vecs)
    B = max(b for _, b in params.types) if params.types else 1
    ends: list[tuple[int, int, int, int]] = []
    margins: list[float] = []
    while i > 0 or j > 0:
        code, margin = table.node(i, j, params.skip, skip_code)
        a, b = bead_shape(code, B)
        ends.append((i, j, a, b))
        margins.append(margin)
        i, j = i - a, j - b
    ends.reverse()
    margins.reverse()
    confidence = 1.0 - np.exp(-np.maximum(np.array(margins), 0.0) / params.confidence_scale)
    cosine = _cosines(src.vecs, tgt.vecs, np.array(ends, dtype=np.int64).reshape(-1, 4))
    return [Bead((e_i - a, e_i), (e_j - b, e_j), float(c), float(q))
            for (e_i, e_j, a, b), c, q in zip(ends, cosine, confidence, strict=True)]


def _span_sums(vecs: np.ndarray, ends: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """float64 sums of vecs[e-k : e], added row by row in order as ``ndarray.sum`` does."""
    out = vecs[ends - sizes].astype(np.float64)
    for k in range(2, int(sizes.max(initial=0)) + 1):
        rows = np.flatnonzero(sizes >= k)
        out[rows] += vecs[ends[rows] - sizes[rows] + k - 1]
    return out


def _cosines(u: np.ndarray, v: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Cosine of the summed vectors of each bead's two spans; 0 for one-sided beads."""
    cos = np.zeros(len(ends))
    two = np.flatnonzero((ends[:, 2] > 0) & (ends[:, 3] > 0))
    for start in range(0, len(two), BEAD_BATCH):  # batches keep the float64 sums small
        rows = two[start : start + BEAD_BATCH]
        su = _span_sums(u, ends[rows, 0], ends[rows, 2])
        sv = _span_sums(v, ends[rows, 1], ends[rows, 3])
        denom = np.sqrt(np.einsum("ij,ij->i", su, su)) * np.sqrt(np.einsum("ij,ij->i", sv, sv))
        dots = np.einsum("ij,ij->i", su, sv)
        cos[rows] = np.where(denom > 0, dots / np.where(denom > 0, denom, 1.0), 0.0)
    return cos
