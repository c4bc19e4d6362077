"""Sentence segmentation: one table row per rule, the no-text-lost property,
long-sentence splitting, documents, the hand-made gold, and word tokens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bialign.records import Block, Document
from bialign.segment import SegmentConfig, segment_document, split_sentences
from bialign.tokenize import Token, tokenize

GOLD = Path(__file__).resolve().parent / "data"

EN_CASES = [
    # (rule, text, expected sentences)
    ("plain", "It rained. We stayed in.", ["It rained.", "We stayed in."]),
    ("question/exclamation", "Really? Yes! Fine.", ["Really?", "Yes!", "Fine."]),
    ("U.S. before lowercase", "The U.S. and China met. Talks went well.",
     ["The U.S. and China met.", "Talks went well."]),
    ("U.S. before a name", "Major U.S. Internet firms objected.",
     ["Major U.S. Internet firms objected."]),
    ("U.S. ends a sentence", "Data never reaches the U.S. The talks failed.",
     ["Data never reaches the U.S.", "The talks failed."]),
    ("U.S.-China", "U.S.-China relations improved. Both sides agreed.",
     ["U.S.-China relations improved.", "Both sides agreed."]),
    ("Ph.D.", "She holds a Ph.D. in physics. She teaches.",
     ["She holds a Ph.D. in physics.", "She teaches."]),
    ("Ph.D. before comma", "WEN Zhumu Ph.D., Network Security",
     ["WEN Zhumu Ph.D., Network Security"]),
    ("No. 5", "See No. 5 for details. It is short.", ["See No. 5 for details.", "It is short."]),
    ("e.g. and i.e.", "Use tools, e.g. hammers, i.e. Heavy ones. Then stop.",
     ["Use tools, e.g. hammers, i.e. Heavy ones.", "Then stop."]),
    ("e.g., in brackets", "Actors (e.g., Funds) in the economy. A manifestation.",
     ["Actors (e.g., Funds) in the economy.", "A manifestation."]),
    ("Mr. Dr. St.", "Mr. Smith met Dr. Jones at St. Paul's. They talked.",
     ["Mr. Smith met Dr. Jones at St. Paul's.", "They talked."]),
    ("Mrs. and Dr. in a list", "With him were Mrs. Nixon and Dr. Henry Kissinger. They left.",
     ["With him were Mrs. Nixon and Dr. Henry Kissinger.", "They left."]),
    ("Inc. Ltd.", "Acme Inc. and Beta Ltd. Shipping signed. It was done.",
     ["Acme Inc. and Beta Ltd. Shipping signed.", "It was done."]),
    ("Inc. ends a sentence", "He works for Acme Inc. The firm grew.",
     ["He works for Acme Inc.", "The firm grew."]),
    ("Jan. 5", "On Jan. 5 they met. Later they left.", ["On Jan. 5 they met.", "Later they left."]),
    ("vs.", "Smith vs. Jones was decided. The court ruled.",
     ["Smith vs. Jones was decided.", "The court ruled."]),
    ("etc. before lowercase", "Apples, pears, etc. are sold. Prices rose.",
     ["Apples, pears, etc. are sold.", "Prices rose."]),
    ("etc. before capital ends", "We sell apples, pears, etc. Prices rose.",
     ["We sell apples, pears, etc.", "Prices rose."]),
    ("a.m./p.m.", "We met at 9 a.m. Beijing time and left at 5 p.m. on Friday. It rained.",
     ["We met at 9 a.m. Beijing time and left at 5 p.m. on Friday.", "It rained."]),
    ("initials", "John F. Kennedy spoke. He left.", ["John F. Kennedy spoke.", "He left."]),
    ("closing quote kept", 'He said "stop." Then he left.', ['He said "stop."', "Then he left."]),
    ("curly quote kept", "Those are “red lines.” Both agree.",
     ["Those are “red lines.”", "Both agree."]),
    ("bracketed sentence", "Chips. (See attached name list.) Over two days.",
     ["Chips.", "(See attached name list.)", "Over two days."]),
    ("digit starts a sentence", "It grew. 2020 was a good year.",
     ["It grew.", "2020 was a good year."]),
    ("year ends a sentence", "It was founded in 1972. The founders left.",
     ["It was founded in 1972.", "The founders left."]),
    ("small number ends a sentence", "The score was 25. The crowd cheered.",
     ["The score was 25.", "The crowd cheered."]),
    ("items after colon and semicolon",
     "Issues of concern: 1. Key issues; 2. Global supply chain. Next one.",
     ["Issues of concern: 1. Key issues; 2. Global supply chain.", "Next one."]),
    ("item number opens the paragraph", "1. Everyone has rights. Nobody objects.",
     ["1. Everyone has rights.", "Nobody objects."]),
    ("item number after a sentence", "Agreed. 2. Kickstarting Collaboration. We can renew it.",
     ["Agreed.", "2. Kickstarting Collaboration.", "We can renew it."]),
    ("items mid-sentence", "The topics were 1. Trade and 2. Security in Asia.",
     ["The topics were 1. Trade and 2. Security in Asia."]),
    ("decimal", "Growth was 3.5 percent. It rose.", ["Growth was 3.5 percent.", "It rose."]),
    ("URL inside", "Visit www.example.com/a.b for more. Thanks.",
     ["Visit www.example.com/a.b for more.", "Thanks."]),
    ("URL ends a sentence", "Read it at www.example.com. Then reply.",
     ["Read it at www.example.com.", "Then reply."]),
    ("e-mail inside", "Write to john.smith@example.org today. We reply.",
     ["Write to john.smith@example.org today.", "We reply."]),
    ("e-mail ends a sentence", "Write to info@example.org. We reply.",
     ["Write to info@example.org.", "We reply."]),
    ("ellipsis mid-sentence", "He paused... and went on. Done.",
     ["He paused... and went on.", "Done."]),
    ("lowercase never starts", "The cost is 5 dollars. and more.",
     ["The cost is 5 dollars. and more."]),
    ("no space after period", "It ended.Then more", ["It ended.Then more"]),
    ("extra spaces", "One.   Two.", ["One.", "Two."]),
]

ZH_CASES = [
    ("plain", "我们走吧。他说好。", ["我们走吧。", "他说好。"]),
    ("question/exclamation", "真的吗？是的！好。", ["真的吗？", "是的！", "好。"]),
    ("half-width ?!", "是吗?好的!再见。", ["是吗?", "好的!", "再见。"]),
    ("Latin ! stays", "Yahoo!公司成立了。", ["Yahoo!公司成立了。"]),
    ("closing quote kept", "他说：“我们走吧。”然后离开了。",
     ["他说：“我们走吧。”", "然后离开了。"]),
    ("closing bracket kept", "半导体。（参会人员名单见附件。）在为期两天的对话中。",
     ["半导体。", "（参会人员名单见附件。）", "在为期两天的对话中。"]),
    ("corner quotes (traditional)", "「好。」然後走了。", ["「好。」", "然後走了。"]),
    ("title marks after", "阅读和阐述。”《宣言》全文如下：",
     ["阅读和阐述。”", "《宣言》全文如下："]),
    ("traditional", "我們走吧。他說好！", ["我們走吧。", "他說好！"]),
    ("semicolon does not end", "限制数据；限制技术。", ["限制数据；限制技术。"]),
    ("items inside a sentence", "讨论：1. 关键问题；2. 全球供应链。下一句。",
     ["讨论：1. 关键问题；2. 全球供应链。", "下一句。"]),
    ("item number opens", "1. 人人有权享有国籍。他们平等。",
     ["1. 人人有权享有国籍。", "他们平等。"]),
    ("Latin periods stay", "美国U.S.代表团通过Zoom.us在线上举行。好。",
     ["美国U.S.代表团通过Zoom.us在线上举行。", "好。"]),
    ("decimal", "增长3.5%。很好。", ["增长3.5%。", "很好。"]),
    ("ellipsis before a sentence", "他沉默了……我们都走了。", ["他沉默了……", "我们都走了。"]),
    ("ellipsis before a comma", "苹果、香蕉……，都很好。", ["苹果、香蕉……，都很好。"]),
    ("ellipsis then full stop", "等等……。好。", ["等等……。", "好。"]),
    ("doubled marks", "真的吗？！好。", ["真的吗？！", "好。"]),
    ("spaces between", "第一句。 第二句。", ["第一句。", "第二句。"]),
]


@pytest.mark.parametrize(("rule", "text", "expected"), EN_CASES, ids=[c[0] for c in EN_CASES])
def test_english_rules(rule: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


@pytest.mark.parametrize(("rule", "text", "expected"), ZH_CASES, ids=[c[0] for c in ZH_CASES])
def test_chinese_rules(rule: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, "zh") == expected


def test_empty_and_blank_text_give_no_sentences() -> None:
    assert split_sentences("", "en") == []
    assert split_sentences("  \n ", "zh") == []


# --- long sentences ----------------------------------------------------------------

LONG_EN = ("We limit foreign firms; we limit the transfer of data; we deny access to"
           " sensitive technologies; and we restrict supply chains.")
LONG_ZH = "限制外国企业提供设备的能力；限制数据传输；拒绝某些国家获取敏感技术；限制或扰乱供应链。"


def _doc(lang: str, *texts: str, kind: str = "paragraph") -> Document:
    blocks = tuple(Block(text=t, page=i + 1, kind=kind) for i, t in enumerate(texts))  # type: ignore[arg-type]
    return Document(path=f"test.{lang}", lang=lang, blocks=blocks)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "text", "config", "expected"),
    [
        ("en", LONG_EN, SegmentConfig(max_chars_en=60),
         ["We limit foreign firms; we limit the transfer of data;",
          "we deny access to sensitive technologies;", "and we restrict supply chains."]),
        ("zh", LONG_ZH, SegmentConfig(max_chars_zh=22),
         ["限制外国企业提供设备的能力；限制数据传输；",
          "拒绝某些国家获取敏感技术；限制或扰乱供应链。"]),
        # far too long and no semicolon: cut at commas (never inside "1,000")
        ("en", "We bought 1,000 chips, sold them at once, and then we bought more of them.",
         SegmentConfig(max_chars_en=30, comma_factor=1.5),
         ["We bought 1,000 chips,", "sold them at once,", "and then we bought more of them."]),
        ("zh", "两国政府应采取措施，公开有关产业补贴的信息，并避免提供扭曲市场的补贴。",
         SegmentConfig(max_chars_zh=12, comma_factor=1.5),
         ["两国政府应采取措施，", "公开有关产业补贴的信息，", "并避免提供扭曲市场的补贴。"]),
        ("en", LONG_EN, SegmentConfig(max_chars_en=60, split_long=False), [LONG_EN]),
        ("en", LONG_EN, SegmentConfig(), [LONG_EN]),
    ],
)
def test_long_sentences_are_cut_at_semicolons_then_commas(
    lang: str, text: str, config: SegmentConfig, expected: list[str]
) -> None:
    sentences = segment_document(_doc(lang, text), config=config)
    assert [s.text for s in sentences] == expected
    assert [s.index for s in sentences] == list(range(len(expected)))
    assert {s.paragraph for s in sentences} == {0}
    assert (" " if lang == "en" else "").join(s.text for s in sentences) == text


# --- documents -------------------------------------------------------------------


def test_segment_document_numbers_sentences_across_blocks() -> None:
    doc = Document(path="a.pdf", lang="en", blocks=(
        Block("PART I", page=1, kind="heading"),
        Block("   ", page=1),
        Block("It rained. We stayed in.", page=2),
        Block("Data governance. Supply chains.", page=3, kind="list_item"),
    ))
    got = [(s.index, s.text, s.paragraph, s.page, s.kind) for s in segment_document(doc)]
    assert got == [
        (0, "PART I", 0, 1, "heading"),
        (1, "It rained.", 2, 2, "paragraph"),
        (2, "We stayed in.", 2, 2, "paragraph"),
        (3, "Data governance. Supply chains.", 3, 3, "list_item"),
    ]


@pytest.mark.parametrize(("kind", "count"), [("heading", 1), ("list_item", 1), ("paragraph", 2)])
def test_short_headings_and_list_items_stay_whole(kind: str, count: int) -> None:
    assert len(segment_document(_doc("en", "Scope. Definitions.", kind=kind))) == count


def test_long_list_item_is_split() -> None:
    text = "Enforcement. We realize both governments have many levers to shape the economy."
    assert len(segment_document(_doc("en", text, kind="list_item"))) == 2


_ALPHABET = "abcXYZ019 .,;:!?\"'()“”。！？；，……」）《》中文字\n"


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(st.text(alphabet=_ALPHABET, max_size=80), max_size=4),
       lang=st.sampled_from(["en", "zh"]), max_chars=st.integers(5, 60),
       split_long=st.booleans())
def test_no_text_lost_and_order_kept(texts: list[str], lang: str, max_chars: int,
                                     split_long: bool) -> None:
    config = SegmentConfig(max_chars_en=max_chars, max_chars_zh=max_chars, split_long=split_long)
    sentences = segment_document(_doc(lang, *texts), config=config)
    assert [s.index for s in sentences] == list(range(len(sentences)))
    for b, text in enumerate(texts):
        mine = [s.text for s in sentences if s.paragraph == b]
        assert "".join("".join(mine).split()) == "".join(text.split())
        assert all(s.strip() == s and s for s in mine)
    assert [s.paragraph for s in sentences] == sorted(s.paragraph for s in sentences)


# --- the hand-made gold -------------------------------------------------------------


def _boundaries(sentences: list[str]) -> set[int]:
    ends, count = set(), 0
    for sentence in sentences[:-1]:
        count += sum(not ch.isspace() for ch in sentence)
        ends.add(count)
    return ends


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_gold_boundaries_at_least_98_percent(lang: str) -> None:
    rows = [json.loads(line) for line in
            (GOLD / f"segment_gold_{lang}.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 100
    hits = found = expected = 0
    for row in rows:
        gold = row["sentences"]
        predicted = split_sentences((" " if lang == "en" else "").join(gold), lang)
        hits += len(_boundaries(gold) & _boundaries(predicted))
        found += len(_boundaries(predicted))
        expected += len(_boundaries(gold))
    precision, recall = hits / found, hits / expected
    assert 2 * precision * recall / (precision + recall) >= 0.98


# --- tokens ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "U.S.-China talks don't stop.", ["U.S.-China", "talks", "do", "n't", "stop", "."]),
        ("en", "It costs 3.5 dollars", ["It", "costs", "3.5", "dollars"]),
        ("zh", "我们在北京工作。", ["我们", "在", "北京", "工作", "。"]),
        ("zh", "通过 Zoom 举行", ["通过", "Zoom", "举行"]),
    ],
)
def test_tokenize_words_and_offsets(lang: str, text: str, expected: list[str]) -> None:
    tokens = tokenize(text, lang)  # type: ignore[arg-type]
    assert [t.text for t in tokens] == expected
    assert all(text[t.start:t.end] == t.text for t in tokens)


def test_token_is_word() -> None:
    assert [Token("，", 0, 1).is_word, Token("原则", 0, 2).is_word, Token("n't", 0, 3).is_word] == [
        False, True, True]


@pytest.mark.parametrize(
    ("doc_lang", "text", "expected"),
    [
        ("zh", "Integrated Insights Limited. Visiting Professor.",
         ["Integrated Insights Limited.", "Visiting Professor."]),
        ("zh", "通过Zoom举行。U.S.代表出席。", ["通过Zoom举行。", "U.S.代表出席。"]),
        ("en", "美国和中国。双方同意。", ["美国和中国。", "双方同意。"]),
        ("en", "The word 原则 means principle. Yes.", ["The word 原则 means principle.", "Yes."]),
    ],
)
def test_block_without_the_documents_script_uses_its_own_rules(
    doc_lang: str, text: str, expected: list[str]
) -> None:
    assert [s.text for s in segment_document(_doc(doc_lang, text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他道：“我叫……叫小玄子。你是谁？”他走了。",
         ["他道：“我叫……叫小玄子。", "你是谁？”", "他走了。"]),
        ("他说：“你不会摔交。 ”我说：“会。”", ["他说：“你不会摔交。 ”", "我说：“会。”"]),
    ],
    ids=["ellipsis inside a quotation", "space before a closing quote"],
)
def test_chinese_dialogue(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "zh") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He loves modern art. The museum opened.", ["He loves modern art.", "The museum opened."]),
        ("See Art. 5 and fig. 3 here. Then go.", ["See Art. 5 and fig. 3 here.", "Then go."]),
        ("The answer was no. Then he left.", ["The answer was no.", "Then he left."]),
    ],
    ids=["lower-case word that is also a title", "number abbreviations", "the word no"],
)
def test_words_that_look_like_abbreviations(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected
