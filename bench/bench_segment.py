"""Sentence-boundary benchmark: bialign's segmenter beside spaCy's sentencizer.

Gold: tests/data/segment_gold_{en,zh}.jsonl, 100 paragraphs per language from
the three corpora in ../shared/corpora, split into sentences by hand.  The
paragraph is the gold sentences joined (a space between English sentences,
nothing between Chinese ones), i.e. the whitespace-normalised source line.

A boundary is where a sentence ends inside a paragraph (the paragraph's own
end is not counted), measured as the number of non-whitespace characters
before it, so that systems that trim differently are scored alike.
Precision, recall and F1 are summed over all boundaries of a language.

A second table reads MAC-Dev from ../shared/eval/mac-dev (never copied here):
its English (``tgt``) and Chinese (``src``) chapters are one sentence a line,
so runs of 5 consecutive lines, joined as above, make paragraphs whose line
breaks are the reference boundaries.  The rules were written on the corpora of
the gold; only two Chinese dialogue rules ("……" inside an open quotation is
not an end; "。 ”" still closes) were added after reading MAC-Dev errors.

Peer, run in the same process on the same paragraphs: spaCy 3.8's rule-based
``sentencizer`` on a blank pipeline (``spacy.blank("en")``;
``spacy.blank("zh")`` with the jieba segmenter).

Usage: python bench/bench_segment.py
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data"
MAC_DEV = ROOT.parent / "shared" / "eval" / "mac-dev"
MAC_LINES_PER_PARAGRAPH = 5
TARGET_F1 = 0.98

sys.path.insert(0, str(ROOT / "src"))

from bialign.segment import split_sentences  # noqa: E402

Splitter = Callable[[str], list[str]]


def load_gold(lang: str) -> list[tuple[str, list[str]]]:
    """(paragraph, gold sentences) pairs of one language."""
    sep = "" if lang == "zh" else " "
    rows = [json.loads(line) for line in
            (GOLD / f"segment_gold_{lang}.jsonl").read_text(encoding="utf-8").splitlines()]
    return [(sep.join(r["sentences"]), r["sentences"]) for r in rows]


def load_mac_dev(lang: str) -> list[tuple[str, list[str]]]:
    """MAC-Dev lines grouped into pseudo-paragraphs; empty if the set is absent."""
    folder = MAC_DEV / ("src" if lang == "zh" else "tgt")
    if not folder.is_dir():
        return []
    sep = "" if lang == "zh" else " "
    rows = []
    for path in sorted(folder.iterdir()):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        for k in range(0, len(lines), MAC_LINES_PER_PARAGRAPH):
            chunk = lines[k:k + MAC_LINES_PER_PARAGRAPH]
            rows.append((sep.join(chunk), chunk))
    return rows


def boundaries(sentences: list[str]) -> set[int]:
    """Sentence ends inside the paragraph, in non-whitespace characters."""
    ends, count = set(), 0
    for sentence in sentences[:-1]:
        count += sum(not ch.isspace() for ch in sentence)
        ends.add(count)
    return ends


def score(gold: list[tuple[str, list[str]]], split: Splitter) -> tuple[float, float, float, float]:
    """(precision, recall, F1, paragraphs per second) of ``split`` on ``gold``."""
    hits = found = expected = 0
    split(gold[0][0])  # warm up: build the pipeline outside the timed loop
    start = time.perf_counter()
    predictions = [split(text) for text, _ in gold]
    seconds = time.perf_counter() - start
    for (_, sentences), predicted in zip(gold, predictions, strict=True):
        g, p = boundaries(sentences), boundaries(predicted)
        hits += len(g & p)
        found += len(p)
        expected += len(g)
    precision = hits / found if found else 1.0
    recall = hits / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, len(gold) / seconds


def spacy_sentencizer(lang: str) -> Splitter:
    """spaCy's plain rule-based sentencizer on a blank pipeline."""
    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)
    config = {"nlp": {"tokenizer": {"segmenter": "jieba"}}} if lang == "zh" else {}
    nlp = spacy.blank(lang, config=config)
    nlp.add_pipe("sentencizer")
    return lambda text: [s.text for s in nlp(text).sents]


def errors(gold: list[tuple[str, list[str]]], split: Splitter) -> list[str]:
    """The sentences ours gets wrong, to read beside the table."""
    lines = []
    for text, sentences in gold:
        predicted = split(text)
        if boundaries(predicted) != boundaries(sentences):
            lines.append(f"  gold {len(sentences)}, ours {len(predicted)}: {text[:90]}...")
    return lines


def table(title: str, loader: Callable[[str], list[tuple[str, list[str]]]]
          ) -> list[tuple[str, str, float]]:
    """Print one table; return (lang, system, F1) rows."""
    print(title)
    print(f"{'lang':4} {'paras':>5} {'bounds':>6}  {'system':18} {'P':>6} {'R':>6} {'F1':>6} "
          f"{'paras/s':>8}")
    results = []
    for lang in ("en", "zh"):
        gold = loader(lang)
        if not gold:
            print(f"{lang:4} (data not found)")
            continue
        n = sum(len(boundaries(s)) for _, s in gold)
        systems: list[tuple[str, Splitter]] = [
            ("bialign rules", lambda text, lang=lang: split_sentences(text, lang)),  # type: ignore[misc]
            ("spaCy sentencizer", spacy_sentencizer(lang)),
        ]
        for name, split in systems:
            p, r, f, speed = score(gold, split)
            print(f"{lang:4} {len(gold):5d} {n:6d}  {name:18} {p:6.3f} {r:6.3f} {f:6.3f} "
                  f"{speed:8.0f}")
            results.append((lang, name, f))
    return results


def main() -> int:
    results = table("Hand-made gold (tests/data), 100 paragraphs per language", load_gold)
    print(f"bar: F1 >= {TARGET_F1} for bialign rules in each language")
    misses = []
    for lang in ("en", "zh"):
        misses += errors(load_gold(lang), lambda text, lang=lang: split_sentences(text, lang))  # type: ignore[misc]
    if misses:
        print("paragraphs where bialign differs from the gold:")
        print("\n".join(misses))
    print()
    table(f"MAC-Dev novels, {MAC_LINES_PER_PARAGRAPH} lines a paragraph", load_mac_dev)
    ok = all(f >= TARGET_F1 for _, name, f in results if name == "bialign rules")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
