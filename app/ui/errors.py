"""THE one place that turns exceptions into sentences, and the inline banner that shows them."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from app.ui.accessibility import announce


def describe_error(exc: BaseException) -> str:
    """A sentence for the user: what happened and, where it helps, what to do. Never a traceback."""
    from app.api import (ApiError, AuthError, ClockSkewError, NetworkError, NotFoundError, ResponseFormatError,
                         ServerError, StoreError, UnsafeLinkError)   # lazily: keeps app.api off the start-up path

    from app.basket.notices import TrackNeedsRelease
    from app.services.account import SignInCancelled, StoreStarting
    from app.services.connection import EmbeddedStoreInUse

    # The services below the UI raise these without text of their own.
    if isinstance(exc, EmbeddedStoreInUse):
        return QCoreApplication.translate(
            "Errors", "The embedded store's data is in use by another store that this app cannot reach. "
                      "Wait a moment and try again, or close the other store. ({detail})").format(detail=exc)
    if isinstance(exc, StoreStarting):
        return QCoreApplication.translate("Errors", "The store is still starting; try again in a moment")
    if isinstance(exc, SignInCancelled):
        return QCoreApplication.translate("Errors", "Sign-in was cancelled.")
    if isinstance(exc, TrackNeedsRelease):
        return QCoreApplication.translate("Errors", "A track can only be bought with its release.")
    if isinstance(exc, ClockSkewError):
        # "min", not a %n plural: pyside6-lupdate marks plurals only in self.tr() calls, not translate().
        return QCoreApplication.translate(
            "Errors", "Your computer's clock is {minutes} min off, so the store refused the request. "
                      "Set the correct date and time (automatic time is best), then try again.").format(
            minutes=exc.minutes)
    if isinstance(exc, UnsafeLinkError):
        return QCoreApplication.translate(
            "Errors", "The store sent an unsafe link instead of a secure web page, so nothing was opened. "
                      "({detail})").format(detail=exc)
    # The client library is Qt-free: its own text (English) is the detail after the sentence.
    if isinstance(exc, NetworkError):
        return QCoreApplication.translate(
            "Errors", "The store could not be reached. Check your connection and try again. ({detail})"
        ).format(detail=exc)
    if isinstance(exc, NotFoundError):
        return QCoreApplication.translate("Errors", "The store has no such item (any more). ({detail})").format(
            detail=exc)
    if isinstance(exc, ServerError):
        return QCoreApplication.translate(
            "Errors", "The store had a problem answering. Trying again in a moment usually helps. ({detail})"
        ).format(detail=exc)
    if isinstance(exc, AuthError) and getattr(exc, "for_user", False):
        return QCoreApplication.translate(
            "Errors", "Your sign-in is no longer valid; please sign in again. ({detail})").format(detail=exc)
    if isinstance(exc, AuthError):
        return QCoreApplication.translate(
            "Errors", "The store refused the request; check the consumer key in Settings. ({detail})"
        ).format(detail=exc)
    if isinstance(exc, ResponseFormatError):
        return QCoreApplication.translate(
            "Errors", "The store sent an answer this app could not read. ({detail})").format(detail=exc)
    if isinstance(exc, (ApiError, StoreError)):
        return QCoreApplication.translate("Errors", "The store said: {detail}").format(detail=exc)
    if isinstance(exc, TimeoutError):
        return QCoreApplication.translate("Errors", "The store took too long to answer. Try again.")
    if isinstance(exc, OSError):
        return QCoreApplication.translate("Errors", "A file or network operation failed: {detail}.").format(
            detail=exc.strerror or exc)
    return QCoreApplication.translate("Errors", "Something went wrong while talking to the store. Try again.")


def can_retry(exc: BaseException) -> bool:
    """Whether pressing Retry may change the outcome (a missing item stays missing)."""
    from app.api import NotFoundError

    return not isinstance(exc, NotFoundError)


class ErrorBanner(QFrame):
    """A calm inline message with a Retry button; hidden until `show_error`."""

    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("error_banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.message = QLabel(wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.clicked.connect(self._on_retry_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_error(self, exc: BaseException, retry: bool = True) -> None:
        self.message.setText(describe_error(exc))
        self.retry_button.setVisible(retry and can_retry(exc))
        self.show()
        announce(self, self.message.text(), assertive=True)

    def _on_retry_clicked(self) -> None:
        self.hide()
        self.retry_requested.emit()
