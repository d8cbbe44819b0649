"""Item data roles shared by every list model, so one delegate can draw any card."""
from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt


class ItemRole(IntEnum):
    RECORD = Qt.ItemDataRole.UserRole + 1   # the whole frozen record (Release, Artist, Track, Tag)
    SUBTITLE = Qt.ItemDataRole.UserRole + 2  # second line under the title (artist, release…)
    DETAIL = Qt.ItemDataRole.UserRole + 3    # third line (year · type, price, counts)
    LOCATION = Qt.ItemDataRole.UserRole + 4  # where activating the item navigates ("release:12")
    PLAYING = Qt.ItemDataRole.UserRole + 5   # True on the track being previewed
    STRUCK = Qt.ItemDataRole.UserRole + 6    # text drawn struck through (a sale's old price)
    CARD = Qt.ItemDataRole.UserRole + 7      # a card's three text lines at once (one call per paint)
