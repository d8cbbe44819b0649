"""Checkout: hand the basket to the store's checkout page in the system browser, then notice the purchase.

The store's `basket/checkout` (signed with the user's token) answers with a redirect to its
checkout page; that URL is opened with QDesktopServices, and only if it is a web address a browser
may safely open (https, or http between the embedded store and this machine: `browser_link`). The
client already refuses anything else with an UnsafeLinkError; the check is made again here, on the
URL as Qt reads it, so that nothing but a web page ever reaches the desktop's URL handlers.

The app can't see the browser, so it asks `basket/{id}/status` when the window is activated again
and every few seconds meanwhile; once the store says Success, the purchase is announced (the
basket clears itself, the locker reloads) and the checks stop.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication

from app.api import BasketStatus, UnsafeLinkError, browser_link, is_loopback

from .account import AccountService, SignInReason
from .store import CurrentStore
from .tasks import TaskRunner


class CheckoutService(QObject):
    """Start a checkout for a basket id and watch for the purchase to complete."""

    checkout_started = Signal()         # asking the store for the checkout page
    checkout_opened = Signal(str)       # the checkout page URL, opened in the system browser
    browser_failed = Signal(str)        # no browser could be opened: show this (safe) URL to copy
    checkout_failed = Signal(object)    # the exception (not signed in, network, store error, UnsafeLinkError)
    purchase_completed = Signal(str, str)  # basket id, purchase id
    waiting_changed = Signal(bool)      # True while the app watches for the purchase

    def __init__(self, runner: TaskRunner, account: AccountService, store: CurrentStore,
                 poll_interval_ms: int = 5000, give_up_after_ms: int = 30 * 60 * 1000,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._runner = runner
        self._account = account
        self._store = store
        self._awaiting: str | None = None
        self._url: tuple[QUrl, str] | None = None   # the watched basket's checkout page (checked safe), as read
        self._checking = False
        self._busy = False
        self._poll = QTimer(self, interval=poll_interval_ms)
        self._poll.timeout.connect(self.check_now)
        self._give_up = QTimer(self, singleShot=True, interval=give_up_after_ms)
        self._give_up.timeout.connect(self.stop_waiting)
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._on_application_state_changed)

    @property
    def awaiting_basket(self) -> str | None:
        """The basket whose payment the app is watching for, if any."""
        return self._awaiting

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def checkout_url(self) -> str | None:
        """The checkout page of the watched basket (checked as safe to open), if any."""
        return self._url[1] if self._url is not None else None

    def open_again(self) -> None:
        """Hand the watched basket's checkout page to the browser again (closed, or none opened)."""
        if self._awaiting is not None and self._url is not None:
            self._open(*self._url)

    def start(self, basket_id: str) -> None:
        """Ask for the checkout page of `basket_id` (signing in first if needed) and open it."""
        if self._busy:
            return
        self._busy = True
        self.checkout_started.emit()
        self._account.call(lambda client: client.checkout_url(basket_id),
                           on_done=lambda url: self._on_url(basket_id, url),
                           on_error=self._on_failed,
                           reason=SignInReason.CHECKOUT)

    def check_now(self) -> None:
        """Ask the store whether the watched basket has been paid for."""
        basket_id = self._awaiting
        client = self._store.client        # the current store's, whatever the country is by now
        if basket_id is None or self._checking or client is None:
            return
        self._checking = True
        self._runner.submit(lambda _token: client.basket_status(basket_id),
                            on_done=lambda status: self._on_status(basket_id, status),
                            on_error=self._on_status_error)

    def purchase_seen(self, basket_id: str, purchase_id: str) -> None:
        """Someone else (the basket's sync) found the watched basket paid for."""
        if basket_id == self._awaiting:
            self.stop_waiting()
            self.purchase_completed.emit(basket_id, purchase_id)

    def stop_waiting(self) -> None:
        if self._awaiting is not None:
            self._awaiting = None
            self._url = None
            self._poll.stop()
            self._give_up.stop()
            self.waiting_changed.emit(False)

    # -- private -------------------------------------------------------------------------
    def _on_url(self, basket_id: str, url: str) -> None:
        client = self._store.client
        try:
            qurl = safe_qurl(url, client.base_url if client is not None else "")
        except UnsafeLinkError as exc:
            self._on_failed(exc)        # nothing is opened, and there is no purchase to watch for
            return
        self._busy = False
        self._awaiting = basket_id
        self._url = (qurl, url)
        self._poll.start()
        self._give_up.start()
        self.waiting_changed.emit(True)
        self._open(qurl, url)

    def _open(self, qurl: QUrl, url: str) -> None:
        if QDesktopServices.openUrl(qurl):
            self.checkout_opened.emit(url)
        else:
            self.browser_failed.emit(url)

    def _on_failed(self, exc: Exception) -> None:
        self._busy = False
        self.checkout_failed.emit(exc)

    def _on_status(self, basket_id: str, status: BasketStatus) -> None:
        self._checking = False
        if basket_id != self._awaiting or not status.succeeded:
            return
        self.stop_waiting()
        purchase = "" if status.purchase_id is None else str(status.purchase_id)
        self.purchase_completed.emit(basket_id, purchase)

    def _on_status_error(self, _exc: Exception) -> None:
        # A failed check is not a failed purchase: the next tick or activation asks again.
        self._checking = False

    def _on_application_state_changed(self, state) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check_now()


def safe_qurl(url: str, store_url: str) -> QUrl:
    """`url` as a QUrl a web browser may open, or UnsafeLinkError: the link passes `browser_link`
    as text, and Qt's strict reading of it agrees (same scheme, a host, on this machine for http),
    so no difference between the two parsers can smuggle another scheme or host through."""
    checked = browser_link(url, store_url)
    qurl = QUrl(checked, QUrl.ParsingMode.StrictMode)
    scheme = qurl.scheme().lower()
    if not qurl.isValid() or scheme != checked.partition(":")[0].lower() or not qurl.host():
        raise UnsafeLinkError(scheme)
    if scheme != "https" and not (scheme == "http" and is_loopback(qurl.host())):
        raise UnsafeLinkError(scheme)
    return qurl
