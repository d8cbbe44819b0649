"""A real loopback HTTP server for the client tests: routes map a path to canned bytes or a handler,
and every request is recorded so tests can check what the client actually sent."""
from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest

from app.api import StoreClient

KEY, SECRET = "test-key-0001", "test-secret-0001"


@dataclass
class Seen:
    """One request as the server received it."""
    method: str
    path: str
    query: dict
    form: dict
    headers: dict
    url: str
    body: bytes = b""


@dataclass
class Canned:
    """A canned answer: status, body and headers (Content-Type text/xml unless told otherwise)."""
    body: bytes = b""
    status: int = 200
    headers: dict = field(default_factory=dict)


def _canned(answer) -> Canned:
    if isinstance(answer, Canned):
        return answer
    if isinstance(answer, bytes):
        return Canned(answer)
    status, body, *headers = answer
    return Canned(body, status, headers[0] if headers else {})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output quiet
        pass

    def setup(self):
        super().setup()
        # headers and body go out in separate writes: without this, Nagle + delayed ACK add 40 ms
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _handle(self):
        server: Loopback = self.server.owner
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        form = dict(parse_qsl(raw.decode("utf-8", "replace"))) if raw else {}
        seen = Seen(self.command, parts.path, dict(parse_qsl(parts.query, keep_blank_values=True)), form,
                    dict(self.headers), f"http://{self.headers.get('Host')}{self.path}", raw)
        with server.lock:
            server.requests.append(seen)
        answer = server.routes.get(parts.path.lower())
        if answer is None:
            answer = Canned(b"Resource not found", 404, {"Content-Type": "text/plain"})
        if callable(answer):
            answer = answer(self, seen)
            if answer is None:  # the handler wrote the response itself
                return
            answer = _canned(answer)
        headers = {"Content-Type": "text/xml; charset=utf-8", **answer.headers}
        self.send_response_only(answer.status)
        if "Date" not in headers:           # a canned Date (a store with another clock) replaces ours
            self.send_header("Date", self.date_time_string())
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)

    do_GET = do_POST = _handle


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # clients hanging up mid-answer is the point of some tests
        pass


class Loopback:
    """ThreadingHTTPServer on 127.0.0.1:<free port> in a daemon thread."""

    def __init__(self):
        self.routes: dict = {}
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        self.release = threading.Event()  # handlers that stall wait on this, so teardown is instant
        self.httpd = _QuietServer(("127.0.0.1", 0), _Handler)
        self.httpd.owner = self
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    @property
    def root(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    @property
    def base_url(self) -> str:
        return self.root + "1.2/"

    def serve(self, path: str, answer, status: int = 200, headers: dict | None = None) -> None:
        """Answer requests for `path` (an API path like "release/details", or "/absolute").

        `answer` is the body bytes, or a callable(handler, seen) returning body bytes, a
        (status, body[, headers]) tuple, or None when it wrote the response itself.
        """
        if not path.startswith("/"):
            path = "/1.2/" + path
        if not callable(answer):
            answer = Canned(answer, status, headers or {})
        self.routes[path.lower()] = answer

    def hits(self, path: str) -> list[Seen]:
        full = path.lower() if path.startswith("/") else "/1.2/" + path.lower()
        with self.lock:
            return [r for r in self.requests if r.path.lower() == full]

    def stop(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def loopback():
    server = Loopback()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def api(loopback) -> StoreClient:
    """A client on the loopback server: GB, short timeout, fast retries."""
    return StoreClient(base_url=loopback.base_url, consumer_key=KEY, consumer_secret=SECRET, country="GB",
                       timeout=5.0, retry_backoff=0.01)
