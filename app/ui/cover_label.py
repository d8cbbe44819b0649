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
        self.setFixedSize(edge, edge)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setPixmap(covers.placeholder(edge, self.devicePixelRatioF(), round_))
        covers.loaded.connect(self._on_covers_loaded)

    def set_url(self, url: str | None) -> None:
        self._url = url or ""
        dpr = self.devicePixelRatioF()
        self._key = self._covers.key(self._url, self.edge, dpr) if self._url else ""
        self._show()
        if self._url:
            self._covers.request(self._url, self.edge, dpr)

    @property
    def has_cover(self) -> bool:
        return bool(self._url) and self._covers.cached(self._url, self.edge, self.devicePixelRatioF())[1] is not None

    def _show(self) -> None:
        dpr = self.devicePixelRatioF()
        pixmap = None
        if self._url:
            _, pixmap = self._covers.cached(self._url, self.edge, dpr)
        if pixmap is not None and self._round:
            from PySide6.QtGui import QPainter, QPainterPath, QPixmap
            rounded = QPixmap(pixmap.size())
            rounded.fill(Qt.GlobalColor.transparent)
            painter = QPainter(rounded)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            path = QPainterPath()
            radius = pixmap.width() * 0.14
            path.addRoundedRect(0, 0, pixmap.width(), pixmap.height(), radius, radius)
            painter.setClipPath(path)
            painter.drawPixmap(0, 0, pixmap)
            painter.end()
            rounded.setDevicePixelRatio(pixmap.devicePixelRatio())
            pixmap = rounded
        self.setPixmap(pixmap or self._covers.placeholder(self.edge, dpr, self._round))

    def _on_covers_loaded(self, key: str) -> None:
        if key == self._key:
            self._show()
