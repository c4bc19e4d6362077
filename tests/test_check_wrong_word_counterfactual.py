"""Counterfactual wrong-word test: hand-made pairs with a tiny fake encoder."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from bialign.checks import CheckConfig, CheckResources
from bialign.checks.dictionary import load_dictionary
from bialign.checks.wrong_word import CHECK
from bialign.checks.wrong_word_counterfactual import (
    CounterfactualConfig,
    edit_distance,
    neighbours,
)
from bialign.records import Pair

CFG = CheckConfig()


class PreferringEncoder:
    """Chinese text -> e1; English containing ``word`` close to it (cos 0.9),
    any other English further away (cos 0.5)."""

    name, version, dim = "fake", "0", 3

    def __init__(self, word: str) -> None:
        self.word = word

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        rows = [[1.0, 0.0, 0.0] if any("\u4e00" <= c <= "\u9fff" for c in t)
                else [0.9, 0.436, 0.0] if self.word in t else [0.5, 0.866, 0.0]
                for t in texts]
        return np.asarray(rows, dtype=np.float32)


def findings(en: str, zh: str, preferred: str | None):
    resources = CheckResources(encoder=PreferringEncoder(preferred) if preferred else None)
    return [f for f in CHECK.run([Pair(0, en, zh)], resources, CFG)
            if f.suggestion and f.en_evidence != f.suggestion]


@pytest.mark.parametrize("en, zh, wrong, zh_word, right, severity", [
    # a Chinese word (inside an unlisted run: 非常高兴) glosses the neighbour
    ("She was very sappy to see her mother again.", "她再次见到母亲非常高兴。",
     "sappy", "非常高兴", "happy", "error"),
    ("It was a greet honour for the family.", "这是家族的莫大荣誉。",
     "greet", "莫大", "great", "error"),
    # the glossing word also renders another English word ("early" for 早上): weaker
    ("He left early in the moaning.", "他早上很早就走了。", "moaning", "早上", "morning",
     "warning"),
])
def test_found_with_dictionary_and_encoder(en, zh, wrong, zh_word, right, severity) -> None:
    got = findings(en, zh, right)
    assert [(f.en_evidence, f.zh_evidence, f.suggestion, f.severity) for f in got] == \
        [(wrong, zh_word, right, severity)]
    assert wrong in got[0].message and right in got[0].message


def test_found_by_the_encoder_alone_is_a_warning() -> None:
    # 信 "letter" is one character: too loose a gloss to count as evidence
    got = findings("The clerk wrote a long litter to his mother.", "书记员给母亲写了一封长信。",
                   "letter")
    assert [(f.en_evidence, f.zh_evidence, f.suggestion, f.severity) for f in got] == \
        [("litter", "", "letter", "warning")]


@pytest.mark.parametrize("en, zh, preferred", [
    # the right word: covered by the dictionary, nothing to test
    ("She was very happy to see her mother again.", "她再次见到母亲非常高兴。", "sappy"),
    # the encoder does not prefer the neighbour
    ("He left early in the moaning.", "他早上很早就走了。", "nothing-matches"),
    # another ending of the same word: the Chinese cannot tell them apart
    ("She arrives home yesterday.", "她昨天到家了。", "arrived"),
    # a capitalised word is a name
    ("Mr Sappy was very glad.", "萨皮先生很高兴。", "Happy"),
])
def test_not_found(en, zh, preferred) -> None:
    assert [f for f in findings(en, zh, preferred) if f.severity != "info"] == []


def test_without_an_encoder_dictionary_evidence_is_info_only() -> None:
    got = findings("She was very sappy to see her mother again.", "她再次见到母亲非常高兴。",
                   None)
    assert [(f.en_evidence, f.suggestion, f.severity) for f in got] == \
        [("sappy", "happy", "info")]


def test_neighbours_one_edit_and_two_at_the_end() -> None:
    vocab = load_dictionary().vocabulary
    config = CounterfactualConfig()
    assert "happy" in neighbours("sappy", vocab, config)
    assert "principles" in neighbours("principals", vocab, config)  # two substitutions
    assert "principles" not in neighbours("prinxipals", vocab, config)


@pytest.mark.parametrize("a, b, d", [
    ("sappy", "happy", 1), ("form", "from", 1), ("principals", "principles", 2),
    ("litter", "liter", 1),
])
def test_edit_distance(a, b, d) -> None:
    assert edit_distance(a, b) == d
