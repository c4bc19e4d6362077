"""Counterfactual wrong-word test: hand-made pairs with a tiny fake encoder."""

from __future__ import annotations

import pytest

from bialign.checks import CheckConfig, CheckResources, severity_for, wrong_word_prior
from bialign.checks.dictionary import load_dictionary
from bialign.checks.wrong_word import CHECK, WrongWordCheck
from bialign.checks.wrong_word_context import ContextConfig
from bialign.checks.wrong_word_counterfactual import (
    CounterfactualConfig,
    Suspect,
    compound_swap,
    counterfactual_score,
    edit_distance,
    neighbours,
    regular_forms,
)
from bialign.records import Pair
from tests.fakes import PreferringEncoder

CFG = CheckConfig()
# The counterfactual tests alone: the context test (wrong_word_context) off.
NO_CONTEXT = WrongWordCheck(context=ContextConfig(min_lm_gain=float("inf"),
                                                  min_lm_gain_glossed=float("inf")))


def findings(en: str, zh: str, preferred: str | None):
    resources = CheckResources(encoder=PreferringEncoder(preferred) if preferred else None)
    return [f for f in NO_CONTEXT.run([Pair(0, en, zh)], resources, CFG)
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


def test_found_through_a_character_is_a_warning() -> None:
    # only characters of unlisted runs (书 "letter" in 书记员) gloss "letter": loose evidence
    got = findings("The clerk wrote a long litter to his mother.", "书记员给母亲写了一封长信。",
                   "letter")
    assert [(f.en_evidence, f.suggestion, f.severity) for f in got] == \
        [("litter", "letter", "warning")]


def test_found_by_the_encoder_alone_is_a_warning() -> None:
    # nothing in the Chinese glosses "letter": the encoder alone must prefer it
    got = findings("The clerk wrote a long litter to his mother.", "职员给母亲写了很长的东西。",
                   "letter")
    assert [(f.en_evidence, f.zh_evidence, f.suggestion, f.severity) for f in got] == \
        [("litter", "", "letter", "warning")]


def test_an_inflected_neighbour_is_a_real_word() -> None:
    # "stared" is no CEDICT gloss word, but the regular past of "stare" (瞪)
    got = findings("He spared at the stranger for a long time.", "他瞪着那个陌生人看了很久。",
                   "stared")
    assert [(f.en_evidence, f.suggestion) for f in got] == [("spared", "stared")]


def test_a_rarer_neighbour_needs_a_large_gain() -> None:
    # 问候 glosses "greet", the encoder prefers it a little (gain 0.03), but
    # "greet" is rarer than "great": the frequency gate holds
    en, zh = "It was a great day for the guests.", "对客人们来说，那天问候很好。"
    resources = CheckResources(encoder=PreferringEncoder("greet", near=0.53))
    without_prior = WrongWordCheck(counterfactual=CounterfactualConfig(min_log_prob_gain=-99))
    assert [f.suggestion for f in without_prior.run([Pair(0, en, zh)], resources, CFG)] == \
        ["greet"]
    assert CHECK.run([Pair(0, en, zh)], resources, CFG) == []
    # a large gain (0.4) overrules the gate, as a warning
    resources = CheckResources(encoder=PreferringEncoder("greet"))
    assert [(f.suggestion, f.severity) for f in CHECK.run([Pair(0, en, zh)], resources, CFG)] \
        == [("greet", "warning")]


@pytest.mark.parametrize("word_near, expected", [
    (0.9, [("moaning", "morning", "warning")]),  # "morning" alone is close to 早上
    (0.5, []),  # no word-level witness: the small gain is not enough
])
def test_a_far_commoner_neighbour_with_a_small_gain_needs_the_word_witness(
        word_near: float, expected: list) -> None:
    # "morning" is far commoner than "moaning"; the sentence gains only 0.015.
    # (The context test, off here, would report it from "in the morning" alone.)
    resources = CheckResources(encoder=PreferringEncoder("morning", near=0.515,
                                                         word_near=word_near))
    got = NO_CONTEXT.run([Pair(0, "He left early in the moaning.", "他早上很早就走了。")],
                    resources, CFG)
    assert [(f.en_evidence, f.suggestion, f.severity) for f in got] == expected


@pytest.mark.parametrize("common, gain, severity", [
    (True, 0.05, "warning"),  # two substitutions, commoner and a clear gain
    (True, 0.026, "info"),  # the gain is too small for two substitutions
    (False, 0.06, "info"),  # rarer: only the gain witnesses, info for two substitutions
])
def test_two_substitutions_warn_only_with_the_gate_and_a_clear_gain(
        common: bool, gain: float, severity: str) -> None:
    config = CounterfactualConfig()
    suspect = Suspect(0, 0, 8, "confined", "confused", "困惑", True, gain=gain, common=common)
    assert severity_for(counterfactual_score(suspect, config), CFG) == severity


def test_compound_swap() -> None:
    dictionary = load_dictionary()
    assert compound_swap("horseflies", "houseflies", dictionary)
    assert not compound_swap("rationality", "nationality", dictionary)
    assert not compound_swap("principals", "principles", dictionary)


def test_unigram_prior_prefers_the_common_spelling() -> None:
    assert wrong_word_prior.available()
    lp = wrong_word_prior.log_probability
    assert lp("principles") > lp("principals") and lp("solid") > lp("sonid")
    assert regular_forms("stare") >= {"stares", "stared", "staring"}
    assert {"bragged", "bragging"} <= regular_forms("brag")
    assert "carries" in regular_forms("carry") and "carried" in regular_forms("carry")


@pytest.mark.parametrize("en, zh, preferred", [
    # the right word: covered by the dictionary, nothing to test
    ("She was very happy to see her mother again.", "她再次见到母亲非常高兴。", "sappy"),
    # the encoder does not prefer the neighbour
    ("He left early in the moaning.", "他早上很早就走了。", "nothing-matches"),
    # another ending of the same word: the Chinese cannot tell them apart
    ("She arrives home yesterday.", "她昨天到家了。", "arrived"),
    # a capitalised word is a name
    ("Mr Sappy was very glad.", "萨皮先生很高兴。", "Happy"),
    # one compound head, another modifier: a kind of fly, no slip (MAC-Dev 004 #93)
    ("The yard swarmed with green horseflies.", "院子里飞舞着成群的绿头苍蝇。", "houseflies"),
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
    assert "stared" in neighbours("spared", vocab, config)  # inflection of "stare"
    assert "stareed" not in neighbours("stared", vocab, config)


@pytest.mark.parametrize("a, b, d", [
    ("sappy", "happy", 1), ("form", "from", 1), ("principals", "principles", 2),
    ("litter", "liter", 1),
    # two substitutions side by side that are no swap
    ("fusing", "fusion", 2), ("grope", "group", 2),
])
def test_edit_distance(a, b, d) -> None:
    assert edit_distance(a, b) == d


@pytest.mark.parametrize("a, b, family", [
    ("glances", "glanced", True), ("leapt", "leaps", True),  # one stem, two endings
    ("spent", "spend", True), ("arrival", "arrives", True),  # the lemmatiser, the stem
    ("heart", "heard", False), ("heart", "hears", False),  # "heart" is no past of "hear"
    ("dreamt", "dreams", True),
    ("principals", "principles", False),
])
def test_same_family(a: str, b: str, family: bool) -> None:
    from bialign.checks.wrong_word_counterfactual import same_family

    assert same_family(a, b, load_dictionary()) is family



@pytest.mark.parametrize(("a", "b", "family"), [
    ("rumours", "rumors", True), ("organisation", "organization", True),
    ("centre", "center", True), ("travelled", "traveled", True), ("defence", "defense", True),
    ("grey", "gray", True),
    ("four", "for", False), ("pour", "poor", False), ("there", "three", False),
    # an irregular form after a prefix that is a word
    ("overthrew", "overthrow", True), ("withdrew", "withdraw", True),
    ("principals", "principles", False), ("heart", "heard", False),
])
def test_spellings_and_prefixed_forms_are_one_family(a: str, b: str, family: bool) -> None:
    from bialign.checks.dictionary import load_dictionary
    from bialign.checks.wrong_word_counterfactual import same_family

    assert same_family(a, b, load_dictionary()) is family


def test_shall_is_no_content_word() -> None:
    # "shall" fills every article of a law and renders no Chinese word of its own:
    # it must not stand unrendered next to 小 "small" (a Bible verse flagged it)
    from bialign.checks.coverage import english_words

    words = [w.key for w in english_words("The parties shall consult.", load_dictionary())]
    assert "shall" not in words and "consult" in words
