"""The checkout state offers "Copy link" and "Open again" whether or not a browser opened, and says
which it was (issue 17, item 13). The system browser is a URL handler here (or none: no browser)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from tests.system_browser import catching_urls
from tests.ui.conftest import save_shot, sign_in_demo


def test_without_a_browser_the_checkout_state_offers_copy_and_open_again(qtbot, parts, for_sale, tmp_path):
    window, shopping = parts.window, parts.shopping
    sign_in_demo(qtbot, parts)
    owned = {str(entry.release.id) for entry in shopping.locker.releases}
    release = next(r for r in for_sale if str(r.id) not in owned)
    panel = shopping.panel
    panel.show()
    shopping.basket.add(release)
    qtbot.waitUntil(lambda: shopping.basket.is_synced and shopping.basket.count == 1, timeout=10000)

    # No URL handler: offscreen, openUrl fails as with no browser installed.
    with qtbot.waitSignal(shopping.checkout.browser_failed, timeout=10000) as failed:
        qtbot.mouseClick(panel.checkout_button, Qt.MouseButton.LeftButton)
    url = failed.args[0]
    if panel._link_dialog is not None:
        panel._link_dialog.hide()
    assert "Complete your purchase in the browser" not in panel.status_label.text()
    assert panel.status_label.text().startswith("No web browser opened:")
    for button in (panel.copy_link_button, panel.open_again_button, panel.check_button):
        assert button.isVisible() and button.isEnabled(), button.text()
    save_shot(window, tmp_path, "checkout_no_browser")

    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(panel.copy_link_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == url

    # A browser now: "Open again" hands it the same page, and the words follow.
    with catching_urls() as opened:
        with qtbot.waitSignal(shopping.checkout.checkout_opened, timeout=5000):
            qtbot.mouseClick(panel.open_again_button, Qt.MouseButton.LeftButton)
    assert opened == [url]
    assert panel.status_label.text().startswith("Complete your purchase in the browser")
    assert panel.copy_link_button.isVisible() and panel.open_again_button.isVisible()
    save_shot(window, tmp_path, "checkout_browser_opened")

    # Done waiting: the checkout row goes away.
    shopping.checkout.stop_waiting()
    assert not panel.checkout_bar.isVisible() and panel.status_label.text() == ""
