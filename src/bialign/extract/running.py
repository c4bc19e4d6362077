"""Running headers, footers and page numbers: found by repetition and position.

Nothing is hard-coded: a line at the top or bottom edge of a page is a
running line when the same text (digits ignored) comes back at the edge of
many pages, or when it is a bare page number ("3", "Page 3", "- 3 -",
"第 3 页", "iv") standing apart from the text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bialign.extract.layout import Line

PAGE_NUMBER_RE = re.compile(
    r"^[-–—\s]*(?:(?:page|p\.|pg\.?)\s*)?(?:\d{1,4}|[ivxlc]{1,6})"
    r"(?:\s*(?:of|/|of\s+page)\s*\d{1,4})?[-–—\s]*$"
    r"|^第\s*\d{1,4}\s*[页頁](?:\s*[,，]?\s*共\s*\d{1,4}\s*[页頁])?$"
    r"|^\d{1,4}\s*/\s*\d{1,4}$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class RunningConfig:
    """Where running lines are looked for and how often they must repeat."""

    edge_share: float = 0.12  # top and bottom share of the page height
    lines_per_edge: int = 2  # a header may be two lines (title, then date)
    min_page_share: float = 0.4  # repeated on this share of the pages (and at least 2)
    apart_em: float = 1.5  # white space (in em) between a running line and the text


DEFAULT_RUNNING = RunningConfig()


def edge_key(text: str) -> str:
    """Text of a line with digits and spacing ignored, for counting repeats."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def is_page_number(text: str) -> bool:
    return bool(PAGE_NUMBER_RE.match(text.strip()))


def remove_running_lines(pages: Sequence[Sequence[Line]], heights: Sequence[float],
                         config: RunningConfig = DEFAULT_RUNNING) -> list[list[Line]]:
    """The lines of each page without its running headers, footers and page numbers."""
    candidates = [_edge_lines(lines, height, config)
                  for lines, height in zip(pages, heights, strict=True)]
    seen: dict[str, list[tuple[int, float]]] = {}
    for number, (edge, height) in enumerate(zip(candidates, heights, strict=True)):
        for line in edge:
            for key in _keys(line):
                seen.setdefault(key, []).append((number, _offset(line, height)))
    needed = max(2, math.ceil(config.min_page_share * len(pages)))
    result = []
    for lines, edge, height in zip(pages, candidates, heights, strict=True):
        running = {id(line) for line in edge
                   if _is_running(line, lines, _offset(line, height), seen, needed, config)}
        result.append([line for line in lines if id(line) not in running])
    return result


def _keys(line: Line) -> tuple[str, str]:
    """The exact text, and the text with any number in it ignored."""
    return "=" + " ".join(line.text.split()), edge_key(line.text)


def _offset(line: Line, height: float) -> float:
    """Distance from the nearer page edge, signed: headers positive, footers negative."""
    return line.top if line.top < height / 2 else line.bottom - height


def _pages_at(key: str, offset: float, size: float,
              seen: dict[str, list[tuple[int, float]]]) -> int:
    """On how many pages ``key`` sits at (about) the same distance from the same edge."""
    return len({page for page, other in seen.get(key, []) if abs(other - offset) < 1.5 * size})


def _is_running(line: Line, lines: Sequence[Line], offset: float,
                seen: dict[str, list[tuple[int, float]]], needed: int,
                config: RunningConfig) -> bool:
    exact, numbered = _keys(line)
    if _pages_at(exact, offset, line.size, seen) >= needed:
        return True
    # Same words with other numbers ("Page 3", "Article 5"), or a bare number:
    # only when set apart from the text.
    repeated = _pages_at(numbered, offset, line.size, seen) >= needed
    return (repeated or is_page_number(line.text)) and _stands_apart(line, lines, config)


def _edge_lines(lines: Sequence[Line], height: float, config: RunningConfig) -> list[Line]:
    by_top = sorted(lines, key=lambda line: line.top)
    top = [x for x in by_top[: config.lines_per_edge] if x.bottom < config.edge_share * height]
    bottom = [x for x in by_top[-config.lines_per_edge:]
              if x.top > (1 - config.edge_share) * height and x not in top]
    return top + bottom


def _stands_apart(line: Line, lines: Sequence[Line], config: RunningConfig) -> bool:
    others = [x for x in lines if x is not line]
    if not others:
        return True
    gap = min(max(x.top - line.bottom, line.top - x.bottom) for x in others)
    return gap > config.apart_em * line.size
