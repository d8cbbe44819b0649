"""Shown when no web browser could be opened: the checkout URL, selectable, with a Copy button.

Only a link a browser may safely open is shown (https, or http on this machine: app.api's
`browser_link`); anything else is replaced by the sentence saying the store sent an unsafe link,
with nothing to copy."""
from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout


class CheckoutLinkDialog(QDialog):
    """Non-modal: the user copies the link into a browser and the app keeps running."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("checkout_link_dialog")
        self.setWindowTitle(self.tr("Open the checkout page"))
        self.setModal(False)
        self.explanation = explanation = QLabel(self._explanation_text())
        explanation.setWordWrap(True)
        self.url_field = QLineEdit()
        self.url_field.setReadOnly(True)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.clicked.connect(self._on_copy_clicked)
        row = QHBoxLayout()
        row.addWidget(self.url_field, 1)
        row.addWidget(self.copy_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.hide)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _explanation_text(self) -> str:
        return self.tr("No web browser could be opened. Copy this address into your browser "
                       "to pay; the basket updates here when the purchase is complete.")

    def show_url(self, url: str) -> None:
        from app.api import UnsafeLinkError, browser_link   # lazily: keeps app.api off the start-up path

        from .errors import describe_error

        try:
            browser_link(url, url)      # http only when the link itself is on this machine
        except UnsafeLinkError as exc:
            self.url_field.clear()
            self.explanation.setText(describe_error(exc))
            self.copy_button.setEnabled(False)
        else:
            self.url_field.setText(url)
            self.url_field.selectAll()
            self.explanation.setText(self._explanation_text())
            self.copy_button.setEnabled(True)
        self.copy_button.setText(self.tr("Copy"))
        if self.isVisible():
            self.raise_()            # a fresh window comes up on top anyway
        self.show()

    def _on_copy_clicked(self) -> None:
        if not self.url_field.text():
            return
        QGuiApplication.clipboard().setText(self.url_field.text())
        self.copy_button.setText(self.tr("Copied"))
