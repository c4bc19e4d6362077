"""Word-level polarity: is the word a negation governs negated on the other side too?

For each explicit negation cue of one side (not, n't, never, no, without ... /
不, 没有, 未, 无, 非, 别, 勿 ...) the words it governs (the next content words
of its clause) are looked up on the other side through the CC-CEDICT word
alignment of ``bialign.checks.coverage``, else among all words there, function
words included (等 "wait").  不到六岁 "under six" and 非 ... 不可 "must" are not
cues.  A cue is

* *matched* when one of those translations is negated there as well,
* *contradicted* when translations are found and none is negated,
* *unknown* when the governed words have no translation in the other side.

A contradicted cue is word-level evidence that one side says the opposite of
the other (不得披露 vs "may disclose").  ``cue_span`` gives the cue with its
word as evidence; ``anchors[0]`` is the other side's word to show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bialign.checks.coverage import Coverage, Word, jieba_tags, zh_glosses
from bialign.checks.dictionary import Dictionary

Status = Literal["matched", "contradicted", "unknown"]

# English negation cues (single tokens); "n't" is matched as a suffix.
EN_CUES = frozenset({"not", "no", "never", "without", "none", "nor", "neither", "nobody",
                     "nothing", "nowhere", "cannot"})
# Words that negate what follows them as a translator's alternative to "not".
EN_NEGATIVE_VERBS = ("avoid", "refrain", "prohibit", "forbid", "forbad", "prevent", "refus",
                     "fail", "lack", "ceas", "stop", "ban", "deny", "denie", "denied",
                     "hardly", "barely", "scarcely", "seldom", "rarely", "neither", "unable",
                     "free", "exempt", "absen", "instead", "rather", "less", "few", "little")
# Words that are negative themselves: 不理 is rendered by "ignored", 没来 by "failed to come".
EN_NEGATIVE_WORDS = ("avoid", "refrain", "prohibit", "forbid", "forbad", "prevent", "refus",
                     "fail", "lack", "ceas", "stopp", "ban", "deny", "denie", "denied", "ignor",
                     "neglect", "reject", "absen", "unable")
# Phrases with a negative word that do not negate ("not only ... but also").
EN_NOT_NEGATION = re.compile(
    r"\b(?:not (?:only|least|until)|not (?:just|merely|simply)\b(?=[^.;!?]*\b(?:but|also)\b)|"
    r"not (?:more|less|over|under) than|no (?:doubt|sooner|matter|wonder)|"
    r"not\b[^.,;!?]{0,40}\buntil|nothing (?:but|more|less)|none other|"
    r"(?:can ?not|can['’]t) help|(?:could ?not|couldn['’]t) help|not to mention|"
    r"no less than|no more than|not for nothing|in no time|no one else but)\b", re.I)
_EN_NEG_PREFIX = re.compile(r"^(?:un|in|im|il|ir|dis|non)([a-z]{3,})$")
_EN_NEG_SUFFIX = re.compile(r"^[a-z]{3,}(?:less|lessly|lessness)$")
_EN_CUE = re.compile(r"\b[A-Za-z]+n['’]t\b|\b[A-Za-z]+\b")
_EN_CLAUSE_END = re.compile(r"[.;:!?,]|\b(?:but|and|or|while|whereas|because|if|when)\b",
                            re.I)
# English words a cue's scope skips before reaching what it negates.
EN_SCOPE_SKIP = frozenset({"longer", "more", "even", "ever", "yet", "really", "always",
                           "quite", "necessarily", "also", "still", "anyone", "anything",
                           "any", "one"})

# Chinese negation cues, longest first; 不断 and the like are excluded by the caller.
ZH_CUES = ("没有", "从未", "从不", "决不", "绝不", "并非", "并不", "并未", "毫无", "尚未",
           "未经", "不得", "无法", "无须", "无需", "不", "没", "未", "无", "非", "别", "勿",
           "莫", "休")
ZH_NEG_CHARS = "不没未无非别勿莫"
# Words that bound a quantity when a numeral follows (不到六岁 "under six",
# 不过十八九岁 "only eighteen or so"): no polarity.  没有 is left out: 没有一个
# "not a single one" negates.
ZH_QUANTITY_BOUNDS = frozenset({"不到", "不过", "不足", "不满", "不够", "不及", "不上", "未满",
                                "未到", "未足"})
_ZH_NUMERAL = re.compile(r"[0-9０-９一二三四五六七八九十两几半百千万]")
# What a cue begins without being negated itself (不是, 不会, 没有): the
# words after it are what the cue negates.
ZH_MODALS = frozenset({"是", "会", "能", "要", "可", "应", "该", "得", "必", "用", "肯", "敢", "想",
                       "愿", "再", "有", "可以", "应该", "应当", "能够", "需要", "必须", "愿意"})
# 非 ... 不可 "must": a double negation, neither half negates.
_ZH_MUST = re.compile(r"非[^，。；：！？,.;:!?]{1,12}?不(?:可|行|成)")
ZH_NEGATIVE_WORDS = ("避免", "禁止", "拒绝", "否认", "缺乏", "缺少", "阻止", "防止", "停止",
                     "难以", "免", "杜绝", "排除", "失败", "放弃", "缺", "失去", "丧失", "欠缺",
                     "取消", "制止", "否", "少", "很少", "难", "不要", "严禁", "未")
_ZH_CLAUSE_END = "，。；：！？,.;:!?、\n"
# Characters of Chinese text before an anchor in which a negation still governs it.
ZH_WINDOW = 6
# English words before an anchor in which a negation still governs it.
EN_WINDOW = 5
# Content words after a cue taken as what it negates.
GOVERNED = 1


@dataclass(frozen=True)
class Cue:
    """One negation cue: ``text`` at ``start`` on ``side``, what it governs, its status.

    ``anchors`` are the other side's words that translate the governed words,
    led by the word in the governed word's place when the dictionary's
    translation lies elsewhere (``_in_gap``: evidence only, not status).
    ``lexical``: 不 before a lexical verb or adjective (``negates_lexical_word``).
    """

    side: Literal["en", "zh"]
    text: str
    start: int
    governed: tuple[Word, ...]
    anchors: tuple[Word, ...]
    status: Status
    lexical: bool = False


def english_cues(text: str) -> list[tuple[str, int, int]]:
    """Negation cues of English text as (text, start, end), idioms left out."""
    idioms = [m.span() for m in EN_NOT_NEGATION.finditer(text)]
    out = []
    for m in _EN_CUE.finditer(text):
        low = m.group().lower().replace("’", "'")
        if not (low.endswith("n't") or low in EN_CUES):
            continue
        if any(s <= m.start() < e for s, e in idioms):
            continue
        if low == "no" and re.match(r"\.\s*\d", text[m.end():]):  # "No. 5"
            continue
        out.append((m.group(), m.start(), m.end()))
    return out


# Characters that negate alone but often begin words that do not (非洲 Africa,
# 无锡 Wuxi, 莫斯科 Moscow, 没收 "confiscate", 休息 "rest", 别克 Buick).
_LEXICAL_CUES = frozenset("非无莫休没别")
# A CC-CEDICT gloss that negates: a negative word, a negative prefix or "-less".
_NEGATIVE_GLOSS = re.compile(
    r"\b(?:not|no|non|never|without|cannot|can't|don't|neither|nor|nothing|none|nobody|"
    r"unable|lack\w*|fail\w*|free of|in vain)\b|\b(?:un|in|im|il|ir|dis|mis|non)-?[a-z]{3,}|"
    r"[a-z]{3,}less\b", re.I)


def lexical_non_negation(text: str, start: int, word: str, dictionary: Dictionary | None
                         ) -> bool:
    """True if the word ``word`` at ``start`` of ``text``, beginning with 非, 无,
    莫, 休, 没 or 别, is a dictionary word none of whose glosses negates (非洲
    "Africa", 没收 "confiscate", 休妻 "to repudiate one's wife"), or a name
    begins there (非利士人 "Philistines", which jieba cuts after 非)."""
    if dictionary is None or not word or word[0] not in _LEXICAL_CUES:
        return False
    if len(word) >= 2:
        glosses = dictionary.translations(word)
        if glosses and not any(_NEGATIVE_GLOSS.search(g) for g in glosses):
            return True
    return any(g[:1].isupper() for k in range(2, 6) if start + k <= len(text)
               for g in dictionary.translations(text[start:start + k]))


def chinese_cues(text: str, tokens: list[tuple[str, int, int]],
                 not_negation: frozenset[str], dictionary: Dictionary | None = None
                 ) -> list[tuple[str, int, int]]:
    """Negation cues of Chinese text as (text, start, end): a cue prefix of a
    jieba token (不 in 不安全, 无法 in 无法回答) unless the token is a listed
    non-negating word (不断, 无论, 非常) or, with a ``dictionary``, one whose
    glosses do not negate (``lexical_non_negation``: 非洲, 没收)."""
    out = []
    must = [m.span() for m in _ZH_MUST.finditer(text)]
    for word, start, end in tokens:
        # a listed word, or one that starts with a listed word of 2+ characters
        if word in not_negation or any(word[:k] in not_negation
                                       for k in range(2, len(word))):
            continue
        if lexical_non_negation(text, start, word, dictionary):
            continue
        if quantity_bound(text, word, end) or \
                any(a == start or (b - 2 <= start < b) for a, b in must):
            continue
        for cue in ZH_CUES:
            if word.startswith(cue):
                if _a_not_a(text, start, start + len(cue)):
                    break
                out.append((cue, start, start + len(cue)))
                break
    return out


def quantity_bound(text: str, word: str, end: int) -> bool:
    """True for 不到/不过/没有 ... right before a numeral: "under six", not a negation."""
    return word in ZH_QUANTITY_BOUNDS and bool(_ZH_NUMERAL.match(text, end))


def _a_not_a(text: str, start: int, end: int) -> bool:
    """是不是, 有没有, 会不会: a question, not a negation."""
    before = text[start - 1:start] if start else ""
    after = text[end:end + 1]
    return bool(before) and before == after


def negative_word(word: str, dictionary: Dictionary) -> bool:
    """unfair, illegal, careless: a negative prefix or suffix that CC-CEDICT
    confirms by rendering the word with a negated Chinese word (不公平, 非法);
    "disclose" (揭露) and "interest" (兴趣) are not negative."""
    prefix, suffix = _EN_NEG_PREFIX.match(word), _EN_NEG_SUFFIX.match(word)
    if not (prefix or suffix):
        return False
    stem = prefix.group(1) if prefix else re.sub(r"less(?:ly|ness)?$", "", word)
    if word.startswith("un") and dictionary.is_english_word(stem) and len(stem) >= 4:
        return True  # unhappy, unsafe (under, union, unique: no word after "un")
    positive = set(dictionary.words_for(stem))
    # irresistible: CC-CEDICT has "resist", not "resistible"
    base = re.sub(r"(?:i|a)ble$", "", stem)
    if base != stem and len(base) >= 4:
        positive |= set(dictionary.words_for(base))
    # 不公平 for "unfair" when 公平 renders "fair"; 无用 for "useless" when 用 renders
    # "use"; 不可抗拒 for "irresistible" when 抗拒 renders "resist".
    return any(len(z) >= 2 and z[0] in ZH_NEG_CHARS + "否" and
               (z[1:] in positive or z[1:2] in "可能" and z[2:] in positive)
               for z in dictionary.words_for(word))


def en_anchor_negated(text: str, anchor: Word) -> bool:
    """An English word is negated if a cue or negative verb precedes it closely
    in its clause, if it is a cue itself, or if it starts like a negative word
    (un-, in-, dis-: a crude test that errs towards "negated", so no finding;
    the dictionary-confirmed ``negative_word`` let "indisputable" against
    不争 through as a false warning)."""
    low = anchor.text.lower().replace("’", "'")
    if low.endswith("n't") or low in EN_CUES or low.startswith(EN_NEGATIVE_WORDS):
        return True
    if re.match(r"^(?:un|in|im|il|ir|non|dis)", low) or low.endswith("less"):
        return True
    before = text[:anchor.start]
    words = list(re.finditer(r"[A-Za-z]+(?:['’][A-Za-z]+)?|[.;:!?,]", before))[-EN_WINDOW:]
    for m in reversed(words):
        w = m.group().lower().replace("’", "'")
        if not w[0].isalpha():
            return False  # the clause ends here
        if w.endswith("n't") or w in EN_CUES or w.startswith(EN_NEGATIVE_VERBS):
            return True
    return False


def zh_anchor_negated(text: str, anchor: Word, cue_starts: set[int]) -> bool:
    """A Chinese word is negated if a cue or negative word precedes it in its
    clause within ``ZH_WINDOW`` characters, or it contains a cue itself."""
    if any(s in cue_starts for s in range(anchor.start, anchor.end)) or \
            any(c in ZH_NEG_CHARS for c in anchor.text):
        return True  # 记不起, 一声不吭: a negation inside the word
    if any(anchor.text.startswith(w) for w in ZH_NEGATIVE_WORDS):
        return True
    lo = anchor.start
    while lo > 0 and anchor.start - lo < ZH_WINDOW and text[lo - 1] not in _ZH_CLAUSE_END:
        lo -= 1
    window = text[lo:anchor.start]
    if any(lo + i in cue_starts for i in range(len(window))):
        return True
    return any(w in window for w in ZH_NEGATIVE_WORDS if len(w) >= 2)


def english_governed(text: str, end: int, cov: Coverage) -> tuple[int, ...]:
    """Indices into ``cov.en`` of the first content words after a cue, in its clause."""
    stop = _EN_CLAUSE_END.search(text, end)
    limit = stop.start() if stop else len(text)
    out = []
    for i, w in enumerate(cov.en):
        if end <= w.start < limit and w.text.lower() not in EN_SCOPE_SKIP and \
                w.text.lower() not in EN_CUES:
            out.append(i)
            if len(out) == GOVERNED:
                break
    return tuple(out)


def chinese_governed(text: str, cue_end: int, cov: Coverage,
                     dictionary: Dictionary | None = None) -> tuple[int, ...]:
    """Indices into ``cov.zh`` of the words a Chinese cue governs: its own
    token when the cue only begins it (无法回答, 不是) and the words that start
    within ``ZH_WINDOW`` characters after it, in its clause, unless they begin
    with a negation of their own.  After a preposition (不对任何损失承担责任,
    不得向第三方披露) the cue negates the clause's verb, not the preposition's
    object: with a ``dictionary``, the last word of the clause that jieba's
    dictionary tags as a verb."""
    verb = _verb_after_preposition(text, cue_end, cov, dictionary)
    if verb is not None:
        return (verb,)
    limit = cue_end
    while limit < len(text) and limit - cue_end < ZH_WINDOW and text[limit] not in _ZH_CLAUSE_END:
        limit += 1
    return tuple(j for j, w in enumerate(cov.zh) if w.end > cue_end and w.start < limit
                 and (w.start < cue_end or w.text[0] not in ZH_NEG_CHARS)
                 and not (w.start < cue_end and w.text[cue_end - w.start:] in ZH_MODALS))


# Prepositions that open a phrase between a negation and its verb.
_VERB_TAGS = frozenset({"v", "vn"})
_ZH_PREPOSITIONS = ("对于", "对", "向", "在", "给", "跟", "与", "同", "被", "把", "为", "从", "于",
                    "由", "将", "以", "和")


def _verb_after_preposition(text: str, cue_end: int, cov: Coverage,
                            dictionary: Dictionary | None) -> int | None:
    """Index into ``cov.zh`` of the verb a negation reaches over a prepositional
    phrase (不得向 X 披露: 披露), or None: no preposition right after the cue, no
    dictionary, or no verb (jieba's tag v) in the clause after the phrase's
    first word."""
    if dictionary is None or not text.startswith(_ZH_PREPOSITIONS, cue_end):
        return None
    stop = cue_end
    while stop < len(text) and text[stop] not in _ZH_CLAUSE_END:
        stop += 1
    verbs = jieba_tags(_VERB_TAGS)
    after = [j for j, w in enumerate(cov.zh) if cue_end < w.start < stop]
    found = [j for j in after[1:] if cov.zh[j].text in verbs]
    return found[-1] if found else None


def pair_cues(en: str, zh: str, cov: Coverage, zh_tokens: list[tuple[str, int, int]],
              not_negation: frozenset[str], dictionary: Dictionary | None = None) -> list[Cue]:
    """Every negation cue of both sides with its governed words and status.

    With ``dictionary``, a governed word that the content-word alignment
    leaves unlinked is looked up among all words of the other side, function
    words included (等 "wait", 给 "give" / "gave", "keep" for 保持).
    """
    en_cues = english_cues(en)
    zh_cues = chinese_cues(zh, zh_tokens, not_negation, dictionary)
    zh_starts = {s for _, s, _ in zh_cues}
    cues = []
    for text, start, end in en_cues:
        governed = english_governed(en, end, cov)
        anchors = _first_linked([[cov.zh[j] for j in cov.en_links[i]
                                  if cov.zh[j].text not in ZH_CUES] for i in governed])
        if not anchors and dictionary is not None:
            anchors = _first_linked([_zh_renderings(zh_tokens, cov.en[i], dictionary)
                                     for i in governed])
        status = _status([zh_anchor_negated(zh, a, zh_starts) for a in anchors])
        if governed:
            anchors = _in_gap(cov.zh, cov.en_links, cov.zh_links, governed[0], anchors)
        cues.append(Cue("en", text, start, tuple(cov.en[i] for i in governed), anchors, status))
    for text, start, end in zh_cues:
        governed = chinese_governed(zh, end, cov, dictionary)
        anchors = _first_linked([[cov.en[i] for i in cov.zh_links[j]
                                  if cov.en[i].text.lower() not in EN_CUES] for j in governed])
        if not anchors and dictionary is not None:
            anchors = _first_linked([_en_renderings(en, cov.zh[j], dictionary)
                                     for j in governed])
        status = _status([en_anchor_negated(en, a) for a in anchors])
        if governed:
            anchors = _in_gap(cov.en, cov.zh_links, cov.en_links, governed[0], anchors)
        cues.append(Cue("zh", text, start, tuple(cov.zh[j] for j in governed), anchors, status,
                        negates_lexical_word(zh, text, end)))
    return cues


# Words after 不 that make it a negated modal, copula or existential (不是,
# 不能, 不会, 不让): no single English word renders those.
_ZH_MODAL_START = tuple(sorted(ZH_MODALS | {"有", "准", "许", "让", "行", "必", "宜", "足", "够"},
                               key=len, reverse=True))


def negates_lexical_word(zh: str, cue: str, end: int) -> bool:
    """True for 不 before a lexical verb or adjective (不走, 不像, 不知道,
    不正当): English often renders those with one word of opposite sense
    ("stayed", "unlike", "unaware", "indecent") that CC-CEDICT cannot link."""
    return cue == "不" and not zh.startswith(_ZH_MODAL_START, end)


def _in_gap(other: tuple[Word, ...], links: tuple[tuple[int, ...], ...],
            back: tuple[tuple[int, ...], ...], k: int,
            anchors: tuple[Word, ...]) -> tuple[Word, ...]:
    """``anchors`` led by the word to show as evidence for governed word ``k``:
    the only unlinked word of the other side where ``k`` should be rendered,
    when the dictionary's anchors lie elsewhere.  Evidence only; the status
    comes from the dictionary.

    The place is the gap between the renderings of ``k``'s nearest neighbours
    that have exactly one link each: in 接收方不得披露该信息 the dictionary
    links 披露 only to "public", while "disclose" alone fills the gap between
    "Party" (接收方) and "information" (信息).  ``links[i]`` are ``other``
    indices of this side's word ``i``; ``back`` the reverse.
    """
    left = next((links[i][0] for i in range(k - 1, -1, -1) if len(links[i]) == 1), None)
    right = next((links[i][0] for i in range(k + 1, len(links)) if len(links[i]) == 1), None)
    if not anchors or left is None or right is None or right - left < 2:
        return anchors
    lo, hi = other[left].end, other[right].start
    if any(lo <= a.start < hi for a in anchors):
        return anchors
    gap = [w for j, w in enumerate(other[left + 1:right], left + 1) if not back[j]]
    return (gap[0], *anchors) if len(gap) == 1 else anchors


def _own_glosses(zh_word: str, dictionary: Dictionary) -> frozenset[str]:
    """A word's glosses; a single character only its own (its sub-word
    glosses are too broad to link a function word)."""
    return dictionary.lemmas(zh_word) if len(zh_word) == 1 else zh_glosses(zh_word, dictionary)


def _zh_renderings(tokens: list[tuple[str, int, int]], word: Word,
                   dictionary: Dictionary) -> list[Word]:
    """Chinese tokens, function words included, whose glosses hold ``word``'s lemma."""
    return [Word(t, s, e, t) for t, s, e in tokens
            if t not in ZH_CUES and any("\u4e00" <= c <= "\u9fff" for c in t)
            and word.key in _own_glosses(t, dictionary)]


def _en_renderings(en: str, word: Word, dictionary: Dictionary) -> list[Word]:
    """English words, stop words included, that gloss the Chinese ``word``,
    or whose negative prefix wraps a gloss ("unfair" for 公平 in 不公平)."""
    glosses = _own_glosses(word.text, dictionary)
    out = []
    for m in re.finditer(r"[A-Za-z]+", en):
        low = m.group().lower()
        if low in EN_CUES or len(low) <= 2:
            continue
        prefixed = _EN_NEG_PREFIX.match(low)
        if dictionary.lemma(low) in glosses or (
                prefixed and dictionary.lemma(prefixed.group(1)) in glosses and
                negative_word(low, dictionary)):
            out.append(Word(m.group(), m.start(), m.end(), dictionary.lemma(low)))
    return out


def _first_linked(links: list[list[Word]]) -> tuple[Word, ...]:
    """The translations of the first governed word that has any."""
    return tuple(dict.fromkeys(next((words for words in links if words), [])))


def _status(negated: list[bool]) -> Status:
    if not negated:
        return "unknown"
    return "matched" if any(negated) else "contradicted"


# Longest evidence span (characters) from a cue to the word it governs.
MAX_SPAN = 40


def cue_span(text: str, cue: Cue) -> str:
    """The cue and the first word it governs as one span of ``text`` ("cannot
    flourish", 不得披露); the cue alone when that word is far away."""
    end = cue.start + len(cue.text)
    if cue.governed and end < cue.governed[0].end <= cue.start + MAX_SPAN:
        end = cue.governed[0].end
    return text[cue.start:end]


_EN_UNNEGATE = {"cannot": "can", "won't": "will", "can't": "can", "shan't": "shall",
                "ain't": "is", "never": "ever", "nothing": "something", "nobody": "somebody",
                "none": "some", "without": "with", "neither": "either", "nor": "or",
                "nowhere": "somewhere", "no": "some"}
_ZH_UNNEGATE = {"没有": "有", "没": "", "未": "已", "无": "有", "非": "是", "无法": "能",
                "从未": "曾", "从不": "总", "不得": "可", "尚未": "已", "毫无": "有",
                "并非": "是", "并不": "", "并未": "已", "未经": "经"}


def unnegated(text: str, cue: Cue) -> str:
    """``text`` with ``cue`` taken out (not -> "", n't -> "", 没有 -> 有, 不 -> ""):
    the counterfactual the encoder compares with the other side."""
    end = cue.start + len(cue.text)
    if cue.side == "zh":
        return text[:cue.start] + _ZH_UNNEGATE.get(cue.text, "") + text[end:]
    low = cue.text.lower().replace("’", "'")
    if low in _EN_UNNEGATE:
        return text[:cue.start] + _EN_UNNEGATE[low] + text[end:]
    if low.endswith("n't"):
        return text[:cue.start] + cue.text[:-3] + text[end:]
    start = cue.start - 1 if cue.start and text[cue.start - 1] == " " else cue.start
    return text[:start] + text[end:]  # "not"

