"""The search box shows the query of the page shown, or nothing (issue 17, item 15): not an old
query after Home or Back, not a pasted link once its page is open."""
from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import save_shot


def _search(qtbot, window, text: str) -> None:
    box = window.search_box
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.navigator.current == f"search:{text}", timeout=10000)


def test_home_back_forward_and_a_pasted_link_leave_no_stale_text(qtbot, parts, for_sale, tmp_path):
    window = parts.window
    box = window.search_box
    qtbot.waitUntil(lambda: box.isEnabled() and window.navigator.current == "home", timeout=10000)
    _search(qtbot, window, "love")
    assert box.text() == "love"

    qtbot.mouseClick(window.toolbar.widgetForAction(window.home_action), Qt.MouseButton.LeftButton)
    assert window.navigator.current == "home" and box.text() == ""

    window.back_action.trigger()                      # back to the search: its query again
    qtbot.waitUntil(lambda: window.navigator.current == "search:love", timeout=10000)
    assert box.text() == "love"
    window.forward_action.trigger()                   # forward to Home: nothing
    assert window.navigator.current == "home" and box.text() == ""

    _search(qtbot, window, "night")
    window.open(f"release:{for_sale[0].id}")          # a result opened: not a search page
    assert box.text() == ""
    window.back_action.trigger()
    qtbot.waitUntil(lambda: window.navigator.current == "search:night", timeout=10000)
    assert box.text() == "night"

    # A pasted 7digital link opens its page; the link doesn't stay in the box.
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().setText(f"https://www.7digital.com/artist/x/release/y-{for_sale[1].id}")
    box.setFocus()
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.navigator.current == f"release:{for_sale[1].id}", timeout=10000)
    assert box.text() == ""
    save_shot(window, tmp_path, "search_box_after_link")
