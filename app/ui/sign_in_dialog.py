"""Sign in with email and password inside the app, or on the store's page in the web browser;
errors stay in the dialog, one sentence for each thing that can go wrong."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from app.api import (AuthError, ClockSkewError, InputError, KeyNotAllowedError, KeyRefusedError, NetworkError,
                     NotFoundError, SignInDeclinedError, SignInTimedOutError, WrongCredentialsError)
from app.services.account import AccountService, SignInReason

from .accessibility import announce
from .errors import describe_error
from .shopping_messages import sign_in_reason_text


def describe_sign_in_error(exc: BaseException) -> str:
    """What a failed sign-in means for the person signing in (the rest goes to describe_error)."""
    if isinstance(exc, WrongCredentialsError):
        return QCoreApplication.translate(
            "SignInDialog", "That email address and password don't match a 7digital account. "
                            "Check them and try again.")
    if isinstance(exc, KeyNotAllowedError):
        return QCoreApplication.translate(
            "SignInDialog", "The store lets this app sign you in only through your web browser, "
                            "so sign-in continues there.")
    if isinstance(exc, KeyRefusedError):
        return QCoreApplication.translate(
            "SignInDialog", "The store refused this app's consumer key or secret, so nobody can "
                            "sign in with them. Check them in Settings. ({detail})").format(detail=exc)
    if isinstance(exc, SignInDeclinedError):
        return QCoreApplication.translate(
            "SignInDialog", "You declined the sign-in in the browser.")
    if isinstance(exc, SignInTimedOutError):
        return QCoreApplication.translate(
            "SignInDialog", "The sign-in in your browser wasn't finished within {minutes} min. "
                            "Try again.").format(minutes=exc.minutes)
    if isinstance(exc, (ClockSkewError, NetworkError)):
        return describe_error(exc)      # the clock's sentence; "The store could not be reached…"
    if isinstance(exc, AuthError) and exc.status == 403:
        return QCoreApplication.translate(
            "SignInDialog", "This account can't sign in right now ({reason}). "
                            "Try again later.").format(reason=exc.reason)
    if isinstance(exc, AuthError):
        return QCoreApplication.translate(
            "SignInDialog", "The store refused the sign-in: {reason}. Try again.").format(
            reason=exc.reason)
    if isinstance(exc, (InputError, NotFoundError)):
        return QCoreApplication.translate(
            "SignInDialog", "The store didn't accept that email address and password: "
                            "{detail}").format(detail=exc)
    return describe_error(exc)


class SignInDialog(QDialog):
    """Non-modal; closes itself once the account service reports a successful sign-in."""

    def __init__(self, account: AccountService, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sign_in_dialog")
        self.setWindowTitle(self.tr("Sign in to 7digital"))
        self.setModal(False)
        self._account = account
        # The page the browser shows once it handed the sign-in back to the app.
        account.callback_page = (self.tr("7digital sign-in"), self.tr("You can close this tab and return to the app."))
        self._setup_ui()
        account.sign_in_started.connect(self._on_account_sign_in_started)
        account.sign_in_failed.connect(self._on_account_sign_in_failed)
        account.signed_in_changed.connect(self._on_account_signed_in_changed)
        account.browser_sign_in_waiting.connect(self._on_browser_waiting)

    def open_for(self, reason: SignInReason | None = None) -> None:
        """Show (or raise) the dialog, saying why sign-in is needed (None: the user asked to)."""
        text = sign_in_reason_text(reason)
        self.reason_label.setText(text)
        self.reason_label.setVisible(bool(text))
        self.error_label.hide()
        self.password_field.clear()
        self._show_waiting(self._account.waiting_for_browser)
        self._set_busy(self._account.signing_in)
        if self.isVisible():         # already open behind another window: bring it forward
            self.raise_()
            self.activateWindow()
        self.show()
        if not self._account.waiting_for_browser:
            (self.password_field if self.email_field.text() else self.email_field).setFocus()

    def _setup_ui(self) -> None:
        self.reason_label = QLabel(self)
        self.reason_label.setWordWrap(True)
        self.reason_label.hide()
        self.email_field = QLineEdit(self)
        self.email_field.setObjectName("email_field")
        self.email_field.setAccessibleName(self.tr("Email"))
        self.email_field.setPlaceholderText(self.tr("you@example.com", "placeholder: an example email address"))
        self.password_field = QLineEdit(self)
        self.password_field.setObjectName("password_field")
        self.password_field.setAccessibleName(self.tr("Password"))
        self.password_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("sign_in_error")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.status_label = QLabel(self)
        self.browser_button = QPushButton(self.tr("Sign in with your &browser"), self)
        self.browser_button.setObjectName("browser_sign_in_button")
        self.browser_button.setAccessibleName(self.tr("Sign in with your browser"))
        self.browser_button.setAutoDefault(False)
        self.browser_button.clicked.connect(self._on_browser_clicked)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.sign_in_button = self.buttons.addButton(self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setDefault(True)
        self.buttons.accepted.connect(self._on_sign_in_clicked)
        self.buttons.rejected.connect(self.reject)

        self.form = QWidget(self)
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Email"), self.email_field)
        form.addRow(self.tr("Password"), self.password_field)
        form.addRow(self.browser_button)

        self.waiting = QWidget(self)
        self.waiting.setObjectName("browser_waiting")
        self.waiting_label = QLabel(self.tr("Waiting for you to sign in in your browser…"), self.waiting)
        self.waiting_label.setObjectName("browser_waiting_label")
        self.waiting_label.setWordWrap(True)
        self.open_again_button = QPushButton(self.tr("&Open again"), self.waiting)
        self.open_again_button.setAccessibleName(self.tr("Open the sign-in page in the browser again"))
        self.open_again_button.clicked.connect(self._on_open_again)
        self.copy_link_button = QPushButton(self.tr("&Copy link"), self.waiting)
        self.copy_link_button.setAccessibleName(self.tr("Copy the sign-in page's link"))
        self.copy_link_button.clicked.connect(self._on_copy_link)
        # Qt's own (translated) Cancel: it stops waiting and shows the form again.
        stop = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self.waiting)
        stop.rejected.connect(self._on_stop_waiting)
        self.stop_waiting_button = stop.button(QDialogButtonBox.StandardButton.Cancel)
        self.stop_waiting_button.setObjectName("stop_waiting_button")
        self.stop_waiting_button.setAccessibleName(self.tr("Stop waiting for the browser"))
        for button in (self.open_again_button, self.copy_link_button, self.stop_waiting_button):
            button.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(self.open_again_button)
        row.addWidget(self.copy_link_button)
        row.addStretch(1)
        row.addWidget(stop)
        waiting = QVBoxLayout(self.waiting)
        waiting.setContentsMargins(0, 0, 0, 0)
        waiting.addWidget(self.waiting_label)
        waiting.addLayout(row)
        self.waiting.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.error_label)      # above: it also says why the browser is waited for
        layout.addWidget(self.form)
        layout.addWidget(self.waiting)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.email_field.textChanged.connect(self._update_button)
        self.password_field.textChanged.connect(self._update_button)
        self._update_button()

    def reject(self) -> None:
        """Closing without signing in fails whatever was waiting for it (e.g. a checkout), and stops
        waiting for the browser."""
        self._account.cancel_browser_sign_in()
        self._account.cancel_waiting()
        super().reject()

    def _on_sign_in_clicked(self) -> None:
        email, password = self.email_field.text().strip(), self.password_field.text()
        if not email or not password or self._account.signing_in:
            return
        self.error_label.hide()
        self._account.sign_in(email, password)

    def _on_browser_clicked(self) -> None:
        self.error_label.hide()
        self._account.sign_in_in_browser()

    def _on_open_again(self) -> None:
        if not self._account.open_browser_again():
            self.waiting_label.setText(self.tr("No web browser could be opened. Copy the link and open it in "
                                               "your browser to sign in."))

    def _on_copy_link(self) -> None:
        url = self._account.browser_sign_in_url
        if url:
            QGuiApplication.clipboard().setText(url)
            self.status_label.setText(self.tr("Link copied."))

    def _on_stop_waiting(self) -> None:
        self._account.cancel_browser_sign_in()
        self._show_waiting(False)
        self._set_busy(False)
        self.email_field.setFocus()

    def _on_browser_waiting(self, _url: str, opened: bool) -> None:
        self.waiting_label.setText(
            self.tr("Waiting for you to sign in in your browser…") if opened else
            self.tr("No web browser could be opened. Copy the link and open it in your browser to sign in."))
        self._show_waiting(True)
        self.status_label.setText("")
        if self.isVisible():
            self.open_again_button.setFocus()

    def _on_account_sign_in_started(self) -> None:
        self._set_busy(True)

    def _on_account_sign_in_failed(self, exc) -> None:
        self._show_waiting(False)
        self._set_busy(False)
        self.error_label.setText(describe_sign_in_error(exc))
        self.error_label.show()
        announce(self, self.error_label.text(), assertive=True)
        if isinstance(exc, KeyNotAllowedError):
            # The key may not sign in inside the app (most real keys): the browser still can, so go on there.
            self._account.sign_in_in_browser()
            return
        self.adjustSize()                 # room for the wrapped message
        self.password_field.selectAll()
        self.password_field.setFocus()

    def _on_account_signed_in_changed(self, signed_in: bool) -> None:
        self._show_waiting(False)
        self._set_busy(False)
        if signed_in and self.isVisible():
            self.password_field.clear()
            self.accept()

    def _show_waiting(self, waiting: bool) -> None:
        self.form.setVisible(not waiting)
        self.buttons.setVisible(not waiting)    # the waiting row has its own Cancel (Esc still closes)
        self.waiting.setVisible(waiting)

    def _set_busy(self, busy: bool) -> None:
        waiting = self._account.waiting_for_browser
        self.status_label.setText(self.tr("Signing in…") if busy and not waiting else "")
        # Read-only rather than disabled: focus stays in the field while signing in, no jumping.
        for field in (self.email_field, self.password_field):
            field.setReadOnly(busy)
        self.browser_button.setEnabled(not busy)
        self._update_button()

    def _update_button(self) -> None:
        self.sign_in_button.setEnabled(bool(self.email_field.text().strip() and self.password_field.text())
                                       and not self._account.signing_in)
