"""One pathological page cannot hang or exhaust a run: it is reported as
unreadable and the pages after it are still read."""

from __future__ import annotations

from pathlib import Path

from bialign.extract import extract_document
from bialign.extract.pdf import PdfConfig
from bialign.extract.watchdog import watched_pages
from tests.extract_readers import misbehaving_reader

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
