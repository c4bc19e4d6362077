"""Negation check: polarity present on one side and absent from the other.

A negation cue (not, n't, never, no, without ... / 不, 没有, 未, 无, 非, 别 ...)
is followed to the word it governs, and that word's translation on the
other side is looked up through CC-CEDICT (``negation_align``).  Cues whose
translation is negated too are matched; of the others, only those of the side
with more of them are weighed (equal numbers: a negation that moved).  A
finding is made for a cue that

* stands alone (the other side has no negation at all, not even a negative
  word such as avoid, refuse, stay, lose, 拒绝, 避免, or only negations
  matched by this side's other cues) and whose governed word is rendered
  un-negated on the other side ("contradicted"), or
* stands alone with no dictionary match, or is contradicted while the other
  side negates something else, and taking the cue out brings its side
  clearly closer to the other side in the encoder (the counterfactual gain).
  不 before a lexical verb or adjective (不走 "stayed") always needs that gain
  when there is an encoder, or
* is contradicted, the other side negates only outside the clauses that
  render the cue's clause (clause alignment, ``negation_clauses``), and the
  encoder gains a little when the cue is taken out, or
* is Chinese and the English clauses that render its clause say "always"
  with no negation (从不 / "always"), or
* negates an English auxiliary (was not, didn't) that the English trigram
  model finds out of place (the sentence reads better without it,
  ``english_lm``) and the encoder gains a little when it is taken out: two
  witnesses, each too weak alone, or
* is an English negative subject whose own verb is negated too ("No one
  shall not be deprived"), a double negation that affirms, while the Chinese
  negation matched to its "not" negates once.

A cue left unreported that negates an English auxiliary whose Chinese
rendering stands un-negated in the clauses that render it ("was not a jerk" /
是个坏人) is reported (``negation_copula``).  An English "never" whose clause
the Chinese renders with "always" and another verb (始终按着 "always holding"
for "never leaving") is not; "not" before a word negative by form ("not
unable") reads as positive (litotes); a Chinese verb with 不 inside (听不见
"cannot hear") is a cue too (``negation_potential``).

Otherwise a *reversal* is looked for: one side's word of one pole (increase,
增加, allow, more) and the other side's rendering of the opposite pole only,
by the regular expressions of ``REVERSALS`` and then through the dictionary
(``negation_antonyms``); last, an English pole word no Chinese word anchors
whose opposite both the English model and the encoder prefer
(``antonym_counterfactual``).  Chinese words containing 不/无/非 that do not negate
(不断 "continuously", 无论 "regardless", 非常 "very") are listed in
``ZH_NOT_NEGATION``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from bialign.checks import (
    CheckConfig,
    CheckResources,
    antonym_counterfactual,
    english_lm,
    severity_for,
)
from bialign.checks.coverage import Coverage, Word, cover_pair, zh_tokens
from bialign.checks.negation_align import (
    Cue,
    cue_span,
    lexical_non_negation,
    negative_word,
    pair_cues,
    quantity_bound,
    unnegated,
)
from bialign.checks.negation_antonyms import find_reversal, verb_rendered_after
from bialign.checks.negation_clauses import (
    locally_alone,
    rendering_clauses,
    rendering_text,
)
from bialign.checks.negation_copula import (
    AUXILIARIES,
    negates_auxiliary,
    rendered_copula,
    rendered_en_modal,
)
from bialign.checks.negation_modality import message as modality_message
from bialign.checks.negation_modality import modality_swap
from bialign.checks.negation_potential import potential_cues
from bialign.records import Finding, Pair

if TYPE_CHECKING:
    from bialign.checks.dictionary import Dictionary

EN_EXPLICIT = frozenset({
    "not", "no", "never", "without", "none", "nor", "neither", "nobody", "nothing",
    "nowhere", "cannot", "n't", "non",
})
EN_IMPLICIT_WORDS = frozenset({
    "avoid", "refrain", "prohibit", "forbid", "oppose", "object", "against", "refuse",
    "deny", "reject", "lack", "fail", "failure", "absence", "absent", "prevent", "stop",
    "ban", "hardly", "barely", "rarely", "seldom", "scarcely", "unless", "neglect", "ignore",
    "exclude", "cease", "halt", "resist", "impossible", "lest", "nor", "doubt", "disagree",
    "quit", "forget", "forgot", "forgotten", "unable",
    # Verbs that say "not leave / not change / no longer have" (不走 "stayed",
    # 没时候了 "lost her"); the false warnings they removed on faithful MAC-Dev
    # (seeds 1/2 splits of bench_negation_split.py) cost no negation recall.
    "stay", "stayed", "stays", "staying", "remain", "remained", "remains", "remaining",
    "lose", "loses", "lost", "losing",
})
# Removed on purpose (they switched the check off in faithful text and in
# perturbations alike): any, free, only, limit, give, far, too, yet, ever,
# either, few, little, less, rather, instead, except, beyond, away, alone.
# Prefixes that make a word negative (unfair, disagree, illegal, non-tariff).
# Negations inside a question are often rhetorical ("Why not try?").
_EN_QUESTION = re.compile(r"[^.!?;]*\?")
_ZH_QUESTION = re.compile(r"[^。！？；!?]*(?:[？?]|吗|难道|岂|何不)[^。！？；!?]*")
_EN_WORD = re.compile(r"\b[A-Za-z]+['’]t\b|[A-Za-z]+")
# Phrases with a negative word that do not negate ("not only ... but also").
_EN_NOT_NEGATION = re.compile(
    r"\b(?:not (?:only|least|until)|not (?:just|merely|simply)\b(?=[^.;!?]*\b(?:but|also)\b)|"
    r"not (?:more|less|over|under) than|no (?:doubt|sooner|matter|choice|wonder)|"
    r"not\b[^.,;!?]{0,40}\buntil|(?:^|(?<=[.!?\"'‘“ ]))no(?=[,.!])|in no time|no good|"
    r"nothing (?:but|more)|"
    r"non-|"
    r"nothing but|none other|(?:can ?not|can['’]t) help|(?:could ?not|couldn['’]t) help|"
    r"not to mention|no less than|not for nothing)\b", re.I)
# Phrases that negate without a negative word: implicit markers.
_EN_IMPLICIT_PHRASES = re.compile(r"\b(?:far from|(?:give|gives|gave|given|giving) up)\b", re.I)
EN_NEGATION_STEMS = ("avoid", "refrain", "prohibit", "forbid", "forbad", "oppos", "object",
                     "refus", "deni", "reject", "lack", "fail", "prevent", "stopp", "banned",
                     "ceas", "exclud", "neglect", "ignor", "resist")

# Idioms whose 非 says "changed" or "wrong", not "not" (jieba splits some of
# them: ``_ZH_IDIOMS`` joins them back): 人事皆非 "everything grew fuzzy" was a
# false warning on faithful MAC-Dev (seeds 1-8 of bench_divergence's machinery).
_FEI_IDIOMS = ("人事皆非", "物是人非", "面目全非", "今非昔比", "似是而非", "啼笑皆非", "想入非非",
               "是非")
ZH_EXPLICIT = frozenset({
    "不", "没", "没有", "未", "无", "非", "勿", "别", "莫", "否", "不要", "不能", "不会",
    "不得", "不应", "不可", "不该", "不必", "不用", "未能", "未曾", "从未", "从不", "决不",
    "绝不", "并非", "并不", "并未", "毫无", "无法", "无需", "无须", "不再", "尚未", "不是",
    "不准", "不许", "别再", "不让", "不到", "没法", "不肯", "不想", "不曾", "未必", "不应该",
    "不可以", "不能够", "无从", "不够", "不足", "不了", "不好", "不对", "不愿", "没什么",
    "不敢", "不宜", "不致", "不至于", "不会再", "非但", "免得",
})
ZH_IMPLICIT = frozenset({
    "避免", "禁止", "反对", "拒绝", "否认", "缺乏", "缺少", "阻止", "防止", "停止", "难以", "免",
    "除非", "除了", "很少", "少", "杜绝", "抵制", "排除", "失败", "不利", "反", "忽视", "放弃",
    "缺", "失去", "丧失", "欠缺", "摆脱", "取消", "阻碍", "妨碍", "制止", "限制", "只", "仅",
    "仅仅", "只有", "否则", "未经", "而非", "而不是", "与其", "宁可", "宁愿", "空", "少有", "罕见",
    "鲜有", "几乎", "甚少", "离开", "不顾", "忘", "忘记", "失", "免于", "省得", "以免", "以防",
    "脱离", "解除", "减少", "怀疑", "质疑", "违反", "违背", "违法", "错", "错误", "假", "零",
    "休想", "谁也", "什么也", "一点也", "难", "罢了", "算了", "忘了", "空着", "白白",
})
# Words containing 不/无/非/未/没 that do not negate the clause.  Checked on
# MAC-Dev and the MQM label-0 rows.
ZH_NOT_NEGATION = frozenset({
    "不断", "不仅", "不但", "不光", "无论", "不论", "非常", "不同", "不少", "无疑", "无数",
    "未来", "不久", "不禁", "不由得", "不管", "不过", "毫不犹豫", "无比", "不已", "非得",
    "无限", "不止", "未免", "没准", "差不多", "不得了", "了不起", "对不起", "不错", "无不",
    "莫过于", "莫名其妙", "不可思议", "无所不", "不约而同", "不知不觉", "无时无刻", "不外乎",
    "无非", "不时", "不一会儿", "不一会", "不由", "非凡", "不惜", "别人", "别的", "特别",
    "分别", "区别", "告别", "别墅", "级别", "类别", "个别", "性别", "差别", "识别", "别说",
    "是否", "能否", "否则", "与否", "可否", "未尝不", "无一不", "不一定", "莫不", "无非是",
    "不可或缺", "不少于", "不久前", "无穷", "无尽", "无限制", "无处不在", "不计其数", "无微不至",
    "一丝不苟", "坚定不移", "必不可少", "不可避免", "义不容辞", "持续不断", "源源不断", "不懈",
    "不停", "不住", "不休", "络绎不绝", "层出不穷", "迫不及待", "念念不忘", "不厌其烦",
    "美不胜收", "无可比拟", "无与伦比", "独一无二", "莫大", "无私", "不朽",
    "不得不", "无意", "要不", "要不然", "不然", "无可", "非要", "莫非", "何不", "不如",
    "非但",
    *_FEI_IDIOMS,
})
_ZH_IDIOMS = re.compile("|".join(_FEI_IDIOMS))
_ZH_NEG_CHARS = "不没未无非别莫否勿"
# A rhetorical question negates without a negative word (谁叫你去打劫呢? "no one
# is asking you to rob"; 那里还记得我们？ "you won't remember us"): an implicit marker.
_ZH_RHETORICAL = re.compile(r"(?:谁|哪里|那里|哪儿|哪有|那有|怎么|怎能|怎会|何必|何苦|何尝|何曾|"
                            r"岂|难道)[^。！？；!?]*(?:[？?]|呢)")

# A Chinese prohibition (不能让他碰你 "don't let him touch you") is often rendered
# as a warning condition ("if you let him touch you, your skin will rot"): the
# English renders the forbidden act inside an if-clause, without negation.
# A false warning on faithful MAC-Dev (seeds 1-8 of bench_divergence's machinery).
_ZH_PROHIBITIONS = frozenset({"不能", "不要", "别", "不可", "不准", "不许", "不得", "莫", "勿",
                              "不该", "不应", "不应该", "别再"})
_EN_CONDITION = re.compile(r"\b(?:if|unless|once|whenever)\b[^,;.!?]*", re.I)
_ALWAYS = re.compile(r"\b(?:always|forever)\b", re.I)
# Opposite poles: (English regex, Chinese words) for each side of a pair.
Pole = tuple[str, tuple[str, ...]]
REVERSALS: tuple[tuple[Pole, Pole], ...] = (
    ((r"increas\w*|rises?|rising|rose|risen|grow\w*|grew|raised?|raising|boost\w*|higher",
      ("增加", "增长", "上升", "增多", "提高", "提升", "上涨", "增强")),
     (r"decreas\w*|reduc\w*|declin\w*|falls?|falling|fell|fallen|shr[iau]nk\w*|lower\w*|"
      r"drop\w*", ("减少", "降低", "下降", "缩小", "下跌", "缩减", "减弱", "削减"))),
    ((r"more", ("更多", "增多")), (r"less|fewer", ("更少", "减少"))),
    ((r"larger|bigger", ("更大", "扩大")), (r"smaller", ("更小", "缩小"))),
    ((r"strengthen\w*|enhanc\w*|reinforc\w*", ("加强", "增强", "强化")),
     (r"weaken\w*|undermin\w*", ("削弱", "减弱", "弱化"))),
    ((r"allow\w*|permit\w*|authori[sz]\w*", ("允许", "准许", "许可", "准予")),
     (r"prohibit\w*|forbid\w*|forbade|bans?|banned|banning", ("禁止", "不准", "不许", "严禁"))),
    ((r"support\w*|favou?r\w*|endors\w*", ("支持", "赞成", "拥护", "赞同")),
     (r"oppos\w*|objects?|objected|objecting", ("反对", "抵制", "不赞成"))),
    ((r"expand\w*|expansion|widen\w*|loosen\w*|relax\w*", ("扩大", "放宽", "放松", "扩展")),
     (r"limit\w*|restrict\w*|narrow\w*|tighten\w*|curb\w*", ("限制", "收紧", "约束"))),
    ((r"accept\w*|agree|agreed|agrees|approv\w*", ("接受", "同意", "批准", "赞同")),
     (r"reject\w*|refus\w*|disagree\w*|den(?:y|ies|ied)", ("拒绝", "否决", "驳回", "反对"))),
    ((r"before|earlier", ("以前", "之前")), (r"after|later", ("以后", "之后"))),
    ((r"success\w*|succeed\w*", ("成功",)), (r"fail\w*", ("失败",))),
    ((r"love[sd]?|loving|like[sd]?|liking", ("喜欢", "热爱", "喜爱")),
     (r"hate[sd]?|hating|dislike[sd]?", ("讨厌", "憎恨", "厌恶"))),
    ((r"open(?:ed|ing|s|ness)?", ("开放", "打开")), (r"closed?|closing|shut", ("关闭", "封闭"))),
    ((r"better", ("更好",)), (r"worse", ("更坏", "更差", "更糟"))),
    ((r"best", ("最好",)), (r"worst", ("最坏", "最差", "最糟"))),
)


@dataclass(frozen=True)
class NegationCheckConfig:
    """Scores (0..1) and cut-offs of the negation check.

    Set on generated negation/antonym perturbations (bench/perturb.py
    injectors) of MAC-Dev and UDHR, even-numbered pairs, seed 1: each gain is
    the smallest that keeps false warnings on the faithful MAC-Dev pairs of
    that split at or below 10 per 1,000.  Held out: odd-numbered pairs, seed 2.
    """

    # A cue alone on its side whose governed word is rendered un-negated
    # (alone: the other side negates nothing, or only what this side's other
    # cues account for; the latter: recall +0.015 calibration / +0.02
    # held-out, false warnings +0 / +1 of 658 pairs).
    # About half of the check's false alarms on faithful MAC-Dev pairs are
    # of this kind, so a warning, not an error.
    contradicted_score: float = 0.7
    # USE cosine gain, see min_gain: the encoder need only not object.  Set
    # on the calibration split: 0.01 -> 0.0 raised negation recall 0.24 ->
    # 0.30 (held-out 0.20 -> 0.27) for +1 (+2) false warnings of 658 pairs.
    min_contradicted_gain: float = 0.0
    # A cue alone on its side whose governed word has no dictionary match,
    # or a contradicted cue when the other side negates something else.
    unconfirmed_score: float = 0.6
    reversal_score: float = 0.7  # increase vs 减少 and the like
    # Gain in USE cosine to the other side when the cue is taken out; below
    # it the encoder does not see the negation as the difference.  0.02
    # gives recall 0.38 at 30 false warnings per 1,000 (calibration split).
    min_gain: float = 0.045
    # min_gain for English cues: 0.045 -> 0.038 added 8 negation hits of 556
    # (seed 1/2 splits, bench_negation_split.py) for 1 false warning on the
    # 1,316 faithful MAC-Dev pairs; 0.035 added 4 more hits for 1 more.
    min_en_gain: float = 0.038
    # A Chinese cue whose clause the English renders with "always" and no
    # negation (从不 / "always"): +2 antonym and +1 negation hits, no false
    # warning on faithful MAC-Dev (same splits).
    always_score: float = 0.7
    # "shall" against 可 or "may" against 应 (negation_modality): a duty turned right
    modality_score: float = 0.6
    # A contradicted cue whose clause is rendered without negation while the
    # other side negates elsewhere (clause alignment, ``negation_clauses``):
    # the encoder gain it needs.  Seed 1/2 splits: 0.015 added 8 negation and
    # 1 antonym hits for no false warning on faithful MAC-Dev; 0.01 added 15
    # and 1 for one; 0.0 added 35 and 2 for ten (and one on the UDHR).
    min_clause_gain: float = 0.015
    # A negated English auxiliary (was not, didn't) the trigram model
    # (english_lm) finds out of place: the sentence without the negation reads
    # at least ``min_lm_gain`` nats better, and the encoder gain clears
    # ``min_lm_encoder_gain``, lower than min_en_gain: two witnesses.  Set on
    # seeds 1-4 of bench_negation_split.py --seeds (5-8 held out): negation
    # recall 76 -> 107 of 240 (81 -> 112), faithful MAC-Dev 3 -> 4 of 1,316
    # pairs ("we shan't have a chance" for 就难说了), UDHR 0.  LM gain 4:
    # 98 (103) at 4; encoder gain 0: 118 at 9 (seeds 1-4); measuring the gain
    # against the contraction written out ("shall not") changed nothing.  Other cues
    # (nobody, nor, or not) are left out: without them the sentence is not
    # well formed, and 5 faithful pairs were flagged that way.
    min_lm_gain: float = 2.0
    min_lm_encoder_gain: float = 0.01
    # Pairs shorter than this (characters of English) are headings: skipped.
    min_en_chars: int = 12


DEFAULT_NEGATION_CONFIG = NegationCheckConfig()


@dataclass(frozen=True)
class CueDecision:
    """What the check made of one cue: ``score`` 0 when not reported, and ``reason``.

    ``alone``: the other side has no negation at all, or each of its cues
    matched by one of this side; ``gain``: the encoder's
    counterfactual gain (None without an encoder or for a cue not weighed).
    """

    cue: Cue
    alone: bool
    gain: float | None
    score: float
    reason: str


@dataclass(frozen=True)
class Polarity:
    """The negation markers of one side: explicit and implicit (text, start)."""

    explicit: tuple[tuple[str, int], ...]
    implicit: tuple[tuple[str, int], ...]


def english_polarity(text: str) -> Polarity:
    """Negation markers of an English text."""
    explicit, implicit = [], []
    idioms = [m.span() for m in _EN_NOT_NEGATION.finditer(text)]
    idioms += [m.span() for m in _EN_QUESTION.finditer(text)]
    for match in _EN_WORD.finditer(text):
        word = match.group().lower().replace("’", "'")
        if any(s <= match.start() < e for s, e in idioms):
            implicit.append((match.group(), match.start()))
        elif word.endswith("n't") or word in EN_EXPLICIT:
            if not (word == "no" and re.match(r"\.\s*\d", text[match.end():])):  # "No. 5"
                explicit.append((match.group(), match.start()))
        elif word in EN_IMPLICIT_WORDS or word.startswith(EN_NEGATION_STEMS) or \
                _negative_affix(word):
            implicit.append((match.group(), match.start()))
    implicit += [(m.group(), m.start()) for m in _EN_IMPLICIT_PHRASES.finditer(text)]
    return Polarity(tuple(explicit), tuple(sorted(implicit, key=lambda m: m[1])))


def _negative_affix(word: str) -> bool:
    """unfair, illegal, careless (``negation_align.negative_word``)."""
    return negative_word(word, _dictionary())


@lru_cache(maxsize=1)
def _dictionary() -> Dictionary:
    from bialign.checks.dictionary import load_dictionary

    return load_dictionary()


def chinese_polarity(text: str) -> Polarity:
    """Negation markers of a Chinese text, read word by word (jieba)."""
    explicit, implicit = [], []
    questions = [m.span() for m in _ZH_QUESTION.finditer(text)]
    implicit += [(m.group(), m.start()) for m in _ZH_RHETORICAL.finditer(text)]
    for word, start, end in _idiom_tokens(text):
        if word in ZH_NOT_NEGATION or not any("\u4e00" <= c <= "\u9fff" for c in word) or \
                lexical_non_negation(text, start, word, _dictionary()):
            continue
        if word in ZH_EXPLICIT and not _is_question(text, start, end) and \
                not quantity_bound(text, word, end) and \
                not any(s <= start < e for s, e in questions):
            explicit.append((word, start))
        elif word in ZH_EXPLICIT or word in ZH_IMPLICIT or \
                any(c in _ZH_NEG_CHARS for c in word):
            implicit.append((word, start))  # 非法, 不满, 无效, 忍不住: negative words
    return Polarity(tuple(explicit), tuple(sorted(implicit, key=lambda m: m[1])))


def _idiom_tokens(text: str) -> list[tuple[str, int, int]]:
    """Jieba's words of ``text`` (``zh_tokens``), the words of a listed idiom
    (``_ZH_IDIOMS``) joined into one."""
    tokens = zh_tokens(text)
    for m in _ZH_IDIOMS.finditer(text):
        a, b = m.span()
        inside = [t for t in tokens if t[1] < b and t[2] > a]
        if inside and inside[0][1] >= a and inside[-1][2] <= b:  # idiom on word boundaries
            tokens = [t for t in tokens if t not in inside]
            tokens.append((m.group(), a, b))
    return sorted(tokens, key=lambda t: t[1])


def _is_question(text: str, start: int, end: int) -> bool:
    """会不会, 是不是, 有没有 (A-not-A), or a final 没有？: questions, not negations."""
    before, after = text[start - 1:start] if start else "", text[end:end + 1]
    if before and after and before == after:
        return True
    word = text[start:end]
    if word in ("没有", "没", "不") and (before == "了" or not after or after in "？?吗") and \
            (after in "？?" or before == "了"):
        return True
    return len(word) == 3 and word[0] == word[2] and word[1] in "不没"


@lru_cache(maxsize=64)
def _pole_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})\b", re.I)


class NegationCheck:
    """Negations present on one side only, and reversed directions."""

    name = "negation"

    def __init__(self, *, options: NegationCheckConfig = DEFAULT_NEGATION_CONFIG) -> None:
        self.options = options

    def run(self, pairs: Sequence[Pair], resources: CheckResources,
            config: CheckConfig) -> list[Finding]:
        """Findings for every pair with text on both sides."""
        findings: list[Finding] = []
        for pair in pairs:
            if len(pair.en.strip()) >= self.options.min_en_chars and pair.zh.strip():
                findings.extend(self.check_pair(pair, resources, config))
        return findings

    def check_pair(self, pair: Pair, resources: CheckResources,
                   config: CheckConfig) -> list[Finding]:
        """An unmatched negation cue (word-level, encoder-confirmed), else a reversal."""
        decisions = [d for d in self.decide(pair, resources) if d.score > 0]
        if decisions:
            best = max(decisions, key=lambda d: d.score)  # the first of the best
            if best.reason == DOUBLE_NEGATION:
                said = best.cue.anchors[0].text if best.cue.anchors else ""
                return [self._finding(
                    pair, best.score, config, best.cue.text, said,
                    f'The English "{best.cue.text}" negates twice, which affirms, but the '
                    f"Chinese {said or 'negation'} negates once: check whether one side says "
                    f"the opposite.")]
            return [self._cue_finding(pair, best.score, best.cue, config)]
        found = self._reversals(pair, config)
        if found:
            return found
        tokens = zh_tokens(pair.zh)  # for both tests below
        return self._dictionary_reversal(pair, tokens, resources, config) or \
            self._modality(pair, tokens, config) or \
            self._counterfactual_reversal(pair, tokens, resources, config)

    def _modality(self, pair: Pair, tokens: list[tuple[str, int, int]],
                  config: CheckConfig) -> list[Finding]:
        """Obligation on one side, permission on the other (``negation_modality``)."""
        swap = modality_swap(pair.en, pair.zh, tokens)
        if swap is None:
            return []
        return [self._finding(pair, self.options.modality_score, config, swap.en, swap.zh,
                              modality_message(swap))]

    def decide(self, pair: Pair, resources: CheckResources) -> list[CueDecision]:
        """Every negation cue of the pair with its score (0: not reported) and why."""
        cov = cover_pair(pair.en, pair.zh, resources.dictionary)
        tokens = _idiom_tokens(pair.zh)
        cues = [_litotes(c) for c in pair_cues(pair.en, pair.zh, cov, tokens, ZH_NOT_NEGATION,
                                               resources.dictionary)]
        # Not "alone" on their own: 脚不离, 听不见, 说不上来 are often rendered
        # without a negation (6 more false warnings on faithful MAC-Dev).
        cues += potential_cues(pair.en, tokens, cov, ZH_NOT_NEGATION,
                               {c.start for c in cues if c.side == "zh"}, resources.dictionary)
        # Cues that nothing on the other side explains; a side with more of
        # them than the other has a negation the other lacks (equal numbers:
        # a negation moved, 我觉得他不对 "I don't think he is right").
        unmatched = [c for c in cues if c.status != "matched"]
        count: Counter[str] = Counter(c.side for c in unmatched)
        candidates = [c for c in unmatched if count[c.side] > count[_other(c.side)]]
        gains = dict(zip(candidates, _gains(pair, candidates, resources), strict=True))
        lm_gains = _lm_gains(pair, candidates)
        # Alone: this side negates (outside questions and idioms), the other
        # side has no negation at all, not even a negative word (avoid, 拒绝),
        # or each of its cues is matched by one of this side (accounted for).
        en, zh = english_polarity(pair.en), chinese_polarity(pair.zh)
        zh_markers = [at for _, at in zh.explicit + zh.implicit]
        en_markers = [at for _, at in en.explicit + en.implicit]
        lone = {"en": bool(en.explicit) and not zh.explicit and not zh.implicit,
                "zh": bool(zh.explicit) and not en.explicit and not en.implicit}
        for side in ("en", "zh"):
            other = [c for c in cues if c.side == _other(side)]
            # Negative words other than the matched cues themselves (不理 is both).
            starts = {c.start for c in other}
            implicit = [(w, at) for w, at in (zh if side == "en" else en).implicit
                        if not any(at <= x < at + len(w) for x in starts)]
            lone[side] |= bool(other) and all(c.status == "matched" for c in other) and \
                not implicit
        decisions = []
        for cue in cues:
            if cue.side == "zh" and cue.status != "matched" and \
                    _rendered_with_always(cue, cov, pair, en):
                decisions.append(CueDecision(
                    cue, lone[cue.side], gains.get(cue), self.options.always_score,
                    'its clause is rendered with "always" and no negation'))
                continue
            decision = self._decide_cue(cue, lone[cue.side], cue in gains, gains.get(cue),
                                        lm_gains.get(cue))
            if decision.score == 0 and self._clause_alone(decision, cov, pair, en, zh):
                decision = CueDecision(cue, decision.alone, decision.gain,
                                       self.options.unconfirmed_score,
                                       "contradicted, its clause rendered without negation")
            copula = (rendered_copula(pair.en, pair.zh, cue, cov, tokens, zh_markers) or
                      rendered_en_modal(pair.en, pair.zh, cue, cov, en_markers)) \
                if decision.score == 0 and cue in gains and \
                (decision.alone or cue.status == "contradicted") else None
            if copula is not None:
                decision = CueDecision(replace(cue, anchors=(copula,)), decision.alone,
                                       decision.gain, self.options.unconfirmed_score,
                                       f"its auxiliary is rendered {copula.text}, not negated")
            if decision.score > 0 and _prohibition_as_condition(cue, pair):
                decision = CueDecision(cue, decision.alone, decision.gain, 0.0,
                                       "a prohibition rendered as an if-clause")
            if decision.score > 0 and _negative_question(cue, pair):
                decision = CueDecision(cue, decision.alone, decision.gain, 0.0,
                                       "a negative yes/no question against a Chinese question")
            if decision.score > 0 and _before_frame(cue, pair):
                decision = CueDecision(cue, decision.alone, decision.gain, 0.0,
                                       "未 … 以前 'before X', rendered with before")
            if decision.score > 0 and _never_as_always(cue, cov, pair, resources.dictionary):
                decision = CueDecision(cue, decision.alone, decision.gain, 0.0,
                                       "never rendered as always with the opposite verb")
            decisions.append(decision)
        return [self._double_negation(d, pair, cues) if d.score == 0 else d for d in decisions]

    def _double_negation(self, decision: CueDecision, pair: Pair,
                         cues: Sequence[Cue]) -> CueDecision:
        """An unmatched negative subject whose own verb is negated too ("No one
        shall not be deprived"): the English affirms, while the Chinese negation
        matched to its "not" negates once."""
        cue = decision.cue
        en_count = sum(c.side == "en" for c in cues)
        # matched or not (the dictionary may tie "No one" to the 不得 that "not"
        # renders), unless the Chinese negates as often (没有人不 renders both)
        if cue.side != "en" or cue.status == "matched" and en_count <= len(cues) - en_count:
            return decision
        m = _DOUBLE_NEGATION.match(pair.en, cue.start)
        if m is None:
            return decision
        second = next((c for c in cues if c.side == "en" and c.status == "matched" and
                       m.start(1) <= c.start < m.end()), None)
        if second is None:
            return decision
        # The Chinese negation that matched the "not": the one governing its anchor.
        anchors = {a.start for a in second.anchors}
        zh = [c for c in cues if c.side == "zh" and c.status == "matched"]
        rendering = next((c for c in zh if anchors & {g.start for g in c.governed}),
                         zh[0] if zh else None)
        found = Word(rendering.text, rendering.start, rendering.start + len(rendering.text),
                     rendering.text) if rendering else None
        return CueDecision(replace(cue, text=m.group(), anchors=(found,) if found else ()),
                           decision.alone, decision.gain, self.options.contradicted_score,
                           DOUBLE_NEGATION)

    def _clause_alone(self, decision: CueDecision, cov: Coverage, pair: Pair, en: Polarity,
                      zh: Polarity) -> bool:
        """A contradicted cue (not 不 before a lexical verb) whose clause the
        other side renders with no negation marker, the encoder not objecting,
        while the other side negates elsewhere."""
        cue, gain = decision.cue, decision.gain
        if cue.status != "contradicted" or cue.lexical or gain is None or \
                gain <= self.options.min_clause_gain:
            return False
        other = zh if cue.side == "en" else en
        markers = [at for _, at in other.explicit + other.implicit]
        texts = (pair.en, pair.zh) if cue.side == "en" else (pair.zh, pair.en)
        return bool(locally_alone(cov, cue.side, cue.start, *texts, markers))

    def _decide_cue(self, cue: Cue, alone: bool, candidate: bool,
                    gain: float | None, lm_gain: float | None = None) -> CueDecision:
        options = self.options
        if cue.status == "matched":
            return CueDecision(cue, alone, gain, 0.0, "matched: the other side negates it too")
        if not candidate:
            return CueDecision(cue, alone, gain, 0.0, "the other side has as many cues")
        # 不 before a lexical verb or adjective (不走, 不像, 不知道): English
        # often renders it with one word of the opposite sense ("stayed",
        # "tramps", "except me") that CC-CEDICT does not link, so the
        # dictionary's "contradicted" needs the encoder (the next rule) when
        # there is one.  On the seed 1/2 splits of bench_negation_split.py:
        # 4 of the 12 false warnings on faithful MAC-Dev for 5 of 556 hits.
        weak = cue.lexical and gain is not None
        if alone and cue.status == "contradicted" and not weak and \
                (gain is None or gain > options.min_contradicted_gain):
            return CueDecision(cue, alone, gain, options.contradicted_score, "contradicted, alone")
        min_gain = options.min_gain if cue.side == "zh" else options.min_en_gain
        if gain is not None and gain > min_gain and (alone or cue.status == "contradicted"):
            return CueDecision(cue, alone, gain, options.unconfirmed_score,
                               f"{cue.status}, encoder-confirmed")
        if gain is not None and lm_gain is not None and lm_gain >= options.min_lm_gain and \
                gain > options.min_lm_encoder_gain:
            return CueDecision(cue, alone, gain, options.unconfirmed_score,
                               f"{cue.status}, encoder- and English-model-confirmed")
        where = "alone" if alone else "the other side negates elsewhere"
        if not alone and cue.status == "unknown":
            return CueDecision(cue, alone, gain, 0.0, f"unknown, {where}")
        return CueDecision(cue, alone, gain, 0.0, f"{cue.status}, {where}, encoder gain below gate")

    def _dictionary_reversal(self, pair: Pair, tokens: list[tuple[str, int, int]],
                             resources: CheckResources,
                             config: CheckConfig) -> list[Finding]:
        """A pole word whose antonym, not itself, the other side renders (CC-CEDICT)."""
        dictionary = resources.dictionary
        found = find_reversal(pair.en, pair.zh, tokens, dictionary)
        if found is None:
            return []
        reversal, anchor = found
        if reversal.side == "en":
            en_word, zh_word = reversal.word, anchor.text
            message = (f'The English says "{en_word}", but the Chinese {zh_word} means '
                       f'"{reversal.opposite}": check whether one side says the opposite.')
        else:
            en_word, zh_word = anchor.text, reversal.word
            message = (f'The Chinese says {zh_word}, but the English "{en_word}" renders '
                       f"{reversal.opposite}: check whether one side says the opposite.")
        return [self._finding(pair, self.options.reversal_score, config, en_word, zh_word,
                              message)]

    def _counterfactual_reversal(self, pair: Pair, tokens: list[tuple[str, int, int]],
                                 resources: CheckResources,
                                 config: CheckConfig) -> list[Finding]:
        """An English pole word no Chinese word anchors, whose opposite both the
        English model and the encoder prefer (``antonym_counterfactual``)."""
        if resources.encoder is None:
            return []
        swap = antonym_counterfactual.best_swap(pair.en, pair.zh, tokens, resources.dictionary,
                                                resources.encoder)
        if swap is None:
            return []
        return [replace(self._finding(pair, self.options.unconfirmed_score, config,
                                      swap.word.text, "", antonym_counterfactual.message(swap)),
                        suggestion=swap.opposite)]

    def _cue_finding(self, pair: Pair, score: float, cue: Cue, config: CheckConfig) -> Finding:
        anchor = cue.anchors[0].text if cue.anchors else ""
        if cue.side == "en":
            en_word = cue_span(pair.en, cue)
            said = f'The English says "{en_word}"'
            other = f"the Chinese {anchor} is not negated" if anchor else \
                "the Chinese has no negation there"
            zh_word = anchor
        else:
            zh_word = cue_span(pair.zh, cue)
            if cue.governed and cue.governed[0].start < cue.start:  # 听不见: the whole word
                zh_word = pair.zh[cue.governed[0].start:cue.start] + zh_word
            said = f"The Chinese says {zh_word}"
            other = f'the English "{anchor}" is not negated' if anchor else \
                "the English has no negation there"
            en_word = anchor
        message = f"{said}, but {other}: check whether one side says the opposite."
        return self._finding(pair, score, config, en_word, zh_word, message)

    def _reversals(self, pair: Pair, config: CheckConfig) -> list[Finding]:
        """A word of one pole on one side, only the opposite pole on the other."""
        for pole_a, pole_b in REVERSALS:
            for (en_x, zh_x), (en_y, zh_y) in ((pole_a, pole_b), (pole_b, pole_a)):
                en_hit = _pole_regex(en_x).search(pair.en)
                zh_hit = [w for w in zh_y if w in pair.zh]
                if en_hit and zh_hit and not _pole_regex(en_y).search(pair.en) and \
                        not any(w in pair.zh for w in zh_x):
                    return [self._finding(
                        pair, self.options.reversal_score, config, en_hit.group(), zh_hit[0],
                        f'The English says "{en_hit.group()}", but the Chinese {zh_hit[0]} '
                        f"means the opposite.")]
        return []

    def _finding(self, pair: Pair, score: float, config: CheckConfig, en_word: str,
                 zh_word: str, message: str) -> Finding:
        return Finding(category=self.name, severity=severity_for(score, config), score=score,
                       link=pair.index, message=message, en_evidence=en_word,
                       zh_evidence=zh_word)


def _rendered_with_always(cue: Cue, cov: Coverage, pair: Pair, en: Polarity) -> bool:
    """True when the English clauses that render the Chinese cue's clause say
    "always" or "forever" and hold no negation marker (never -> always)."""
    markers = [at for _, at in en.explicit + en.implicit]
    if not locally_alone(cov, "zh", cue.start, pair.zh, pair.en, markers):
        return False
    return bool(_ALWAYS.search(rendering_text(cov, "zh", cue.start, pair.zh, pair.en)))


# "never leaving" is often rendered "always holding" (始终按着): an "always"
# word, not followed by a negation, where the English says "never", and the
# English verb not rendered right after it.  A false warning on faithful
# MAC-Dev (seeds 1-8 of bench_negation_split.py --seeds); the mirror of
# ``_rendered_with_always``.
_ZH_ALWAYS = re.compile(r"(?:始终|总是|永远|一直|向来|一向|老是|每每|总)"
                        r"(?![^，。；：！？,.;:!?]?[不没未无别])")


def _never_as_always(cue: Cue, cov: Coverage, pair: Pair, dictionary: Dictionary) -> bool:
    """True for an English "never" whose clause the Chinese renders with an
    "always" word (始终, 总是, 永远 ...) that no negation follows, and not
    with the English verb right after it (始终有来 is "always came")."""
    if cue.side != "en" or cue.text.lower() != "never":
        return False
    spans = rendering_clauses(cov, "en", cue.start, pair.en, pair.zh) or [(0, len(pair.zh))]
    found = next((m for a, b in spans for m in _ZH_ALWAYS.finditer(pair.zh, a, b)), None)
    if found is None:
        return False
    return not verb_rendered_after(pair.en, cue.start + len(cue.text), pair.zh, found.end(),
                                   dictionary)


def _prohibition_as_condition(cue: Cue, pair: Pair) -> bool:
    """True for a Chinese prohibition (不能, 别, 不要 ...) whose governed word's
    English rendering sits in an if-clause ("if you let him touch you")."""
    if cue.side != "zh" or not cue.anchors or \
            not any(pair.zh.startswith(w, cue.start) for w in _ZH_PROHIBITIONS):
        return False
    at = cue.anchors[0].start
    return any(m.start() <= at < m.end() for m in _EN_CONDITION.finditer(pair.en))


# A yes/no question that opens with a negated auxiliary ("Don't you know …?",
# "Isn't it …?", "Have ye not read …?") asks what the plain question asks.
_EN_NEGATIVE_QUESTION = re.compile(
    r"(?:^|(?<=[.!?;:\"“‘(]\s)|(?<=[.!?;:]))\s*(?:(?:" + "|".join(AUXILIARIES) +
    r")n['’]t|can['’]t|won['’]t|(?:" + "|".join(AUXILIARIES) + r")\s+(?:\w+\s+){0,2}?not)\b"
    r"[^.!?]*\?", re.IGNORECASE)
_ZH_QUESTION_END = re.compile(r"[？?]")


def _negative_question(cue: Cue, pair: Pair) -> bool:
    """True for an English cue inside a yes/no question opened by a negated
    auxiliary, when the Chinese asks a question too (你知道他走了吗？ for "Don't
    you know he left?"): the two ask the same.  A wh-question ("Why didn't you
    tell me?") is not one."""
    if cue.side != "en" or not _ZH_QUESTION_END.search(pair.zh):
        return False
    return any(m.start() <= cue.start < m.end() for m in _EN_NEGATIVE_QUESTION.finditer(pair.en))


# 未/没 … 以前 "before": the negation inside a "before" frame is pleonastic
# (荒年未到以前 "before the years of famine came"; 我未到埃及见你之先).
_ZH_BEFORE_FRAME = re.compile(r"[^，。；：！？,;:!?]{0,10}?(?:以前|之前|以先|之先)")
_EN_BEFORE = re.compile(r"\b(?:before|until|till|ere|prior to)\b", re.I)


def _before_frame(cue: Cue, pair: Pair) -> bool:
    """True for 未, 没, 没有 … 以前/之前/以先/之先 in the Chinese when the English
    says "before", "until" or "prior to"."""
    if cue.side != "zh" or cue.text not in ("未", "没", "没有", "尚未", "还没", "还没有"):
        return False
    return bool(_ZH_BEFORE_FRAME.match(pair.zh, cue.start + len(cue.text))) and \
        bool(_EN_BEFORE.search(pair.en))


_EN_NEGATIVE_FORM = re.compile(r"^(?:un|in|im|il|ir|dis|non)|less$")


def _litotes(cue: Cue) -> Cue:
    """An English cue before a negative word ("not unable", "not helpless"):
    the two negations cancel, so the word's Chinese rendering should not be
    negated; a negated rendering contradicts, an un-negated one matches
    (bench_negation_split.py --seeds 1-8: one more hit, no false warning)."""
    if cue.side != "en" or not cue.governed or cue.status == "unknown":
        return cue
    word = cue.governed[0].text.lower()
    # Only words negative by form (no, nothing, unable, helpless): a word
    # negative by sense ("never lose") is rendered by one too (输), un-negated.
    if not (word in EN_EXPLICIT or _EN_NEGATIVE_FORM.match(word) and _negative_affix(word)):
        return cue
    return replace(cue, status="contradicted" if cue.status == "matched" else "matched")


def _other(side: str) -> str:
    return "zh" if side == "en" else "en"


def _gains(pair: Pair, cues: Sequence[Cue], resources: CheckResources) -> list[float | None]:
    """For each cue, how much closer its side comes to the other side (USE
    cosine) with the cue taken out; None for all without an encoder."""
    if not cues or resources.encoder is None:
        return [None] * len(cues)
    texts = [pair.en, pair.zh] + [unnegated(pair.en if c.side == "en" else pair.zh, c)
                                  for c in cues]
    vectors = resources.encoder.encode(texts)
    base = float(vectors[0] @ vectors[1])
    return [float(vectors[2 + k] @ vectors[1 if c.side == "en" else 0]) - base
            for k, c in enumerate(cues)]


DOUBLE_NEGATION = "double negation: the other side negates once"
# A negative subject and its own verb negated: two negations that affirm.
_DOUBLE_NEGATION = re.compile(
    r"(?:no one|nobody|nothing|none|neither|no\s+[a-z]+)\s+(?:[a-z]+\s+)??"
    r"((?:" + "|".join(AUXILIARIES) + r")(?:\s+not\b|n['’]t\b)|"
    r"(?:can['’]t|cannot|won['’]t|shan['’]t)\b)", re.IGNORECASE)
def _lm_gains(pair: Pair, cues: Sequence[Cue]) -> dict[Cue, float]:
    """For each negated English auxiliary, how much better (nats, english_lm)
    the English reads with the negation taken out; empty without the model."""
    # Without a negated auxiliary the sentence stays well formed, so the model's
    # preference is a fair witness; without "nobody" or "nor" it is not.
    english = [c for c in cues if negates_auxiliary(pair.en, c)]
    if not english or not english_lm.available():
        return {}
    base = english_lm.text_log_prob(pair.en)
    return {c: english_lm.text_log_prob(unnegated(pair.en, c)) - base for c in english}


CHECK = NegationCheck()
