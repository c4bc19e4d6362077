"""Reversals through the dictionary: a word on one side, its antonym on the other."""

from __future__ import annotations

import pytest

from bialign.checks import CheckConfig, CheckResources
from bialign.checks.coverage import zh_tokens
from bialign.checks.negation import CHECK
from bialign.checks.negation_antonyms import find_reversal, why_not_reversed
from bialign.records import Pair


@pytest.mark.parametrize(("en", "zh", "expected"), [
    ("I made hate to her that night.", "那天晚上我和她做爱。", ("en", "hate", "做爱")),
    ("We need less trade with them.", "我们需要和他们有更多贸易。", ("en", "less", "更")),
    ("They always lost the game.", "他们总是输掉比赛。", None),  # no pole pair reversed
    ("We made love that night.", "那天晚上我们做爱。", None),
    ("It is not good.", "这很坏。", None),  # "not good" is "bad"
    ("Don't forget it.", "记住它。", None),
    ("After all, she was the one.", "毕竟她才是那个人。", None),  # idiom
    ("When I made hate to her, a lizard crawled in.", "我和她做爱时，一只蜥蜴爬了进来。",
     ("en", "hate", "做爱")),  # inside the jieba token 做爱时
    ("You have always done any wrestling.", "你没学过摔交。", ("en", "always", "没学过")),
    ("He came back one hour before.", "他一小时后回来了。", ("en", "before", "后")),
    ("He came back one hour later.", "他一小时后回来了。", None),
    ("He beat you.", "你输了。", None),  # a converse, not a reversal
    # Chinese morphology: numeral + 多 "more than", X前 "before X", X后 "after X".
    ("She spent less than twenty years there.", "她在那里度过了二十多年。",
     ("en", "less", "十多")),
    ("She spent more than twenty years there.", "她在那里度过了二十多年。", None),
    ("Just after dawn, the roads were empty.", "黎明前，路上很空。", ("en", "after", "黎明前")),
    ("Just before dawn, the roads were empty.", "黎明前，路上很空。", None),
    ("The day after, she had agreed.", "前一天，她就说好了。", ("en", "after", "前一")),
    ("After that, she saw the room.", "她看见面前是半间房间。", None),  # 面前 "in front of"
    ("She left before making sure all was fine.", "她看过认为没问题后才走。",
     ("en", "before", "后")),  # 没 negates 问题, not 后
    # never: 永远不 / 从来没 across tokens; an "always" word negated is "never".
    ("I could stay and always leave.", "我可以永远不出来。", ("en", "always", "永远不")),
    ("I could stay and never leave.", "我可以永远不出来。", None),
    # "never" against an "always" word only when the verb follows it (始终有来
    # "always came"), not for the opposite verb (始终按着 "always holding").
    ("But she never came to me.", "但她总是来找我。", ("en", "never", "总是")),
    ("His hand never leaving the object at his belt.", "他的手始终按着腰里的家伙。", None),
    # "until X" is X以前; a Chinese comparative 比 says "more"; 越多越好 "the more the better".
    ("He is presumed innocent until proved guilty.", "在证实有罪以后，他被视为无罪。",
     ("zh", "以后", "until")),
    ("Its sound was less enchanting than any woman's.", "它的声音比所有女人都优美。",
     ("en", "less", "比")),
    ("It was less enchanting than hers.", "它不如她的优美。", None),  # 不如 is "less"
    ("Lend them money, the more the worse.", "借给他们钱，借得越多越好。",
     ("en", "worse", "越多越好")),
    # Synonyms of a gloss: 讨厌 "dislike" rendered "disgusted".
    ("What disgusted her was the act itself.", "她所喜欢的是那件事本身。",
     ("zh", "喜欢", "disgusted")),
    ("What disgusted her was the act itself.", "她所讨厌的是那件事本身。", None),
    # 不断 "kept on" does not negate the word after it; 没有 does.
    ("Restrictions on companies intensified.", "对公司的限制不断削弱。",
     ("zh", "削弱", "intensified")),
    ("Restrictions on companies intensified.", "对公司的限制没有削弱。", None),
    # 本国 "one's own country" is rendered "domestic"; "country" says neither pole
    ("A man travelling into a far country.", "一个人要往外国去。", None),
    ("Students from foreign countries.", "来自本国的学生。", ("en", "foreign", "本国")),
])
def test_find_reversal(en: str, zh: str, expected: tuple[str, str, str] | None) -> None:
    dictionary = CheckResources().dictionary
    found = find_reversal(en, zh, zh_tokens(zh), dictionary)
    if expected is None:
        assert found is None
        return
    assert found is not None
    reversal, anchor = found
    assert (reversal.side, reversal.word, anchor.text) == expected


def test_reversal_finding_has_evidence_on_both_sides() -> None:
    pair = Pair(0, "I made hate to her that night, and we talked.",
                "那天晚上我和她做爱，我们聊天。")
    findings = CHECK.run([pair], CheckResources(), CheckConfig())
    assert [(f.en_evidence, f.zh_evidence, f.severity) for f in findings] == [
        ("hate", "做爱", "warning")]
    assert "love" in findings[0].message


def test_word_inside_a_longer_token_is_not_reversed() -> None:
    # jieba keeps 成本增加 as one token: "increased" is still rendered there.
    en = "the negative impact of increased cost and less consumer choice"
    zh = "带来营商成本增加、消费者选择减少等负面影响"
    dictionary = CheckResources().dictionary
    assert find_reversal(en, zh, zh_tokens(zh), dictionary) is None


@pytest.mark.parametrize(("en", "zh", "side", "word", "why"), [
    ("We need less trade.", "我们需要更多贸易。", "en", "less", "reversed"),
    ("We need less trade.", "我们需要贸易。", "en", "less",
     "no anchor: the other side renders no opposite"),
    ("We need no less trade.", "我们需要更多贸易。", "en", "less", "negated or inside an idiom"),
    ("We need trade.", "我们需要更多贸易。", "en", "need", "pole word not in the lists"),
])
def test_why_not_reversed(en: str, zh: str, side: str, word: str, why: str) -> None:
    dictionary = CheckResources().dictionary
    start = (en if side == "en" else zh).index(word)
    assert why_not_reversed(en, zh, zh_tokens(zh), dictionary, side, start) == why
