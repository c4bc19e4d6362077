"""Omission and addition check: content one side has and the other lacks.

Two kinds, both directions.  (a) A whole sentence left unmatched by the
aligner (a pair with an empty side) — unless it is only a heading or
fragment, or the neighbouring pair's other side already renders it (then
the aligner, not the translator, split things apart).  (b) A clause inside a
linked pair whose content words the other side does not cover at all while
the rest of the pair is well covered.  Category "omission": the Chinese has
content the English lacks; "addition": the English has content the Chinese
lacks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from bialign.checks import CheckConfig, CheckResources, severity_for
from bialign.checks.coverage import Coverage, Word, cover_pair
from bialign.checks.dictionary import Dictionary
from bialign.records import Finding, Pair

if TYPE_CHECKING:
    from bialign.encoders import Encoder

_CLAUSE_BREAK = {"en": re.compile(r"[,;:()]|\s[-–—]\s"), "zh": re.compile(r"[，,；;：:、（）()]")}


@dataclass(frozen=True)
class OmissionConfig:
    """Thresholds (calibrated on MAC-Dev gold pairs, MQM omission rows and
    clauses dropped from real parallel text)."""

    unmatched_score: float = 0.85
    fragment_score: float = 0.4  # headings and fragments: info
    min_sentence_words: int = 4  # content words below which a sentence is a fragment
    neighbour_cosine: float = 0.5  # encoder cosine above which a neighbour renders it
    neighbour_coverage: float = 0.6  # dictionary coverage above which a neighbour renders it
    explained_factor: float = 0.4
    # Neither signal separates a dropped clause from a freely translated one
    # well enough to warn (bench/perturb.py pairs: dictionary alone flags 1.2 %
    # of clean pairs for 1-2 % recall; with the encoder's leave-one-clause-out
    # gain > 0.037 it flags 5.4 % for 33 % / 52 % recall of omissions /
    # additions), so clause findings stay "info": a pointer, not an alarm.
    min_clause_words: int = 3  # content words a clause needs to be judged
    max_clause_coverage: float = 0.0  # a clause this covered or less is missing
    min_rest_coverage: float = 0.7  # without an encoder: the rest must be this covered
    min_similarity_gain: float = 0.037  # cosine gained by leaving the clause out
    clause_score: float = 0.3
    clause_gain: float = 1.0  # score added per unit of similarity gain
    max_clause_score: float = 0.45


@dataclass(frozen=True)
class Clause:
    """``text`` is ``side[start:end]``."""

    text: str
    start: int
    end: int


def split_clauses(text: str, lang: str) -> list[Clause]:
    """Clauses between punctuation marks, whitespace trimmed."""
    clauses, start = [], 0
    for m in [*_CLAUSE_BREAK[lang].finditer(text), None]:
        end = m.start() if m else len(text)
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            offset = start + piece.index(stripped)
            clauses.append(Clause(stripped, offset, offset + len(stripped)))
        if m:
            start = m.end()
    return clauses


def _in_clause(words: Sequence[Word], clause: Clause) -> list[int]:
    return [i for i, w in enumerate(words) if clause.start <= w.start and w.end <= clause.end]


def _uncovered_clauses(pair: Pair, cov: Coverage, lang: str,
                       config: OmissionConfig) -> list[tuple[Clause, float]]:
    """(clause, coverage of the rest) for clauses of one side none of whose
    content words the other side covers."""
    words, links = (cov.en, cov.en_links) if lang == "en" else (cov.zh, cov.zh_links)
    clauses = split_clauses(pair.en if lang == "en" else pair.zh, lang)
    out: list[tuple[Clause, float]] = []
    if len(clauses) < 2:
        return out
    for clause in clauses:
        inside = _in_clause(words, clause)
        if len(inside) < config.min_clause_words:
            continue
        covered = sum(1 for i in inside if links[i]) / len(inside)
        rest = [i for i in range(len(words)) if i not in set(inside)]
        rest_cov = sum(1 for i in rest if links[i]) / len(rest) if rest else 0.0
        if covered <= config.max_clause_coverage:
            out.append((clause, rest_cov))
    return out


def _similarity_gains(pair: Pair, lang: str, clauses: Sequence[Clause],
                      encoder: Encoder) -> list[float]:
    """How much closer to the other side each clause's side gets without it."""
    text, other = (pair.en, pair.zh) if lang == "en" else (pair.zh, pair.en)
    variants = [text[: c.start] + text[c.end:] for c in clauses]
    vectors = encoder.encode([other, text, *variants])
    sims = vectors[1:] @ vectors[0]
    return [float(s - sims[0]) for s in sims[1:]]


def _clause_gaps(pair: Pair, cov: Coverage, lang: str, config: OmissionConfig,
                 encoder: Encoder | None = None) -> list[tuple[float, Clause]]:
    """Scored clauses of one side that the other side seems not to render."""
    candidates = _uncovered_clauses(pair, cov, lang, config)
    if not candidates:
        return []
    if encoder is None:
        return [(config.clause_score, c) for c, rest in candidates
                if rest >= config.min_rest_coverage]
    gains = _similarity_gains(pair, lang, [c for c, _ in candidates], encoder)
    return [(min(config.max_clause_score, config.clause_score + config.clause_gain * g), c)
            for (c, _), g in zip(candidates, gains, strict=True)
            if g > config.min_similarity_gain]


def _neighbour_texts(pairs: Sequence[Pair], k: int, other: str) -> list[str]:
    texts = []
    for n in (k - 1, k + 1):
        if 0 <= n < len(pairs):
            text = pairs[n].zh if other == "zh" else pairs[n].en
            if text.strip():
                texts.append(text)
    return texts


def _explained_by_neighbour(text: str, lang: str, neighbours: Sequence[str],
                            resources: CheckResources, config: OmissionConfig) -> bool:
    """True if a neighbouring pair's other side already renders ``text``."""
    if not neighbours:
        return False
    if resources.encoder is not None:
        vectors = resources.encoder.encode([text, *neighbours])
        if float(np.max(vectors[1:] @ vectors[0])) >= config.neighbour_cosine:
            return True
    for other in neighbours:
        en, zh = (text, other) if lang == "en" else (other, text)
        cov = cover_pair(en, zh, resources.dictionary)
        if (cov.en_ratio() if lang == "en" else cov.zh_ratio()) >= config.neighbour_coverage:
            return True
    return False


def _content_size(text: str, lang: str, dictionary: Dictionary) -> int:
    cov = cover_pair(text, "", dictionary) if lang == "en" else cover_pair("", text, dictionary)
    return len(cov.en) if lang == "en" else len(cov.zh)


class OmissionCheck:
    """Unmatched sentences and uncovered clauses, in both directions."""

    name = "omission"

    def __init__(self, config: OmissionConfig = OmissionConfig()) -> None:
        self.config = config

    def run(self, pairs: Sequence[Pair], resources: CheckResources,
            config: CheckConfig) -> list[Finding]:
        findings: list[Finding] = []
        for k, pair in enumerate(pairs):
            has_en, has_zh = bool(pair.en.strip()), bool(pair.zh.strip())
            if has_en != has_zh:
                findings.append(self.unmatched(pairs, k, resources, config))
            elif has_en:
                findings.extend(self.clauses(pair, resources, config))
        return findings

    def unmatched(self, pairs: Sequence[Pair], k: int, resources: CheckResources,
                  config: CheckConfig) -> Finding:
        """The finding for a sentence the aligner left without a counterpart."""
        pair, cfg = pairs[k], self.config
        lang = "en" if pair.en.strip() else "zh"
        text = (pair.en if lang == "en" else pair.zh).strip()
        score = cfg.unmatched_score
        if _content_size(text, lang, resources.dictionary) < cfg.min_sentence_words:
            score = min(score, cfg.fragment_score)
        neighbours = _neighbour_texts(pairs, k, "zh" if lang == "en" else "en")
        if _explained_by_neighbour(text, lang, neighbours, resources, cfg):
            score *= cfg.explained_factor
        if lang == "en":
            return Finding(category="addition", severity=severity_for(score, config),
                           score=score, link=pair.index, en_evidence=text,
                           message=f'The English sentence "{_short(text)}" has no counterpart '
                                   "in the Chinese.")
        return Finding(category="omission", severity=severity_for(score, config), score=score,
                       link=pair.index, zh_evidence=text,
                       message=f"The Chinese sentence {_short(text)} is not rendered in the "
                               "English.")

    def clauses(self, pair: Pair, resources: CheckResources,
                config: CheckConfig) -> list[Finding]:
        """Clauses of a linked pair that the other side does not render."""
        cov = cover_pair(pair.en, pair.zh, resources.dictionary)
        encoder = resources.encoder
        out = []
        for score, clause in _clause_gaps(pair, cov, "en", self.config, encoder):
            out.append(Finding(
                category="addition", severity=severity_for(score, config), score=score,
                link=pair.index, en_evidence=clause.text,
                message=f'The English "{_short(clause.text)}" has no counterpart in the '
                        "Chinese, which renders the rest of the sentence."))
        for score, clause in _clause_gaps(pair, cov, "zh", self.config, encoder):
            out.append(Finding(
                category="omission", severity=severity_for(score, config), score=score,
                link=pair.index, zh_evidence=clause.text,
                message=f"The Chinese {_short(clause.text)} is not rendered in the English, "
                        "which renders the rest of the sentence."))
        return out


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


CHECK = OmissionCheck()
