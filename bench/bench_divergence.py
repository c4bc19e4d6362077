"""Recall and precision of the divergence checks on injected divergences.

(1) Every corpus of bench/perturb.py (six MAC-Dev chapters, UDHR, consensus-2020)
is checked as one document in which the pairs chosen by the generator carry one
injected divergence each; all other pairs are the faithful originals.  Checks run
through ``run_checks`` one category at a time (a check that fails to import or
crashes is listed as skipped) with the real USE encoder (cached in .cache/bench).
Per kind: injected count, recall (a warning/error finding of the expected
category on that pair; reversals count "negation"; omission and addition accept
either direction's category, or drift); overall precision of warning/error findings (a
finding on an untouched pair, or of an unrelated category, counts against it; one on the
corpora's documented real typo counts for it; a second figure also counts findings of
another category whose evidence covers the injected words),
and false alarms per 100 untouched pairs by category, with examples.
(2) The demo corpus through the real pipeline (consensus-2020 PDFs): every
warning/error finding, whether "principals" is found with suggestion
"principles", and the time the checks add to the run: fresh processes doing
what `bialign run` does with the checks on and off, on a first run (empty
caches) and a repeat run (see ``demo_timing``).

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


def is_known_real(finding: object, pairs: list) -> bool:
    """True for a finding on one of the corpora's own, documented divergences
    (``perturb.KNOWN_REAL``)."""
    return perturb.is_known_real(finding, pairs[finding.link].en)  # type: ignore[attr-defined]


def at_injection(finding: object, inj: perturb.Perturbed) -> bool:
    """True when the finding's evidence on the injected side covers the injected words."""
    text = inj.en if inj.side == "en" else inj.zh
    evidence = getattr(finding, "en_evidence" if inj.side == "en" else "zh_evidence")
    if not evidence:
        return False
    a, b = inj.span
    start = text.find(evidence)
    while start >= 0:
        if start < max(b, a + 1) and start + len(evidence) > a:
            return True
        start = text.find(evidence, start + 1)
    return False


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
    # recall by register: MAC-Dev's novels (literary) against the UDHR and the demo (formal)
    by_register: Counter[tuple[str, str]] = Counter()
    caught_register: Counter[tuple[str, str]] = Counter()
    tp = tp_place = fp = clean_pairs = 0
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
            if inj is not None and f.category in EXPECTED[inj.kind] or is_known_real(f, pairs):
                tp += 1
            elif inj is not None and at_injection(f, inj):
                tp_place += 1
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
            register = (inj.kind, "literary" if corpus.startswith("mac-dev") else "formal")
            by_register[register] += 1
            caught_register[register] += bool(cats & EXPECTED[inj.kind])
            caught_any[inj.kind] += bool(cats)
            peer_caught[inj.kind] += pairs[index].similarity < cut
    elapsed = time.perf_counter() - start
    print(f"{'kind':12} {'injected':>8} {'recall':>7} {'any flag':>9} {'peer: cos<p5':>13}"
          f"  {'literary':>12} {'formal':>10}")
    for kind in perturb.KINDS:
        n = injected_n[kind] or 1
        registers = "".join(f" {f'{caught_register[kind, r]}/{by_register[kind, r]}':>{w}}"
                            for r, w in (("literary", 12), ("formal", 10)))
        print(f"{kind:12} {injected_n[kind]:8d} {caught[kind] / n:7.2f}"
              f" {caught_any[kind] / n:9.2f} {peer_caught[kind] / n:13.2f} {registers}")
    print("(found/injected by register: literary, MAC-Dev's novel chapters; formal, the UDHR"
          " and the demo corpus)")
    total = tp + tp_place + fp
    print(f"\nwarning/error findings: {total}, precision {tp / max(total, 1):.3f}"
          f" (bar 0.90); untouched pairs: {clean_pairs}; checks took {elapsed:.0f} s")
    print(f"  {tp_place} more point at the injected words under another category"
          f" (e.g. a wrong word read as an addition); counting them right, precision"
          f" {(tp + tp_place) / max(total, 1):.3f}")
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


# The child process of a timed run: the steps of `bialign run -q` (cli.cmd_run),
# with the checks on or off.  Both variants import the same modules up front.
TIMED_RUN = """
import sys, time
from dataclasses import replace
from pathlib import Path
import bialign.cli
from bialign.config import Config
from bialign.pipeline import check_output_dir, publish, run_pipeline
en, zh, out, checks = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
config = Config()
if checks == "off":
    config = replace(config, checks=replace(config.checks, enabled=()))
check_output_dir(out, [en, zh])
publish(run_pipeline(en, zh, config=config), out)
"""


def _cpu_seconds() -> float:
    """User + system time of this process and its finished children."""
    import resource

    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                  resource.getrusage(resource.RUSAGE_CHILDREN)))


def timed_run(checks: bool, folder: Path) -> tuple[float, float]:
    """(wall s, CPU s) of one fresh process running the demo through the pipeline,
    with ``folder`` as its cache folder ($BIALIGN_CACHE) and temp folder
    ($TMPDIR, where jieba keeps its own cache)."""
    import os
    import resource
    import subprocess

    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "BIALIGN_CACHE": str(folder / "cache"), "TMPDIR": str(folder)}
    out = folder / ("report-on" if checks else "report-off")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", TIMED_RUN, str(DEMO_EN), str(DEMO_ZH), str(out),
                    "on" if checks else "off"], env=env, check=True, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def demo_timing(runs: int) -> None:
    """What the checks add to `bialign run` on the demo corpus, first run and repeat.

    Every run is a fresh process doing what `bialign run` does; "without" differs
    only in ``CheckConfig.enabled = ()``.  First run: empty cache and temp folders
    (each run its own), so the dictionary indexes, jieba's word list and the
    sentence embeddings are all built.  Repeat: the folder a first run with
    checks filled.  Variants alternate, ``runs`` each, median reported.
    """
    import statistics
    import tempfile

    def median(runs: list[tuple[float, float]]) -> tuple[float, float]:
        return statistics.median(w for w, _ in runs), statistics.median(u for _, u in runs)

    with tempfile.TemporaryDirectory(prefix="bialign-timing-") as tmp:
        firsts: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
        repeats: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
        for run in range(runs):
            for checks in (False, True):
                firsts[checks].append(timed_run(checks, Path(tmp) / f"cold-{checks}-{run}"))
        for _ in range(runs):
            for checks in (False, True):
                repeats[checks].append(timed_run(checks, Path(tmp) / "cold-True-0"))
    print(f"\nrun time of the demo through the pipeline (fresh processes; {runs} runs each,"
          " median):")
    print(f"{'':12} {'with checks':>12} {'without':>8} {'checks add':>11}"
          f" {'CPU with':>9} {'CPU without':>12} {'CPU add':>8}")
    rows = {"first run": {c: median(r) for c, r in firsts.items()},
            "repeat run": {c: median(r) for c, r in repeats.items()}}
    for label, (on, off) in ((k, (v[True], v[False])) for k, v in rows.items()):
        print(f"{label:12} {on[0]:11.1f}s {off[0]:7.1f}s {100 * (on[0] - off[0]) / off[0]:10.0f}%"
              f" {on[1]:8.1f}s {off[1]:11.1f}s {100 * (on[1] - off[1]) / off[1]:7.0f}%")


def demo_pipeline(timing_runs: int) -> None:
    """The demo PDFs through the real pipeline: findings, then run times."""
    from bialign.config import Config
    from bialign.pipeline import run_pipeline

    base = Config(cache_dir=ROOT / ".cache" / "bench")
    config = replace(base, checks=replace(base.checks, enabled=importable_checks()))
    try:
        output = run_pipeline(DEMO_EN, DEMO_ZH, config=config)
    except Exception as exc:  # noqa: BLE001  (the pipeline is still being wired)
        print(f"\ndemo corpus: the pipeline failed ({type(exc).__name__}: {exc})")
        return
    result = output.result
    print_demo_findings(list(result.findings), "consensus-2020 PDFs through run_pipeline,"
                        f" checks {'+'.join(config.checks.enabled)}", len(result.links))
    if timing_runs:
        demo_timing(timing_runs)
        # A long-lived process (bialign serve) pays neither imports nor loads again:
        # there the checks' own computation is all they add.
        times = {}
        for checks in (True, False):
            run_config = config if checks else replace(config, checks=replace(
                config.checks, enabled=()))
            start, cpu = time.perf_counter(), _cpu_seconds()
            run_pipeline(DEMO_EN, DEMO_ZH, config=run_config)
            times[checks] = (time.perf_counter() - start, _cpu_seconds() - cpu)
        (on, on_cpu), (off, off_cpu) = times[True], times[False]
        print(f"{'same process':12} {on:11.1f}s {off:7.1f}s {100 * (on - off) / off:10.0f}%"
              f" {on_cpu:8.1f}s {off_cpu:11.1f}s {100 * (on_cpu - off_cpu) / off_cpu:7.0f}%"
              "  (a run after a first one, in this process)")
        print("bar: checks add at most 50 %.  CPU = user + system time of the run's processes;"
              " on a shared machine it is steadier than the wall time.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-kind", type=int, default=60)
    parser.add_argument("--no-demo", action="store_true")
    parser.add_argument("--demo-only", action="store_true")
    parser.add_argument("--timing-runs", type=int, default=3,
                        help="repeat runs per variant for the demo timing (0: no timing)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if not args.demo_only:
        divergence_table(args.per_kind)
    if not args.no_demo:
        demo_lines()
        demo_pipeline(args.timing_runs)


if __name__ == "__main__":
    main()
