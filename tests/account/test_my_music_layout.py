"""My music reads at a dock's width (issue 17, item 21): release rows say title, artist, date and
track count, track rows only what differs, titles get the room; a context menu (mouse or the Menu
key) opens, downloads and copies the link; Enter opens."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.models.roles import ItemRole
from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD
from app.ui.locker_view import LockerView
from tests.ui.conftest import save_shot


def test_releases_with_tracks_below_titles_get_the_room_and_a_menu(qtbot, shop, tmp_path):
    view = LockerView(shop.locker, shop.account)
    qtbot.addWidget(view)
    view.resize(320, 480)                   # the dock on an 800 px window
    view.show()
    shop.account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and not shop.locker.loading, timeout=10000)
    tree, model = view.tree, view.model
    tree.expandAll()
    release_row = model.item(0)
    entry = release_row.data(ItemRole.RECORD)
    artist = entry.release.artist.name
    assert model.index(0, 1).data() == artist
    # (English plural forms come from sevendigital-browser_en.qm: "tracks" once the lead has rebuilt it)
    assert model.index(0, 3).data().startswith(f"{len(entry.tracks)} track")
    first_track = model.index(0, 0, model.index(0, 0))
    assert first_track.siblingAtColumn(1).data() in ("", None) or first_track.siblingAtColumn(1).data() != artist
    assert first_track.siblingAtColumn(2).data() in ("", None)       # the date is said once, on the release

    header = tree.header()
    width = tree.viewport().width()
    assert header.sectionSize(0) >= width // 2, [header.sectionSize(c) for c in range(4)] + [width]
    title_width = tree.fontMetrics().horizontalAdvance(entry.release.title[:12])
    assert header.sectionSize(0) > title_width       # more than a few letters of the title
    save_shot(view, tmp_path, "my_music_320")

    # Enter on a release opens it.
    tree.setFocus()
    tree.setCurrentIndex(model.index(0, 0))
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert opened.args == [f"release:{entry.release.id}"]

    # The Menu key on a track row: its release's menu.
    tree.setCurrentIndex(first_track)
    qtbot.keyClick(tree, Qt.Key.Key_Menu)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), type(view._menu))
                    if getattr(view, "_menu", None) is not None else False, timeout=5000)
    menu = view._menu
    assert [a.text() for a in menu.actions()] == ["Open release", "Download", "Copy link"]
    save_shot(menu, tmp_path, "my_music_menu")
    with qtbot.waitSignal(view.download_requested) as download:
        menu.hide()
        view.download_action.trigger()
    assert download.args == [[str(entry.release.id)]]
    link = view._release_link(entry)      # the store's web page, when it sent one a browser may open
    assert view.copy_link_action.isEnabled() == bool(link)
    if link:
        view.copy_link_action.trigger()
        assert QGuiApplication.clipboard().text() == link
