"""Sign in with email and password, inside the app; errors stay in the dialog."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from app.api import AuthError, InputError, NotFoundError
from app.services.account import AccountService, SignInReason

from .errors import describe_error
from .shopping_messages import sign_in_reason_text


def describe_sign_in_error(exc: BaseException) -> str:
    """What a failed sign-in means for the person typing (the rest goes to describe_error)."""
    if isinstance(exc, AuthError) and exc.status in (400, 401):
        return QCoreApplication.translate(
            "SignInDialog", "That email address and password don't match a 7digital account. "
                            "Check them and try again.")
    if isinstance(exc, AuthError) and exc.status == 403:
        return QCoreApplication.translate(
            "SignInDialog", "This account can't sign in right now ({reason}). Try again later.").format(
            reason=exc.reason)
    if isinstance(exc, (InputError, NotFoundError)):
        return QCoreApplication.translate(
            "SignInDialog", "The store didn't accept that email address and password: {detail}").format(
            detail=exc)
    return describe_error(exc)


class SignInDialog(QDialog):
    """Non-modal; closes itself once the account service reports a successful sign-in."""

    def __init__(self, account: AccountService, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sign_in_dialog")
        self.setWindowTitle(self.tr("Sign in to 7digital"))
        self.setModal(False)
        self._account = account
        self._setup_ui()
        account.sign_in_started.connect(self._on_account_sign_in_started)
        account.sign_in_failed.connect(self._on_account_sign_in_failed)
        account.signed_in_changed.connect(self._on_account_signed_in_changed)

    def open_for(self, reason: SignInReason | None = None) -> None:
        """Show (or raise) the dialog, saying why sign-in is needed (None: the user asked to)."""
        text = sign_in_reason_text(reason)
        self.reason_label.setText(text)
        self.reason_label.setVisible(bool(text))
        self.error_label.hide()
        self.password_field.clear()
        self._set_busy(self._account.signing_in)
        if self.isVisible():         # already open behind another window: bring it forward
            self.raise_()
            self.activateWindow()
        self.show()
        (self.password_field if self.email_field.text() else self.email_field).setFocus()

    def _setup_ui(self) -> None:
        self.reason_label = QLabel(self)
        self.reason_label.setWordWrap(True)
        self.reason_label.hide()
        self.email_field = QLineEdit(self)
        self.email_field.setObjectName("email_field")
        self.email_field.setPlaceholderText(self.tr("you@example.com", "placeholder: an example email address"))
        self.password_field = QLineEdit(self)
        self.password_field.setObjectName("password_field")
        self.password_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("sign_in_error")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.status_label = QLabel(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.sign_in_button = self.buttons.addButton(self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setDefault(True)
        self.buttons.accepted.connect(self._on_sign_in_clicked)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Email"), self.email_field)
        form.addRow(self.tr("Password"), self.password_field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.reason_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(400)
        self.email_field.textChanged.connect(self._update_button)
        self.password_field.textChanged.connect(self._update_button)
        self._update_button()

    def reject(self) -> None:
        """Closing without signing in fails whatever was waiting for it (e.g. a checkout)."""
        self._account.cancel_waiting()
        super().reject()

    def _on_sign_in_clicked(self) -> None:
        email, password = self.email_field.text().strip(), self.password_field.text()
        if not email or not password:
            return
        self.error_label.hide()
        self._account.sign_in(email, password)

    def _on_account_sign_in_started(self) -> None:
        self._set_busy(True)

    def _on_account_sign_in_failed(self, exc) -> None:
        self._set_busy(False)
        self.error_label.setText(describe_sign_in_error(exc))
        self.error_label.show()
        self.adjustSize()                 # room for the wrapped message
        self.password_field.selectAll()
        self.password_field.setFocus()

    def _on_account_signed_in_changed(self, signed_in: bool) -> None:
        self._set_busy(False)
        if signed_in and self.isVisible():
            self.password_field.clear()
            self.accept()

    def _set_busy(self, busy: bool) -> None:
        self.status_label.setText(self.tr("Signing in…") if busy else "")
        for widget in (self.email_field, self.password_field):
            widget.setEnabled(not busy)
        self._update_button()
        self.sign_in_button.setEnabled(not busy and self.sign_in_button.isEnabled())

    def _update_button(self) -> None:
        self.sign_in_button.setEnabled(bool(self.email_field.text().strip() and self.password_field.text())
                                       and not self._account.signing_in)
