"""Typed records that flow one way through the pipeline.

extract -> Document(Blocks) -> segment -> Sentences -> encode/align -> Links
-> checks -> Findings -> report.  All records are frozen; stages build new
records instead of mutating old ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["en", "zh"]
BlockKind = Literal["paragraph", "heading", "list_item"]
Severity = Literal["error", "warning", "info"]

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Block:
    """One paragraph-level unit of a document, in reading order.

    ``page`` is 1-based (None where the format has no pages); ``bbox`` is
    (x0, top, x1, bottom) in PDF points on the block's first page.
    ``marker`` is a recognised list marker ("•", "1.", "(a)") kept out of
    ``text``.
    """

    text: str
    page: int | None = None
    kind: BlockKind = "paragraph"
    marker: str = ""
    bbox: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class PageProblem:
    """A page whose text could not be read (no text layer, garbled font)."""

    page: int
    problem: str  # "no_text" | "garbled"
    detail: str = ""


@dataclass(frozen=True)
class Document:
    """An extracted document: its blocks and what could not be read."""

    path: str
    lang: Lang
    blocks: tuple[Block, ...]
    page_count: int | None = None
    problems: tuple[PageProblem, ...] = ()


@dataclass(frozen=True)
class Sentence:
    """One sentence. ``index`` is its 0-based position in its document;
    ``paragraph`` the index of its Block; ``page`` 1-based or None."""

    index: int
    text: str
    paragraph: int
    page: int | None = None
    kind: BlockKind = "paragraph"


@dataclass(frozen=True)
class Link:
    """A bead: English sentence indices linked to Chinese sentence indices.

    One side may be empty (an unmatched sentence).  ``score`` is the
    embedding similarity of the two sides (cosine, -1..1; 0 for one-sided
    links); ``confidence`` (0..1) says how sure the aligner is of this
    link compared with its alternatives.
    """

    en: tuple[int, ...]
    zh: tuple[int, ...]
    score: float = 0.0
    confidence: float = 1.0


@dataclass(frozen=True)
class Pair:
    """The text of one link as the checks see it.

    ``index`` is the link's position in the alignment (or the row number of
    a pairs file); ``similarity`` the link score; ``confidence`` the
    aligner's confidence (1.0 for pairs given by the user); ``heading`` is
    True when every sentence of the link was laid out as a heading.
    """

    index: int
    en: str
    zh: str
    similarity: float = 0.0
    confidence: float = 1.0
    heading: bool = False


@dataclass(frozen=True)
class Finding:
    """One divergence in meaning, with the evidence that shows it.

    ``link`` indexes the Pair/Link it belongs to.  ``en_evidence`` and
    ``zh_evidence`` are exact substrings of the pair's texts (may be empty);
    ``score`` (0..1) is how likely this is a real difference in meaning.
    """

    category: str
    severity: Severity
    score: float
    link: int
    message: str
    en_evidence: str = ""
    zh_evidence: str = ""
    suggestion: str = ""
    related: tuple[int, ...] = field(default=())  # other links involved (terminology)


@dataclass(frozen=True)
class SimilarityMap:
    """A down-sampled picture of the sentence similarity matrix.

    Row bin r covers English sentences ``en_edges[r]`` .. ``en_edges[r+1]-1``,
    column bin c Chinese sentences ``zh_edges[c]`` .. ``zh_edges[c+1]-1``;
    ``cells[r][c]`` is the cosine of the bins' mean embeddings (-1..1).
    """

    en_edges: tuple[int, ...]
    zh_edges: tuple[int, ...]
    cells: tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class Alignment:
    """The aligner's output: links in document order, and its map."""

    links: tuple[Link, ...]
    similarity_map: SimilarityMap | None = None


@dataclass(frozen=True)
class RunResult:
    """Everything a run produced; the reports are written from this alone."""

    en_doc: Document
    zh_doc: Document
    en: tuple[Sentence, ...]
    zh: tuple[Sentence, ...]
    alignment: Alignment
    findings: tuple[Finding, ...]
    signature: str
    verdict: str = ""  # one plain sentence when the documents do not look parallel

    @property
    def links(self) -> tuple[Link, ...]:
        return self.alignment.links


def is_heading_link(link: Link, en: Sequence[Sentence], zh: Sequence[Sentence]) -> bool:
    """True when every sentence of ``link`` was laid out as a heading."""
    return all(en[k].kind == "heading" for k in link.en) and \
        all(zh[k].kind == "heading" for k in link.zh)
