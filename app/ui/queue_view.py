"""The preview queue, visible and editable: play a row, move it, remove it, clear the lot."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)

from app.player.describe import artist_of
from app.player.player import PreviewPlayer
from app.ui.player_messages import track_title


class QueueView(QWidget):
    """Mirrors PreviewPlayer's queue. Double-click or Enter plays a row; Delete removes the
    selected rows; Alt+Up/Alt+Down move the selected row."""

    def __init__(self, player: PreviewPlayer, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("queue_view")
        self._player = player
        self._setup_ui()
        player.queue_changed.connect(self._rebuild)
        player.state_changed.connect(self._on_player_state_changed)
        self._rebuild()

    def _setup_ui(self) -> None:
        self.list = QListWidget(self, objectName="queue_list")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setAlternatingRowColors(True)
        self.summary = QLabel(self, objectName="queue_summary")
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

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.list.selectedItems()))
        self.clear_button.setEnabled(self.list.count() > 0)
