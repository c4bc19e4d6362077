"""Omission/addition check: unmatched sentences and uncovered clauses."""

from __future__ import annotations

import pytest

from bialign.checks import CheckConfig, CheckResources
from bialign.checks.omission import CHECK, split_clauses
from bialign.checks.omission_units import FEATURES, UNIT_MODELS, split_units, unit_score
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
    # a title laid out as a heading, however many words it has
    ([Pair(0, "The cat sleeps.", "猫睡觉。"),
      Pair(1, "Shanghai, People's Republic of China, Central Planning Office", "",
           heading=True)], None),
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


# A small faithful document: it sets the pair-level length ratio the unit
# model compares each pair with.
DOC = [("The red flower grows.", "红花长。"), ("The big tree.", "大树。"),
       ("The old cat eats fish.", "老猫吃鱼。"), ("The small dog runs.", "小狗跑。"),
       ("The new car.", "新车。"), ("The bird sees the river.", "鸟看河。"),
       ("Rain and snow.", "雨和雪。"), ("The big city.", "大城。")]
TREE_EN = "The red flower grows by the big tree."
TREE_ZH = "红花长在大树旁。"
DOG_EN = "The old dog runs to the river in the rain."


def run_in_doc(en: str, zh: str) -> list:
    pairs = [Pair(i, e, z) for i, (e, z) in enumerate(DOC)] + [Pair(len(DOC), en, zh)]
    return [f for f in run(pairs, FakeEncoder()) if f.severity != "info"]


@pytest.mark.parametrize("en, zh, expected", [
    # a sentence appended to the English: the Chinese has nothing for it
    (f"{TREE_EN} {DOG_EN}", TREE_ZH, ("addition", "error", DOG_EN, "")),
    # a sentence appended to the Chinese
    (TREE_EN, TREE_ZH + "老猫在雨中吃鱼睡觉。", ("omission", "error", "", "老猫在雨中吃鱼睡觉。")),
    # a clause the English dropped
    (TREE_EN, "红花长在大树旁，老猫在河边的雨中吃鱼。",
     ("omission", "error", "", "老猫在河边的雨中吃鱼。")),
])
def test_unit_without_counterpart_found(en, zh, expected) -> None:
    got = run_in_doc(en, zh)
    assert [(f.link, f.category, f.severity, f.en_evidence, f.zh_evidence) for f in got] == [
        (len(DOC), *expected)]
    assert got[0].message.count(".") >= 1 and "\n" not in got[0].message


@pytest.mark.parametrize("en, zh", [
    (f"{TREE_EN} {DOG_EN}", TREE_ZH + "老狗在雨中跑到河边。"),
    ("The red flower grows by the big tree, the old cat eats fish and sleeps.",
     "红花长在大树旁，老猫吃鱼睡觉。"),
])
def test_unit_without_counterpart_not_found(en, zh) -> None:
    assert run_in_doc(en, zh) == []


def test_short_unrendered_clause_is_info_only() -> None:
    # A short clause the English lacks: pointed at, but below a warning.
    pairs = [Pair(i, e, z) for i, (e, z) in enumerate(DOC)]
    pairs.append(Pair(len(DOC), TREE_EN, "红花长在大树旁，老猫吃鱼睡觉。"))
    got = run(pairs, FakeEncoder())
    assert [(f.category, f.severity, f.zh_evidence) for f in got] == [
        ("omission", "info", "老猫吃鱼睡觉。")]


@pytest.mark.parametrize("text, lang, units", [
    # sentences, runs of sentences short of the whole, and clauses
    ("A b. C d, e f. G h!", "en",
     ["A b", "A b.", "A b. C d, e f.", "C d", "C d, e f.", "C d, e f. G h!", "e f", "G h!"]),
    ("甲乙，丙丁。戊己。", "zh", ["甲乙", "甲乙，丙丁。", "丙丁。", "戊己。"]),
    ("One sentence only", "en", []),
])
def test_split_units(text, lang, units) -> None:
    got = split_units(text, lang)
    assert [u.text for u in got] == units
    assert all(text[u.start:u.end] == u.text for u in got)


def test_split_units_kinds() -> None:
    # whole sentences and runs are "sentence" units (also where a sentence is
    # a clause too: 戊己。), the pieces between commas "clause" units
    got = split_units("甲乙，丙丁。戊己。", "zh")
    assert [(u.text, u.kind) for u in got] == [
        ("甲乙", "clause"), ("甲乙，丙丁。", "sentence"), ("丙丁。", "clause"),
        ("戊己。", "sentence")]
    # one sentence: its clauses are clauses, never a sentence unit
    assert {u.kind for u in split_units("A b, c d.", "en")} == {"clause"}


def test_unit_models_cover_every_feature() -> None:
    assert set(UNIT_MODELS) == {"sentence", "clause"}
    assert all(set(m.weights) == set(FEATURES) for m in UNIT_MODELS.values())
    features = dict.fromkeys(FEATURES, 0.0)
    # the kind picks the model: the same features score differently
    assert unit_score(features, "sentence") != unit_score(features, "clause")
