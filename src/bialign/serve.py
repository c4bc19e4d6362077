"""The review server: a report folder in the browser, with decisions and link fixes.

Why bottle: one pure-Python file with no dependencies of its own, maintained
for over a decade, and its built-in server (stdlib ``wsgiref``, here with one
thread per request) needs nothing else installed -- what an offline laptop
with confidential documents wants.

Routes: ``GET /`` the report (re-rendered with the corrections applied);
``GET /files/<name>`` a file directly inside the report folder;
``GET|POST /api/decisions``; ``POST /api/links``.  The server listens on
loopback unless told otherwise.  Because the documents are confidential:

* every request must name a known host (``Host`` header), so a web page that
  re-points its own domain at 127.0.0.1 (DNS rebinding) cannot read them;
* every POST must carry ``X-Bialign: 1`` (which a cross-site form cannot
  send and a cross-site script cannot send without a CORS pre-flight this
  server never grants) and, when the browser sends ``Origin``, the server's
  own origin.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

import bottle

from bialign.errors import ReviewError, ServeError, UnknownFinding
from bialign.review import ReviewStore

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})
# Report files have plain names; anything else (dot files, separators,
# percent signs left over from double encoding) is refused before the disk.
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",  # confidential text should not linger in caches
}


@dataclass(frozen=True)
class ServeConfig:
    """Options of the server.

    ``host``: address it listens on (also accepted as a ``Host`` name);
    ``internal_prefix``: files of the review state, never served.
    """

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    internal_prefix: str = "review.sqlite"


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """wsgiref's server with a thread per request, so one slow request
    (a re-check after a link correction) does not block the page."""

    daemon_threads = True


class LoggingHandler(WSGIRequestHandler):
    """Request lines go to ``logging``, not stderr; no reverse DNS lookups."""

    def address_string(self) -> str:
        return str(self.client_address[0])

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib name)
        log.debug("%s %s", self.address_string(), format % args)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or address) only accepts this machine's connections."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# ---------------------------------------------------------------- request checks


def _host_allowed(environ: dict[str, Any], config: ServeConfig) -> bool:
    host = environ.get("HTTP_HOST", "")
    if not host:
        return False
    if config.host in WILDCARD_HOSTS:
        return True
    try:
        name = urlsplit("//" + host).hostname or ""
    except ValueError:  # e.g. "[::1" (an unclosed IPv6 bracket)
        return False
    return name in LOOPBACK_NAMES or name == config.host.strip("[]").lower()


def _post_allowed(environ: dict[str, Any]) -> bool:
    if environ.get("HTTP_X_BIALIGN") != "1":
        return False
    origin = environ.get("HTTP_ORIGIN")
    return origin is None or origin.lower() == "http://" + environ["HTTP_HOST"].lower()


def _error(status: int, message: str) -> dict[str, str]:
    bottle.response.status = status
    return {"error": message}


def _json_body() -> dict[str, Any]:
    try:
        data = json.loads(bottle.request.body.read().decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        raise ReviewError("request", "the body is not a JSON object",
                          "Send a JSON object with Content-Type: application/json.")
    return data


def _api(handler: Callable[[], Any]) -> Callable[[], Any]:
    """Turn the review's typed errors into JSON error responses."""

    def wrapped() -> Any:
        try:
            return handler()
        except UnknownFinding as exc:
            return _error(404, str(exc))
        except ReviewError as exc:
            return _error(400, str(exc))

    return wrapped


# ---------------------------------------------------------------- the app


def safe_file(report_dir: Path, name: str, config: ServeConfig = ServeConfig()) -> Path | None:
    """The file ``name`` directly inside ``report_dir``, or None if it must not be served.

    Refused: anything but a plain name, dot files, the review database, and
    links that resolve outside the folder.
    """
    if not SAFE_NAME.match(name) or name.startswith(config.internal_prefix):
        return None
    root = report_dir.resolve()
    path = (root / name).resolve()
    if path.parent != root or not path.is_file():
        return None
    return path


def make_app(report_dir: Path, *, config: ServeConfig = ServeConfig(),
             store: ReviewStore | None = None) -> bottle.Bottle:
    """The WSGI app over ``report_dir`` (raises ReportFolderError if it is not a report)."""
    report_dir = Path(report_dir)
    store = store or ReviewStore(report_dir)
    app = bottle.Bottle()

    @app.hook("before_request")
    def guard() -> None:
        environ = bottle.request.environ
        if not _host_allowed(environ, config):
            raise bottle.HTTPResponse(status=403, body="Unknown host.\n")
        if bottle.request.method == "POST" and not _post_allowed(environ):
            raise bottle.HTTPResponse(status=403, body="Cross-origin request refused.\n")

    @app.hook("after_request")
    def headers() -> None:
        for key, value in SECURITY_HEADERS.items():
            bottle.response.set_header(key, value)

    @app.get("/")
    def index() -> str:
        from bialign.report.html import CSP, render_html

        bottle.response.content_type = "text/html; charset=utf-8"
        bottle.response.set_header("Content-Security-Policy", CSP)
        original = report_dir / "report.html"
        if not store.is_corrected() and original.is_file():
            return original.read_text(encoding="utf-8")
        return render_html(store.result())

    @app.get("/files/<name:path>")
    def files(name: str) -> Any:
        path = safe_file(report_dir, name, config)
        if path is None:
            return bottle.HTTPError(404, "No such report file.")
        return bottle.static_file(path.name, root=str(path.parent))

    @app.get("/api/decisions")
    def get_decisions() -> dict[str, Any]:
        return {k: {"decision": d.decision, "comment": d.comment}
                for k, d in store.decisions().items()}

    @app.post("/api/decisions")
    @_api
    def post_decision() -> dict[str, Any]:
        body = _json_body()
        d = store.set_decision(body.get("finding"),  # type: ignore[arg-type]
                               body.get("decision", ""), body.get("comment", ""))
        return {"finding": d.finding, "decision": d.decision, "comment": d.comment,
                "updated_at": d.updated_at}

    @app.post("/api/links")
    @_api
    def post_links() -> dict[str, Any]:
        body = _json_body()
        fix = store.edit_links(body.get("link"), body.get("action", ""))  # type: ignore[arg-type]
        return {"reload": True, "links": len(fix.result.links),
                "findings": len(fix.result.findings)}

    return app


def server_adapter(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *,
                   on_listen: Callable[[], None] | None = None) -> bottle.WSGIRefServer:
    """bottle's WSGIRefServer with a thread per request; after ``run`` starts,
    ``.srv`` is the listening server (``.srv.shutdown()`` stops it) and
    ``.port`` the actual port (useful with port 0).  ``on_listen`` runs in a
    thread of its own once the socket listens."""

    class Server(ThreadingWSGIServer):
        def server_activate(self) -> None:
            super().server_activate()
            if on_listen is not None:
                threading.Thread(target=on_listen, name="bialign-listen", daemon=True).start()

    return bottle.WSGIRefServer(host=host, port=port, server_class=Server,
                                handler_class=LoggingHandler)


def serve(report_dir: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve ``report_dir`` for review until interrupted."""
    config = ServeConfig(host=host, port=port)
    store = ReviewStore(Path(report_dir))
    app = make_app(Path(report_dir), config=config, store=store)
    if not is_loopback(host):
        log.warning("listening on %s: anyone who can reach this machine on port %d can read"
                    " the documents and change the review", host, port)
    log.info("review server for %s at %s (Ctrl+C to stop)", report_dir, server_url(host, port))
    try:
        # the checks' dictionary loads while the reviewer reads, not on the first fix
        server_adapter(host, port, on_listen=store.warm).run(app)
    except OSError as exc:
        raise ServeError(host, port, exc.strerror or str(exc)) from None


def server_url(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> str:
    """The address to open in a browser for a server listening on ``host``."""
    shown = "127.0.0.1" if host in WILDCARD_HOSTS else host
    return f"http://{f'[{shown}]' if ':' in shown else shown}:{port}/"
