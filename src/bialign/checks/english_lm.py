"""How well an English word fits its neighbours: a trigram language model.

The ``pocketsphinx`` package (BSD licence) ships CMU Sphinx's generic US
English trigram model (``model/en-us/en-us.lm.bin``, 27 MB, lower-case words,
no punctuation); its ``NGramModel`` reads it memory-mapped in a few
milliseconds.  A real-word slip reads badly in its sentence ("I vegan to put
on my pants": log P drops by about 12 against "began"), which a dictionary
of the other language cannot see.  Nothing is downloaded; without the
package ``available()`` is False and ``known()`` knows no word.
"""

from __future__ import annotations

import math
import re
import struct
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

LOG_BASE = 1.0001  # pocketsphinx's LogMath scores: integer logs in this base
_NATS = math.log(LOG_BASE)
_ZERO = -(1 << 29)  # the score of a word the model does not know
_MAGIC = b"Trie Language Model"
WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?", re.IGNORECASE)


def _model_path() -> Path:
    import pocketsphinx

    return Path(pocketsphinx.get_model_path()) / "en-us" / "en-us.lm.bin"


@lru_cache(maxsize=1)
def _model() -> Any | None:
    """The bundled model, or None where pocketsphinx or its model is missing."""
    try:
        import pocketsphinx

        path = _model_path()
        if not path.is_file():
            return None
        return pocketsphinx.NGramModel.readfile(str(path))
    except (ImportError, OSError, RuntimeError, ValueError):
        return None


def available() -> bool:
    """True if the language model can be read."""
    return _model() is not None


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """The model's words, read from its file: a trie model ("Trie Language
    Model", order, then the n-gram counts as little-endian uint32) ends with
    its unigrams, each NUL-terminated.  Empty if the file does not read that
    way; ``known`` then asks the model word by word (slower)."""
    model = _model()
    if model is None:
        return frozenset()
    try:
        with _model_path().open("rb") as fh:
            head = fh.read(24)
            if not head.startswith(_MAGIC):
                return frozenset()
            (count,) = struct.unpack("<I", head[len(_MAGIC) + 1:len(_MAGIC) + 5])
            fh.seek(0, 2)
            fh.seek(max(0, fh.tell() - count * 64))
            parts = fh.read().split(b"\0")
        words = frozenset(w.decode("utf-8") for w in parts[-count - 1:-1])
    except (OSError, ValueError, struct.error):
        return frozenset()
    # The last part is empty (the final NUL); both sentence marks are words.
    ok = parts[-1] == b"" and len(words) == count and {"<s>", "</s>", "the"} <= words
    return words if ok else frozenset()


@lru_cache(maxsize=131072)
def known(word: str) -> bool:
    """True if the model has ``word`` (lower case) in its vocabulary."""
    words = vocabulary()
    if words:
        return word in words
    model = _model()
    return model is not None and model.prob([word]) > _ZERO


@lru_cache(maxsize=262144)
def _log_prob(word: str, history: tuple[str, ...]) -> float:
    """Natural-log P(word | history), ``history`` nearest word first."""
    model = _model()
    assert model is not None
    return float(model.prob([word, *history])) * _NATS


def words(text: str) -> list[tuple[str, int, int]]:
    """(lower-case word, start, end) of each word of ``text``, punctuation dropped
    (the model was built on text without it)."""
    return [(m.group().lower().replace("’", "'"), m.start(), m.end())
            for m in WORD.finditer(text)]


def _span_log_prob(sequence: Sequence[str], start: int, end: int) -> float:
    """Log-probability of the words ``start``..``end - 1`` of ``sequence``, each
    given the two before it."""
    return sum(_log_prob(sequence[k], tuple(sequence[max(0, k - 2):k][::-1]))
               for k in range(start, end))


def window_log_prob(sequence: Sequence[str], i: int) -> float:
    """Log-probability of the words ``i``..``i+2`` of ``sequence`` given the two
    before each: everything a trigram model lets word ``i`` change."""
    return _span_log_prob(sequence, i, min(i + 3, len(sequence)))


def text_log_prob(text: str) -> float:
    """Log-probability of the words of ``text`` (each given the two before it),
    0.0 without the model.  The difference for two versions of one sentence
    says which reads better: the counterfactual tests weigh a changed word
    against its sentence this way."""
    if _model() is None:
        return 0.0
    sequence = [w for w, _, _ in words(text)]
    return _span_log_prob(sequence, 0, len(sequence))
