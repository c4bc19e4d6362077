"""A 500-page pair through the whole pipeline: time and peak memory.

The demo PDFs repeated 63 times (504 English pages, 441 Chinese pages) run
through ``bialign run`` in a fresh process each, beside the demo pair itself,
so that the growth from 15 to 945 pages shows.  The repeated pair holds only
285 distinct sentences, so a third row runs distinct text: the first
``--bible`` English sentences of ../shared/eval/bible-en-zh (one a line) and the
Chinese sentences of the same verses, as two text files.  The embedding cache
is bypassed (--no-cache), so encoding is included.  Each run's peak memory is
measured on its own (a fresh wrapper process per run).

Usage: python bench/bench_long_pair.py [--times 63] [--bible 3000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = {"en": ROOT / "corpora/en/consensus-2020.pdf", "zh": ROOT / "corpora/zh/consensus-2020.pdf"}


def repeated(source: Path, times: int, out: Path) -> Path:
    """``source`` repeated ``times`` times, as one PDF."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(source))
    target = pdfium.PdfDocument.new()
    for _ in range(times):
        target.import_pages(pdf)
    target.save(str(out))
    return out


BIBLE = ROOT.parent / "shared" / "eval" / "bible-en-zh"
# Runs a command and prints the peak RSS (KB) of its processes: one wrapper per
# run, since RUSAGE_CHILDREN's peak only grows within a process.
WRAPPER = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def bible_slice(english: int, work: Path) -> tuple[Path, Path]:
    """The first ``english`` English sentences of the Bible workload and the
    Chinese sentences of the same verses, as text files (one sentence a line)."""
    en = (BIBLE / "src" / "006").read_text(encoding="utf-8").splitlines()[:english]
    en_verses = (BIBLE / "src.verse").read_text(encoding="utf-8").splitlines()[:english]
    zh = (BIBLE / "tgt" / "006").read_text(encoding="utf-8").splitlines()
    zh_verses = (BIBLE / "tgt.verse").read_text(encoding="utf-8").splitlines()
    keep = set(en_verses)
    zh = [line for line, verse in zip(zh, zh_verses[:len(zh)], strict=True) if verse in keep]
    (work / "bible-en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    (work / "bible-zh.txt").write_text("\n".join(zh) + "\n", encoding="utf-8")
    return work / "bible-en.txt", work / "bible-zh.txt"


def run(en: Path, zh: Path, out: Path) -> tuple[float, float, dict]:
    """Wall seconds, peak RSS in MB of the run's processes, and the alignment summary."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WRAPPER, sys.executable, "-m", "bialign",
                           "run", str(en), str(zh), "-o", str(out), "--no-cache", "--quiet"],
                          check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    peak = int(done.stdout.split()[-1]) / 1024
    data = json.loads((out / "alignment.json").read_text(encoding="utf-8"))
    return wall, peak, data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=63)
    parser.add_argument("--bible", type=int, default=3000,
                        help="English sentences of the distinct-text row (0: no such row)")
    args = parser.parse_args()
    print(f"{'pair':<22}{'pages':>8}{'EN sent':>9}{'ZH sent':>9}{'wall s':>9}{'peak MB':>9}"
          f"{'s/page':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cases = [("demo pair", DEMO["en"], DEMO["zh"])]
        cases.append((f"demo x{args.times}", repeated(DEMO["en"], args.times, work / "en.pdf"),
                      repeated(DEMO["zh"], args.times, work / "zh.pdf")))
        if args.bible and BIBLE.is_dir():
            cases.append((f"Bible {args.bible} (text)", *bible_slice(args.bible, work)))
        for name, en, zh in cases:
            wall, peak, data = run(en, zh, work / name.replace(" ", "-"))
            pages = sum(d["pages"] or 0 for d in data["documents"].values())
            n_en, n_zh = (len(data["sentences"][s]) for s in ("en", "zh"))
            per_page = f"{wall / pages:.2f}" if en.suffix == ".pdf" and pages else "-"
            print(f"{name:<22}{pages if en.suffix == '.pdf' else '-':>8}{n_en:>9}{n_zh:>9}"
                  f"{wall:>9.1f}{peak:>9.0f}{per_page:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
