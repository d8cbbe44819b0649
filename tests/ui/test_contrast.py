"""Issue 17 item 11: icons on a selected track row, and the seek bar's unplayed part, stand out
(WCAG 1.4.11: 3:1 for icons and controls; 4.5:1 for the selected row's text), light and dark.
Measured on the pixels the app actually draws."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from app.models.tracks import Column
from app.ui.player_bar import PlayerBar
from app.ui.theme import apply_theme
from tests.ui.conftest import open_release, save_shot


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def ratio(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def strongest(image, rect, background: QColor) -> float:
    """The contrast of the pixel in `rect` that stands out most from `background`."""
    return max(ratio(image.pixelColor(x, y), background)
               for x in range(rect.left() + 2, rect.right() - 1) for y in range(rect.top() + 2, rect.bottom() - 1))


@pytest.fixture(params=[False, True], ids=["light", "dark"])
def scheme(request, qapp):
    apply_theme(qapp, dark=request.param)
    yield "dark" if request.param else "light"
    apply_theme(qapp, dark=None)


def test_icons_and_text_on_a_selected_row(qtbot, parts, client, scheme, tmp_path):
    release = client.search_releases("love", 1, 1).items[0]
    page = open_release(qtbot, parts.window, release.id)
    table, model = page.table, page.tracks
    parts.window.set_playing_track(model.track(0).id)        # the speaker icon on row 0
    table.setFocus()
    table.selectRow(0)
    table.selectRow(1)
    table.selectRow(0)
    qtbot.waitUntil(lambda: table.selectionModel().isRowSelected(0))
    image = table.viewport().grab().toImage()
    save_shot(table, tmp_path, f"selected-row-{scheme}")
    background = QApplication.palette().color(QPalette.ColorRole.Highlight)
    found = {}
    for column in (Column.PREVIEW, Column.ADD):
        rect = table.visualRect(model.index(0, model.column_of(column)))
        rect.setTopLeft(rect.topLeft() * image.devicePixelRatio())
        found[column.value] = round(strongest(image, rect, image.pixelColor(rect.topLeft() + QPoint(1, 1))), 2)
    assert all(value >= 3.0 for value in found.values()), found
    text = QApplication.palette().color(QPalette.ColorRole.HighlightedText)
    assert ratio(text, background) >= 4.5


def test_the_unplayed_part_of_the_seek_bar_shows(qtbot, parts, scheme, tmp_path):
    bar = parts.window.findChild(PlayerBar)
    bar.show()
    slider = bar.seek_slider
    slider.setEnabled(True)
    slider.setRange(0, 1000)
    slider.setValue(100)
    image = slider.grab().toImage()
    save_shot(bar, tmp_path, f"seek-bar-{scheme}")
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    y = image.height() // 2
    x = int(image.width() * 0.8)                              # well into the unplayed part
    groove = image.pixelColor(x, y)
    assert ratio(groove, window) >= 3.0, (groove.name(), window.name())
