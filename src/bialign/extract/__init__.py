"""Extraction: a PDF, .docx or text file -> a ``Document`` of Blocks in reading order.

``extract_document`` looks at the file's bytes, not its name, to pick the
reader: ``%PDF`` -> ``pdf.py`` + ``layout.py`` + ``running.py``; a ZIP with
``word/document.xml`` -> ``docx.py``; anything that decodes as UTF-8,
UTF-16 or GB18030 text -> ``text.py``.
"""

from __future__ import annotations

import logging
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from bialign.errors import EmptyFile, FileMissing, NoText, UnsupportedFormat
from bialign.extract.docx import docx_blocks
from bialign.extract.language import detect_language
from bialign.extract.layout import DEFAULT_LAYOUT, LayoutConfig, lines_to_blocks
from bialign.extract.ocr import OcrConfig, find_tesseract
from bialign.extract.pdf import PageLines, PdfConfig, read_pages
from bialign.extract.running import DEFAULT_RUNNING, RunningConfig, remove_running_lines
from bialign.extract.text import Vocabulary, decode_text, text_blocks
from bialign.records import Block, Document

__all__ = ["ExtractConfig", "extract_document"]

log = logging.getLogger(__name__)

SNIFF_BYTES = 1024  # the PDF standard allows junk before %PDF within the first 1 KiB
BINARY_MAGIC: dict[bytes, str] = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"\xd0\xcf\x11\xe0": "an old Word/Excel file (.doc/.xls): save it as .docx",
    b"{\\rtf": "an RTF file: save it as .docx",
    b"\x1f\x8b": "a gzip archive",
}


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


@dataclass(frozen=True)
class ExtractConfig:
    """Options of extraction; ``workers`` processes read page ranges of long PDFs."""

    workers: int = field(default_factory=default_workers)
    pdf: PdfConfig = PdfConfig()
    layout: LayoutConfig = DEFAULT_LAYOUT
    running: RunningConfig = DEFAULT_RUNNING
    ocr: OcrConfig = OcrConfig()


def extract_document(path: str | Path, *, config: ExtractConfig = ExtractConfig(),
                     password: str | None = None, ocr: bool = False,
                     progress: Callable[[int, int], None] | None = None) -> Document:
    """Read ``path`` into a Document; ``progress(done_pages, total_pages)`` after each page.

    Raises FileMissing, EmptyFile, UnsupportedFormat, CorruptFile,
    EncryptedFile, NoText or OCRUnavailable (all from ``bialign.errors``).
    """
    path = Path(path)
    if not path.is_file():
        raise FileMissing(path)
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head:
        raise EmptyFile(path)
    if b"%PDF" in head:
        return _pdf_document(path, config, password, ocr, progress)
    if head.startswith(b"PK\x03\x04"):
        return _docx_document(path)
    return _text_document(path, head)


def _pdf_document(path: Path, config: ExtractConfig, password: str | None, ocr: bool,
                  progress: Callable[[int, int], None] | None) -> Document:
    program = find_tesseract(config.ocr) if ocr else ""
    pdf_config = replace(config.pdf, workers=config.workers, ocr_program=program, ocr=config.ocr)
    pages = read_pages(path, password, pdf_config, progress)
    problems = tuple(page.problem for page in pages if page.problem is not None)
    if len(problems) == len(pages):
        kinds = sorted({problem.problem for problem in problems})
        raise NoText(path, f"none of the {len(pages)} pages can be read: {', '.join(kinds)}")
    blocks = pdf_blocks(pages, config)
    if not blocks:
        raise NoText(path, "the pages hold no text besides headers and page numbers")
    return Document(path=str(path), lang=detect_language(_sample(blocks)), blocks=blocks,
                    page_count=len(pages), problems=problems)


def pdf_blocks(pages: list[PageLines], config: ExtractConfig = ExtractConfig()
               ) -> tuple[Block, ...]:
    """Blocks from the lines of all pages: running lines removed, paragraphs rebuilt."""
    kept = remove_running_lines([page.lines for page in pages],
                                [page.height for page in pages], config.running)
    lines = [line for page in kept for line in page]
    vocabulary = Vocabulary.from_texts(line.text for line in lines)
    return lines_to_blocks(lines, vocabulary, config.layout)


def _docx_document(path: Path) -> Document:
    try:
        with zipfile.ZipFile(path) as archive:
            is_docx = "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        is_docx = False
    if not is_docx:
        raise UnsupportedFormat(path, "a ZIP archive that is not a Word .docx file")
    return _from_blocks(path, docx_blocks(path))


def _text_document(path: Path, head: bytes) -> Document:
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")):
        raise UnsupportedFormat(path, "an HTML or XML page")
    for magic, what in BINARY_MAGIC.items():
        if head.startswith(magic):
            raise UnsupportedFormat(path, what)
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFormat(path, "binary data, not text")
    return _from_blocks(path, text_blocks(decode_text(path.read_bytes(), path)))


def _from_blocks(path: Path, blocks: tuple[Block, ...]) -> Document:
    if not blocks:
        raise NoText(path, "the file holds no text")
    return Document(path=str(path), lang=detect_language(_sample(blocks)), blocks=blocks)


def _sample(blocks: tuple[Block, ...]) -> str:
    return "\n".join(block.text for block in blocks)
