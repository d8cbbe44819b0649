"""A QLabel that shows one cover from the CoverLoader, sharp on HiDPI, placeholder meanwhile."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.services.covers import CoverLoader


class CoverLabel(QLabel):
    def __init__(self, covers: CoverLoader, edge: int, round_: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self._covers, self.edge, self._round = covers, edge, round_
        self._url = ""
        self._key = ""
        self._showing = False
        self._radius = 0.14 if round_ else 0.02
        self.setFixedSize(edge, edge)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setPixmap(covers.placeholder(edge, self.devicePixelRatioF(), round_))
        covers.loaded.connect(self._on_covers_loaded)

    def set_url(self, url: str | None) -> None:
        self._url = url or ""
        dpr = self.devicePixelRatioF()
        self._key = self._covers.key(self._url, self.edge, dpr, self._radius) if self._url else ""
        self._show()
        if self._url:
            self._covers.request(self._url, self.edge, dpr, self._radius)

    @property
    def has_cover(self) -> bool:
        """Whether the cover (not the placeholder) shows: the label keeps it while it lives, even
        once the loader's memory cache has let it go."""
        return self._showing

    def _show(self) -> None:
        pixmap = self._covers.cached_key(self._key)[1] if self._key else None
        self._showing = pixmap is not None
        self.setPixmap(pixmap or self._covers.placeholder(self.edge, self.devicePixelRatioF(), self._round))

    def _on_covers_loaded(self, key: str) -> None:
        if key == self._key:
            self._show()
