"""Omission and addition check: content one side has and the other lacks.

Two kinds, both directions.  (a) A whole sentence left unmatched by the
aligner (a pair with an empty side) — unless it is only a heading or
fragment, or the neighbouring pair's other side already renders it (then
the aligner, not the translator, split things apart).  (b) A sentence or
clause inside a linked pair that the other side does not render: with an
encoder, the unit the model of ``omission_units`` scores highest (leave-one-
out similarity, the unit's own similarity, dictionary coverage, the pair's
length ratio against the document's); without one, a clause none of whose
content words the dictionary finds on the other side (info only).
Category "omission": the Chinese has content the English lacks; "addition":
the English has content the Chinese lacks.
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
from bialign.checks.drift import Spread
from bialign.checks.omission_units import (
    ScoredUnit,
    UnitPlan,
    plan_units,
    ratio_spread,
    score_plan,
    split_at,
)
from bialign.checks.omission_units import Unit as Clause
from bialign.records import Finding, Pair

if TYPE_CHECKING:
    from bialign.encoders import Encoder

PLAN_PAIRS = 256  # pairs whose units are encoded in one call (~2,000 strings, ~4 MB)
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
    # With an encoder: a unit scored (``omission_units``) at least this is
    # reported, as info below CheckConfig.min_warning_score.
    min_unit_score: float = 0.2
    # Without an encoder, clause findings stay "info": dictionary coverage
    # alone does not separate a dropped clause from a freely translated one
    # (bench/perturb.py pairs: it flags 1.2 % of clean pairs for 1-2 % recall).
    min_clause_words: int = 3  # content words a clause needs to be judged
    max_clause_coverage: float = 0.0  # a clause this covered or less is missing
    min_rest_coverage: float = 0.7  # the rest of the pair must be this covered
    clause_score: float = 0.3


def split_clauses(text: str, lang: str) -> list[Clause]:
    """Clauses between punctuation marks, whitespace trimmed."""
    return split_at(text, _CLAUSE_BREAK[lang])


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


def _clause_gaps(pair: Pair, cov: Coverage, lang: str,
                 config: OmissionConfig) -> list[tuple[float, Clause]]:
    """Scored clauses of one side that the dictionary finds nowhere in the other."""
    return [(config.clause_score, c) for c, rest in _uncovered_clauses(pair, cov, lang, config)
            if rest >= config.min_rest_coverage]


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
        spread = ratio_spread(pairs)
        planned: dict[int, tuple[UnitPlan, np.ndarray]] = {}
        planned_until = 0  # pairs before this index have been planned
        for k, pair in enumerate(pairs):
            has_en, has_zh = bool(pair.en.strip()), bool(pair.zh.strip())
            if has_en != has_zh:
                findings.append(self.unmatched(pairs, k, resources, config))
            elif has_en and resources.encoder is not None and spread is not None:
                if k >= planned_until:
                    planned = _planned_vectors(pairs, k, resources.encoder, spread)
                    planned_until = k + PLAN_PAIRS
                if k in planned:
                    findings.extend(self.units(pair, *planned[k], spread, resources, config))
            elif has_en:
                findings.extend(self.clauses(pair, resources, config))
        return findings

    def units(self, pair: Pair, plan: UnitPlan, vectors: np.ndarray, spread: Spread,
              resources: CheckResources, config: CheckConfig) -> list[Finding]:
        """The pair's highest-scoring unexplained unit, if it scores high enough."""
        cov = cover_pair(pair.en, pair.zh, resources.dictionary)
        scored = score_plan(pair, cov, plan, vectors, spread)
        if not scored:
            return []
        top = max(scored, key=lambda s: s.score)
        if top.score < self.config.min_unit_score:
            return []
        return [_unit_finding(pair, top, config)]

    def unmatched(self, pairs: Sequence[Pair], k: int, resources: CheckResources,
                  config: CheckConfig) -> Finding:
        """The finding for a sentence the aligner left without a counterpart."""
        pair, cfg = pairs[k], self.config
        lang = "en" if pair.en.strip() else "zh"
        text = (pair.en if lang == "en" else pair.zh).strip()
        score = cfg.unmatched_score
        if pair.heading or _content_size(text, lang, resources.dictionary) < \
                cfg.min_sentence_words:
            score = min(score, cfg.fragment_score)  # a title or a fragment: info
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
        """Without an encoder: clauses of a linked pair whose content words the
        other side does not cover (info)."""
        cov = cover_pair(pair.en, pair.zh, resources.dictionary)
        out = []
        for score, clause in _clause_gaps(pair, cov, "en", self.config):
            out.append(Finding(
                category="addition", severity=severity_for(score, config), score=score,
                link=pair.index, en_evidence=clause.text,
                message=f'The English "{_short(clause.text)}" has no counterpart in the '
                        "Chinese, which renders the rest of the sentence."))
        for score, clause in _clause_gaps(pair, cov, "zh", self.config):
            out.append(Finding(
                category="omission", severity=severity_for(score, config), score=score,
                link=pair.index, zh_evidence=clause.text,
                message=f"The Chinese {_short(clause.text)} is not rendered in the English, "
                        "which renders the rest of the sentence."))
        return out


def _planned_vectors(pairs: Sequence[Pair], first: int, encoder: Encoder, spread: Spread
                     ) -> dict[int, tuple[UnitPlan, np.ndarray]]:
    """Plans and their vectors for the two-sided pairs from ``first`` on, up to
    ``PLAN_PAIRS`` of them, encoded in one call (thousands of small calls, one
    a pair, cost a long document a third of its encoding time)."""
    plans: dict[int, UnitPlan] = {}
    for k in range(first, min(len(pairs), first + PLAN_PAIRS)):
        pair = pairs[k]
        if pair.en.strip() and pair.zh.strip():
            plan = plan_units(pair, spread)
            if plan is not None:
                plans[k] = plan
    texts = list(dict.fromkeys(t for plan in plans.values() for t in plan.texts))
    if not texts:
        return {}
    row = {t: i for i, t in enumerate(texts)}
    vectors = np.asarray(encoder.encode(texts), dtype=np.float32)
    return {k: (plan, vectors[[row[t] for t in plan.texts]]) for k, plan in plans.items()}


def _unit_finding(pair: Pair, top: ScoredUnit, config: CheckConfig) -> Finding:
    text, score = top.unit.text, top.score
    own, rest = top.features["own"], top.features["pair_cosine"] + top.features["gain"]
    detail = f"(similarity {own:.2f} to it, while the rest matches at {rest:.2f})"
    if top.lang == "en":
        return Finding(category="addition", severity=severity_for(score, config), score=score,
                       link=pair.index, en_evidence=text,
                       message=f'The English "{_short(text)}" seems to have no counterpart in '
                               f"the Chinese {detail}.")
    return Finding(category="omission", severity=severity_for(score, config), score=score,
                   link=pair.index, zh_evidence=text,
                   message=f"The Chinese {_short(text)} seems not to be rendered in the English "
                           f"{detail}.")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


CHECK = OmissionCheck()
