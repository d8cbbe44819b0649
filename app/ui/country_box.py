"""The country chooser: "United Kingdom (GBP)" entries, found by typing part of a name or currency."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from app.ui import icons


class CountryBox(QComboBox):
    """An editable combo whose text is only ever a country's label: typing filters the countries
    (any part of the name or the currency: "schw", "chf"), Enter or a click picks one, Escape or
    leaving the box puts the current country back. `chosen` reports the country the user picked
    (also when it is the one shown)."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None, icon_name: str | None = None):
        super().__init__(parent)
        self._icon_name = icon_name
        if icon_name:
            icons.on_palette_change(self._retint)     # light <-> dark: a dark globe on a dark bar vanishes
        self._code: str | None = None
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        completer.activated[str].connect(self._on_completed)
        self.lineEdit().installEventFilter(self)
        self.activated.connect(self._on_activated)
        self.currentIndexChanged.connect(self._on_index_changed)

    def set_countries(self, labels, current: str | None = None) -> None:
        """(code, label) pairs in display order; `current`: the country shown (default: as before)."""
        current = current if current is not None else self._code
        self.blockSignals(True)
        self.clear()
        icon = icons.icon(self._icon_name) if self._icon_name else None
        for code, text in labels:
            if icon is not None:
                self.addItem(icon, text, code)
            else:
                self.addItem(text, code)
        self.blockSignals(False)
        self.set_current(current)

    def _retint(self) -> None:
        icon = icons.icon(self._icon_name)
        for index in range(self.count()):
            self.setItemIcon(index, icon)

    def set_current(self, code: str | None) -> None:
        """Show `code`'s country (without reporting it as chosen)."""
        index = self.findData(code)
        if index < 0:
            return
        self._code = code
        self.blockSignals(True)
        self.setCurrentIndex(index)
        self.blockSignals(False)
        self.setEditText(self.itemText(index))

    def current_code(self) -> str | None:
        """The code of the country shown (not of text being typed)."""
        return self._code

    def restore(self) -> None:
        """Put the current country's label back in the box (after typing that picked nothing)."""
        self.set_current(self._code)

    # -- private ---------------------------------------------------------------------------
    def _on_index_changed(self, index: int) -> None:
        # setCurrentIndex() from code shows that country; chosen is only for the user's picks
        code = self.itemData(index)
        if code is not None:
            self._code = code

    def _on_activated(self, index: int) -> None:
        code = self.itemData(index)
        if code is None:
            self.restore()
            return
        self.set_current(code)
        self.chosen.emit(code)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.lineEdit():
            if event.type() == QEvent.Type.FocusOut:
                self.restore()
            elif event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self.restore()
                self.lineEdit().selectAll()
                return True
            elif event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._pick_typed()
                return True
            elif event.type() == QEvent.Type.FocusIn:
                self.lineEdit().selectAll()
        return super().eventFilter(watched, event)

    def _pick_typed(self) -> None:
        """Enter with the completion list closed: the first country whose label contains the text."""
        typed = self.lineEdit().text().strip().casefold()
        for index in range(self.count()):
            if typed and typed in self.itemText(index).casefold():
                self._on_activated(index)
                return
        self.restore()

    def _on_completed(self, text: str) -> None:
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            self._on_activated(index)
