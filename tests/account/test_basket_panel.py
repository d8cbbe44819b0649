"""The basket dock and its badge (app/ui/basket_panel.py, app/models/basket.py)."""
from __future__ import annotations

import html

import requests
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD
from app.ui.basket_panel import BasketBadge, BasketPanel


def _panel(qtbot, shop):
    panel = BasketPanel(shop.basket, shop.checkout)
    qtbot.addWidget(panel)
    panel.resize(600, 400)
    panel.show()
    return panel


def _cells(panel):
    model = panel.model
    return [[model.index(row, column).data() for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def test_the_panel_lists_items_with_price_and_the_total_due(qtbot, shop, client, for_sale):
    panel = _panel(qtbot, shop)
    badge = BasketBadge(shop.basket, panel)
    qtbot.addWidget(badge)
    assert badge.text() == "Basket" and panel.total_label.text() == "Your basket is empty"
    track = next(t for t in client.release_tracks(for_sale[1].id).items if t.price and t.price.value)
    shop.basket.add(for_sale[0])
    shop.basket.add(for_sale[1], track)
    qtbot.waitUntil(lambda: shop.basket.is_synced and shop.basket.count == 2, timeout=10000)
    artist0 = for_sale[0].artist.name
    assert _cells(panel)[0] == [artist0, for_sale[0].title, "Release", for_sale[0].price.formatted]
    assert _cells(panel)[1][1:] == [track.title, "Track", track.price.formatted]
    total = client.basket(shop.basket.basket_id).amount_due.formatted
    assert panel.total_label.text() == f"Total due: {total}"
    assert badge.text() == "Basket (2)"


def test_remove_and_undo_from_the_panel(qtbot, shop, for_sale):
    panel = _panel(qtbot, shop)
    for release in for_sale[:3]:
        shop.basket.add(release)
    qtbot.waitUntil(lambda: shop.basket.is_synced and shop.basket.count == 3, timeout=10000)
    before = _cells(panel)
    panel.table.selectRow(1)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert _cells(panel) == [before[0], before[2]]
    assert panel.undo_bar.isVisible() and for_sale[1].title in panel.undo_label.text()
    qtbot.waitUntil(lambda: shop.basket.is_synced, timeout=10000)
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert _cells(panel)[:2] == before[:2] and not panel.undo_bar.isVisible()
    qtbot.waitUntil(lambda: shop.basket.is_synced and _cells(panel) == before, timeout=10000)


def test_without_a_browser_the_checkout_link_is_shown_to_copy(qtbot, shop, for_sale):
    # No URL handler: under the offscreen platform openUrl returns False, as with no browser installed.
    panel = _panel(qtbot, shop)
    shop.basket.add(for_sale[0])
    qtbot.waitUntil(lambda: shop.basket.is_synced, timeout=10000)
    with qtbot.waitSignal(shop.account.reauth_required):
        qtbot.mouseClick(panel.checkout_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(shop.checkout.browser_failed, timeout=10000) as failed:
        shop.account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    url = failed.args[0]
    dialog = panel.findChild(QDialog, "checkout_link_dialog")
    assert dialog is not None and dialog.isVisible() and dialog.url_field.text() == url
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == url
    assert panel.check_button.isVisible()            # "I've paid" asks the store at once


def test_checkout_waits_for_the_store_basket_to_catch_up(qtbot, shop, opened_urls, for_sale):
    panel = _panel(qtbot, shop)
    shop.account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    qtbot.waitUntil(lambda: shop.account.signed_in, timeout=10000)
    shop.basket.add(for_sale[0])
    assert not shop.basket.is_synced
    with qtbot.waitSignal(shop.checkout.checkout_opened, timeout=10000):
        panel.start_checkout()                      # clicked before the add reached the store
    page = requests.get(opened_urls[0], timeout=5).text
    assert html.escape(for_sale[0].title) in page
