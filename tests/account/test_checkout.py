"""Checkout in the system browser, and the purchase showing up (app/services/checkout.py, locker.py)."""
from __future__ import annotations

import html
import re

import requests
from lxml import html as lxml_html

from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD
from app.services.account import SignInReason


def _fill(qtbot, basket, releases):
    for release in releases:
        basket.add(release)
    qtbot.waitUntil(lambda: basket.is_synced and basket.count == len(releases), timeout=10000)


def _submit(url: str, action: str = "pay") -> requests.Response:
    """What the person does in the browser: load the page, press its button (the form's hidden
    fields, the form token among them, go with it)."""
    form = lxml_html.fromstring(requests.get(url, timeout=5).text).forms[0]
    fields = {i.name: i.value for i in form.inputs if i.get("type") == "hidden"}
    return requests.post(url, data={**fields, "action": action}, timeout=5)


def _open_checkout(qtbot, shop):
    with qtbot.waitSignal(shop.checkout.checkout_opened, timeout=10000) as opened:
        shop.checkout.start(shop.basket.basket_id)
    return opened.args[0]


def test_checkout_asks_for_sign_in_then_opens_the_stores_page(qtbot, shop, sandbox, opened_urls, for_sale):
    _fill(qtbot, shop.basket, for_sale[:2])
    with qtbot.waitSignal(shop.account.reauth_required) as asked:
        shop.checkout.start(shop.basket.basket_id)
    assert asked.args == [SignInReason.CHECKOUT]
    assert opened_urls == []
    with qtbot.waitSignal(shop.checkout.checkout_opened, timeout=10000) as opened:
        shop.account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    url = opened.args[0]
    assert opened_urls == [url]
    assert re.fullmatch(re.escape(sandbox.root_url) + r"checkout/[\w-]+", url)
    assert shop.checkout.awaiting_basket == shop.basket.basket_id
    page = requests.get(url, timeout=5).text
    assert all(html.escape(release.title) in page for release in for_sale[:2])


def test_a_purchase_in_the_browser_clears_the_basket_and_fills_my_music(qtbot, shop, opened_urls, for_sale):
    shop.account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    qtbot.waitUntil(lambda: shop.account.signed_in and not shop.locker.loading, timeout=10000)
    owned_before = {r.release.id for r in shop.locker.releases}
    bought = [r for r in for_sale if r.id not in owned_before][:2]
    _fill(qtbot, shop.basket, bought)
    basket_id = shop.basket.basket_id
    url = _open_checkout(qtbot, shop)

    # What the person does in the browser, over plain HTTP: the page's form, its "pay" button.
    form = requests.get(url, timeout=5).text
    assert 'name="action" value="pay"' in form
    done = _submit(url)
    assert done.status_code == 200 and "Purchase complete" in done.text

    with qtbot.waitSignal(shop.checkout.purchase_completed, timeout=10000) as completed:
        pass                                           # the periodic check notices by itself
    assert completed.args[0] == basket_id and completed.args[1].isdigit()
    qtbot.waitUntil(lambda: shop.basket.count == 0, timeout=5000)
    qtbot.waitUntil(lambda: {r.id for r in bought} <= {r.release.id for r in shop.locker.releases},
                    timeout=10000)
    assert shop.checkout.awaiting_basket is None


def test_window_activation_checks_at_once(qtbot, shop, opened_urls, for_sale, runner, store):
    from app.services.checkout import CheckoutService

    slow = CheckoutService(runner, shop.account, store, poll_interval_ms=3_600_000)
    shop.account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    qtbot.waitUntil(lambda: shop.account.signed_in, timeout=10000)
    _fill(qtbot, shop.basket, for_sale[:1])
    with qtbot.waitSignal(slow.checkout_opened, timeout=10000) as opened:
        slow.start(shop.basket.basket_id)
    _submit(opened.args[0]).raise_for_status()
    with qtbot.waitSignal(slow.purchase_completed, timeout=10000) as completed:
        slow.check_now()                                # what activating the window triggers
    assert completed.args[0] == shop.basket.basket_id and completed.args[1]
    slow.stop_waiting()


def test_an_unpaid_checkout_keeps_the_basket(qtbot, shop, opened_urls, for_sale):
    shop.account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    _fill(qtbot, shop.basket, for_sale[:1])
    url = _open_checkout(qtbot, shop)
    _submit(url, "cancel").raise_for_status()
    with qtbot.assertNotEmitted(shop.checkout.purchase_completed, wait=400):
        shop.checkout.check_now()
    assert shop.basket.count == 1 and shop.checkout.awaiting_basket == shop.basket.basket_id


def test_an_expired_token_at_checkout_asks_again_then_opens_the_page(qtbot, shop, sandbox, opened_urls,
                                                                    for_sale):
    shop.account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    qtbot.waitUntil(lambda: shop.account.signed_in and not shop.locker.loading, timeout=10000)
    _fill(qtbot, shop.basket, for_sale[:1])
    sandbox.revoke_tokens()
    with qtbot.waitSignal(shop.account.reauth_required, timeout=10000):
        shop.checkout.start(shop.basket.basket_id)
    assert opened_urls == [] and shop.basket.count == 1      # the basket is untouched
    with qtbot.waitSignal(shop.checkout.checkout_opened, timeout=10000):
        shop.account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    assert len(opened_urls) == 1


def test_an_item_added_after_paying_stays_for_the_next_purchase(qtbot, shop, opened_urls, for_sale, runner,
                                                                 store):
    from app.basket.purchases import connect_purchases
    from app.services.checkout import CheckoutService

    shop.checkout = CheckoutService(runner, shop.account, store, poll_interval_ms=3_600_000)  # no polling
    connect_purchases(shop.basket, shop.checkout, shop.locker)
    shop.account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    qtbot.waitUntil(lambda: shop.account.signed_in and not shop.locker.loading, timeout=10000)
    _fill(qtbot, shop.basket, for_sale[:1])
    paid_id = shop.basket.basket_id
    url = _open_checkout(qtbot, shop)
    _submit(url).raise_for_status()
    with qtbot.waitSignal(shop.checkout.purchase_completed, timeout=10000) as completed:
        shop.basket.add(for_sale[1])                 # before the app noticed the purchase
    assert completed.args[0] == paid_id and shop.checkout.awaiting_basket is None
    qtbot.waitUntil(lambda: shop.basket.is_synced, timeout=10000)
    assert [item.release_id for item in shop.basket.items] == [str(for_sale[1].id)]
    assert shop.basket.basket_id != paid_id
    qtbot.waitUntil(lambda: for_sale[0].id in {r.release.id for r in shop.locker.releases}, timeout=10000)
    shop.checkout.stop_waiting()
