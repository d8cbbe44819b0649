"""Shown while the embedded store starts (and builds its catalogue on the first run)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar, QVBoxLayout, QWidget

from app.ui.view_base import make_label


class StartupPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startup_page")
        self.heading = make_label("Opening the store", "title")
        self.message = make_label("Starting…", "muted", wrap=True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setFixedWidth(320)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for widget in (self.heading, self.message, self.progress):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)

    def set_progress(self, text: str, fraction: float | None = None) -> None:
        self.message.setText(text)
        if fraction is None:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(round(fraction * 100))

    def set_failed(self, message: str) -> None:
        self.heading.setText("The store could not be opened")
        self.message.setText(message)
        self.progress.hide()
