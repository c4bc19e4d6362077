"""How the reports scale to a long document: size, write time, and Chromium.

Workload: the Bible (30,000 English / 42,687 Chinese sentences, ../shared/eval/
bible-en-zh) with its gold beads as links, one chapter a paragraph, 40 English
sentences a page, and a synthetic finding on every 97th link.  Measures every
report file's size, the time to write them, and, in headless Chromium, the time
from navigation to ``load``, to scroll to the bottom, to step to the last
finding and to search.  Peer, measured in the same run: the same rows as a plain
table written by ``pandas.DataFrame.to_html`` (no grouping, no script).

Run: ``python bench/bench_report.py`` (about a minute on 2 cores).
"""

from __future__ import annotations

import math
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bialign.records import (
    Alignment,
    Block,
    Document,
    Finding,
    Link,
    RunResult,
    Sentence,
    SimilarityMap,
)
from bialign.report import write_reports
from bialign.report.html import write_html
from bialign.report.tables import pairs_frame

BIBLE = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "bible-en-zh"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SENTENCES_PER_PAGE = {"en": 40, "zh": 57}
FINDING_EVERY = 97
CATEGORIES = ("omission", "number", "entity", "negation", "wrong_word")
_BEAD = re.compile(r"\[([\d,\s]*)\]:\[([\d,\s]*)\]")


def _indices(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.replace(" ", "").split(",") if x)


def _side(lang: str, texts: list[str], verses: list[str]
          ) -> tuple[tuple[Sentence, ...], tuple[Block, ...]]:
    """Sentences with one chapter a paragraph and a fixed number a page."""
    chapters: dict[str, int] = {}
    sentences = []
    # The verse lists run past the sentence files; the first lines correspond.
    for i, (text, verse) in enumerate(zip(texts, verses[: len(texts)], strict=True)):
        chapter = verse.rsplit(":", 1)[0]
        paragraph = chapters.setdefault(chapter, len(chapters))
        sentences.append(Sentence(i, text, paragraph, 1 + i // SENTENCES_PER_PAGE[lang]))
    blocks = tuple(Block(c, None) for c in chapters)
    return tuple(sentences), blocks


def bible_result() -> RunResult:
    """The Bible as a RunResult: gold beads as links, synthetic findings and map."""
    read = lambda name: (BIBLE / name).read_text(encoding="utf-8").splitlines()  # noqa: E731
    en, en_blocks = _side("en", read("src/006"), read("src.verse"))
    zh, zh_blocks = _side("zh", read("tgt/006"), read("tgt.verse"))
    links = tuple(Link(_indices(m.group(1)), _indices(m.group(2)), 0.6, 0.9)
                  for m in map(_BEAD.match, read("gold/006.align")) if m)
    findings = []
    for n, i in enumerate(range(0, len(links), FINDING_EVERY)):
        link = links[i]
        en_text = en[link.en[0]].text if link.en else ""
        zh_text = zh[link.zh[0]].text if link.zh else ""
        findings.append(Finding(CATEGORIES[n % len(CATEGORIES)],
                                ("error", "warning", "info")[n % 3], 0.5, i,
                                "Synthetic finding for the benchmark.",
                                en_evidence=en_text.split(" ")[0], zh_evidence=zh_text[:2]))
    bins = 60
    edges = lambda n: tuple(round(k * n / bins) for k in range(bins + 1))  # noqa: E731
    cells = tuple(tuple(0.1 + 0.6 * math.exp(-abs(r - c)) for c in range(bins))
                  for r in range(bins))
    return RunResult(
        en_doc=Document(str(BIBLE / "src/006"), "en", en_blocks, en[-1].page),
        zh_doc=Document(str(BIBLE / "tgt/006"), "zh", zh_blocks, zh[-1].page),
        en=en, zh=zh, alignment=Alignment(links, SimilarityMap(edges(len(en)), edges(len(zh)),
                                                                cells)),
        findings=tuple(findings), signature="bialign bench|links:gold",
    )


def _chromium(url: str, ours: bool) -> dict[str, float]:
    """Seconds to load, to reach the bottom, to jump to the last finding, to search."""
    from playwright.sync_api import sync_playwright

    out: dict[str, float] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        start = time.perf_counter()
        page.goto(url, wait_until="load", timeout=300_000)
        out["load"] = time.perf_counter() - start
        start = time.perf_counter()
        page.evaluate("""async () => {
            const frame = () => new Promise(r => requestAnimationFrame(() => r()));
            for (let i = 0; i < 50; i++) {
                window.scrollTo(0, document.documentElement.scrollHeight);
                await frame(); await frame();
                if (window.scrollY + innerHeight >= document.documentElement.scrollHeight - 2)
                    return;
            }
        }""")
        out["scroll"] = time.perf_counter() - start
        out["heap_mb"] = page.evaluate("performance.memory.usedJSHeapSize") / 2**20
        if ours:
            page.evaluate("window.scrollTo(0, 0)")
            start = time.perf_counter()
            page.keyboard.press("k")  # previous from the start wraps to the last finding
            page.evaluate("new Promise(r => requestAnimationFrame(() => r()))")
            out["last_finding"] = time.perf_counter() - start
            # In the page: filter the rows and lay out what remains; a rare
            # word, then one that is in almost every row.
            for word in ("jerusalem", "the"):
                out[f"search {word}"] = page.evaluate("""word => {
                    const t = performance.now();
                    window.bialign.search(word);
                    document.body.offsetHeight;
                    return (performance.now() - t) / 1000;
                }""", word)
        browser.close()
    return out


def _write_peer(result: RunResult, path: Path) -> Path:
    frame = pairs_frame(result)
    path.write_text("<!DOCTYPE html><meta charset='utf-8'>" + frame.to_html(index=False),
                    encoding="utf-8")
    return path


def main() -> int:
    if not BIBLE.exists():
        print(f"{BIBLE}: not found; this benchmark needs ../shared/eval/bible-en-zh")
        return 1
    result = bible_result()
    rows: list[tuple[str, Any, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        written = write_reports(result, out)
        total = time.perf_counter() - start
        start = time.perf_counter()
        html = write_html(result, out / "again.html")
        html_time = time.perf_counter() - start
        peer = out / "peer.html"
        start = time.perf_counter()
        _write_peer(result, peer)
        peer_time = time.perf_counter() - start
        ours = _chromium(html.as_uri(), ours=True)
        theirs = _chromium(peer.as_uri(), ours=False)
        sizes = {p.name: p.stat().st_size / 2**20 for p in written}
        peer_size = peer.stat().st_size / 2**20
    print(f"workload: {len(result.en)} English / {len(result.zh)} Chinese sentences,"
          f" {len(result.links)} links, {len(result.findings)} findings")
    rows.append(("report.html size (MiB)", f"{sizes['report.html']:.1f}", f"{peer_size:.1f}"))
    rows += [
        ("write report.html (s)", f"{html_time:.2f}", f"{peer_time:.2f}"),
        ("Chromium: navigation to load (s)", f"{ours['load']:.2f}", f"{theirs['load']:.2f}"),
        ("Chromium: scroll to the bottom (s)", f"{ours['scroll']:.2f}",
         f"{theirs['scroll']:.2f}"),
        ("Chromium: JS heap after scroll (MiB)", f"{ours['heap_mb']:.0f}",
         f"{theirs['heap_mb']:.0f}"),
        ("Chromium: jump to last finding (s)", f"{ours['last_finding']:.2f}", "n/a"),
        ("Chromium: search 'jerusalem', in page (s)", f"{ours['search jerusalem']:.2f}",
         "n/a"),
        ("Chromium: search 'the', in page (s)", f"{ours['search the']:.2f}", "n/a"),
        ("write all 8 report files (s)", f"{total:.2f}", "n/a"),
    ]
    rows += [(f"{name} size (MiB)", f"{size:.1f}", "n/a")
             for name, size in sorted(sizes.items()) if name != "report.html"]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'bialign':>9}  {'pandas to_html':>14}")
    for name, ours_value, peer_value in rows:
        print(f"{name:<{width}}  {ours_value:>9}  {peer_value:>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
