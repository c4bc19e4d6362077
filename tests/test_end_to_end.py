"""The real pipeline on the demo corpus: real PDFs, real encoder, real checks.

The demo texts ``en.txt``/``zh.txt`` in ../shared are line-parallel: line N of
one translates line N of the other.  Each sentence is mapped to the line that
contains it, which gives an exact paragraph-level gold.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from bialign.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora" / "consensus-2020"
EN_PDF = ROOT / "corpora" / "en" / "consensus-2020.pdf"
ZH_PDF = ROOT / "corpora" / "zh" / "consensus-2020.pdf"

pytestmark = pytest.mark.slow


def squash(text: str) -> str:
    """Compare texts without whitespace and list bullets."""
    return re.sub(r"[\s•\uf0b7]+", "", text)


def line_of(sentence: str, lines: list[str]) -> int:
    key = squash(sentence)
    hits = [i for i, line in enumerate(lines) if key and key in squash(line)]
    assert hits, f"sentence not found in the reference text: {sentence!r}"
    return hits[0]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "consensus-2020"
    # Chinese first on purpose: the order of the inputs must not matter.
    assert main(["run", str(ZH_PDF), str(EN_PDF), "-o", str(out), "--quiet",
                 "--no-cache"]) == 0
    return out


def test_every_paragraph_links_to_its_counterpart(report: Path) -> None:
    data = json.loads((report / "alignment.json").read_text(encoding="utf-8"))
    en_lines = (SHARED / "en.txt").read_text(encoding="utf-8").splitlines()
    zh_lines = (SHARED / "zh.txt").read_text(encoding="utf-8").splitlines()
    en_line = [line_of(s["text"], en_lines) for s in data["sentences"]["en"]]
    zh_line = [line_of(s["text"], zh_lines) for s in data["sentences"]["zh"]]
    wrong = [link for link in data["links"]
             if {en_line[i] for i in link["en"]} != {zh_line[j] for j in link["zh"]}]
    assert wrong == []
    linked = {en_line[i] for link in data["links"] if link["en"] and link["zh"]
              for i in link["en"]}
    assert linked == {i for i, line in enumerate(en_lines) if line.strip()}


def test_every_sentence_in_exactly_one_link(report: Path) -> None:
    data = json.loads((report / "alignment.json").read_text(encoding="utf-8"))
    for side in ("en", "zh"):
        seen = [i for link in data["links"] for i in link[side]]
        assert seen == list(range(len(data["sentences"][side])))


def test_principals_is_reported_with_the_suggestion(report: Path) -> None:
    findings = json.loads((report / "findings.json").read_text(encoding="utf-8"))["findings"]
    hits = [f for f in findings if f["en_evidence"] == "principals"]
    assert len(hits) == 1
    [hit] = hits
    assert hit["category"] == "wrong_word"
    assert hit["severity"] in ("error", "warning")
    assert hit["suggestion"] == "principles"
    assert "原则" in hit["zh_evidence"] and "principals" in hit["message"]
    assert "principles" in hit["message"]


def test_report_files_and_signature(report: Path) -> None:
    for name in ("alignment.json", "findings.json", "findings.csv", "report.html"):
        assert (report / name).stat().st_size > 0, name
    data = json.loads((report / "alignment.json").read_text(encoding="utf-8"))
    assert data["signature"].startswith("bialign ")
    page = (report / "report.html").read_text(encoding="utf-8")
    assert html.escape(data["signature"]) in page
