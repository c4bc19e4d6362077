"""Long-document scaling on the Bible (English 30,000 / Chinese 42,687 sentences).

Usage: python bench/bench_bible.py [--sizes 5000,10000,20000,30000] [--cold] [--threads 2]

Each size (English sentences; the Chinese side cut where the gold beads
reach them) runs in a fresh process that reports seconds (encoder load,
encoding incl. the cache, the aligner, their sum; this process's CPU seconds,
all and in encoding), peak RSS and verse-level bead F1: consecutive beads
inside one verse (src.verse / tgt.verse) are merged, in the system and the
gold, before scoring.  The full size runs first; with --cold every size
starts from an empty cache.  Wall times depend on what else the 2 cores run:
the load average is printed with the table.
Published verse F1 beside ours: Bertalign 0.973, Hunalign 0.818.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from beads import BIBLE, BeadPair, read_beads, score_beads  # noqa: E402

CACHE = HERE.parent / ".cache" / "emb"
PUBLISHED = [("Bertalign (published)", 0.973), ("Hunalign (published)", 0.818)]


def merge_by_verse(beads: list[BeadPair], src_verse: list[str], tgt_verse: list[str]
                   ) -> list[BeadPair]:
    """Merge consecutive beads whose first sentence lies in the same verse."""
    out: list[BeadPair] = []
    last = None
    for src, tgt in beads:
        verse = src_verse[src[0]] if src else tgt_verse[tgt[0]]
        if out and verse == last:
            out[-1] = (out[-1][0] + tuple(src), out[-1][1] + tuple(tgt))
        else:
            out.append((tuple(src), tuple(tgt)))
        last = verse
    return out


def cut(gold: list[BeadPair], n_src: int) -> tuple[int, int, list[BeadPair]]:
    """The gold prefix covering the first ``n_src`` source sentences."""
    kept: list[BeadPair] = []
    s = t = 0
    for src, tgt in gold:
        if s >= n_src and src:
            break
        kept.append((src, tgt))
        s += len(src)
        t += len(tgt)
    return s, t, kept


class Timed:
    """An encoder wrapper that adds up the wall and CPU seconds spent in ``encode``."""

    def __init__(self, encoder: Any) -> None:
        # The aligner reaches the encoder's own span method through ``inner``, as in
        # the CLI; that time (documents under 4,000 sentences) counts as align time.
        self.inner, self.seconds, self.cpu = encoder, 0.0, 0.0
        self.name, self.version, self.dim = encoder.name, encoder.version, encoder.dim

    def encode(self, texts: Sequence[str]) -> Any:
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return self.inner.encode(texts)
        finally:
            self.seconds += time.perf_counter() - start
            self.cpu += time.process_time() - cpu


def one(n: int, cache: Path, threads: int) -> dict[str, float]:
    """Align the first n English sentences in this process; print JSON."""
    from bialign.align import align_texts
    from bialign.beads import format_beads, parse_beads
    from bialign.encoders import CachedEncoder, load_encoder

    src_all = (BIBLE / "src" / "006").read_text(encoding="utf-8").splitlines()
    tgt_all = (BIBLE / "tgt" / "006").read_text(encoding="utf-8").splitlines()
    src_verse = (BIBLE / "src.verse").read_text(encoding="utf-8").splitlines()
    tgt_verse = (BIBLE / "tgt.verse").read_text(encoding="utf-8").splitlines()
    s, t, gold = cut(read_beads(BIBLE / "gold" / "006.align"), n)
    start, cpu = time.perf_counter(), time.process_time()
    cached = CachedEncoder(load_encoder("use", threads=threads), cache)
    loaded = time.perf_counter() - start
    encoder = Timed(cached)
    links = align_texts(src_all[:s], tgt_all[:t], encoder).links
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    system = parse_beads(format_beads(links, True))
    scores = score_beads(merge_by_verse(system, src_verse, tgt_verse),
                         merge_by_verse(gold, src_verse, tgt_verse))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"src": s, "tgt": t, "wall_s": wall, "cpu_s": cpu, "load_s": loaded,
            "encode_s": encoder.seconds, "align_s": wall - loaded - encoder.seconds,
            "encode_cpu_s": encoder.cpu,
            "rss_mb": rss, "encoded": cached.misses, **scores}


def synthetic(n: int) -> dict[str, float]:
    """Aligner alone (no encoding) on random vectors shaped like the Bible: each of
    n source sentences becomes one or two noisy target sentences (ratio ~1.42)."""
    import numpy as np

    from bialign.align import AlignConfig, align_vectors
    from bialign.align_dp import Side

    rng = np.random.default_rng(0)
    src = rng.standard_normal((n, 512)).astype(np.float32)
    copies = np.where(rng.random(n) < 0.42, 2, 1)
    tgt = np.repeat(src, copies, axis=0) + 1.5 * rng.standard_normal(
        (int(copies.sum()), 512)).astype(np.float32)
    src /= np.linalg.norm(src, axis=1, keepdims=True)
    tgt /= np.linalg.norm(tgt, axis=1, keepdims=True)
    start = time.perf_counter()
    beads = align_vectors(Side(src, np.full(n, 100.0)),
                          Side(tgt, np.full(len(tgt), 100.0 / 1.42)), AlignConfig())
    wall = time.perf_counter() - start
    truth = np.repeat(np.arange(n), copies)
    right = sum(1 for b in beads if b.src[1] - b.src[0] == 1
                and b.tgt[1] - b.tgt[0] == copies[b.src[0]]
                and truth[b.tgt[0]] == b.src[0])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"src": n, "tgt": len(tgt), "wall_s": wall, "cpu_s": wall, "load_s": 0.0,
            "encode_s": 0.0, "align_s": wall, "encode_cpu_s": 0.0, "rss_mb": rss, "encoded": 0,
            "exact_f1": right / n, "strict_f1": right / n}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="30000,5000,10000,20000")
    parser.add_argument("--cold", action="store_true",
                        help="every size starts from an empty embedding cache")
    parser.add_argument("--synthetic", action="store_true",
                        help="time the aligner alone on random Bible-shaped vectors")
    parser.add_argument("--threads", type=int, default=2, help="encoder threads (default 2)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        result = synthetic(args.one) if args.synthetic else one(args.one, Path(args.cache),
                                                                  args.threads)
        sys.stdout.write(json.dumps(result) + "\n")
        return 0
    load = os.getloadavg()[0]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for k, size in enumerate(int(x) for x in args.sizes.split(",")):
            cache = Path(tmp) / str(k) if args.cold else CACHE
            command = [sys.executable, __file__, "--one", str(size), "--cache", str(cache),
                       "--threads", str(args.threads)]
            proc = subprocess.run(command + (["--synthetic"] if args.synthetic else []),
                                  capture_output=True, text=True, check=True)
            rows.append((json.loads(proc.stdout.splitlines()[-1]), args.cold))
    what = "aligner only, synthetic vectors (F1 = share of 1-1/1-2 beads right)" if (
        args.synthetic) else "USE, incl. encoding"
    lines = [f"Bible EN->ZH, {what}, 2 cores, {args.threads} encoder threads; load average"
             f" {load:.1f} at start, {os.getloadavg()[0]:.1f} at end (other jobs slow wall times;"
             f" cpu s counts this process only)",
             f"{'EN sent':>8} {'ZH sent':>8} {'encoded':>8} {'load s':>6} {'encode s':>8}"
             f" {'align s':>7} {'wall s':>7} {'cpu s':>7} {'enc cpu':>7} {'peak MB':>8}"
             f" {'verse F1':>8} {'strict':>7}"]
    for r, cold in sorted(rows, key=lambda x: x[0]["src"]):
        lines.append(f"{r['src']:8d} {r['tgt']:8d} {r['encoded']:8d} {r['load_s']:6.1f}"
                     f" {r['encode_s']:8.1f} {r['align_s']:7.1f} {r['wall_s']:7.1f}"
                     f" {r['cpu_s']:7.1f} {r['encode_cpu_s']:7.1f} {r['rss_mb']:8.0f}"
                     f" {r['exact_f1']:8.3f} {r['strict_f1']:7.3f}"
                     + ("  (cold cache)" if cold else ""))
    for name, f1 in PUBLISHED:
        lines.append(f"{name:44} {f1:8.3f}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
