"""At checkout, what was bought elsewhere since it went in the basket is named before the browser
opens (app/ui/owned_at_checkout.py): remove it and continue, continue anyway, or cancel."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.account.conftest import opened_urls  # noqa: F401
from tests.sandbox.helpers import buy_release, signed_in_user
from tests.ui.conftest import save_shot, sign_in_demo

BOUGHT_ELSEWHERE = 300_007      # "Modern Love": in the basket, then bought on another device
OTHER = 300_004


def _basket_with(qtbot, parts, client, release_ids):
    basket = parts.shopping.basket
    for release_id in release_ids:
        assert basket.add(client.release(release_id))
    qtbot.waitUntil(lambda: basket.is_synced and basket.count == len(release_ids), timeout=10000)


def _question(qtbot, parts):
    owned = parts.shopping.panel.before_checkout
    qtbot.waitUntil(lambda: owned.box is not None and owned.box.isVisible(), timeout=15000)
    return owned.box


def test_an_item_bought_elsewhere_is_named_and_can_be_removed_before_paying(qtbot, parts, client, sandbox,
                                                                           opened_urls, tmp_path):
    shopping = parts.shopping
    basket, panel, checkout = shopping.basket, shopping.panel, shopping.checkout
    sign_in_demo(qtbot, parts)
    _basket_with(qtbot, parts, client, [BOUGHT_ELSEWHERE, OTHER])
    item = next(i for i in basket.items if i.release_id == str(BOUGHT_ELSEWHERE))
    token, _ = signed_in_user(client)               # the same user, elsewhere: the website
    buy_release(sandbox, client, token, BOUGHT_ELSEWHERE)
    assert not parts.availability.ownership.owned_tracks(BOUGHT_ELSEWHERE)     # the app doesn't know yet

    opened = []
    checkout.checkout_opened.connect(opened.append)
    panel.show()
    qtbot.mouseClick(panel.checkout_button, Qt.MouseButton.LeftButton)
    box = _question(qtbot, parts)
    text = box.text()
    assert f"“{item.title}” – {item.artist} ({item.price})" in text and item.price
    assert text.startswith("You already own 1 item")     # "item(s)" until the English plurals are filled
    other = next(i for i in basket.items if i.release_id == str(OTHER))
    assert other.title not in text
    save_shot(box, tmp_path, "owned-at-checkout")

    # Cancel: nothing changes, no browser.
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: panel.before_checkout.box is None, timeout=3000)
    assert basket.count == 2 and opened == []

    # Remove and continue: the basket loses it, and the checkout opens for the rest.
    qtbot.mouseClick(panel.checkout_button, Qt.MouseButton.LeftButton)
    box = _question(qtbot, parts)
    with qtbot.waitSignal(checkout.checkout_opened, timeout=15000):
        box.findChild(type(panel.checkout_button), "owned_remove").click()
    assert [i.release_id for i in basket.items] == [str(OTHER)]
    assert len(opened) == 1 and len(opened_urls) == 1


def test_continue_anyway_opens_the_checkout_with_everything(qtbot, parts, client, sandbox, opened_urls):
    shopping = parts.shopping
    basket, panel, checkout = shopping.basket, shopping.panel, shopping.checkout
    sign_in_demo(qtbot, parts)
    _basket_with(qtbot, parts, client, [BOUGHT_ELSEWHERE])
    token, _ = signed_in_user(client)
    buy_release(sandbox, client, token, BOUGHT_ELSEWHERE)
    panel.show()
    panel.start_checkout()
    box = _question(qtbot, parts)
    with qtbot.waitSignal(checkout.checkout_opened, timeout=15000):
        box.findChild(type(panel.checkout_button), "owned_keep").click()
    assert basket.count == 1


def test_nothing_owned_goes_straight_to_the_checkout(qtbot, parts, client, opened_urls):
    shopping = parts.shopping
    sign_in_demo(qtbot, parts)
    _basket_with(qtbot, parts, client, [OTHER])
    shopping.panel.show()
    with qtbot.waitSignal(shopping.checkout.checkout_opened, timeout=15000):
        shopping.panel.start_checkout()
    assert shopping.panel.before_checkout.box is None
