"""Reversals through the dictionary: a word on one side, its antonym on the other."""

from __future__ import annotations

import pytest

from bialign.checks import CheckConfig, CheckResources
from bialign.checks.coverage import zh_tokens
from bialign.checks.negation import CHECK
from bialign.checks.negation_antonyms import find_reversal
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
