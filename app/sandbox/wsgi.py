"""The WSGI application: routing, access checks, faults, and error envelopes around the route handlers."""
from __future__ import annotations

import ipaddress
import logging
import time
from datetime import date
from pathlib import Path

from app.sandbox import authorise_page, checkout, pricing, routes, xmlout
from app.sandbox.auth import DENIED, Accounts, OAuthChecker, consumer_key_of
from app.sandbox.credentials import DEMO_USER_ID
from app.sandbox.faults import Faults
from app.sandbox.media import Media
from app.sandbox.persistence import StateFile
from app.sandbox.routes import KEY, KEY_OR_3L, OPEN, SIGNED_2L, SIGNED_3L, params
from app.sandbox.routes import media as media_routes
from app.sandbox.shop import Shop
from app.sandbox.store import Catalogue
from app.sandbox.web import MAX_PARAMS, STATUS_TEXT, ApiFailure, OAuthFailure, Request, Response, content_length

log = logging.getLogger(__name__)
VERSIONS = ("1.2", "1.0")
ALLOWED_METHODS = ("GET", "HEAD", "POST")
# Every answer names the store that gave it (SandboxServer.store_id), so a client that found a
# store's address in a note can check it reached that store and not whatever took its port since.
STORE_ID_HEADER = "X-7dig-Store"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
WILDCARD_ADDRESSES = ("0.0.0.0", "::", "")
# The later API's HTTP statuses for API errors (http_error_statuses=True).
_ERROR_STATUS = {1: 400, 2: 404, 3: 402, 7: 500, 9: 500}
_MALFORMED = (b'<?xml version="1.0" encoding="utf-8"?>\n<response status="ok" version="1.2">'
              b'<release id="1"><title>Broken &amp body<title></release')


class SandboxApp:
    """One store: catalogue (read-only), shop and accounts (in memory), faults."""

    def __init__(self, catalogue: Catalogue, media_dir: Path, latency_ms: int = 0, clip_seconds: int = 30,
                 http_error_statuses: bool = False):
        self.catalogue = catalogue
        self.catalogue_key = str(catalogue.path)
        self.shop = Shop()
        self.accounts = Accounts()
        self.checker = OAuthChecker(self.accounts)
        self.faults = Faults()
        self.media = Media(media_dir, catalogue, clip_seconds)
        self.latency_ms = latency_ms
        self.http_error_statuses = http_error_statuses
        self.routes = routes.load()
        self.stopping = False
        self.state: StateFile | None = None
        self.store_id: str | None = None    # sent in STORE_ID_HEADER
        self.prefetch_clips = False     # the app turns it on; tests leave the CPU to themselves
        self.checkout_pages = checkout.CheckoutPages()
        self.authorise_pages = authorise_page.AuthorisePages()   # the browser sign-in pages
        # Which Host headers are this store (serve_on() fills it once the port is known): none until then.
        self._host_names: frozenset[str] = frozenset()
        self._port: int | None = None
        self._any_address = False
        self._seed_demo_locker()

    def serve_on(self, host: str, port: int) -> None:
        """Answer only requests addressed to this store: `Host` 127.0.0.1, localhost or [::1] (or the
        bound address `host`) with `port`. Anything else is refused with 421, so a web page whose name
        was rebound to 127.0.0.1 (DNS rebinding) can't use the store as its own origin. Bound to every
        address (0.0.0.0, ::), any IP-literal host is served too: a literal can't be rebound."""
        self._host_names = frozenset(name.lower() for name in (*LOOPBACK_NAMES, host) if name)
        self._port = port
        self._any_address = host in WILDCARD_ADDRESSES

    def serves_host(self, host: str | None) -> bool:
        """Whether a request's `Host` header names this store (see serve_on)."""
        name, port = _split_host(host or "")
        if name is None or self._port is None:
            return False
        if port != self._port and not (port is None and self._port == 80):
            return False
        if name in self._host_names:
            return True
        if not self._any_address:
            return False
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True

    def keep_state_in(self, path: Path) -> None:
        """Restore baskets, purchases and tokens from `path`, and save them there after each change."""
        self.state = StateFile(path, self.shop, self.accounts)
        self.state.load()
        self.state.save_if_changed()    # a new store (or one from before store ids) keeps its id from now on

    def _seed_demo_locker(self) -> None:
        ids = [300_010, 300_025]
        self.shop.seed_locker(DEMO_USER_ID, {rid: self.catalogue.release_track_ids(rid) for rid in ids
                                             if self.catalogue.release(rid) is not None})

    @staticmethod
    def today() -> date:
        return date.today()

    def view(self, req: Request) -> xmlout.View:
        """Rendering context of a request: its store (store_of), image sizes, today."""
        store = self.store_of(req)
        size = params.integer(req, "imageSize", 0, minimum=0)
        return xmlout.View(self.catalogue_key, req.host_url + "/", store, size or 50, size or 150, self.today())

    @staticmethod
    def store_of(req: Request) -> pricing.Store:
        """The store a request is for: its `shopId` (one the service doesn't have is 401 "Access to
        resource denied", as the real service answers a bad shopId), else its `country` (default GB;
        one without a store is error 1002)."""
        raw_shop = req.get("shopId")
        if raw_shop is not None and raw_shop.strip():
            try:
                store = pricing.store_for_shop(params.integer(req, "shopId", minimum=1))
            except ApiFailure:
                store = None
            if store is None:
                raise OAuthFailure(401, DENIED)
            return store
        country = req.get("country")
        store = pricing.store_for(country)
        if store is None:
            raise ApiFailure(1002, f"Value of parameter country is not valid: {country}")
        return store

    def _check_licence(self, req: Request) -> None:
        """A `shopId` must name a shop; a key licensed for one country is refused (401) any other
        country, and a call naming none (the real service's answer to such keys)."""
        licensed = self.accounts.consumer_countries.get(consumer_key_of(req) or "")
        if licensed is None:
            if (req.get("shopId") or "").strip():
                self.store_of(req)
            return
        if not ((req.get("country") or "").strip() or (req.get("shopId") or "").strip()):
            raise OAuthFailure(401, DENIED)
        try:
            store = self.store_of(req)
        except ApiFailure:
            raise OAuthFailure(401, DENIED) from None
        if store.country != licensed:
            raise OAuthFailure(401, DENIED)

    # --- WSGI ---------------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        refusal = self._refuse_early(environ)
        if refusal is not None:
            return self._send(None, refusal, start_response)
        req = Request(environ)
        try:
            response = self.handle(req)
        except Exception:   # a bug in a handler must not kill the worker thread or leave the client hanging
            log.exception("sandbox: %s %s failed", req.method, req.path)
            response = Response.text(500, "Internal server error")
        if self.state is not None:
            self.state.save_if_changed()    # never raises: a failing save is logged once (persistence.py)
        return self._send(req, response, start_response)

    def _refuse_early(self, environ) -> Response | None:
        """What is refused before the request is parsed: a Host that isn't this store (421), and
        parameters (query string and form body together) over MAX_PARAMS (414 or 413)."""
        if not self.serves_host(environ.get("HTTP_HOST")):
            return Response.text(421, "Misdirected request: this store answers only to its own address")
        query = len(environ.get("QUERY_STRING", ""))
        if query > MAX_PARAMS:
            return Response.text(414, "URI too long")
        if query + content_length(environ) > MAX_PARAMS:
            return Response.text(413, "Request parameters too large")
        return None

    def handle(self, req: Request) -> Response:
        if req.method not in ALLOWED_METHODS:
            return Response(405, b"Method not allowed", "text/plain; charset=utf-8",
                            [("Allow", ", ".join(ALLOWED_METHODS))])
        segments = [s for s in req.path.split("/") if s]
        is_api = bool(segments) and segments[0] in VERSIONS
        if is_api:
            req.version = segments[0]
            req.api_path = "/".join(segments[1:]).lower()
        else:
            req.api_path = "/".join(segments).lower()
        req.faults = self.faults.matching(req.api_path, req.get("q"))
        delay = self.latency_ms + sum(r.value for r in req.faults if r.kind == "latency")
        if delay:
            self._pause(delay / 1000)
        try:
            for rule in req.faults:
                if rule.kind == "error":
                    raise ApiFailure(rule.value, rule.message)
                if rule.kind == "http_status":
                    return Response.text(rule.value, f"{rule.value} {STATUS_TEXT.get(rule.value, 'Error')}")
                if rule.kind == "malformed":
                    return Response(200, _MALFORMED)
            if is_api:
                return self._api(req)
            return self._root(req)
        except ApiFailure as failure:
            status = _ERROR_STATUS.get(failure.code // 1000, 400) if self.http_error_statuses else 200
            return Response(status, xmlout.error_document(failure.code, failure.message, req.version))
        except OAuthFailure as failure:
            return Response.text(failure.status, f"OAuth authentication error: {failure.reason}")

    def _api(self, req: Request) -> Response:
        found = routes.find(req.api_path)
        if found is None:
            return Response.text(404, "Resource not found")
        req.user_id = None
        req.access_token = None
        parts = req.api_path.split("/")
        req.path_id = parts[1] if len(parts) == 3 else None
        if found.access == KEY:
            self.checker.check_key(req)
        elif found.access == SIGNED_2L:
            self.checker.verify(req)
        elif found.access in (SIGNED_3L, KEY_OR_3L):
            signed = "oauth_signature" in req.params or "oauth_signature" in req.headers.get("Authorization", "")
            if found.access == SIGNED_3L or signed:
                verified = self.checker.verify(req, three_legged=True)
                token = self.accounts.access_tokens.get(verified.resource_owner_key)
                if token is None:   # revoked between the check and now
                    raise OAuthFailure(401, "Invalid or expired token")
                req.user_id = token.user_id
                req.access_token = token
            else:
                self.checker.check_key(req)
        if found.access != OPEN:   # sign-in calls name no store
            self._check_licence(req)
        return found.handler(self, req)

    def _root(self, req: Request) -> Response:
        if req.api_path.startswith("checkout/"):
            return checkout.handle(self, req, req.path.strip("/").split("/", 1)[1])   # ids are case-sensitive
        consumer_key = authorise_page.is_authorise_path(req.path)      # keys are case-sensitive
        if consumer_key is not None:
            return authorise_page.handle(self, req, consumer_key)
        response = media_routes.handle_root(self, req)
        return response if response is not None else Response.text(404, "Resource not found")

    def _send(self, req: Request | None, response: Response, start_response):
        """Send `response`; `req` None for a request refused before parsing (it says nothing of the store)."""
        body = response.body
        headers = [("Content-Type", response.content_type), *response.headers]
        if isinstance(body, bytes):
            headers.append(("Content-Length", str(len(body))))
        if req is not None:
            headers += [("X-RateLimit-Limit", "4000"), ("X-7dig", "sandbox")]
            if self.store_id:
                headers.append((STORE_ID_HEADER, self.store_id))
        start_response(f"{response.status} {STATUS_TEXT.get(response.status, 'Status')}", headers)
        rules = getattr(req, "faults", [])
        if isinstance(body, bytes):
            if any(r.kind == "drop" for r in rules):
                return [body[: len(body) // 2]]   # fewer bytes than Content-Length: waitress drops the connection
            drip = next((r.value for r in rules if r.kind == "drip"), None)
            if drip:
                return self._drip(body, drip)
            return [body]
        return body

    def _pause(self, seconds: float) -> None:
        """Sleep for injected latency, but give up at once when the server stops."""
        end = time.monotonic() + seconds
        while not self.stopping and (left := end - time.monotonic()) > 0:
            time.sleep(min(left, 0.05))

    def _drip(self, body: bytes, bytes_per_second: int):
        step = max(1, bytes_per_second // 10)
        for start in range(0, len(body), step):
            if self.stopping:
                return
            yield body[start: start + step]
            self._pause(step / bytes_per_second)


def _split_host(host: str) -> tuple[str | None, int | None]:
    """("name", port) of a Host header, lower case, IPv6 without brackets; (None, None) if malformed.
    The port is None when the header names none."""
    host = host.strip().lower()
    if host.startswith("["):
        name, bracket, rest = host[1:].partition("]")
        if not bracket or rest and not rest.startswith(":"):
            return None, None
        port = rest[1:] if rest else None
    else:
        name, colon, port = host.partition(":")
        if not colon:
            port = None
        elif ":" in port:
            return None, None
    if not name:
        return None, None
    if port is None:
        return name, None
    if not port.isdigit() or not port.isascii() or len(port) > 5:
        return None, None
    return name, int(port)
