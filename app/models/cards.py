"""A paged list of store records shown as cards (cover, title, two lines), covers loaded lazily.

The view only asks for DecorationRole on rows it paints, so a cover is requested the first time
its row is painted and `dataChanged` is emitted for exactly the rows showing it when it lands.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication

from app.models.paging import Pager
from app.models.roles import ItemRole
from app.services.covers import CoverLoader
from app.services.catalogue import Catalogue, PageOp


@dataclass(frozen=True, slots=True)
class Card:
    """What a card shows for one record."""

    title: str
    subtitle: str = ""
    detail: str = ""
    location: str = ""
    image: str = ""
    tooltip: str = ""
    mark: str = ""          # "Owned", "In basket": a badge on the cover, said by screen readers


class CardListModel(QAbstractListModel):
    """Base for release/artist/tag lists: paging via `Pager`, covers via `CoverLoader`."""

    page_failed = Signal(object)       # exception while fetching the next page
    loading_changed = Signal(bool)
    total_changed = Signal(int)        # the store's totalItems for this list

    round_images = False               # artists get softer corners than covers
    auto_fetch = True                  # False: only `load_more()` fetches (a list inside a page)

    @property
    def radius(self) -> float:
        """Corner radius as a fraction of the edge; applied off-thread by the CoverLoader."""
        return 0.14 if self.round_images else 0.03

    def __init__(self, covers: CoverLoader, catalogue: Catalogue, edge: int = 160,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._covers, self.edge = covers, edge
        self._dpr = QGuiApplication.instance().devicePixelRatio() if QGuiApplication.instance() else 1.0
        self._records: list = []
        self._cards: list[Card] = []
        self._keys: list[str] = []           # each row's cover cache key, computed once
        self._rows_by_key: dict[str, list[int]] = {}
        self._pager = Pager(catalogue, self)
        self._pager.page_loaded.connect(self._on_page_loaded)
        self._pager.failed.connect(self.page_failed)
        self._pager.loading_changed.connect(self.loading_changed)
        covers.loaded.connect(self._on_cover_loaded)
        self._availability = None
        self._marks: dict[int, str] = {}     # row -> its mark, computed once per change

    # -- feeding ---------------------------------------------------------------------------
    def show_page(self, page, fetch: PageOp | None = None) -> None:
        """Show a first page already fetched; page on with `fetch` when the user scrolls."""
        self._pager.reset(fetch, first_page=page)
        self._replace(page.items)
        self.total_changed.emit(self.total)

    def load(self, fetch: PageOp, page_size: int = 30) -> None:
        """Start a list from its first page (fetched now, off-thread)."""
        self._pager.reset(fetch, page_size)
        self._replace(())
        self._pager.fetch_more(0)

    def clear(self) -> None:
        self._pager.reset(None)
        self._replace(())

    def cancel_loading(self) -> None:
        """Stop fetching the page in flight (the view was left); the next fetchMore asks again."""
        self._pager.cancel()

    def retry(self) -> None:
        """After `page_failed`: fetch the page that failed again."""
        self._pager.retry(len(self._records))

    @property
    def total(self) -> int:
        return self._pager.total if self._pager.total is not None else len(self._records)

    @property
    def loading(self) -> bool:
        return self._pager.loading

    def records(self) -> tuple:
        return tuple(self._records)

    def set_device_pixel_ratio(self, dpr: float) -> None:
        if dpr != self._dpr:
            self._dpr = dpr
            self._reindex()
            if self._records:
                self.dataChanged.emit(self.index(0), self.index(len(self._records) - 1),
                                      [Qt.ItemDataRole.DecorationRole])

    def cover_ready(self, row: int) -> bool:
        """Whether row's cover has been delivered (or has none); for tests and the bench."""
        return not self._cards[row].image or self._covers.cached_key(self._keys[row])[0]

    def set_availability(self, availability) -> None:
        """Mark cards from `availability` (app/services/ownership.py), live as it changes."""
        if availability is self._availability:
            return
        self._availability = availability
        availability.changed.connect(self._on_availability_changed)
        self._on_availability_changed()

    # -- for subclasses --------------------------------------------------------------------
    def describe(self, record) -> Card:
        raise NotImplementedError

    def mark(self, record, availability) -> str:
        """The mark of a record ("" for none); releases say owned / in basket."""
        return ""

    # -- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._records)

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return self.auto_fetch and not parent.isValid() and self.has_more

    @property
    def has_more(self) -> bool:
        """Whether the store holds more rows than are loaded (and none is on its way)."""
        return self._pager.can_fetch_more(len(self._records))

    def load_more(self) -> None:
        """Fetch the next page now ("Show more"), whatever `auto_fetch` says."""
        self._pager.fetch_more(len(self._records))

    def fetchMore(self, parent=QModelIndex()) -> None:
        if self.auto_fetch and not parent.isValid():
            self._pager.fetch_more(len(self._records))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        card = self._cards[index.row()]
        mark = self._mark(index.row())
        if mark:
            card = replace(card, mark=mark)
        if role == Qt.ItemDataRole.DisplayRole:
            return card.title
        if role == Qt.ItemDataRole.DecorationRole:
            return self._cover(index.row())
        if role == ItemRole.CARD:
            return card
        if role == ItemRole.SUBTITLE:
            return card.subtitle
        if role == ItemRole.DETAIL:
            return card.detail
        if role == ItemRole.LOCATION:
            return card.location
        if role == ItemRole.RECORD:
            return self._records[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = card.tooltip or " — ".join(filter(None, (card.title, card.subtitle)))
            return f"{tip}\n{mark}" if mark else tip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ", ".join(filter(None, (card.title, card.subtitle, card.mark, card.detail)))
        return None

    # -- private ---------------------------------------------------------------------------
    def _mark(self, row: int) -> str:
        if self._availability is None:
            return ""
        mark = self._marks.get(row)
        if mark is None:
            mark = self._marks[row] = self.mark(self._records[row], self._availability)
        return mark

    def _on_availability_changed(self) -> None:
        self._marks = {}
        if self._records:
            self.dataChanged.emit(self.index(0), self.index(len(self._records) - 1),
                                  [int(ItemRole.CARD), Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole])

    def _cover(self, row: int):
        key = self._keys[row]
        if not key:
            return self._covers.placeholder(self.edge, self._dpr, self.round_images)
        hit, pixmap = self._covers.cached_key(key)
        if not hit:   # the first paint of this row asks for it
            self._covers.request(self._cards[row].image, self.edge, self._dpr, self.radius)
        return pixmap or self._covers.placeholder(self.edge, self._dpr, self.round_images)

    def _replace(self, records) -> None:
        self.beginResetModel()
        self._records, self._cards, self._keys, self._rows_by_key, self._marks = [], [], [], {}, {}
        self._append(records)
        self.endResetModel()

    def _append(self, records) -> None:
        for record in records:
            card = self.describe(record)
            key = self._covers.key(card.image, self.edge, self._dpr, self.radius) if card.image else ""
            if key:
                self._rows_by_key.setdefault(key, []).append(len(self._records))
            self._records.append(record)
            self._cards.append(card)
            self._keys.append(key)

    def _reindex(self) -> None:
        self._rows_by_key, self._keys = {}, []
        for row, card in enumerate(self._cards):
            key = self._covers.key(card.image, self.edge, self._dpr, self.radius) if card.image else ""
            self._keys.append(key)
            if key:
                self._rows_by_key.setdefault(key, []).append(row)

    def _on_page_loaded(self, page) -> None:
        if page.items:
            first = len(self._records)
            self.beginInsertRows(QModelIndex(), first, first + len(page.items) - 1)
            self._append(page.items)
            self.endInsertRows()
        self.total_changed.emit(self.total)

    def _on_cover_loaded(self, key: str) -> None:
        for row in self._rows_by_key.get(key, ()):
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
