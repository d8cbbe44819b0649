"""Settings: which store to use (built-in or a real service with its key), the country and the language."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton, QVBoxLayout, QWidget)

from app.services.countries import label as country_label
from app.settings.store import COUNTRIES
from app.ui.country_box import CountryBox
from app.ui.translations import available_languages, language_name
from app.ui.theme import apply_role


class SettingsDialog(QDialog):
    """Edits connection values; the caller saves them (secret to the keyring, the rest to settings)."""

    def __init__(self, api_url: str, consumer_key: str, has_secret: bool, country: str,
                 parent: QWidget | None = None, language: str = "", music_dir: str = "",
                 default_music_dir: str = "", auto_download: bool = True, countries=None,
                 sign_in_note: str = ""):
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
        # `countries`: (code, label) pairs of the store's countries (services/countries.py)
        labels = list(countries) if countries is not None else [(code, country_label(code)) for code in COUNTRIES]
        if country not in (code for code, _label in labels):
            labels.append((country, country_label(country)))
        self.country = CountryBox()
        self.country.setObjectName("settings_country")
        self.country.setAccessibleName(self.tr("Store country"))
        self.country.set_countries(labels, country)
        self.language = QComboBox(objectName="language")
        self.language.addItem(self.tr("System default"), "")
        for code in available_languages():
            self.language.addItem(language_name(code), code)
        if self.language.findData(language) < 0:
            self.language.addItem(language_name(language), language)
        self.language.setCurrentIndex(self.language.findData(language))
        self.language.setToolTip(self.tr("Used from the next start of the app"))
        self._setup_downloads(music_dir, default_music_dir, auto_download)
        (self.real if api_url and consumer_key else self.embedded).setChecked(True)
        self.real.toggled.connect(self._update_enabled)
        note = QLabel(self.tr("The consumer secret is stored in the system keyring, never in the settings file."))
        note.setWordWrap(True)
        apply_role(note, "muted")
        # Where the sign-in is kept when not in a keyring: said once in the status bar, always here.
        self.sign_in_note = QLabel(sign_in_note, objectName="sign_in_note", wordWrap=True)
        self.sign_in_note.setVisible(bool(sign_in_note))
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
        layout.addWidget(self.sign_in_note)
        country_form = QFormLayout()
        country_form.addRow(self.tr("Store country"), self.country)
        country_form.addRow(self.tr("Language"), self.language)
        layout.addLayout(country_form)
        layout.addLayout(self._downloads_form)
        layout.addWidget(self.music_dir_problem)
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
                "country": self.country.current_code(),
                "language": self.language.currentData(),
                "music_dir": self.music_dir.text().strip(),
                "auto_download": self.auto_download.isChecked()}

    def _setup_downloads(self, music_dir: str, default_music_dir: str, auto_download: bool) -> None:
        self.music_dir = QLineEdit(music_dir, objectName="music_dir")
        self.music_dir.setPlaceholderText(default_music_dir)
        self.music_dir.setAccessibleName(self.tr("Music folder"))
        self.music_dir.setToolTip(self.tr("Where purchases are downloaded; empty: your Music folder"))
        self.choose_music_dir = QPushButton(self.tr("Choose…"), objectName="choose_music_dir")
        self.choose_music_dir.setAccessibleName(self.tr("Choose the music folder"))
        self.choose_music_dir.clicked.connect(self._choose_music_dir)
        self.auto_download = QCheckBox(self.tr("Download purchases automatically"), objectName="auto_download")
        self.auto_download.setChecked(auto_download)
        self.music_dir_problem = QLabel(objectName="music_dir_problem", wordWrap=True)
        self.music_dir_problem.hide()
        self.music_dir.textChanged.connect(lambda _text: self.music_dir_problem.hide())
        row = QHBoxLayout()
        row.addWidget(self.music_dir, 1)
        row.addWidget(self.choose_music_dir)
        self._downloads_form = QFormLayout()
        self._downloads_form.addRow(self.tr("Music folder"), row)
        self._downloads_form.addRow("", self.auto_download)

    def _choose_music_dir(self) -> None:
        start = self.music_dir.text().strip() or self.music_dir.placeholderText()
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Music folder"), start)
        if chosen:
            self.music_dir.setText(chosen)

    def accept(self) -> None:
        """Stays open, with a sentence, while the music folder can't be used."""
        problem = music_dir_problem(self.music_dir.text().strip())
        if problem:
            self.music_dir_problem.setText(problem)
            self.music_dir_problem.show()
            self.music_dir.setFocus()
            return
        super().accept()

    def _update_enabled(self) -> None:
        for widget in (self.api_url, self.consumer_key, self.consumer_secret):
            widget.setEnabled(self.real.isChecked())


def music_dir_problem(text: str) -> str:
    """Why `text` can't be the music folder, as a sentence; "" when it can (empty: the default one).

    Nothing is created here: the nearest existing folder must let us make the rest and write."""
    if not text:
        return ""
    path = Path(text).expanduser()
    if not path.is_absolute():
        return QCoreApplication.translate("SettingsDialog", "The music folder must be a full path, "
                                          "such as {example}.").format(example=str(Path.home() / "Music"))
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return QCoreApplication.translate("SettingsDialog", "“{path}” is a file, not a folder.").format(
            path=str(existing))
    if not os.access(existing, os.W_OK | os.X_OK):
        return QCoreApplication.translate("SettingsDialog", "You can't write in “{path}”: choose another "
                                          "music folder.").format(path=str(existing))
    return ""
