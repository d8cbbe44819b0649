"""Settings: which store to use (built-in or a real service with its key), the country and the language."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QRadioButton, QVBoxLayout, QWidget)

from app.settings.store import COUNTRIES
from app.ui.translations import available_languages, language_name
from app.ui.theme import apply_role


class SettingsDialog(QDialog):
    """Edits connection values; the caller saves them (secret to the keyring, the rest to settings)."""

    def __init__(self, api_url: str, consumer_key: str, has_secret: bool, country: str,
                 parent: QWidget | None = None, language: str = ""):
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle(self.tr("Settings"))
        self.embedded = QRadioButton(self.tr("Use the built-in demo store (works offline)"))
        self.real = QRadioButton(self.tr("Use a 7digital API service"))
        self.api_url = QLineEdit(api_url, placeholderText=self.tr(
            "https://api.7digital.com/1.2/", "placeholder: an example service URL (usually kept as it is)"))
        self.consumer_key = QLineEdit(consumer_key)
        self.consumer_secret = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.consumer_secret.setPlaceholderText(self.tr("unchanged (kept in your keyring)") if has_secret
                                                else self.tr("needed for previews and sign-in"))
        self.country = QComboBox()
        for code in COUNTRIES:
            self.country.addItem(code, code)
        if self.country.findData(country) < 0:
            self.country.addItem(country, country)
        self.country.setCurrentIndex(self.country.findData(country))
        self.language = QComboBox(objectName="language")
        self.language.addItem(self.tr("System default"), "")
        for code in available_languages():
            self.language.addItem(language_name(code), code)
        if self.language.findData(language) < 0:
            self.language.addItem(language_name(language), language)
        self.language.setCurrentIndex(self.language.findData(language))
        self.language.setToolTip(self.tr("Used from the next start of the app"))
        (self.real if api_url and consumer_key else self.embedded).setChecked(True)
        self.real.toggled.connect(self._update_enabled)
        note = QLabel(self.tr("The consumer secret is stored in the system keyring, never in the settings file."))
        note.setWordWrap(True)
        apply_role(note, "muted")
        form = QFormLayout()
        form.addRow(self.tr("Service URL"), self.api_url)
        form.addRow(self.tr("Consumer key"), self.consumer_key)
        form.addRow(self.tr("Consumer secret"), self.consumer_secret)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.embedded)
        layout.addWidget(self.real)
        layout.addLayout(form)
        layout.addWidget(note)
        country_form = QFormLayout()
        country_form.addRow(self.tr("Store country"), self.country)
        country_form.addRow(self.tr("Language"), self.language)
        layout.addLayout(country_form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self._update_enabled()

    def values(self) -> dict:
        """api_url ("" = built-in), consumer_key, consumer_secret (None = unchanged), country,
        language ("" = the system's)."""
        real = self.real.isChecked()
        secret = self.consumer_secret.text()
        return {"api_url": self.api_url.text().strip() if real else "",
                "consumer_key": self.consumer_key.text().strip() if real else "",
                "consumer_secret": secret if secret else None,
                "country": self.country.currentData(),
                "language": self.language.currentData()}

    def _update_enabled(self) -> None:
        for widget in (self.api_url, self.consumer_key, self.consumer_secret):
            widget.setEnabled(self.real.isChecked())
