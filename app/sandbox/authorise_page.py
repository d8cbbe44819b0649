"""The sign-in page a web browser opens for OAuth 1.0: `/{consumer_key}/oauth/authorise`.

The real service has it at `https://account.7digital.com/{key}/oauth/authorise?oauth_token=…&oauth_callback=…`
(API notes §5); the embedded store serves the same path shape on its own port. The user signs in
with email and password and chooses Authorise or Deny; either way the browser is sent (302) to the
callback with `oauth_token=…&status=…`:

| choice | status | the request token |
| --- | --- | --- |
| Authorise (right email and password) | `Authorised` (the real service's) | authorised: accesstoken trades it |
| Deny | `Denied` (this store's choice: the real one's is not recorded) | left unauthorised |

A page is for one decision: once it was made, the page is dead. Only callbacks a sign-in may
safely land on are taken: https anywhere, or http on this machine (an app's loopback listener,
RFC 8252); anything else (javascript:, file:, custom schemes, plain http elsewhere) is refused
before a form is shown, so the page is no open redirect.

Any other site can make a browser post to this page, so a post is taken only from the page
itself, as on the checkout page (checkout.py): its form token, and the store's own Origin/Referer.
The page may not be framed, and posts (and the redirect that follows them) go only to the store
and the callback.
"""
from __future__ import annotations

import ipaddress
import secrets
import threading
import time
from dataclasses import dataclass
from html import escape
from typing import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit

from app.sandbox.checkout import from_this_page, html_page
from app.sandbox.web import Response

__all__ = ["AuthorisePages", "AUTHORISED", "DENIED", "handle", "is_authorise_path"]

AUTHORISED = "Authorised"
DENIED = "Denied"
MAX_CALLBACK = 2048
MAX_PAGES = 1000
_FRAME_AND_FORMS = ("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'{callback}; "
                    "frame-ancestors 'none'; base-uri 'none'")


@dataclass
class _Page:
    """One request token's sign-in page: its form token, and whether the decision was made."""
    form_token: str
    first_shown: float
    done: bool = False


class AuthorisePages:
    """The sign-in pages shown, by request token; thread-safe and bounded (MAX_PAGES, oldest first)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self._pages: dict[str, _Page] = {}
        self._lock = threading.Lock()

    def page(self, request_token: str) -> _Page:
        with self._lock:
            page = self._pages.get(request_token)
            if page is None:
                while len(self._pages) >= MAX_PAGES:
                    del self._pages[next(iter(self._pages))]
                page = self._pages[request_token] = _Page(secrets.token_urlsafe(24), self.clock())
            return page

    def shown(self, request_token: str) -> _Page | None:
        with self._lock:
            return self._pages.get(request_token)

    def decide(self, page: _Page) -> bool:
        """Mark the page's decision made; False if it already was (two posts racing: one wins)."""
        with self._lock:
            if page.done:
                return False
            page.done = True
            return True


def is_authorise_path(path: str) -> str | None:
    """The consumer key of a `/{key}/oauth/authorise` path (also "authorize"), else None."""
    segments = [s for s in path.split("/") if s]
    if len(segments) == 3 and segments[1].lower() == "oauth" and segments[2].lower() in ("authorise", "authorize"):
        return segments[0]
    return None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _callback(url: str | None) -> tuple[str, str] | None:
    """(the callback, its origin) when a sign-in may be sent there, else None (see the module docstring)."""
    if not url or len(url) > MAX_CALLBACK or any(ord(c) <= 0x20 or ord(c) == 0x7f or c in "\\\"'<>`"
                                                 for c in url):
        return None
    try:
        parts = urlsplit(url)
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if not host or parts.username is not None or parts.password is not None or parts.fragment:
        return None
    if not (scheme == "https" or (scheme == "http" and _is_loopback(host))):
        return None
    origin = f"{scheme}://{f'[{host}]' if ':' in host else host}{f':{port}' if port else ''}"
    return url, origin


def _redirect(callback: str, token: str, status: str) -> Response:
    joiner = "&" if urlsplit(callback).query else "?"
    return Response.redirect(f"{callback}{joiner}{urlencode({'oauth_token': token, 'status': status})}")


def _answer(title: str, body: str, status: int = 200, callback_origin: str = "") -> Response:
    response = html_page(title, body, status)
    policy = _FRAME_AND_FORMS.format(callback=f" {callback_origin}" if callback_origin else "")
    # form-action also governs where the redirect after a post may go: the callback's origin is allowed.
    response.headers = [(k, policy if k == "Content-Security-Policy" else v) for k, v in response.headers]
    return response


def handle(app, req, consumer_key: str) -> Response:
    """GET shows the sign-in form; POST action=authorise signs in and redirects, action=deny redirects."""
    query = dict(parse_qsl(req.query, keep_blank_values=True))
    if consumer_key not in app.accounts.consumers:
        return _answer("Unknown application", "<p>No application with this key can sign you in here.</p>", 404)
    checked = _callback(query.get("oauth_callback"))
    if checked is None:
        return _answer("Sign-in refused", '<p class="error">This sign-in link names a return address that is not '
                       "a secure web page, so it was refused.</p>", 400)
    callback, origin = checked
    token = query.get("oauth_token") or ""
    request_token = app.accounts.request_token(token)
    if request_token is None or request_token.consumer != consumer_key:
        return _answer("Sign-in link expired", "<p>This sign-in link is not valid or has expired. "
                       "Start signing in again from the app.</p>", 400)
    pages = app.authorise_pages
    if req.method != "POST":
        page = pages.page(token)
        if page.done:
            return _used()
        return _form(page, origin)
    page = pages.shown(token)
    if page is None:
        return _form(pages.page(token), origin, "This form is out of date: sign in again.", 403)
    if page.done:
        return _used()
    if not from_this_page(req):
        return _answer("Sign-in refused", '<p class="error">This form was sent from another web site. '
                       "Nothing was authorised.</p>", 403)
    form = dict(parse_qsl(req.body.decode("utf-8", "replace")))
    if not secrets.compare_digest(form.get("token", "").encode(), page.form_token.encode()):
        return _form(page, origin, "This form is out of date: sign in again.", 403)
    action = form.get("action")
    if action == "deny":
        if not pages.decide(page):
            return _used()
        return _redirect(callback, token, DENIED)
    if action != "authorise":
        return _form(page, origin)
    user = app.accounts.login(form.get("email", ""), form.get("password", ""))
    if user is None:
        return _form(page, origin, "Wrong email or password.", 401)
    if not pages.decide(page):
        return _used()
    request_token.user_id = user.id
    return _redirect(callback, token, AUTHORISED)


def _used() -> Response:
    return _answer("Sign-in finished", "<p>This sign-in was already answered. You can close this page.</p>", 410)


def _form(page: _Page, callback_origin: str, error: str = "", status: int = 200) -> Response:
    message = f'<p class="error">{escape(error)}</p>' if error else ""
    body = (f"{message}<p>An application asks to use your 7digital account: to see your music and to buy "
            "on your behalf. Sign in to allow it, or deny.</p>"
            f'<form method="post"><input type="hidden" name="token" value="{escape(page.form_token)}">'
            '<label>Email <input type="email" name="email" autocomplete="username" required></label>'
            '<label>Password <input type="password" name="password" autocomplete="current-password" required>'
            "</label>"
            '<button type="submit" name="action" value="authorise">Authorise</button>'
            '<button type="submit" name="action" value="deny" formnovalidate>Deny</button></form>')
    return _answer("Sign in to 7digital", body, status, callback_origin)
