"""Plain text: joining wrapped lines, list markers, and reading .txt files.

The rules for joining two lines of one paragraph live here so that PDF and
hard-wrapped text files join lines the same way:

* English: a line-end hyphen that only breaks a word is removed
  ("secu-" + "rity" -> "security"); a real hyphen stays ("off-the-" +
  "record" -> "off-the-record").  The document's own words decide first,
  an English word list second (``words.py``).
* Chinese: lines join with no space; a space is put only between two
  Latin words or numbers ("Zoom" + "meeting"), never next to a Han character.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bialign.errors import CorruptFile, EmptyFile
from bialign.extract.language import is_han
from bialign.extract.words import is_word
from bialign.records import Block, BlockKind

# Bullets as they come out of word processors, private-use glyphs included
# (Symbol/Wingdings bullets land at U+F0B7, U+F0A7, U+F0D8 ...).
BULLET_CHARS = "•●▪■◦‣⁃∙·○◆◇►▶✓✔➢➤-–—*"
# A dash typed as two characters ("--" on a typewriter, "——" or "──" in Chinese).
DOUBLE_DASHES = frozenset({"--", "——", "──", "－－"})
NUMBERED_MARKER_RE = re.compile(
    r"^(?:\(?\d{1,3}[.)]|\(\d{1,3}\)|\(?[a-zA-Z][.)]|\([a-zA-Z]\)"
    r"|\(?[ivxlcIVXLC]{1,6}[.)]|\([ivxlcIVXLC]{1,6}\))$"
)
CJK_MARKER_RE = re.compile(
    r"^(?:[一二三四五六七八九十百]{1,4}、|[（(][一二三四五六七八九十百\d]{1,4}[）)]|\d{1,3}、"
    r"|——|──|－－)"
)
TRAILING_WORD_RE = re.compile(r"([A-Za-z][A-Za-z.'-]*)-$")
LEADING_WORD_RE = re.compile(r"^([A-Za-z]+)")
DOC_WORD_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
SENTENCE_END = ".!?。！？:;：；\"”"
# Closing punctuation after which a wrapped line needs no space either.
NO_SPACE_AFTER = "—–/"


def is_cjk(char: str) -> bool:
    """Han characters and full-width CJK punctuation: text that joins without spaces."""
    code = ord(char)
    if code < 0x3000:
        return False
    return 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or is_han(char)


def is_private_use(char: str) -> bool:
    return 0xE000 <= ord(char) <= 0xF8FF


def bullet_marker(token: str) -> str | None:
    """The normalised bullet if ``token`` is one bullet glyph or a double dash, else None."""
    if token in DOUBLE_DASHES:
        return token
    if len(token) != 1:
        return None
    if token in BULLET_CHARS or is_private_use(token):
        return "•" if is_private_use(token) or token in "●∙·" else token
    return None


def split_marker(text: str) -> tuple[str, str]:
    """Split a leading list marker off a paragraph's text: ("•", "rest") or ("", text).

    A marker is a bullet glyph or a number/letter/roman numeral form ("1.",
    "(a)", "iv)", "一、", "（二）") followed by white space (CJK forms need none).
    """
    stripped = text.lstrip()
    head, _, rest = stripped.partition(" ")
    if rest.strip():
        bullet = bullet_marker(head)
        if bullet is not None:
            return bullet, rest.strip()
        if NUMBERED_MARKER_RE.match(head):
            return head, rest.strip()
    match = CJK_MARKER_RE.match(stripped)
    if match and len(stripped) > match.end():
        return match.group(0), stripped[match.end():].strip()
    return "", text.strip()


@dataclass(frozen=True)
class Vocabulary:
    """How often the document writes each word, and each hyphenated compound."""

    words: Counter[str]

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        counts: Counter[str] = Counter()
        for text in texts:
            for token in DOC_WORD_RE.findall(text):
                counts[token.lower()] += 1
                if "-" in token:
                    counts.update(part.lower() for part in token.split("-"))
        return cls(counts)


EMPTY_VOCABULARY = Vocabulary(Counter())


def keep_line_end_hyphen(left: str, right: str, vocabulary: Vocabulary) -> bool:
    """Decide whether ``left`` + "-" + line break + ``right`` keeps its hyphen.

    ``left`` is the word fragment before the hyphen (may hold hyphens of its
    own), ``right`` the word starting the next line.
    """
    if "-" in left or not left[-1:].islower() or not right[:1].islower():
        return True  # a compound already ("off-the-"), or "U.S.-" + "China"
    joined, hyphenated = (left + right).lower(), f"{left}-{right}".lower()
    seen_joined, seen_hyphenated = vocabulary.words[joined], vocabulary.words[hyphenated]
    if seen_joined != seen_hyphenated:
        return seen_hyphenated > seen_joined
    if is_word(joined):
        return False
    return is_word(left) and is_word(right)


def join_lines(lines: Sequence[str], vocabulary: Vocabulary = EMPTY_VOCABULARY) -> str:
    """Join the wrapped lines of one paragraph into one string (rules: module doc)."""
    text = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        text = line if not text else _join_two(text, line, vocabulary)
    return text


def _join_two(left: str, right: str, vocabulary: Vocabulary) -> str:
    if left.endswith("-") and len(left) > 1 and not left[-2].isspace():
        match, start = TRAILING_WORD_RE.search(left), LEADING_WORD_RE.match(right)
        if match and start and left[-2].isalpha():
            keep = keep_line_end_hyphen(match.group(1), start.group(1), vocabulary)
            return left + right if keep else left[:-1] + right
        return left + right  # "U.S.-" + "sourced", "--" + "this": no space either
    if is_cjk(left[-1]) or is_cjk(right[0]) or left[-1] in NO_SPACE_AFTER or left.endswith("--"):
        return left + right
    return f"{left} {right}"


# ------------------------------------------------------------------ .txt files

TEXT_ENCODINGS = ("utf-8", "gb18030")


def decode_text(data: bytes, path: str | Path) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 (BOM) or GB18030 bytes."""
    if not data:
        raise EmptyFile(path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CorruptFile(path, f"invalid UTF-16 text at byte {exc.start}") from exc
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
        except UnicodeDecodeError:
            continue
    raise CorruptFile(path, "text that is neither UTF-8, UTF-16 nor GB18030")


def is_hard_wrapped(text: str) -> bool:
    """True when paragraphs are blank-line separated and wrapped over several lines.

    Most blank-line groups must hold several lines, and those lines must
    mostly stop mid-sentence: a file with one paragraph a line has lines that
    end with a full stop even where no blank line separates them.
    """
    groups = [[ln for ln in g.splitlines() if ln.strip()]
              for g in re.split(r"\n\s*\n", text.strip()) if g.strip()]
    if len(groups) < 2 or sum(len(g) > 1 for g in groups) * 2 < len(groups):
        return False
    inner = [line.rstrip() for group in groups for line, after in zip(group, group[1:],
                                                                      strict=False)
             if not split_marker(after)[0]]
    ended = sum(1 for line in inner if line.endswith(tuple(SENTENCE_END)))
    return bool(inner) and ended * 2 < len(inner)


def text_blocks(text: str) -> tuple[Block, ...]:
    """Blocks of a plain text: one paragraph a line, or blank-line-separated wrapped paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if is_hard_wrapped(text):
        paragraphs = [_group_lines(group) for group in re.split(r"\n\s*\n", text)]
        vocabulary = Vocabulary.from_texts(text.splitlines())
        joined = [join_lines(lines, vocabulary) for group in paragraphs for lines in group]
    else:
        joined = [line.strip() for line in text.split("\n")]
    return tuple(_text_block(p) for p in joined if p.strip())


def _group_lines(group: str) -> list[list[str]]:
    """Split one blank-line group at list markers: each item starts a paragraph."""
    items: list[list[str]] = []
    for line in group.splitlines():
        if not line.strip():
            continue
        if not items or split_marker(line)[0]:
            items.append([line])
        else:
            items[-1].append(line)
    return items


def _text_block(paragraph: str) -> Block:
    marker, body = split_marker(paragraph)
    kind: BlockKind = "list_item" if marker else "paragraph"
    return Block(text=" ".join(body.split()), kind=kind, marker=marker)
