"""Fuzz the extractor with mutated real PDFs: crashes, hangs and memory peaks.

Seeds are single pages split (with poppler's ``pdfseparate``) from the PDFs
of the three corpora in ../shared/corpora and from tests/pdfs.  Each mutant
(byte flips, truncation, deleted or duplicated chunks, PDF tokens spliced in,
numbers blown up) is extracted in a worker process under a time limit and an
address-space limit.  Outcomes:

  ok        a Document came back (possibly with unreadable pages listed)
  refused   a typed bialign error (a clear one-line message for the user)
  crash     any other exception: a bug; the input is saved for a regression test
  hang      the time limit was hit
  memory    MemoryError under the address-space limit

Usage: python bench/fuzz_extract.py [--n 10000] [--seed 1] [--timeout 20]
"""

from __future__ import annotations

import argparse
import collections
import logging
import multiprocessing as mp
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"
OUT = ROOT / "bench" / "out" / "fuzz"
MEMORY_LIMIT = 2 * 1024**3  # bytes of address space per worker
TOKENS = [b"obj", b"endobj", b"stream", b"endstream", b"<<", b">>", b"/Length 99999999",
          b"/Type /Page", b"/Kids [1 0 R 1 0 R]", b"(cid:1)", b"/Filter /FlateDecode",
          b"xref", b"trailer", b"/Encrypt 1 0 R", b"-1", b"9" * 40, b"\x00" * 64, b"R",
          b"/Font", b"BT /F1 12 Tf (\xff\xfe) Tj ET", b"/MediaBox [0 0 0 0]"]


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang()


def seeds(workdir: Path) -> list[bytes]:
    """Single pages of real PDFs (small, so that many mutants run per second)."""
    pdfs = sorted(SHARED.glob("*/*.pdf")) + sorted((ROOT / "tests" / "pdfs").glob("*.pdf"))
    out: list[bytes] = []
    for pdf in pdfs:
        if shutil.which("pdfseparate") and pdf.parent.parent == SHARED:
            pattern = workdir / f"{pdf.parent.name}-{pdf.stem}-%d.pdf"
            subprocess.run(["pdfseparate", "-f", "1", "-l", "2", str(pdf), str(pattern)],
                           check=False, capture_output=True)
        else:
            out.append(pdf.read_bytes())
    out.extend(p.read_bytes() for p in sorted(workdir.glob("*.pdf")))
    return [data for data in out if data]  # the 0-byte fixture cannot be mutated


def mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(6)
        pos = rng.randrange(max(len(buf), 1))
        if kind == 0:  # flip bytes
            for _ in range(rng.randint(1, 20)):
                buf[rng.randrange(len(buf))] = rng.randrange(256)
        elif kind == 1:  # truncate
            del buf[pos:]
        elif kind == 2:  # delete a chunk
            del buf[pos:pos + rng.randint(1, 2000)]
        elif kind == 3:  # duplicate a chunk
            chunk = buf[pos:pos + rng.randint(1, 2000)]
            buf[pos:pos] = chunk * rng.randint(1, 5)
        elif kind == 4:  # splice a PDF token
            buf[pos:pos] = rng.choice(TOKENS)
        else:  # blow up a number
            digits = [i for i in range(pos, min(pos + 500, len(buf))) if 48 <= buf[i] <= 57]
            if digits:
                i = digits[0]
                buf[i:i + 1] = str(rng.choice([0, 10**9, 2**31, 10**15])).encode()
        if not buf:
            break
    return bytes(buf)


def _init_worker() -> None:
    logging.disable(logging.WARNING)  # unreadable pages are expected here, by the thousand
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    signal.signal(signal.SIGALRM, _alarm)


def _extract_one(job: tuple[int, bytes, int]) -> tuple[int, str, str, float, int]:
    from bialign.errors import BialignError
    from bialign.extract import ExtractConfig, extract_document
    from bialign.extract.pdf import PdfConfig

    in_process = ExtractConfig(workers=1, pdf=PdfConfig(page_timeout_s=0))

    number, data, timeout = job
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        start = time.perf_counter()
        signal.alarm(timeout)
        try:
            # in-process: this harness is itself the time and memory limit per file
            extract_document(Path(handle.name), config=in_process)
            outcome, detail = "ok", ""
        except Hang:
            outcome, detail = "hang", ""
        except MemoryError:
            outcome, detail = "memory", ""
        except BialignError as exc:
            outcome, detail = "refused", type(exc).__name__
        except Exception as exc:  # the point of fuzzing: anything else is a bug
            outcome = "crash"
            detail = f"{type(exc).__name__}: {exc}"[:200] + " @ " + \
                traceback.extract_tb(exc.__traceback__)[-1].filename.split("site-packages/")[-1]
        finally:
            signal.alarm(0)
        elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return number, outcome, detail, elapsed, peak_kb


def _pdftotext_one(job: tuple[int, bytes, int]) -> tuple[int, str]:
    """The peer: poppler's pdftotext on the same mutant."""
    number, data, timeout = job
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        try:
            proc = subprocess.run(["pdftotext", handle.name, "-"], capture_output=True,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return number, "hang"
    if proc.returncode == 0:
        return number, "ok"
    return number, "crash" if proc.returncode < 0 else "refused"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of mutants")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=20, help="seconds per file")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        base = seeds(Path(tmp))
    mutants = ((i, mutate(rng.choice(base), rng), args.timeout) for i in range(args.n))
    counts: collections.Counter[str] = collections.Counter()
    kinds: collections.Counter[str] = collections.Counter()
    slowest = peak = 0.0
    start = time.perf_counter()
    kept: dict[int, bytes] = {}
    with mp.get_context("fork").Pool(args.workers, initializer=_init_worker,
                                     maxtasksperchild=200) as pool:
        jobs = list(mutants)
        for number, outcome, detail, elapsed, peak_kb in pool.imap_unordered(
                _extract_one, jobs, chunksize=4):
            counts[outcome] += 1
            slowest = max(slowest, elapsed)
            peak = max(peak, peak_kb / 1024)
            if outcome in ("crash", "hang", "memory"):
                kinds[f"{outcome}: {detail}"] += 1
                if len(kept) < 50:
                    kept[number] = jobs[number][1]
        wall = time.perf_counter() - start
        peer: collections.Counter[str] = collections.Counter()
        if shutil.which("pdftotext"):
            for _, outcome in pool.imap_unordered(_pdftotext_one, jobs, chunksize=16):
                peer[outcome] += 1
    for number, data in kept.items():
        (OUT / f"mutant-{number:05d}.pdf").write_bytes(data)

    print(f"\nExtraction fuzzing: {args.n} mutants of {len(base)} seed pages,"
          f" {args.workers} workers, {wall:.0f} s ({args.n / wall:.1f} files/s)")
    print(f"{'outcome':<10} {'bialign':>9} {'share':>7} {'pdftotext':>10}")
    for outcome in ("ok", "refused", "crash", "hang", "memory"):
        theirs = str(peer[outcome]) if peer else "n/a"
        print(f"{outcome:<10} {counts[outcome]:>9} {counts[outcome] / args.n:>7.1%}"
              f" {theirs:>10}")
    print(f"slowest file {slowest:.1f} s (limit {args.timeout} s); peak worker RSS {peak:.0f} MB"
          f" (limit {MEMORY_LIMIT // 1024**2} MB)")
    print("Bar: zero crashes, zero hangs. pdftotext 'crash' = killed by a signal.")
    for kind, n in kinds.most_common(20):
        print(f"  {n:>5}  {kind}")
    if kept:
        print(f"inputs kept for regression tests in {OUT}")
    return 0 if not kinds else 1


if __name__ == "__main__":
    sys.exit(main())
