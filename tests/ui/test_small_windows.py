"""At 800x600 the release page reflows: no horizontal scrollbar, the title whole, prices and
"Preview all" visible, a usable seek bar."""
from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QScrollArea

from app.models.tracks import Column
from app.ui.player_bar import PlayerBar
from tests.ui.conftest import open_release, save_shot


def test_a_release_page_fits_an_800_px_window(qtbot, parts, client, tmp_path):
    window = parts.window
    qtbot.waitUntil(lambda: getattr(window, "docks_settled", True))
    window.resize(800, 600)
    basket = window.findChild(QDockWidget, "basket_dock")
    qtbot.waitUntil(lambda: basket.width() <= 0.3 * window.width() + 1, timeout=3000)   # capped by share
    release = client.search_releases("a").items[0]
    view = open_release(qtbot, window, release.id)
    parts.player.enqueue(tuple(view.tracks.tracks()[:1]))          # the player bar shows
    bar = window.findChild(PlayerBar)
    qtbot.waitUntil(lambda: bar.isVisible(), timeout=3000)
    scroll = view.findChild(QScrollArea)
    qtbot.waitUntil(lambda: not scroll.horizontalScrollBar().isVisible(), timeout=3000)
    save_shot(window, tmp_path, "release-800x600")
    viewport = scroll.viewport()
    for widget in (view.heading, view.preview_button, view.add_button):
        right = widget.mapTo(viewport, widget.rect().topRight()).x()
        assert right <= viewport.width(), f"{widget.objectName() or widget.text()} is cut off"
    table = view.table
    price = table.model().column_of(Column.PRICE)
    header = table.horizontalHeader()
    assert header.sectionViewportPosition(price) + header.sectionSize(price) <= table.viewport().width()
    first_price = table.model().index(0, price).data()
    assert header.sectionSize(price) >= table.fontMetrics().horizontalAdvance(first_price)
    assert bar.seek_slider.width() >= 200
