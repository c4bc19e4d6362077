"""The review server called as a WSGI app with hand-built requests: routes, JSON
contract, path traversal, host and origin checks."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from wsgiref.util import setup_testing_defaults

import pytest

from bialign.checks import CheckConfig
from bialign.report import write_reports
from bialign.review import ReviewConfig, ReviewStore
from bialign.serve import ServeConfig, is_loopback, make_app, safe_file, serve, server_url
from tests.sample_result import tiny_result

HOST = "127.0.0.1:8765"
POST_OK = {"X-Bialign": "1"}


@pytest.fixture
def report(tmp_path: Path) -> Path:
    out = tmp_path / "report"
    out.mkdir()
    write_reports(tiny_result(), out)
    (tmp_path / "secret.txt").write_text("outside the report", encoding="utf-8")
    return out


@pytest.fixture
def app(report: Path) -> Any:
    store = ReviewStore(report, config=ReviewConfig(checks=CheckConfig(enabled=("number",))))
    return make_app(report, store=store)


def call(app: Any, method: str, path: str, *, body: object = None,
         headers: dict[str, str] | None = None, host: str | None = HOST,
         raw_body: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    """Call the WSGI app as wsgiref would; ``path`` is PATH_INFO as the server
    hands it over (already percent-decoded)."""
    data = raw_body if raw_body is not None else (
        b"" if body is None else json.dumps(body).encode("utf-8"))
    environ: dict[str, Any] = {"REQUEST_METHOD": method, "PATH_INFO": path,
                               "CONTENT_LENGTH": str(len(data)),
                               "CONTENT_TYPE": "application/json",
                               "wsgi.input": io.BytesIO(data)}
    if host is not None:
        environ["HTTP_HOST"] = host
    for key, value in (headers or {}).items():
        environ["HTTP_" + key.upper().replace("-", "_")] = value
    setup_testing_defaults(environ)
    if host is None:
        environ.pop("HTTP_HOST", None)
    got: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]],
                       exc_info: object = None) -> None:
        got["status"] = int(status.split()[0])
        got["headers"] = dict(response_headers)

    out = b"".join(app(environ, start_response))
    return got["status"], got["headers"], out


# ---------------------------------------------------------------- pages and files


def test_index_serves_the_report_with_security_headers(app: Any) -> None:
    status, headers, body = call(app, "GET", "/")
    assert status == 200 and b"Rain falls on the city." in body
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"


def test_index_shows_the_corrected_alignment(app: Any) -> None:
    _, _, before = call(app, "GET", "/")
    status, _, out = call(app, "POST", "/api/links", body={"link": 0, "action": "merge_next"},
                          headers=POST_OK)
    assert status == 200 and json.loads(out) == {"reload": True, "links": 4, "findings": 3}
    _, _, after = call(app, "GET", "/")
    assert before.count(b'class="row') == 5 and after.count(b'class="row') == 4
    assert b'id="L0005"' in before and b'id="L0005"' not in after


@pytest.mark.parametrize("name", ["findings.csv", "alignment.json", "report.html",
                                  "alignment.tmx"])
def test_report_files_are_served(app: Any, report: Path, name: str) -> None:
    status, headers, body = call(app, "GET", f"/files/{name}")
    assert status == 200 and body == (report / name).read_bytes()
    assert headers["X-Content-Type-Options"] == "nosniff"


TRAVERSALS = [
    "../secret.txt", "..%2fsecret.txt", "%2e%2e/secret.txt", "%2e%2e%2fsecret.txt",
    "%252e%252e%252fsecret.txt", "..\\secret.txt", "..%5csecret.txt", "./../secret.txt",
    "/etc/passwd", "%2fetc%2fpasswd", "....//secret.txt", "..", ".", "",
    "findings.csv/../../secret.txt", "findings.csv%00.txt", ".hidden", "review.sqlite",
    "review.sqlite-wal", "nothing-here.txt",
]


@pytest.mark.parametrize("name", TRAVERSALS)
def test_path_traversal_is_refused(app: Any, report: Path, name: str) -> None:
    (report / ".hidden").write_text("dot file", encoding="utf-8")
    for path in (f"/files/{name}", unquote(f"/files/{name}"), unquote(unquote(f"/files/{name}"))):
        status, _, body = call(app, "GET", path)
        assert status == 404, path
        assert b"outside the report" not in body and b"dot file" not in body


def test_absolute_path_to_the_secret_is_refused(app: Any, tmp_path: Path) -> None:
    status, _, body = call(app, "GET", f"/files/{tmp_path / 'secret.txt'}")
    assert status == 404 and b"outside" not in body


def test_symlink_out_of_the_folder_is_refused(app: Any, report: Path, tmp_path: Path) -> None:
    os.symlink(tmp_path / "secret.txt", report / "link.txt")
    os.symlink(report / "findings.csv", report / "inside.csv")
    assert call(app, "GET", "/files/link.txt")[0] == 404
    assert call(app, "GET", "/files/inside.csv")[0] == 200
    assert safe_file(report, "link.txt") is None


# ---------------------------------------------------------------- decisions API


def test_decisions_json_contract(app: Any) -> None:
    assert json.loads(call(app, "GET", "/api/decisions")[2]) == {}
    status, _, out = call(app, "POST", "/api/decisions", headers=POST_OK,
                          body={"finding": "F0002", "decision": "confirmed", "comment": "5≠6"})
    assert status == 200 and json.loads(out)["decision"] == "confirmed"
    call(app, "POST", "/api/decisions", headers=POST_OK,
         body={"finding": "F0001", "decision": "dismissed"})
    assert json.loads(call(app, "GET", "/api/decisions")[2]) == {
        "F0001": {"decision": "dismissed", "comment": ""},
        "F0002": {"decision": "confirmed", "comment": "5≠6"}}


@pytest.mark.parametrize(("body", "status"), [
    ({"finding": "F0099", "decision": "confirmed"}, 404),
    ({"finding": "F0001", "decision": "maybe"}, 400),
    ({"decision": "confirmed"}, 400),
    ({"finding": "F0001", "decision": "confirmed", "comment": ["x"]}, 400),
    ([1, 2], 400),
])
def test_bad_decisions_get_json_errors(app: Any, body: object, status: int) -> None:
    got, _, out = call(app, "POST", "/api/decisions", headers=POST_OK, body=body)
    assert got == status and json.loads(out)["error"]
    assert json.loads(call(app, "GET", "/api/decisions")[2]) == {}


def test_body_that_is_not_json(app: Any) -> None:
    status, _, out = call(app, "POST", "/api/decisions", headers=POST_OK, raw_body=b"{oops")
    assert status == 400 and "not a JSON object" in json.loads(out)["error"]


@pytest.mark.parametrize("body", [{"link": 2, "action": "split"}, {"link": 9, "action": "split"},
                                  {"link": 0, "action": "explode"}, {"action": "split"}])
def test_bad_link_edits_get_400(app: Any, body: dict[str, Any]) -> None:
    status, _, out = call(app, "POST", "/api/links", headers=POST_OK, body=body)
    assert status == 400 and json.loads(out)["error"]


# ---------------------------------------------------------------- host and origin


@pytest.mark.parametrize(("headers", "status"), [
    ({}, 403),                                                     # no X-Bialign
    ({"X-Bialign": "0"}, 403),
    ({"X-Bialign": "1", "Origin": "http://evil.example"}, 403),
    ({"X-Bialign": "1", "Origin": "null"}, 403),
    ({"X-Bialign": "1", "Origin": "http://127.0.0.1:9999"}, 403),  # another local port
    ({"X-Bialign": "1", "Origin": "https://127.0.0.1:8765"}, 403),
    ({"X-Bialign": "1", "Origin": "http://127.0.0.1:8765"}, 200),  # our own page
    ({"X-Bialign": "1"}, 200),                                     # no Origin: not a browser
])
def test_post_needs_the_header_and_our_origin(app: Any, headers: dict[str, str],
                                              status: int) -> None:
    body = {"finding": "F0001", "decision": "confirmed"}
    assert call(app, "POST", "/api/decisions", headers=headers, body=body)[0] == status
    recorded = json.loads(call(app, "GET", "/api/decisions")[2])
    assert ("F0001" in recorded) == (status == 200)


@pytest.mark.parametrize(("host", "status"), [
    ("127.0.0.1:8765", 200), ("localhost:8765", 200), ("LOCALHOST:8765", 200),
    ("[::1]:8765", 200), ("evil.example:8765", 403), ("127.0.0.1.evil.example", 403),
    ("[::1", 403), ("", 403), (None, 403),
])
def test_unknown_host_is_refused_against_dns_rebinding(app: Any, host: str | None,
                                                       status: int) -> None:
    assert call(app, "GET", "/api/decisions", host=host)[0] == status
    assert call(app, "GET", "/", host=host)[0] == status


def test_host_check_follows_the_bound_address(report: Path) -> None:
    lan = make_app(report, config=ServeConfig(host="192.168.1.20"))
    assert call(lan, "GET", "/", host="192.168.1.20:8765")[0] == 200
    assert call(lan, "GET", "/", host="evil.example")[0] == 403
    anywhere = make_app(report, config=ServeConfig(host="0.0.0.0"))
    assert call(anywhere, "GET", "/", host="laptop.lan:8765")[0] == 200


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("example.org", False),
])
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(("host", "url"), [
    ("127.0.0.1", "http://127.0.0.1:8765/"), ("::1", "http://[::1]:8765/"),
    ("0.0.0.0", "http://127.0.0.1:8765/"), ("laptop.lan", "http://laptop.lan:8765/"),
])
def test_server_url(host: str, url: str) -> None:
    assert server_url(host, 8765) == url


def test_port_in_use_is_a_typed_error(report: Path) -> None:
    import socket

    from bialign.errors import ServeError

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ServeError, match=f"cannot listen on 127.0.0.1:{port}"):
            serve(report, port=port)
