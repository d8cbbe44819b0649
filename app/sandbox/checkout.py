"""The checkout web page (plain HTML, no JavaScript): shows the basket, completes the purchase.

The page is opened in the user's web browser, where any other site could post to it. So a post is
taken only if it comes from the page itself: it must carry the session's form token (in a hidden
field, readable only by a page of this origin) and, when the browser names one, an Origin (or else
Referer) of this store. "Complete purchase" pays for the basket as the page showed it: the form also
carries a fingerprint of the items and prices shown, and a basket changed since (items added or
removed) shows the page again with the new total instead of charging it. A session ends when it is
paid, cancelled (a cancelled page can't be paid any more) or SESSION_LIFETIME after it was first shown.
"""
from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from html import escape
from typing import Callable, Container
from urllib.parse import parse_qsl, urlsplit

from app.sandbox import pricing
from app.sandbox.persistence import StateWriteFailed
from app.sandbox.web import Response

__all__ = ["CheckoutPages", "SESSION_LIFETIME", "from_this_page", "handle", "html_page"]

SESSION_LIFETIME = 30 * 60     # seconds from the first showing of a checkout page

_STYLE = """body{font-family:system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}table{width:100%;border-collapse:collapse}td,th{padding:.4em;border-bottom:1px solid #ddd;
text-align:left}td.price{text-align:right}.total{font-weight:bold}form{margin-top:1.5em}label{display:block;
margin:.5em 0}input[type=email],input[type=password]{width:100%;padding:.4em}button{padding:.6em 1.4em;
font-size:1em;margin-right:.5em}.error{color:#b00020}.ok{color:#1b5e20}"""

# The page may not be framed (clickjacking), load nothing, or post anywhere but to itself; the token
# in it is not cached, and its address goes in a Referer to itself only (with "no-referrer" a browser
# would post "Origin: null", which is refused).
_HEADERS = [("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                                        "frame-ancestors 'none'; base-uri 'none'"),
            ("X-Frame-Options", "DENY"), ("Cache-Control", "no-store"), ("Referrer-Policy", "same-origin"),
            ("X-Content-Type-Options", "nosniff")]


@dataclass
class _Page:
    """What this store knows of one checkout session's page."""
    token: str
    first_shown: float
    user_id: int | None = None          # signed in on the page (a wrong password leaves it None)
    cancelled: bool = False             # a cancelled session is dead: it can't be paid any more


class CheckoutPages:
    """The checkout sessions' page state (form token, first showing, sign-in, cancel); thread-safe.

    `clock` gives monotonic seconds (a test may replace it); `lifetime` is in seconds."""

    def __init__(self, lifetime: float = SESSION_LIFETIME, clock: Callable[[], float] = time.monotonic):
        self.lifetime, self.clock = lifetime, clock
        self._pages: dict[str, _Page] = {}
        self._lock = threading.Lock()

    def page(self, session_id: str, live_sessions: Container[str]) -> _Page:
        """The page of `session_id`, made at its first showing. Pages of sessions the shop no longer
        has (`live_sessions`) are forgotten then, so this holds no more than the shop does."""
        with self._lock:
            page = self._pages.get(session_id)
            if page is None:
                for gone in [sid for sid in self._pages if sid not in live_sessions]:
                    del self._pages[gone]
                page = self._pages[session_id] = _Page(secrets.token_urlsafe(24), self.clock())
            return page

    def expired(self, page: _Page) -> bool:
        return self.clock() - page.first_shown > self.lifetime


def html_page(title: str, body: str, status: int = 200) -> Response:
    """A page of the store's web pages (checkout, sign-in): escaped title, no framing, no scripts."""
    html = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>{body}</body></html>")
    return Response(status, html.encode("utf-8"), "text/html; charset=utf-8", list(_HEADERS))


def _complete_page(purchase_id) -> Response:
    return html_page("Purchase complete", f'<p class="ok">Thank you! Purchase {purchase_id} is complete. '
                 "Your music is in your locker. You can close this page.</p>")


def _fingerprint(basket) -> str:
    """Names the basket's items and prices as the page shows them: any change makes another."""
    shown = "|".join(f"{i.id}:{i.release_id}:{i.track_id}:{i.value}" for i in basket.items)
    return hashlib.sha256(f"{basket.id}|{basket.country}|{shown}".encode()).hexdigest()[:32]


def _origin(url: str) -> tuple[str, str, int | None] | None:
    try:
        parts = urlsplit(url)
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    except ValueError:
        return None
    if not parts.scheme or not parts.hostname:
        return None
    return parts.scheme.lower(), parts.hostname.lower(), port


def from_this_page(req) -> bool:
    """Whether the browser says the post comes from this store's origin. Browsers send Origin with
    every POST ("null" from an opaque origin: refused); without it the Referer is asked. A client that
    sends neither is no browser: a web page can't have sent it, and the form token still decides."""
    own = _origin(req.host_url)
    for header in ("Origin", "Referer"):
        value = req.headers.get(header)
        if value is not None:
            return own is not None and _origin(value.strip()) == own
    return True


def handle(app, req, session_id: str) -> Response:
    """GET shows the basket; POST action=pay completes it (signing in first if needed), action=cancel fails it."""
    session = app.shop.sessions.get(session_id)
    basket = app.shop.basket(session.basket_id) if session else None
    if basket is None:
        return html_page("Checkout not found", "<p>This checkout link is not valid.</p>", 404)
    if basket.closed:
        return _complete_page(basket.purchase_id)
    pages = app.checkout_pages
    page = pages.page(session_id, app.shop.sessions)
    if page.cancelled:
        return html_page("Checkout cancelled", "<p>This checkout was cancelled; nothing was charged. "
                     "Start the checkout again from the app to buy.</p>", 410)
    if pages.expired(page):
        return html_page("Checkout expired", "<p>This checkout link has expired; nothing was charged. "
                     "Start the checkout again from the app to buy.</p>", 410)
    if req.method != "POST":
        return _form(app, basket, session, page)

    if not from_this_page(req):
        return html_page("Checkout refused", '<p class="error">This form was sent from another web site. '
                     "Nothing was charged.</p>", 403)
    form = dict(parse_qsl(req.body.decode("utf-8", "replace")))
    if not secrets.compare_digest(form.get("token", "").encode(), page.token.encode()):
        return _form(app, basket, session, page, "This form is out of date and nothing was charged: "
                     "check the basket and confirm again.", 403)
    if form.get("action") == "cancel":
        with app.shop.lock:     # a cancel racing a payment: one of them wins, and says so
            if not basket.closed:
                page.cancelled = True
                app.shop.fail(basket)
        if not page.cancelled:
            return _complete_page(basket.purchase_id)
        return html_page("Checkout cancelled", "<p>Nothing was charged. You can close this page.</p>")
    if form.get("action") != "pay":
        return _form(app, basket, session, page)
    user_id = session.user_id if session.user_id is not None else page.user_id
    if user_id is None:
        user = app.accounts.login(form.get("email", ""), form.get("password", ""))
        if user is None:
            return _form(app, basket, session, page, "Wrong email or password.", 401)
        user_id = page.user_id = user.id
    with app.shop.lock:     # the basket as checked is the basket charged: no item comes in between
        if page.cancelled:
            return html_page("Checkout cancelled", "<p>This checkout was cancelled; nothing was charged.</p>", 410)
        changed = form.get("shown") != _fingerprint(basket)
        purchase = None
        if not changed and basket.items:
            purchase = app.shop.complete(basket, user_id, app.catalogue.release_track_ids)
    if purchase is not None:
        return _saved_or_taken_back(app, basket, purchase)
    if changed:
        return _form(app, basket, session, page, "The basket changed since this page was shown and nothing "
                     "was charged: check the new total and confirm again.", 409)
    return _form(app, basket, session, page, "The basket is empty.")


def _saved_or_taken_back(app, basket, purchase) -> Response:
    """"Complete" only once the purchase is on disk: one that can't be saved (a full disk) is taken
    back, and the page says nothing was charged."""
    if app.state is not None:
        try:
            app.state.commit()
        except StateWriteFailed:
            app.shop.take_back(basket, purchase)
            return html_page("Purchase not completed", '<p class="error">The store could not save this '
                             "purchase, so nothing was charged. Please try again in a moment.</p>", 503)
    return _complete_page(purchase.id)


def _form(app, basket, session, page: _Page, error: str = "", status: int = 200) -> Response:
    """The basket as it is now, with a form bound to exactly these items and this total."""
    store = pricing.store_for(basket.country)
    with app.shop.lock:
        items = list(basket.items)
        shown = _fingerprint(basket)
    rows = "".join(f"<tr><td>{escape(i.name)}</td><td>{escape(i.artist_name)}</td>"
                   f"<td>{'Album' if i.track_id is None else 'Track'}</td>"
                   f'<td class="price">{escape(pricing.format_amount(store, i.value))}</td></tr>'
                   for i in items)
    total = pricing.format_amount(store, sum((i.value for i in items), pricing.Decimal("0")))
    user_id = session.user_id if session.user_id is not None else page.user_id
    if user_id is not None:
        user = app.accounts.user_by_id(user_id)
        who = f"<p>Signed in as {escape(user.email)}.</p>"
    else:
        who = ('<label>Email <input type="email" name="email" required></label>'
               '<label>Password <input type="password" name="password" required></label>')
    message = f'<p class="error">{escape(error)}</p>' if error else ""
    body = (f"{message}<table><tr><th>Item</th><th>Artist</th><th>Type</th><th>Price</th></tr>{rows}"
            f'<tr class="total"><td colspan="3">Total</td><td class="price">{escape(total)}</td></tr></table>'
            f'<form method="post"><input type="hidden" name="token" value="{escape(page.token)}">'
            f'<input type="hidden" name="shown" value="{shown}">{who}'
            '<button type="submit" name="action" value="pay">Complete purchase</button>'
            '<button type="submit" name="action" value="cancel" formnovalidate>Cancel</button></form>')
    return html_page("Checkout", body, status)
