"""Before the checkout page opens: name what the basket holds that the user owns by now.

Something put in the basket may have been bought since, elsewhere (the website, another device).
The locker is asked again first (one request per page of it, and the purchase is only there), then
the ownership index (app/services/ownership.py) says what is owned; the user chooses: remove those
and continue, continue anyway, or cancel.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from app.basket.storage import StoredItem

__all__ = ["OwnedAtCheckout", "owned_items"]

_MAX_NAMED = 8          # a longer list is cut, with "and N more"


def owned_items(items, ownership, locker_releases=()) -> list[StoredItem]:
    """The basket items the ownership index says are owned (a release: every track of it, when the
    locker gives its track count; else any track of it)."""
    counts = {str(entry.release.id): entry.release.track_count for entry in locker_releases}
    owned = []
    for item in items:
        if item.track_id is not None:
            if ownership.owns_track(item.track_id):
                owned.append(item)
            continue
        tracks = ownership.owned_tracks(item.release_id)
        count = counts.get(str(item.release_id))
        if tracks and (not count or len(tracks) >= count):
            owned.append(item)
    return owned


class OwnedAtCheckout(QObject):
    """Call with `proceed` (opens the checkout): refreshes the locker, asks if need be, then proceeds."""

    def __init__(self, basket, account, locker, ownership, window: QWidget):
        super().__init__(window)
        self._basket, self._account, self._locker, self._ownership = basket, account, locker, ownership
        self._window = window
        self._waiting: Callable[[], None] | None = None
        self.box: QMessageBox | None = None         # the question while it is open (tests read it)

    def __call__(self, proceed: Callable[[], None]) -> None:
        if not self._account.signed_in or self._ownership is None:
            proceed()                           # checkout asks for a sign-in; nothing known owned
            return
        if self._waiting is not None:
            return                              # a second click while the locker loads
        self._waiting = proceed
        self._locker.loading_changed.connect(self._on_loading_changed)
        if not self._locker.loading:
            self._locker.refresh()
        if not self._locker.loading:            # refresh() declined (no client): decide from what's known
            self._settle()

    def _on_loading_changed(self, loading: bool) -> None:
        if not loading and self._waiting is not None:
            # The locker says "done" before it hands out the releases (and the index takes them):
            # decide once that has happened, unless it loads again (a purchase landed meanwhile).
            QTimer.singleShot(0, self._settle)

    def _settle(self) -> None:
        if self._waiting is None or self._locker.loading:
            return
        self._locker.loading_changed.disconnect(self._on_loading_changed)
        proceed, self._waiting = self._waiting, None
        owned = owned_items(self._basket.items, self._ownership, self._locker.releases)
        if not owned:
            proceed()
            return
        self._ask(owned, proceed)

    def question_text(self, items: list[StoredItem]) -> str:
        """The question: which items, with their price (self.tr: the plurals need it)."""
        lines = []
        for item in items[:_MAX_NAMED]:
            name = f"“{item.title}”" + (f" – {item.artist}" if item.artist else "")
            lines.append(f"• {name}" + (f" ({item.price})" if item.price else ""))
        more = len(items) - _MAX_NAMED
        if more > 0:
            lines.append(self.tr("and %n more", "", more))
        head = self.tr("You already own %n item(s) in your basket, bought since you added them:", "", len(items))
        ask = self.tr("Remove them from the basket before paying?", "", len(items))
        return "\n".join([head, *lines, "", ask])

    def _ask(self, owned: list[StoredItem], proceed: Callable[[], None]) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Checkout"), self.question_text(owned),
                          QMessageBox.StandardButton.Cancel, self._window)
        box.setObjectName("owned_at_checkout")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        remove = box.addButton(self.tr("Remove and continue"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("Continue anyway"), QMessageBox.ButtonRole.DestructiveRole)
        remove.setObjectName("owned_remove")
        keep.setObjectName("owned_keep")
        box.setDefaultButton(remove)
        self.box = box

        def answered(_result=None) -> None:
            self.box = None
            clicked = box.clickedButton()
            if clicked is remove:
                for item in owned:
                    self._basket.remove(item)
                if self._basket.items:
                    proceed()
            elif clicked is keep:
                proceed()

        box.finished.connect(answered)
        box.open()
