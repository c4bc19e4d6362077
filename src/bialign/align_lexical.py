"""CC-CEDICT word overlap of candidate beads, for ``align_refine``.

An English content word of a bead is *covered* when one of the Chinese
words that CC-CEDICT glosses with its lemma occurs in the bead's Chinese
text.  Per (Chinese sentence, English sentence) pair near the path we keep a
bit mask of the covered word positions; a bead's coverage is the OR over its
Chinese sentences, so merges and splits are scored without re-matching.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Protocol

import numpy as np

_WORD = re.compile(r"[A-Za-z]+|\d+")
# Function words whose Chinese renderings occur in almost any sentence.
STOP = frozenset(
    "the a an and or but of to in on at by for with from as is are was were be been being "
    "have has had do does did not no it its this that these those he she they we you i me "
    "him her them us my your his their our there here then than so if when what which who "
    "whom whose will would shall should can could may might must one all any some very just "
    "also into out up down over about said say says".split())


PIECE = 4  # renderings this short are matched by set lookup among a sentence's substrings


class WordIndex(Protocol):
    """What the overlap needs of a dictionary (``checks.dictionary.Dictionary``)."""

    def words_for(self, english_word: str) -> list[str]: ...

    def is_english_word(self, word: str) -> bool: ...


class LexicalOverlap:
    """Covered-word masks for sentence pairs, computed on demand and cached."""

    def __init__(self, zh_texts: Sequence[str], en_texts: Sequence[str],
                 dictionary: WordIndex) -> None:
        self.zh = list(zh_texts)
        self.words = [[w for w in _WORD.findall(t) if w.lower() not in STOP and
                       (w.isdigit() or len(w) > 2)] for t in en_texts]
        self.sizes = np.array([len(w) for w in self.words], dtype=float)
        self._size_list = [len(w) for w in self.words]
        forms: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {}  # a word recurs
        for w in {w for ws in self.words for w in ws}:
            forms[w] = self._split(self._zh_forms(w, dictionary))
        self._targets = [[forms[w] for w in ws] for ws in self.words]
        self._masks: dict[tuple[int, int], int] = {}
        self._pieces: dict[int, frozenset[str]] = {}
        self.zh_offset = self.en_offset = 0

    def window(self, zh0: int, zh1: int, en0: int, en1: int) -> LexicalOverlap:
        """A view whose sentence 0 is Chinese ``zh0`` / English ``en0`` (shared cache);
        the ends only document the slice."""
        view = copy.copy(self)
        view.zh_offset, view.en_offset = zh0, en0
        return view

    @staticmethod
    def _zh_forms(word: str, dictionary: WordIndex) -> tuple[str, ...]:
        if word.isdigit() or word[:1].isupper() and not dictionary.is_english_word(word):
            return (word,)  # numbers and names survive translation as written
        # single characters included: on MAC-Dev, multi-character forms only lost 0.005 F1
        return tuple(dictionary.words_for(word))

    @staticmethod
    def _split(forms: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
        """Forms of up to ``PIECE`` characters (a set) and the longer ones."""
        return (frozenset(f for f in forms if len(f) <= PIECE),
                tuple(f for f in forms if len(f) > PIECE))

    def _substrings(self, k: int) -> frozenset[str]:
        """Every substring of Chinese sentence ``k`` of up to ``PIECE`` characters."""
        found = self._pieces.get(k)
        if found is None:
            text = self.zh[k]
            found = frozenset(text[i : i + n] for n in range(1, PIECE + 1)
                              for i in range(len(text) - n + 1))
            self._pieces[k] = found
        return found

    def mask(self, k: int, e: int) -> int:
        """Bits of English sentence ``e``'s content words found in Chinese sentence ``k``."""
        key = (k, e)
        found = self._masks.get(key)
        if found is None:
            text, pieces = self.zh[k], self._substrings(k)
            found = 0
            for bit, (short, long_) in enumerate(self._targets[e]):
                if not short.isdisjoint(pieces) or any(f in text for f in long_):
                    found |= 1 << bit
            self._masks[key] = found
        return found

    def bead(self, k0: int, k1: int, e0: int, e1: int) -> tuple[float, float]:
        """(covered share of the bead's English words, worst sentence's share) for
        Chinese sentences ``[k0, k1)`` and English ``[e0, e1)``, relative to the window."""
        k0, k1 = k0 + self.zh_offset, k1 + self.zh_offset
        e0, e1 = e0 + self.en_offset, e1 + self.en_offset
        covered, total, worst = 0, 0, 1.0
        sizes, mask = self._size_list, self.mask
        for e in range(e0, e1):
            bits = 0
            for k in range(k0, k1):
                bits |= mask(k, e)
            hit = bits.bit_count()
            covered += hit
            total += sizes[e]
            if sizes[e]:
                worst = min(worst, hit / sizes[e])
        return (covered / total if total else 0.0), worst
