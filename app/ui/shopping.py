"""Puts buying into the main window: basket dock and badge, sign-in, checkout, My music.

app/composition.py calls `build_shopping(...)` once; the widgets are hooked onto the window through
its public hooks (add_dock, add_toolbar_widget, add_menu_action, show_message,
add_to_basket_requested). The embedded store may still be starting: the basket is shown from disk at
once and talks to the store when `CurrentStore.changed` says it is there.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMessageBox

from app.basket.basket import Basket
from app.basket.notices import TrackNeedsRelease, TracksInBasket
from app.basket.purchases import connect_purchases
from app.basket.storage import BasketStorage
from app.services.account import AccountService
from app.services.checkout import CheckoutService
from app.services.locker import LockerService
from app.services.ownership import Availability
from app.services.store import CurrentStore
from app.services.tasks import TaskRunner
from app.settings.secrets import Keeping, SecretStore

from .account_button import AccountButton
from .basket_panel import BasketBadge, BasketPanel
from .errors import describe_error
from .locker_view import LockerView
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


def build_shopping(window, runner: TaskRunner, store: CurrentStore, storage: BasketStorage,
                   secrets: SecretStore, poll_interval_ms: int = 5000,
                   availability: Availability | None = None) -> Shopping:
    """Build the basket, account, checkout and locker services (composition calls this once) and
    hook their widgets onto `window`. `availability` (app/services/ownership.py) learns the basket,
    and its ownership index follows the account and the locker."""
    ownership = availability.ownership if availability is not None else None
    basket = Basket(runner, store, storage, parent=window, ownership=ownership)
    account = AccountService(runner, store, secrets, parent=window)
    checkout = CheckoutService(runner, account, store, poll_interval_ms=poll_interval_ms, parent=window)
    locker = LockerService(account, parent=window)
    connect_purchases(basket, checkout, locker)
    if availability is not None:
        availability.set_basket(basket)
        ownership.attach(account, locker)
    shopping = install_shopping(window, basket, account, checkout, locker, secrets)
    shopping.availability = availability
    return shopping


def secrets_keeping_text(secrets: SecretStore) -> str:
    """Where the sign-in is kept, when that isn't the system keyring ("" when it is)."""
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
                     locker: LockerService, secrets: SecretStore) -> Shopping:
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
    checkout_action = QAction(QCoreApplication.translate("Shopping", "Checkout…"), window)
    checkout_action.triggered.connect(lambda: (panel.show(), panel.start_checkout()))
    for action in (sign_in_action, sign_out_action, locker_action, checkout_action):
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
        # Asked at each sign-in: a keyring may start failing after start-up (a D-Bus error).
        text = secrets_keeping_text(secrets)
        if signed_in and text:
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
