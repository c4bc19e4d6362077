"""Plain records of a run for the reports: link and finding rows, JSON files.

Every other report format (tables, TMX, HTML) is written from the rows built
here, so that a finding has the same id, texts and pages everywhere.  Ids are
1-based and stable: ``F0007`` is the 7th finding of ``RunResult.findings``,
``L0042`` the 42nd link; the review server uses the same ids.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bialign import __version__
from bialign.records import (
    SEVERITIES,
    Document,
    Finding,
    Link,
    RunResult,
    Sentence,
    SimilarityMap,
)

FINDING_COLUMNS = (
    "id", "category", "severity", "score", "link", "en_text", "zh_text", "en_evidence",
    "zh_evidence", "message", "suggestion", "en_page", "zh_page", "decision",
)
# Chinese is written without spaces between sentences; English with one.
JOINERS = {"en": " ", "zh": ""}


def link_id(index: int) -> str:
    """The permalink id of the link at 0-based ``index``: 0 -> "L0001"."""
    return f"L{index + 1:04d}"


def finding_id(index: int) -> str:
    """The id of the finding at 0-based position ``index``: 0 -> "F0001"."""
    return f"F{index + 1:04d}"


def side_text(sentences: Sequence[Sentence], indices: Sequence[int], lang: str) -> str:
    """The linked sentences of one side, joined as that language is written."""
    return JOINERS[lang].join(sentences[i].text for i in indices)


def first_page(sentences: Sequence[Sentence], indices: Sequence[int]) -> int | None:
    """The page of the first linked sentence (None when none or unpaged)."""
    return sentences[indices[0]].page if indices else None


def findings_by_link(findings: Sequence[Finding]) -> dict[int, list[tuple[str, Finding]]]:
    """Map a link index to its (finding id, finding) list, in findings order."""
    grouped: dict[int, list[tuple[str, Finding]]] = defaultdict(list)
    for i, finding in enumerate(findings):
        grouped[finding.link].append((finding_id(i), finding))
    return grouped


def finding_rows(result: RunResult) -> list[dict[str, Any]]:
    """One dict per finding with the columns of ``FINDING_COLUMNS``."""
    rows = []
    for i, f in enumerate(result.findings):
        link = result.links[f.link] if 0 <= f.link < len(result.links) else Link((), ())
        en_page = first_page(result.en, link.en)
        zh_page = first_page(result.zh, link.zh)
        rows.append({
            "id": finding_id(i), "category": f.category, "severity": f.severity,
            "score": round(f.score, 3), "link": f.link,
            "en_text": side_text(result.en, link.en, "en"),
            "zh_text": side_text(result.zh, link.zh, "zh"),
            "en_evidence": f.en_evidence, "zh_evidence": f.zh_evidence,
            "message": f.message, "suggestion": f.suggestion,
            "en_page": "" if en_page is None else en_page,
            "zh_page": "" if zh_page is None else zh_page,
            "decision": "",
        })
    return rows


def link_rows(result: RunResult, pair_scores: Sequence[float] | None = None
              ) -> list[dict[str, Any]]:
    """One dict per link: id, indices, score, confidence, texts, flags."""
    flags = findings_by_link(result.findings)
    rows = []
    for i, link in enumerate(result.links):
        row: dict[str, Any] = {
            "id": link_id(i), "en": list(link.en), "zh": list(link.zh),
            "score": round(link.score, 4), "confidence": round(link.confidence, 4),
            "en_text": side_text(result.en, link.en, "en"),
            "zh_text": side_text(result.zh, link.zh, "zh"),
            "flags": list(dict.fromkeys(f.category for _, f in flags.get(i, []))),
        }
        if pair_scores is not None and i < len(pair_scores):
            row["divergence"] = round(float(pair_scores[i]), 4)
        rows.append(row)
    return rows


def summary(result: RunResult) -> dict[str, Any]:
    """Counts a reader wants first: sentences linked and findings by kind."""
    linked_en = sum(len(k.en) for k in result.links if k.en and k.zh)
    linked_zh = sum(len(k.zh) for k in result.links if k.en and k.zh)
    counts = Counter((f.category, f.severity) for f in result.findings)
    categories = sorted({c for c, _ in counts})
    return {
        "links": len(result.links),
        "linked_sentences": {"en": linked_en, "zh": linked_zh},
        "unmatched_sentences": {"en": len(result.en) - linked_en,
                                "zh": len(result.zh) - linked_zh},
        "findings": len(result.findings),
        "findings_by_category": {
            c: {s: counts[(c, s)] for s in SEVERITIES} for c in categories
        },
        "findings_by_severity": {
            s: sum(counts[(c, s)] for c in categories) for s in SEVERITIES
        },
        "verdict": result.verdict,
    }


def _document(doc: Document, sentences: Sequence[Sentence]) -> dict[str, Any]:
    return {
        "path": doc.path, "pages": doc.page_count, "sentences": len(sentences),
        "problems": [{"page": p.page, "problem": p.problem, "detail": p.detail}
                     for p in doc.problems],
        # list markers by paragraph number, so that a re-rendered page keeps them
        "markers": {str(i): b.marker for i, b in enumerate(doc.blocks) if b.marker},
    }


def _similarity_map(smap: SimilarityMap | None) -> dict[str, Any] | None:
    if smap is None:
        return None
    return {"en_edges": list(smap.en_edges), "zh_edges": list(smap.zh_edges),
            "cells": [[round(c, 4) for c in row] for row in smap.cells]}


def _sentences(sentences: Sequence[Sentence]) -> list[dict[str, Any]]:
    return [{"index": s.index, "text": s.text, "page": s.page, "paragraph": s.paragraph,
             "kind": s.kind} for s in sentences]


def alignment_record(result: RunResult, pair_scores: Sequence[float] | None = None
                     ) -> dict[str, Any]:
    """The content of alignment.json."""
    links = link_rows(result, pair_scores)
    for row in links:
        del row["flags"]
    return {
        "signature": result.signature,
        "bialign_version": __version__,
        "documents": {"en": _document(result.en_doc, result.en),
                      "zh": _document(result.zh_doc, result.zh)},
        "sentences": {"en": _sentences(result.en), "zh": _sentences(result.zh)},
        "links": links,
        "similarity_map": _similarity_map(result.alignment.similarity_map),
        "summary": summary(result),
    }


def _layout(value: Any, depth: int = 0) -> str:
    """JSON with objects opened up to depth 2 and one list item a line.

    Readable in an editor and ``diff``-able, yet each record is encoded by
    the C encoder (``indent=`` would switch the whole file to the slow one).
    """
    pad = " " * (depth + 1)
    if isinstance(value, dict) and value and depth < 2:
        items = (f"{pad}{json.dumps(k, ensure_ascii=False)}: {_layout(v, depth + 1)}"
                 for k, v in value.items())
        return "{\n" + ",\n".join(items) + "\n" + " " * depth + "}"
    if isinstance(value, list) and value and isinstance(value[0], dict):
        items = (pad + json.dumps(v, ensure_ascii=False) for v in value)
        return "[\n" + ",\n".join(items) + "\n" + " " * depth + "]"
    return json.dumps(value, ensure_ascii=False)


def _dump(record: dict[str, Any], path: Path) -> Path:
    path.write_text(_layout(record) + "\n", encoding="utf-8")
    return path


def write_alignment_json(result: RunResult, path: Path,
                         pair_scores: Sequence[float] | None = None) -> Path:
    """Write alignment.json (documents, sentences, links, summary)."""
    return _dump(alignment_record(result, pair_scores), path)


def write_findings_json(result: RunResult, path: Path) -> Path:
    """Write findings.json: the signature and one record per finding."""
    return _dump({"signature": result.signature, "findings": finding_rows(result)}, path)
