"""Text lines with their geometry, and how lines become paragraphs.

Everything here is pure Python on frozen records: ``pdf.py`` turns a page
into ``Line`` records, ``running.py`` removes headers and footers, and
``lines_to_blocks`` decides where paragraphs start from the layout alone:
vertical gaps, indentation, a line that ends well before the right margin,
a change of font size, a list marker.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bialign.extract.text import DOUBLE_DASHES, Vocabulary, is_cjk, join_lines
from bialign.records import Block, BlockKind

# Headings announced by their words, whatever their font.
HEADING_RE = re.compile(
    r"^(?:(?:PART|Part|CHAPTER|Chapter|SECTION|Section|ARTICLE|Article|ANNEX|Annex|APPENDIX|"
    r"Appendix)\s+[\dIVXLCivxlc]+[.:]?|第[一二三四五六七八九十百千\d]+[部分章节条款編编篇]{1,2}|"
    r"附件[一二三四五六七八九十\d]*|序言|前言|Preamble|PREAMBLE)$"
)
TERMINAL_PUNCT = ".!?。！？"
# A bold line ending so is the start of a sentence set in bold, not a heading.
CONTINUING_PUNCT = ",;，；、"


@dataclass(frozen=True)
class LayoutConfig:
    """Thresholds of paragraph detection, in units of the line's font size (em)."""

    gap_factor: float = 1.35  # a line pitch this many times the usual one starts a paragraph
    indent_em: float = 0.7  # indentation that starts a paragraph
    margin_em: float = 0.6  # slack when asking "would the next word have fitted?"
    numbered_gap_em: float = 0.5  # a number followed by a wider gap is a list marker
    size_change: float = 0.12  # relative font-size change that starts a block
    heading_size: float = 1.15  # font this much larger than the body's marks a heading
    heading_max_chars: int = 250
    heading_max_lines: int = 3


DEFAULT_LAYOUT = LayoutConfig()


@dataclass(frozen=True)
class Line:
    """One line of text in one column of a page (PDF points, top-left origin).

    ``marker`` is a list marker at the start of the line ("•", "1.") with
    ``text`` the rest; ``text_x0`` is where the text after the marker starts
    and ``marker_gap`` the white space between the two.  ``first_width`` is
    the width of the first word (first character for Chinese), used to ask
    whether it would have fitted on the line before.  ``column`` names the
    column layout and the column: (number of columns, index).
    """

    page: int
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: float  # share of characters set in a bold face
    first_width: float
    marker: str = ""
    text_x0: float = 0.0
    marker_gap: float = 0.0
    column: tuple[int, int] = (1, 0)


@dataclass(frozen=True)
class Metrics:
    """Document-wide measures that the break rules compare against."""

    body_size: float
    pitch: dict[float, float]  # usual baseline-to-baseline distance per font size
    left: dict[tuple[int, int], float]
    right: dict[tuple[int, int], float]

    def offset(self, line: Line, x: float | None = None) -> float:
        """How far ``x`` (default: the line's start) is from its column's left edge."""
        return (line.x0 if x is None else x) - self.left.get(line.column, 0.0)

    def pitch_for(self, size: float) -> float:
        return self.pitch.get(round(size, 1), size * 1.3)


def measure(lines: Sequence[Line]) -> Metrics:
    """Body font size, line pitch per size and column edges of a document."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 11.0
    steps: dict[float, list[float]] = {}
    for prev, line in zip(lines, lines[1:], strict=False):
        same_column = prev.page == line.page and prev.column == line.column
        step = line.top - prev.top
        if same_column and abs(prev.size - line.size) < 0.2 and 0 < step < 2.5 * line.size:
            steps.setdefault(round(line.size, 1), []).append(step)
    pitch = {size: min(values) if len(values) < 3 else _low_quartile(values)
             for size, values in steps.items()}
    lefts: dict[tuple[int, int], list[float]] = {}
    rights: dict[tuple[int, int], list[float]] = {}
    for line in lines:
        lefts.setdefault(line.column, []).append(line.x0)
        rights.setdefault(line.column, []).append(line.x1)
    return Metrics(
        body_size=body,
        pitch=pitch,
        left={c: _quantile(v, 0.05) for c, v in lefts.items()},
        right={c: _quantile(v, 0.95) for c, v in rights.items()},
    )


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _low_quartile(values: list[float]) -> float:
    """The usual pitch: most lines of a paragraph are this far apart."""
    return statistics.median(sorted(values)[: max(1, len(values) // 2)])


def starts_block(prev: Line, line: Line, cont: float | None, metrics: Metrics,
                 config: LayoutConfig = DEFAULT_LAYOUT) -> bool:
    """True when ``line`` cannot continue the block whose last line is ``prev``.

    ``cont`` is where the block's continuation lines start, measured from
    their column's left edge (None while the block has one line: a
    first-line indent is then allowed).  Positions are compared relative to
    each line's column, so a paragraph continues across columns and pages.
    """
    em = line.size
    if line.marker and _is_marker(line, config):
        return True
    if line.page > prev.page + 1:
        return True  # never join text across an unreadable or empty page
    if abs(line.size - prev.size) > config.size_change * max(line.size, prev.size):
        return True
    if prev.bold > 0.9 and line.bold < 0.1:
        return True  # a bold line (a heading) followed by plain text
    same_column = prev.page == line.page and prev.column == line.column
    if same_column and line.top - prev.top > config.gap_factor * metrics.pitch_for(line.size):
        return True
    if same_column and line.top < prev.top:
        return True  # went back up: a new region of the page
    if ended_short(prev, line, metrics, config):
        return True
    if not same_column and prev.text[-1:] in TERMINAL_PUNCT and not line.text[:1].islower():
        return True  # a full line ending a sentence at a page break: treat as paragraph end
    offset = metrics.offset(line)
    reference = cont if cont is not None else metrics.offset(prev)
    if offset > reference + config.indent_em * em:
        return True
    return cont is not None and offset < cont - config.indent_em * em


def ended_short(prev: Line, line: Line, metrics: Metrics,
                config: LayoutConfig = DEFAULT_LAYOUT) -> bool:
    """True when the first word of ``line`` would have fitted at the end of ``prev``."""
    right = metrics.right.get(prev.column, prev.x1)
    space = 0.0 if is_cjk(line.text[:1] or " ") else 0.25 * prev.size
    return prev.x1 + space + line.first_width < right - config.margin_em * prev.size


def _is_marker(line: Line, config: LayoutConfig) -> bool:
    """Bullets always mark items; a number or a typed double dash ("--") only when
    set apart like a list label (typed inline, it does not hang its item)."""
    if (not line.marker[:1].isalnum() and not line.marker.startswith("(")
            and line.marker not in DOUBLE_DASHES):
        return True
    return line.marker_gap > config.numbered_gap_em * line.size


def lines_to_blocks(lines: Sequence[Line], vocabulary: Vocabulary,
                    config: LayoutConfig = DEFAULT_LAYOUT) -> tuple[Block, ...]:
    """Group lines (in reading order) into paragraphs, list items and headings."""
    metrics = measure(lines)
    groups: list[list[Line]] = []
    cont: float | None = None
    for line in lines:
        if groups and _wraps_under_marker(groups[-1], line, cont, metrics, config):
            cont = None  # the label was typed inline (a justified line widened its gap)
        if not groups or starts_block(groups[-1][-1], line, cont, metrics, config):
            groups.append([line])
            # A label set apart ("1.<tab>") hangs: the item's lines start under its text.
            hanging = line.marker and _is_marker(line, config)
            cont = metrics.offset(line, line.text_x0) if hanging else None
        else:
            groups[-1].append(line)
            cont = metrics.offset(line) if cont is None else cont
    return tuple(_block(group, metrics, vocabulary, config) for group in groups)


def _wraps_under_marker(group: list[Line], line: Line, cont: float | None, metrics: Metrics,
                       config: LayoutConfig) -> bool:
    """True when a one-line list item continues on ``line`` under its label rather
    than under its text: the label does not hang, the item goes on."""
    first = group[0]
    return (cont is not None and len(group) == 1 and not line.marker
            and first.page == line.page and first.column == line.column
            and abs(metrics.offset(line) - metrics.offset(first)) < 0.25 * line.size
            and not ended_short(first, line, metrics, config))


def _block(group: list[Line], metrics: Metrics, vocabulary: Vocabulary,
           config: LayoutConfig) -> Block:
    first = group[0]
    # A number opening a paragraph is its label even when only a space follows it.
    marker = first.marker
    texts = [first.text if marker else _with_marker(first)] + [_with_marker(x) for x in group[1:]]
    text = join_lines(texts, vocabulary)
    on_first_page = [x for x in group if x.page == first.page]
    bbox = (min(x.x0 for x in on_first_page), min(x.top for x in on_first_page),
            max(x.x1 for x in on_first_page), max(x.bottom for x in on_first_page))
    kind: BlockKind = "list_item" if marker else _kind(group, text, metrics, config)
    return Block(text=text, page=first.page, kind=kind, marker=marker, bbox=bbox)


def _with_marker(line: Line) -> str:
    return f"{line.marker} {line.text}" if line.marker else line.text


def _kind(group: list[Line], text: str, metrics: Metrics, config: LayoutConfig) -> BlockKind:
    if len(text) > config.heading_max_chars or len(group) > config.heading_max_lines:
        return "paragraph"
    if HEADING_RE.match(text.strip()):
        return "heading"
    larger = group[0].size >= config.heading_size * metrics.body_size
    bold = (all(line.bold > 0.9 for line in group)
            and text[-1:] not in TERMINAL_PUNCT + CONTINUING_PUNCT)
    return "heading" if larger or bold else "paragraph"
