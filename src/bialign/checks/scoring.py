"""One 0..1 score per pair: how likely the two sides differ in meaning.

The score combines, in a logistic model, the strongest finding of each
category on the pair, the pair's similarity against the file's own links
(robust z-score), its length ratio against the file's median ratio, and the
English length (longer sentences hold more errors).  Dictionary coverage
(``checks/coverage.py``) was tried and left out: on the MQM dev set it added
under 0.005 AUC, for about 13 ms a pair, more than all the other features.
``bialign check`` writes the score as column ``score``; the report shows it
beside each pair.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from bialign.checks import CheckResources
from bialign.checks.drift import (
    MIN_RATIO_SPREAD,
    MIN_SIMILARITY_SPREAD,
    length_ratio,
    robust_spread,
)
from bialign.records import Finding, Pair

# Logistic-regression coefficients, fitted with Newton steps (L2 penalty 1.0)
# on all 2,000 rows of the MQM zh-en dev set (label = major accuracy error),
# features as in ``pair_features``.  One command refits them and rewrites the
# block between the FITTED markers, with its cross-validated AUC:
#     python bench/bench_mqm.py --fit --write
# Refit there after changing a check.  Category weights are kept >= 0 (a finding
# never lowers a score): a category whose weight came out negative is dropped
# from the fit (weight 0); a category that made no finding on MQM gets
# UNSEEN_CATEGORY_WEIGHT, the mean of the seen categories.
# Terminology's large weight reflects the MQM set's many translations of one
# source sentence: a term rendered differently from the other rows is often wrong.
# Features: low_similarity = robust SDs below the file's median similarity
# (signed); log_length = log(English characters + 1), long sentences hide more
# errors; ratio = robust z of log(zh chars / en chars) against the file's median.
# BEGIN FITTED
# Fitted 2026-11-29 with the checks then present; 5-fold cross-validated AUC:
# 0.756 all rows, 0.720 human references, 0.714 news, 0.749 ted
# (similarity alone, 1 - cosine: 0.593).
BIAS = -5.903
FEATURE_WEIGHTS: dict[str, float] = {
    "low_similarity": 0.409,
    "log_length": 1.192,
    "ratio": 0.103,
}
# Weight of the strongest finding score of each category on the pair.
CATEGORY_WEIGHTS: dict[str, float] = {
    "omission": 0.000,
    "addition": 0.000,
    "number": 0.511,
    "negation": 1.002,
    "wrong_word": 0.696,
    "terminology": 3.932,
    "drift": 0.000,
    "entity": 1.223,
}
# No finding on MQM, so UNSEEN_CATEGORY_WEIGHT: untranslated.
UNSEEN_CATEGORY_WEIGHT = 0.920  # the mean of the seen categories
# END FITTED
# MQM has no unmatched sentences, so the model knows nothing about them: a
# one-sided pair scores its strongest finding (the omission check's calibrated
# score), or this when no check spoke about it.
ONE_SIDED_DEFAULT = 0.5


@dataclass(frozen=True)
class PairFeatures:
    """What the score is computed from, for one pair: ``values`` by the names
    of ``FEATURE_WEIGHTS``, ``findings`` the strongest score per category."""

    values: dict[str, float]
    findings: dict[str, float]

    def vector(self, categories: Sequence[str]) -> list[float]:
        """Values in FEATURE_WEIGHTS order, then one finding score per category."""
        return [self.values[n] for n in FEATURE_WEIGHTS] + [
            self.findings.get(c, 0.0) for c in categories]


def pair_features(pairs: Sequence[Pair], findings: Sequence[Finding],
                  resources: CheckResources) -> list[PairFeatures]:
    """The features of each pair, in the order of ``pairs``.

    One-sided pairs carry only their findings (their similarity and ratio
    mean nothing).
    """
    strongest: dict[int, dict[str, float]] = {}
    for f in findings:
        per = strongest.setdefault(f.link, {})
        per[f.category] = max(per.get(f.category, 0.0), f.score)
    two_sided = [p for p in pairs if p.en and p.zh]
    sims = list(resources.doc_similarities) or [p.similarity for p in two_sided]
    ratios = [length_ratio(p.en, p.zh) for p in two_sided]
    sim_spread = robust_spread(sims, MIN_SIMILARITY_SPREAD) if sims else None
    ratio_spread = robust_spread(ratios, MIN_RATIO_SPREAD) if ratios else None
    out = []
    for pair in pairs:
        found = strongest.get(pair.index, {})
        if not (pair.en and pair.zh) or sim_spread is None or ratio_spread is None:
            out.append(PairFeatures(dict.fromkeys(FEATURE_WEIGHTS, 0.0), found))
            continue
        sim_z = sim_spread.z(pair.similarity)
        ratio_z = ratio_spread.z(length_ratio(pair.en, pair.zh))
        out.append(PairFeatures({
            "low_similarity": -sim_z, "log_length": math.log(len(pair.en) + 1),
            "ratio": ratio_z}, found))
    return out


def logistic(features: PairFeatures) -> float:
    """The model's probability for one pair's features."""
    z = BIAS + sum(FEATURE_WEIGHTS[n] * v for n, v in features.values.items())
    z += sum(CATEGORY_WEIGHTS.get(c, UNSEEN_CATEGORY_WEIGHT) * s
             for c, s in features.findings.items())
    return 1.0 / (1.0 + math.exp(-z))


def score_pairs(pairs: Sequence[Pair], findings: Sequence[Finding],
                resources: CheckResources) -> list[float]:
    """One 0..1 score per pair (same order): how likely its sides differ in meaning.

    ``pairs`` arrive with ``similarity`` filled; ``findings`` are those of
    ``run_checks`` after ``drop_explained``.
    """
    flagged: dict[int, float] = {}
    for f in findings:
        if f.severity != "info":
            flagged[f.link] = max(flagged.get(f.link, 0.0), f.score)
    scores = []
    for pair, features in zip(pairs, pair_features(pairs, findings, resources), strict=True):
        if pair.en and pair.zh:
            # A pair never scores below its own warning or error: the report
            # would otherwise rank a flagged pair under unflagged ones.
            scores.append(max(logistic(features), flagged.get(pair.index, 0.0)))
        else:
            scores.append(max(features.findings.values(), default=ONE_SIDED_DEFAULT))
    return scores
