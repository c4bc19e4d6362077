"""A 500-page pair through the whole pipeline: time and peak memory.

The demo PDFs repeated 63 times (504 English pages, 441 Chinese pages) run
through ``bialign run`` in a fresh process each, beside the demo pair itself,
so that the growth from 15 to 945 pages shows.  The embedding cache is
bypassed (--no-cache), so encoding is included.

Usage: python bench/bench_long_pair.py [--times 63]
"""

from __future__ import annotations

import argparse
import json
import resource
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


def run(en: Path, zh: Path, out: Path) -> tuple[float, float, dict]:
    """Wall seconds, peak RSS in MB of the child, and the alignment summary."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bialign", "run", str(en), str(zh), "-o", str(out),
                    "--no-cache", "--quiet"], check=True)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    data = json.loads((out / "alignment.json").read_text(encoding="utf-8"))
    return wall, peak, data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=63)
    args = parser.parse_args()
    print(f"{'pair':<22}{'pages':>8}{'EN sent':>9}{'ZH sent':>9}{'wall s':>9}{'peak MB':>9}"
          f"{'s/page':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # the demo first: RUSAGE_CHILDREN's peak only grows, so the small run must come first
        cases = [("demo pair", DEMO["en"], DEMO["zh"])]
        cases.append((f"demo x{args.times}", repeated(DEMO["en"], args.times, work / "en.pdf"),
                      repeated(DEMO["zh"], args.times, work / "zh.pdf")))
        for name, en, zh in cases:
            wall, peak, data = run(en, zh, work / name.replace(" ", "-"))
            pages = sum(d["pages"] for d in data["documents"].values())
            n_en, n_zh = (len(data["sentences"][s]) for s in ("en", "zh"))
            print(f"{name:<22}{pages:>8}{n_en:>9}{n_zh:>9}{wall:>9.1f}{peak:>9.0f}"
                  f"{wall / pages:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
