"""The real demo report (real PDFs, encoder and checks) in headless Chromium.

Set BIALIGN_UPDATE_SCREENSHOT=1 (``make screenshot``) to refresh docs/report.png,
the picture the README shows; otherwise the screenshot goes to a temporary folder.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bialign.cli import main

ROOT = Path(__file__).resolve().parents[2]

@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "consensus-2020"
    assert main(["run", str(ROOT / "corpora/en/consensus-2020.pdf"),
                 str(ROOT / "corpora/zh/consensus-2020.pdf"), "-o", str(out), "--quiet"]) == 0
    return out


@pytest.fixture
def page(browser: Any, demo_dir: Path) -> Iterator[Any]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((demo_dir / "report.html").as_uri())
    yield page
    page.close()
    assert errors == []


def test_demo_report_holds_both_texts_in_full(page: Any, demo_dir: Path) -> None:
    data = json.loads((demo_dir / "alignment.json").read_text(encoding="utf-8"))
    en = "".join(page.eval_on_selector_all(".cell.en", "cs => cs.map(c => c.textContent)"))
    zh = "".join(page.eval_on_selector_all(".cell.zh", "cs => cs.map(c => c.textContent)"))
    assert all(s["text"] in en for s in data["sentences"]["en"])
    assert all(s["text"] in zh for s in data["sentences"]["zh"])


def test_filter_then_next_lands_on_principals(page: Any, tmp_path: Path) -> None:
    page.get_by_label("Note").uncheck()  # only warnings and errors remain
    page.click("#next")
    row = "document.activeElement.closest('.row')"
    marks = page.evaluate(f"Array.from({row}.querySelectorAll('mark')).map(m => m.textContent)")
    assert marks == ["principals", "原则"]
    assert "principles" in page.evaluate("document.activeElement.textContent")
    target = (ROOT / "docs" / "report.png" if os.environ.get("BIALIGN_UPDATE_SCREENSHOT")
              else tmp_path / "report.png")
    page.evaluate(f"{row}.scrollIntoView({{block: 'center'}})")
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
