"""Reversals nothing in the Chinese anchors, and negations the English model finds
out of place: the bundled trigram model with hand-made pairs and a fake encoder."""

from __future__ import annotations

import pytest

from bialign.checks import CheckConfig, CheckResources, english_lm
from bialign.checks.antonym_counterfactual import best_swap, candidates, opposites
from bialign.checks.coverage import zh_tokens
from bialign.checks.dictionary import load_dictionary
from bialign.checks.negation import CHECK
from bialign.records import Pair
from tests.fakes import PreferringEncoder

pytestmark = pytest.mark.skipif(not english_lm.available(), reason="needs the lm extra")


@pytest.mark.parametrize("word, expected", [
    ("more", ["fewer", "less"]),
    ("Increased", ["Decreased", "Reduced"]),  # the form and the capital kept
    ("opened", ["closed"]),
    ("closed", ["open"]),  # a form of its own in the table: no second ending
    ("before", ["after"]),
    ("rises", ["falls"]),  # the lemmatiser reads "ris"
    ("stronger", []),  # not in the table
    ("market", []),
])
def test_opposites_keep_the_form(word: str, expected: list[str]) -> None:
    assert opposites(word, load_dictionary().lemma(word.lower())) == expected


def _swap(en: str, zh: str, preferred: str) -> tuple[str, str] | None:
    swap = best_swap(en, zh, zh_tokens(zh), load_dictionary(), PreferringEncoder(preferred))
    return None if swap is None else (swap.word.text, swap.opposite)


@pytest.mark.parametrize("en, zh, preferred, expected", [
    # 说具体些 renders "more specific" with no word the dictionary glosses "more"
    ("Can you be less specific?", "您能说具体些吗？", "more specific", ("less", "more")),
    ("We had worse come back some other time.", "下回再来吧。", "had better", ("worse", "better")),
    # the encoder does not move, but the model's preference is overwhelming (+7.5)
    ("Can you be less specific?", "您能说具体些吗？", "zzz", ("less", "more")),
    # the encoder prefers the opposite, but the model does not (LM gain -0.5)
    ("Exports fell after the war ended.", "战争结束前出口下降了。", "before the war", None),
    # the model prefers it (+7.5), but the encoder moves away (cos 0.9 -> 0.5)
    ("Can you be less specific?", "您能说具体些吗？", "less specific", None),
    # weighed although negated or contrasted: the witnesses decide
    ("The more certain it was, the less doubtful it became.", "越是无可怀疑的事就越值得怀疑。",
     "zzz", None),
    ("I don't need any less confirmation.", "我不需要这样的证明。", "more confirmation",
     ("less", "more")),
    # not weighed: an idiom
    ("It was more or less specific.", "这多少算具体。", "less or", None),
])
def test_best_swap(en: str, zh: str, preferred: str, expected: tuple[str, str] | None) -> None:
    assert _swap(en, zh, preferred) == expected


@pytest.mark.parametrize("en, zh", [
    ("Can you use less water?", "你能用更少的水吗？"),  # 更少 renders "less"
    # 本国 "one's own country" renders "domestic" (a listed rendering CC-CEDICT lacks)
    ("Limit foreign students' access to domestic universities.", "限制外国学生进入本国大学。"),
])
def test_the_chinese_may_render_the_word_itself(en: str, zh: str) -> None:
    # nothing to weigh, whatever the witnesses say
    assert [w.text for w, _ in candidates(en, zh, zh_tokens(zh), load_dictionary())
            if w.text in ("less", "domestic")] == []


def test_a_compound_renders_the_word_with_its_head() -> None:
    # Shanghai Communique: 强国 is glossed only "great power", but 强 "strong" + 国
    # "nation" render "strong nations" (a false warning "strong" -> "weak" before)
    en = "Big nations should not bully the small and strong nations should not bully the weak."
    zh = "大国不应欺负小国，强国不应欺负弱国。"
    assert "strong" not in [w.text for w, _ in candidates(en, zh, zh_tokens(zh),
                                                          load_dictionary())]
    # 强 "strong" not followed by the head's rendering (人 "men") renders nothing
    en, zh = "The strong men left.", "强迫人走了。"
    assert "strong" in [w.text for w, _ in candidates(en, zh, zh_tokens(zh), load_dictionary())]


def _findings(en: str, zh: str, preferred: str) -> list[tuple[str, str, str, str]]:
    resources = CheckResources(encoder=PreferringEncoder(preferred))
    found = CHECK.run([Pair(0, en, zh)], resources, CheckConfig(enabled=("negation",)))
    return [(f.severity, f.en_evidence, f.zh_evidence, f.suggestion) for f in found]


def test_the_negation_check_reports_the_swap_with_a_suggestion() -> None:
    assert _findings("Can you be less specific?", "您能说具体些吗？", "more specific") == [
        ("warning", "less", "", "more")]


@pytest.mark.parametrize("en, zh, preferred, expected", [
    # 他们奶奶儿倒在家呢 has no negation and no word the dictionary links to
    # "still": the model (+8.8 without "not") and the encoder agree
    ("His missus is not still at home.", "他们奶奶儿倒在家呢。", "is still at home",
     [("warning", "not still at home", "在家", "")]),
    # the encoder does not move: the model alone is not enough
    ("His missus is not still at home.", "他们奶奶儿倒在家呢。", "zzz", []),
])
def test_an_out_of_place_negation_needs_both_witnesses(
        en: str, zh: str, preferred: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert _findings(en, zh, preferred) == expected
