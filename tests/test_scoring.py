"""Pair scores: one 0..1 value per pair, in order, moved the right way by each
kind of evidence (findings, low similarity, one-sided pairs)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bialign.checks import CheckResources
from bialign.checks.scoring import (
    BIAS,
    FEATURE_WEIGHTS,
    ONE_SIDED_DEFAULT,
    PairFeatures,
    logistic,
    pair_features,
    score_pairs,
)
from bialign.records import Finding, Pair

EN = "The parties agree to cooperate on the digital economy."
ZH = "双方同意在数字经济领域开展合作。"


@pytest.fixture(scope="module")
def resources() -> CheckResources:
    """A document whose links sit around 0.70."""
    return CheckResources(doc_similarities=[0.68, 0.70, 0.72, 0.70, 0.69, 0.71])


def _finding(category: str, link: int, score: float) -> Finding:
    return Finding(category=category, severity="warning", score=score, link=link, message="m")


def _pairs(*sims: float) -> list[Pair]:
    return [Pair(index=i, en=EN, zh=ZH, similarity=s) for i, s in enumerate(sims)]


def test_logistic_hand_computed() -> None:
    features = PairFeatures(dict.fromkeys(FEATURE_WEIGHTS, 0.0), {})
    assert logistic(features) == pytest.approx(1 / (1 + math.exp(-BIAS)))


def test_empty() -> None:
    assert score_pairs([], [], CheckResources()) == []


@pytest.mark.parametrize(("category", "score"), [("number", 0.9), ("negation", 0.85),
                                                 ("wrong_word", 0.95), ("entity", 0.9)])
def test_finding_raises_score(resources: CheckResources, category: str, score: float) -> None:
    pairs = _pairs(0.70, 0.70)
    scores = score_pairs(pairs, [_finding(category, 1, score)], resources)
    assert scores[1] > scores[0]


def test_lower_similarity_raises_score(resources: CheckResources) -> None:
    high, low = score_pairs(_pairs(0.70, 0.30), [], resources)
    assert low > high


@pytest.mark.parametrize(("pair", "findings", "expected"), [
    (Pair(index=0, en=EN, zh=""), [_finding("omission", 0, 0.85)], 0.85),
    (Pair(index=0, en="", zh=ZH), [_finding("omission", 0, 0.4), _finding("drift", 0, 0.3)],
     0.4),
    (Pair(index=0, en=EN, zh=""), [], ONE_SIDED_DEFAULT),
])
def test_one_sided(resources: CheckResources, pair: Pair, findings: list[Finding],
                   expected: float) -> None:
    assert score_pairs([pair], findings, resources) == [pytest.approx(expected)]


def test_features_in_pair_order(resources: CheckResources) -> None:
    pairs = _pairs(0.70, 0.20)
    feats = pair_features(pairs, [_finding("number", 0, 0.9)], resources)
    assert feats[0].findings == {"number": 0.9}
    assert feats[1].findings == {}
    assert feats[1].values["low_similarity"] > feats[0].values["low_similarity"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", EN, "No.", "Article 3 of the treaty"]),
                          st.sampled_from(["", ZH, "第三条"]), st.floats(-1.0, 1.0)),
                max_size=12),
       st.lists(st.tuples(st.integers(0, 11), st.floats(0.0, 1.0)), max_size=5))
def test_one_score_per_pair_in_range(resources: CheckResources,
                                     rows: list[tuple[str, str, float]],
                                     found: list[tuple[int, float]]) -> None:
    pairs = [Pair(index=i, en=e, zh=z, similarity=s) for i, (e, z, s) in enumerate(rows)]
    findings = [_finding("number", link, s) for link, s in found if link < len(pairs)]
    scores = score_pairs(pairs, findings, resources)
    assert len(scores) == len(pairs)
    assert all(0.0 <= s <= 1.0 for s in scores)


@pytest.mark.parametrize(("severity", "score", "at_least"), [
    ("error", 0.9, 0.9),  # a flagged pair scores at least its finding
    ("warning", 0.6, 0.6),
    ("info", 0.45, 0.0),  # notes do not set a floor
])
def test_flagged_pair_floor(resources: CheckResources, severity: str, score: float,
                            at_least: float) -> None:
    finding = Finding(category="omission", severity=severity, score=score, link=0, message="m")
    [value] = score_pairs(_pairs(0.70), [finding], resources)
    assert value >= at_least
    assert value < 0.9 or severity == "error"
