"""Hand-built RunResults for the report tests.

``tiny_result()``: five English and four Chinese sentences whose links,
findings and pages are small enough to check by hand.  ``consensus_result()``:
the demo corpus read from its line-parallel texts (one link per line) with a
hand-made wrong_word finding on the "principals" sentence.  ``hostile_result()``:
document text that tries to become markup.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from bialign.records import (
    Alignment,
    Block,
    Document,
    Finding,
    Link,
    RunResult,
    Sentence,
    SimilarityMap,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CONSENSUS = SHARED / "corpora" / "consensus-2020"
SIGNATURE = "bialign 0.1.0|encoder:fake(fake 1)|align:test|checks:test"
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'
LINES_PER_PAGE = 12
_MARKER = re.compile(r"^\s*(•|\d+\.)\s+")


def tiny_result() -> RunResult:
    """Links [0]:[0], [1, 2]:[1], [3]:[], [4]:[2], []:[3]; three findings."""
    en = (
        Sentence(0, "Heading One", 0, 1, "heading"),
        Sentence(1, "The cat sleeps.", 1, 1),
        Sentence(2, "The dog runs.", 1, 1),
        Sentence(3, "Rain falls on the city.", 2, 2),
        Sentence(4, "The price is 5 dollars.", 3, 2, "list_item"),
    )
    zh = (
        Sentence(0, "第一章", 0, 1, "heading"),
        Sentence(1, "猫在睡觉。狗在跑。", 1, 1),
        Sentence(2, "价格是6美元。", 2, 2, "list_item"),
        Sentence(3, "新增的句子。", 3, 2),
    )
    links = (
        Link((0,), (0,), 0.62, 0.9), Link((1, 2), (1,), 0.71, 0.8), Link((3,), (), 0.0, 0.7),
        Link((4,), (2,), 0.55, 0.95), Link((), (3,), 0.0, 0.6),
    )
    findings = (
        Finding("omission", "warning", 0.66, 2, "The English sentence has no Chinese"
                " counterpart.", en_evidence="Rain falls on the city."),
        Finding("number", "error", 0.93, 3, "5 in the English is 6 in the Chinese.",
                en_evidence="5", zh_evidence="6", suggestion="价格是5美元。"),
        Finding("omission", "info", 0.31, 4, "The Chinese sentence has no English"
                " counterpart.", zh_evidence="新增的句子。"),
    )
    return RunResult(
        en_doc=Document("tiny-en.pdf", "en", _blocks(en, {3: "•"}), page_count=2),
        zh_doc=Document("tiny-zh.pdf", "zh", _blocks(zh, {2: "•"}), page_count=2),
        en=en, zh=zh, alignment=Alignment(links, None), findings=findings,
        signature=SIGNATURE,
    )


def _blocks(sentences: tuple[Sentence, ...], markers: dict[int, str]) -> tuple[Block, ...]:
    """One block per paragraph index, text = its sentences, markers by paragraph."""
    blocks: dict[int, list[Sentence]] = {}
    for s in sentences:
        blocks.setdefault(s.paragraph, []).append(s)
    return tuple(
        Block(" ".join(s.text for s in group), group[0].page, group[0].kind,
              markers.get(p, ""))
        for p, group in sorted(blocks.items())
    )


def _read_lines(lang: str) -> list[str]:
    return (CONSENSUS / f"{lang}.txt").read_text(encoding="utf-8").splitlines()


def _sentences_of(lines: list[str]) -> tuple[list[Sentence], list[Block], list[int]]:
    """One sentence and block per non-blank line; also each sentence's line number."""
    sentences: list[Sentence] = []
    blocks: list[Block] = []
    line_numbers: list[int] = []
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        match = _MARKER.match(line)
        marker = match.group(1) if match else ""
        text = line[match.end():].strip() if match else line.strip()
        kind = ("list_item" if marker else
                "heading" if len(text) < 130 and not text.endswith((".", "。", ":", "："))
                else "paragraph")
        page = 1 + len(sentences) // LINES_PER_PAGE
        sentences.append(Sentence(len(sentences), text, len(blocks), page, kind))  # type: ignore[arg-type]
        blocks.append(Block(text, page, kind, marker))  # type: ignore[arg-type]
        line_numbers.append(number)
    return sentences, blocks, line_numbers


def _diagonal_map(n_en: int, n_zh: int, bins: int = 12) -> SimilarityMap:
    """A synthetic similarity map, high on the diagonal (test data, not a model's)."""
    en_edges = tuple(round(i * n_en / bins) for i in range(bins + 1))
    zh_edges = tuple(round(i * n_zh / bins) for i in range(bins + 1))
    cells = tuple(tuple(round(0.1 + 0.6 * math.exp(-abs(r - c) * 1.2), 3) for c in range(bins))
                  for r in range(bins))
    return SimilarityMap(en_edges, zh_edges, cells)


def consensus_result() -> RunResult:
    """The demo corpus, one link per line, with a wrong_word finding on "principals"."""
    en, en_blocks, en_lines = _sentences_of(_read_lines("en"))
    zh, zh_blocks, zh_lines = _sentences_of(_read_lines("zh"))
    if en_lines != zh_lines:
        raise ValueError(f"{CONSENSUS}: en.txt and zh.txt are no longer line-parallel")
    links = tuple(Link((i,), (i,), 0.6, 0.9) for i in range(len(en)))
    target = next(s.index for s in en if "principals" in s.text)
    findings = (
        Finding("number", "info", 0.3, 0, "Dates written differently; same days.",
                en_evidence="December 2 and 3", zh_evidence="12月2日和3日"),
        Finding("wrong_word", "error", 0.91, target,
                "\"principals\" (people in charge) where the Chinese says 原则 (principles).",
                en_evidence="principals", zh_evidence="原则",
                suggestion="principles"),
    )
    for f in findings:
        if f.en_evidence not in en[f.link].text or f.zh_evidence not in zh[f.link].text:
            raise ValueError(f"{CONSENSUS}: the evidence of {f.category} is no longer in the text")
    return RunResult(
        en_doc=Document(str(CONSENSUS / "en.pdf"), "en", tuple(en_blocks),
                        page_count=en[-1].page),
        zh_doc=Document(str(CONSENSUS / "zh.pdf"), "zh", tuple(zh_blocks),
                        page_count=zh[-1].page),
        en=tuple(en), zh=tuple(zh),
        alignment=Alignment(links, _diagonal_map(len(en), len(zh))),
        findings=findings, signature=SIGNATURE,
    )


def hostile_result() -> RunResult:
    """Sentences, evidence, messages, paths and signature that contain markup."""
    en = (Sentence(0, f"Before {XSS_SCRIPT} after.", 0, 1),
          Sentence(1, f"Quote {XSS_IMG} end & more.", 1, 1))
    zh = (Sentence(0, f"之前{XSS_SCRIPT}之后。", 0, 1),
          Sentence(1, f"引号{XSS_IMG}结束。", 1, 1))
    links = (Link((0,), (0,), 0.5), Link((1,), (1,), 0.5))
    findings = (Finding("entity", "error", 0.9, 1, f"Message {XSS_IMG}",
                        en_evidence=XSS_IMG, zh_evidence=XSS_IMG,
                        suggestion=XSS_SCRIPT),)
    return RunResult(
        en_doc=Document(f"{XSS_IMG}.pdf", "en", _blocks(en, {}), page_count=1),
        zh_doc=Document("x.pdf", "zh", _blocks(zh, {}), page_count=1,),
        en=en, zh=zh, alignment=Alignment(links), findings=findings,
        signature=f"sig {XSS_SCRIPT}", verdict=f"verdict {XSS_IMG}",
    )
