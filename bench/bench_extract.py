"""Extraction benchmark: paragraph recovery, header leaks and speed, beside pdftotext.

For each PDF of the three corpora in ../shared/corpora, both languages:

* reference paragraphs = the non-blank lines of en.txt / zh.txt, list markers
  ("•", "1.") stripped, whitespace collapsed (and, for Chinese, spaces between
  two CJK characters removed);
* recovered = reference paragraphs that come out as exactly one block with the
  same text (the block's text, or its marker + text);
* header leaks = occurrences of the running header line (first line of page 2)
  beyond those in the reference text, plus blocks that are a bare page number;
* pages/s of ``extract_document`` and of poppler's ``pdftotext`` (the peer,
  run in the same process loop on the same file; it only dumps text, it does
  not rebuild paragraphs, so it is a speed reference, not a quality one).

A last row extracts the demo PDF repeated to 504 pages (the long-file case:
worker processes, page-by-page reading) and reports how much the peak memory
grew.

``--backend pdfplumber`` reads the text layer with pdfplumber instead of
PDFium (``PdfConfig.backend``); the ``backend`` line under the table says
which one ran.

Usage: python bench/bench_extract.py [--repeat 3] [--long 504] [--backend pdfium]
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"
CORPORA = ("consensus-2020", "udhr", "shanghai-communique")
TARGET = 0.98

sys.path.insert(0, str(ROOT / "src"))

from bialign.extract import ExtractConfig, extract_document  # noqa: E402
from bialign.extract.pdf import BACKENDS, PdfConfig  # noqa: E402
from bialign.extract.running import is_page_number  # noqa: E402
from bialign.extract.text import split_marker  # noqa: E402
from bialign.records import Document  # noqa: E402

CJK_SPACE_RE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")


def normalise(text: str, lang: str) -> str:
    text = " ".join(text.split())
    return CJK_SPACE_RE.sub("", text) if lang == "zh" else text


def reference(path: Path, lang: str) -> list[str]:
    """Reference paragraphs: non-blank lines with their list markers removed."""
    return [normalise(split_marker(line)[1], lang)
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def recovered(refs: list[str], doc: Document, lang: str) -> int:
    texts = set()
    for block in doc.blocks:
        texts.add(normalise(block.text, lang))
    return sum(1 for ref in refs if ref in texts)


def header_line(pdf: Path) -> str:
    """The first line that pdftotext prints for page 2: the running header."""
    out = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-layout", str(pdf), "-"],
                         capture_output=True, text=True, check=False).stdout
    return next((" ".join(x.split()) for x in out.splitlines() if x.strip()), "")


def leaks(doc: Document, header: str, lang: str, reference_text: str) -> int:
    """Header lines beyond those the reference itself holds, plus bare page numbers.

    The running header is often the document's title, which the text may use
    too: only occurrences beyond the reference's count are leaks.
    """
    header = normalise(header, lang)
    extracted = sum(normalise(block.text, lang).count(header) for block in doc.blocks)
    expected = normalise(reference_text, lang).count(header)
    numbers = sum(1 for block in doc.blocks if is_page_number(block.text))
    return max(0, extracted - expected) + numbers if header else numbers


def timed(func: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best wall-clock and CPU seconds (this process and its children) of ``func``."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        before = _cpu()
        start = time.perf_counter()
        func()
        best_wall = min(best_wall, time.perf_counter() - start)
        best_cpu = min(best_cpu, _cpu() - before)
    return best_wall, best_cpu


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def long_pdf(pages: int) -> Path:
    """The English demo PDF repeated to ``pages`` pages, cached under .cache/."""
    import pypdfium2 as pdfium

    path = ROOT / ".cache" / f"bench-extract-{pages}-pages.pdf"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        source = pdfium.PdfDocument(str(SHARED / CORPORA[0] / "en.pdf"))
        target = pdfium.PdfDocument.new()
        while len(target) < pages:
            target.import_pages(source, list(range(min(len(source), pages - len(target)))))
        target.save(str(path))
    return path


def row(name: str, pages: int, refs: int | str, found: int | str, rate: str, leak: int | str,
        ours: tuple[float, float], peer: tuple[float, float]) -> str:
    return (f"{name:<26}{pages:>6}{refs:>6}{found:>7}{rate:>8}{leak:>7}"
            f"{pages / ours[0]:>9.1f}{pages / ours[1]:>9.1f}"
            f"{pages / peer[0]:>10.1f}{pages / peer[1]:>10.1f}")


def pdftotext(pdf: Path) -> Callable[[], object]:
    return lambda: subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timing runs; the best is kept")
    parser.add_argument("--long", type=int, default=504, help="pages of the long-file row")
    parser.add_argument("--backend", choices=BACKENDS, default="pdfium",
                        help="what reads the PDF text layer")
    args = parser.parse_args()
    config = ExtractConfig(pdf=PdfConfig(backend=args.backend))
    if shutil.which("pdftotext") is None:
        print("pdftotext (poppler-utils) is needed for the peer column", file=sys.stderr)
        return 1
    extract_document(SHARED / CORPORA[0] / "en.pdf", config=config)  # warm up imports, word list
    print(f"{'file':<26}{'pages':>6}{'refs':>6}{'found':>7}{'rate':>8}{'leaks':>7}"
          f"{'p/s':>9}{'p/cpu-s':>9}{'poppler':>10}{'pop/cpu':>10}")
    failures = 0
    for corpus in CORPORA:
        for lang in ("en", "zh"):
            pdf = SHARED / corpus / f"{lang}.pdf"
            doc = extract_document(pdf, config=config)
            reference_text = (SHARED / corpus / f"{lang}.txt").read_text(encoding="utf-8")
            refs = reference(SHARED / corpus / f"{lang}.txt", lang)
            found = recovered(refs, doc, lang)
            leak = leaks(doc, header_line(pdf), lang, reference_text)
            pages = doc.page_count or 0
            ours = timed(lambda pdf=pdf: extract_document(pdf, config=config), args.repeat)
            failures += found < TARGET * len(refs) or leak > 0
            print(row(f"{corpus}/{lang}", pages, len(refs), found, f"{found / len(refs):.1%}",
                      leak, ours, timed(pdftotext(pdf), args.repeat)))
    if args.long:
        path = long_pdf(args.long)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        ours = timed(lambda: extract_document(path, config=config), 1)
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        print(row(f"demo en x{args.long // 8} (long)", args.long, "-", "-", "-", "-", ours,
                  timed(pdftotext(path), 1)))
        print(f"long file: peak memory of this process grew by {grown:.0f} MiB "
              f"(workers: default ExtractConfig)")
    print(f"p/s = pages per wall-clock second, p/cpu-s = pages per CPU second (all processes);"
          f" poppler = pdftotext 'file -'.\ntarget: rate >= {TARGET:.0%} and 0 leaks per file;"
          f" {'all met' if not failures else f'{failures} file(s) below'}"
          f"\nbackend: {args.backend}, {config.workers} worker(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
