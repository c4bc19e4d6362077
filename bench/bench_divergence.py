"""Recall and precision of the divergence checks on injected divergences.

(1) Every corpus of bench/perturb.py (six MAC-Dev chapters, UDHR, consensus-2020)
is checked as one document in which the pairs chosen by the generator carry one
injected divergence each; all other pairs are the faithful originals.  Checks run
through ``run_checks`` one category at a time (a check that fails to import or
crashes is listed as skipped) with the real USE encoder (cached in .cache/bench).
Per kind: injected count, recall (a warning/error finding of the expected
category on that pair; reversals count "negation"; omission and addition accept
either direction's category, or drift); overall precision of warning/error findings (a
finding on an untouched pair, or of an unrelated category, counts against it),
and false alarms per 100 untouched pairs by category, with examples.
(2) The demo corpus through the real pipeline (consensus-2020 PDFs): every
warning/error finding, whether "principals" is found with suggestion
"principles", and the time the checks add to the run.

Bars: recall >= 0.9 per kind, precision >= 0.9, demo <= 5 other warnings/errors.
Peer figure: the same injected kinds judged by similarity alone (a pair flagged
when its USE cosine is below its document's 5th percentile of untouched pairs).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import perturb  # noqa: E402  (bench helper next to this file)

ROOT = perturb.ROOT
DEMO_EN = ROOT / "corpora" / "en" / "consensus-2020.pdf"
DEMO_ZH = ROOT / "corpora" / "zh" / "consensus-2020.pdf"
EXPECTED = perturb.EXPECTED
EXAMPLES_PER_CATEGORY = 4


def check_all(pairs: list, doc_sims: list[float], skipped: dict[str, str]) -> list:
    """Findings of every importable check (after drop_explained) over one document."""
    from bialign.checks import CHECK_MODULES, CheckConfig, CheckResources, run_checks
    from bialign.checks.drift import drop_explained

    resources = CheckResources(encoder=perturb.bench_encoder(),  # type: ignore[arg-type]
                               doc_similarities=doc_sims)
    findings: list = []
    for name in CHECK_MODULES:
        if name in skipped:
            continue
        try:
            findings += run_checks(pairs, resources=resources, config=CheckConfig(enabled=(name,)))
        except Exception as exc:  # noqa: BLE001  (a check being written may fail)
            skipped[name] = f"{type(exc).__name__}: {str(exc)[:70]}"
    return drop_explained(findings)


def build_documents(per_kind: int) -> list[tuple[str, list, dict[int, perturb.Perturbed]]]:
    """(corpus, pairs with similarity, {pair index: injection}) for each corpus."""
    from bialign.records import Pair

    sources = perturb.all_sources()
    perturbed, _ = perturb.generate(sources, per_kind=per_kind)
    by_source = {p.source: p for p in perturbed}
    docs = []
    for corpus in dict.fromkeys(s.corpus for s in sources):
        texts, injected = [], {}
        for s in (s for s in sources if s.corpus == corpus):
            p = by_source.get(s)
            if p is not None:
                injected[len(texts)] = p
            texts.append((p.en, p.zh) if p else (s.en, s.zh))
        sims = perturb.similarities([e for e, _ in texts], [z for _, z in texts])
        pairs = [Pair(index=i, en=e, zh=z, similarity=float(c))
                 for i, ((e, z), c) in enumerate(zip(texts, sims, strict=True))]
        docs.append((corpus, pairs, injected))
    return docs


def divergence_table(per_kind: int) -> None:
    skipped: dict[str, str] = {}
    injected_n, caught, caught_any, peer_caught = Counter(), Counter(), Counter(), Counter()
    tp = fp = clean_pairs = 0
    false_alarms: dict[str, list[str]] = defaultdict(list)
    start = time.perf_counter()
    for corpus, pairs, injected in build_documents(per_kind):
        findings = [f for f in check_all(pairs, [p.similarity for p in pairs], skipped)
                    if f.severity != "info"]
        clean_sims = [p.similarity for p in pairs if p.index not in injected]
        cut = float(np.quantile(clean_sims, 0.05))
        by_link = defaultdict(list)
        for f in findings:
            by_link[f.link].append(f)
        clean_pairs += len(pairs) - len(injected)
        for f in findings:
            inj = injected.get(f.link)
            if inj is not None and f.category in EXPECTED[inj.kind]:
                tp += 1
            else:
                fp += 1
                pair = pairs[f.link]
                what = f"injected {inj.kind}" if inj else "untouched"
                false_alarms[f.category].append(
                    f"[{corpus} #{f.link}, {what}] {f.message[:150]} | EN: {pair.en[:80]}"
                    f" | ZH: {pair.zh[:40]}")
        for index, inj in injected.items():
            injected_n[inj.kind] += 1
            cats = {f.category for f in by_link[index]}
            caught[inj.kind] += bool(cats & EXPECTED[inj.kind])
            caught_any[inj.kind] += bool(cats)
            peer_caught[inj.kind] += pairs[index].similarity < cut
    elapsed = time.perf_counter() - start
    print(f"{'kind':12} {'injected':>8} {'recall':>7} {'any flag':>9} {'peer: cos<p5':>13}")
    for kind in perturb.KINDS:
        n = injected_n[kind] or 1
        print(f"{kind:12} {injected_n[kind]:8d} {caught[kind] / n:7.2f}"
              f" {caught_any[kind] / n:9.2f} {peer_caught[kind] / n:13.2f}")
    total = tp + fp
    print(f"\nwarning/error findings: {total}, precision {tp / max(total, 1):.3f}"
          f" (bar 0.90); untouched pairs: {clean_pairs}; checks took {elapsed:.0f} s")
    print("false alarms per 100 untouched pairs, by category:")
    for cat, items in sorted(false_alarms.items(), key=lambda kv: -len(kv[1])):
        untouched = sum("untouched" in x for x in items)
        print(f"  {cat:12} {100 * untouched / max(clean_pairs, 1):5.2f}"
              f"  ({len(items)} false, {untouched} on untouched pairs)")
        for example in items[:EXAMPLES_PER_CATEGORY]:
            print(f"      {example}")
    for name, why in skipped.items():
        print(f"skipped check {name}: {why}")


def importable_checks() -> tuple[str, ...]:
    """The enabled checks whose modules import (others are still being written)."""
    import importlib

    from bialign.checks import CHECK_MODULES, CheckConfig

    names = []
    for name in CheckConfig().enabled:
        try:
            importlib.import_module(CHECK_MODULES[name])
        except ImportError:
            continue
        names.append(name)
    return tuple(names)


def print_demo_findings(findings: list, source: str, n_links: int) -> None:
    flagged = [f for f in findings if f.severity != "info"]
    principals = [f for f in flagged if "principals" in f.en_evidence.lower()
                  and f.suggestion == "principles"]
    others = [f for f in flagged if f not in principals]
    print(f"\ndemo corpus ({source}, {n_links} links): 'principals' -> 'principles' found:"
          f" {'yes' if principals else 'NO'}; other warnings/errors: {len(others)} (bar <= 5)")
    for f in others:
        print(f"  {f.severity:7} {f.category:12} link {f.link:3} {f.score:.2f} {f.message[:160]}")


def demo_lines() -> None:
    """consensus-2020 line pairs (en.txt line N with zh.txt line N)."""
    from bialign.records import Pair

    sources = perturb.line_pairs("consensus-2020")
    sims = perturb.similarities([s.en for s in sources], [s.zh for s in sources])
    pairs = [Pair(index=i, en=s.en, zh=s.zh, similarity=float(c))
             for i, (s, c) in enumerate(zip(sources, sims, strict=True))]
    findings = check_all(pairs, [float(c) for c in sims], {})
    print_demo_findings(findings, "consensus-2020 line pairs", len(pairs))


def demo_pipeline() -> None:
    """The demo PDFs through the real pipeline, with and without the checks."""
    from bialign.config import Config
    from bialign.pipeline import run_pipeline

    base = Config(cache_dir=ROOT / ".cache" / "bench")
    config = replace(base, checks=replace(base.checks, enabled=importable_checks()))
    try:
        run_pipeline(DEMO_EN, DEMO_ZH, config=config)  # warm the embedding cache
        start = time.perf_counter()
        output = run_pipeline(DEMO_EN, DEMO_ZH, config=config)
        with_checks = time.perf_counter() - start
        start = time.perf_counter()
        run_pipeline(DEMO_EN, DEMO_ZH,
                     config=replace(config, checks=replace(config.checks, enabled=())))
        without = time.perf_counter() - start
    except Exception as exc:  # noqa: BLE001  (the pipeline is still being wired)
        print(f"\ndemo corpus: the pipeline failed ({type(exc).__name__}: {exc})")
        return
    result = output.result
    print_demo_findings(list(result.findings), "consensus-2020 PDFs through run_pipeline,"
                        f" checks {'+'.join(config.checks.enabled)}", len(result.links))
    print(f"run time, warm cache: {with_checks:.1f} s with checks, {without:.1f} s without"
          f" (checks add {100 * (with_checks - without) / max(without, 1e-9):.0f} %, bar 50 %)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-kind", type=int, default=60)
    parser.add_argument("--no-demo", action="store_true")
    parser.add_argument("--demo-only", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if not args.demo_only:
        divergence_table(args.per_kind)
    if not args.no_demo:
        demo_lines()
        demo_pipeline()


if __name__ == "__main__":
    main()
