"""Token-level boundary costs for ``align_refine``: does a sentence boundary of
one side fall where the other side's text also breaks?

The two sides' USE token rows (``encode_tokens``: each token in its n-gram
context, unit length) are aligned monotonically, token by token, inside a band
around the candidate beads: a Needleman-Wunsch alignment in which a matched
pair scores ``cosine - floor`` and a skipped token 0.  A node ``(i, j)`` of the
bead grid (source sentences before ``i``, target sentences before ``j``) is a
*corner* of the token grid; its cost is how much the best token alignment
loses when forced through that corner, i.e. when no source token before ``i``
may match a target token after ``j`` or the reverse::

    cost(i, j) = best - (forward(i, j) + backward(i, j))  >= 0

One forward and one backward pass give the cost of every node in the band.
A bead that ends where the other side's sentence is only half rendered (gold
2-2 cut as 1-1 + 1-1, or a sentence given to the wrong neighbour) ends at a
costly corner.  Linear in the number of tokens times the band's width.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

# Per text: (weights (n,), unit token rows (n, dim)), as ``UseEncoder.encode_tokens``.
TokenRows = tuple[np.ndarray, np.ndarray]
TokenEncoding = Callable[[Sequence[str]], "list[TokenRows] | None"]

NEG = -1e30  # "outside the band"
# Source sentences whose token rows (and their targets') are held at once:
# 1,280 floats a token, so a chunk of 64 sentences is ~10 MB a side.
CHUNK = 64


def token_encoding(encoder: object) -> TokenEncoding | None:
    """The encoder's ``encode_tokens``, looking through wrappers (``inner``);
    None when it has none (e5, sentence-transformers, test fakes)."""
    from bialign.encoders import wrapped_method

    return wrapped_method(encoder, "encode_tokens")  # type: ignore[return-value]


class PairTokens:
    """Token rows of a document pair's sentences, encoded on demand (not kept:
    a document's rows would take ~150 KB a sentence), and which sentences are
    a paragraph of their own (``alone``: per side, a bool per sentence; None:
    none is).  ``window`` shifts the sentence numbering, as for a paragraph slice."""

    def __init__(self, encode: TokenEncoding, src: Sequence[str], tgt: Sequence[str],
                 alone: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        self.encode, self.texts = encode, (list(src), list(tgt))
        self._alone = alone if alone is not None else (np.zeros(len(src), dtype=bool),
                                                       np.zeros(len(tgt), dtype=bool))
        self.offsets = (0, 0)

    def window(self, src0: int, tgt0: int) -> PairTokens:
        """A view whose sentence 0 is source ``src0`` / target ``tgt0``."""
        view = PairTokens(self.encode, (), (), self._alone)
        view.texts = self.texts
        view.offsets = (self.offsets[0] + src0, self.offsets[1] + tgt0)
        return view

    def alone(self, side: int, index: np.ndarray) -> np.ndarray:
        """Whether sentences ``index`` of ``side`` are each a paragraph of their own."""
        flags = self._alone[side]
        at = np.asarray(index) + self.offsets[side]
        ok = (at >= 0) & (at < len(flags))
        out = np.zeros(len(at), dtype=bool)
        out[ok] = flags[at[ok]]
        return out

    def rows(self, side: int, start: int, end: int) -> list[np.ndarray] | None:
        """Unit token rows of sentences ``start..end-1`` of ``side`` (0 source,
        1 target); None when the encoder gives no token rows after all."""
        k = self.offsets[side]
        texts = self.texts[side][start + k:end + k]
        encoded = self.encode(texts) if texts else []
        if encoded is None:
            return None
        return [np.asarray(rows, dtype=np.float32) for _, rows in encoded]


@dataclass(frozen=True)
class CornerCosts:
    """Cost of each node ``(i, j)`` with ``start[i] <= j < start[i] + count[i]``
    (``flat[offset[i] + j - start[i]]``); other nodes cost ``outside``."""

    start: np.ndarray  # (n + 1,) int
    count: np.ndarray  # (n + 1,) int
    offset: np.ndarray  # (n + 1,) int
    flat: np.ndarray  # float
    outside: float

    def at(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Costs of nodes ``(i[k], j[k])``."""
        rel = j - self.start[i]
        ok = (rel >= 0) & (rel < self.count[i])
        out = np.full(len(i), self.outside)
        out[ok] = self.flat[self.offset[i[ok]] + rel[ok]]
        return out


def node_band(i0: np.ndarray, i1: np.ndarray, j0: np.ndarray, j1: np.ndarray, n: int, m: int
              ) -> tuple[np.ndarray, np.ndarray]:
    """Per source sentence ``k``, the target boundaries ``lo[k]..hi[k]`` its
    tokens are compared with: those of every bead (candidate) holding ``k``, and
    every bead end node beside ``k``, widened by one sentence; monotone."""
    lo, hi = np.full(n, m, dtype=np.int64), np.zeros(n, dtype=np.int64)
    for a0, a1, b0, b1 in zip(i0.tolist(), i1.tolist(), j0.tolist(), j1.tolist(), strict=True):
        first, last = max(a0 - 1, 0), min(max(a1, a0 + 1), n)  # sentences beside the nodes
        lo[first:last] = np.minimum(lo[first:last], b0)
        hi[first:last] = np.maximum(hi[first:last], b1)
    lo = np.minimum.accumulate(np.maximum(lo - 1, 0)[::-1])[::-1]
    hi = np.maximum.accumulate(np.minimum(np.maximum(hi, lo) + 1, m))
    if n:
        lo[0], hi[-1] = 0, m  # the alignment starts at (0, 0) and ends at (n, m)
        hi[:-1] = np.maximum(hi[:-1], lo[1:])  # every target sentence in some window
    return lo, hi


def corner_costs(src_rows: Callable[[int, int], list[np.ndarray] | None],
                 tgt_rows: Callable[[int, int], list[np.ndarray] | None],
                 lo: np.ndarray, hi: np.ndarray, m: int, floor: float) -> CornerCosts | None:
    """``CornerCosts`` of the nodes in the band ``lo``/``hi`` (``node_band``).

    ``src_rows(a, b)`` / ``tgt_rows(a, b)`` give the unit token rows of sentences
    ``a..b-1`` (None: no token rows, then None here); ``m`` target sentences.
    """
    n = len(lo)
    blocks = _similarity_blocks(src_rows, tgt_rows, lo, hi, m, floor)
    if blocks is None:
        return None
    sims, tgt_len = blocks
    tq = np.concatenate([[0], np.cumsum(tgt_len)]).astype(np.int64)
    fwd = _sweep(sims, [(int(tq[a]), int(tq[b])) for a, b in zip(lo, hi, strict=True)])
    rq = tq[-1] - tq[::-1]  # token boundaries of the reversed target
    bwd = _sweep([s[::-1, ::-1] for s in reversed(sims)],
                 [(int(rq[m - b]), int(rq[m - a]))
                  for a, b in zip(lo[::-1], hi[::-1], strict=True)])
    best = float(fwd[-1][1][-1]) if fwd[-1][1].size else 0.0
    start, count, parts = np.zeros(n + 1, np.int64), np.zeros(n + 1, np.int64), []
    for i in range(n + 1):
        # nodes (i, j): forward row after sentence i-1, backward row before sentence i
        a = int(lo[i - 1]) if i else 0
        b = int(hi[i]) if i < n else m
        a, b = (max(a, int(lo[i])) if i < n else a), (min(b, int(hi[i - 1])) if i else b)
        if b < a:
            parts.append(np.zeros(0))
            continue
        q = tq[a:b + 1]
        f = _row_at(fwd[i - 1], q) if i else np.zeros(len(q))
        r = _row_at(bwd[n - 1 - i], tq[-1] - q) if i < n else np.zeros(len(q))
        start[i], count[i] = a, len(q)
        parts.append(np.maximum(best - f - r, 0.0))
    flat = np.concatenate(parts) if parts else np.zeros(0)
    reached = flat[flat < -NEG / 2]
    outside = float(reached.max()) if reached.size else 0.0
    flat = np.where(flat < -NEG / 2, flat, outside)  # a corner no token path reaches
    offset = np.concatenate([[0], np.cumsum(count)[:-1]])
    return CornerCosts(start, count, offset, flat, outside)


def _similarity_blocks(src_rows: Callable[[int, int], list[np.ndarray] | None],
                       tgt_rows: Callable[[int, int], list[np.ndarray] | None],
                       lo: np.ndarray, hi: np.ndarray, m: int, floor: float
                       ) -> tuple[list[np.ndarray], list[int]] | None:
    """Per source sentence ``k``: its tokens x the tokens of target sentences
    ``lo[k]..hi[k]-1``, ``cosine - floor``; and the target sentences' token counts.
    Token rows are held ``CHUNK`` source sentences (and their band) at a time;
    the blocks are kept for the backward pass (~90 MB for a 1,650 / 2,207-sentence
    Bible prefix)."""
    n = len(lo)
    sims: list[np.ndarray] = []
    tgt_len = [-1] * m
    held: dict[int, np.ndarray] = {}
    with threadpool_limits(limits=1, user_api="blas"):  # small products: threads would spin
        for a in range(0, n, CHUNK):
            b = min(a + CHUNK, n)
            source = src_rows(a, b)
            first, last = int(lo[a]), int(hi[b - 1])
            held = {j: r for j, r in held.items() if j >= first}
            todo = [j for j in range(first, last) if j not in held]
            if todo:
                got = tgt_rows(todo[0], todo[-1] + 1)
                if got is None:
                    return None
                held.update(zip(range(todo[0], todo[-1] + 1), got, strict=True))
            if source is None:
                return None
            for j in todo:
                tgt_len[j] = len(held[j])
            for k, rows in zip(range(a, b), source, strict=True):
                cols = [held[j] for j in range(int(lo[k]), int(hi[k]))]
                other = np.vstack(cols) if cols else np.zeros((0, rows.shape[1]), np.float32)
                sims.append(rows @ other.T - np.float32(floor))
    return sims, [max(t, 0) for t in tgt_len]


def _sweep(sims: Sequence[np.ndarray], windows: Sequence[tuple[int, int]]
           ) -> list[tuple[int, np.ndarray]]:
    """Needleman-Wunsch rows (gap 0, match ``sims``) over the source tokens in
    order; per source sentence, the row after its last token as (first target
    token boundary, scores over boundaries first..last of its window)."""
    out: list[tuple[int, np.ndarray]] = []
    q0, row = 0, None  # None: the row before any source token (0 everywhere)
    for block, (w0, w1) in zip(sims, windows, strict=True):
        width = w1 - w0 + 1
        if row is None:
            prev = np.zeros(width)
        else:
            prev = np.full(width, NEG)
            a, b = max(w0, q0), min(w1, q0 + len(row) - 1)
            if a <= b:
                prev[a - w0:b - w0 + 1] = row[a - q0:b - q0 + 1]
        for s in block:
            cand = prev.copy()
            np.maximum(cand[1:], prev[:-1] + s, out=cand[1:])
            prev = np.maximum.accumulate(cand)
        out.append((w0, prev))
        q0, row = w0, prev
    return out


def _row_at(saved: tuple[int, np.ndarray], q: np.ndarray) -> np.ndarray:
    """Values of a saved row at token boundaries ``q`` (NEG outside it)."""
    q0, row = saved
    rel = q - q0
    ok = (rel >= 0) & (rel < len(row))
    out = np.full(len(q), NEG)
    out[ok] = row[rel[ok]]
    return out
