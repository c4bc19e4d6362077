"""Second bead pass near the DP path, with CC-CEDICT word overlap in the score.

The m-n pass of ``align_dp`` finds the neighbourhood of the true path almost
always; its errors are granularity choices beside it (2-1 against 1-1 + 1-0,
which English sentence goes with which Chinese one).  This pass takes every
bead whose two end nodes lie within ``radius`` target sentences of that path
and scores it as the first pass does, plus word overlap::

    score = first_pass + length_factor * (w_cover * covered + w_worst * worst)
            - w_quotes * [the two sides hold quote marks of different parity]
            - w_quote_end * [one side only ends with a closing quote]
            - w_boundary * corner_cost(bead's end node)

``covered`` is the share of the bead's English content words whose CC-CEDICT
renderings occur in its Chinese text, ``worst`` the same share for its
worst-covered English sentence (see ``align_lexical``).  A bead with an odd
number of quote marks on one side only splits a quotation the other side
keeps whole (dialogue in novels); so does a bead whose last sentence closes a
quotation on one side only.  ``corner_cost`` (``align_tokens``, with an
encoder that gives token rows) is what the best token-by-token alignment of
the two sides loses when forced to break where the bead ends; a one-sided
bead pays it too (a sentence whose tokens the next bead renders is not
unmatched), except for a sentence that is a paragraph of its own: a title's
names and dates match tokens of the paragraph it heads.  One-sided beads
score ``skip``.  The best monotone chain of candidates is the result.
Linear in document length: a fixed number of candidates per path node.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from bialign.align_dp import Bead, Side, _cosine, band_around
from bialign.align_lexical import LexicalOverlap
from bialign.align_tokens import PairTokens, corner_costs, node_band

# Quote marks; an English ' or ’ counts only at a word edge (not in "I've", "boy's").
_ZH_QUOTES = re.compile("[\u201c\u201d\u300c\u300d\u300e\u300f\"]")
_EN_QUOTES = re.compile("[\u201c\u201d\"]|(?<![A-Za-z])['\u2018\u2019]|['\u2018\u2019](?![A-Za-z])")
_ZH_CLOSING = ("\u201d", "\u300d", "\u300f", '"')
_EN_CLOSING = ("'", "\u2019", "\u201d", '"')


@dataclass(frozen=True)
class QuoteMarks:
    """Quote marks of one side: ``counts[k]`` marks in sentences ``0..k-1``;
    ``closing[k]`` when sentence ``k`` ends with a closing quote."""

    counts: np.ndarray  # (n + 1,) int
    closing: np.ndarray  # (n,) bool

    def window(self, start: int, end: int) -> QuoteMarks:
        """The marks of sentences ``start..end-1``, renumbered from 0."""
        return QuoteMarks(self.counts[start : end + 1], self.closing[start:end])


def quote_marks(texts: Sequence[str], zh: bool) -> QuoteMarks:
    """Count quote marks and note closing ones at sentence ends."""
    pattern, closing = (_ZH_QUOTES, _ZH_CLOSING) if zh else (_EN_QUOTES, _EN_CLOSING)
    counts = np.concatenate([[0], np.cumsum([len(pattern.findall(t)) for t in texts])])
    return QuoteMarks(counts.astype(np.int64),
                      np.array([t.rstrip().endswith(closing) for t in texts], dtype=bool))


@dataclass(frozen=True)
class Candidates:
    """Candidate beads ``[i0, i1) x [j0, j1)`` (source x target sentences)."""

    i0: np.ndarray
    i1: np.ndarray
    j0: np.ndarray
    j1: np.ndarray


@dataclass(frozen=True)
class RefineParams:
    """Weights of the second pass (fitted on MAC-Dev, see bench/bench_mac.py)."""

    margin: float = 0.75
    skip: float = -0.1
    w_cover: float = 0.1
    w_worst: float = 0.05
    w_quotes: float = 0.05
    w_quote_end: float = 0.05
    radius: int = 2
    max_bead: int = 6
    w_boundary: float = 0.15
    token_floor: float = 0.15


def candidates(path: Sequence[Bead], n: int, m: int, radius: int, max_bead: int
               ) -> Candidates:
    """Every bead (a + b <= ``max_bead``; 1-0 and 0-1) with both end nodes inside
    a band of ``radius`` target sentences around ``path``."""
    nodes = [(0, 0)] + [(b.src[1], b.tgt[1]) for b in path]
    lo, hi = band_around(nodes, n, m, radius)
    rows = np.repeat(np.arange(n + 1), hi - lo + 1)
    cols = np.concatenate([np.arange(lo[i], hi[i] + 1) for i in range(n + 1)])
    shapes = [(a, b) for a in range(max_bead) for b in range(max_bead)
              if (a and b and a + b <= max_bead) or a + b == 1]
    parts = []
    for a, b in shapes:
        i0, j0 = rows - a, cols - b
        ok = (i0 >= 0) & (j0 >= 0)
        ok[ok] &= (lo[i0[ok]] <= j0[ok]) & (j0[ok] <= hi[i0[ok]])
        parts.append((i0[ok], rows[ok], j0[ok], cols[ok]))
    i0, i1, j0, j1 = (np.concatenate([p[k] for p in parts]) for k in range(4))
    return Candidates(i0, i1, j0, j1)


# Candidates scored at a time: their span vectors (2 x 16k x 512 floats, 64 MB)
# are built per chunk, or a 4,000-sentence document's ~150k candidates took 1.6 GB.
CHUNK = 16_384


def first_pass_scores(src: Side, tgt: Side, c: Candidates, margin: float) -> tuple[
        np.ndarray, np.ndarray]:
    """(score, length factor) of two-sided candidates as ``align_dp`` scores them."""
    score, lf, _ = _scored(src, tgt, c, margin)
    return score, lf


def _scored(src: Side, tgt: Side, c: Candidates, margin: float) -> tuple[
        np.ndarray, np.ndarray, np.ndarray]:
    """``first_pass_scores`` and the cosine of each candidate's two span vectors,
    built ``CHUNK`` candidates at a time."""
    spre = np.concatenate([[0.0], np.cumsum(src.lengths)])
    tpre = np.concatenate([[0.0], np.cumsum(tgt.lengths)])
    ls, lt = spre[c.i1] - spre[c.i0], tpre[c.j1] - tpre[c.j0]
    lf = np.log2(1.0 + np.minimum(ls, lt) / np.maximum(np.maximum(ls, lt), 1e-9))
    cos, margined = np.empty(len(c.i0)), np.empty(len(c.i0))
    # With encoded spans a summed one is rare: ``_span_vecs`` builds the sums then.
    src_sum, tgt_sum = (None if side.spans is not None else _prefix(side) for side in (src, tgt))
    for a in range(0, len(c.i0), CHUNK):
        i0, i1, j0, j1 = (x[a:a + CHUNK] for x in (c.i0, c.i1, c.j0, c.j1))
        u, v = _span_vecs(src, i0, i1, src_sum), _span_vecs(tgt, j0, j1, tgt_sum)
        neigh = [_row_dot(tgt.vecs, j0 - 1, u), _row_dot(tgt.vecs, j1, u),
                 _row_dot(src.vecs, i0 - 1, v), _row_dot(src.vecs, i1, v)]
        total = sum(d * ok for d, ok in neigh)
        count = sum(ok.astype(float) for _, ok in neigh)
        cos[a:a + CHUNK] = np.einsum("kd,kd->k", u, v)
        margined[a:a + CHUNK] = cos[a:a + CHUNK] - margin * total / np.maximum(count, 1.0)
    return margined * lf, lf, cos


def _prefix(side: Side) -> np.ndarray:
    """Running sums of the sentence vectors, for spans without an encoded vector."""
    return np.concatenate([np.zeros((1, side.vecs.shape[1])),
                           np.cumsum(side.vecs, axis=0, dtype=np.float64)])


def _span_vecs(side: Side, start: np.ndarray, end: np.ndarray,
               pre: np.ndarray | None = None) -> np.ndarray:
    """Unit span vectors: encoded text where available, else summed sentences
    (``pre``: the side's ``_prefix``, computed here when not given)."""
    size = end - start
    out = np.zeros((len(start), side.vecs.shape[1]), dtype=np.float32)
    rest = size >= 1
    if side.spans is not None:
        ok = rest & (size <= side.spans.shape[0])
        out[ok] = side.spans[size[ok] - 1, end[ok]]
        rest &= ~ok
    if rest.any():
        if pre is None:
            pre = _prefix(side)
        summed = pre[end[rest]] - pre[start[rest]]
        out[rest] = summed / np.maximum(np.linalg.norm(summed, axis=1, keepdims=True), 1e-12)
    return out


def _row_dot(vecs: np.ndarray, index: np.ndarray, other: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray]:
    """Dot of ``vecs[index]`` with each row of ``other``; 0 where index is outside."""
    ok = (index >= 0) & (index < len(vecs))
    out = np.zeros(len(index))
    out[ok] = np.einsum("kd,kd->k", vecs[index[ok]], other[ok])
    return out, ok


def best_path(c: Candidates, scores: np.ndarray, n: int, m: int
              ) -> list[tuple[int, int, int, int]]:
    """Highest-scoring monotone chain of candidates from (0, 0) to (n, m)."""
    best: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], int] = {}
    i0, i1, j0, j1 = (x.tolist() for x in (c.i0, c.i1, c.j0, c.j1))
    sc = scores.tolist()
    for k in np.lexsort((c.j1, c.i1)).tolist():
        start = best.get((i0[k], j0[k]))
        if start is None:
            continue
        value, end = start + sc[k], (i1[k], j1[k])
        if value > best.get(end, -np.inf):
            best[end], back[end] = value, k
    node, out = (n, m), []
    while node != (0, 0):
        k = back[node]
        out.append((i0[k], i1[k], j0[k], j1[k]))
        node = (i0[k], j0[k])
    return out[::-1]


def refine(src: Side, tgt: Side, path: Sequence[Bead], lexicon: LexicalOverlap,
           params: RefineParams, *, src_is_zh: bool,
           quotes: tuple[QuoteMarks, QuoteMarks] | None = None,
           tokens: PairTokens | None = None) -> list[Bead]:
    """Re-decide the beads of ``path`` within ``params.radius`` of it.

    ``lexicon`` indexes Chinese sentences first: ``src`` when ``src_is_zh``.
    ``quotes`` are the ``quote_marks`` of source and target; ``tokens`` their
    token rows (the corner costs are left out without them).
    Beads the first pass also chose keep their cosine and confidence; new ones
    get confidence 0 (the two passes disagreed about them).
    """
    n, m = len(src.vecs), len(tgt.vecs)
    if n == 0 or m == 0 or not path:
        return list(path)
    c = candidates(path, n, m, params.radius, params.max_bead)
    corners = None
    if tokens is not None and params.w_boundary:
        corners = candidate_corners(c, tokens, n, m, params.token_floor)
    score = bead_scores(src, tgt, c, lexicon, params, src_is_zh=src_is_zh, quotes=quotes,
                        corners=corners)
    return _rechosen(path, best_path(c, score, n, m), src, tgt)


def candidate_corners(c: Candidates, tokens: PairTokens, n: int, m: int, floor: float
                      ) -> np.ndarray | None:
    """The corner cost of each candidate's end node (``align_tokens``); 0 for a
    one-sided bead whose sentence is a paragraph of its own.  None without
    token rows."""
    lo, hi = node_band(c.i0, c.i1, c.j0, c.j1, n, m)
    corners = corner_costs(lambda a, b: tokens.rows(0, a, b), lambda a, b: tokens.rows(1, a, b),
                           lo, hi, m, floor)
    if corners is None:
        return None
    cost = corners.at(c.i1, c.j1)
    src_only, tgt_only = (c.i1 > c.i0) & (c.j1 == c.j0), (c.i1 == c.i0) & (c.j1 > c.j0)
    cost[src_only & tokens.alone(0, c.i0)] = 0.0
    cost[tgt_only & tokens.alone(1, c.j0)] = 0.0
    return cost


def bead_scores(src: Side, tgt: Side, c: Candidates, lexicon: LexicalOverlap,
                params: RefineParams, *, src_is_zh: bool,
                quotes: tuple[QuoteMarks, QuoteMarks] | None = None,
                corners: np.ndarray | None = None) -> np.ndarray:
    """The second-pass score of each candidate (``params.skip`` for one-sided
    ones), less ``params.w_boundary`` times its ``corners`` (``candidate_corners``)."""
    score, lf = first_pass_scores(src, tgt, c, params.margin)
    two = (c.i1 > c.i0) & (c.j1 > c.j0)
    lexical = np.zeros((len(score), 2))
    for r in np.flatnonzero(two).tolist():
        a0, a1, b0, b1 = int(c.i0[r]), int(c.i1[r]), int(c.j0[r]), int(c.j1[r])
        lexical[r] = lexicon.bead(a0, a1, b0, b1) if src_is_zh else lexicon.bead(b0, b1, a0, a1)
    score = score + lf * (params.w_cover * lexical[:, 0] + params.w_worst * lexical[:, 1])
    if quotes is not None:
        sq, tq = quotes
        odd = (sq.counts[c.i1] - sq.counts[c.i0]) % 2 != (tq.counts[c.j1] - tq.counts[c.j0]) % 2
        ends = sq.closing[np.maximum(c.i1 - 1, 0)] != tq.closing[np.maximum(c.j1 - 1, 0)]
        score = score - params.w_quotes * odd - params.w_quote_end * ends
    score = np.where(two, score, params.skip)
    if corners is not None:
        score = score - params.w_boundary * corners
    return np.asarray(score, dtype=float)


def _rechosen(path: Sequence[Bead], chosen: Iterable[tuple[int, int, int, int]], src: Side,
              tgt: Side) -> list[Bead]:
    """Beads of the re-chosen path: a bead the first path had keeps its
    confidence; a new one gets confidence 0 (the two passes disagreed)."""
    old = {(b.src, b.tgt): b for b in path}
    out = []
    for a0, a1, b0, b1 in chosen:
        bead = old.get(((a0, a1), (b0, b1)))
        out.append(bead if bead is not None else
                   Bead((a0, a1), (b0, b1), _cosine(src.vecs[a0:a1], tgt.vecs[b0:b1]), 0.0))
    return out


# Chance level of a document: this quantile of the cosines of unit pairs that
# lie far from the aligned path (certainly not translations of each other).
# 0.95 as in pipeline.linked_share; below CHANCE_MIN_PAIRS such pairs, no null.
CHANCE_QUANTILE = 0.95
CHANCE_MIN_PAIRS = 20
CHANCE_MAX_PAIRS = 20_000


def chance_level(src: Side, tgt: Side, path: Sequence[Bead], distance: int, *,
                 seed: int = 0) -> float | None:
    """``CHANCE_QUANTILE`` of the cosines of source/target units more than
    ``distance`` target units away from ``path``; None when too few such pairs."""
    n, m = len(src.vecs), len(tgt.vecs)
    if n == 0 or m == 0:
        return None
    nodes = [(0, 0)] + [(b.src[1], b.tgt[1]) for b in path]
    lo, hi = band_around(nodes, n, m, distance)
    rng = np.random.default_rng(seed)
    far = m - np.minimum(hi[1:], m) + lo[:-1]  # per source row i: targets outside [lo, hi]
    total = int(far.sum())
    if total < CHANCE_MIN_PAIRS:
        return None
    rows = np.repeat(np.arange(n), far)
    k = rng.integers(0, total, min(total, CHANCE_MAX_PAIRS)) if total > CHANCE_MAX_PAIRS \
        else np.arange(total)
    rows = rows[k]
    offset = k - np.concatenate([[0], np.cumsum(far)])[rows]
    below = lo[:-1][rows]
    cols = np.where(offset < below, offset, np.minimum(hi[1:], m)[rows] + offset - below)
    cos = np.einsum("kd,kd->k", src.vecs[rows], tgt.vecs[cols])
    return float(np.quantile(cos, CHANCE_QUANTILE))


def drop_chance_beads(src: Side, tgt: Side, path: Sequence[Bead], chance: float, *,
                      margin: float, skip: float, radius: int, max_bead: int) -> list[Bead]:
    """Re-choose the beads near ``path`` with every two-sided bead whose cosine is
    no better than ``chance`` forbidden, so such sentences are left unmatched
    and their neighbours may realign.  The path is returned unchanged when it
    holds no chance-level bead."""
    n, m = len(src.vecs), len(tgt.vecs)
    if not any(b.src[1] > b.src[0] and b.tgt[1] > b.tgt[0] and b.cosine <= chance
               for b in path):
        return list(path)
    c = candidates(path, n, m, radius, max_bead)
    score, _, cos = _scored(src, tgt, c, margin)
    two = (c.i1 > c.i0) & (c.j1 > c.j0)
    score = np.where(two, np.where(cos > chance, score, -np.inf), skip)
    return _rechosen(path, best_path(c, score, n, m), src, tgt)
