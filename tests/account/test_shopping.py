"""Buying, wired into the real main window as app/composition.py builds it (app/ui/shopping.py)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from app.models.roles import ItemRole
from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD


@pytest.fixture
def app_parts(qtbot, client, tmp_path, memory_keyring):
    from app.composition import Paths, build
    from app.main import parse_args

    parts = build(parse_args([]), Paths.under(tmp_path))
    parts.store.set_client(client)
    qtbot.addWidget(parts.window)
    parts.window.show()
    qtbot.waitExposed(parts.window)
    yield parts
    parts.shopping.checkout.stop_waiting()
    parts.window.close()
    assert parts.shutdown(), "a worker was still running after the test"


def test_adding_from_a_view_confirms_and_counts_in_the_toolbar(qtbot, app_parts, for_sale, tmp_path):
    window, shopping = app_parts.window, app_parts.shopping
    window.add_to_basket_requested.emit(for_sale[0], None)      # what a release page's button sends
    assert "Added" in window.statusBar().currentMessage() and for_sale[0].title in window.statusBar().currentMessage()
    assert shopping.badge.text() == "Basket (1)"
    qtbot.waitUntil(lambda: shopping.basket.is_synced, timeout=10000)
    assert shopping.panel.model.rowCount() == 1
    qtbot.waitUntil((tmp_path / "basket.json").exists, timeout=5000)   # beside this test's settings
    window.add_to_basket_requested.emit(for_sale[0], None)
    assert "already in your basket" in window.statusBar().currentMessage()


def test_the_toolbar_and_account_menu_sign_in_and_out(qtbot, app_parts):
    window, shopping = app_parts.window, app_parts.shopping
    titles = [action.text() for action in window.menu("Account").actions()]
    assert titles == ["Sign in…", "Sign out", "My music", "Checkout…"]
    qtbot.mouseClick(shopping.account_button, Qt.MouseButton.LeftButton)
    dialog = shopping.sign_in_dialog
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.email_field, DEMO_USER_EMAIL)
    qtbot.keyClicks(dialog.password_field, DEMO_USER_PASSWORD)
    qtbot.keyClick(dialog.password_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shopping.account_button.text() == DEMO_USER_EMAIL, timeout=10000)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: len(shopping.locker.releases) > 0, timeout=10000)
    window.menu("Account").actions()[1].trigger()               # Sign out
    assert shopping.account_button.text() == "Sign in" and shopping.locker.releases == ()


def test_an_expired_sign_in_reopens_the_dialog_and_the_basket_is_untouched(qtbot, app_parts, sandbox, for_sale,
                                                                           opened_urls):
    shopping = app_parts.shopping
    shopping.account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    qtbot.waitUntil(lambda: shopping.account.signed_in and not shopping.locker.loading, timeout=10000)
    shopping.basket.add(for_sale[0])
    qtbot.waitUntil(lambda: shopping.basket.is_synced, timeout=10000)
    sandbox.revoke_tokens()
    shopping.panel.start_checkout()
    qtbot.waitUntil(lambda: shopping.sign_in_dialog.isVisible(), timeout=10000)
    assert "expired" in shopping.sign_in_dialog.reason_label.text()
    assert shopping.basket.count == 1 and opened_urls == []
    qtbot.keyClicks(shopping.sign_in_dialog.password_field, DEMO_USER_PASSWORD)
    shopping.sign_in_dialog.email_field.setText(DEMO_USER_EMAIL)
    qtbot.mouseClick(shopping.sign_in_dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(opened_urls) == 1, timeout=10000)   # the checkout went ahead after all


def test_a_release_page_button_and_ctrl_b_on_a_track_fill_the_basket(qtbot, app_parts, for_sale):
    from PySide6.QtWidgets import QMessageBox

    window, basket = app_parts.window, app_parts.shopping.basket
    release = for_sale[0]
    window.open(f"release:{release.id}")
    qtbot.waitUntil(lambda: getattr(window.current_view, "release", None) is not None
                    and window.current_view.table.model().rowCount() > 0, timeout=10000)
    view = window.current_view
    table = view.table
    qtbot.waitUntil(table.isVisible, timeout=5000)      # the page shows on the turn after it is built
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: basket.is_synced and basket.count == 1, timeout=10000)
    assert [item.type for item in basket.items] == ["track"]
    # The whole release while one of its tracks is in the basket: asked first, then replaced.
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    box = window.findChild(QMessageBox, "basket_question")
    assert box is not None and box.isVisible() and basket.count == 1
    replace = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    qtbot.mouseClick(replace, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: basket.is_synced and [item.type for item in basket.items] == ["release"],
                    timeout=10000)
    assert {item.release_id for item in basket.items} == {str(release.id)}


def test_ctrl_b_and_the_menu_key_on_a_release_card_fill_the_basket(qtbot, app_parts):
    window, basket = app_parts.window, app_parts.shopping.basket
    window.open("search:love")
    view = window.current_view
    grid = view.release_grid
    view.tabs.setCurrentWidget(grid.parentWidget())
    qtbot.waitUntil(lambda: grid.model().rowCount() > 0, timeout=10000)
    grid.setFocus()
    first = grid.model().index(0, 0)
    grid.setCurrentIndex(first)
    qtbot.keyClick(grid, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: basket.is_synced and basket.count == 1, timeout=10000)
    assert [(item.type, item.release_id) for item in basket.items] == \
        [("release", first.data(ItemRole.LOCATION).split(":")[1])]
    # The Menu key (offscreen has none: the keyboard context menu event xcb makes of it) opens the
    # current card's menu, which names the key.
    card = grid.model().index(grid.model().rowCount() - 1, 0)
    grid.setCurrentIndex(card)
    QApplication.sendEvent(window.windowHandle(), QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(), QPoint()))
    menu = grid.last_menu
    assert menu.isVisible()
    artist = card.data(ItemRole.RECORD).artist.name.replace("&", "&&")
    assert f"Go to {artist}" in [a.text() for a in menu.actions()]
    add = next(a for a in menu.actions() if a.text() == "Add release to basket")
    assert add.shortcut().toString() == "Ctrl+B"
    menu.close()


def test_switching_the_store_country_reprices_the_basket(qtbot, app_parts, for_sale):
    basket = app_parts.shopping.basket
    basket.add(for_sale[0])
    qtbot.waitUntil(lambda: basket.is_synced, timeout=10000)
    gb_id = basket.basket_id
    app_parts.store.set_country("US")                            # what the toolbar's country menu does
    qtbot.waitUntil(lambda: basket.is_synced and basket.basket_id != gb_id, timeout=10000)
    assert basket.country == "US" and basket.items[0].price.startswith("$")
    assert app_parts.shopping.panel.total_label.text().startswith("Total due: $")


def test_a_track_without_its_release_is_explained_and_not_added(qtbot, app_parts, client, for_sale):
    from dataclasses import replace

    window, basket = app_parts.window, app_parts.shopping.basket
    track = replace(client.release_tracks(for_sale[0].id).items[0], release=None)
    window.add_to_basket_requested.emit(None, track)
    assert window.statusBar().currentMessage() == "A track can only be bought with its release."
    assert basket.count == 0
