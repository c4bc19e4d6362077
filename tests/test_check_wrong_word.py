"""Wrong-word check: one hand-made found and not-found case per sub-kind."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bialign.checks import CheckConfig, CheckResources
from bialign.checks.wrong_word import CHECK, edit_distance, inflect_like
from bialign.records import Pair

RES = CheckResources()
CFG = CheckConfig()
DEMO_EN = ("We acknowledge the trends within the current situation are leading to a quite "
           "different outcome from the principals and aspirations stated above.")
DEMO_ZH = "我们承认，当前形势下的种种趋势正在导致与上述原则和愿望截然不同的结果。"


def findings(en: str, zh: str):
    return CHECK.run([Pair(index=0, en=en, zh=zh)], RES, CFG)


@pytest.mark.parametrize("en, zh, en_ev, zh_ev, suggestion, severity", [
    # confusable, plural kept in the suggestion
    (DEMO_EN, DEMO_ZH, "principals", "原则", "principles", "error"),
    # opening a sentence: the suggestion keeps the capital
    ("Principals of cooperation in the digital economy.", "数字经济合作的原则。",
     "Principals", "原则", "Principles", "error"),
    # one letter away, not a listed confusable
    ("The bank will raise its lending rates next yeah.", "银行明年将提高贷款利率。",
     "yeah", None, None, None),
    ("The committee will protect the private date of users.", "委员会将保护用户的私人数据。",
     "date", None, None, None),
    ("The ministry will publish the annual budget repost next week.",
     "财政部下周将公布年度预算报告。", "repost", "报告", "report", "error"),
    # a word that is its own lemma, one letter from a form of the gloss (剥夺 "deprive")
    ("2. No one shall be arbitrarily depraved of his property.", "2. 任何人的财产不得任意剥夺。",
     "depraved", "剥夺", "deprived", "error"),
    # the Chinese has the word twice, the English renders it once
    ("The state protects marriage, and every carriage must be freely entered.",
     "国家保护婚姻，每一婚姻都必须自由缔结。", "carriage", "婚姻", "marriage", "error"),
    # two letters away in the middle of a long word: info only (see WrongWordConfig)
    ("Both sides agreed to strengthen trade corporation.", "双方同意加强贸易合作。",
     "corporation", "合作", "cooperation", "info"),
    # Chinese homophone slip (则 ze / 泽 ze) and a look-alike slip (侧 ce)
    ("The two countries insist on these principles.", "两国坚持这些原泽。",
     "principles", "原泽", "原则", "error"),
    ("The two countries insist on these principles.", "两国坚持这些原侧。",
     "principles", "原侧", "原则", "info"),
])
def test_found(en, zh, en_ev, zh_ev, suggestion, severity) -> None:
    got = findings(en, zh)
    if zh_ev is None:  # too short to judge: must stay silent
        assert got == []
        return
    match = [f for f in got if f.en_evidence == en_ev and f.zh_evidence == zh_ev]
    assert match, got
    assert match[0].suggestion == suggestion and match[0].severity == severity


@pytest.mark.parametrize("en, zh", [
    # correct word
    (DEMO_EN.replace("principals", "principles"), DEMO_ZH),
    ("The state protects marriage, and every marriage must be freely entered.",
     "国家保护婚姻，每一婚姻都必须自由缔结。"),
    # a rendered word offers only the sense it is rendered by (手段 "means", not "trick")
    ("Both sides will use technical means to track the data.", "双方将使用技术手段追踪数据。"),
    # derivation, not a slip ("economic" / 经济 "economy")
    ("Economic cooperation benefits both sides.", "经济合作有利于双方。"),
    # negation prefix belongs to the negation check ("asymmetry" / 对称)
    ("There is an asymmetry of information.", "存在信息不对称。"),
    # proper names never fire
    ("Mr Principe spoke first.", "普林西比先生首先发言。"),
    # a real Chinese word jieba knows, though CEDICT lacks it
    ("The business environment improved.", "营商环境得到改善。"),
    # unmatched pair: other checks' business
    ("The principals met.", ""),
    # a verb and the speech verb 道 before a quote ("pointed and said"), no slip of 指导
    ("He led Grannie Liu into a rear courtyard. 'That's where she lives,' he said, pointing"
     " in the direction of a side wall.",
     "引着刘老老进了后院，到一个院子墙边，指道：“这就是他家。”"),
])
def test_not_found(en, zh) -> None:
    assert [f for f in findings(en, zh) if f.severity != "info"] == []


@pytest.mark.parametrize("a, b, d", [
    ("principals", "principles", 2), ("form", "from", 1), ("affect", "effect", 1),
    ("same", "same", 0), ("abc", "xyz", 3),
])
def test_edit_distance(a, b, d) -> None:
    assert edit_distance(a, b) == d


@pytest.mark.parametrize("base, word, lemma, out", [
    ("principle", "principals", "principal", "principles"),
    ("policy", "parties", "party", "policies"),
    ("trace", "tracked", "track", "traced"),
    ("report", "repost", "repost", "report"),
])
def test_inflect_like(base, word, lemma, out) -> None:
    assert inflect_like(base, word, lemma) == out


WORDS = st.sampled_from(["principals", "principles", "repost", "budget", "annual", "原则",
                         "原泽", "报告", "预算", "两国", "坚持", "the", "of", "年度", "，"])


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=8), st.lists(WORDS, min_size=1, max_size=8))
def test_evidence_is_exact_substring(en_words, zh_words) -> None:
    en, zh = " ".join(en_words), "".join(zh_words)
    for f in findings(en, zh):
        assert f.en_evidence in en and f.zh_evidence in zh
        assert 0.0 <= f.score <= 1.0


def test_an_inflected_form_of_the_gloss_is_not_a_slip() -> None:
    from bialign.checks import run_checks

    pair = Pair(0, "All U.S. forces will be withdrawn from Taiwan.",
                "美国将从台湾撤走全部武装力量。")
    found = run_checks([pair], resources=CheckResources(), config=CheckConfig(
        enabled=("wrong_word",)))
    assert [f.en_evidence for f in found] == []


@pytest.mark.parametrize("word, gloss, expected", [
    ("depraved", "deprive", "deprived"),  # a form of the gloss, one letter away
    ("plannet", "plan", "planned"),  # the consonant doubled
    ("deprived", "deprive", ""),  # a form of the gloss itself is no slip
    ("deprivation", "deprive", ""),  # a derivation of the same stem
    ("planet", "plan", ""),  # "planed" is a form of "plane", not of "plan"
])
def test_inflected_neighbour(word: str, gloss: str, expected: str) -> None:
    from bialign.checks.dictionary import load_dictionary
    from bialign.checks.wrong_word import WrongWordConfig, _inflected_neighbour

    assert _inflected_neighbour(word, gloss, load_dictionary(), WrongWordConfig()) == expected



def test_a_dictionary_slip_both_witnesses_oppose_is_dropped() -> None:
    # 观看 "watch" is rendered "looked"; "caught" is lemma "catch", one letter from
    # "watch".  The sentence reads worse with "watch" (English model); an encoder
    # that also moves away from the Chinese with it drops the suspect.
    from bialign.checks.dictionary import load_dictionary
    from tests.fakes import PreferringEncoder

    pair = Pair(0, "And Abraham lifted up his eyes, and looked, and behold behind him a ram"
                   " caught in a thicket by his horns.",
                "亚伯拉罕举目观看，不料，有一只公羊两角扣在稠密的小树中。")
    dictionary = load_dictionary()
    assert [f.suggestion for f in CHECK.check_pair(pair, dictionary, CheckConfig())] == ["watch"]
    assert CHECK.check_pair(pair, dictionary, CheckConfig(), PreferringEncoder("caught")) == []
    assert [f.suggestion for f in CHECK.check_pair(pair, dictionary, CheckConfig(),
                                                   PreferringEncoder("watch"))] == ["watch"]
