"""The toolbar's search field: typing searches (debounced), Enter forces, a pasted store link opens."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QSizePolicy, QWidget

from app.services.search import SearchController
from app.services.store_urls import StoreLink, parse_store_link
from app.ui import icons


class SearchBox(QLineEdit):
    link_entered = Signal(object)      # StoreLink typed or pasted (not searched for)
    leave_requested = Signal()         # Down or Escape: the keyboard moves on into the results

    def __init__(self, controller: SearchController, parent: QWidget | None = None):
        super().__init__(parent)
        self._controller = controller
        self._typed = False         # text typed that no search has taken up yet (a debounce is pending)
        self.setObjectName("search_box")
        self.setClearButtonEnabled(True)
        search_icon = self.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        icons.set_icon(search_icon, "search")
        # Names for screen readers: the placeholder is only a description, the icons have none.
        # (on the icons' buttons, not the actions: an action's text would make the button measure it)
        self.setAccessibleName(self.tr("Search the store"))
        search_icon.triggered.connect(self._on_return_pressed)
        clear = self.findChild(QAction, "_q_qlineeditclearaction")
        for action, name in ((search_icon, self.tr("Search")), (clear, self.tr("Clear the search"))):
            for button in action.associatedObjects() if action is not None else ():
                if isinstance(button, QWidget) and button is not self:
                    button.setAccessibleName(name)
        self.setPlaceholderText(self.tr("Starting the store…"))
        self.setEnabled(False)
        self.setMinimumWidth(280)
        self.setMaximumWidth(560)
        self.setTextMargins(4, 3, 4, 3)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.textEdited.connect(self._on_text_edited)
        self.returnPressed.connect(self._on_return_pressed)
        # The query lives in the controller; a search started elsewhere (history) shows here too.
        controller.request_started.connect(self._on_request_started)

    def set_ready(self) -> None:
        self.setEnabled(True)
        self.setPlaceholderText(self.tr("Search artists, releases and tracks — or paste a 7digital link"))

    def show_location(self, location: str) -> None:
        """The page shown changed: show its query (a search) or nothing, never an old query or a
        pasted link; a query typed but not searched yet stays."""
        kind, _, argument = location.partition(":")
        if kind == "search":
            if not (self._typed and self.hasFocus()) and self.text().strip() != argument:
                self.setText(argument)
        elif not self._typed and self.text():
            self.clear()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Escape):
            self.leave_requested.emit()
            return
        super().keyPressEvent(event)

    def _on_request_started(self, query: str) -> None:
        self._typed = False
        if self.text().strip() != query:
            self.setText(query)

    def _on_text_edited(self, text: str) -> None:
        link = parse_store_link(text)
        if link is not None:
            self._controller.cancel()          # a pasted link opens its page instead
            self._typed = False
            self.link_entered.emit(link)
            return
        self._typed = bool(text.strip())
        self._controller.set_query(text)

    def _on_return_pressed(self) -> None:
        link: StoreLink | None = parse_store_link(self.text())
        if link is not None:
            self._typed = False
            self.link_entered.emit(link)
        elif self.text().strip():
            self._controller.search_now(self.text())
