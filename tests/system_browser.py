"""The system browser stand-in: what QDesktopServices.openUrl would hand the desktop (PLATFORM notes §5)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices


class UrlCatcher(QObject):
    """Records every URL it is handed, in order."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)          # without @Slot, openUrl can't find the method and returns False
    def handle(self, url):
        self.urls.append(url.toString())


@contextmanager
def catching_urls(schemes=("http", "https")) -> Iterator[list[str]]:
    """While open, URLs of `schemes` go to a recorder instead of the desktop; yields its list."""
    catcher = UrlCatcher()
    for scheme in schemes:
        QDesktopServices.setUrlHandler(scheme, catcher, "handle")
    try:
        yield catcher.urls
    finally:
        for scheme in schemes:
            QDesktopServices.unsetUrlHandler(scheme)
