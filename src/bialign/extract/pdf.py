"""PDF pages -> text lines: characters, columns, lines, unreadable pages.

The text layer is read with PDFium (pypdfium2, which pdfplumber itself
depends on): it reads a page about ten times faster than pdfminer, which
is what keeps extraction above 10 pages/s on two cores.  ``PdfConfig.backend
= "pdfplumber"`` reads it with pdfplumber (pdfminer) instead, into the same
``Char`` records.  Pages are read one at a time and closed at once, so
memory stays flat on long files; page ranges go to worker processes when
there are many pages.  Either reader's failures become typed bialign
errors, or, inside one page, a ``PageProblem`` for that page.
"""

from __future__ import annotations

import ctypes
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bialign.errors import CorruptFile, EncryptedFile, NoText, OCRUnavailable
from bialign.extract.layout import Line
from bialign.extract.lines import Char, LineConfig, chars_to_lines
from bialign.extract.ocr import OcrConfig, ocr_page
from bialign.records import PageProblem

log = logging.getLogger(__name__)

BOLD_RE = re.compile(r"bold|black|heavy|semibold|demi|,b$", re.IGNORECASE)
TAIL_BYTES = 2048  # readers look for %%EOF in the last kilobyte or so
BACKENDS = ("pdfium", "pdfplumber")  # what reads the text layer
CID_RE = re.compile(r"\(cid:\d+\)")  # pdfminer's text for a glyph without a Unicode map


@dataclass(frozen=True)
class PdfConfig:
    """Options of PDF reading (gaps in em of the character's font size)."""

    workers: int = 1
    parallel_min_pages: int = 64  # fewer pages: starting workers costs more than it saves
    min_chars: int = 3  # fewer printable characters: the page has no text layer
    max_bad_share: float = 0.3  # more unreadable characters than this: garbled
    lines: LineConfig = LineConfig()
    ocr_program: str = ""  # path of tesseract: OCR unreadable pages ("" = don't)
    # Per-page limits (extract/watchdog.py); page_timeout_s = 0 reads in this process,
    # page after page, without limits.
    page_timeout_s: float = 60.0
    page_memory_mb: int = 4096
    worker_start_s: float = 90.0  # for a reader process to start (0.2 s idle); later: in-process
    ocr: OcrConfig = OcrConfig()
    backend: str = "pdfium"  # one of BACKENDS; OCR renders with PDFium either way

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ValueError(f"PdfConfig.backend is {self.backend!r}: use one of "
                             f"{', '.join(BACKENDS)}")


@dataclass(frozen=True)
class PageLines:
    """What one page gave: its lines, its height, or why it gave none."""

    page: int
    height: float
    lines: tuple[Line, ...]
    problem: PageProblem | None = None


# ------------------------------------------------------------------ opening


def open_pdf(path: Path, password: str | None) -> Any:
    """Open with PDFium, turning its failures into typed bialign errors."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        return pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError as exc:
        # PDFium's error code is global and not reset by every failure: a
        # password error is believed only when the file declares encryption.
        code = getattr(exc, "err_code", None)
        encrypted = _declares_encryption(path)
        if encrypted and code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
            raise EncryptedFile(path, wrong_password=bool(password)) from exc
        if code in (raw.FPDF_ERR_FORMAT, raw.FPDF_ERR_FILE):
            raise CorruptFile(path, str(exc).removeprefix("Failed to load document ")) from exc
        raise CorruptFile(path, "PDFium cannot load it: it has no pages or a broken page "
                          "tree") from exc


def _declares_encryption(path: Path) -> bool:
    """True when the file has an /Encrypt entry (read in chunks: files may be large)."""
    with path.open("rb") as handle:
        previous = b""
        while chunk := handle.read(1 << 20):
            if b"/Encrypt" in previous[-16:] + chunk:
                return True
            previous = chunk
    return False


def check_complete(path: Path) -> None:
    """Refuse a PDF cut short: PDFium would silently read only what is left."""
    with path.open("rb") as handle:
        size = handle.seek(0, 2)
        handle.seek(max(0, size - TAIL_BYTES))
        tail = handle.read()
    if b"%%EOF" not in tail:
        raise CorruptFile(path, "no %%EOF marker at the end: the file is truncated")


def page_count(path: Path, password: str | None, backend: str = "pdfium") -> int:
    """Number of pages, read by ``backend``; a PDF with none is refused
    (``NoText`` from PDFium, ``CorruptFile`` from pdfplumber, as PDFium refuses to
    open such a file at all)."""
    check_complete(path)
    if backend == "pdfplumber":
        return plumber_page_count(path, password)
    pdf = open_pdf(path, password)
    try:
        count = len(pdf)
    finally:
        pdf.close()
    if count == 0:
        raise NoText(path, "the PDF has zero pages")
    return count


# ------------------------------------------------------------------ reading pages


def read_pages(path: Path, password: str | None, config: PdfConfig,
               progress: Callable[[int, int], None] | None = None) -> list[PageLines]:
    """Lines of every page in order: in reader processes with per-page limits
    (``extract.watchdog``, in parallel when worthwhile), or in this process
    when ``page_timeout_s`` is 0."""
    total = page_count(path, password, config.backend)
    if config.page_timeout_s > 0:
        from bialign.extract.watchdog import watched_pages

        return watched_pages(path, password, config, total, progress)
    results: list[PageLines] = []
    for page in page_reader(path, password, 0, total, config):
        results.append(page)
        if progress is not None:
            progress(len(results), total)
    return results


def page_reader(path: Path, password: str | None, start: int, end: int,
                config: PdfConfig) -> Iterator[PageLines]:
    """Pages ``start``..``end``-1 (0-based), each yielded as soon as it is read."""
    if config.backend == "pdfplumber":
        with _plumber_pages(path, password, range(start + 1, end + 1)) as pages:
            for index, page in zip(range(start, end), pages, strict=True):
                yield _read_one_plumber(page, path, password, index, config)
        return
    pdf = open_pdf(path, password)
    try:
        for index in range(start, end):
            yield _read_one(pdf, index, config)
    finally:
        pdf.close()


def page_lines(number: int, height: float, width: float, chars: Sequence[Char],
               config: PdfConfig, ocr: Callable[[], tuple[Line, ...]]) -> PageLines:
    """A page's lines from its characters; when the text layer is missing or
    garbled, from OCR if configured, else the page's problem."""
    problem = page_problem(chars, number, config)
    if problem is None:
        return PageLines(number, height, tuple(chars_to_lines(chars, number, width,
                                                              config.lines)))
    if config.ocr_program:
        scanned = ocr()
        if scanned:
            log.info("page %d read by OCR (%s)", number, problem.detail)
            return PageLines(number, height, scanned)
        problem = PageProblem(number, problem.problem, problem.detail + "; OCR found no text")
    return PageLines(number, height, (), problem)


def unreadable_page(number: int, detail: str) -> PageLines:
    log.warning("page %d could not be read: %s", number, detail)
    return PageLines(number, 0.0, (), PageProblem(number, "garbled", detail))


def _read_one(pdf: Any, index: int, config: PdfConfig) -> PageLines:
    number = index + 1
    page = textpage = None
    try:
        page = pdf[index]
        height = float(page.get_height())
        textpage = page.get_textpage()
        chars = page_chars(textpage, height)
        return page_lines(number, height, float(page.get_width()), chars, config,
                          lambda: tuple(ocr_page(page, number, config.ocr, config.ocr_program)))
    except OCRUnavailable:
        raise
    except Exception as exc:  # one broken page must not stop the document
        return unreadable_page(number, f"{type(exc).__name__}: {exc}"[:200])
    finally:
        for item in (textpage, page):
            if item is not None:
                item.close()  # PDFium frees the page at once: flat memory on long files


def page_chars(textpage: Any, height: float) -> list[Char]:
    """The page's drawn characters (PDFium's generated spaces and line ends left out)."""
    import pypdfium2.raw as raw

    handle = textpage.raw
    box = raw.FS_RECTF()
    fonts: dict[int, tuple[float, bool]] = {}  # per text object: its size and boldness
    # Local names: this loop runs for every character of the document.
    unicode, generated, loose_box = (raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated,
                                     raw.FPDFText_GetLooseCharBox)
    text_object, address = raw.FPDFText_GetTextObject, ctypes.c_void_p
    chars = []
    for index in range(textpage.count_chars()):
        code = unicode(handle, index)
        # PDFium generates only spaces and line ends; ask only about those.
        if code in (10, 13) or (code == 32 and generated(handle, index) == 1):
            continue
        loose_box(handle, index, box)
        # Characters of one text object share its font: look the font up once.
        key = ctypes.cast(text_object(handle, index), address).value or 0
        if key not in fonts:
            fonts[key] = _font(handle, index)
        size, bold = fonts[key]
        # PDFium reports a line-end hyphen as U+0002.
        text = "-" if code == 2 else _char(code)
        chars.append(Char(text, box.left, height - box.top, box.right, height - box.bottom,
                          size, bold))
    return chars


def _font(handle: Any, index: int) -> tuple[float, bool]:
    import pypdfium2.raw as raw

    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    raw.FPDFText_GetFontInfo(handle, index, name, len(name), ctypes.byref(flags))
    bold = (raw.FPDFText_GetFontWeight(handle, index) >= 600
            or bool(BOLD_RE.search(name.value.decode("latin-1"))))
    return float(raw.FPDFText_GetFontSize(handle, index)), bold


# ------------------------------------------------------------------ pdfplumber backend


def plumber_page_count(path: Path, password: str | None) -> int:
    """Number of pages as pdfplumber sees them.

    A document without pages is refused as ``CorruptFile``, as PDFium refuses it.
    """
    with _plumber_pages(path, password, None) as pages:
        count = len(pages)
    if count == 0:
        raise CorruptFile(path, "pdfminer finds no pages: it has no pages or a broken page "
                          "tree")
    return count


@contextmanager
def _plumber_pages(path: Path, password: str | None,
                   numbers: range | None) -> Iterator[list[Any]]:
    """pdfplumber's pages (``numbers``: 1-based, None = all), its failures as bialign errors.

    pdfminer raises whatever its parser meets on a damaged file (its own
    PSEOF, PDFSyntaxError, ... wrapped by pdfplumber, or a bare KeyError,
    ValueError, ...), so every exception while opening counts.
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(path, password=password or "",
                              pages=list(numbers) if numbers is not None else None,
                              raise_unicode_errors=False)
    except Exception as exc:  # pdfminer raises many types on a damaged file
        cause = _cause(exc)
        if isinstance(cause, PDFPasswordIncorrect):
            raise EncryptedFile(path, wrong_password=bool(password)) from exc
        raise CorruptFile(path, f"pdfminer cannot load it: {_describe(cause)}") from exc
    try:
        try:
            pages = pdf.pages
        except Exception as exc:  # a broken page tree fails only when it is walked
            cause = _cause(exc)
            raise CorruptFile(path, f"pdfminer cannot read its page tree: "
                              f"{_describe(cause)}") from exc
        yield pages
    finally:
        pdf.close()


def _read_one_plumber(page: Any, path: Path, password: str | None, index: int,
                      config: PdfConfig) -> PageLines:
    number = index + 1
    try:
        height = float(page.height)
        chars = plumber_chars(page.chars)
        return page_lines(number, height, float(page.width), chars, config,
                          lambda: _ocr_with_pdfium(path, password, index, config))
    except OCRUnavailable:
        raise
    except Exception as exc:  # one broken page must not stop the document
        return unreadable_page(number, _describe(_cause(exc)))
    finally:
        page.close()  # pdfplumber caches the page's objects until then


def _ocr_with_pdfium(path: Path, password: str | None, index: int,
                     config: PdfConfig) -> tuple[Line, ...]:
    """OCR of page ``index`` (0-based), rendered by PDFium as pdfplumber itself would."""
    pdf = open_pdf(path, password)
    page = None
    try:
        page = pdf[index]
        return tuple(ocr_page(page, index + 1, config.ocr, config.ocr_program))
    finally:
        if page is not None:
            page.close()
        pdf.close()


def plumber_chars(objects: Sequence[dict[str, Any]]) -> list[Char]:
    """pdfplumber's ``page.chars`` as ``Char`` records (same coordinates: top-left origin).

    A glyph without a Unicode map, "(cid:N)", becomes U+FFFD as PDFium reports
    it; a glyph mapped to several characters (a ligature) is shared out evenly
    between them, since the layout code reads one character per record.
    """
    bold_fonts: dict[str, bool] = {}
    chars = []
    for obj in objects:
        text = obj["text"]
        if text in ("\n", "\r", ""):
            continue
        font = obj.get("fontname") or ""
        if font not in bold_fonts:
            bold_fonts[font] = bool(BOLD_RE.search(font))
        x0, x1 = float(obj["x0"]), float(obj["x1"])
        top, bottom, size = float(obj["top"]), float(obj["bottom"]), float(obj["size"])
        if len(text) > 1:
            text = "\ufffd" if CID_RE.fullmatch(text) else text
        if len(text) == 1:
            chars.append(Char(text, x0, top, x1, bottom, size, bold_fonts[font]))
            continue
        step = (x1 - x0) / len(text)
        chars.extend(Char(part, x0 + i * step, top, x0 + (i + 1) * step, bottom, size,
                          bold_fonts[font]) for i, part in enumerate(text))
    return chars


def _cause(exc: Exception) -> Exception:
    """The pdfminer exception inside pdfplumber's ``PdfminerException`` wrapper, if any."""
    inner = exc.args[0] if exc.args else None
    return inner if isinstance(inner, Exception) else exc


def _describe(exc: BaseException) -> str:
    """One line naming the exception: its type, and its message when it has one."""
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}"[:200] if message else type(exc).__name__


def _char(code: int) -> str:
    try:
        return chr(code)
    except (ValueError, OverflowError):
        return "\ufffd"


def page_problem(chars: Sequence[Char], number: int, config: PdfConfig) -> PageProblem | None:
    """``no_text`` without a text layer, ``garbled`` when unreadable characters dominate."""
    printable = [c.text for c in chars if not c.text.isspace()]
    if len(printable) < config.min_chars:
        return PageProblem(number, "no_text", "no text layer (a scanned image?)")
    share = sum(1 for c in printable if _implausible(c)) / len(printable)
    if share > config.max_bad_share:
        return PageProblem(number, "garbled",
                           f"{share:.0%} of the characters cannot be read (a font without a "
                           "Unicode map)")
    return None


# Unicode blocks an English or Chinese document is written in.  A font without a
# Unicode map yields control codes, private-use or replacement characters, or
# glyph numbers read as code points: scripts (Hangul, Cyrillic, ...) that then
# dominate the page.
PLAUSIBLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x20, 0x7E), (0xA0, 0x24F),  # ASCII, Latin-1, Latin Extended
    (0x370, 0x3FF),  # Greek (symbols in technical text)
    (0x2000, 0x2BFF),  # punctuation, currency, letterlike, arrows, maths, shapes
    (0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),  # CJK punctuation and Han
    (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),  # compatibility and full-width
    (0x20000, 0x2FA1F),
)


def _implausible(char: str) -> bool:
    code = ord(char)
    return not any(low <= code <= high for low, high in PLAUSIBLE_RANGES)
