"""The toolbar's account button: "Sign in", or who is signed in with a Sign out menu."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from app.services.account import AccountService


class AccountButton(QToolButton):
    """Click to sign in; once signed in, shows the user's email and offers My music and Sign out."""

    sign_in_requested = Signal()
    locker_requested = Signal()

    def __init__(self, account: AccountService, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("account_button")
        self._account = account
        self._menu = QMenu(self)
        self.locker_action = QAction(self.tr("My music"), self)
        self.locker_action.triggered.connect(self.locker_requested)
        self.sign_out_action = QAction(self.tr("Sign out"), self)
        self.sign_out_action.triggered.connect(account.sign_out)
        self._menu.addAction(self.locker_action)
        self._menu.addSeparator()
        self._menu.addAction(self.sign_out_action)
        self.clicked.connect(self._on_clicked)
        account.signed_in_changed.connect(self._update)
        account.user_changed.connect(self._update)
        account.restoring_changed.connect(self._update)
        self._update()

    def _update(self, *_args) -> None:
        user = self._account.user
        if self._account.signed_in:
            self.setText(user.email if user is not None and user.email else self.tr("Signed in"))
            self.setToolTip(self.tr("Signed in to 7digital"))
            self.setMenu(self._menu)
            self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        elif self._account.restoring:     # still clickable: signing in anew drops the restore
            self.setText(self.tr("Signing in…"))
            self.setToolTip(self.tr("Checking your saved sign-in"))
            self.setMenu(None)
        else:
            self.setText(self.tr("Sign in"))
            self.setToolTip(self.tr("Sign in to your 7digital account"))
            self.setMenu(None)

    def _on_clicked(self) -> None:
        if not self._account.signed_in:
            self.sign_in_requested.emit()
