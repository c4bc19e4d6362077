"""Blocks -> Sentences: rule-based sentence segmentation for English and Chinese.

English uses spaCy's rule-based tokenizer (``spacy.blank("en")``: URLs, e-mail
addresses, decimals and its abbreviation exceptions stay whole) with boundary
rules on top: a sentence ends at ``. ! ?`` (plus closing quotes/brackets)
followed by whitespace and a capital, digit, quote or bracket, unless the
period belongs to an abbreviation or to a list-item number such as the
``1.`` in ``issues: 1. Key issues; 2. ...``.  Only the runs of non-space
text that end in such a mark are tokenized, so long documents stay fast.
Chinese ends at 。！？ (and ``……`` before a new sentence, outside quotations)
plus any closing quotes/brackets; Latin periods inside Chinese never end a
sentence.  A block without Chinese characters in a Chinese document is split
with the English rules, and the reverse.

Sentences are exact substrings of their block with the surrounding whitespace
removed, so every non-whitespace character of a block lies in exactly one
sentence, in order.  Sentences longer than ``max_chars_*`` are cut at
semicolons (then commas) into parts whose concatenation is the sentence.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from bialign.records import Block, BlockKind, Document, Lang, Sentence
from bialign.spacy_loader import english_stop_words, import_spacy

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

DEFAULT_MAX_CHARS_EN = 400
DEFAULT_MAX_CHARS_ZH = 150
# A part still longer than this multiple of the limit is cut again at commas.
DEFAULT_COMMA_FACTOR = 1.5
DEFAULT_SHORT_BLOCK_CHARS_EN = 60
DEFAULT_SHORT_BLOCK_CHARS_ZH = 30


@dataclass(frozen=True)
class SegmentConfig:
    """Options of sentence segmentation.  Lengths are in characters."""

    split_long: bool = True
    max_chars_en: int = DEFAULT_MAX_CHARS_EN
    max_chars_zh: int = DEFAULT_MAX_CHARS_ZH
    comma_factor: float = DEFAULT_COMMA_FACTOR
    # Headings and list items shorter than this are one sentence, whatever they hold.
    short_block_chars_en: int = DEFAULT_SHORT_BLOCK_CHARS_EN
    short_block_chars_zh: int = DEFAULT_SHORT_BLOCK_CHARS_ZH
    zh_semicolon_ends: bool = False

    def signature(self) -> str:
        long = f"{self.max_chars_en}/{self.max_chars_zh}" if self.split_long else "off"
        return f"segment:rules(long={long})"


# --- English -----------------------------------------------------------------

# Abbreviations (without the final period) that never end a sentence: titles,
# only when capitalised ("Dr. Henry", but "modern art. The"), and lower-case ones.
EN_TITLES = frozenset(
    "Mr Mrs Ms Messrs Dr Prof St Mt Gen Sen Rep Gov Pres Lt Col Capt Sgt Hon Rev Fr".split()
)
EN_NEVER_END = frozenset("vs v e.g i.e cf viz approx ca".split())
# Abbreviations that end a sentence only before a capitalised function word
# ("... the U.S. The talks"), never before a name ("U.S. Internet firms").
EN_MAYBE_END = frozenset(
    "inc ltd co corp llc plc bros jr sr dept univ govt est jan feb mar apr jun jul aug sep"
    " sept oct nov dec a.m p.m".split()
)
# Abbreviations that take a number ("No. 5", "pp. 12"); before a number they never end.
EN_NUMBER_ABBR = frozenset(
    "no nos p pp vol vols ch chap para paras art arts ex fig figs eq sec sect".split()
)
EN_ALWAYS_END_BEFORE_CAPITAL = frozenset({"etc"})
_TERMINAL = re.compile(r"^(?:[.!?\u2026]+)$")
_CLOSERS = frozenset("\"'\u201d\u2019)]}\u00bb\u300d\u300f\uff09\u300b")
_OPENERS = frozenset("\"'\u201c\u2018([{\u00ab\u2022\u300a\u300c\u300e\uff08-\u2013\u2014\u00a7")
_MAX_ITEM_NUMBER_DIGITS = 2
_TOKEN_CACHE_SIZE = 8192
_CHUNK = re.compile(r"\S+")
_CANDIDATE_END = re.compile("[.!?\u2026][\"'\u201d\u2019)\\]}\u00bb\u300d\u300f\uff09\u300b]*$")
_ITEM_NUMBER = re.compile(r"(?<![\w.])(\d{1,2})\.(?=\s)")
_LEADING_WORD = re.compile(r"\w[\w'\u2019]*")

# --- Chinese -----------------------------------------------------------------

ZH_TERMINALS = frozenset("\u3002\uff01\uff1f")  # 。！？
ZH_HALF_TERMINALS = frozenset("!?")
ZH_CLOSERS = frozenset("\u201d\u2019\u300d\u300f\uff09\u300b)\"'\u3011\u3015")
ZH_ELLIPSIS = "\u2026\u2026"  # ……
ZH_OPEN_QUOTES = frozenset("\u201c\u2018\u300c\u300e\uff08\u300a\u3010")  # “‘「『（《【
ZH_STRICT_CLOSERS = frozenset("\u201d\u2019\u300d\u300f\uff09\u300b\u3011\u3015")  # ”’」』）》】〕
_ZH_CANDIDATE = re.compile("[\u3002\uff01\uff1f\uff1b!?]|\u2026\u2026")
_ZH_QUOTE_MARK = re.compile(
    "[" + "".join(sorted(ZH_OPEN_QUOTES | ZH_STRICT_CLOSERS)) + "]"
)
_SEMICOLONS = frozenset(";\uff1b")
_COMMAS = frozenset(",\uff0c")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

_KEEP_WHOLE_KINDS: frozenset[BlockKind] = frozenset({"heading", "list_item"})

# spaCy pipelines are slow to build: filled on first use, never at import.
_PIPELINES: dict[str, Language] = {}


class _Tok(NamedTuple):
    text: str
    web: bool  # a URL or e-mail address, whose inner periods are not abbreviations


def english_pipeline() -> Language:
    """The blank English spaCy pipeline (tokenizer only), built once."""
    if "en" not in _PIPELINES:
        _PIPELINES["en"] = import_spacy().blank("en")
    return _PIPELINES["en"]


@lru_cache(maxsize=_TOKEN_CACHE_SIZE)
def _english_tokens(chunk: str) -> tuple[_Tok, ...]:
    """spaCy tokens of one chunk; cached, as "U.S." or "Inc." recur throughout a document."""
    doc = english_pipeline().make_doc(chunk)
    return tuple(_Tok(t.text, t.like_url or t.like_email) for t in doc if not t.is_space)


def _starts_sentence(word: str) -> bool:
    first = word[0]
    return first.isupper() or first.isdigit() or first in _OPENERS or bool(_CJK.match(first))


def _is_item_number(word: str, before: str | None, numbered: frozenset[str]) -> bool:
    """True if ``word`` followed by "." numbers a list item.  ``before`` is the
    token before it, or None where it opens a sentence."""
    if not word.isdigit() or len(word) > _MAX_ITEM_NUMBER_DIGITS:
        return False
    if before is None or before in {":", ";", ",", "(", "\u2014", "-"}:
        return True
    # "were 1. Key issues and 2. Global ...": a neighbour in the same numbering.
    return str(int(word) + 1) in numbered or str(int(word) - 1) in numbered


def _period_ends(tokens: Sequence[_Tok], i: int, before: str | None, next_word: str,
                 numbered: frozenset[str]) -> bool:
    """Whether the period that is (or ends) ``tokens[i]`` ends a sentence.

    ``before`` is the text before the chunk (None at a sentence start),
    ``next_word`` the word after it.
    """
    tok = tokens[i]
    if tok.text == ".":
        if i == 0:
            return True
        pos, word = i - 1, tokens[i - 1].text
    else:
        pos, word = i, tok.text[:-1]
    key = word.lower()
    if _is_item_number(word, tokens[pos - 1].text if pos else before, numbered):
        return False
    if key in EN_NUMBER_ABBR and next_word[:1].isdigit():
        return False
    if word in EN_TITLES or key in EN_NEVER_END or (len(word) == 1 and word.isalpha()):
        return False
    if key in EN_ALWAYS_END_BEFORE_CAPITAL or tokens[pos].web:
        return True
    if key in EN_MAYBE_END or "." in word:
        return next_word[:1].isupper() and next_word.lower() in english_stop_words()
    return True


def _chunk_ends(tokens: Sequence[_Tok], before: str | None, next_word: str,
                numbered: frozenset[str]) -> bool:
    """Whether a whitespace-delimited chunk ending in . ! ? ends a sentence."""
    i = len(tokens) - 1
    while i > 0 and tokens[i].text in _CLOSERS:
        i -= 1
    tok = tokens[i]
    if not tok.text.endswith("."):
        return True  # "!", "?", "…"
    if tok.text != "." and not any(ch.isalnum() for ch in tok.text):
        return True  # "..."
    return _period_ends(tokens, i, before, next_word, numbered)


def _english_boundaries(text: str) -> list[int]:
    """Character offsets where English sentences end (text end excluded).

    Only chunks (runs of non-space) that end in . ! ? plus closers can end a
    sentence; spaCy tokenizes just those, which keeps long documents fast.
    """
    chunks = [(m.start(), m.end()) for m in _CHUNK.finditer(text)]
    numbered = frozenset(m.group(1) for m in _ITEM_NUMBER.finditer(text))
    ends: list[int] = []
    for c, (start, end) in enumerate(chunks[:-1]):
        if not _CANDIDATE_END.search(text, start, end):
            continue
        following = text[chunks[c + 1][0]:chunks[c + 1][1]]
        if not _starts_sentence(following):
            continue
        opens_sentence = c == 0 or (ends and ends[-1] == chunks[c - 1][1])
        before = None if opens_sentence else text[chunks[c - 1][1] - 1]
        word = _LEADING_WORD.search(following)
        next_word = word.group(0) if word else following
        if _chunk_ends(_english_tokens(text[start:end]), before, next_word, numbered):
            ends.append(end)
    return ends


def _ends_chinese(text: str, i: int, semicolon_ends: bool) -> bool:
    """True if ``text[i]`` is a Chinese sentence-final mark."""
    ch = text[i]
    if ch in ZH_TERMINALS or (semicolon_ends and ch == "\uff1b"):
        return True
    # Half-width !/? only after a Chinese character, so "Yahoo!" stays whole.
    return ch in ZH_HALF_TERMINALS and i > 0 and bool(_CJK.match(text[i - 1]))


def _after_marks(text: str, i: int) -> int:
    """Offset just past the run of final marks at ``i`` and its closing quotes/brackets."""
    n = len(text)
    j = i + 1
    while j < n and (text[j] in ZH_TERMINALS or text[j] in ZH_HALF_TERMINALS or text[j] == "…"):
        j += 1
    while j < n:
        if text[j] in ZH_CLOSERS:
            j += 1
            continue
        k = j
        while k < n and text[k].isspace():
            k += 1
        # A stray space before an unambiguous closer ("。 ”") still closes.
        if k == j or k == n or text[k] not in ZH_STRICT_CLOSERS:
            break
        j = k
    return j


def _quote_depth(segment: str, depth: int) -> int:
    """The number of open quotations/brackets after ``segment``."""
    if not _ZH_QUOTE_MARK.search(segment):
        return depth
    for ch in segment:
        if ch in ZH_OPEN_QUOTES:
            depth += 1
        elif ch in ZH_STRICT_CLOSERS and depth:
            depth -= 1
    return depth


def _chinese_boundaries(text: str, *, semicolon_ends: bool = False) -> list[int]:
    """Character offsets where Chinese sentences end (text end excluded)."""
    ends: list[int] = []
    depth = 0  # open quotations: "……" inside one is a pause in speech, not an end
    done = 0
    for match in _ZH_CANDIDATE.finditer(text):
        i = match.start()
        ellipsis = match.group() == ZH_ELLIPSIS
        if i < done or not (ellipsis or _ends_chinese(text, i, semicolon_ends)):
            continue
        j = _after_marks(text, i)
        stop = any(_ends_chinese(text, k, semicolon_ends) for k in range(i, j))
        depth = _quote_depth(text[done:j], depth)
        done = j
        k = j
        while k < len(text) and text[k].isspace():
            k += 1
        # "……" ends only before a new sentence, not before a comma or another mark.
        if k < len(text) and (stop or (depth == 0 and _starts_chinese_sentence(text[k]))):
            ends.append(j)
    return ends


def _starts_chinese_sentence(ch: str) -> bool:
    return bool(_CJK.match(ch)) or ch.isalnum() or ch in _OPENERS


def sentence_spans(text: str, lang: Lang, *, zh_semicolon_ends: bool = False
                   ) -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences of ``text``, whitespace trimmed.

    Spans are in order, do not overlap, and cover every non-whitespace character.
    """
    if lang == "zh":
        ends = _chinese_boundaries(text, semicolon_ends=zh_semicolon_ends)
    else:
        ends = _english_boundaries(text)
    spans = []
    start = 0
    for end in [*ends, len(text)]:
        span = _trim(text, start, end)
        if span is not None:
            spans.append(span)
        start = end
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without its outer whitespace, or None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def split_sentences(text: str, lang: Lang) -> list[str]:
    """The sentences of ``text`` (one paragraph) in order, default rules."""
    return [text[s:e] for s, e in sentence_spans(text, lang)]


# --- long sentences ------------------------------------------------------------


def _cut_points(text: str, start: int, end: int, marks: frozenset[str], lang: Lang) -> list[int]:
    """Offsets just after each ``marks`` character that may separate clauses."""
    cuts = []
    for k in range(start, end - 1):
        if text[k] not in marks:
            continue
        after = text[k + 1]
        # ASCII ";"/"," must be followed by a space in English ("1,000" is one number),
        # and not sit between digits in Chinese.
        if text[k] in ",;" and (after.isdigit() or (lang == "en" and not after.isspace())):
            continue
        cuts.append(k + 1)
    return cuts


def _pack(text: str, span: tuple[int, int], cuts: Sequence[int], limit: int
          ) -> list[tuple[int, int]]:
    """Group the pieces between ``cuts`` greedily into parts of at most ``limit`` chars."""
    start, end = span
    parts: list[tuple[int, int]] = []
    part_start = start
    previous = start
    for cut in [*cuts, end]:
        if cut - part_start > limit and previous > part_start:
            parts.append((part_start, previous))
            part_start = previous
        previous = cut
    parts.append((part_start, end))
    return [t for s, e in parts if (t := _trim(text, s, e)) is not None]


def split_long_span(text: str, span: tuple[int, int], lang: Lang, config: SegmentConfig
                    ) -> list[tuple[int, int]]:
    """Cut a sentence longer than the limit at semicolons, then at commas."""
    limit = config.max_chars_zh if lang == "zh" else config.max_chars_en
    if span[1] - span[0] <= limit:
        return [span]
    parts = _pack(text, span, _cut_points(text, *span, _SEMICOLONS, lang), limit)
    result: list[tuple[int, int]] = []
    for part in parts:
        if part[1] - part[0] > limit * config.comma_factor:
            result.extend(_pack(text, part, _cut_points(text, *part, _COMMAS, lang), limit))
        else:
            result.append(part)
    return result


# --- documents -------------------------------------------------------------------


def block_language(text: str, doc_lang: Lang) -> Lang:
    """The rules to split ``text`` with: a block without any Chinese character in a
    Chinese document (a name list, an English quotation) is split as English, and
    a mostly Chinese block in an English document as Chinese."""
    cjk = len(_CJK.findall(text))
    if doc_lang == "zh" and cjk == 0:
        return "en"
    if doc_lang == "en" and cjk > sum(ch.isalpha() for ch in text) / 2:
        return "zh"
    return doc_lang


def block_spans(block: Block, doc_lang: Lang, config: SegmentConfig = SegmentConfig()
                ) -> list[tuple[int, int]]:
    """Sentence spans of one block's text, long sentences cut if configured."""
    whole = _trim(block.text, 0, len(block.text))
    if whole is None:
        return []
    lang = block_language(block.text, doc_lang)
    short = config.short_block_chars_zh if lang == "zh" else config.short_block_chars_en
    if block.kind in _KEEP_WHOLE_KINDS and whole[1] - whole[0] < short:
        return [whole]
    spans = sentence_spans(block.text, lang, zh_semicolon_ends=config.zh_semicolon_ends)
    if not config.split_long:
        return spans
    return [part for span in spans for part in split_long_span(block.text, span, lang, config)]


def segment_document(doc: Document, *, config: SegmentConfig = SegmentConfig()
                     ) -> tuple[Sentence, ...]:
    """All sentences of ``doc`` in reading order, numbered from 0.

    ``Sentence.paragraph`` is the index of the block it comes from; parts of
    a long sentence share it and have consecutive indices.
    """
    sentences: list[Sentence] = []
    for b, block in enumerate(doc.blocks):
        for start, end in block_spans(block, doc.lang, config):
            sentences.append(Sentence(index=len(sentences), text=block.text[start:end],
                                      paragraph=b, page=block.page, kind=block.kind))
    log.debug("%s: %d blocks -> %d sentences", doc.path, len(doc.blocks), len(sentences))
    return tuple(sentences)
