"""PDF extraction on the fixture PDFs of tests/pdfs (one per situation or bug).

The fixtures are written by tests/pdfs/make_fixtures.py.
"""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path

import pytest

from bialign import errors
from bialign.extract import ExtractConfig, extract_document
from bialign.extract import pdf as pdf_module
from bialign.extract.layout import Line
from bialign.extract.lines import Char
from bialign.extract.ocr import OcrConfig, tsv_lines
from bialign.extract.pdf import PdfConfig, page_problem
from bialign.extract.running import is_page_number
from bialign.records import PageProblem
from tests.pdfs.make_fixtures import LEFT, Run, content, write_pdf

PDFS = Path(__file__).resolve().parent / "pdfs"


def texts(name: str, **options: object) -> list[str]:
    return [block.text for block in extract_document(PDFS / name, **options).blocks]


# ---------------------------------------------------------------- layout


def test_running_header_footer_removed_and_page_break_joined() -> None:
    doc = extract_document(PDFS / "running-header-footer.pdf")
    assert doc.page_count == 3 and doc.problems == () and doc.lang == "en"
    assert [b.page for b in doc.blocks] == [1, 2, 3]
    first = doc.blocks[0].text
    assert first.startswith("The National Committee convened")
    # The paragraph runs over the page break, past the footer and the header.
    assert first.endswith("on each of the topics that were identified as most urgent by both "
                          "sides of the dialogue.")
    every = " ".join(b.text for b in doc.blocks)
    assert "Digital Economy Dialogue" not in every and "Page" not in every


def test_line_end_hyphens() -> None:
    first = texts("running-header-footer.pdf")[0]
    assert "for non-governmental, off-the-record talks and long-term plans" in first
    assert "The off-the-record discussions" in first
    assert "the security of supply chains" in first


def test_bbox_is_on_the_page() -> None:
    for block in extract_document(PDFS / "running-header-footer.pdf").blocks:
        assert block.bbox is not None
        x0, top, x1, bottom = block.bbox
        assert 0 <= x0 < x1 <= 612 and 0 <= top < bottom <= 792


def test_lists_and_headings() -> None:
    doc = extract_document(PDFS / "lists-and-headings.pdf")
    assert [(b.kind, b.marker, b.text) for b in doc.blocks] == [
        ("heading", "", "PART I"),
        ("heading", "", "Current Trends and Challenges"),
        ("paragraph", "", "We note the following ongoing actions by both governments:"),
        ("list_item", "•", "Restrictions on multinational corporations that reach far beyond "
                           "what the two governments have agreed."),
        ("list_item", "•", "Restrictions on data flows."),
        ("list_item", "1.", "Definition and boundaries of national security interests in the "
                            "digital economy."),
        ("list_item", "(a)", "Scientific collaboration."),
        ("paragraph", "", "A closing paragraph after the list."),
    ]


def test_two_columns_read_column_by_column() -> None:
    assert texts("two-columns.pdf") == [
        "A Joint Communique",
        "The first column starts here and runs down the left half of the page until it "
        "reaches the bottom of the column, where the text continues at the top of the right "
        "column without any break in the paragraph at all.",
        "A second paragraph sits in the right column only.",
    ]


def test_traditional_chinese_with_latin_words_and_dates() -> None:
    doc = extract_document(PDFS / "traditional-chinese.pdf")
    assert doc.lang == "zh"
    assert [b.text for b in doc.blocks] == [
        "雙方於2020年12月2日通過Zoom在線上舉行了第三次數位經濟二軌對話，並就美中兩國共同關注的"
        "重要議題進行了深入而坦誠的討論與交流。",
        "第二段：與會者同意繼續對話。",
    ]


@pytest.mark.parametrize(("text", "number"), [
    ("3", True), ("Page 3", True), ("page 3 of 12", True), ("- 3 -", True), ("iv", True),
    ("第 1 页", True), ("第3頁", True), ("第 2 页，共 9 页", True), ("12 / 40", True),
    ("PART I", False), ("2020", True), ("Article 3", False), ("3 December", False),
])
def test_page_number_patterns(text: str, number: bool) -> None:
    assert is_page_number(text) is number


def test_progress_is_called_per_page() -> None:
    calls: list[tuple[int, int]] = []
    extract_document(PDFS / "running-header-footer.pdf",
                     progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_worker_processes_give_the_same_document() -> None:
    parallel = ExtractConfig(workers=2, pdf=PdfConfig(parallel_min_pages=1))
    one = extract_document(PDFS / "running-header-footer.pdf", config=ExtractConfig(workers=1))
    two = extract_document(PDFS / "running-header-footer.pdf", config=parallel)
    assert one == two


def test_without_page_limits_every_page_is_read_in_this_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    expected = extract_document(PDFS / "running-header-footer.pdf",
                                config=ExtractConfig(workers=1))
    real = pdf_module.page_chars
    read_here: list[float] = []

    def recorded(textpage: object, height: float) -> list[Char]:
        read_here.append(height)  # a reader process would run its own, unpatched copy
        return real(textpage, height)

    monkeypatch.setattr(pdf_module, "page_chars", recorded)
    calls: list[tuple[int, int]] = []
    no_limits = ExtractConfig(workers=2, pdf=PdfConfig(page_timeout_s=0, parallel_min_pages=1))
    doc = extract_document(PDFS / "running-header-footer.pdf", config=no_limits,
                           progress=lambda done, total: calls.append((done, total)))
    assert doc == expected
    assert len(read_here) == 3
    assert calls == [(1, 3), (2, 3), (3, 3)]


# ---------------------------------------------------------------- unreadable pages


def test_image_only_pdf_has_no_text() -> None:
    with pytest.raises(errors.NoText, match="image-only.pdf"):
        extract_document(PDFS / "image-only.pdf")


def test_scanned_page_is_listed_and_the_rest_is_read() -> None:
    doc = extract_document(PDFS / "one-scanned-page.pdf")
    assert [b.text for b in doc.blocks] == ["A page with a text layer."]
    assert [(p.page, p.problem) for p in doc.problems] == [(2, "no_text")]


def _chars(text: str) -> list[Char]:
    return [Char(c, 10.0 * i, 0.0, 10.0 * i + 9, 10.0, 10.0, False) for i, c in enumerate(text)]


@pytest.mark.parametrize(("text", "problem"), [
    ("An ordinary line of text.", None),
    ("\uf0b7 A bullet glyph is fine", None),
    ("\ue001\ue002\ue003\ue004ab", "garbled"),  # private-use glyphs: a font without a map
    ("\x01\x02\x03\x04\x05abc", "garbled"),
    ("\ufffd\ufffd\ufffd\ufffdok", "garbled"),
    ("낱맟뱋섫얍좇ab", "garbled"),  # glyph numbers read as code points
    ("雙方於線上舉行對話 (Zoom) — 2020年", None),
    ("  ", "no_text"),
    ("", "no_text"),
])
def test_page_problem(text: str, problem: str | None) -> None:
    found = page_problem(_chars(text), 4, PdfConfig())
    assert (found.problem if found else None) == problem
    assert found is None or found.page == 4


def test_a_page_that_fails_becomes_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pdf_module.page_chars
    calls = []

    def second_page_fails(textpage: object, height: float) -> list[Char]:
        calls.append(height)
        if len(calls) == 2:
            raise ValueError("broken content stream")
        return real(textpage, height)

    monkeypatch.setattr(pdf_module, "page_chars", second_page_fails)
    # in-process reading, so that the patched function is the one that runs
    in_process = ExtractConfig(workers=1, pdf=PdfConfig(page_timeout_s=0))
    doc = extract_document(PDFS / "running-header-footer.pdf", config=in_process)
    assert doc.problems == (PageProblem(2, "garbled", "ValueError: broken content stream"),)
    assert [b.page for b in doc.blocks] == [1, 3]


# ---------------------------------------------------------------- bad files


@pytest.mark.parametrize(("name", "error"), [
    ("empty.pdf", errors.EmptyFile),
    ("html-renamed.pdf", errors.UnsupportedFormat),
    ("truncated.pdf", errors.CorruptFile),
    ("zero-pages.pdf", errors.CorruptFile),
    ("image-only.pdf", errors.NoText),
    ("encrypted-password-secret.pdf", errors.EncryptedFile),
])
def test_bad_pdfs(name: str, error: type[errors.InputError]) -> None:
    with pytest.raises(error) as caught:
        extract_document(PDFS / name)
    message = str(caught.value)
    assert name in message and "\n" not in message


def test_encrypted_pdf_passwords() -> None:
    path = PDFS / "encrypted-password-secret.pdf"
    with pytest.raises(errors.EncryptedFile) as missing:
        extract_document(path)
    assert "--password" in str(missing.value) and "does not open" not in str(missing.value)
    with pytest.raises(errors.EncryptedFile, match="does not open"):
        extract_document(path, password="wrong")
    doc = extract_document(path, password="secret")
    assert doc.blocks[-1].text.startswith("The National Committee convened")


def test_corrupt_bytes_become_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4 + b"\n%%EOF\n")
    with pytest.raises(errors.CorruptFile, match="garbage.pdf"):
        extract_document(path)


# ---------------------------------------------------------------- OCR


def test_ocr_without_tesseract_is_refused() -> None:
    config = ExtractConfig(ocr=OcrConfig(tesseract="no-such-tesseract-program"))
    with pytest.raises(errors.OCRUnavailable, match="no-such-tesseract-program"):
        extract_document(PDFS / "image-only.pdf", config=config, ocr=True)


def test_tesseract_tsv_becomes_lines() -> None:
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight"
           "\tconf\ttext\n"
           "5\t1\t1\t1\t1\t1\t300\t300\t30\t40\t96\t•\n"
           "5\t1\t1\t1\t1\t2\t375\t300\t300\t40\t96\tRestrictions\n"
           "5\t1\t1\t1\t1\t3\t700\t300\t100\t40\t96\tapply\n"
           "5\t1\t1\t1\t2\t1\t300\t360\t40\t40\t90\t中文\n"
           "4\t1\t1\t1\t2\t0\t300\t360\t40\t40\t-1\t\n")
    lines = tsv_lines(tsv, 7, 72 / 300)
    assert [(line.marker, line.text) for line in lines] == [("•", "Restrictions apply"),
                                                            ("", "中文")]
    first: Line = lines[0]
    assert first.page == 7 and first.x0 == pytest.approx(72.0)
    assert first.text_x0 == pytest.approx(90.0)


def _image_pdf(source: Path, target: Path) -> None:
    """A PDF whose only page is a picture of the first page of ``source`` (a 'scan')."""
    import pypdfium2 as pdfium

    from tests.pdfs.make_fixtures import write_image_pdf

    page = pdfium.PdfDocument(str(source))[0]
    image = page.render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    write_image_pdf(target, zlib.compress(image.tobytes()), image.width, image.height)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None,
                    reason="Tesseract is not installed (apt-get install tesseract-ocr "
                           "tesseract-ocr-eng)")
def test_ocr_reads_a_scanned_page(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    _image_pdf(PDFS / "lists-and-headings.pdf", scan)
    with pytest.raises(errors.NoText):
        extract_document(scan)
    doc = extract_document(scan, ocr=True)
    assert doc.problems == () and doc.lang == "en"
    every = " ".join(b.text for b in doc.blocks)
    assert "Restrictions on data flows." in every
    assert any(b.kind == "list_item" for b in doc.blocks)


def test_a_bold_line_that_ends_with_a_comma_is_not_a_heading(tmp_path: Path) -> None:
    """A preamble clause set in bold ("Whereas ..., ") continues a sentence: it is a
    paragraph; a bold line without a final comma stays a heading."""
    path = tmp_path / "bold-clause.pdf"
    write_pdf(path, [content([
        Run(LEFT, 80, "Preamble", font="F2"),
        Run(LEFT, 110, "Whereas the parties wish to cooperate in good faith,", font="F2"),
        Run(LEFT, 140, "Whereas the parties have met in Geneva to that end,"),
        Run(LEFT, 170, "The Parties agree as follows."),
    ])])
    kinds = [(b.kind, b.text) for b in extract_document(path).blocks]
    assert kinds == [
        ("heading", "Preamble"),
        ("paragraph", "Whereas the parties wish to cooperate in good faith,"),
        ("paragraph", "Whereas the parties have met in Geneva to that end,"),
        ("paragraph", "The Parties agree as follows."),
    ]


def test_typed_dash_items_and_glued_chinese_labels(tmp_path: Path) -> None:
    """"-- " typed inline before a justified line does not hang the item: its next
    line, under the dash, continues it; Chinese labels with no space ("──", "一、")
    are list markers too."""
    path = tmp_path / "dash-items.pdf"
    write_pdf(path, [content([
        Run(LEFT, 80, "-- progress toward the normalization of relations between",
            justify=True),
        Run(LEFT, 94, "the two countries is in the interests of all countries"),
        Run(LEFT, 124, "-- both wish to reduce the danger of conflict", font="F2"),
        Run(LEFT, 154, "──双方都希望减少国际军事冲突的危险；", font="F3"),
        Run(LEFT, 184, "一、总则", font="F3"),
    ])])
    blocks = [(b.kind, b.marker, b.text) for b in extract_document(path).blocks]
    assert blocks == [
        ("list_item", "--", "progress toward the normalization of relations between the two "
                            "countries is in the interests of all countries"),
        ("list_item", "--", "both wish to reduce the danger of conflict"),
        ("list_item", "──", "双方都希望减少国际军事冲突的危险；"),
        ("list_item", "一、", "总则"),
    ]
