"""The preview queue, visible and editable: play a row, move it (drag or Alt+arrows), remove it,
clear the lot. Each row shows a small cover, the title with its version, the artist and the length."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QVBoxLayout,
                               QWidget)

from app.player.describe import artist_of, cover_url_of
from app.player.player import PreviewPlayer
from app.ui.player_messages import track_title

COVER_EDGE = 32
DURATION_ROLE = Qt.ItemDataRole.UserRole + 1


def duration_text(seconds: int | None) -> str:
    """"3:07" for a track's length in seconds; "" when unknown."""
    if not seconds or seconds <= 0:
        return ""
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class _QueueDelegate(QStyledItemDelegate):
    """The row as Qt draws it, elided to leave room for the track's length at the right edge."""

    def sizeHint(self, option, index: QModelIndex) -> QSize:
        # As narrow as possible: rows take the list's width and elide, never scroll sideways.
        hint = super().sizeHint(option, index)
        return QSize(1, hint.height())

    def paint(self, painter, option, index: QModelIndex) -> None:
        text = index.data(DURATION_ROLE) or ""
        view = option.widget
        right = min(option.rect.right(), view.viewport().width() - 1) if view is not None else option.rect.right()
        width = option.fontMetrics.horizontalAdvance(text) + 14 if text else 0
        row = QStyleOptionViewItem(option)
        row.rect = QRect(option.rect.left(), option.rect.top(), right - option.rect.left() + 1 - width,
                         option.rect.height())
        super().paint(painter, row, index)
        if not text:
            return
        painter.save()
        selected = option.state & QStyle.StateFlag.State_Selected
        rest = QRect(row.rect.right() + 1, option.rect.top(), width, option.rect.height())
        if selected:
            painter.fillRect(rest, option.palette.color(QPalette.ColorRole.Highlight))
        elif option.features & QStyleOptionViewItem.ViewItemFeature.Alternate:
            painter.fillRect(rest, option.palette.color(QPalette.ColorRole.AlternateBase))
        painter.setPen(option.palette.color(QPalette.ColorRole.HighlightedText if selected
                                            else QPalette.ColorRole.PlaceholderText))
        painter.drawText(rest.adjusted(0, 0, -6, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()


class QueueView(QWidget):
    """Mirrors PreviewPlayer's queue. Double-click or Enter plays a row; Delete removes the
    selected rows; drag a row, or Alt+Up/Alt+Down, to move it.

    `covers` is the app's CoverLoader (optional): rows show the release's cover once it is cached."""

    def __init__(self, player: PreviewPlayer, covers: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("queue_view")
        self._player, self._covers = player, covers
        self._setup_ui()
        player.queue_changed.connect(self._rebuild)
        player.state_changed.connect(self._on_player_state_changed)
        if covers is not None:
            covers.loaded.connect(self._on_covers_loaded)
        self._rebuild()

    def _setup_ui(self) -> None:
        self.list = QListWidget(self, objectName="queue_list")
        self.list.setAccessibleName(self.tr("Preview queue"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setAlternatingRowColors(True)
        self.list.setIconSize(QSize(COVER_EDGE, COVER_EDGE))
        self.list.setItemDelegate(_QueueDelegate(self.list))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.model().rowsMoved.connect(self._on_rows_moved)
        self.summary = QLabel(self, objectName="queue_summary")
        self.summary.setWordWrap(True)          # wraps in a narrow dock rather than widening it
        self.remove_button = QPushButton(self.tr("Remove"), self, objectName="queue_remove")
        self.remove_button.setToolTip(self.tr("Remove the selected tracks (Delete)"))
        self.clear_button = QPushButton(self.tr("Clear", "button: empty the queue"), self, objectName="queue_clear")
        self.clear_button.setToolTip(self.tr("Empty the queue and stop"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

        self.list.itemActivated.connect(lambda item: self._player.play_index(self.list.row(item)))
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button.clicked.connect(self._player.clear)
        for keys, slot in ((QKeySequence.StandardKey.Delete, self.remove_selected),
                           (QKeySequence("Alt+Up"), lambda: self.move_selected(-1)),
                           (QKeySequence("Alt+Down"), lambda: self.move_selected(1))):
            shortcut = QShortcut(keys, self.list)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

    def remove_selected(self) -> None:
        # Highest first, so the lower indices stay valid while removing.
        for row in sorted((self.list.row(item) for item in self.list.selectedItems()), reverse=True):
            self._player.remove(row)

    def move_selected(self, step: int) -> None:
        rows = [self.list.row(item) for item in self.list.selectedItems()]
        if len(rows) != 1 or not 0 <= rows[0] + step < self.list.count():
            return
        self._player.move(rows[0], rows[0] + step)
        self.list.setCurrentRow(rows[0] + step)

    def _on_rows_moved(self, _parent, start: int, end: int, _destination, row: int) -> None:
        # A drag inside the list: the list has moved the row already; the player follows on the
        # next turn (its queue_changed rebuilds this list, which must not happen inside the drop).
        if start != end:
            return
        destination = row - 1 if row > start else row
        if destination != start:
            QTimer.singleShot(0, self, lambda: self._player.move(start, destination))

    def _on_player_state_changed(self, _state) -> None:
        self._rebuild()

    def _rebuild(self) -> None:
        selected = {self.list.row(item) for item in self.list.selectedItems()}
        current = self._player.current_index
        self.list.blockSignals(True)
        self.list.clear()
        for row, track in enumerate(self._player.queue):
            artist = artist_of(track)
            title = track_title(track)
            item = QListWidgetItem(f"{title} — {artist}" if artist else title)
            item.setData(DURATION_ROLE, duration_text(getattr(track, "duration", 0)))
            item.setToolTip(item.text())
            self._set_cover(item, track)
            if row == current:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
                item.setText(f"▶ {item.text()}")
            self.list.addItem(item)
            item.setSelected(row in selected)
        self.list.blockSignals(False)
        count = self.list.count()
        self.summary.setText(self.tr("Queue is empty") if count == 0 else self.tr("%n track(s)", "", count))
        self._update_buttons()

    def _set_cover(self, item: QListWidgetItem, track: Any) -> None:
        url = cover_url_of(track)
        if self._covers is None or not url:
            return
        dpr = self.devicePixelRatioF()
        hit, pixmap = self._covers.cached(url, COVER_EDGE, dpr)
        if not hit:
            self._covers.request(url, COVER_EDGE, dpr)
        item.setIcon(pixmap or self._covers.placeholder(COVER_EDGE, dpr))

    def _on_covers_loaded(self, key: str) -> None:
        dpr = self.devicePixelRatioF()
        for row, track in enumerate(self._player.queue):
            url = cover_url_of(track)
            if url and self._covers.key(url, COVER_EDGE, dpr) == key and row < self.list.count():
                hit, pixmap = self._covers.cached(url, COVER_EDGE, dpr)
                if hit and pixmap is not None:
                    self.list.item(row).setIcon(pixmap)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.list.selectedItems()))
        self.clear_button.setEnabled(self.list.count() > 0)
