"""One handler for unexpected exceptions: log them, tell the user calmly, keep the app running."""
from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)


class CrashGuard(QObject):
    """Replaces sys.excepthook and threading.excepthook while installed.

    Qt calls Python slots from its event loop; an exception escaping one would otherwise only
    be printed (or, in some bindings, abort). Here it is logged with its traceback (to the
    rotating, redacted log) and the user sees one non-modal sentence at a time.
    """

    # summary: a one-line description of what failed; emitted on the GUI thread
    unexpected_error = Signal(str)

    def __init__(self, window: QWidget | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._window = window
        self._box: QMessageBox | None = None
        self._previous = (sys.excepthook, threading.excepthook)
        self.count = 0
        # Queued: the hook may run on any thread, the message box only on the GUI thread.
        self.unexpected_error.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> CrashGuard:
        sys.excepthook = self._excepthook
        threading.excepthook = lambda args: self._excepthook(args.exc_type, args.exc_value, args.exc_traceback)
        return self

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous

    def _excepthook(self, exc_type: type[BaseException], exc: BaseException,
                    tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous[0](exc_type, exc, tb)
            return
        self.count += 1
        log.error("Unexpected error", exc_info=(exc_type, exc, tb))
        self.unexpected_error.emit(f"{exc_type.__name__}")

    @Slot(str)
    def _show(self, summary: str) -> None:
        if self._box is not None and self._box.isVisible():
            return      # one message at a time; the log has every occurrence
        self._box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Something went wrong"),
                                self.tr("Something unexpected went wrong. The app is still running, and "
                                        "your basket and sign-in are safe.\n\nDetails were written to the "
                                        "log file."),
                                QMessageBox.StandardButton.Ok, self._window)
        self._box.setObjectName("crash_guard_message")
        self._box.setDetailedText(self.tr("Error type: {name}").format(name=summary))
        self._box.setWindowModality(Qt.WindowModality.NonModal)
        self._box.show()

    @property
    def message_box(self) -> QMessageBox | None:
        return self._box
