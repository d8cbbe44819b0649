"""The small HTTP vocabulary of the sandbox: a parsed request, a response, and the two failures."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Iterable
from urllib.parse import parse_qsl

from app.sandbox import xmlout

# The documented maximum (API-NOTES §1, pageSize: "default 10, max 50"); a larger pageSize is
# served as MAX_PAGE_SIZE items, and the answer's <pageSize> says so.
MAX_PAGE_SIZE = 50
# The query string and the form body together: no real call comes near (a form post is a few hundred
# bytes), and a huge one is refused before any work is done (SandboxApp checks it before parsing).
MAX_PARAMS = 16 * 1024


class ApiFailure(Exception):
    """An API error: `<response status="error"><error code=…>` (HTTP 200 unless 4xx statuses are on)."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code, self.message = code, message


class OAuthFailure(Exception):
    """A key or signature failure: HTTP 401/400 with a plain-text `OAuth authentication error: …`."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass
class Response:
    status: int = 200
    body: bytes | Iterable[bytes] = b""
    content_type: str = "text/xml; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def xml(cls, content: str, version: str) -> "Response":
        return cls(body=xmlout.document(content, version))

    @classmethod
    def text(cls, status: int, text: str) -> "Response":
        return cls(status, text.encode("utf-8"), "text/plain; charset=utf-8")

    @classmethod
    def redirect(cls, location: str) -> "Response":
        return cls(302, b"", "text/plain; charset=utf-8", [("Location", location)])


STATUS_TEXT = {200: "OK", 206: "Partial Content", 302: "Found", 304: "Not Modified", 400: "Bad Request",
               401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
               405: "Method Not Allowed", 409: "Conflict", 410: "Gone", 413: "Content Too Large",
               414: "URI Too Long", 416: "Range Not Satisfiable", 421: "Misdirected Request",
               500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}


class Request:
    """One request: parameters merged from query and form body, looked up case-insensitively."""

    def __init__(self, environ: dict):
        self.environ = environ
        self.method = environ.get("REQUEST_METHOD", "GET").upper()
        self.query = environ.get("QUERY_STRING", "")
        self.path = environ.get("PATH_INFO", "") or "/"
        self.headers = {k[5:].replace("_", "-").title(): v for k, v in environ.items() if k.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            self.headers["Content-Type"] = environ["CONTENT_TYPE"]
        self.body = b""
        if self.method == "POST":
            length = min(content_length(environ), MAX_PARAMS)   # SandboxApp refused a longer one already
            self.body = environ["wsgi.input"].read(length) if length else b""
        pairs = parse_qsl(self.query, keep_blank_values=True)
        if self.body and "application/x-www-form-urlencoded" in self.headers.get("Content-Type", ""):
            pairs += parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True)
        self.pairs = pairs
        self.params: dict[str, str] = {}
        for key, value in pairs:
            self.params.setdefault(key.lower(), value)
        self.version = "1.2"
        self.api_path = ""       # "release/details", lower case, set by the router
        self.started = time.monotonic()

    @property
    def host_url(self) -> str:
        """scheme://host:port as the client addressed us (the OAuth base string needs it exactly)."""
        scheme = self.environ.get("wsgi.url_scheme", "http")
        host = self.environ.get("HTTP_HOST") or f"{self.environ['SERVER_NAME']}:{self.environ['SERVER_PORT']}"
        return f"{scheme}://{host}"

    @property
    def full_uri(self) -> str:
        raw = self.environ.get("REQUEST_URI") or self.path
        if "?" not in raw and self.query:
            raw += "?" + self.query
        return self.host_url + raw

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.params.get(name.lower(), default)

    def require(self, name: str) -> str:
        value = self.params.get(name.lower())
        if value is None or value.strip() == "":
            raise ApiFailure(1001, f"Missing parameter {name}.")
        return value.strip()


def content_length(environ: dict) -> int:
    """The request body's length as the client declared it (0 when absent or not a number)."""
    try:
        return max(0, int(environ.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def check_page(page: int, page_size: int, total: int) -> None:
    """1003 for a page past the end (page 1 of an empty list is fine)."""
    if page > 1 and (page - 1) * page_size >= total:
        raise ApiFailure(1003, "Requested page out of range")
