"""Back/forward history of locations (cf. feeluown/gui/browser.py).

A location is a short string anyone can open: `home`, `search:<query>`, `artist:<id>`,
`release:<id>`, `tag:<slug>`. The main window shows the view for `current`.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

HOME = "home"


def kind_of(location: str) -> str:
    return location.split(":", 1)[0]


def argument_of(location: str) -> str:
    return location.split(":", 1)[1] if ":" in location else ""


class Navigator(QObject):
    """The history: `open` pushes (dropping anything forward of here), back/forward move."""

    location_changed = Signal(str)        # the location to show now
    history_changed = Signal(bool, bool)  # can go back, can go forward

    MAX_ENTRIES = 100

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._entries: list[str] = []
        self._index = -1

    @property
    def current(self) -> str | None:
        return self._entries[self._index] if self._index >= 0 else None

    @property
    def can_go_back(self) -> bool:
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        return 0 <= self._index < len(self._entries) - 1

    def open(self, location: str, replace: bool = False) -> None:
        """Show `location`; `replace` rewrites the current entry (a search being refined)."""
        if location == self.current:
            return
        if replace and self._index >= 0:
            self._entries[self._index] = location
        else:
            del self._entries[self._index + 1:]
            self._entries.append(location)
            if len(self._entries) > self.MAX_ENTRIES:
                del self._entries[0]
            self._index = len(self._entries) - 1
        self._announce()

    def back(self) -> None:
        if self.can_go_back:
            self._index -= 1
            self._announce()

    def forward(self) -> None:
        if self.can_go_forward:
            self._index += 1
            self._announce()

    def _announce(self) -> None:
        self.history_changed.emit(self.can_go_back, self.can_go_forward)
        self.location_changed.emit(self.current)
