"""Read PDF pages in watched child processes: one pathological page cannot
hang or exhaust a run.

The pages are split into contiguous segments, one child process each.  A
child first says it has started, then sends each page's lines as soon as it
has them.  A page that takes longer than ``page_timeout_s``, or kills its
child (out of memory under ``page_memory_mb``, a crash inside PDFium), gets
a second, fresh child; only when that one fails too is the page reported as
unreadable, and a new child carries on from the next page.  A hang inside
PDFium's C code cannot be interrupted in-process, which is why the reading
happens in a child at all.

A child is a fresh ``python -c`` that imports only bialign and the reader,
not the caller's main module as multiprocessing's "spawn" would: a script
that imports torch, or runs bialign without ``if __name__ == "__main__":``,
then slowed or killed every reader, and good pages came back unreadable.
A child that still dies or does not start within ``worker_start_s`` has not
read a page, so no page is blamed: its pages are read in this process,
without the per-page limits.
"""

from __future__ import annotations

import logging
import os
import pickle
import resource
import subprocess
import sys
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

READY = "ready"  # a child's first message: it has started and reads pages now
EXIT_GRACE_S = 1.0  # after its pipe closed, how long a child may take to exit
# A reader process (argv[1]: the descriptor of its pipe).  The parent's sys.path
# arrives first on stdin, so that bialign and the reader are found where the
# parent finds them, then the task.
CHILD_CODE = ("import pickle, sys; sys.path[:] = pickle.load(sys.stdin.buffer); "
              "from bialign.extract.watchdog import child_main; child_main()")


def child_main() -> None:
    """Read the pages of the task pickled on stdin into the pipe named by ``argv[1]``."""
    reader, path, password, start, end, config = pickle.load(sys.stdin.buffer)
    _child(Connection(int(sys.argv[1]), readable=False), reader, path, password, start, end,
           config)


def _child(conn: Connection, reader: PageReader, path: Path, password: str | None,
           start: int, end: int, config: PdfConfig) -> None:
    """Say it has started, send each page of ``start``..``end``-1 as it is read, then close."""
    if config.page_memory_mb:
        limit = memory_limit(config.page_memory_mb)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        conn.send(READY)
        for page in reader(path, password, start, end, config):
            conn.send(page)
    except Exception:  # the parent reports the page it was waiting for
        logging.getLogger(__name__).debug("page reader stopped", exc_info=True)
    finally:
        conn.close()


def memory_limit(budget_mb: int) -> int:
    """The address-space limit for a reader: what it has mapped already plus
    ``budget_mb``.  What the interpreter and its imports map varies (a reader
    started by multiprocessing's "spawn" re-imports the caller's main module,
    which may map gigabytes, as torch does); the budget is what a page may add."""
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
    """One child's share of the pages, its state and how long it may take."""

    next: int  # 0-based index of the page it reads now
    end: int
    conn: Connection | None = None
    process: subprocess.Popen[bytes] | None = None
    deadline: float = 0.0
    started: bool = False  # the child has said READY
    retried: int = -1  # the page that already has had its second child
    no_child: str = ""  # why no child could start: read the rest in-process


def _start(segment: _Segment, reader: PageReader, path: Path, password: str | None,
           config: PdfConfig) -> None:
    task = pickle.dumps(sys.path) + pickle.dumps((reader, path, password, segment.next,
                                                  segment.end, config))
    receive, send = os.pipe()
    try:
        process = subprocess.Popen([sys.executable, "-c", CHILD_CODE, str(send)],
                                   stdin=subprocess.PIPE, pass_fds=(send,))
    except OSError as exc:  # no process to be had (process or memory limits reached)
        os.close(receive)
        segment.no_child = f"starting a page reader process failed ({exc})"
        return
    finally:
        os.close(send)
    try:
        if process.stdin is not None:  # always, with stdin=PIPE
            with process.stdin:
                process.stdin.write(task)
    except OSError:  # it died at once: reported when its pipe closes
        pass
    segment.process, segment.conn = process, Connection(receive, writable=False)
    segment.started = False
    segment.deadline = time.monotonic() + config.worker_start_s


def _stop(segment: _Segment, grace_s: float = 0.0) -> int | None:
    """End the segment's child (after ``grace_s`` to exit by itself); its exit code."""
    code = None
    if segment.process is not None:
        try:
            code = segment.process.wait(grace_s)
        except subprocess.TimeoutExpired:
            segment.process.kill()
            code = segment.process.wait()
    if segment.conn is not None:
        segment.conn.close()
    segment.process = segment.conn = None
    return code


def watched_pages(path: Path, password: str | None, config: PdfConfig, total: int,
                  progress: Callable[[int, int], None] | None = None,
                  reader: PageReader = page_reader) -> list[PageLines]:
    """Every page's lines in order; pages that hang or kill two readers in a
    row come back as unreadable ``PageLines``."""
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

    def received(segment: _Segment, item: PageLines | str) -> None:
        if isinstance(item, str):  # READY: the page limit counts from now
            segment.started = True
            segment.deadline = time.monotonic() + config.page_timeout_s
        else:
            done(segment, item)

    def failed(segment: _Segment, reason: str, died: bool) -> None:
        code = _stop(segment, EXIT_GRACE_S if died else 0.0)
        if not segment.started:  # no page was read: no page is to blame
            segment.no_child = (f"the page reader process exited (code {code}) before it"
                                " started" if died else "the page reader process did not"
                                f" start within {config.worker_start_s:g} s")
            return
        if segment.retried != segment.next:
            # A busy machine can stall a good page's reader: one more try, in a fresh child.
            segment.retried = segment.next
            log.info("page %d: %s; reading it again in a new process", segment.next + 1, reason)
        else:
            done(segment, unreadable_page(segment.next + 1, reason + ", twice"))
        if segment.next < segment.end:
            _start(segment, reader, path, password, config)

    try:
        while active := [s for s in segments if s.next < s.end and not s.no_child]:
            timeout = max(0.0, min(s.deadline for s in active) - time.monotonic())
            ready = wait([s.conn for s in active if s.conn is not None], timeout)
            for segment in active:
                if segment.conn is not None and segment.conn in ready:
                    try:
                        received(segment, segment.conn.recv())
                    except (EOFError, OSError):
                        failed(segment, "reading it stopped the reader (out of memory or a"
                                        " crash in the PDF library)", died=True)
                elif time.monotonic() >= segment.deadline:
                    failed(segment, f"reading it took longer than {config.page_timeout_s:g} s",
                           died=False)
    finally:
        for segment in segments:
            _stop(segment)
    for segment in segments:
        if segment.next < segment.end:
            log.warning("%s: %s; reading pages %d-%d in this process, without the per-page"
                        " limits (a script that runs bialign at import time, outside"
                        " `if __name__ == '__main__':`, stops every reader process)", path,
                        segment.no_child, segment.next + 1, segment.end)
            for page in reader(path, password, segment.next, segment.end, config):
                done(segment, page)
    return [pages[number] for number in range(1, total + 1)]
