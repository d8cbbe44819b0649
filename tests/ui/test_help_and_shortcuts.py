"""Issue 17 item 9: Help → About and Keyboard shortcuts (generated from the actions), a Playback
menu, and shortcuts in tooltips and context menus."""
from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.about_dialog import AboutDialog
from app.ui.shortcuts_dialog import ShortcutsDialog
from tests.ui.conftest import open_release, save_shot


def menu_texts(window, key):
    return [a.text() for a in window.menu(key).actions() if not a.isSeparator()]


def open_from_menu(window, menu_key, text):
    """Choose a menu item (a popup would grab the keyboard, which the offscreen platform refuses)."""
    next(a for a in window.menu(menu_key).actions() if a.text() == text).trigger()


def test_help_about_lists_version_licences_and_folders(qtbot, parts, tmp_path):
    window = parts.window
    open_from_menu(window, "Help", "About 7digital Browser")
    qtbot.waitUntil(lambda: window.findChild(AboutDialog) is not None and window.findChild(AboutDialog).isVisible())
    dialog = window.findChild(AboutDialog)
    rows = {dialog.libraries.topLevelItem(i).text(0): dialog.libraries.topLevelItem(i).text(2)
            for i in range(dialog.libraries.topLevelItemCount())}
    assert "PySide6" in rows and "LGPL" in rows["PySide6"]
    assert all(rows.values()), rows                       # every library says its licence
    assert str(tmp_path) in dialog.folders.text()         # the data and cache folders in use
    save_shot(dialog, tmp_path, "about")
    dialog.close()


def test_the_shortcuts_window_is_made_from_the_actions_and_filters(qtbot, parts, tmp_path):
    window = parts.window
    qtbot.keyClick(window, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(ShortcutsDialog) is not None)
    dialog = window.findChild(ShortcutsDialog)
    rows = dict(dialog.visible_rows())
    assert rows["Back"].startswith("Alt+Left") and rows["Play/Pause"] == "Space"
    assert rows["Previous track"] == "Ctrl+Left" and rows["Seek forward 5 s"] == "Right"
    # It can't drift: every action with a key in the window's menus is listed with those keys.
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.shortcuts() and not action.isSeparator():
                assert action.text().replace("&", "") in rows
    qtbot.keyClicks(dialog.filter, "seek")
    assert {text for text, _keys in dialog.visible_rows()} == {"Seek back 5 s", "Seek forward 5 s"}
    save_shot(dialog, tmp_path, "shortcuts")
    dialog.close()


def test_playback_menu_and_tooltips_say_their_keys(qtbot, parts, client):
    window = parts.window
    texts = menu_texts(window, "Playback")
    for expected in ("Play/Pause", "Previous track", "Next track", "Seek back 5 s", "Seek forward 5 s",
                     "Clear queue"):
        assert expected in texts
    assert window.back_action.toolTip() == "Back (Alt+Left)"
    release = client.search_releases("love", 1, 1).items[0]
    page = open_release(qtbot, window, release.id)
    add_column = len(page.tracks.columns) - 1
    assert "(Ctrl+B)" in page.tracks.index(0, add_column).data(Qt.ItemDataRole.ToolTipRole)


def test_seek_keys_leave_arrows_to_tables_and_text_fields(qtbot, parts, client):
    window = parts.window
    player = parts.player
    release = client.search_releases("love", 1, 1).items[0]
    page = open_release(qtbot, window, release.id)
    seeks = []
    player.seeked.connect(seeks.append)
    table = page.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 2))
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 1 and seeks == []
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "ab")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Left)
    assert window.search_box.cursorPosition() == 1 and seeks == []
