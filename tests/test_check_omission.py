"""Omission/addition check: unmatched sentences and uncovered clauses."""

from __future__ import annotations

import pytest

from bialign.checks import CheckConfig, CheckResources
from bialign.checks.omission import CHECK, split_clauses
from bialign.records import Pair
from tests.fakes import FakeEncoder

CFG = CheckConfig()
LONG_EN = "The committee adopted the annual report on regional trade and investment."
LONG_ZH = "委员会通过了关于区域贸易和投资的年度报告。"


def run(pairs, encoder=None):
    return CHECK.run(pairs, CheckResources(encoder=encoder), CFG)


@pytest.mark.parametrize("pairs, category, evidence_side, severity", [
    # an English sentence with no Chinese counterpart between two linked pairs
    ([Pair(0, "The cat sleeps.", "猫睡觉。"), Pair(1, LONG_EN, ""),
      Pair(2, "The dog runs.", "狗跑。")], "addition", "en", "error"),
    # a Chinese sentence the English lacks
    ([Pair(0, "The cat sleeps.", "猫睡觉。"), Pair(1, "", LONG_ZH),
      Pair(2, "The dog runs.", "狗跑。")], "omission", "zh", "error"),
])
def test_unmatched_found(pairs, category, evidence_side, severity) -> None:
    got = [f for f in run(pairs) if f.link == 1]
    assert [(f.category, f.severity) for f in got] == [(category, severity)]
    text = pairs[1].en if evidence_side == "en" else pairs[1].zh
    assert (got[0].en_evidence or got[0].zh_evidence) == text


@pytest.mark.parametrize("pairs, encoder", [
    # a heading-sized fragment: info at most
    ([Pair(0, "The cat sleeps.", "猫睡觉。"), Pair(1, "PART IV", "")], None),
    # the neighbour's Chinese already renders it (aligner split, not a translation gap)
    ([Pair(0, "The committee adopted the annual report.", LONG_ZH),
      Pair(1, "It covers regional trade and investment.", "")], None),
    # the encoder sees the neighbour renders it
    ([Pair(0, "Red flower.", "红花。"), Pair(1, "", "红花大花新花。")], FakeEncoder()),
])
def test_unmatched_not_found(pairs, encoder) -> None:
    assert [f for f in run(pairs, encoder) if f.severity != "info"] == []


def test_clause_gap_found_as_info() -> None:
    en = ("The bank raised interest rates, the committee adopted the annual budget report, "
          "and markets fell sharply")
    zh = "银行提高了利率，市场大幅下跌。"
    got = run([Pair(0, en, zh)])
    assert [(f.category, f.en_evidence) for f in got] == [
        ("addition", "the committee adopted the annual budget report")]
    assert got[0].severity == "info"  # clause gaps never warn: see OmissionConfig


def test_clause_gap_not_found_when_rendered() -> None:
    en = "The bank raised interest rates, and markets fell sharply"
    zh = "银行提高了利率，市场大幅下跌。"
    assert run([Pair(0, en, zh)]) == []


@pytest.mark.parametrize("text, lang, clauses", [
    ("a, b; c", "en", ["a", "b", "c"]),
    ("甲，乙；丙、丁。", "zh", ["甲", "乙", "丙", "丁。"]),
    ("no break", "en", ["no break"]),
])
def test_split_clauses(text, lang, clauses) -> None:
    got = split_clauses(text, lang)
    assert [c.text for c in got] == clauses
    assert all(text[c.start:c.end] == c.text for c in got)


@pytest.mark.parametrize("en, expected", [
    # the English lacks the cat clause: leaving it out brings the Chinese closer
    ("The red flower grows by the big tree.", [("omission", "老猫吃鱼睡觉。")]),
    # the English renders it: nothing to report
    ("The red flower grows by the big tree, the old cat eats fish and sleeps.", []),
])
def test_clause_gap_with_encoder(en, expected) -> None:
    zh = "红花长在大树旁，老猫吃鱼睡觉。"
    got = run([Pair(0, en, zh)], FakeEncoder())
    assert [(f.category, f.zh_evidence) for f in got] == expected
    assert all(f.severity == "info" for f in got)
