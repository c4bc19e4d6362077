"""Per-check development measurements: false alarms on faithful pairs, precision on MQM.

Data (read from ../shared, never copied): MAC-Dev gold-aligned two-sided beads
(one document per chapter), UDHR line pairs from "Article 1" on (one document),
both faithful translations; and the MQM zh-en dev set (2,000 rows, half with a
major accuracy error, label 1; one document).  Loaders come from bench/perturb.py
and bench/bench_mqm.py.

Every check of ``CHECK_MODULES`` runs through ``run_checks`` over each document,
with the USE encoder behind the on-disk cache .cache/bench (perturb.bench_encoder,
the same cache file as ``CachedEncoder(load_encoder("use"), Path(".cache/bench"))``)
and each pair's similarity set to the cosine of its sides' embeddings; drift
findings explained by a more specific finding are then dropped, as the pipeline
does (``drop_explained``).  Only warning/error findings count.

A third, unseen register: the Bible (KJV English, CUV Chinese; verse pairs, the
sentences of one verse joined), two stretches of 1,500 verses (Genesis 1:1 on,
Matthew 1:1 on), one document each.  The two are independent translations from
Hebrew and Greek, so some findings there are real; the rate is an upper bound
on false alarms in archaic English no check was tuned on (thee, unto, "two and
thirty").

Printed, per category: findings per 1,000 pairs on MAC-Dev and on UDHR (every one
a false alarm, except findings on the few real divergences of the published texts,
``perturb.KNOWN_REAL``, which are listed apart and not counted), MQM rows flagged
with that category and their precision (share with label 1; the base rate is
0.5).  Peer, measured in the same run: the similarity-only detector, which flags
a pair whose cosine is below the 5th percentile of its own document (so about 50
per 1,000 anywhere by construction; its MQM precision is the figure to beat).

Usage: .venv/bin/python bench/bench_checks_dev.py   (output kept by bench/run_all.py
in bench/out/bench_checks_dev.txt)
"""

from __future__ import annotations

import logging
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_mqm  # noqa: E402  (bench helpers next to this file)
import perturb  # noqa: E402

CATEGORIES = ("number", "entity", "negation", "untranslated", "wrong_word", "omission",
              "addition", "terminology", "drift")
PEER_QUANTILE = 0.05


@dataclass
class Measured:
    """Warning/error findings and peer flags of one data set, over all its documents.

    ``flagged_links`` maps a category to the set of pair indices (over the whole
    data set) with at least one finding of it; ``peer`` holds the indices the
    similarity-only detector flags.
    """

    pairs: int
    findings: Counter[str]
    flagged_links: dict[str, set[int]]
    peer: set[int]
    known_real: list[str]  # findings on the corpora's real divergences (perturb.KNOWN_REAL)


def check_document(en: Sequence[str], zh: Sequence[str]) -> tuple[list, np.ndarray]:
    """Warning/error findings of all checks over one document, and its pair cosines."""
    from bialign.checks import CHECK_MODULES, CheckConfig, CheckResources, run_checks
    from bialign.checks.drift import drop_explained
    from bialign.records import Pair

    sims = perturb.similarities(en, zh)
    pairs = [Pair(index=i, en=e, zh=z, similarity=float(c))
             for i, (e, z, c) in enumerate(zip(en, zh, sims, strict=True))]
    resources = CheckResources(encoder=perturb.bench_encoder(),  # type: ignore[arg-type]
                               doc_similarities=[p.similarity for p in pairs])
    findings = run_checks(pairs, resources=resources,
                          config=CheckConfig(enabled=tuple(CHECK_MODULES)))
    return [f for f in drop_explained(findings) if f.severity != "info"], sims


def measure(documents: Sequence[tuple[Sequence[str], Sequence[str]]]) -> Measured:
    """Run the checks and the peer over each (en lines, zh lines) document."""
    result = Measured(0, Counter(), {c: set() for c in CATEGORIES}, set(), [])
    for en, zh in documents:
        findings, sims = check_document(en, zh)
        offset = result.pairs
        for f in findings:
            if perturb.is_known_real(f, en[f.link]):
                result.known_real.append(f"{f.category}: {f.message}")
                continue
            result.findings[f.category] += 1
            result.flagged_links.setdefault(f.category, set()).add(offset + f.link)
        cut = float(np.quantile(sims, PEER_QUANTILE))
        result.peer |= {offset + i for i, c in enumerate(sims) if c < cut}
        result.pairs += len(en)
    return result


def source_documents(sources: Sequence[perturb.Source]) -> list[tuple[list[str], list[str]]]:
    """Group source pairs into documents by corpus, keeping their order."""
    docs: dict[str, tuple[list[str], list[str]]] = {}
    for s in sources:
        en, zh = docs.setdefault(s.corpus, ([], []))
        en.append(s.en)
        zh.append(s.zh)
    return list(docs.values())


BIBLE_STRETCHES = (("Gen:1:1", 1500), ("Mat:1:1", 1500))


def bible_documents() -> list[tuple[list[str], list[str]]]:
    """Verse pairs of the Bible stretches (``BIBLE_STRETCHES``), one document each."""
    from beads import BIBLE

    def by_verse(side: str) -> dict[str, list[str]]:
        lines = (BIBLE / side / "006").read_text(encoding="utf-8").splitlines()
        verses = (BIBLE / f"{side}.verse").read_text(encoding="utf-8").splitlines()
        out: dict[str, list[str]] = {}
        # the verse lists run on past the 30,000 / 42,687 lines (to Acts 22:21)
        for line, verse in zip(lines, verses[:len(lines)], strict=True):
            out.setdefault(verse, []).append(line)
        return out

    en, zh = by_verse("src"), by_verse("tgt")
    order = [v for v in en if v in zh]
    docs = []
    for first, size in BIBLE_STRETCHES:
        stretch = order[order.index(first):order.index(first) + size]
        docs.append(([" ".join(en[v]) for v in stretch], ["".join(zh[v]) for v in stretch]))
    return docs


def per_thousand(count: int, pairs: int) -> str:
    """``count`` per 1,000 ``pairs``, formatted for the table."""
    return f"{1000 * count / pairs:.1f}"


def precision_cell(links: set[int], labels: Sequence[int]) -> str:
    """Flagged-row count and the share of them with label 1 ("-" when none)."""
    if not links:
        return f"{0:6d} {'-':>6}"
    return f"{len(links):6d} {np.mean([labels[i] for i in links]):6.3f}"


def print_table(mac: Measured, udhr: Measured, bible: Measured, mqm: Measured,
                labels: Sequence[int]) -> None:
    """One row per category, the union of all checks, and the similarity-only peer."""
    print(f"MAC-Dev: {mac.pairs} gold beads; UDHR: {udhr.pairs} line pairs (both faithful);"
          f" Bible: {bible.pairs} verses (independent translations);"
          f" MQM dev: {mqm.pairs} rows, base rate {np.mean(labels):.3f}")
    print("warning/error findings per 1,000 faithful pairs; MQM rows flagged and precision\n")
    print(f"{'category':22} {'MAC-Dev/1k':>10} {'UDHR/1k':>8} {'Bible/1k':>9} {'MQM rows':>9}"
          f" {'prec':>6}")

    def rates(counts: Sequence[int]) -> str:
        return "".join(f" {per_thousand(c, m.pairs):>{w}}"
                       for c, m, w in zip(counts, (mac, udhr, bible), (10, 8, 9), strict=True))

    for cat in CATEGORIES:
        print(f"{cat:22}{rates([m.findings[cat] for m in (mac, udhr, bible)])}   "
              f"{precision_cell(mqm.flagged_links[cat], labels)}")
    any_mqm = set().union(*mqm.flagged_links.values())
    print(f"{'all checks':22}{rates([sum(m.findings.values()) for m in (mac, udhr, bible)])}   "
          f"{precision_cell(any_mqm, labels)}")
    print(f"{'peer: cos < file p5':22}{rates([len(m.peer) for m in (mac, udhr, bible)])}   "
          f"{precision_cell(mqm.peer, labels)}")
    print("\n(all checks: findings per 1,000 pairs, MQM rows with any finding;"
          " peer: pairs flagged, one per pair)")
    known = mac.known_real + udhr.known_real
    if known:
        print(f"not counted: {len(known)} findings on real divergences of the faithful texts"
              " (perturb.KNOWN_REAL):")
        for line in known:
            print(f"  {line[:120]}")


def main() -> None:
    """Measure the three data sets and print the table with the run time."""
    logging.basicConfig(level=logging.ERROR)
    start = time.perf_counter()
    mac = measure(source_documents(perturb.mac_dev_pairs()))
    udhr = measure(source_documents(perturb.line_pairs("udhr")))
    bible = measure(bible_documents())
    rows, pairs = bench_mqm.load_rows()
    mqm = measure([([p.en for p in pairs], [p.zh for p in pairs])])
    print_table(mac, udhr, bible, mqm, [int(r["label"]) for r in rows])
    print(f"run time {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
