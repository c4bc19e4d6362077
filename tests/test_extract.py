"""Extraction without PDFs: language, line joining, markers, text and .docx files."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bialign import errors
from bialign.extract import extract_document
from bialign.extract.language import detect_language, language_shares
from bialign.extract.text import (
    Vocabulary,
    decode_text,
    is_hard_wrapped,
    join_lines,
    keep_line_end_hyphen,
    split_marker,
    text_blocks,
)
from bialign.extract.words import english_vocabulary, is_word
from bialign.records import Block

# ---------------------------------------------------------------- language


@pytest.mark.parametrize(("text", "lang"), [
    ("The two sides agreed.", "en"),
    ("双方同意。", "zh"),
    ("雙方於線上舉行對話。", "zh"),  # Traditional
    ("通过Zoom在线上举行了第三次对话", "zh"),  # 13 Han, 4 Latin
    ("The word 中国 means China in this sentence.", "en"),
    ("2020 12 3", "en"),  # no letters at all
    ("", "en"),
])
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(("text", "zh", "en"), [
    ("ab中", 1 / 3, 2 / 3),
    ("中文", 1.0, 0.0),
    ("Zoom", 0.0, 1.0),
    ("12, 34!", 0.0, 0.0),
])
def test_language_shares(text: str, zh: float, en: float) -> None:
    assert language_shares(text) == pytest.approx({"zh": zh, "en": en})


@given(st.text())
def test_language_shares_sum_to_one_or_zero(text: str) -> None:
    total = sum(language_shares(text).values())
    assert total == pytest.approx(1.0) or total == 0.0


# ---------------------------------------------------------------- joining lines


@pytest.mark.parametrize(("lines", "joined"), [
    (["non-governmental, off-the-", "record discussions"],
     "non-governmental, off-the-record discussions"),
    (["the secu-", "rity of supply chains"], "the security of supply chains"),
    (["long-", "term objectives"], "long-term objectives"),
    (["U.S.-", "China relations"], "U.S.-China relations"),
    (["U.S.-", "sourced technology"], "U.S.-sourced technology"),
    (["revolution--", "this has become"], "revolution--this has become"),
    (["first line", "second line"], "first line second line"),
    (["通过", "Zoom在线上举行"], "通过Zoom在线上举行"),
    (["于", "2020年12月2日"], "于2020年12月2日"),
    (["2020年12", "月2日"], "2020年12月2日"),
    (["一次Zoom", "meeting之后"], "一次Zoom meeting之后"),
    (["雙方同意，", "繼續對話。"], "雙方同意，繼續對話。"),
    (["  padded  ", "", " text "], "padded text"),
])
def test_join_lines(lines: list[str], joined: str) -> None:
    assert join_lines(lines) == joined


def test_document_vocabulary_decides_before_the_word_list() -> None:
    # "cooperation" is an English word, but this document writes "co-operation".
    uses_hyphen = Vocabulary.from_texts(["Co-operation matters; co-operation works."])
    assert keep_line_end_hyphen("co", "operation", uses_hyphen)
    uses_joined = Vocabulary.from_texts(["Cooperation matters."])
    assert not keep_line_end_hyphen("co", "operation", uses_joined)


@pytest.mark.parametrize(("left", "right", "keep"), [
    ("secu", "rity", False),  # "security" is a word
    ("long", "term", True),  # "longterm" is not, "long" and "term" are
    ("off-the", "record", True),  # already a compound
    ("Asia", "Pacific", True),  # a capital after the break: a name
    ("informa", "tion", False),
])
def test_keep_line_end_hyphen_with_word_list(left: str, right: str, keep: bool) -> None:
    assert keep_line_end_hyphen(left, right, Vocabulary.from_texts([])) is keep


@given(st.lists(st.text(alphabet="中文雙方對話，。20年Zom", min_size=1), min_size=1))
def test_chinese_lines_join_without_spaces(lines: list[str]) -> None:
    joined = join_lines(lines)
    assert joined.replace(" ", "") == "".join(lines)
    # A space is only ever put between two Latin letters or digits.
    cjk = "中文雙方對話，。年"
    assert all(joined[i - 1] not in cjk and joined[i + 1] not in cjk
               for i, char in enumerate(joined) if char == " ")


@given(st.lists(st.from_regex(r"[a-z]{1,8}( [a-z]{1,8}){0,3}", fullmatch=True), min_size=1))
def test_english_lines_without_hyphens_join_with_one_space(lines: list[str]) -> None:
    assert join_lines(lines) == " ".join(lines)


@pytest.mark.parametrize(("word", "known"), [
    ("security", True), ("securities", True), ("governments", True), ("offrecord", False),
    ("longterm", False), ("xqzt", False),
])
def test_is_word_with_inflections(word: str, known: bool) -> None:
    vocabulary = frozenset({"security", "government", "record", "long", "term"})
    assert is_word(word, vocabulary) is known


def test_word_list_is_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BIALIGN_CACHE", str(tmp_path))
    english_vocabulary.cache_clear()
    try:
        built = english_vocabulary()
        assert {"security", "principle", "principal"} <= built
        assert len(list(tmp_path.glob("english-words-*.txt"))) == 1
        english_vocabulary.cache_clear()
        assert english_vocabulary() == built
    finally:
        english_vocabulary.cache_clear()


# ---------------------------------------------------------------- markers


@pytest.mark.parametrize(("text", "marker", "rest"), [
    ("• Intensified restrictions", "•", "Intensified restrictions"),
    ("\uf0b7 Private-use bullet", "•", "Private-use bullet"),
    ("1. Definition and boundaries", "1.", "Definition and boundaries"),
    ("(a) Scientific collaboration", "(a)", "Scientific collaboration"),
    ("iv) Fourth point", "iv)", "Fourth point"),
    ("一、总则", "一、", "总则"),
    ("（二）數據流動", "（二）", "數據流動"),
    ("-- both wish to reduce the danger", "--", "both wish to reduce the danger"),
    ("──任何一方都不准备", "──", "任何一方都不准备"),
    ("——双方都认为", "——", "双方都认为"),
    ("-- ", "", "--"),
    ("1999 was a year", "", "1999 was a year"),
    ("Plain paragraph", "", "Plain paragraph"),
    ("•", "", "•"),  # a marker alone is not an item
])
def test_split_marker(text: str, marker: str, rest: str) -> None:
    assert split_marker(text) == (marker, rest)


# ---------------------------------------------------------------- text files


ONE_PER_LINE = "First paragraph, one line.\nSecond paragraph.\n\n• An item\n"
HARD_WRAPPED = ("The first paragraph is wrapped\nover two lines.\n\n"
                "The second one is wrapped over\nthree lines, with a secu-\nrity word.\n\n"
                "- a dash item\n- and another\n")


def test_one_paragraph_a_line() -> None:
    assert not is_hard_wrapped(ONE_PER_LINE)
    assert text_blocks(ONE_PER_LINE) == (
        Block("First paragraph, one line."), Block("Second paragraph."),
        Block("An item", kind="list_item", marker="•"))


def test_hard_wrapped_paragraphs() -> None:
    assert is_hard_wrapped(HARD_WRAPPED)
    assert text_blocks(HARD_WRAPPED) == (
        Block("The first paragraph is wrapped over two lines."),
        Block("The second one is wrapped over three lines, with a security word."),
        Block("a dash item", kind="list_item", marker="-"),
        Block("and another", kind="list_item", marker="-"))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_decode_text_encodings(encoding: str) -> None:
    text = "中美数字经济对话 Zoom"
    assert decode_text(text.encode(encoding), "x.txt") == text


def test_decode_text_rejects_bad_utf16(tmp_path: Path) -> None:
    with pytest.raises(errors.CorruptFile):
        decode_text(codecs.BOM_UTF16_LE + b"\x00\xd8", tmp_path / "x.txt")


def test_text_file_is_read_by_content(tmp_path: Path) -> None:
    path = tmp_path / "notes.dat"
    path.write_bytes("双方同意。\n继续对话。\n".encode("gb18030"))
    doc = extract_document(path)
    assert doc.lang == "zh"
    assert [b.text for b in doc.blocks] == ["双方同意。", "继续对话。"]
    assert all(b.page is None for b in doc.blocks)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(("content", "error"), [
    (b"", errors.EmptyFile),
    (b"<!DOCTYPE html><html><body>hi</body></html>", errors.UnsupportedFormat),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, errors.UnsupportedFormat),
    (b"\x00\x01\x02binary", errors.UnsupportedFormat),
    (b"\n\n  \n", errors.NoText),
])
def test_bad_files(tmp_path: Path, content: bytes, error: type[Exception]) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    with pytest.raises(error, match="input.txt"):
        extract_document(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(errors.FileMissing, match="nowhere.pdf"):
        extract_document(tmp_path / "nowhere.pdf")


def test_zip_that_is_not_docx(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(errors.UnsupportedFormat, match="not a Word"):
        extract_document(path)


def test_docx_with_broken_xml(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document")
    with pytest.raises(errors.CorruptFile, match="broken.docx"):
        extract_document(path)


# ---------------------------------------------------------------- .docx


def test_docx_styles_give_kinds(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("PART I", level=1)
    document.add_paragraph("As the two leading nations in the digital economy.")
    document.add_paragraph("Restrictions on data flows.", style="List Bullet")
    document.add_paragraph("1. Definition and boundaries.")
    document.add_paragraph("   ")
    path = tmp_path / "consensus.docx"
    document.save(str(path))
    doc = extract_document(path)
    assert doc.lang == "en" and doc.page_count is None
    assert [(b.kind, b.marker, b.text) for b in doc.blocks] == [
        ("heading", "", "PART I"),
        ("paragraph", "", "As the two leading nations in the digital economy."),
        ("list_item", "", "Restrictions on data flows."),
        ("list_item", "1.", "Definition and boundaries."),
    ]
