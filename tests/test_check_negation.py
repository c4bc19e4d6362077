"""The negation check: lost negations and reversed directions, hand-made pairs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bialign.checks import CheckConfig, CheckResources
from bialign.checks.negation import CHECK, _negative_affix, chinese_polarity, english_polarity
from bialign.checks.negation_align import Cue
from bialign.checks.negation_copula import negated_auxiliary, negates_auxiliary
from bialign.records import Pair

CONFIG = CheckConfig()

# (sub-kind, English, Chinese, expected (en_evidence, zh_evidence) or None)
CASES = [
    ("English negation lost", "Companies cannot flourish in such an environment.",
     "企业能够在这样的环境中蓬勃发展。", ("cannot flourish", "蓬勃发展")),
    ("English n't lost", "The government didn't approve the plan.", "政府批准了该计划。",
     ("didn't approve", "批准")),
    ("Chinese negation added", "Both sides agreed to the rules.", "双方没有同意这些规则。",
     ("agreed", "没有同意")),
    ("Chinese 不 added", "The data is safe.", "这些数据是不安全的。", ("safe", "不安全")),
    ("legal: 不得 vs may", "The Receiving Party may disclose the information to the public.",
     "接收方不得披露该信息。", ("disclose", "不得披露")),  # CC-CEDICT: 披露 "make public"
    ("only no longer silences", "Only members may enter the room.",
     "只有会员不得进入这个房间。", ("enter", "不得进入")),
    ("reversal: increase/decrease", "Exports increased sharply this year.",
     "今年出口大幅减少。", ("increased", "减少")),
    ("reversal: allow/forbid", "The rules allow foreign firms to invest.",
     "规则禁止外国企业投资。", ("allow", "禁止")),
    ("reversal: support/oppose", "China supports the proposal.", "中国反对这项提议。",
     ("supports", "反对")),
    ("reversal: domestic/foreign", "Domestic firms will receive the subsidies.",
     "外国企业将获得这些补贴。", ("Domestic", "外国")),
    ("double negation in the English", "No one shall not be arbitrarily deprived of his property.",
     "任何人的财产不得任意剥夺。", ("No one shall not", "不得")),
    ("kept: a double negation on both sides", "Nobody could not love her.", "没有人不爱她。", None),
    ("kept: both negated", "Security concerns cannot become a catch-all.",
     "国家安全关切不能成为万能借口。", None),
    ("kept: implicit English", "Both governments should avoid market-distorting subsidies.",
     "两国政府都不应实施扭曲市场的补贴。", None),
    ("kept: non- and 非", "for non-governmental discussions", "进行非政府的讨论", None),
    ("not negation: 不断 不仅 非常", "Trade keeps growing and is very important.",
     "贸易不断增长，非常重要，不仅对两国。", None),
    ("not negation: not only", "Spain is safe, not only for Spaniards but for tourists.",
     "西班牙是安全的，对西班牙人和游客都是如此。", None),
    ("not negation: A-not-A question", "Will it happen again in the future?",
     "将来会不会再次发生呢？", None),
    ("kept: legal both negated", "The Receiving Party shall not disclose the information.",
     "接收方不得披露该信息。", None),
    ("kept: negated inside the word", "I can't remember.", "我记不起了。", None),
    ("same direction", "Exports increased, and imports increased too.",
     "出口增加，进口也增加了。", None),
    ("English not, 等 a function word", "He was not waiting for them at the door.",
     "他在门口等她们。", ("not waiting", "等")),
    ("Chinese 不是 added", "He is a good man.", "他不是个好人。", ("good", "不是个好人")),
    ("kept: 不到 before a numeral", "She began binding her feet before she was six.",
     "她不到六岁就开始缠脚。", None),
    ("kept: 非但 and far from", "Far from belittling her friend, she felt a tender pity.",
     "她非但不觉得她作假，还有一种怜爱。", None),
    ("kept: 非 ... 不可 is must", "Tomorrow I will make you surrender.",
     "明儿非叫你投降不可。", None),
    ("kept: rhetorical question", "There was no time to think about eating.",
     "那里还有吃饭的工夫？", None),
    ("kept: converse win/lose", "He beat you, presumably.", "你输了，是不是？", None),
    # The other side's one negation is matched by this side's first: the second is extra.
    ("English not added beside a matched one", "He did not come, and she was not happy.",
     "他没有来，她很高兴。", ("not happy", "高兴")),
    ("English not added, 不理 matched by ignored", "He ignored them and did not speak.",
     "他不理他们，也说话。", ("not speak", "说话")),
    ("kept: a negation moved", "I don't think he is right.", "我觉得他不对。", None),
    ("kept: both matched", "He did not come, and she was happy.", "他没有来，她很高兴。", None),
    # A prohibition rendered as a warning condition (faithful MAC-Dev 004).
    ("kept: prohibition as an if-clause", "If you open the door, the cat will run away.",
     "你不要开门，猫会跑掉的。", None),
    ("Chinese prohibition, English command", "Open the door.", "你不要开门。",
     ("Open", "不要开门")),
    ("kept: 人事皆非 is an idiom", "As they redid the scene, everything grew fuzzy.",
     "再一遍来起就有些人事皆非了。", None),
    # Litotes: "not" before a word negative by form; the two cancel (MAC-Dev 001).
    ("English not before unable", "He was not unable to rein himself in.",
     "他收脚不住。", ("not unable", "不住")),
    ("kept: not unable is able", "He was not unable to rein himself in.",
     "他收得住脚。", None),
    # "never leaving" rendered "always holding": no finding (faithful MAC-Dev 005).
    ("kept: never as always", "The highwayman pushed her on, his hand never leaving his belt.",
     "劫路人催着她走，他的手始终按着腰带。", None),
    ("never against always with the same verb", "I waited for her, but she never came.",
     "我等着她，但她始终有来。", ("never came", "有来")),
    ("kept: V不C linked only through its complement", "The attack was met by cries.",
     "起初还能听到哭叫声，一会儿就听不见了。", None),
    # A negated English auxiliary against its un-negated Chinese rendering.
    ("English copula negated, 是 not", "She said the deputy was not a jerk.",
     "她说军代表是个坏人。", ("not a jerk", "是个")),
    ("kept: 是 before a negative word", "The flickering was not periodic.",
     "闪烁是不规则的。", None),
    ("kept: both negate the copula", "She said the deputy was not a jerk.",
     "她说军代表不是个坏人。", None),
    ("Chinese modal negated, English can", "I think he can pull it off tomorrow.",
     "我想他明天不能搞定。", ("can", "不能搞定")),
    ("kept: both negate the modal", "I think he cannot pull it off tomorrow.",
     "我想他明天不能搞定。", None),
]


@pytest.mark.parametrize(("kind", "en", "zh", "expected"), CASES, ids=[c[0] for c in CASES])
def test_negation_check(kind: str, en: str, zh: str, expected: tuple[str, str] | None) -> None:
    findings = CHECK.run([Pair(0, en, zh)], CheckResources(), CONFIG)
    warnings = [f for f in findings if f.severity != "info"]
    if expected is None:
        assert warnings == []
        return
    assert [(f.en_evidence, f.zh_evidence) for f in warnings] == [expected]
    assert warnings[0].category == "negation"


@pytest.mark.parametrize(("text", "explicit"), [
    ("It is not safe.", ["not"]), ("We don't know.", ["don't"]), ("No. 5 is here.", []),
    ("No doubt it works.", []), ("He never came, nor did she.", ["never", "nor"]),
    ("We can not simply run away.", ["not"]), ("It is not just trade but security.", []),
    ("There were not more than ten.", []),
])
def test_english_polarity(text: str, explicit: list[str]) -> None:
    assert [w for w, _ in english_polarity(text).explicit] == explicit


@pytest.mark.parametrize(("text", "explicit"), [
    ("他不会来。", ["不会"]), ("我们没有时间。", ["没有"]), ("不断发展", []), ("无论如何", []),
    ("非常好", []), ("是不是真的", []), ("不到六岁", []), ("不是三个人", ["不是"]),
    ("就有些人事皆非了", []), ("一切都面目全非了", []), ("他不是非要去", ["不是"]),
])
def test_chinese_polarity(text: str, explicit: list[str]) -> None:
    assert [w for w, _ in chinese_polarity(text).explicit] == explicit


@pytest.mark.parametrize(("text", "negates"), [
    ("谁叫你去打劫呢?", True), ("那里还记得我们？", True), ("你去哪里了。", False),
    ("不到六岁", True),
])
def test_chinese_implicit_markers(text: str, negates: bool) -> None:
    assert bool(chinese_polarity(text).implicit) is negates


def test_english_implicit_phrases() -> None:
    assert [w for w, _ in english_polarity("Far from it; he gave up.").implicit] == [
        "Far from", "gave up"]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["not", "never", "", "no longer"]),
       st.sampled_from(["不", "没有", "", "增加", "减少"]),
       st.sampled_from(["increase", "reduce", "allow", "support"]))
def test_evidence_is_exact_substring(en_neg: str, zh_word: str, verb: str) -> None:
    pair = Pair(0, f"The states will {en_neg} {verb} the trade of goods.",
                f"各国将{zh_word}扩大货物贸易。")
    for finding in CHECK.run([pair], CheckResources(), CONFIG):
        assert finding.en_evidence in pair.en
        assert finding.zh_evidence in pair.zh


@pytest.mark.parametrize(("word", "negative"), [
    ("unfair", True), ("illegal", True), ("unhappy", True), ("disclose", False),
    ("interest", False), ("understand", False), ("important", False),
])
def test_negative_affix_is_confirmed_by_the_dictionary(word: str, negative: bool) -> None:
    assert _negative_affix(word) is negative


def test_decide_says_why_a_cue_is_not_reported() -> None:
    pair = Pair(0, "I don't think he is right.", "我觉得他不对。")
    reasons = [d.reason for d in CHECK.decide(pair, CheckResources())]
    assert reasons == ["the other side has as many cues"] * 2


@pytest.mark.parametrize(("en", "zh", "status"), [
    ("I could hear them in the yard.", "我听不见院子里的他们。", "contradicted"),
    ("I could not hear them in the yard.", "我听不见院子里的他们。", "matched"),
    ("The attack was met by cries.", "一会儿就听不见了。", "unknown"),  # 见 "meet" only
])
def test_negated_potential_complement_is_a_cue(en: str, zh: str, status: str) -> None:
    decisions = [d for d in CHECK.decide(Pair(0, en, zh), CheckResources())
                 if d.cue.side == "zh"]
    assert [(zh[d.cue.start], d.cue.status) for d in decisions] == [("不", status)]


@pytest.mark.parametrize(("en", "cue", "auxiliary"), [
    ("He was not there.", "not", "be"), ("He wasn't there.", "wasn't", "be"),
    ("It cannot work.", "cannot", "can"), ("We won't go.", "won't", "will"),
    ("You must not go.", "not", "must"), ("I did not go.", "not", None),
    ("I don't know.", "don't", None),
])
def test_negated_auxiliary(en: str, cue: str, auxiliary: str | None) -> None:
    found = Cue("en", cue, en.index(cue), (), (), "unknown")
    assert negated_auxiliary(en, found) == auxiliary


@pytest.mark.parametrize(("en", "cue", "expected"), [
    ("I did not go.", "not", True), ("He wasn't there.", "wasn't", True),
    ("It cannot work.", "cannot", True), ("You may not enter.", "not", True),
    ("I wonder whether or not he came.", "not", False),  # "or not": no auxiliary
    ("Nobody came.", "Nobody", False), ("This not being so, we left.", "not", False),
])
def test_negates_auxiliary(en: str, cue: str, expected: bool) -> None:
    found = Cue("en", cue, en.index(cue), (), (), "unknown")
    assert negates_auxiliary(en, found) is expected



@pytest.mark.parametrize(("en", "zh", "at", "frame"), [
    # 未 … 以前 "before X": the negation is pleonastic when the English says "before"
    ("Two sons were born before the years of famine came.", "荒年未到以前，生了两个儿子。", 2,
     True),
    ("The kings reigned before any king reigned over Israel.", "以色列人未有君王治理以先。", 4,
     True),
    ("Two sons were born when the famine came.", "荒年未到以前，生了两个儿子。", 2, False),
    ("He had not come before.", "他未来过。以前…", 1, False),  # 以前 beyond the clause
])
def test_before_frame(en: str, zh: str, at: int, frame: bool) -> None:
    from bialign.checks.negation import _before_frame

    cue = Cue("zh", zh[at], at, (), (), "unknown")
    assert _before_frame(cue, Pair(0, en, zh)) is frame


@pytest.mark.parametrize(("en", "zh", "at", "same"), [
    # a yes/no question opened by a negated auxiliary asks what the plain one asks
    ("Don't you know that he left yesterday?", "你知道他昨天走了吗？", 0, True),
    ("Did not your fathers thus?", "你们列祖岂不是这样行吗？", 4, True),
    ("Why didn't you tell me?", "你为什么告诉我？", 4, False),  # a wh-question
    ("Don't you know that he left yesterday?", "你知道他昨天走了。", 0, False),  # no question
])
def test_negative_question(en: str, zh: str, at: int, same: bool) -> None:
    from bialign.checks.negation import _negative_question

    cue = Cue("en", "not", at, (), (), "unknown")
    assert _negative_question(cue, Pair(0, en, zh)) is same
