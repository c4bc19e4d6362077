"""Read PDF pages in watched child processes: one pathological page cannot
hang or exhaust a run.

The pages are split into contiguous segments, one child process each.  A
child sends each page's lines as soon as it has them; a page that takes
longer than ``page_timeout_s``, or kills its child (out of memory under
``page_memory_mb``, a crash inside PDFium), is reported as unreadable, and a
new child carries on from the next page.  A hang inside PDFium's C code
cannot be interrupted in-process, which is why the reading happens in a
child at all.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from bialign.extract.pdf import PageLines, PdfConfig, page_reader, unreadable_page

log = logging.getLogger(__name__)

# A reader: (path, password, first page, end page, config) -> pages, lazily.
PageReader = Callable[[Path, "str | None", int, int, PdfConfig], Any]


def _child(conn: Connection, reader: PageReader, path: Path, password: str | None,
           start: int, end: int, config: PdfConfig) -> None:
    """Send each page of ``start``..``end``-1 as it is read, then close."""
    if config.page_memory_mb:
        limit = memory_limit(config.page_memory_mb)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        for page in reader(path, password, start, end, config):
            conn.send(page)
    except Exception:  # the parent reports the page it was waiting for
        logging.getLogger(__name__).debug("page reader stopped", exc_info=True)
    finally:
        conn.close()


def memory_limit(budget_mb: int) -> int:
    """The address-space limit for a reader: what it has mapped already plus
    ``budget_mb``.  A child started by "spawn" first re-imports the caller's
    main module, which may map gigabytes (torch does); a limit on the total
    would then stop it before it reads a page."""
    limit = _address_space() + budget_mb * 1024 * 1024
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    return limit if hard == resource.RLIM_INFINITY else min(limit, hard)


def _address_space() -> int:
    """Bytes of address space this process has mapped (0 where unknown)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


@dataclass
class _Segment:
    """One child's share of the pages and how long it may take."""

    next: int  # 0-based index of the page it reads now
    end: int
    conn: Connection | None = None
    process: Any = None
    deadline: float = 0.0


def _start(segment: _Segment, reader: PageReader, path: Path, password: str | None,
           config: PdfConfig) -> None:
    # "spawn": forking a process that runs encoder threads can deadlock the child.
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    segment.process = context.Process(
        target=_child, args=(send, reader, path, password, segment.next, segment.end, config),
        daemon=True)
    segment.process.start()
    send.close()
    segment.conn = receive
    segment.deadline = time.monotonic() + config.worker_start_s + config.page_timeout_s


def _stop(segment: _Segment) -> None:
    if segment.process is not None:
        segment.process.kill()
        segment.process.join()
    if segment.conn is not None:
        segment.conn.close()
    segment.process = segment.conn = None


def watched_pages(path: Path, password: str | None, config: PdfConfig, total: int,
                  progress: Callable[[int, int], None] | None = None,
                  reader: PageReader = page_reader) -> list[PageLines]:
    """Every page's lines in order; pages that hang or kill their reader
    come back as unreadable ``PageLines``."""
    workers = 1 if total < config.parallel_min_pages else max(1, config.workers)
    size = -(-total // workers)
    segments = [_Segment(next=s, end=min(s + size, total)) for s in range(0, total, size)]
    for segment in segments:
        _start(segment, reader, path, password, config)
    pages: dict[int, PageLines] = {}

    def done(segment: _Segment, page: PageLines) -> None:
        pages[page.page] = page
        segment.next += 1
        segment.deadline = time.monotonic() + config.page_timeout_s
        if progress is not None:
            progress(len(pages), total)

    def failed(segment: _Segment, reason: str) -> None:
        _stop(segment)
        done(segment, unreadable_page(segment.next + 1, reason))
        if segment.next < segment.end:
            _start(segment, reader, path, password, config)

    try:
        while active := [s for s in segments if s.next < s.end]:
            timeout = max(0.0, min(s.deadline for s in active) - time.monotonic())
            ready = wait([s.conn for s in active if s.conn is not None], timeout)
            for segment in active:
                if segment.conn in ready:
                    try:
                        done(segment, segment.conn.recv())
                    except (EOFError, OSError):
                        failed(segment, "reading it stopped the reader (out of memory or a"
                                        " crash in the PDF library)")
                elif time.monotonic() >= segment.deadline:
                    failed(segment, f"reading it took longer than {config.page_timeout_s:g} s")
    finally:
        for segment in segments:
            _stop(segment)
    return [pages[number] for number in range(1, total + 1)]
