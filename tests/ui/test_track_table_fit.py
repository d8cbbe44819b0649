"""The price column of a track table fits its contents as Qt's ResizeToContents did, but measures its
rows when they change, not at every resize and relayout (issue 18: it was half the table's Python calls)."""
from __future__ import annotations

from PySide6.QtWidgets import QHeaderView

from app.models.tracks import SEARCH_COLUMNS, Column, TrackTableModel
from app.ui import track_table
from app.ui.track_table import TrackTable


def _table(qtbot, catalogue, fits_itself: bool = True) -> TrackTable:
    table = TrackTable(TrackTableModel(catalogue, SEARCH_COLUMNS))
    if not fits_itself:     # the reference: Qt's own ResizeToContents, as the column was before
        table._price_column = -1
        table.horizontalHeader().setSectionResizeMode(table.model().column_of(Column.PRICE),
                                                      QHeaderView.ResizeMode.ResizeToContents)
    qtbot.addWidget(table)
    table.resize(900, 420)
    table.show()
    qtbot.waitExposed(table)
    return table


def _price_width(table: TrackTable) -> int:
    return table.horizontalHeader().sectionSize(table.model().column_of(Column.PRICE))


def test_the_price_column_is_as_wide_as_resize_to_contents_made_it_and_refits_new_rows(qtbot, catalogue, client):
    ours, reference = _table(qtbot, catalogue), _table(qtbot, catalogue, fits_itself=False)
    tracks = client.search_tracks("the", 1, 50)
    prices = [t for t in tracks.items if t.price is not None and t.price.value is not None]
    unsold = [t for t in tracks.items if t.price is not None and t.price.value is None]
    assert prices and unsold, "the catalogue has tracks for sale and not among the first 50 'the' tracks"
    for items in (prices[:3], prices[:3] + unsold[:1]):     # then a wider "Not for sale"
        page = type(tracks)(items=tuple(items), page=1, page_size=len(items), total_items=len(items))
        for table in (ours, reference):
            table.model().show_page(page)
        qtbot.waitUntil(lambda: _price_width(ours) == _price_width(reference) > 0, timeout=3000)
    assert _price_width(ours) > ours.fontMetrics().horizontalAdvance(prices[0].price.formatted or "")


def test_resizing_the_table_does_not_measure_the_prices_again(qtbot, catalogue, client, monkeypatch):
    measured = []
    original = track_table._TrackDelegate.sizeHint     # patched first: PySide remembers an override once used
    monkeypatch.setattr(track_table._TrackDelegate, "sizeHint",
                        lambda self, option, index: measured.append(index.row()) or original(self, option, index))
    table = _table(qtbot, catalogue)
    table.model().show_page(client.search_tracks("the", 1, 20))
    qtbot.waitUntil(lambda: len(measured) >= 20, timeout=3000)       # fitted to its rows, once
    width, fitted = _price_width(table), len(measured)
    header = table.horizontalHeader()
    for size in ((700, 400), (950, 300), (800, 500)):
        table.resize(*size)
        # The stretched columns have taken the new width: the header has laid its sections out again.
        qtbot.waitUntil(lambda: header.length() == table.viewport().width(), timeout=3000)
        table.repaint()
    assert len(measured) == fitted and _price_width(table) == width
