"""Run every benchmark in bench/ one after another and keep their tables.

Each benchmark's output goes to bench/out/<name>.txt and to the terminal.
Usage: python bench/run_all.py [NAME ...]   (default: all bench_*.py)
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


def main(names: list[str]) -> int:
    OUT.mkdir(exist_ok=True)
    scripts = [HERE / f"{n}.py" for n in names] if names else sorted(HERE.glob("bench_*.py"))
    failed = []
    for script in scripts:
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                              check=False)
        text = proc.stdout + (f"\n[stderr]\n{proc.stderr[-3000:]}" if proc.returncode else "")
        (OUT / f"{script.stem}.txt").write_text(text, encoding="utf-8")
        sys.stdout.write(f"\n=== {script.stem} ({time.perf_counter() - start:.0f} s,"
                         f" exit {proc.returncode}) ===\n{text}")
        if proc.returncode:
            failed.append(script.stem)
    if failed:
        sys.stdout.write(f"\nfailed: {', '.join(failed)}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
