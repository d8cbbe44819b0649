"""BasketTableModel: the basket's items as rows (artist, title, type, price) for the basket panel."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QObject, Qt

from app.basket.basket import Basket

from .roles import ItemRole

COLUMNS = (QT_TRANSLATE_NOOP("BasketTableModel", "Artist"), QT_TRANSLATE_NOOP("BasketTableModel", "Title"),
           QT_TRANSLATE_NOOP("BasketTableModel", "Type"), QT_TRANSLATE_NOOP("BasketTableModel", "Price"))


class BasketTableModel(QAbstractTableModel):
    """Mirrors a Basket; resets on every change (a basket holds tens of rows, not thousands)."""

    def __init__(self, basket: Basket, parent: QObject | None = None):
        super().__init__(parent)
        self._basket = basket
        self._items = basket.items
        basket.changed.connect(self._on_basket_changed)

    def item(self, row: int):
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return self.tr(COLUMNS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return item.artist
            if column == 1:
                return item.title
            if column == 2:
                return self.tr("Track", "basket item type") if item.type == "track" \
                    else self.tr("Release", "basket item type")
            if column == 3:
                return item.price or "…"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if item.item_id:
                return f"{item.artist} — {item.title}"
            return self.tr("{artist} — {title} (waiting for the store)").format(artist=item.artist,
                                                                                 title=item.title)
        if role == ItemRole.RECORD:
            return item
        if role == ItemRole.LOCATION:
            return f"release:{item.release_id}"
        return None

    def _on_basket_changed(self) -> None:
        if self._basket.items == self._items:
            return
        self.beginResetModel()
        self._items = self._basket.items
        self.endResetModel()
