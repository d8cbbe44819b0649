"""Baskets and the checkout flow end to end over HTTP, ending in the user's locker."""
from __future__ import annotations

from decimal import Decimal

import requests
from lxml import html

from tests.sandbox.helpers import error_code, get, ok, post_checkout, sign_in, signed


def new_basket(server, **params) -> str:
    return ok(get(server, "basket/create", **params)).find("basket").get("id")


def first_track(server, release_id: int) -> str:
    return ok(get(server, "release/tracks", releaseId=release_id)).find(".//track").get("id")


def test_add_and_remove_items_keeps_totals(sandbox):
    basket_id = new_basket(sandbox)
    track_id = first_track(sandbox, 300001)
    ok(get(sandbox, "basket/addItem", basketId=basket_id, releaseId=300001, trackId=track_id))
    basket = ok(get(sandbox, "basket/addItem", basketId=basket_id, releaseId=300003)).find("basket")
    items = basket.findall("basketItems/basketItem")
    assert basket.findtext("itemCount") == "2"
    assert [i.findtext("type") for i in items] == ["track", "release"]
    assert items[0].findtext("trackId") == track_id and not items[1].findtext("trackId")
    total = sum(Decimal(i.findtext("price/value")) for i in items)
    assert Decimal(basket.findtext("price/value")) == total == Decimal(basket.findtext("amountDue/amount"))
    assert basket.findtext("amountDue/formattedAmount") == f"£{total:.2f}"
    after = ok(get(sandbox, "basket/removeItem", basketId=basket_id, itemId=items[0].get("id"))).find("basket")
    assert after.findtext("itemCount") == "1"
    assert ok(get(sandbox, "basket", basketId=basket_id)).find("basket").findtext("itemCount") == "1"


def test_basket_currency_follows_its_country(sandbox):
    basket_id = new_basket(sandbox, country="DE")
    basket = ok(get(sandbox, "basket/addItem", basketId=basket_id, releaseId=300003)).find("basket")
    assert basket.find("price/currency").get("code") == "EUR"
    assert basket.findtext("price/formattedPrice").endswith(" €")


def test_basket_errors(sandbox):
    basket_id = new_basket(sandbox)
    assert error_code(get(sandbox, "basket/addItem", basketId=basket_id, releaseId=1)) == 2001
    assert error_code(get(sandbox, "basket/addItem", basketId=basket_id, releaseId=300000, trackId=2000001)) in (2001,)
    assert error_code(get(sandbox, "basket/addItem", basketId=basket_id)) == 1001
    assert error_code(get(sandbox, "basket/removeItem", basketId=basket_id, itemId=42)) == 2001
    assert error_code(get(sandbox, "basket/checkout", basketId=basket_id)) == 1002   # empty basket


def test_checkout_end_to_end_signed_in(sandbox):
    token = sign_in(sandbox)
    before = int(ok(requests.get(sandbox.url + "user/locker", auth=signed(token), timeout=5)).findtext(".//totalItems"))
    basket_id = new_basket(sandbox)
    ok(get(sandbox, "basket/addItem", basketId=basket_id, releaseId=300004))
    assert ok(get(sandbox, f"basket/{basket_id}/status")).findtext("paymentStatus") == "Pending"

    redirect = requests.get(sandbox.url + "basket/checkout", params={"basketId": basket_id}, auth=signed(token),
                            allow_redirects=False, timeout=5)
    assert redirect.status_code == 302
    page_url = redirect.headers["Location"]
    assert page_url.startswith(sandbox.root_url + "checkout/")
    page = requests.get(page_url, timeout=5)
    assert page.headers["Content-Type"].startswith("text/html") and "<script" not in page.text
    doc = html.fromstring(page.text)
    release_title = ok(get(sandbox, "release/details", releaseId=300004)).findtext("release/title")
    assert release_title in doc.text_content()
    form = doc.forms[0]
    assert form.method.upper() == "POST"

    done = post_checkout(page_url)
    assert done.status_code == 200 and "complete" in done.text.lower()
    status = ok(get(sandbox, f"basket/{basket_id}/status"))
    assert status.findtext("paymentStatus") == "Success" and status.findtext("purchaseId")
    locker = ok(requests.get(sandbox.url + "user/locker", auth=signed(token), params={"pageSize": 50}, timeout=5))
    assert int(locker.findtext(".//totalItems")) == before + 1
    bought = locker.find(".//lockerRelease/release")
    assert bought.get("id") == "300004"
    tracks = locker.find(".//lockerRelease").findall("lockerTracks/lockerTrack")
    assert len(tracks) == int(ok(get(sandbox, "release/details", releaseId=300004)).findtext(".//trackCount"))
    assert tracks[0].findtext("purchaseId") == status.findtext("purchaseId")
    # the basket is closed now
    assert error_code(get(sandbox, "basket/addItem", basketId=basket_id, releaseId=300003)) == 1002


def test_checkout_without_a_token_asks_for_the_password_on_the_page(sandbox):
    basket_id = new_basket(sandbox)
    ok(get(sandbox, "basket/addItem", basketId=basket_id, releaseId=300001, trackId=first_track(sandbox, 300001)))
    page_url = get(sandbox, "basket/checkout", basketId=basket_id).url   # requests follows the 302
    form = html.fromstring(requests.get(page_url, timeout=5).text).forms[0]
    assert {"email", "password"} <= set(form.fields.keys())
    wrong = post_checkout(page_url, email="demo@example.com", password="x")
    assert "Wrong email or password" in wrong.text
    assert ok(get(sandbox, f"basket/{basket_id}/status")).findtext("paymentStatus") == "Pending"
    post_checkout(page_url, email="demo@example.com", password="demo-password")
    assert ok(get(sandbox, f"basket/{basket_id}/status")).findtext("paymentStatus") == "Success"


def test_cancelled_checkout_reports_failure_and_keeps_the_basket_open(sandbox):
    basket_id = new_basket(sandbox)
    ok(get(sandbox, "basket/addItem", basketId=basket_id, releaseId=300003))
    page_url = get(sandbox, "basket/checkout", basketId=basket_id).url
    post_checkout(page_url, "cancel")
    status = ok(get(sandbox, f"basket/{basket_id}/status"))
    assert status.findtext("paymentStatus") == "Failure" and status.find("purchaseId") is None
    ok(get(sandbox, "basket/addItem", basketId=basket_id, releaseId=300004))


def test_an_unknown_checkout_page_is_404(sandbox):
    assert requests.get(sandbox.root_url + "checkout/not-a-session", timeout=5).status_code == 404
