"""Counterfactual wrong-word test: would a real word one letter away fit better?

For each English content word that no Chinese word of its pair explains
through CC-CEDICT, the real words one edit away (two substitutions near the
end of a long word: "principals" / "principles") that are more common in
CEDICT's glosses (slips turn common words into rare ones: "great" -> "greet")
are tried, the one a Chinese word of the pair glosses first.  Putting it in
the sentence must raise the encoder similarity to the Chinese: a little when
a Chinese word glosses it, much when none does.  Without an encoder only the
dictionary evidence is reported, as "info".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from bialign.checks.coverage import Coverage, cover_pair, stem, zh_glosses
from bialign.checks.dictionary import Dictionary
from bialign.records import Pair

if TYPE_CHECKING:
    from bialign.encoders import Encoder

LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Inflectional endings: two forms of one stem the Chinese cannot tell apart.
ENDINGS = frozenset({"", "s", "es", "d", "ed", "t", "n", "en", "ing", "e", "er", "est", "ly"})


@dataclass(frozen=True)
class CounterfactualConfig:
    """Thresholds, calibrated on generated one/two-letter substitutions of
    MAC-Dev, UDHR and consensus-2020 pairs (pairs the benchmark's fixed seed
    does not perturb) and on faithful MAC-Dev/UDHR pairs."""

    min_length: int = 5  # shorter words have too many real neighbours
    two_edit_min_length: int = 7
    # The neighbour must be this many times more frequent in CEDICT's glosses.
    min_frequency_ratio: float = 1.0
    min_similarity_gain: float = 0.02  # cosine gain of the pair with the neighbour in place
    score_free: float = 0.85  # the Chinese word it glosses is rendered by nothing else
    score_rendered: float = 0.6  # that Chinese word is also rendered elsewhere
    score_no_encoder: float = 0.45  # dictionary evidence only: info
    # Two substitutions stay "info": warning on them when a Chinese word glosses
    # the neighbour and the gain is 0.04 found 1 more of 200 substitutions and
    # flagged 2 more faithful pairs ("grandly" / "grandma" for 奶奶).
    score_two_edits: float = 0.45
    # No Chinese word glosses the neighbour: the encoder alone must prefer it
    # (at 0.06: 17 of 200 substitutions, 1 of 600 faithful pairs; 0.05: 21, 3).
    min_gain_unexplained: float = 0.06
    score_unexplained: float = 0.6


@dataclass(frozen=True)
class Suspect:
    """A word of ``pair.en`` (``start``..``end``) and the neighbour that fits better."""

    pair: int
    start: int
    end: int
    word: str
    neighbour: str
    zh_word: str
    zh_free: bool  # no other English word renders ``zh_word``
    gain: float = 0.0  # similarity gain; 0 until measured


def neighbours(word: str, vocabulary: frozenset[str], config: CounterfactualConfig
               ) -> set[str]:
    """Real words one edit from ``word`` (substitution, transposition,
    insertion, deletion), or two substitutions in the last four letters."""
    n = len(word)
    out = {word[:i] + c + word[i + 1:] for i in range(n) for c in LETTERS}
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(n - 1)}
    out |= {word[:i] + c + word[i:] for i in range(n + 1) for c in LETTERS}
    out |= {word[:i] + word[i + 1:] for i in range(n)}
    out = {w for w in out if w in vocabulary}
    if n >= config.two_edit_min_length:
        head = max(3, n - 4)  # the last four letters, never the first three
        out |= {w for w in _by_head(vocabulary).get(word[:head], ())
                if len(w) == n and sum(a != b for a, b in zip(w, word, strict=True)) == 2}
    out.discard(word)
    return {w for w in out if len(w) >= config.min_length}


@lru_cache(maxsize=2)
def _by_head(vocabulary: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Words by their first max(3, length - 4) letters."""
    heads: dict[str, list[str]] = {}
    for w in vocabulary:
        if len(w) >= 5:
            heads.setdefault(w[:max(3, len(w) - 4)], []).append(w)
    return {k: tuple(v) for k, v in heads.items()}


def edit_distance(a: str, b: str) -> int:
    """1 for one substitution, transposition, insertion or deletion, else 2
    (``neighbours`` makes nothing further)."""
    if len(a) != len(b):
        return 1
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return 1 if len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                   and a[diff[0]] == b[diff[1]]) else 2


def _same_family(a: str, b: str, dictionary: Dictionary) -> bool:
    """Inflections and derivations of one word (arrives/arrived, leapt/leaps):
    the Chinese cannot tell them apart, so they are no wrong word."""
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    if common >= 4 and a[common:] in ENDINGS and b[common:] in ENDINGS:
        return True  # one stem, two endings (leapt/leaps, glances/glanced)
    return dictionary.lemma(a) == dictionary.lemma(b) or stem(a) == stem(b) or \
        stem(dictionary.lemma(a)) == stem(dictionary.lemma(b))


def _word_glosses(zh_word: str, dictionary: Dictionary) -> frozenset[str]:
    """Lemmas of a dictionary word, else of its dictionary sub-words of two
    or more characters (非常高兴: 高兴 "happy")."""
    if len(zh_word) < 2:
        return frozenset()
    if dictionary.contains(zh_word):
        return zh_glosses(zh_word, dictionary)
    n = len(zh_word)
    return frozenset(g for size in range(n - 1, 1, -1) for i in range(n - size + 1)
                     for g in dictionary.lemmas(zh_word[i:i + size]))


def pair_suspects(pair: Pair, cov: Coverage, dictionary: Dictionary,
                  config: CounterfactualConfig, skip: frozenset[int] = frozenset()
                  ) -> list[Suspect]:
    """Suspects of one pair before the encoder test; ``skip`` holds the
    start offsets of words another test already flagged."""
    # Only words of two or more characters that the dictionary lists: single
    # characters (打, 站) and the characters of names (王琦瑶) gloss too loosely.
    glosses = [_word_glosses(z.text, dictionary) for z in cov.zh]
    stems = [frozenset(stem(g) for g in gs) for gs in glosses]
    out = []
    for i, w in enumerate(cov.en):
        low = w.text.lower()
        if (cov.en_covered(i) or w.start in skip or len(low) < config.min_length
                or not low.isalpha() or w.text != low):
            continue  # covered, capitalised (a name) or not a plain word
        freq = dictionary.frequency(low)
        best: tuple[tuple[int, int], Suspect] | None = None
        for cand in sorted(neighbours(low, dictionary.vocabulary, config)):
            cand_freq = dictionary.frequency(cand)
            if cand_freq < config.min_frequency_ratio * max(freq, 1) or \
                    _same_family(low, cand, dictionary):
                continue
            lemma = dictionary.lemma(cand)
            hits = [j for j in range(len(cov.zh))
                    if lemma in glosses[j] or stem(lemma) in stems[j]]
            free = [j for j in hits if not cov.zh_links[j]]
            rank = (2 if free else 1 if hits else 0, cand_freq)
            if best is None or rank > best[0]:
                zh_word = cov.zh[(free or hits)[0]].text if hits else ""
                best = (rank, Suspect(pair.index, w.start, w.end, w.text, cand, zh_word,
                                      bool(free)))
        if best is not None:
            out.append(best[1])
    return out


def measure_gains(pairs: Sequence[Pair], suspects: Sequence[Suspect],
                  encoder: Encoder) -> list[Suspect]:
    """Each suspect with its similarity gain, all pairs encoded in one batch."""
    if not suspects:
        return []
    by_index = {p.index: p for p in pairs}
    texts: dict[str, int] = {}  # each distinct text encoded once
    rows = []
    for s in suspects:
        p = by_index[s.pair]
        alt = p.en[:s.start] + s.neighbour + p.en[s.end:]
        rows.append([texts.setdefault(t, len(texts)) for t in (p.en, p.zh, alt)])
    vecs = np.asarray(encoder.encode(list(texts)), dtype=np.float32)
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
    out = []
    for s, (i_en, i_zh, i_alt) in zip(suspects, rows, strict=True):
        gain = float(vecs[i_alt] @ vecs[i_zh] - vecs[i_en] @ vecs[i_zh])
        out.append(Suspect(s.pair, s.start, s.end, s.word, s.neighbour, s.zh_word, s.zh_free,
                           gain))
    return out


def counterfactual_slips(pairs: Sequence[Pair], dictionary: Dictionary,
                         encoder: Encoder | None, config: CounterfactualConfig,
                         skip: dict[int, frozenset[int]] | None = None
                         ) -> list[tuple[float, Suspect]]:
    """(score, suspect) for every English word a neighbour explains better."""
    skip = skip or {}
    suspects = [s for p in pairs
                for s in pair_suspects(p, cover_pair(p.en, p.zh, dictionary), dictionary,
                                       config, skip.get(p.index, frozenset()))]
    if encoder is None:
        return [(config.score_no_encoder, s) for s in suspects if s.zh_word]
    out = []
    for s in measure_gains(pairs, suspects, encoder):
        if s.zh_word and s.gain >= config.min_similarity_gain:
            score = config.score_free if s.zh_free else config.score_rendered
        elif not s.zh_word and s.gain >= config.min_gain_unexplained:
            score = config.score_unexplained
        else:
            continue
        if edit_distance(s.word.lower(), s.neighbour) > 1:
            score = min(score, config.score_two_edits)
        out.append((score, s))
    return out
