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
weights and unit token rows; ``UseEncoder`` has one), looked up through
wrappers (``inner``).  Without one, no pair gets a value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from threadpoolctl import threadpool_limits

from bialign.records import Pair

# Per text: (weights (n,), unit rows (n, dim)) of its tokens, BOS/EOS left out.
TokenRows = tuple[np.ndarray, np.ndarray]
# Pairs whose token rows are held at once: 1,280 floats a token, ~60 tokens a
# sentence, so ~80 MB; a whole 9,000-pair document would hold ~5 GB.
CHUNK_PAIRS = 128
TokenEncoding = Callable[[Sequence[str]], "list[TokenRows] | None"]


def token_encoding(encoder: object) -> TokenEncoding | None:
    """The encoder's ``encode_tokens``, looking through wrappers (``inner``);
    None when it has none."""
    from bialign.encoders import wrapped_method

    return wrapped_method(encoder, "encode_tokens")  # type: ignore[return-value]


def mismatch(en: TokenRows, zh: TokenRows) -> float:
    """1 - the weighted mean, over Chinese tokens, of the best cosine with an
    English token (0.0 when a side has no token)."""
    (_, en_rows), (zh_weights, zh_rows) = en, zh
    if not len(en_rows) or not len(zh_rows) or zh_weights.sum() <= 0:
        return 0.0
    best = (zh_rows @ en_rows.T).max(axis=1)
    return float(1.0 - (best * zh_weights).sum() / zh_weights.sum())


def token_mismatch(pairs: Sequence[Pair], encoder: object) -> list[float] | None:
    """``mismatch`` of each pair (same order; one-sided pairs 0.0), the texts of
    ``CHUNK_PAIRS`` pairs encoded per call; None when the encoder gives no token rows."""
    encode = token_encoding(encoder)
    if encode is None:
        return None
    out: list[float] = []
    for start in range(0, len(pairs), CHUNK_PAIRS):
        chunk = pairs[start:start + CHUNK_PAIRS]
        texts = list(dict.fromkeys(t for p in chunk if p.en and p.zh for t in (p.en, p.zh)))
        encoded = encode(texts) if texts else []
        if encoded is None:  # the encoder cannot give token rows after all
            return None
        rows = dict(zip(texts, encoded, strict=True))
        # Tiny matrix products: two BLAS threads only spin (6 ms a pair instead
        # of 0.1 ms on a busy 2-core machine).
        with threadpool_limits(limits=1, user_api="blas"):
            out += [mismatch(rows[p.en], rows[p.zh]) if p.en and p.zh else 0.0 for p in chunk]
    return out
