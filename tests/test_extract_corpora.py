"""Whole documents: the three corpora of ../shared/corpora, and a 500-page PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bialign.extract import extract_document
from bialign.extract.running import is_page_number
from bialign.extract.text import split_marker
from tests.pdfs.make_fixtures import LEFT, Run, content, write_pdf

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")


def normalise(text: str, lang: str) -> str:
    text = " ".join(text.split())
    return CJK_SPACE.sub("", text) if lang == "zh" else text


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("corpus", ["consensus-2020", "udhr", "shanghai-communique"])
def test_corpus_paragraphs_recovered(corpus: str, lang: str) -> None:
    folder = CORPORA / corpus
    if not folder.is_dir():
        pytest.skip(f"{folder} is not there (the shared corpora sit beside the repository)")
    doc = extract_document(folder / f"{lang}.pdf")
    assert doc.lang == lang and doc.problems == ()
    refs = [normalise(split_marker(line)[1], lang)
            for line in (folder / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    blocks = {normalise(block.text, lang) for block in doc.blocks}
    recovered = sum(ref in blocks for ref in refs)
    assert recovered >= 0.98 * len(refs)
    assert not any(is_page_number(block.text) for block in doc.blocks)


@pytest.mark.slow
def test_500_pages_progress_and_content(tmp_path: Path) -> None:
    pages = [content([Run(280, 750, str(n), size=9),
                      Run(LEFT, 90, f"Paragraph on page {n} of the long document.")])
             for n in range(1, 501)]
    path = tmp_path / "long.pdf"
    write_pdf(path, pages)
    seen: list[int] = []
    doc = extract_document(path, progress=lambda done, total: seen.append(done))
    assert seen == list(range(1, 501))
    assert doc.page_count == 500
    assert [b.text for b in doc.blocks] == [
        f"Paragraph on page {n} of the long document." for n in range(1, 501)]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_demo_bullets_and_numbers_are_list_markers(lang: str) -> None:
    """The demo PDFs draw bullets with a private-use glyph (U+F0B7), number items and
    head their parts "PART I" / "第一部分"."""
    folder = CORPORA / "consensus-2020"
    if not folder.is_dir():
        pytest.skip(f"{folder} is not there")
    lines = (folder / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
    doc = extract_document(folder / f"{lang}.pdf")
    bullets = [b for b in doc.blocks if b.kind == "list_item" and b.marker == "•"]
    numbered = [b for b in doc.blocks if b.kind == "list_item" and b.marker[:1].isdigit()]
    assert len(bullets) == sum(line.startswith("  • ") for line in lines)
    assert len(numbered) == sum(bool(re.match(r"  \d+\. ", line)) for line in lines)
    assert not any("\uf0b7" in b.text or b.text.startswith("•") for b in doc.blocks)
    parts = (["PART I", "PART II", "PART III", "PART IV"] if lang == "en"
             else ["第一部分", "第二部分", "第三部分", "第四部分"])
    assert set(parts) <= {b.text for b in doc.blocks if b.kind == "heading"}
