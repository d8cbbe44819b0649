"""Tracks as a table with declarative columns (cf. picard/ui/columns.py), paged on demand."""
from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QDate, QLocale, QModelIndex,
                            QObject, Qt, Signal)
from PySide6.QtGui import QFont

from app.models.paging import Pager
from app.models.releases import mark_text, price_text, with_version
from app.models.roles import ItemRole
from app.services.catalogue import Catalogue, PageOp
from app.services.ownership import Mark, Preview, preview_of

if TYPE_CHECKING:   # app.api is heavy to import; keep it off the start-up path
    from app.api import Track


class Column(Enum):
    PREVIEW = "preview"
    NUMBER = "number"
    TITLE = "title"
    ARTIST = "artist"
    RELEASE = "release"
    DURATION = "duration"
    PRICE = "price"
    ADD = "add"


@dataclass(frozen=True, slots=True)
class _Spec:
    header: str                        # untranslated (QT_TRANSLATE_NOOP); headerData() translates it
    align: Qt.AlignmentFlag


_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_SPECS = {
    Column.PREVIEW: _Spec("", Qt.AlignmentFlag.AlignCenter),
    Column.NUMBER: _Spec(QT_TRANSLATE_NOOP("TrackTableModel", "#"), _RIGHT),
    Column.TITLE: _Spec(QT_TRANSLATE_NOOP("TrackTableModel", "Title"), _LEFT),
    Column.ARTIST: _Spec(QT_TRANSLATE_NOOP("TrackTableModel", "Artist"), _LEFT),
    Column.RELEASE: _Spec(QT_TRANSLATE_NOOP("TrackTableModel", "Release"), _LEFT),
    Column.DURATION: _Spec(QT_TRANSLATE_NOOP("TrackTableModel", "Time"), _RIGHT),
    Column.PRICE: _Spec(QT_TRANSLATE_NOOP("TrackTableModel", "Price"), _RIGHT),
    Column.ADD: _Spec("", Qt.AlignmentFlag.AlignCenter),
}

TRACKLIST_COLUMNS = (Column.PREVIEW, Column.NUMBER, Column.TITLE, Column.DURATION, Column.PRICE, Column.ADD)
SEARCH_COLUMNS = (Column.PREVIEW, Column.TITLE, Column.ARTIST, Column.RELEASE, Column.DURATION,
                  Column.PRICE, Column.ADD)


# The ADD column's icon for each mark (the view supplies the icons; no icon: not for sale).
# Roles Qt's delegate asks of every painted cell that this model never answers (four of the seven
# it asks): turned away before any other work, as a tracklist's paint asks ~400 times.
_UNANSWERED = frozenset(int(role) for role in (
    Qt.ItemDataRole.EditRole, Qt.ItemDataRole.StatusTipRole, Qt.ItemDataRole.WhatsThisRole,
    Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.CheckStateRole,
    Qt.ItemDataRole.SizeHintRole))
_HEADER_ROLES = frozenset(int(role) for role in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.TextAlignmentRole))
_ENABLED = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_DISABLED = Qt.ItemFlag.ItemIsSelectable
_ADD_ICONS = {Mark.FOR_SALE: "add", Mark.OWNED: "owned", Mark.IN_BASKET: "in_basket"}


def for_sale(track) -> bool:
    """False when the store says the track has no price here ("N/A")."""
    return track.price is None or track.price.value is not None


def duration_text(seconds: int | None) -> str:
    if not seconds:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class TrackTableModel(QAbstractTableModel):
    """Rows of tracks; the PREVIEW and ADD columns carry icons the view turns into buttons."""

    page_failed = Signal(object)
    loading_changed = Signal(bool)
    total_changed = Signal(int)

    auto_fetch = True                  # False: a fixed-height table shows the first page only

    def __init__(self, catalogue: Catalogue, columns=TRACKLIST_COLUMNS, icons: dict | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.columns = tuple(columns)
        self._icons = icons or {}          # "play", "playing", "add" -> QIcon, set by the view
        self._tracks: list[Track] = []
        self._playing: int | None = None
        self._previews_enabled = True
        self._availability = None
        self._pager = Pager(catalogue, self)
        self._pager.page_loaded.connect(self._on_page_loaded)
        self._pager.failed.connect(self.page_failed)
        self._pager.loading_changed.connect(self.loading_changed)

    # -- feeding ---------------------------------------------------------------------------
    def show_page(self, page, fetch: PageOp | None = None) -> None:
        self._pager.reset(fetch, first_page=page)
        self.beginResetModel()
        self._tracks = list(page.items)
        self.endResetModel()
        self.total_changed.emit(self.total)

    def load(self, fetch: PageOp, page_size: int = 30) -> None:
        self._pager.reset(fetch, page_size)
        self.beginResetModel()
        self._tracks = []
        self.endResetModel()
        self._pager.fetch_more(0)

    def clear(self) -> None:
        self._pager.reset(None)
        self.beginResetModel()
        self._tracks = []
        self.endResetModel()

    def cancel_loading(self) -> None:
        """Stop fetching the page in flight (the view was left); the next fetchMore asks again."""
        self._pager.cancel()

    def retry(self) -> None:
        self._pager.retry(len(self._tracks))

    def set_availability(self, availability) -> None:
        """Show owned / in-basket tracks from `availability` (app/services/ownership.py), live."""
        if availability is self._availability:
            return
        self._availability = availability
        availability.changed.connect(self._on_availability_changed)
        self._on_availability_changed()

    def mark(self, row: int) -> Mark:
        """What the track of `row` is for the user (FOR_SALE without an availability model)."""
        track = self.track(row)
        if track is None:
            return Mark.FOR_SALE
        if self._availability is None:
            return Mark.FOR_SALE if for_sale(track) else Mark.NOT_SOLD
        return self._availability.track_mark(track)

    def preview_state(self, row: int) -> Preview:
        """Whether the preview of `row`'s track can be played here (the availability model's word)."""
        track = self.track(row)
        if track is None:
            return Preview.NONE
        return self._availability.preview(track) if self._availability is not None else preview_of(track)

    def can_preview(self, row: int) -> bool:
        """Previews work at all and this track has one now: its preview button is shown."""
        return self._previews_enabled and self.preview_state(row) is Preview.AVAILABLE

    def set_icons(self, icons: dict) -> None:
        self._icons = dict(icons)
        self._refresh_column(Column.PREVIEW)
        self._refresh_column(Column.ADD)

    @property
    def total(self) -> int:
        return self._pager.total if self._pager.total is not None else len(self._tracks)

    @property
    def loading(self) -> bool:
        return self._pager.loading

    def tracks(self) -> tuple[Track, ...]:
        return tuple(self._tracks)

    def track(self, row: int) -> Track | None:
        return self._tracks[row] if 0 <= row < len(self._tracks) else None

    def column_of(self, column: Column) -> int:
        return self.columns.index(column) if column in self.columns else -1

    def set_playing_track(self, track_id) -> None:
        """Mark the row of `track_id` (None: nothing) as the one being previewed."""
        old = self._playing
        self._playing = int(track_id) if track_id is not None else None
        for row, track in enumerate(self._tracks):
            if track.id in (old, self._playing):
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def set_previews_enabled(self, enabled: bool) -> None:
        self._previews_enabled = enabled
        self._refresh_column(Column.PREVIEW)

    # -- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._tracks)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return self.auto_fetch and not parent.isValid() and self._pager.can_fetch_more(len(self._tracks))

    def fetchMore(self, parent=QModelIndex()) -> None:
        if self.auto_fetch and not parent.isValid():
            self._pager.fetch_more(len(self._tracks))

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role not in _HEADER_ROLES or orientation != Qt.Orientation.Horizontal \
                or not 0 <= section < len(self.columns):
            return None
        spec = _SPECS[self.columns[section]]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(spec.header) if spec.header else ""
        if role == Qt.ItemDataRole.AccessibleTextRole:     # the button columns have no visible header
            column = self.columns[section]
            if column == Column.PREVIEW:
                return self.tr("Preview", "column header, read by screen readers")
            if column == Column.ADD:
                return self.tr("Basket", "column header, read by screen readers")
            return self.tr(spec.header) if spec.header else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return spec.align
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.columns[index.column()] == Column.PREVIEW and not self.can_preview(index.row()):
            return _DISABLED
        return _ENABLED

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role in _UNANSWERED or not index.isValid() or not 0 <= index.row() < len(self._tracks):
            return None
        track = self._tracks[index.row()]
        column = self.columns[index.column()]
        playing = self._playing is not None and track.id == self._playing
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(track, column)
        if role == Qt.ItemDataRole.DecorationRole:
            if column == Column.PREVIEW:
                if self._previews_enabled and self.preview_state(index.row()) is not Preview.AVAILABLE:
                    return None      # no button for a track without a preview (yet)
                return self._icons.get("playing" if playing else "play")
            if column == Column.ADD:
                return self._icons.get(_ADD_ICONS.get(self.mark(index.row())))
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible_text(track, column, index.row())
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and column in (Column.PREVIEW, Column.TITLE, Column.ADD):
            return self.tr("Enter plays the preview, Ctrl+B adds to the basket, the Menu key shows more")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _SPECS[column].align
        if role == Qt.ItemDataRole.FontRole and playing and column == Column.TITLE:
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(track, column, index.row())
        if role == ItemRole.RECORD:
            return track
        if role == ItemRole.PLAYING:
            return playing
        if role == ItemRole.LOCATION:
            if column == Column.ARTIST and track.artist is not None:
                return f"artist:{track.artist.id}"
            if column == Column.RELEASE and track.release is not None:
                return f"release:{track.release.id}"
            return None
        if role == ItemRole.STRUCK and column == Column.PRICE and track.price is not None:
            return track.price.formatted_rrp if track.price.on_sale else None
        return None

    # -- private ---------------------------------------------------------------------------
    @staticmethod
    def _text(track: Track, column: Column) -> str | None:
        if column == Column.NUMBER:
            return str(track.track_number) if track.track_number else ""
        if column == Column.TITLE:
            return with_version(track.title, track.version) + \
                ("  " + QCoreApplication.translate("TrackTableModel", "[E]", "badge: explicit lyrics")
                 if track.explicit else "")
        if column == Column.ARTIST:
            return track.artist.name if track.artist else ""
        if column == Column.RELEASE:
            return track.release.title if track.release else ""
        if column == Column.DURATION:
            return duration_text(track.duration)
        if column == Column.PRICE:
            return price_text(track.price)
        return None

    def _accessible_text(self, track: Track, column: Column, row: int) -> str | None:
        """What a screen reader reads for a cell: the buttons' actions, "explicit" for the badge."""
        if column == Column.PREVIEW:
            return self._tooltip(track, column, row)
        if column == Column.ADD:
            mark = self.mark(row)
            if mark is Mark.FOR_SALE:
                return self.tr("Add “{title}” to the basket").format(title=track.title)
            return mark_text(mark) or self._tooltip(track, column, row)
        if column == Column.TITLE:
            title = with_version(track.title, track.version)
            return self.tr("{title}, explicit", "a track with explicit lyrics").format(title=title) \
                if track.explicit else title
        return self._text(track, column)

    def _tooltip(self, track: Track, column: Column, row: int = -1) -> str | None:
        if column == Column.PREVIEW:
            if not self._previews_enabled:
                return self.tr("Previews are unavailable")
            state = self.preview_state(row) if row >= 0 else preview_of(track)
            if state is Preview.NOT_YET:
                day = track.preview_date
                return self.tr("Preview from {date}").format(
                    date=QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat))
            if state is Preview.NONE:
                return self.tr("No preview in your country")
            return self.tr("Preview “{title}” (30 s)").format(title=track.title)
        if column == Column.ADD:
            mark = self.mark(row) if row >= 0 else Mark.FOR_SALE
            if mark is Mark.OWNED:
                return self.tr("You own “{title}”").format(title=track.title)
            if mark is Mark.IN_BASKET:
                return self.tr("“{title}” is in your basket").format(title=track.title)
            if not for_sale(track):
                return self.tr("Not available in your country")
            return self.tr("Add “{title}” to the basket (Ctrl+B)").format(title=track.title)
        if column == Column.ARTIST:
            return self.tr("Open the artist")
        if column == Column.RELEASE:
            return self.tr("Open the release")
        if column == Column.PRICE and track.price is not None and track.price.on_sale:
            return self.tr("On sale: {price} (was {old_price})").format(price=track.price.formatted,
                                                                        old_price=track.price.formatted_rrp)
        return self._text(track, column) or None

    def _on_availability_changed(self) -> None:
        self._refresh_column(Column.ADD)

    def _refresh_column(self, column: Column) -> None:
        col = self.column_of(column)
        if col >= 0 and self._tracks:
            self.dataChanged.emit(self.index(0, col), self.index(len(self._tracks) - 1, col))

    def _on_page_loaded(self, page) -> None:
        if page.items:
            first = len(self._tracks)
            self.beginInsertRows(QModelIndex(), first, first + len(page.items) - 1)
            self._tracks.extend(page.items)
            self.endInsertRows()
        self.total_changed.emit(self.total)
