"""The user's locker ("My music"): what they bought, from `user/locker` (3-legged)."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.api import StoreClient

from .account import AccountService, SignInCancelled, SignInReason

PAGE_SIZE = 50
MAX_PAGES = 20        # 1,000 releases; a bigger locker shows its newest part


class LockerService(QObject):
    """Loads every page of the locker after sign-in and after each purchase."""

    releases_changed = Signal(object)   # tuple of LockerRelease
    loading_changed = Signal(bool)
    load_failed = Signal(object)        # the exception

    def __init__(self, account: AccountService, parent: QObject | None = None):
        super().__init__(parent)
        self._account = account
        self._releases: tuple = ()
        self._loading = False
        self._again = False
        account.signed_in_changed.connect(self._on_account_signed_in_changed)

    @property
    def releases(self) -> tuple:
        return self._releases

    @property
    def loading(self) -> bool:
        return self._loading

    def refresh(self) -> None:
        """Reload the locker (asks the user to sign in when nobody is)."""
        if self._loading:
            self._again = True          # e.g. a purchase landed while a load was running
            return
        self._loading = True
        self.loading_changed.emit(True)
        self._account.call(_load_all, on_done=self._on_loaded, on_error=self._on_failed,
                           reason=SignInReason.LOCKER)

    def clear(self) -> None:
        self._releases = ()
        self.releases_changed.emit(())

    def _on_loaded(self, releases: tuple) -> None:
        self._finish()
        self._releases = releases
        self.releases_changed.emit(releases)

    def _on_failed(self, exc: Exception) -> None:
        self._finish()
        if not isinstance(exc, SignInCancelled):
            self.load_failed.emit(exc)

    def _finish(self) -> None:
        self._loading = False
        self.loading_changed.emit(False)
        if self._again:
            self._again = False
            self.refresh()

    def _on_account_signed_in_changed(self, signed_in: bool) -> None:
        if signed_in:
            self.refresh()
        elif self._account.user is None and not self._account.waiting_calls:
            self.clear()


def _load_all(client: StoreClient) -> tuple:
    releases: list = []
    for number in range(1, MAX_PAGES + 1):
        page = client.locker(page=number, page_size=PAGE_SIZE)
        releases.extend(page.items)
        if not page.has_next:
            break
    return tuple(releases)
