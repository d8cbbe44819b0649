"""The checkout page in the user's browser: only its own form pays (form token, Origin/Referer), it pays
for what it showed, and a cancelled or expired checkout is dead."""
from __future__ import annotations

import pytest
import requests
from lxml import html

from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD
from app.sandbox.checkout import SESSION_LIFETIME
from tests.sandbox.helpers import get, ok, sign_in, signed

ATTACKER = "http://attacker.example"


def _basket(sandbox, *release_ids: int) -> str:
    basket_id = ok(get(sandbox, "basket/create")).find("basket").get("id")
    for release_id in release_ids:
        ok(get(sandbox, "basket/addItem", basketId=basket_id, releaseId=release_id))
    return basket_id


def _checkout(sandbox, basket_id: str, signed_in: bool = True) -> str:
    """The checkout page's address, as the app gets it (signed in: no password asked on the page)."""
    auth = signed(sign_in(sandbox)) if signed_in else None
    params = {"basketId": basket_id} if signed_in else {"basketId": basket_id, "oauth_consumer_key": "demo-key"}
    redirect = requests.get(sandbox.url + "basket/checkout", params=params, auth=auth, allow_redirects=False,
                            timeout=5)
    assert redirect.status_code == 302
    return redirect.headers["Location"]


def _form(text: str) -> dict[str, str]:
    """The hidden fields of the page's form: what a browser posts with a button."""
    form = html.fromstring(text).forms[0]
    return {i.name: i.value for i in form.inputs if i.get("type") == "hidden"}


def _total(text: str) -> str:
    return html.fromstring(text).xpath('//tr[@class="total"]/td[@class="price"]')[0].text_content()


def _status(sandbox, basket_id: str) -> str:
    return ok(get(sandbox, f"basket/{basket_id}/status")).findtext("paymentStatus")


def _pay(url: str, fields: dict, **headers) -> requests.Response:
    return requests.post(url, data={**fields, "action": "pay"}, headers=headers, timeout=5)


def test_the_pages_own_form_pays(sandbox):
    basket_id = _basket(sandbox, 300004)
    url = _checkout(sandbox, basket_id)
    fields = _form(requests.get(url, timeout=5).text)
    assert set(fields) == {"token", "shown"} and len(fields["token"]) >= 24
    # As a browser posts it: Origin and Referer of the page itself.
    done = _pay(url, fields, Origin=sandbox.root_url.rstrip("/"), Referer=url)
    assert done.status_code == 200 and "Purchase complete" in done.text
    assert _status(sandbox, basket_id) == "Success"
    purchases = len(sandbox.app.shop.purchases)
    assert "Purchase complete" in _pay(url, fields).text        # a second click charges nothing more
    assert len(sandbox.app.shop.purchases) == purchases


@pytest.mark.parametrize("headers", [
    {"Origin": ATTACKER},
    {"Origin": "null"},                                     # a sandboxed frame, a data: page
    {"Origin": "http://localhost:1"},                       # another local service
    {"Referer": ATTACKER + "/win-a-prize.html"},            # a browser that sends no Origin
    {"Origin": ATTACKER, "Referer": "{url}"},
])
def test_a_post_from_another_site_pays_nothing_even_with_the_token(sandbox, headers):
    basket_id = _basket(sandbox, 300004)
    url = _checkout(sandbox, basket_id)
    fields = _form(requests.get(url, timeout=5).text)
    refused = _pay(url, fields, **{k: v.format(url=url) for k, v in headers.items()})
    assert refused.status_code == 403 and "another web site" in refused.text
    assert 'name="token"' not in refused.text
    assert _status(sandbox, basket_id) == "Pending"


@pytest.mark.parametrize("token", [None, "", "guessed-token-0123456789abcdef"])
def test_a_post_without_the_pages_token_pays_nothing(sandbox, token):
    """What a cross-site form can send: it can't read the page, so it has no token."""
    basket_id = _basket(sandbox, 300004)
    url = _checkout(sandbox, basket_id)
    shown = _form(requests.get(url, timeout=5).text)["shown"]
    fields = {"shown": shown} if token is None else {"shown": shown, "token": token}
    refused = _pay(url, fields)
    assert refused.status_code == 403 and "nothing was charged" in refused.text
    assert _status(sandbox, basket_id) == "Pending"
    assert requests.post(url, data={**fields, "action": "cancel"}, timeout=5).status_code == 403
    assert _status(sandbox, basket_id) == "Pending"                 # nor can it cancel


def test_the_page_may_not_be_framed_or_cached(sandbox):
    page = requests.get(_checkout(sandbox, _basket(sandbox, 300004)), timeout=5)
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert "form-action 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store"


def test_a_cancelled_checkout_cannot_be_paid(sandbox):
    basket_id = _basket(sandbox, 300004)
    url = _checkout(sandbox, basket_id)
    fields = _form(requests.get(url, timeout=5).text)
    cancelled = requests.post(url, data={**fields, "action": "cancel"}, timeout=5)
    assert cancelled.status_code == 200 and "Checkout cancelled" in cancelled.text
    assert _status(sandbox, basket_id) == "Failure"

    assert _pay(url, fields).status_code == 410                       # the same form, after the cancel
    assert requests.get(url, timeout=5).status_code == 410
    assert _status(sandbox, basket_id) == "Failure"

    again = _checkout(sandbox, basket_id)                             # a new checkout of the basket works
    assert again != url
    assert "Purchase complete" in _pay(again, _form(requests.get(again, timeout=5).text)).text
    assert _status(sandbox, basket_id) == "Success"


def test_the_page_charges_what_it_showed_not_what_the_basket_became(sandbox):
    """£7.99 shown; four more items come in (an <img> on any page can add them); "Complete purchase"
    shows the page again with the new total instead of charging it."""
    basket_id = _basket(sandbox, 300004)
    url = _checkout(sandbox, basket_id)
    shown = requests.get(url, timeout=5).text
    fields = _form(shown)
    for release_id in (300001, 300003, 300005, 300006):
        ok(get(sandbox, "basket/addItem", basketId=basket_id, releaseId=release_id))
    basket = ok(get(sandbox, "basket", basketId=basket_id))
    assert basket.findtext("basket/itemCount") == "5"

    again = _pay(url, fields)
    assert again.status_code == 409 and "The basket changed" in again.text
    assert _status(sandbox, basket_id) == "Pending"
    assert _total(again.text) == basket.findtext("basket/price/formattedPrice") != _total(shown)

    done = _pay(url, _form(again.text))                            # confirmed with the new total in view
    assert "Purchase complete" in done.text and _status(sandbox, basket_id) == "Success"


def test_an_item_removed_after_showing_is_a_change_too(sandbox):
    basket_id = _basket(sandbox, 300004, 300001)
    url = _checkout(sandbox, basket_id)
    fields = _form(requests.get(url, timeout=5).text)
    item = ok(get(sandbox, "basket", basketId=basket_id)).find(".//basketItem").get("id")
    ok(get(sandbox, "basket/removeItem", basketId=basket_id, itemId=item))
    assert _pay(url, fields).status_code == 409
    assert _status(sandbox, basket_id) == "Pending"


def test_a_checkout_expires(sandbox):
    now = [1000.0]
    sandbox.app.checkout_pages.clock = lambda: now[0]
    basket_id = _basket(sandbox, 300004)
    url = _checkout(sandbox, basket_id)
    fields = _form(requests.get(url, timeout=5).text)              # first shown at 1000
    now[0] += SESSION_LIFETIME - 1
    assert requests.get(url, timeout=5).status_code == 200            # still open (shown again)
    now[0] += 2
    gone = _pay(url, fields)
    assert gone.status_code == 410 and "expired" in gone.text
    assert requests.get(url, timeout=5).status_code == 410
    assert _status(sandbox, basket_id) == "Pending"


def test_without_a_sign_in_the_page_asks_for_the_password_and_remembers_it(sandbox):
    basket_id = _basket(sandbox, 300004)
    url = _checkout(sandbox, basket_id, signed_in=False)
    page = requests.get(url, timeout=5).text
    fields = _form(page)
    assert {"email", "password"} <= set(html.fromstring(page).forms[0].fields.keys())
    wrong = _pay(url, {**fields, "email": DEMO_USER_EMAIL, "password": "x"})
    assert wrong.status_code == 401 and "Wrong email or password" in wrong.text
    assert _status(sandbox, basket_id) == "Pending"
    ok(get(sandbox, "basket/addItem", basketId=basket_id, releaseId=300001))
    changed = _pay(url, {**fields, "email": DEMO_USER_EMAIL, "password": DEMO_USER_PASSWORD})
    assert changed.status_code == 409 and f"Signed in as {DEMO_USER_EMAIL}" in changed.text
    assert "Purchase complete" in _pay(url, _form(changed.text)).text
    assert _status(sandbox, basket_id) == "Success"
