"""Puts buying into the main window: basket dock and badge, sign-in, checkout, My music.

app/composition.py calls `build_shopping(...)` once; the widgets are hooked onto the window through
its public hooks (add_dock, add_toolbar_widget, add_menu_action, show_message,
add_to_basket_requested). The embedded store may still be starting: the basket is shown from disk at
once and talks to the store when `CurrentStore.changed` says it is there.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMessageBox

from app.basket.basket import Basket
from app.basket.notices import TrackNeedsRelease, TracksInBasket
from app.basket.purchases import connect_purchases
from app.basket.storage import BasketStorage
from app.downloads.jobs import jobs_from_locker
from app.downloads.manager import DownloadManager
from app.services.account import AccountService
from app.services.checkout import CheckoutService
from app.services.locker import LockerService
from app.services.ownership import Availability
from app.services.store import CurrentStore
from app.services.tasks import TaskRunner
from app.settings.secrets import Keeping, SecretStore

from .account_button import AccountButton
from .basket_panel import BasketBadge, BasketPanel
from .download_messages import not_in_locker_text
from .downloads_view import DownloadsView
from .errors import describe_error
from .locker_view import LockerView
from .notifications import Notifier, release_downloaded_text
from .owned_at_checkout import OwnedAtCheckout
from .shopping_messages import basket_question
from .sign_in_dialog import SignInDialog


@dataclass
class Shopping:
    basket: Basket
    account: AccountService
    checkout: CheckoutService
    locker: LockerService
    panel: BasketPanel
    badge: BasketBadge
    account_button: AccountButton
    sign_in_dialog: SignInDialog
    locker_dock: QDockWidget
    availability: Availability | None = None
    downloads: DownloadManager | None = None       # install_downloads() adds these three
    downloads_view: DownloadsView | None = None
    downloads_dock: QDockWidget | None = None
    downloader: Any = None
    notifier: Notifier | None = None


def build_shopping(window, runner: TaskRunner, store: CurrentStore, storage: BasketStorage,
                   secrets: SecretStore, poll_interval_ms: int = 5000,
                   availability: Availability | None = None, settings=None) -> Shopping:
    """Build the basket, account, checkout and locker services (composition calls this once) and
    hook their widgets onto `window`. `availability` (app/services/ownership.py) learns the basket,
    and its ownership index follows the account and the locker. `settings` (app/settings/store.py)
    remembers that where the sign-in is kept was said once."""
    ownership = availability.ownership if availability is not None else None
    basket = Basket(runner, store, storage, parent=window, ownership=ownership)
    account = AccountService(runner, store, secrets, parent=window)
    checkout = CheckoutService(runner, account, store, poll_interval_ms=poll_interval_ms, parent=window)
    locker = LockerService(account, parent=window)
    connect_purchases(basket, checkout, locker)
    if availability is not None:
        availability.set_basket(basket)
        ownership.attach(account, locker)
    shopping = install_shopping(window, basket, account, checkout, locker, secrets, settings)
    shopping.availability = availability
    if ownership is not None:           # bought elsewhere since it went in the basket: ask before paying
        shopping.panel.before_checkout = OwnedAtCheckout(basket, account, locker, ownership, window)
    return shopping


# The settings key remembering which `Keeping` was last said in the status bar.
KEEPING_TOLD = "sign_in_keeping_told"


def secrets_keeping_text(secrets: SecretStore) -> str:
    """Where the sign-in is kept, when that isn't the system keyring ("" when it is); translated when
    called, so it follows the language installed at start (Settings shows it too)."""
    if secrets.keeping is Keeping.FILE:
        return QCoreApplication.translate(
            "Shopping", "No system keyring is available, so your sign-in is kept in {path} "
                        "(readable only by you).").format(path=secrets.file)
    if secrets.keeping is Keeping.SWITCHED_OFF:
        return QCoreApplication.translate(
            "Shopping", "The keyring is switched off, so you'll have to sign in again next time.")
    if secrets.keeping is Keeping.FAILING:
        return QCoreApplication.translate(
            "Shopping", "The system keyring could not be used, so you may have to sign in again next time.")
    return ""


def install_shopping(window, basket: Basket, account: AccountService, checkout: CheckoutService,
                     locker: LockerService, secrets: SecretStore, settings=None) -> Shopping:
    """The basket dock and badge, account button, sign-in dialog, My music and the Account menu."""
    panel = BasketPanel(basket, checkout, window)
    window.add_dock(panel, Qt.DockWidgetArea.RightDockWidgetArea)
    panel.toggleViewAction().setShortcut(QKeySequence("Ctrl+Shift+B"))   # Ctrl+B adds a track
    badge = BasketBadge(basket, panel, window)
    account_button = AccountButton(account, window)
    window.add_toolbar_widget(badge)
    window.add_toolbar_widget(account_button)

    locker_view = LockerView(locker, account)
    locker_dock = QDockWidget(QCoreApplication.translate("Shopping", "My music"), window)
    locker_dock.setObjectName("locker_dock")
    locker_dock.setWidget(locker_view)
    window.add_dock(locker_dock, Qt.DockWidgetArea.RightDockWidgetArea)
    window.tabifyDockWidget(panel, locker_dock)
    panel.raise_()
    locker_dock.hide()
    locker_view.open_requested.connect(window.open)

    dialog = SignInDialog(account, window)
    shopping = Shopping(basket, account, checkout, locker, panel, badge, account_button, dialog, locker_dock)

    def show_locker() -> None:
        locker_dock.show()
        locker_dock.raise_()
        if account.signed_in and not locker.releases and not locker.loading:
            locker.refresh()

    sign_in_action = QAction(QCoreApplication.translate("Shopping", "Sign in…"), window)
    sign_in_action.triggered.connect(lambda: dialog.open_for())
    sign_out_action = QAction(QCoreApplication.translate("Shopping", "Sign out"), window)
    sign_out_action.triggered.connect(account.sign_out)
    locker_action = QAction(QCoreApplication.translate("Shopping", "My music"), window,
                            shortcut=QKeySequence("Ctrl+Shift+M"))
    locker_action.triggered.connect(show_locker)
    # The panel's action: enabled only when there is something to pay for and no checkout is starting.
    panel.checkout_action.setText(QCoreApplication.translate("Shopping", "Checkout…"))
    for action in (sign_in_action, sign_out_action, locker_action, panel.checkout_action):
        window.add_menu_action("Account", action)   # the menu's key; MainWindow translates its title

    def on_signed_in_changed(signed_in: bool) -> None:
        sign_in_action.setEnabled(not signed_in)
        sign_out_action.setEnabled(signed_in)

    account.signed_in_changed.connect(on_signed_in_changed)
    on_signed_in_changed(account.signed_in)
    account_button.sign_in_requested.connect(lambda: dialog.open_for())
    account_button.locker_requested.connect(show_locker)
    account.reauth_required.connect(dialog.open_for)

    def tell_where_sign_in_is_kept(signed_in: bool) -> None:
        # Asked at each sign-in: a keyring may start failing after start-up (a D-Bus error). Said
        # once per way of keeping, not at every start; Settings shows it from then on.
        text = secrets_keeping_text(secrets)
        if not (signed_in and text):
            return
        if settings is not None:
            if settings.get(KEEPING_TOLD) == secrets.keeping.value:
                return
            settings.set(KEEPING_TOLD, secrets.keeping.value)
        window.show_message(text, 8000)

    account.signed_in_changed.connect(tell_where_sign_in_is_kept)

    def add(release, track, insist: bool = False, replace_tracks: bool = False) -> None:
        try:
            added = basket.add(release, track, insist=insist, replace_tracks=replace_tracks)
        except TrackNeedsRelease as exc:
            window.show_message(describe_error(exc), 5000)
            return
        if added:
            title = track.title if track is not None else release.title
            window.show_message(QCoreApplication.translate("Shopping", "Added “{title}” to your basket.")
                                .format(title=title), 3000)

    window.add_to_basket_requested.connect(add)

    def ask(notice) -> None:
        # Owned already, or some of its tracks in the basket: the user may overrule (a window-modal
        # question: keyboard and screen reader reach it like any dialog).
        question = basket_question(notice)
        if question is None:
            return
        text, overrule = question
        box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("Shopping", "Basket"), text,
                          QMessageBox.StandardButton.Cancel, window)
        box.setObjectName("basket_question")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        yes = box.addButton(overrule, QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        replacing = isinstance(notice, TracksInBasket)
        release, track = notice.release, getattr(notice, "track", None)

        def answered(_result=None) -> None:
            if box.clickedButton() is yes:
                add(release, track, insist=True, replace_tracks=replacing)

        box.finished.connect(answered)
        box.open()

    basket.notice.connect(ask)
    basket.sync_failed.connect(lambda exc: window.show_message(describe_error(exc), 6000))
    panel.message_requested.connect(lambda text: window.show_message(text, 6000))
    checkout.purchase_completed.connect(lambda *_: show_locker())

    basket.start()
    account.start()
    return shopping


class Downloader:
    """Turns locker entries into download jobs: on request (a release page, My music), after a
    purchase (`auto`), and again with fresh links when the store said a link expired."""

    def __init__(self, window, locker: LockerService, manager: DownloadManager, music_dir: Path, auto: bool):
        self._window, self._locker, self._manager = window, locker, manager
        self.music_dir = Path(music_dir)
        self.auto = auto
        self._wanted: set[str] = set()          # asked for, not in the locker (yet)
        self._expired: set[str] = set()         # releases waiting for fresh links
        self._before: dict[str, frozenset[str]] | None = None    # the locker when a purchase completed
        locker.releases_changed.connect(self._on_releases_changed)
        manager.urls_expired.connect(self._on_urls_expired)

    def _entries(self) -> dict[str, Any]:
        return {str(entry.release.id): entry for entry in self._locker.releases}

    def download(self, release_ids) -> int:
        """Queue the purchased tracks of `release_ids`; returns how many were new to the queue."""
        entries, added = self._entries(), 0
        for release_id in (str(r) for r in release_ids):
            entry = entries.get(release_id)
            if entry is None:
                self._wanted.add(release_id)
                continue
            added += len(self._manager.add(jobs_from_locker(entry, self.music_dir)))
        if self._wanted and not self._locker.loading:
            self._window.show_message(not_in_locker_text(next(iter(self._wanted))), 6000)
            self._locker.refresh()
        return added

    def purchase_completed(self, *_args) -> None:
        if self.auto and self._before is None:
            self._before = {rid: _track_ids(entry) for rid, entry in self._entries().items()}

    def _on_releases_changed(self, releases) -> None:
        entries = {str(entry.release.id): entry for entry in releases}
        wanted = [rid for rid in self._wanted if rid in entries]
        self._wanted.difference_update(wanted)
        for rid in wanted:
            self._manager.add(jobs_from_locker(entries[rid], self.music_dir))
        if self._before is not None:
            bought = {rid: _track_ids(entry) - self._before.get(rid, frozenset()) for rid, entry in entries.items()}
            bought = {rid: ids for rid, ids in bought.items() if ids}
            if bought or not self._locker.loading:      # a load that was running already may come first
                self._before = None
            for rid, ids in bought.items():
                self._manager.add(job for job in jobs_from_locker(entries[rid], self.music_dir)
                                  if job.info.track_id in ids)
        expired = [rid for rid in self._expired if rid in entries]
        self._expired.difference_update(expired)
        for rid in expired:
            fresh = {job.job_id: job.url for job in jobs_from_locker(entries[rid], self.music_dir)}
            self._manager.refresh_urls(fresh)

    def _on_urls_expired(self, release_id: str) -> None:
        self._expired.add(str(release_id))
        self._locker.refresh()


def _track_ids(entry) -> frozenset[str]:
    return frozenset(str(owned.track.id) for owned in entry.tracks)


def install_downloads(window, shopping: Shopping, manager: DownloadManager, music_dir: Path,
                      auto_download: bool = True, notifier: Notifier | None = None) -> Shopping:
    """The Downloads dock (tabbed with Basket and My music, in the View menu, Ctrl+Shift+D), the
    download actions of release pages and My music, downloads after a purchase, fresh links when one
    expired, and a desktop notification when a release has finished."""
    view = DownloadsView(manager, music_dir)
    dock = QDockWidget(QCoreApplication.translate("Shopping", "Downloads"), window)
    dock.setObjectName("downloads_dock")
    dock.setWidget(view)
    window.add_dock(dock, Qt.DockWidgetArea.RightDockWidgetArea)
    # Not the toggle action's own shortcut: pressed while the dock is open it should go there, not close it.
    show_action = QAction(QCoreApplication.translate("Shopping", "Show downloads"), window,
                          shortcut=QKeySequence("Ctrl+Shift+D"))
    show_action.setObjectName("show_downloads_action")
    show_action.triggered.connect(lambda: (dock.show(), dock.raise_(), view.table.setFocus()))
    window.menu("View").addAction(show_action)
    window.tabifyDockWidget(shopping.locker_dock, dock)
    shopping.panel.raise_()
    dock.hide()
    view.message_requested.connect(window.show_message)

    downloader = Downloader(window, shopping.locker, manager, music_dir, auto_download)

    def download(release_ids) -> None:
        downloader.download(release_ids)
        dock.show()
        dock.raise_()

    shopping.locker_dock.widget().download_requested.connect(download)
    shopping.checkout.purchase_completed.connect(downloader.purchase_completed)
    shopping.basket.purchase_detected.connect(downloader.purchase_completed)
    manager.job_added.connect(lambda _job_id: dock.isHidden() and (dock.show(), dock.raise_()))

    def hook_view(view_shown) -> None:
        signal = getattr(view_shown, "download_requested", None)
        if signal is not None and not view_shown.property("downloads_hooked"):
            view_shown.setProperty("downloads_hooked", True)
            signal.connect(lambda release_id: download([release_id]))

    window.view_shown.connect(hook_view)
    if window.current_view is not None:
        hook_view(window.current_view)

    if notifier is None:
        notifier = Notifier(TaskRunner(detached=True, name="notifications", parent=window), window)

    def tell_release_done(release_id: str) -> None:
        job = next((job for job in manager.jobs() if job.info.release_id == release_id), None)
        if job is not None:
            notifier.notify(*release_downloaded_text(job.info.album or release_id,
                                                      job.info.album_artist or job.info.artist))

    manager.release_finished.connect(tell_release_done)
    shopping.downloads, shopping.downloads_view, shopping.downloads_dock = manager, view, dock
    shopping.downloader, shopping.notifier = downloader, notifier
    return shopping


def apply_download_settings(shopping: Shopping, music_dir: Path, auto_download: bool) -> None:
    """Settings changed: new downloads go to `music_dir` (queued ones keep their place); `auto_download`
    says whether a purchase is downloaded by itself."""
    if shopping.downloader is not None:
        shopping.downloader.music_dir = Path(music_dir)
        shopping.downloader.auto = bool(auto_download)
    if shopping.downloads_view is not None:
        shopping.downloads_view.music_dir = Path(music_dir)
