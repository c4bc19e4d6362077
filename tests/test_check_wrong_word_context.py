"""Context test for wrong words: the bundled English trigram model and hand-made pairs."""

from __future__ import annotations

import pytest

from bialign.checks import CheckConfig, CheckResources, english_lm, wrong_word_context
from bialign.checks.dictionary import load_dictionary
from bialign.checks.wrong_word import CHECK
from bialign.checks.wrong_word_context import ContextConfig, candidates, context_slips
from bialign.records import Pair
from tests.fakes import PreferringEncoder


def _sequence(text: str) -> list[str]:
    return ["<s>", *(w for w, _, _ in english_lm.words(text)), "</s>"]


def _gain(sequence: list[str], i: int, replacement: str) -> float:
    """How much likelier ``sequence`` reads with ``replacement`` as word ``i``."""
    changed = [*sequence[:i], replacement, *sequence[i + 1:]]
    return english_lm.window_log_prob(changed, i) - english_lm.window_log_prob(sequence, i)


def test_the_model_is_installed() -> None:
    # the Makefile installs the "lm" extra: CI must run the test for real
    assert english_lm.available()
    assert english_lm.known("began") and not english_lm.known("zzxqv")


@pytest.mark.parametrize("text, i, right, wrong", [
    ("I began to put on my pants.", 2, "began", "vegan"),
    ("He took a few steps forward.", 5, "steps", "stems"),
    ("the principles of the agreement", 2, "principles", "principals"),
])
def test_a_slip_reads_worse_than_the_word(text: str, i: int, right: str, wrong: str) -> None:
    sequence = _sequence(text)
    assert sequence[i] == right
    assert _gain(sequence, i, wrong) < -3
    slipped = [*sequence[:i], wrong, *sequence[i + 1:]]
    assert _gain(slipped, i, right) > 3


def test_words_keep_offsets_and_case() -> None:
    text = "He COULDN’T see Xi-feng."
    assert [(w, text[a:b]) for w, a, b in english_lm.words(text)] == [
        ("he", "He"), ("couldn't", "COULDN’T"), ("see", "see"), ("xi", "Xi"),
        ("feng", "feng")]


def test_candidates_are_known_words_one_edit_away() -> None:
    found = candidates("vegan", 4, 7)
    assert "began" in found and "vegan" not in found
    assert all(english_lm.known(w) for w in found)
    assert "principles" in candidates("principals", 4, 7)  # two substitutions at the end


def _slips(en: str, zh: str, preferred: str) -> list[tuple[float, str, str, str]]:
    out = context_slips([Pair(0, en, zh)], load_dictionary(), PreferringEncoder(preferred),
                        ContextConfig())
    return [(score, c.suspect.word, c.suspect.neighbour, c.suspect.zh_word) for score, c in out]


@pytest.mark.parametrize("en, zh, right, expected", [
    # a Chinese word glosses the neighbour: a warning at 0.7
    ("I vegan to put on my pants.", "我开始穿裤子。", "began", (0.7, "vegan", "began", "开始")),
    ("He took a few stems forward.", "他向前走了几步。", "steps", (0.7, "stems", "steps", "几步")),
    # a function word the dictionary test skips; two substitutions in a five-letter word
    ("His rather was a farmer.", "他父亲是农民。", "father", (0.7, "rather", "father", "父亲")),
    ("She paid a short visor to her aunt.", "她短暂拜访了姑妈。", "visit",
     (0.7, "visor", "visit", "拜访")),
    # nothing glosses it, but the sentence reads far better and nears the Chinese: 0.6
    ("I vegan to put on my pants.", "我想穿上裤子。", "began", (0.6, "vegan", "began", "")),
    # the encoder does not move (gain 0), but the model's preference is overwhelming (12.4)
    ("I vegan to put on my pants.", "我开始穿裤子。", "zzz", (0.6, "vegan", "began", "开始")),
])
def test_found(en: str, zh: str, right: str, expected: tuple[float, str, str, str]) -> None:
    assert _slips(en, zh, right) == [expected]


@pytest.mark.parametrize("en, zh, preferred", [
    # the neighbour moves the sentence away from the Chinese
    ("I vegan to put on my pants.", "我开始穿裤子。", "vegan"),
    # a faithful word the model likes less than a neighbour, but not by enough
    ("Grandma pondered what it would be like.", "奶奶想象那会是什么样子。", "wondered"),
    # part of a hyphenated name; a word said twice ("tock tock")
    ("Xi-feng nodded.", "凤姐点点头。", "peng"),
    ("A persistent tock tock tock came from the wall.", "墙里传来一阵嘀嗒声。", "tick"),
    # the dictionary links the word to the Chinese (全素 "vegan"): rendered, not a slip
    ("I vegan to put on my pants.", "我吃全素，穿上裤子。", "began"),
])
def test_not_found(en: str, zh: str, preferred: str) -> None:
    assert _slips(en, zh, preferred) == []


def test_without_the_model_or_an_encoder_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    pair = Pair(0, "I vegan to put on my pants.", "我想穿上裤子。")
    assert context_slips([pair], load_dictionary(), None, ContextConfig()) == []
    monkeypatch.setattr(english_lm, "available", lambda: False)
    assert context_slips([pair], load_dictionary(), PreferringEncoder("began"),
                         ContextConfig()) == []


def test_the_check_reports_it_once_with_a_suggestion() -> None:
    resources = CheckResources(encoder=PreferringEncoder("began", near=0.52))
    findings = [f for f in CHECK.run([Pair(0, "I vegan to put on my pants.", "我想穿上裤子。")],
                                     resources, CheckConfig()) if f.severity != "info"]
    assert [(f.en_evidence, f.suggestion, f.severity) for f in findings] == [
        ("vegan", "began", "warning")]
    assert "reads far better" in findings[0].message


def test_without_the_word_list_the_model_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    # a model file that does not end with its word list: known() asks the model
    monkeypatch.setattr(english_lm, "_MAGIC", b"not a trie model")
    caches = (english_lm.vocabulary, english_lm.known, wrong_word_context._by_head)
    for cached in caches:
        cached.cache_clear()
    try:
        assert english_lm.vocabulary() == frozenset()
        assert english_lm.known("began") and not english_lm.known("zzxqv")
        assert "principles" in candidates.__wrapped__("principals", 4, 7)
    finally:
        for cached in caches:
            cached.cache_clear()


# The Bible's "thee": the model prefers "them" at every use, so one verse where
# the preference passes the bar is the document's vocabulary, not a slip.
_THEE = [Pair(0, "Call now, if there be any that will answer thee; and to which of the saints"
                 " wilt thou turn?", "你且呼求，有谁答应你？诸圣者之中，你转向那一位呢？"),
         Pair(1, "The LORD bless thee, and keep thee.", "愿耶和华赐福给你，保护你。"),
         Pair(2, "I will praise thee with my whole heart.", "我要一心称谢你。")]
_VEGAN = [Pair(0, "I vegan to put on my pants.", "我想穿上裤子。"),
          Pair(1, "She is a vegan.", "她是素食者。"),
          Pair(2, "We cooked vegan food.", "我们做了素食。")]


def _reported(pairs: list[Pair], preferred: str) -> list[tuple[str, str]]:
    resources = CheckResources(encoder=PreferringEncoder(preferred, near=0.52))
    return [(f.en_evidence, f.suggestion) for f in CHECK.run(pairs, resources, CheckConfig())
            if f.severity != "info"]


def test_a_word_the_document_uses_so_throughout_is_its_own() -> None:
    assert _reported(_THEE[:1], "them") == [("thee", "them")]  # alone: a suspect
    assert all(g > 0 for g in wrong_word_context.DocumentUsage(_THEE).gains("thee", "them", 0))
    assert _reported(_THEE, "them") == []


def test_a_slip_of_a_word_used_rightly_elsewhere_stays() -> None:
    # "vegan" reads well at its other uses: the one that reads badly is a slip
    assert all(g < 0 for g in wrong_word_context.DocumentUsage(_VEGAN).gains("vegan", "began", 0))
    assert _reported(_VEGAN, "began") == [("vegan", "began")]
