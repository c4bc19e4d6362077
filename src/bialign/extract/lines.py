"""Characters of a page -> text lines: words, rows, columns, list markers.

Pure geometry on ``Char`` records (PDF points, top-left origin), whatever
read them (``pdf.py``); the result is ``layout.Line`` records in reading
order, which ``layout.py`` groups into paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from bialign.extract.layout import Line
from bialign.extract.text import CJK_MARKER_RE, NUMBERED_MARKER_RE, bullet_marker, is_cjk

# Chinese line breaking keeps these with the next (opening) or previous (closing) character.
OPENING_PUNCT = "《〈「『（【〔“‘"
CLOSING_PUNCT = "。，、；：？！」』）》〉】〕”’…—.,;:?!)"


@dataclass(frozen=True)
class LineConfig:
    """When a gap is a space and when white space is a column gutter (em = font size)."""

    latin_space_em: float = 0.15  # a wider gap between Latin letters is a space
    cjk_space_em: float = 0.3  # between Chinese and a Latin letter or digit
    gutter_min: float = 12.0  # points of white space between two columns
    column_min_lines: int = 4  # lines each side of a gutter for it to count


class Char(NamedTuple):
    """One glyph with its advance box (PDF points, top-left origin).

    A named tuple rather than a frozen dataclass: a page has thousands and
    tuples are several times faster to build.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool



def chars_to_lines(chars: Sequence[Char], number: int, width: float,
                   config: LineConfig = LineConfig()) -> list[Line]:
    """The lines of page ``number`` (``width`` points wide) in reading order:
    column by column between full-width lines."""
    rows = _rows([c for c in chars if c.x1 > c.x0 or c.text == " "])
    gutter = find_gutter(rows, width, config)
    lines: list[Line] = []
    for column, group in _regions(rows, gutter):
        lines.extend(line for row in group if (line := _line(row, number, column, config)))
    return lines


def _rows(chars: Sequence[Char]) -> list[list[Char]]:
    """Characters grouped into rows by vertical position, each row sorted left to right.

    Two rows of text are at least one font size apart, so characters whose
    middles are within 0.45 of the larger size share a row (superscripts too).
    """
    rows: list[list[Char]] = []
    last_middle = 0.0
    for char in sorted(chars, key=lambda c: (c.top + c.bottom, c.x0)):
        middle = (char.top + char.bottom) / 2
        if rows and abs(middle - last_middle) < 0.45 * max(char.size, rows[-1][-1].size, 1.0):
            rows[-1].append(char)
        else:
            rows.append([char])
        last_middle = middle
    return [sorted(row, key=lambda c: c.x0) for row in rows]


def find_gutter(rows: Sequence[Sequence[Char]], width: float,
                config: LineConfig) -> tuple[float, float] | None:
    """The white strip between two columns, if the page has two: (x0, x1) in points."""
    lo, hi = int(width * 0.3), int(width * 0.7)
    if hi <= lo:
        return None
    covered = [0] * (hi - lo + 1)
    spans = [span for row in rows for span in _word_spans(row)]
    for x0, x1 in spans:
        for x in range(max(lo, int(x0)), min(hi, int(x1)) + 1):
            covered[x - lo] += 1
    allowed = max(1, len(spans) // 200)  # a title may cross the gutter
    best: tuple[int, int] | None = None
    start = None
    for i, count in enumerate([*covered, allowed + 1]):
        if count <= allowed and start is None:
            start = i
        elif count > allowed and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    if best is None or best[1] - best[0] < config.gutter_min:
        return None
    x0, x1 = best[0] + lo, best[1] + lo
    left = sum(1 for row in rows if any(c.x1 <= x0 + 1 for c in row if c.text != " "))
    right = sum(1 for row in rows if any(c.x0 >= x1 - 1 for c in row if c.text != " "))
    if min(left, right) < config.column_min_lines or not _gutter_is_wide(rows, x0, x1):
        return None
    return (float(x0), float(x1))


def _gutter_is_wide(rows: Sequence[Sequence[Char]], x0: float, x1: float) -> bool:
    """Tell a gutter from a river of word spaces in justified text.

    In a two-column row the white space at the gutter is far wider than the
    row's word spaces; in a one-column row it is just one of them.
    """
    verdicts = []
    for row in rows:
        spans = list(_word_spans(row))
        gaps = [b[0] - a[1] for a, b in zip(spans, spans[1:], strict=False)]
        at_gutter = [g for (a, b), g in zip(zip(spans, spans[1:], strict=False), gaps,
                                            strict=True) if a[1] <= x0 + 1 and b[0] >= x1 - 1]
        if at_gutter and len(gaps) > 1:
            others = sorted(g for g in gaps if g not in at_gutter) or [0.0]
            verdicts.append(at_gutter[0] > 2 * others[len(others) // 2])
    return bool(verdicts) and sum(verdicts) >= 0.8 * len(verdicts)


def _word_spans(row: Sequence[Char]) -> Iterator[tuple[float, float]]:
    """Horizontal extents of the words of a row (split at spaces and wide gaps)."""
    start = end = None
    for char in row:
        gap_wide = end is not None and char.x0 - end > 0.5 * char.size
        if char.text == " " or gap_wide:
            if start is not None and end is not None:
                yield start, end
            start = end = None
            if char.text == " ":
                continue
        start = char.x0 if start is None else start
        end = char.x1
    if start is not None and end is not None:
        yield start, end


def _regions(rows: list[list[Char]], gutter: tuple[float, float] | None
             ) -> Iterator[tuple[tuple[int, int], list[list[Char]]]]:
    """Rows split by column in reading order.

    Rows with a word across the gutter (titles, headers) cut the page into
    bands; each band is read left column, then right column.
    """
    if gutter is None:
        yield (1, 0), rows
        return
    middle = (gutter[0] + gutter[1]) / 2
    left: list[list[Char]] = []
    right: list[list[Char]] = []
    for row in rows:
        if any(x0 < middle < x1 for x0, x1 in _word_spans(row)):
            yield (2, 0), left
            yield (2, 1), right
            yield (1, 0), [row]
            left, right = [], []
            continue
        part_left = [c for c in row if c.x1 <= middle]
        part_right = [c for c in row if c.x1 > middle]
        if part_left:
            left.append(part_left)
        if part_right:
            right.append(part_right)
    yield (2, 0), left
    yield (2, 1), right


def _line(row: list[Char], number: int, column: tuple[int, int], config: LineConfig
          ) -> Line | None:
    words = _words(row, config)
    if not words:
        return None
    marker = ""
    body = words
    if len(words) > 1:
        head = "".join(c.text for c in words[0])
        bullet = bullet_marker(head)
        marker = bullet or (head if NUMBERED_MARKER_RE.match(head) else "")
        body = words[1:] if marker else words
    if not marker:
        marker, body = _glued_cjk_marker(words)
    glyphs = [c for word in words for c in word]
    sizes = [round(c.size, 1) for c in glyphs]
    return Line(
        page=number, text=_join_words(body), x0=glyphs[0].x0,
        top=min(c.top for c in glyphs), x1=glyphs[-1].x1,
        bottom=max(c.bottom for c in glyphs), size=max(set(sizes), key=sizes.count),
        bold=sum(c.bold for c in glyphs) / len(glyphs), first_width=_first_width(body[0]),
        marker=marker, text_x0=body[0][0].x0,
        marker_gap=body[0][0].x0 - words[0][-1].x1 if marker else 0.0, column=column,
    )


def _glued_cjk_marker(words: list[list[Char]]) -> tuple[str, list[list[Char]]]:
    """A Chinese label written with no space after it ("一、", "（二）", "──"):
    (label, the words with the label's characters removed), or ("", words)."""
    head = "".join(c.text for c in words[0])
    match = CJK_MARKER_RE.match(head)
    if match is None or (match.end() == len(head) and len(words) == 1):
        return "", words
    rest = words[0][match.end():]
    return match.group(0), ([rest] if rest else []) + words[1:]


def _words(row: list[Char], config: LineConfig) -> list[list[Char]]:
    """Split a row into words at space characters and at gaps that are spaces.

    Gaps count beyond the row's usual letter spacing (see ``_space_limit``
    for the widths that make a space).
    """
    words: list[list[Char]] = []
    current: list[Char] = []
    stretch = _letter_spacing(row)
    for char in row:
        if char.text.isspace():
            if current:
                words.append(current)
            current = []
            continue
        if current:
            prev = current[-1]
            limit = stretch + _space_limit(prev.text, char.text, config) * char.size
            if char.x0 - prev.x1 > limit:
                words.append(current)
                current = []
        current.append(char)
    if current:
        words.append(current)
    return words


def _letter_spacing(row: list[Char]) -> float:
    """The usual gap between neighbouring glyphs of a row: justified Chinese
    lines spread every character, and that spread is not a space."""
    gaps = sorted(b.x0 - a.x1 for a, b in zip(row, row[1:], strict=False)
                  if not a.text.isspace() and not b.text.isspace())
    return max(0.0, gaps[len(gaps) // 2]) if gaps else 0.0


def _space_limit(left: str, right: str, config: LineConfig) -> float:
    """The gap (em) above which two neighbouring characters are separated by a space.

    Typesetters put about 0.2 em between a Chinese character and a Latin
    letter or digit ("2020 年"), which is not a space; after Latin punctuation
    ("1. 凡") they add none, so there a narrower gap already is one.
    """
    if is_cjk(left) and is_cjk(right):
        return float("inf")
    if is_cjk(right) and not left.isalnum():
        return config.latin_space_em
    if is_cjk(left) or is_cjk(right):
        return config.cjk_space_em
    return config.latin_space_em


def _join_words(words: list[list[Char]]) -> str:
    """Words joined by single spaces, except between two Chinese characters."""
    text = ""
    for word in words:
        part = "".join(c.text for c in word)
        if text and not (is_cjk(text[-1]) and is_cjk(part[0])):
            text += " "
        text += part
    return text


def _first_width(word: list[Char]) -> float:
    """Width of the first unit that could have ended the line before.

    For Chinese that is the first character plus any punctuation glued to
    it (no line starts with "。" or ends with "《", so "果。" and "《国"
    move as one).
    """
    if is_cjk(word[0].text):
        end = 2 if word[0].text in OPENING_PUNCT and len(word) > 1 else 1
        while end < len(word) and word[end].text in CLOSING_PUNCT:
            end += 1
        return word[end - 1].x1 - word[0].x0
    stop = next((c.x0 for c in word if is_cjk(c.text)), word[-1].x1)
    return stop - word[0].x0
