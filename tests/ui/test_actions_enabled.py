"""Actions are enabled only when they can act (issue 17, item 14): basket Remove with a selection,
Account → Checkout… with something in the basket and no checkout starting, Playback → Stop and
Clear queue with something playing or queued."""
from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import save_shot


def _menu_action(window, menu: str, name: str):
    return next(a for a in window.menu(menu).actions() if a.objectName() == name)


def test_remove_and_checkout_follow_selection_and_basket(qtbot, parts, for_sale, tmp_path):
    window, shopping = parts.window, parts.shopping
    panel = shopping.panel
    panel.show()
    checkout = _menu_action(window, "Account", "checkout_action")
    assert not checkout.isEnabled() and not panel.checkout_button.isEnabled()
    assert not panel.remove_button.isEnabled() and not panel.remove_action.isEnabled()

    shopping.basket.add(for_sale[0])
    shopping.basket.add(for_sale[1])
    qtbot.waitUntil(lambda: shopping.basket.is_synced and shopping.basket.count == 2, timeout=10000)
    assert checkout.isEnabled() and panel.checkout_button.isEnabled()
    assert not panel.remove_button.isEnabled(), "Remove with nothing selected"
    save_shot(window, tmp_path, "basket_nothing_selected")

    table = panel.table
    rect = table.visualRect(panel.model.index(1, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.remove_button.isEnabled() and panel.remove_action.isEnabled()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert shopping.basket.count == 1
    table.clearSelection()
    assert not panel.remove_button.isEnabled()

    # A checkout starting (sign-in asked): no second one from the menu meanwhile.
    with qtbot.waitSignal(shopping.account.reauth_required, timeout=10000):
        checkout.trigger()
    assert not checkout.isEnabled() and not panel.checkout_button.isEnabled()
    shopping.sign_in_dialog.reject()


def test_playback_stop_and_clear_queue_wait_for_something_to_act_on(qtbot, parts):
    window = parts.window
    stop = _menu_action(window, "Playback", "stop_action")
    clear = _menu_action(window, "Playback", "clear_queue_action")
    assert not stop.isEnabled() and not clear.isEnabled()
    from PySide6.QtWidgets import QPushButton

    queue_clear = window.findChild(QPushButton, "queue_clear")
    assert queue_clear is not None and not queue_clear.isEnabled()
