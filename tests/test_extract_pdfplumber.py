"""The pdfplumber character source (``PdfConfig.backend = "pdfplumber"``).

It must give the pdfium path's paragraphs on the demo corpus and the same
typed errors on the bad-file fixtures of tests/pdfs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bialign import errors
from bialign.extract import ExtractConfig, extract_document
from bialign.extract import pdf as pdf_module
from bialign.extract.lines import Char
from bialign.extract.pdf import PdfConfig, page_count, plumber_chars
from bialign.records import Document, PageProblem

ROOT = Path(__file__).resolve().parents[1]
PDFS = Path(__file__).resolve().parent / "pdfs"
PLUMBER = ExtractConfig(workers=1, pdf=PdfConfig(backend="pdfplumber"))
PDFIUM = ExtractConfig(workers=1)
# PDFium's loose box and pdfminer's glyph box differ (font ascent, advance width):
# measured on the demo corpus, block edges are up to 0.84 pt apart left/right
# and 3.37 pt top/bottom.
HORIZONTAL_TOLERANCE = 1.0
VERTICAL_TOLERANCE = 4.0


def plumber(path: Path, **options: Any) -> Document:
    return extract_document(path, config=PLUMBER, **options)


# ---------------------------------------------------------------- characters


def test_plumber_chars_become_char_records() -> None:
    objects = [
        {"text": "A", "x0": 10, "x1": 16, "top": 20, "bottom": 30, "size": 10,
         "fontname": "ABCDEF+Noto-Bold"},
        {"text": "(cid:17)", "x0": 16, "x1": 22, "top": 20, "bottom": 30, "size": 10,
         "fontname": "Plain"},
        {"text": "fi", "x0": 22, "x1": 32, "top": 20, "bottom": 30, "size": 10,
         "fontname": "Plain"},
        {"text": "\n", "x0": 32, "x1": 32, "top": 20, "bottom": 30, "size": 10,
         "fontname": "Plain"},
    ]
    assert plumber_chars(objects) == [
        Char("A", 10.0, 20.0, 16.0, 30.0, 10.0, True),
        Char("\ufffd", 16.0, 20.0, 22.0, 30.0, 10.0, False),
        Char("f", 22.0, 20.0, 27.0, 30.0, 10.0, False),
        Char("i", 27.0, 20.0, 32.0, 30.0, 10.0, False),
    ]


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="pdfium, pdfplumber"):
        PdfConfig(backend="pdfminer")


# ---------------------------------------------------------------- same paragraphs


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_demo_corpus_same_paragraphs_from_both_backends(lang: str) -> None:
    path = ROOT / "corpora" / lang / "consensus-2020.pdf"
    ours, theirs = extract_document(path, config=PDFIUM), plumber(path)
    assert (theirs.lang, theirs.page_count, theirs.problems) == (lang, ours.page_count, ())
    # Measured: every block has the same text, kind and page (79 of 79 in each language).
    assert [(b.text, b.kind, b.page) for b in theirs.blocks] == [
        (b.text, b.kind, b.page) for b in ours.blocks]
    for mine, other in zip(ours.blocks, theirs.blocks, strict=True):
        assert mine.bbox is not None and other.bbox is not None
        assert other.bbox[0] == pytest.approx(mine.bbox[0], abs=HORIZONTAL_TOLERANCE)
        assert other.bbox[2] == pytest.approx(mine.bbox[2], abs=HORIZONTAL_TOLERANCE)
        assert other.bbox[1] == pytest.approx(mine.bbox[1], abs=VERTICAL_TOLERANCE)
        assert other.bbox[3] == pytest.approx(mine.bbox[3], abs=VERTICAL_TOLERANCE)


def test_fixture_same_paragraphs_from_both_backends() -> None:
    path = PDFS / "running-header-footer.pdf"
    assert [b.text for b in plumber(path).blocks] == [
        b.text for b in extract_document(path, config=PDFIUM).blocks]


# ---------------------------------------------------------------- bad files


@pytest.mark.parametrize(("name", "error"), [
    ("empty.pdf", errors.EmptyFile),
    ("html-renamed.pdf", errors.UnsupportedFormat),
    ("truncated.pdf", errors.CorruptFile),
    ("zero-pages.pdf", errors.CorruptFile),
    ("image-only.pdf", errors.NoText),
    ("encrypted-password-secret.pdf", errors.EncryptedFile),
])
def test_bad_pdfs_same_errors(name: str, error: type[errors.InputError]) -> None:
    with pytest.raises(error) as caught:
        plumber(PDFS / name)
    message = str(caught.value)
    assert name in message and "\n" not in message


def test_pdfminer_errors_behind_the_byte_checks_are_typed() -> None:
    # extract_document refuses these before any PDF reader runs; straight to the
    # reader, pdfminer's PDFSyntaxError and PSEOF must still come out typed.
    for name in ("html-renamed.pdf", "zero-pages.pdf"):
        with pytest.raises(errors.CorruptFile, match=name):
            page_count(PDFS / name, None, "pdfplumber")
    with pytest.raises(errors.CorruptFile, match="PSEOF"):
        pdf_module.plumber_page_count(PDFS / "truncated.pdf", None)


def test_encrypted_pdf_passwords() -> None:
    path = PDFS / "encrypted-password-secret.pdf"
    with pytest.raises(errors.EncryptedFile) as missing:
        plumber(path)
    assert "--password" in str(missing.value) and "does not open" not in str(missing.value)
    with pytest.raises(errors.EncryptedFile, match="does not open"):
        plumber(path, password="wrong")
    doc = plumber(path, password="secret")
    assert doc.blocks[-1].text.startswith("The National Committee convened")


def test_corrupt_bytes_become_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4 + b"\n%%EOF\n")
    with pytest.raises(errors.CorruptFile, match="garbage.pdf"):
        plumber(path)


def test_a_page_that_fails_becomes_a_page_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pdf_module.plumber_chars
    calls = []

    def second_page_fails(objects: Any) -> list[Char]:
        calls.append(1)
        if len(calls) == 2:
            raise ValueError("broken content stream")
        return real(objects)

    monkeypatch.setattr(pdf_module, "plumber_chars", second_page_fails)
    # in-process reading, so that the patched function is the one that runs
    in_process = ExtractConfig(pdf=PdfConfig(backend="pdfplumber", page_timeout_s=0))
    doc = extract_document(PDFS / "running-header-footer.pdf", config=in_process)
    assert doc.problems == (PageProblem(2, "garbled", "ValueError: broken content stream"),)
    assert [b.page for b in doc.blocks] == [1, 3]
