"""One pathological page cannot hang or exhaust a run: it is reported as
unreadable and the pages after it are still read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bialign.extract import extract_document
from bialign.extract.pdf import PdfConfig
from bialign.extract.watchdog import watched_pages
from tests.extract_readers import ParentOnlyReader, misbehaving_reader, stalls_once_reader

ROOT = Path(__file__).resolve().parents[1]


def test_hang_memory_and_crash_become_unreadable_pages() -> None:
    config = PdfConfig(page_timeout_s=2.0, page_memory_mb=1024, worker_start_s=30.0)
    seen: list[int] = []
    pages = watched_pages(Path("unused.pdf"), None, config, 7,
                          progress=lambda done, total: seen.append(done),
                          reader=misbehaving_reader)
    assert [p.page for p in pages] == [1, 2, 3, 4, 5, 6, 7]
    problems = {p.page: p.problem.detail for p in pages if p.problem is not None}
    assert sorted(problems) == [2, 4, 6]
    assert "longer than 2 s" in problems[2]
    assert "stopped the reader" in problems[4] or "memory" in problems[4]
    assert "stopped the reader" in problems[6]
    assert seen == list(range(1, 8))


def test_watched_and_in_process_reading_give_the_same_document() -> None:
    from dataclasses import replace

    from bialign.extract import ExtractConfig

    pdf = ROOT / "corpora" / "en" / "consensus-2020.pdf"
    watched = extract_document(pdf)
    config = ExtractConfig()
    direct = extract_document(pdf, config=replace(config, pdf=replace(config.pdf,
                                                                       page_timeout_s=0)))
    assert watched.blocks == direct.blocks


def test_reader_memory_limit_leaves_room_beyond_what_is_mapped_already() -> None:
    import mmap

    from bialign.extract.watchdog import _address_space, memory_limit

    base = _address_space()
    assert base > 0  # Linux: read from /proc/self/statm
    # 3 GB reserved but never touched, as a large library maps it: the limit grows
    # with it, so a reader started under such a main module can still read pages.
    reserved = mmap.mmap(-1, 3 * 1024**3, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    try:
        assert memory_limit(1024) >= base + 3 * 1024**3 + 1024**3 - 64 * 1024**2
    finally:
        reserved.close()


@pytest.mark.parametrize("how", ["stalls", "dies"])
def test_a_good_page_whose_first_reader_fails_is_read_by_a_second(tmp_path: Path,
                                                                  how: str) -> None:
    # Bug: at load ~6 a good page's reader stalled or died once and the page was refused.
    config = PdfConfig(page_timeout_s=2.0, worker_start_s=30.0)
    marker = tmp_path / how
    pages = watched_pages(marker, None, config, 3, reader=stalls_once_reader)
    assert marker.exists()  # the first reader did run, and failed
    assert [(p.page, p.problem) for p in pages] == [(1, None), (2, None), (3, None)]


def test_pages_are_read_in_process_when_no_reader_process_can_start() -> None:
    config = PdfConfig(page_timeout_s=2.0, worker_start_s=30.0)
    seen: list[int] = []
    pages = watched_pages(Path("unused.pdf"), None, config, 3,
                          progress=lambda done, total: seen.append(done),
                          reader=ParentOnlyReader())
    assert [(p.page, p.problem) for p in pages] == [(1, None), (2, None), (3, None)]
    assert seen == [1, 2, 3]


def test_script_without_main_guard_reads_the_demo_pdf_in_reader_processes(
        tmp_path: Path) -> None:
    # Bug: a multiprocessing "spawn" child re-imports the caller's main module: a script
    # that ran bialign at import time killed every reader, and all 8 pages of a good PDF
    # came back "garbled"; a main module that imports torch slowed every reader's start.
    script = tmp_path / "no_main_guard.py"
    runs = tmp_path / "runs.txt"
    script.write_text("from bialign.extract import extract_document\n"
                      f"with open({str(runs)!r}, 'a') as fh: fh.write('ran\\n')\n"
                      f"doc = extract_document({str(ROOT / 'corpora/en/consensus-2020.pdf')!r})\n"
                      "print(len(doc.blocks), len(doc.problems))\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    blocks, problems = done.stdout.split()[-2:]
    assert int(blocks) > 0 and problems == "0"
    assert runs.read_text(encoding="utf-8") == "ran\n"  # readers did not re-run the script
    assert "in this process" not in done.stderr  # the pages were read in watched readers
