"""Back/forward history of locations (cf. feeluown/gui/browser.py).

A location is a short string anyone can open: `home`, `search:<query>`, `artist:<id>`,
`release:<id>`, `tag:<slug>`. The main window shows the view for `current`.
"""
from __future__ import annotations

import time

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

    # -- a restart (see HistoryStore) --------------------------------------------------------
    def entries(self) -> tuple[list[str], int]:
        """The history and the index of the current entry (-1: empty)."""
        return list(self._entries), self._index

    def restore(self, entries: list[str], index: int) -> None:
        """Replace the history (a restart) and show `entries[index]`; nothing when empty."""
        if not entries:
            return
        self._entries = list(entries[-self.MAX_ENTRIES:])
        self._index = min(max(index - (len(entries) - len(self._entries)), 0), len(self._entries) - 1)
        self._announce()


class HistoryStore:
    """Back/forward history kept across restarts, in the one settings store (key `history`).

    Like a browser that continues where it left off: the same history, on the same page. A search
    is the exception once it is `STALE_SEARCH_S` old: its results were for a moment the user has
    moved on from, and they will type a new one, so Home opens on top (Back still reaches the
    search). Everything read back is checked: at most MAX_SAVED entries, each one a location some
    view takes (`is_location`), anything else dropped.
    """

    KEY = "history"
    MAX_SAVED = 50
    MAX_LENGTH = 500          # characters of one location (a search query is the long kind)
    STALE_SEARCH_S = 30 * 60

    def __init__(self, settings, is_location, clock=time.time):
        self._settings, self._is_location, self._clock = settings, is_location, clock

    def save(self, navigator: Navigator) -> None:
        entries, index = navigator.entries()
        if index < 0:
            return
        first = max(0, min(index - self.MAX_SAVED // 2, len(entries) - self.MAX_SAVED))
        kept = entries[first:first + self.MAX_SAVED]
        self._settings.set(self.KEY, {"entries": kept, "index": index - first, "saved_at": self._clock()},
                           durable=False)     # after every page change, from the GUI thread

    def load(self) -> tuple[list[str], int]:
        """The saved history and current index as it should reopen; ([], -1) when none (or junk)."""
        saved = self._settings.get(self.KEY)
        if not isinstance(saved, dict) or not isinstance(saved.get("entries"), list):
            return [], -1
        index = saved.get("index")
        index = index if isinstance(index, int) and not isinstance(index, bool) else -1
        entries: list[str] = []
        current = -1
        for number, entry in enumerate(saved["entries"][:self.MAX_SAVED]):
            if isinstance(entry, str) and len(entry) <= self.MAX_LENGTH and self._is_location(entry) \
                    and (not entries or entries[-1] != entry):
                entries.append(entry)
            if number == index:
                current = len(entries) - 1
        if not entries:
            return [], -1
        current = current if current >= 0 else len(entries) - 1
        saved_at = saved.get("saved_at")
        age = self._clock() - saved_at if isinstance(saved_at, (int, float)) else float("inf")
        if kind_of(entries[current]) == "search" and not 0 <= age <= self.STALE_SEARCH_S:
            del entries[current + 1:]       # Home on top of the old search, as a new visit
            if entries[-1] != HOME:
                entries.append(HOME)
            current = len(entries) - 1
        return entries, current
