"""The HTML report driven in headless Chromium: texts, filters, navigation, search,
review hook, and text that tries to become markup."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from bialign.report import write_reports
from tests.sample_result import (
    XSS_IMG,
    XSS_SCRIPT,
    _blocks,
    consensus_result,
    hostile_result,
    tiny_result,
)


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("consensus")
    write_reports(consensus_result(), out)
    return out


@pytest.fixture
def page(browser: Any, report_dir: Path) -> Iterator[Any]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((report_dir / "report.html").as_uri())
    yield page
    page.close()
    assert errors == []


def test_both_texts_are_in_the_page_in_full(page: Any) -> None:
    result = consensus_result()
    en = page.eval_on_selector_all(".cell.en", "cs => cs.map(c => c.textContent)")
    zh = page.eval_on_selector_all(".cell.zh", "cs => cs.map(c => c.textContent)")
    assert len(en) == len(zh) == len(result.links)
    for sentence, cell in zip(result.en, en, strict=True):
        assert sentence.text in cell
    for sentence, cell in zip(result.zh, zh, strict=True):
        assert sentence.text in cell


def test_category_filter_hides_its_findings(page: Any) -> None:
    assert page.is_visible("#F0001") and page.is_visible("#F0002")
    page.get_by_label("Number").uncheck()
    assert not page.is_visible("#F0001") and page.is_visible("#F0002")
    assert page.text_content("#counter") == "1 finding"
    page.get_by_label("Only rows with findings").check()
    assert page.eval_on_selector_all(".row", "rs => rs.filter(r => r.offsetParent).length") == 1


def test_next_with_button_and_keyboard(page: Any) -> None:
    page.click("#next")
    assert page.text_content("#counter") == "Finding 1 of 2"
    assert page.evaluate("document.activeElement.id") == "F0001"
    page.keyboard.press("j")
    assert page.text_content("#counter") == "Finding 2 of 2"
    assert page.evaluate("document.activeElement.dataset.cat") == "wrong_word"
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == "F0001"
    page.keyboard.press("n")
    page.keyboard.press("n")  # wraps around
    assert page.evaluate("document.activeElement.id") == "F0001"


def test_wrong_word_evidence_is_highlighted(page: Any) -> None:
    page.keyboard.press("j")
    page.keyboard.press("j")
    row = "document.activeElement.closest('.row')"
    marks = page.evaluate(f"Array.from({row}.querySelectorAll('mark')).map(m => m.textContent)")
    assert marks == ["principals", "原则"]


@pytest.mark.parametrize("query", ["semiconductor", "原则", "SEMICONDUCTOR"])
def test_search_filters_rows(page: Any, query: str) -> None:
    result = consensus_result()
    expected = sum(1 for link in result.links
                   if query.lower() in (result.en[link.en[0]].text + result.zh[link.zh[0]].text
                                        ).lower())
    page.fill("#q", query)
    page.press("#q", "Enter")
    shown = page.eval_on_selector_all(".row", "rs => rs.filter(r => r.offsetParent).length")
    assert shown == expected > 0
    assert page.text_content("#qn").startswith(str(expected))
    page.fill("#q", "")
    page.press("#q", "Enter")
    assert page.eval_on_selector_all(".row", "rs => rs.filter(r => r.offsetParent).length") \
        == len(result.links)


def test_clicking_highlighted_evidence_selects_its_finding(page: Any) -> None:
    page.click("mark[data-cat=wrong_word] >> nth=1")  # the Chinese side
    assert page.evaluate("document.activeElement.dataset.cat") == "wrong_word"
    assert page.text_content("#counter") == "Finding 2 of 2"


@pytest.mark.parametrize("width", [1400, 700])
def test_jump_to_a_finding_shows_its_texts_below_the_bar(browser: Any, report_dir: Path,
                                                         width: int) -> None:
    """At 700 px the bar wraps to three lines and used to hide the row's texts."""
    page = browser.new_page(viewport={"width": width, "height": 700})
    page.goto((report_dir / "report.html").as_uri() + "#F0002")
    page.wait_for_timeout(100)  # the page redoes the jump just after "load"
    for how in ("load", "next"):
        if how == "next":
            page.evaluate("window.scrollTo(0, 0)")
            page.keyboard.press("k")
            page.keyboard.press("j")
        bar = page.eval_on_selector(".bar", "b => b.getBoundingClientRect().bottom")
        row = page.eval_on_selector("#F0002", "f => f.closest('.row').getBoundingClientRect().top")
        found = page.eval_on_selector("#F0002", "f => f.getBoundingClientRect().bottom")
        assert bar <= row and found <= 700, how
    page.close()


def test_first_tab_offers_the_skip_link_to_the_controls(page: Any) -> None:
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.bar') !== null")


def test_without_script_the_dead_controls_are_hidden(browser: Any, report_dir: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((report_dir / "report.html").as_uri() + "#F0002")
    assert not page.is_visible(".bar") and not page.is_visible("#next")
    assert page.is_visible("#F0002") and page.is_visible("mark[data-cat=wrong_word]")
    shadow = page.eval_on_selector("#F0002", "f => getComputedStyle(f).boxShadow")
    assert shadow != "none"  # the finding jumped to is outlined, by CSS alone
    context.close()


def test_phone_keeps_previous_next_at_the_bottom(browser: Any, report_dir: Path) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((report_dir / "report.html").as_uri())
    assert page.eval_on_selector(".bar", "b => getComputedStyle(b).position") == "static"
    page.click("#next")
    box = page.locator("#next").bounding_box()
    assert box is not None and box["y"] + box["height"] > 844 - 60
    finding = page.locator("#F0001").bounding_box()
    assert finding is not None and 0 <= finding["y"] and finding["y"] + finding["height"] < 844 - 50
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    name_cell = ".stats tbody tr:first-child td"
    assert page.eval_on_selector(name_cell, "c => getComputedStyle(c).wordBreak") == "normal"
    page.close()


def test_two_glyph_list_marker_stays_on_one_line(browser: Any, tmp_path: Path) -> None:
    """Shanghai Communiqué: the Chinese list marker "──" broke inside its box."""
    result = tiny_result()
    zh_doc = replace(result.zh_doc, blocks=_blocks(result.zh, {2: "\u2500\u2500"}))
    write_reports(replace(result, zh_doc=zh_doc), tmp_path)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto((tmp_path / "report.html").as_uri())
    marker = page.locator(".zh .mk").bounding_box()
    line = page.eval_on_selector(".zh .mk", "m => parseFloat(getComputedStyle(m).lineHeight)")
    assert marker is not None and marker["height"] < 1.5 * line
    page.close()


def test_review_controls_hidden_from_file(page: Any) -> None:
    assert page.locator(".rv button").count() == 0
    assert not page.evaluate("document.body.classList.contains('served')")


def test_markup_in_documents_renders_as_text(browser: Any, tmp_path: Path) -> None:
    write_reports(hostile_result(), tmp_path)
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((tmp_path / "report.html").as_uri())
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.locator("#rows img, #rows script").count() == 0
    text = page.text_content("#rows")
    assert XSS_SCRIPT in text and XSS_IMG in text
    page.close()


class _Review(BaseHTTPRequestHandler):
    """The review server's contract, in miniature: serve report.html and the api."""

    root: Path
    posts: list[tuple[str, dict[str, Any], dict[str, str]]] = []

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        if self.path.endswith("/api/decisions"):
            self._send(b'{"F0002": {"decision": "confirmed", "comment": ""}}',
                       "application/json")
        else:
            self._send((self.root / "report.html").read_bytes(), "text/html; charset=utf-8")

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.posts.append((self.path, json.loads(body), dict(self.headers)))
        self._send(b'{"ok": true}', "application/json")

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def test_review_hook_when_served(browser: Any, report_dir: Path) -> None:
    handler = type("Handler", (_Review,), {"root": report_dir, "posts": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_port}/report/")
        page.wait_for_selector("body.served")
        confirm = page.locator('#F0002 button[data-act="confirmed"]')
        assert confirm.get_attribute("aria-pressed") == "true"
        page.click('#F0001 button[data-act="dismissed"]')
        page.locator("#F0001 .st", has_text="dismissed").wait_for()
        path, payload, headers = handler.posts[-1]
        assert path == "/report/api/decisions"
        assert payload == {"finding": "F0001", "decision": "dismissed", "comment": ""}
        assert headers["X-Bialign"] == "1" and headers["Content-Type"] == "application/json"
        page.hover("#L0003 .cell.en")
        with page.expect_navigation():
            page.click('#L0003 button[data-act="merge_next"]')
        assert handler.posts[-1][:2] == ("/report/api/links", {"link": 2, "action": "merge_next"})
        page.close()
    finally:
        server.shutdown()
