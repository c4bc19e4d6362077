"""Pair-level coverage signals of the score: the weakest English clause and
the English content words the dictionary finds nothing for."""

from __future__ import annotations

import pytest

from bialign.checks import CheckResources
from bialign.checks.scoring import logistic, pair_features, score_pairs
from bialign.checks.scoring_clauses import (
    clauses,
    uncovered_words,
    unlinked_word_gain,
    weakest_clause,
)
from bialign.records import Pair
from tests.fakes import FakeEncoder

ZH = "双方同意在数字经济领域开展合作。"


def _pair(index: int, en: str, zh: str, similarity: float = 0.9) -> Pair:
    return Pair(index=index, en=en, zh=zh, similarity=similarity)


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("The cat eats fish, the dog sleeps.", "en", ["The cat eats fish", "the dog sleeps."]),
    ("猫吃鱼，狗睡。", "zh", ["猫吃鱼", "狗睡。"]),
    ("The cat eats fish.", "en", ["The cat eats fish."]),
    ("  猫吃鱼  ", "zh", ["猫吃鱼"]),
])
def test_clauses(text: str, lang: str, expected: list[str]) -> None:
    assert clauses(text, lang) == expected


def test_weakest_clause_finds_unrendered_clause() -> None:
    rendered = _pair(0, "The cat eats fish, the dog sleeps.", "猫吃鱼，狗睡。")
    added = _pair(1, "The cat eats fish, the old car runs in the rain.", "猫吃鱼，狗睡。")
    encoder = FakeEncoder()
    ok, bad = weakest_clause([rendered, added], encoder)
    assert ok > 0.5  # every English clause has its Chinese clause
    assert bad < 0.2  # "the old car runs in the rain" has none
    assert encoder.calls == 1  # one batch for the whole document


@pytest.mark.parametrize(("pair", "encoder", "expected"), [
    (_pair(0, "The cat eats fish.", "猫吃鱼。", 0.42), FakeEncoder(), 0.42),  # no split
    (_pair(0, "The cat eats fish.", "猫吃鱼，狗睡。", 0.42), FakeEncoder(), 0.42),  # English whole
    (_pair(0, "The cat eats fish, the dog sleeps.", "猫吃鱼，狗睡。", 0.42), None, 0.42),
    (_pair(0, "The cat eats fish, the dog sleeps.", "", 0.0), FakeEncoder(), 0.0),
])
def test_weakest_clause_falls_back(pair: Pair, encoder: FakeEncoder | None,
                                   expected: float) -> None:
    assert weakest_clause([pair], encoder) == [pytest.approx(expected)]


@pytest.mark.parametrize(("en", "expected"), [
    ("The parties agree to cooperate on the digital economy.", 0),
    ("The parties agree to cooperate on the digital economy and on bananas.", 1),
    ("The parties strongly agree to cooperate closely on the digital economy.", 2),
])
def test_uncovered_words(en: str, expected: int) -> None:
    dictionary = CheckResources().dictionary
    assert uncovered_words(_pair(0, en, ZH), dictionary) == expected


def test_features_rise_with_uncovered_content() -> None:
    pairs = [_pair(0, "The cat eats fish, the dog sleeps.", "猫吃鱼，狗睡。"),
             _pair(1, "The cat eats fish, the old car runs in the rain.", "猫吃鱼，狗睡。"),
             _pair(2, "The cat eats fish, the dog sleeps.", "猫吃鱼，狗睡。")]
    resources = CheckResources(encoder=FakeEncoder(), doc_similarities=[0.9, 0.9, 0.9])
    ok, bad, _ = pair_features(pairs, [], resources)
    assert bad.values["weak_clause"] > ok.values["weak_clause"]
    assert bad.values["uncovered_words"] > ok.values["uncovered_words"]


def test_without_coverage_nothing_is_encoded() -> None:
    pairs = [_pair(0, "The cat eats fish, the old car runs in the rain.", "猫吃鱼，狗睡。")]
    encoder = FakeEncoder()
    resources = CheckResources(encoder=encoder, doc_similarities=[0.9])
    [features] = pair_features(pairs, [], resources, coverage=False)
    assert features.values["weak_clause"] == features.values["uncovered_words"] == 0.0
    assert encoder.calls == 0
    assert score_pairs(pairs, [], resources, coverage=False) == [
        pytest.approx(logistic(features))]


def test_unlinked_word_gain_finds_unrendered_chinese_word() -> None:
    """火箭 ("rocket") has no English counterpart: dropping it brings the Chinese
    closer to the English.  A faithful pair, one-sided pairs and a single
    unlinked character (鹅 "goose": MIN_GAIN_WORD_CHARS) give nothing."""
    dictionary = CheckResources().dictionary
    encoder = FakeEncoder()
    pairs = [_pair(0, "The cat eats fish.", "猫吃鱼。"),
             _pair(1, "The cat eats fish.", "猫吃火箭鱼。"),
             _pair(2, "The cat eats fish.", ""),
             _pair(3, "The cat eats fish.", "猫吃鹅和鱼。")]
    faithful, added, one_sided, single = unlinked_word_gain(pairs, encoder, dictionary)
    assert faithful == 0.0
    assert added > 0.05
    assert one_sided == 0.0
    assert single == 0.0
    assert encoder.calls == 1  # one batch for the whole document


def test_unlinked_word_gain_without_encoder() -> None:
    pair = _pair(0, "The cat eats fish.", "猫吃火箭鱼。")
    assert unlinked_word_gain([pair], None, CheckResources().dictionary) == [0.0]
