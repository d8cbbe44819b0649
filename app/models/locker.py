"""LockerTreeModel: the user's purchases ("My music") as releases with their owned tracks."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject
from PySide6.QtGui import QStandardItem, QStandardItemModel

from .roles import ItemRole

COLUMNS = (QT_TRANSLATE_NOOP("LockerTreeModel", "Title"), QT_TRANSLATE_NOOP("LockerTreeModel", "Artist"),
           QT_TRANSLATE_NOOP("LockerTreeModel", "Purchased"))


class LockerTreeModel(QStandardItemModel):
    """Top-level rows are LockerReleases, children their LockerTracks (RECORD role holds each)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.setHorizontalHeaderLabels([self.tr(text) for text in COLUMNS])

    def set_releases(self, releases) -> None:
        self.removeRows(0, self.rowCount())
        for locker_release in releases:
            release = locker_release.release
            artist = release.artist.name if release.artist else ""
            dates = [t.purchase_date for t in locker_release.tracks if t.purchase_date]
            row = _row(release.title, artist, max(dates).isoformat() if dates else "", locker_release,
                       f"release:{release.id}")
            for locker_track in locker_release.tracks:
                track = locker_track.track
                number = f"{track.track_number}. " if track.track_number else ""
                track_artist = track.artist.name if track.artist else artist
                when = locker_track.purchase_date.isoformat() if locker_track.purchase_date else ""
                row[0].appendRow(_row(f"{number}{track.title}", track_artist, when, locker_track,
                                      f"release:{release.id}"))
            self.appendRow(row)

    def release_ids(self) -> list[int]:
        return [self.item(row).data(ItemRole.RECORD).release.id for row in range(self.rowCount())]


def _row(title: str, artist: str, when: str, record, location: str) -> list[QStandardItem]:
    cells = [QStandardItem(title), QStandardItem(artist), QStandardItem(when)]
    for cell in cells:
        cell.setEditable(False)
        cell.setData(record, ItemRole.RECORD)
        cell.setData(location, ItemRole.LOCATION)
    cells[0].setToolTip(f"{title} — {artist}")
    return cells
