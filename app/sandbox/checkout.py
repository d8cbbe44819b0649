"""The checkout web page (plain HTML, no JavaScript): shows the basket, completes the purchase."""
from __future__ import annotations

from html import escape
from urllib.parse import parse_qsl

from app.sandbox import pricing
from app.sandbox.web import Response

_STYLE = """body{font-family:system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}table{width:100%;border-collapse:collapse}td,th{padding:.4em;border-bottom:1px solid #ddd;
text-align:left}td.price{text-align:right}.total{font-weight:bold}form{margin-top:1.5em}label{display:block;
margin:.5em 0}input[type=email],input[type=password]{width:100%;padding:.4em}button{padding:.6em 1.4em;
font-size:1em;margin-right:.5em}.error{color:#b00020}.ok{color:#1b5e20}"""


def _page(title: str, body: str, status: int = 200) -> Response:
    html = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>{body}</body></html>")
    return Response(status, html.encode("utf-8"), "text/html; charset=utf-8")


def handle(app, req, session_id: str) -> Response:
    """GET shows the basket; POST action=pay completes it (signing in first if needed), action=cancel fails it."""
    session = app.shop.sessions.get(session_id)
    basket = app.shop.basket(session.basket_id) if session else None
    if basket is None:
        return _page("Checkout not found", "<p>This checkout link is not valid.</p>", 404)
    store = pricing.store_for(basket.country)
    if basket.closed:
        return _page("Purchase complete", f'<p class="ok">Thank you! Purchase {basket.purchase_id} is complete. '
                     "Your music is in your locker. You can close this page.</p>")
    error = ""
    if req.method == "POST":
        form = dict(parse_qsl(req.body.decode("utf-8", "replace")))
        if form.get("action") == "cancel":
            app.shop.fail(basket)
            return _page("Checkout cancelled", "<p>Nothing was charged. You can close this page.</p>")
        user_id = session.user_id
        if user_id is None:
            user = app.accounts.login(form.get("email", ""), form.get("password", ""))
            user_id = user.id if user else None
        if user_id is None:
            error = '<p class="error">Wrong email or password.</p>'
        elif not basket.items:
            error = '<p class="error">The basket is empty.</p>'
        else:
            purchase = app.shop.complete(basket, user_id, app.catalogue.release_track_ids)
            return _page("Purchase complete", f'<p class="ok">Thank you! Purchase {purchase.id} is complete. '
                         "Your music is in your locker. You can close this page.</p>")
    rows = "".join(f"<tr><td>{escape(i.name)}</td><td>{escape(i.artist_name)}</td>"
                   f"<td>{'Album' if i.track_id is None else 'Track'}</td>"
                   f'<td class="price">{escape(pricing.format_amount(store, i.value))}</td></tr>'
                   for i in basket.items)
    total = pricing.format_amount(store, sum((i.value for i in basket.items), pricing.Decimal("0")))
    if session.user_id is not None:
        user = app.accounts.user_by_id(session.user_id)
        who = f"<p>Signed in as {escape(user.email)}.</p>"
    else:
        who = ('<label>Email <input type="email" name="email" required></label>'
               '<label>Password <input type="password" name="password" required></label>')
    body = (f"{error}<table><tr><th>Item</th><th>Artist</th><th>Type</th><th>Price</th></tr>{rows}"
            f'<tr class="total"><td colspan="3">Total</td><td class="price">{escape(total)}</td></tr></table>'
            f'<form method="post">{who}<button type="submit" name="action" value="pay">Complete purchase</button>'
            '<button type="submit" name="action" value="cancel" formnovalidate>Cancel</button></form>')
    return _page("Checkout", body, 401 if error.startswith('<p class="error">Wrong') else 200)
