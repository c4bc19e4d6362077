"""The review server driven in headless Chromium: a decision made in the page
survives a server restart; a merge made in the page reloads the corrected view."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from bialign.checks import CheckConfig
from bialign.report import write_reports
from bialign.review import ReviewConfig, ReviewStore
from bialign.serve import make_app, server_adapter
from tests.sample_result import tiny_result

CONFIRM = '.rv[data-f="F0002"] button[data-act="confirmed"]'
REVIEW = ReviewConfig(checks=CheckConfig(enabled=("number",)))

@pytest.fixture
def report(tmp_path: Path) -> Path:
    out = tmp_path / "report"
    out.mkdir()
    write_reports(tiny_result(), out)
    return out


@contextmanager
def running(report: Path) -> Iterator[str]:
    """A review server on a free loopback port, in a thread; yields its URL."""
    adapter = server_adapter("127.0.0.1", 0)
    app = make_app(report, store=ReviewStore(report, config=REVIEW))
    thread = threading.Thread(target=adapter.run, args=(app,), daemon=True)
    thread.start()
    for _ in range(500):  # the server object exists once the socket listens
        if getattr(adapter, "srv", None) is not None:
            break
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{adapter.port}/"
    finally:
        adapter.srv.shutdown()
        adapter.srv.server_close()
        thread.join(timeout=10)


def _status(page: Any, fid: str) -> str:
    return str(page.text_content(f'.rv[data-f="{fid}"] .st'))


def test_decision_survives_a_server_restart(browser: Any, report: Path) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    with running(report) as url:
        page.goto(url)
        page.wait_for_selector(f"body.served {CONFIRM}")
        assert _status(page, "F0002") == "Not reviewed"
        page.click(CONFIRM)
        # a selector, not wait_for_function: the report's CSP forbids eval
        page.wait_for_selector(f"{CONFIRM}[aria-pressed=true]")
        assert _status(page, "F0002") == "Decision: confirmed"
    with running(report) as url:  # a new server and store, on a new port
        page.goto(url)
        page.wait_for_selector('body.served .rv[data-f="F0002"] .st')
        assert _status(page, "F0002") == "Decision: confirmed"
        assert page.get_attribute(CONFIRM, "aria-pressed") == "true"
        assert _status(page, "F0001") == "Not reviewed"
    page.close()
    assert errors == []


def test_merge_in_the_page_reloads_the_corrected_view(browser: Any, report: Path) -> None:
    page = browser.new_page()
    with running(report) as url:
        page.goto(url)
        page.wait_for_selector("body.served")
        assert page.locator(".row").count() == 5
        page.hover("#L0001 .cell.en")
        with page.expect_navigation():
            page.click('#L0001 #rowtools button[data-act="merge_next"]')
        page.wait_for_selector("body.served")
        assert page.locator(".row").count() == 4
        assert "The cat sleeps." in str(page.text_content("#L0001 .cell.en"))
    page.close()
