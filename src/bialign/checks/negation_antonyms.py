"""Reversed polarity through the dictionary: one side has a word, the other its antonym.

``find_reversal(en, zh, zh_tokens, dictionary)`` looks at every word of either side
that belongs to a pair of antonyms (more/less, good/bad, 增加/减少 ...).  The
word is reversed when the other side renders its antonym — a word whose
CC-CEDICT glosses contain the antonym (做爱 "make love" against "hate", also
inside a longer jieba token: 做爱时), a listed rendering (后 "after", 从未
"never") or construction (没学过 "never learnt") — and nothing that renders
the word itself.  A negation right before either word cancels the reversal
("not good" = 不好 = "bad").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bialign.checks.coverage import Word
from bialign.checks.dictionary import Dictionary

# English antonym pairs (lemmas), both directions are used.  General
# opposites of direction, amount, quality, time and attitude.
EN_ANTONYMS: tuple[tuple[str, str], ...] = (
    ("increase", "decrease"), ("increase", "reduce"), ("rise", "fall"), ("grow", "shrink"),
    ("more", "less"), ("more", "fewer"), ("most", "least"), ("larger", "smaller"),
    ("higher", "lower"),
    ("strengthen", "weaken"), ("expand", "reduce"), ("expand", "contract"),
    ("support", "oppose"), ("agree", "disagree"), ("accept", "reject"), ("allow", "forbid"),
    ("allow", "prohibit"), ("permit", "prohibit"), ("good", "bad"), ("better", "worse"),
    ("best", "worst"), ("open", "close"), ("open", "closed"), ("always", "never"),
    ("before", "after"), ("earlier", "later"), ("love", "hate"), ("like", "dislike"),
    ("success", "failure"), ("succeed", "fail"), ("gain", "loss"),
    ("include", "exclude"), ("import", "export"), ("push", "pull"),
    ("remember", "forget"), ("strong", "weak"), ("happy", "sad"),
    ("safe", "dangerous"), ("legal", "illegal"), ("possible", "impossible"),
    ("easy", "difficult"),
)
# Left out: converses that a change of subject keeps true ("he beat you" =
# 你输了: win/lose, buy/sell), and spatial and everyday pairs (up/down,
# big/small, high/low) whose Chinese words (上, 大) are too common to tell a
# reversal on MAC-Dev.
# Chinese antonym pairs, both directions are used.
ZH_ANTONYMS: tuple[tuple[str, str], ...] = (
    ("增加", "减少"), ("增长", "下降"), ("增长", "减少"), ("提高", "降低"), ("上升", "下降"),
    ("扩大", "缩小"), ("加强", "削弱"), ("增强", "减弱"), ("支持", "反对"), ("同意", "反对"),
    ("赞成", "反对"), ("接受", "拒绝"), ("允许", "禁止"), ("更多", "更少"), ("多", "少"),
    ("开放", "封闭"), ("打开", "关闭"), ("喜欢", "讨厌"), ("爱", "恨"), ("以前", "以后"),
    ("之前", "之后"), ("成功", "失败"), ("胜利", "失败"), ("好", "坏"),
    ("更好", "更坏"), ("最好", "最坏"), ("进口", "出口"), ("记得", "忘记"),
    ("富", "穷"), ("强", "弱"), ("合法", "非法"), ("安全", "危险"), ("容易", "困难"),
    ("总是", "从不"), ("总是", "从来不"),
)
# Chinese renderings of English pole words that CC-CEDICT glosses leave out
# (its glosses drop function words such as "more" and "before").  General
# renderings, checked against false warnings on faithful MAC-Dev pairs (先
# "first" was dropped from "before" for one); a one-character rendering
# counts only as a jieba token of its own.
EN_POLE_RENDERINGS: dict[str, frozenset[str]] = {
    "more": frozenset({"更多", "多", "更", "多于", "增多", "更加", "越", "越发", "愈", "愈加"}),
    "less": frozenset({"更少", "少", "少于", "减少", "较少", "不到", "不足"}),
    "fewer": frozenset({"更少", "少", "少于", "较少", "不到"}),
    "before": frozenset({"以前", "之前", "前", "事先", "预先", "早先", "从前"}),
    "after": frozenset({"以后", "之后", "后", "随后", "过后", "事后", "后来"}),
    "always": frozenset({"总是", "一直", "始终", "永远", "老是", "总", "向来", "一向", "历来",
                         "每次", "每每"}),
    "never": frozenset({"从不", "从未", "从来不", "从没", "永不", "决不", "从来没有", "从来没",
                        "从没有", "绝不", "再也不", "永远不", "未曾", "不曾", "千万别",
                        "千万不要", "切莫", "切勿"}),
    "good": frozenset({"好", "良好", "好的", "不错", "美好", "佳"}),
    "bad": frozenset({"坏", "糟", "差", "不好", "坏的", "糟糕", "不妙"}),
    "better": frozenset({"更好", "好些", "较好", "好一些", "强些"}),
    "worse": frozenset({"更坏", "更糟", "更差", "较差", "坏些"}),
    "best": frozenset({"最好", "最佳"}),
    "worst": frozenset({"最坏", "最糟", "最差"}),
    "love": frozenset({"爱", "做爱", "爱情", "喜爱", "热爱", "恋爱", "爱上", "相爱", "疼爱"}),
    "hate": frozenset({"恨", "憎恨", "仇恨", "讨厌", "厌恶", "痛恨"}),
    "open": frozenset({"开", "打开", "开放", "张开", "睁开", "睁", "敞开"}),
    "close": frozenset({"关", "关闭", "闭", "闭上", "合上", "封闭", "关上"}),
    "closed": frozenset({"关", "关闭", "闭", "闭上", "合上", "封闭", "关上", "关着"}),
    "higher": frozenset({"更高", "较高", "高于"}),
    "lower": frozenset({"更低", "较低", "低于"}),
}
# Renderings that are constructions rather than words: 没学过 "have never learnt".
ZH_POLE_PATTERNS: dict[str, re.Pattern[str]] = {
    "never": re.compile(r"(?<![是有])没有?[\u4e00-\u9fff]{1,2}过"),
}
_EN_NEGATION = re.compile(r"(?:\b(?:not|no|never|without|hardly)|n['’]t)\W*(?:\w+\W+){0,2}$",
                          re.I)
_ZH_NEGATED_AFTER = re.compile(r"[^，。；：！？,.;:!?]{0,1}[不没未无别勿]")  # 一直没来, 永远别
_EN_IDIOMS = re.compile(r"\b(?:after all|before long|more or less|for good|for better or worse)\b",
                        re.I)
_ZH_NEGATION = re.compile(r"[不没未无非别勿][^，。；：！？,.;:!?]{0,2}$")


@dataclass(frozen=True)
class Reversal:
    """``word`` on ``side`` where the other side renders its antonym ``opposite``."""

    side: str
    word: str
    start: int
    opposite: str


@lru_cache(maxsize=1)
def _en_table() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for a, b in EN_ANTONYMS:
        table.setdefault(a, set()).add(b)
        table.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in table.items()}


@lru_cache(maxsize=1)
def _zh_table() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for a, b in ZH_ANTONYMS:
        table.setdefault(a, set()).add(b)
        table.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in table.items()}


def _zh_renders(zh: str, tokens: list[tuple[str, int, int]], lemma: str,
                dictionary: Dictionary) -> Word | None:
    """The first Chinese word, not negated, whose glosses contain ``lemma``:
    a whole token, or a word of two or more characters inside one (jieba
    keeps 做爱时 and 黎明前 whole); a one-character rendering (前, 后, 多)
    counts only as a token of its own."""
    listed = EN_POLE_RENDERINGS.get(lemma, frozenset())
    for text, start, _end in tokens:
        if not any("\u4e00" <= c <= "\u9fff" for c in text):
            continue
        for size in range(len(text), 0, -1):
            for i in range(len(text) - size + 1):
                sub = text[i:i + size]
                if size == 1 and size < len(text):
                    continue
                if not (sub in listed or (size >= 2 and lemma in dictionary.lemmas(sub))):
                    continue
                a, b = start + i, start + i + size
                if not _ZH_NEGATION.search(zh[:a]) and not _ZH_NEGATED_AFTER.match(zh[b:]):
                    return Word(sub, a, b, sub)
    pattern = ZH_POLE_PATTERNS.get(lemma)
    found = pattern.search(zh) if pattern else None
    return Word(found.group(), found.start(), found.end(), found.group()) if found else None


def _zh_mentions(zh: str, tokens: list[tuple[str, int, int]], lemma: str,
                 dictionary: Dictionary) -> bool:
    """True if any part of the Chinese may render ``lemma``: a listed rendering
    anywhere, or a word of two or more characters inside a token (jieba keeps
    成本增加 whole).  Looser than ``_zh_renders``, so that a reversal is only
    reported when the word itself is surely absent."""
    if any(r in zh for r in EN_POLE_RENDERINGS.get(lemma, ())):
        return True
    if lemma in ZH_POLE_PATTERNS and ZH_POLE_PATTERNS[lemma].search(zh):
        return True
    for text, _start, _end in tokens:
        for size in range(2, len(text) + 1):
            for i in range(len(text) - size + 1):
                if lemma in dictionary.lemmas(text[i:i + size]):
                    return True
    return False


def _en_renders(en: str, zh_word: str, dictionary: Dictionary) -> Word | None:
    """The first English word, not negated, that renders ``zh_word``."""
    glosses = dictionary.lemmas(zh_word)
    for w in _en_words(en, dictionary):
        renders = w.key in glosses or zh_word in EN_POLE_RENDERINGS.get(w.text.lower(), ())
        if renders and not _EN_NEGATION.search(en[:w.start]):
            return w
    return None


def _en_words(en: str, dictionary: Dictionary) -> list[Word]:
    """Every English word with its lemma (stop words kept: more, before, up)."""
    return [Word(m.group(), m.start(), m.end(), dictionary.lemma(m.group().lower()))
            for m in re.finditer(r"[A-Za-z]+", en)]


def find_reversal(en: str, zh: str, zh_tokens: list[tuple[str, int, int]],
                  dictionary: Dictionary) -> tuple[Reversal, Word] | None:
    """The first word whose antonym, and not itself, the other side renders,
    with the other side's word that renders the antonym."""
    return _english_reversal(en, zh, zh_tokens, dictionary) or \
        _chinese_reversal(en, zh, zh_tokens, dictionary)


def _english_reversal(en: str, zh: str, zh_tokens: list[tuple[str, int, int]],
                      dictionary: Dictionary) -> tuple[Reversal, Word] | None:
    en_words = _en_words(en, dictionary)
    en_lemmas = {w.key for w in en_words} | {w.text.lower() for w in en_words}
    table = _en_table()
    idioms = [m.span() for m in _EN_IDIOMS.finditer(en)]
    for w in en_words:
        low = w.text.lower()
        opposites = table.get(low) or table.get(w.key)
        if not opposites or opposites & en_lemmas or _EN_NEGATION.search(en[:w.start]) or \
                any(a <= w.start < b for a, b in idioms):
            continue
        if _zh_mentions(zh, zh_tokens, w.key, dictionary) or \
                _zh_mentions(zh, zh_tokens, low, dictionary):
            continue
        for opposite in sorted(opposites):
            anchor = _zh_renders(zh, zh_tokens, opposite, dictionary) or \
                _zh_renders(zh, zh_tokens, dictionary.lemma(opposite), dictionary)
            if anchor is not None:
                return Reversal("en", w.text, w.start, opposite), anchor
    return None


def _chinese_reversal(en: str, zh: str, zh_tokens: list[tuple[str, int, int]],
                      dictionary: Dictionary) -> tuple[Reversal, Word] | None:
    table = _zh_table()
    zh_words = {t for t, _, _ in zh_tokens}
    for text, start, _end in zh_tokens:
        opposites = table.get(text)
        if not opposites or opposites & zh_words or _ZH_NEGATION.search(zh[:start]):
            continue
        if _en_renders(en, text, dictionary):
            continue
        for opposite in sorted(opposites):
            anchor = _en_renders(en, opposite, dictionary)
            if anchor is not None:
                return Reversal("zh", text, start, opposite), anchor
    return None
