"""Issue 17 items 1, 7, 8: the wheel over a page, Tab out of tables, Down from the search box."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QScrollArea, QTableView

from app.ui.artist_view import ArtistView
from tests.ui.conftest import open_release, save_shot


def wheel(widget, dx: int = 0, dy: int = -120, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """One notch of a real wheel event over the middle of `widget` (dy < 0: scroll down)."""
    pos = QPointF(widget.rect().center())
    event = QWheelEvent(pos, QPointF(widget.mapToGlobal(pos.toPoint())), QPoint(), QPoint(dx, dy),
                        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def page_bar(widget):
    parent = widget.parentWidget()
    while not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent.verticalScrollBar()


def open_artist(qtbot, parts, client):
    releases = client.search_releases("love", 1, 20).items
    window = parts.window
    window.open(f"artist:{releases[0].artist.id}")
    page = window.current_view
    assert isinstance(page, ArtistView)
    qtbot.waitUntil(lambda: page.artist is not None and page.releases.rowCount() > 0, timeout=10_000)
    return page


def test_a_vertical_wheel_over_the_release_tabs_scrolls_the_page(qtbot, parts, client, tmp_path):
    parts.window.resize(900, 520)
    page = open_artist(qtbot, parts, client)
    tabs, bar = page.release_tabs, page_bar(page.release_tabs)
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert tabs.currentIndex() == 0
    before = bar.value()
    wheel(tabs, dy=-120)
    assert tabs.currentIndex() == 0                       # the tab stays
    assert bar.value() > before                           # the page moved instead
    wheel(tabs, dx=-120, dy=0)                            # a sideways swipe does switch tabs
    assert tabs.currentIndex() == 1
    save_shot(parts.window, tmp_path, "wheel_artist_tabs")


def test_a_vertical_wheel_over_a_cover_strip_scrolls_the_page(qtbot, parts, client, tmp_path):
    parts.window.resize(900, 520)
    release = client.search_releases("love", 1, 1).items[0]
    page = open_release(qtbot, parts.window, release.id)
    qtbot.waitUntil(lambda: page.more.isVisible() and page.recommended.rowCount() > 0, timeout=10_000)
    strip, bar = page.more, page_bar(page.more)
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(0)
    sideways = strip.horizontalScrollBar()
    wheel(strip.viewport(), dx=-8, dy=-120)            # a touchpad's wheel is never quite straight
    assert sideways.value() == 0 and bar.value() > 0
    if sideways.maximum() > 0:                                          # a strip wider than the page
        wheel(strip.viewport(), dy=-120, modifiers=Qt.KeyboardModifier.ShiftModifier)
        assert sideways.value() > 0
        sideways.setValue(0)
        wheel(strip.viewport(), dx=-120, dy=0)
        assert sideways.value() > 0


def test_tab_leaves_every_table_and_list_arrows_move_inside(qtbot, parts, client):
    release = client.search_releases("love", 1, 1).items[0]
    page = open_release(qtbot, parts.window, release.id)
    table = page.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 2))
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 1                # arrows move inside
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus()                           # one Tab leaves the table
    views = [v for v in parts.window.findChildren(QAbstractItemView)]
    assert any(isinstance(v, QTableView) for v in views)
    trapping = [v.objectName() or type(v).__name__ for v in views if v.tabKeyNavigation()]
    assert trapping == []


def test_down_from_the_search_box_selects_the_first_result(qtbot, parts):
    window = parts.window
    with qtbot.waitSignal(parts.search.finished, timeout=10_000):
        qtbot.keyClicks(window.search_box, "love")
    view = window.search_view
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    grid = view.main_list()
    assert grid.hasFocus()
    first = grid.model().index(0, 0)
    assert grid.currentIndex() == first
    assert grid.selectionModel().isSelected(first)
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert grid.currentIndex().row() == 1
