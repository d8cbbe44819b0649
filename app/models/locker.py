"""LockerTreeModel: the user's purchases ("My music") as releases with their owned tracks.

A release row says what the release is (title, artist, purchase date, how many tracks are owned);
its track rows say only what differs (number and title; the artist when it isn't the release's),
so the narrow dock gives the titles the room."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QLocale, QObject
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from .releases import with_version
from .roles import ItemRole

COLUMNS = (QT_TRANSLATE_NOOP("LockerTreeModel", "Title"), QT_TRANSLATE_NOOP("LockerTreeModel", "Artist"),
           QT_TRANSLATE_NOOP("LockerTreeModel", "Purchased"), QT_TRANSLATE_NOOP("LockerTreeModel", "Tracks"))


class LockerTreeModel(QStandardItemModel):
    """Top-level rows are LockerReleases, children their LockerTracks (RECORD role holds each)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.setHorizontalHeaderLabels([self.tr(text) for text in COLUMNS])

    def set_releases(self, releases) -> None:
        self.removeRows(0, self.rowCount())
        locale = QLocale()
        for locker_release in releases:
            release = locker_release.release
            artist = release.artist.name if release.artist else ""
            dates = [t.purchase_date for t in locker_release.tracks if t.purchase_date]
            when = _date_text(locale, max(dates)) if dates else ""
            title = with_version(release.title, getattr(release, "version", None))
            count = self.tr("%n track(s)", "", len(locker_release.tracks))
            row = _row((title, artist, when, count), locker_release, f"release:{release.id}")
            bold = QFont(row[0].font())
            bold.setBold(True)
            row[0].setFont(bold)
            row[0].setToolTip("\n".join(filter(None, (f"{title} — {artist}" if artist else title, when, count))))
            for locker_track in locker_release.tracks:
                track = locker_track.track
                number = f"{track.track_number}. " if track.track_number else ""
                track_title = with_version(track.title, getattr(track, "version", None))
                track_artist = track.artist.name if track.artist else ""
                track_when = locker_track.purchase_date
                cells = (f"{number}{track_title}", track_artist if track_artist != artist else "",
                         _date_text(locale, track_when) if track_when and track_when != max(dates) else "", "")
                child = _row(cells, locker_track, f"release:{release.id}")
                child[0].setToolTip(f"{track_title} — {track_artist or artist}")
                row[0].appendRow(child)
            self.appendRow(row)

    def release_ids(self) -> list[int]:
        return [self.item(row).data(ItemRole.RECORD).release.id for row in range(self.rowCount())]


def _date_text(locale: QLocale, day) -> str:
    if locale.language() == QLocale.Language.C:
        return day.isoformat()      # the C locale's short format is "2 11 2026": ISO reads better
    return locale.toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)


def _row(texts, record, location: str) -> list[QStandardItem]:
    cells = [QStandardItem(text) for text in texts]
    for cell in cells:
        cell.setEditable(False)
        cell.setData(record, ItemRole.RECORD)
        cell.setData(location, ItemRole.LOCATION)
    return cells
