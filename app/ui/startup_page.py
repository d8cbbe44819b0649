"""Shown while the embedded store starts (and builds its catalogue on the first run)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QProgressBar, QPushButton, QVBoxLayout, QWidget

from app.ui.view_base import make_label


class StartupPage(QWidget):
    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startup_page")
        self.heading = make_label(self.tr("Opening the store"), "title")
        self.message = make_label(self.tr("Starting…"), "muted", wrap=True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setFixedSize(320, 6)
        self.message.setFixedWidth(440)       # wrapped lines need a width to wrap to
        self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.retry_button = QPushButton(self.tr("Try again"))
        self.retry_button.hide()
        self.retry_button.clicked.connect(self.retry_requested)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addStretch(2)
        for widget in (self.heading, self.message, self.progress, self.retry_button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)

    def set_progress(self, text: str, fraction: float | None = None) -> None:
        self.heading.setText(self.tr("Opening the store"))
        self._set_message(text)
        self.retry_button.hide()
        self.progress.show()
        if fraction is None:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(round(fraction * 100))

    def set_failed(self, message: str) -> None:
        self.heading.setText(self.tr("The store could not be opened"))
        self._set_message(message)
        self.progress.hide()
        self.retry_button.show()

    def _set_message(self, text: str) -> None:
        self.message.setText(text)
        # A wrapped label centred in a box layout gets its one-line hint: give it its real height.
        self.message.setFixedHeight(self.message.heightForWidth(self.message.width()))
