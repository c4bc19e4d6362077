"""Word-level polarity cues: what a cue governs and whether the other side negates it."""

from __future__ import annotations

import pytest

from bialign.checks import CheckResources
from bialign.checks.coverage import cover_pair, zh_tokens
from bialign.checks.negation import ZH_NOT_NEGATION
from bialign.checks.negation_align import Cue, cue_span, pair_cues, quantity_bound, unnegated


def cues(en: str, zh: str) -> list[Cue]:
    dictionary = CheckResources().dictionary
    return pair_cues(en, zh, cover_pair(en, zh, dictionary), zh_tokens(zh), ZH_NOT_NEGATION,
                     dictionary)


@pytest.mark.parametrize(("en", "zh", "expected"), [
    ("The plan is not safe.", "这个计划是安全的。", [("en", "not", "contradicted")]),
    ("The plan is not safe.", "这个计划不安全。",
     [("en", "not", "matched"), ("zh", "不", "matched")]),
    ("We did not approve it.", "我们拒绝批准。", [("en", "not", "matched")]),
    ("Trade keeps growing.", "贸易不断增长。", []),
    # 等 "wait" is a function word to the content-word alignment: found by lookup.
    ("He was not waiting.", "他在等。", [("en", "not", "contradicted")]),
    ("The rule is unfair.", "这条规则不公平。", [("zh", "不", "matched")]),  # un-: negated
    ("She is under six.", "她不到六岁。", []),  # a bound on a quantity
    ("You must surrender.", "你非投降不可。", []),  # 非 ... 不可: must
])
def test_cue_status(en: str, zh: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(c.side, c.text, c.status) for c in cues(en, zh)] == expected


@pytest.mark.parametrize(("text", "side", "expected"), [
    ("It is not safe.", "en", "It is safe."), ("We don't know.", "en", "We do know."),
    ("He cannot go.", "en", "He can go."), ("他没有时间。", "zh", "他有时间。"),
    ("这不安全。", "zh", "这安全。"),
])
def test_unnegated(text: str, side: str, expected: str) -> None:
    cue = next(c for c in (cues(text, "") if side == "en" else cues("", text)) if c.side == side)
    assert unnegated(text, cue) == expected


@pytest.mark.parametrize(("en", "zh", "side", "span"), [
    ("Companies cannot flourish here.", "企业在这里能够蓬勃发展。", "en", "cannot flourish"),
    ("The party may disclose it.", "该方不得披露。", "zh", "不得披露"),
])
def test_cue_span_reaches_the_governed_word(en: str, zh: str, side: str, span: str) -> None:
    cue = next(c for c in cues(en, zh) if c.side == side)
    assert cue_span(en if side == "en" else zh, cue) == span


def test_legal_evidence_is_the_word_in_place() -> None:
    # CC-CEDICT links 披露 only to "public"; "disclose" alone sits where 披露 belongs.
    cue = next(c for c in cues("The Receiving Party may disclose the information to the public.",
                               "接收方不得披露该信息。") if c.side == "zh")
    assert (cue.status, cue.anchors[0].text) == ("contradicted", "disclose")


@pytest.mark.parametrize(("text", "end", "word", "bound"), [
    ("不到六岁", 2, "不到", True), ("不过十八九岁", 2, "不过", True),
    ("不到时候", 2, "不到", False), ("没有一个人", 2, "没有", False),
])
def test_quantity_bound(text: str, end: int, word: str, bound: bool) -> None:
    assert quantity_bound(text, word, end) is bound


@pytest.mark.parametrize(("word", "negative"), [
    ("irresistible", True),  # 不可抗拒, with 抗拒 for "resist" (no "resistible" in CC-CEDICT)
    ("unfair", True), ("useless", True), ("impossible", True),
    ("interest", False), ("disclose", False), ("incredible", False),
])
def test_negative_word_is_confirmed_by_the_dictionary(word: str, negative: bool) -> None:
    from bialign.checks.dictionary import load_dictionary
    from bialign.checks.negation_align import negative_word

    assert negative_word(word, load_dictionary()) is negative


@pytest.mark.parametrize(("zh", "cues"), [
    # words that begin with a negating character but whose glosses do not negate
    ("我们去非洲。", []), ("警察没收了他的车。", []), ("他在休息。", []),
    ("他们访问了莫斯科。", []), ("非利士人来了。", []),  # jieba cuts 非|利士; CEDICT 非利士人
    # negating words
    ("非法移民", ["非"]), ("无效的合同", ["无"]), ("这没用。", ["没"]), ("别去！", ["别"]),
    ("我不好。", ["不"]),
])
def test_words_that_only_begin_with_a_negation(zh: str, cues: list[str]) -> None:
    from bialign.checks.dictionary import load_dictionary
    from bialign.checks.negation_align import chinese_cues

    found = chinese_cues(zh, zh_tokens(zh), ZH_NOT_NEGATION, load_dictionary())
    assert [c for c, _, _ in found] == cues


def test_a_negation_before_a_preposition_governs_the_verb() -> None:
    # 不得向任何第三方披露: 不得 negates 披露 "disclose", not 第三方 "third party"
    from bialign.checks.dictionary import load_dictionary

    en = "Either party may disclose the terms to any third party."
    zh = "任何一方均不得向任何第三方披露本协议的条款。"
    cues = pair_cues(en, zh, cover_pair(en, zh, load_dictionary()), zh_tokens(zh),
                     ZH_NOT_NEGATION, load_dictionary())
    assert [(c.text, [w.text for w in c.governed]) for c in cues if c.side == "zh"] == [
        ("不得", ["披露"])]
