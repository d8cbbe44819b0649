"""HTTP to the store: one requests.Session per thread, (connect, read) timeouts, the consumer key and
country/shopId on every request, OAuth signing when asked, bounded retries, a response size cap,
and the translation of whatever comes back into an XML root or a typed StoreError.

Signed and user calls carry secrets (a signature, a token, on sign-in a password): they go over
https to any host but this machine's, whatever scheme the API address has (urls.secure_url), and
never follow a redirect. When the store refuses one and its clock (the HTTP Date of the answer)
is a minute or more from ours, the call is signed again once with the store's time; the offset is
kept for later calls (all clients derived from one share it).
"""
from __future__ import annotations

import logging
import sys
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit


def _import_requests_without_charset_detection() -> None:
    """requests imports charset_normalizer (3 MB held, 60 ms: measured) to guess the encoding of text
    that names none. This app reads every body as bytes and never asks requests for text, so requests
    is imported without it (requests allows that: `Response.text` then decodes UTF-8), unless
    something in this process imported requests or charset_normalizer first."""
    if "requests" in sys.modules:
        return
    hidden = [name for name in ("charset_normalizer", "chardet") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None        # `import charset_normalizer` raises ImportError
    warnings.filterwarnings("ignore", "Unable to find acceptable character detection", module="requests")
    try:
        import requests  # noqa: F401
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]   # importable again by whoever wants it


_import_requests_without_charset_detection()

import requests
import urllib3
import urllib3.connection
from requests.structures import CaseInsensitiveDict

from . import oauth
from .errors import (AuthError, ClockSkewError, InputError, NetworkError, NotFoundError, RequestCancelled,
                     ResponseFormatError, ServerError, StoreError, redact, says_token_rejected)
from .models import OAuthToken
from .numbers import whole_number_or_none
from .parse import MAX_RESPONSE_BYTES, parse_document, parse_envelope
from .urls import secure_url

__all__ = ["Reply", "Transport", "interpret"]

log = logging.getLogger(__name__)
_USER_AGENT = "sevendigital-browser (+python-requests)"
_CHUNK = 64 * 1024
CLOCK_TOLERANCE = 60.0   # seconds between the store's Date and our clock that count as a wrong clock
_REFUSED = (401, 403)


class ClockOffset:
    """The store's time minus this computer's, in seconds, as learnt from a refused signed call;
    shared by a transport and every copy of it (a plain float: assignments are atomic)."""

    __slots__ = ("seconds",)

    def __init__(self) -> None:
        self.seconds = 0.0

    def timestamp(self) -> str:
        """The OAuth timestamp to sign with now: this computer's clock corrected by the offset."""
        return str(int(oauth.now() + self.seconds))


@dataclass(frozen=True, slots=True)
class Reply:
    """A fully read HTTP response (body capped), as plain data. `clock_offset` is set when a signed
    call was refused twice, the second time signed with the store's own time: how far (seconds,
    the store's minus ours) this computer's clock was found to be off."""
    status: int
    headers: CaseInsensitiveDict
    body: bytes
    url: str
    clock_offset: float | None = None


@dataclass(frozen=True)
class Transport:
    """Everything needed to talk to one store; copies made with dataclasses.replace share sessions."""
    base_url: str
    consumer_key: str
    consumer_secret: str | None = None
    country: str | None = None
    shop_id: int | str | None = None
    timeout: float = 10.0
    retries: int = 2
    retry_backoff: float = 0.25
    max_response_bytes: int = MAX_RESPONSE_BYTES
    # Asked before each attempt and between body chunks; True stops the call with RequestCancelled
    # (a page the user left stops reading, and retrying, as soon as it can).
    cancelled: Callable[[], bool] | None = field(default=None, compare=False)
    _sessions: threading.local = field(default_factory=threading.local, repr=False, compare=False)
    clock: ClockOffset = field(default_factory=ClockOffset, repr=False, compare=False)

    def session(self) -> requests.Session:
        """This thread's session (requests.Session is not safe to share between threads). Its https
        connections verify with the process's one TLS context (`SharedTLSAdapter`)."""
        session = getattr(self._sessions, "session", None)
        if session is None:
            session = self._sessions.session = requests.Session()
            session.headers.update({"User-Agent": _USER_AGENT, "Accept": "application/xml, text/xml"})
            session.mount("https://", SharedTLSAdapter())
        return session

    def close(self) -> None:
        """Close this thread's session (other threads' sessions close when their threads end)."""
        session = getattr(self._sessions, "session", None)
        if session is not None:
            session.close()
            self._sessions.session = None

    def url(self, path: str) -> str:
        return urljoin(self.base_url if self.base_url.endswith("/") else self.base_url + "/", path.lstrip("/"))

    def common_params(self) -> dict:
        """country and shopId, which select catalogue, prices and currency on every call."""
        params = {}
        if self.country:
            params["country"] = self.country
        if self.shop_id not in (None, ""):
            params["shopId"] = str(self.shop_id)
        return params

    def send(self, path: str, params: dict | None = None, *, method: str = "GET", signed: bool = False,
             token: OAuthToken | None = None, idempotent: bool = True, allow_redirects: bool = True,
             absolute: bool = False, max_bytes: int | None = None) -> Reply:
        """One logical request (retried for idempotent calls on connection failures and 5xx).

        A signed call (signed=True, or a token) goes over https unless its host is this machine,
        follows no redirect, and is signed again once with the store's time when the store
        refuses it and its clock is off ours (see the module docstring)."""
        url = path if absolute else self.url(path)
        query = {} if absolute else {**self.common_params(), **{k: v for k, v in (params or {}).items()
                                                               if v is not None}}
        secret = signed or token is not None
        if secret:
            if not self.consumer_secret:
                raise AuthError(401, "No consumer secret",
                                "This needs the API consumer secret, and none is configured")
            url, allow_redirects = secure_url(url), False
        elif not absolute:
            query["oauth_consumer_key"] = self.consumer_key
        get = method.upper() == "GET"
        cap = max_bytes or self.max_response_bytes

        def exchange() -> Reply:
            auth = _request_auth(self, token, method) if secret else None
            return self._exchange(method, url, query if get else None, None if get else query, auth,
                                  allow_redirects, cap, idempotent)

        reply = exchange()
        if not secret or reply.status not in _REFUSED:
            return reply
        skew = _skew(reply, self.clock.seconds)
        if skew is None:
            return reply
        # Refused, and our clock is off the store's: sign again with its time (nothing was done
        # the first time, so a POST may be sent again too).
        log.warning("the store's clock is %+.0f s from this computer's; signing with the store's time",
                    self.clock.seconds + skew)
        self.clock.seconds += skew
        retried = exchange()
        if retried.status in _REFUSED:
            return replace(retried, clock_offset=self.clock.seconds)
        return retried

    def _exchange(self, method, url, query, form, auth, allow_redirects, cap, idempotent) -> Reply:
        attempts = 1 + max(0, self.retries)
        failure: Exception | None = None
        for attempt in range(attempts):
            if attempt:
                time.sleep(self.retry_backoff * (2 ** (attempt - 1)))
            self._check_cancelled()
            try:
                reply = self._send_once(method, url, query, form, auth, allow_redirects, cap)
            except (requests.exceptions.ConnectTimeout, requests.exceptions.ConnectionError,
                    requests.exceptions.ChunkedEncodingError) as exc:
                failure = exc
                nothing_sent = isinstance(exc, requests.exceptions.ConnectTimeout) or _refused(exc)
                if idempotent or nothing_sent:
                    log.info("retryable failure %s on %s", type(exc).__name__, redact(url))
                    continue
                break
            except requests.exceptions.Timeout as exc:  # read timeout: waiting longer helps no one
                raise NetworkError(f"The store at {_host(url)} did not answer within {self.timeout:g} s") from exc
            except requests.exceptions.RequestException as exc:
                raise NetworkError(f"Could not talk to the store at {_host(url)}") from exc
            if reply.status >= 500 and idempotent and attempt + 1 < attempts:
                log.info("HTTP %s from %s, retrying", reply.status, redact(reply.url))
                continue
            return reply
        if failure is not None and not _refused(failure) and not isinstance(
                failure, requests.exceptions.ConnectTimeout):
            raise NetworkError(f"The connection to the store at {_host(url)} broke off") from failure
        raise NetworkError(f"Could not connect to the store at {_host(url)}") from failure

    def _check_cancelled(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise RequestCancelled("The call was cancelled")

    def _send_once(self, method, url, query, form, auth, allow_redirects, cap) -> Reply:
        connect = min(self.timeout, 5.0)
        deadline = time.monotonic() + self.timeout * 3  # a body trickling in must still end
        response = self.session().request(method, url, params=query, data=form, auth=auth,
                                          timeout=(connect, self.timeout), stream=True,
                                          allow_redirects=allow_redirects)
        try:
            log.debug("%s %s -> %s", method, redact(response.url), response.status_code)
            length = whole_number_or_none(response.headers.get("Content-Length"))
            if length is not None and length > cap:
                raise ResponseFormatError("The store's response was too large to read")
            chunks, size = [], 0
            for chunk in _body_chunks(response):
                self._check_cancelled()
                size += len(chunk)
                if size > cap:
                    raise ResponseFormatError("The store's response was too large to read")
                if time.monotonic() > deadline:
                    raise NetworkError(f"The store at {_host(url)} is answering too slowly")
                chunks.append(chunk)
            return Reply(response.status_code, CaseInsensitiveDict(response.headers), b"".join(chunks),
                         response.url)
        finally:
            response.close()


class SharedTLSAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter, with every verified https connection going through one TLS context per
    CA bundle for the whole process, made once the first https connection reached its server
    (never on the embedded store's plain http, nor for a host that can't be reached).

    Left to itself, urllib3 builds a context and loads the whole bundle into it for every new
    connection: 0.7 MB kept per live connection (each worker thread has its own session, so its
    own connections), and 25-40 ms of CPU holding the GIL, so the GUI thread stalls that long each
    time (measured). The shared context is urllib3's own default one, loaded with the bundle
    requests names for the connection (its own, or the user's: REQUESTS_CA_BUNDLE, `verify=` a
    file), so verification is unchanged; a folder of certificates, `verify=False` and connections
    through a proxy are left to requests as they are."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {**self.poolmanager.pool_classes_by_scheme,
                                                   "https": _SharedTLSPool}


class _SharedTLSConnection(urllib3.connection.HTTPSConnection):
    def _new_conn(self):
        sock = super()._new_conn()      # the server answered: TLS comes next
        if self.ssl_context is None and self.ca_certs and not (self.ca_cert_dir or self.ca_cert_data):
            self.ssl_context = shared_tls_context(self.ca_certs)
            self.ca_certs = None        # the shared context holds them already
        return sock


class _SharedTLSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _SharedTLSConnection


_TLS_CONTEXTS: dict = {}      # CA bundle file -> its shared ssl.SSLContext
_TLS_CONTEXTS_LOCK = threading.Lock()


def shared_tls_context(bundle: str | None = None):
    """The process's TLS context verifying with `bundle` (requests' own CA bundle by default), made
    at the first call for it (see SharedTLSAdapter)."""
    if bundle is None:
        from requests.utils import DEFAULT_CA_BUNDLE_PATH
        bundle = DEFAULT_CA_BUNDLE_PATH
    with _TLS_CONTEXTS_LOCK:
        context = _TLS_CONTEXTS.get(bundle)
        if context is None:
            from urllib3.util.ssl_ import create_urllib3_context

            context = create_urllib3_context()
            context.load_verify_locations(bundle)
            _TLS_CONTEXTS[bundle] = context
        return context


def _body_chunks(response: requests.Response):
    """The (decompressed) body as it arrives: read1 returns whatever one socket read brings, so a
    server dripping bytes cannot hold a read open forever (iter_content waits for full chunks)."""
    raw = response.raw
    try:
        while True:
            chunk = raw.read1(_CHUNK, decode_content=True)
            if not chunk:
                return
            yield chunk
    # the same translations requests' iter_content makes, so retries treat them alike
    except urllib3.exceptions.ProtocolError as exc:
        raise requests.exceptions.ChunkedEncodingError(exc) from exc
    except urllib3.exceptions.DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc) from exc
    except urllib3.exceptions.HTTPError as exc:  # ReadTimeoutError, SSLError, …
        raise requests.exceptions.ConnectionError(exc) from exc


def _request_auth(transport: Transport, token: OAuthToken | None, method: str):
    """The requests `auth=` signing one request of `transport` now (with its clock offset)."""
    return oauth.request_auth(transport.consumer_key, transport.consumer_secret, token, method,
                              timestamp=transport.clock.timestamp())


def _skew(reply: Reply, offset: float) -> float | None:
    """How far the store's clock (the reply's Date) is from ours corrected by `offset`, in seconds,
    when that is CLOCK_TOLERANCE or more; else (or without a readable Date) None."""
    date = reply.headers.get("Date") or ""
    if not date or len(date) > 64:
        return None
    try:
        moment = parsedate_to_datetime(date)
        if moment.tzinfo is None:           # "-0000": HTTP dates are GMT anyway
            moment = moment.replace(tzinfo=timezone.utc)
        server = moment.timestamp()
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        return None
    skew = server - (oauth.now() + offset)
    return skew if abs(skew) >= CLOCK_TOLERANCE else None


def interpret(reply: Reply, max_bytes: int = MAX_RESPONSE_BYTES):
    """The `<response status="ok">` root of `reply`, or the StoreError it stands for."""
    status, body = reply.status, reply.body
    start = body[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start.startswith(b"<"):
        error = _plain_text_error(status, body)
        # Refused again after signing with the store's time: the clock, unless the store names
        # the token as the problem (its generic "Access to resource denied" does not).
        if reply.clock_offset is not None and isinstance(error, AuthError) and not says_token_rejected(
                error.reason, by_name=True):
            raise ClockSkewError(reply.clock_offset, status, error.reason)
        raise error
    try:
        return parse_envelope(parse_document(body, max_bytes), status)
    except ResponseFormatError:
        # an HTML error page from a proxy says more by its status than by its body
        if status >= 500 or status in (404, 429):
            raise _plain_text_error(status, b"") from None
        raise


def _plain_text_error(status: int, body: bytes) -> StoreError:
    text = " ".join(body[:300].decode("utf-8", errors="replace").split())
    is_oauth = text.lower().startswith("oauth")
    if status in (401, 403) or (is_oauth and status < 500):
        return AuthError(status, text or "Access to resource denied")
    if status == 400:
        return InputError(None, text or "The store rejected the request", status)
    if status == 404:
        return NotFoundError(None, "The store has no such resource", status)
    if status == 429:
        return ServerError(None, "The store is busy; try again in a moment", status)
    if status >= 500:
        return ServerError(None, "The store had an internal problem", status)
    if not body.strip():
        return ResponseFormatError(f"The store sent an empty answer (HTTP {status})")
    return ResponseFormatError("The store's response was not XML")


def _refused(exc: Exception) -> bool:
    """True when the connection was never established (so nothing was sent and retrying is safe)."""
    text = repr(exc)
    return "NewConnectionError" in text or "Connection refused" in text or "NameResolutionError" in text


def _host(url: str) -> str:
    return urlsplit(url).netloc.rpartition("@")[2] or "?"
