"""Help → About: the version, the libraries the app runs on with their licences, and its folders."""
from __future__ import annotations

from importlib import metadata
from pathlib import Path

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

import app
from app.ui.theme import apply_role

# The runtime libraries (pyproject's dependencies), as their distributions are named.
LIBRARIES = ("PySide6", "shiboken6", "requests", "requests-oauthlib", "lxml", "platformdirs", "waitress",
             "Pillow", "lameenc", "numpy", "keyring", "mutagen", "babel")


def licence_of(distribution: str) -> tuple[str, str]:
    """(version, licence) of an installed distribution, from its metadata; ("", "") when absent."""
    try:
        meta = metadata.metadata(distribution)
    except metadata.PackageNotFoundError:
        return "", ""
    licence = meta.get("License-Expression") or ""
    if not licence:
        classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or () if c.startswith("License ::")]
        licence = ", ".join(classifiers)
    if not licence:
        text = (meta.get("License") or "").strip()
        licence = text.splitlines()[0][:80] if text else ""
    return meta.get("Version") or "", licence


class AboutDialog(QDialog):
    """`folders`: what the app keeps where, e.g. {"Data": Path, "Cache": Path} (labels translated)."""

    def __init__(self, folders: dict[str, Path], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(self.tr("About 7digital Browser"))
        title = QLabel(self.tr("7digital Browser {version}").format(version=app.__version__), self)
        apply_role(title, "section")
        summary = QLabel(self.tr("Browse the 7digital catalogue, listen to previews and buy music.\n"
                                 "Runs on Qt {qt} (LGPL-3.0) through PySide6.").format(qt=qVersion()), self)
        summary.setWordWrap(True)
        self.libraries = QTreeWidget(self, objectName="about_libraries")
        self.libraries.setAccessibleName(self.tr("Libraries and their licences"))
        self.libraries.setRootIsDecorated(False)
        self.libraries.setHeaderLabels([self.tr("Library"), self.tr("Version"), self.tr("Licence")])
        for name in LIBRARIES:
            version, licence = licence_of(name)
            if version:
                self.libraries.addTopLevelItem(QTreeWidgetItem([name, version, licence or self.tr("see its files")]))
        for column in range(3):
            self.libraries.resizeColumnToContents(column)
        self.folders = QLabel(self, objectName="about_folders")
        self.folders.setTextFormat(Qt.TextFormat.PlainText)
        self.folders.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folders.setText("\n".join(f"{label}: {path}" for label, path in folders.items()))
        self.folders.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(summary)
        layout.addWidget(self.libraries, 1)
        layout.addWidget(self.folders)
        layout.addWidget(buttons)
        self.resize(560, 480)
