"""Pair-level signals of content one side does not cover, for ``scoring.py``.

``weakest_clause`` measures, per pair, the English clause that the Chinese
renders least: each English clause's best cosine with the Chinese side or any
Chinese clause, and the lowest of these.  A whole-sentence cosine hides a
clause with no counterpart; this minimum does not.  ``uncovered_words``
counts the English content words the dictionary links to nothing in the
Chinese (``coverage.cover_pair``, which the checks have already computed for
the same pairs).  ``unlinked_word_gain`` asks the encoder about the Chinese
words the dictionary links to nothing in the English: how much closer the
Chinese comes to the English without each of them, summed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from bialign.checks.coverage import cover_pair
from bialign.checks.omission_units import split_clauses
from bialign.records import Pair

if TYPE_CHECKING:
    from bialign.checks.dictionary import Dictionary
    from bialign.encoders import Encoder


def clauses(text: str, lang: str) -> list[str]:
    """The clauses of one side (``omission_units.split_clauses``), or the side itself."""
    return [u.text for u in split_clauses(text, lang)] or [text.strip()]


def weakest_clause(pairs: Sequence[Pair], encoder: Encoder | None) -> list[float]:
    """Per pair (same order): min over its English clauses of the clause's best
    cosine with the Chinese side or one of its clauses.

    A pair whose English does not split keeps its own ``similarity`` (on the
    MQM dev set, measuring those too changed no AUC digit and cost more
    encoding), and so does every pair when ``encoder`` is None (unit tests).
    One-sided pairs get 0.0.  All new strings go to the encoder in one call.
    """
    split = {}
    for pair in pairs:
        if encoder is None or not (pair.en and pair.zh):
            continue
        en = clauses(pair.en, "en")
        if len(en) > 1:
            split[pair.index] = (en, [pair.zh, *clauses(pair.zh, "zh")])
    texts = list(dict.fromkeys(t for en, zh in split.values() for t in (*en, *zh)))
    row = {t: i for i, t in enumerate(texts)}
    vectors = encoder.encode(texts) if texts and encoder is not None else np.zeros((0, 1))
    out = []
    for pair in pairs:
        if not (pair.en and pair.zh):
            out.append(0.0)
        elif pair.index not in split:
            out.append(pair.similarity)
        else:
            en, zh = split[pair.index]
            cosines = vectors[[row[t] for t in en]] @ vectors[[row[t] for t in zh]].T
            out.append(float(np.min(np.max(cosines, axis=1))))
    return out


def uncovered_words(pair: Pair, dictionary: Dictionary) -> int:
    """English content words of ``pair`` with no dictionary link into its Chinese."""
    cov = cover_pair(pair.en, pair.zh, dictionary)
    return sum(1 for links in cov.en_links if not links)


# Chinese words shorter than this are left out of ``unlinked_word_gain``: single
# characters the dictionary links to nothing are mostly particles and measure
# words; leaving them out saves 22 % of the encoding and changed the MQM dev
# set's cross-validated AUC by +0.001 (2026-11-29).
MIN_GAIN_WORD_CHARS = 2


def unlinked_word_gain(pairs: Sequence[Pair], encoder: Encoder | None,
                       dictionary: Dictionary) -> list[float]:
    """Per pair (same order): the sum, over the Chinese content words of
    ``MIN_GAIN_WORD_CHARS`` or more that the dictionary links to nothing in
    the English, of
    max(0, cos(Chinese without the word, English) - cos(Chinese, English)).

    A word the English renders in words the dictionary does not know costs
    the Chinese cosine when dropped; a word nothing renders gains it.  (The
    same sum for the English words added nothing on the MQM dev set once
    ``uncovered_words`` is known: its fitted weight came out negative.)
    One-sided pairs, and all pairs without ``encoder``, get 0.0.  All strings
    go to the encoder in one call.
    """
    variants: dict[int, list[str]] = {}
    for pair in pairs:
        if encoder is None or not (pair.en and pair.zh):
            continue
        cov = cover_pair(pair.en, pair.zh, dictionary)
        variants[pair.index] = [pair.zh[:w.start] + pair.zh[w.end:]
                                for w, links in zip(cov.zh, cov.zh_links, strict=True)
                                if not links and len(w.text) >= MIN_GAIN_WORD_CHARS]
    texts = list(dict.fromkeys(t for p in pairs if variants.get(p.index)
                               for t in (p.en, p.zh, *variants[p.index])))
    row = {t: i for i, t in enumerate(texts)}
    vectors = encoder.encode(texts) if texts and encoder is not None else np.zeros((0, 1))
    out = []
    for pair in pairs:
        if not variants.get(pair.index):
            out.append(0.0)
            continue
        en = vectors[row[pair.en]]
        base = float(en @ vectors[row[pair.zh]])
        out.append(sum(max(0.0, float(vectors[row[t]] @ en) - base)
                       for t in variants[pair.index]))
    return out
