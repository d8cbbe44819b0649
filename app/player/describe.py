"""What the player shows of a track: title, artist, cover. Tolerant of partial records."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication


def title_of(track: Any) -> str:
    if track is None:
        return ""
    title = getattr(track, "title", "")
    if title:
        return str(title)
    return QCoreApplication.translate("Describe", "track {id}", "a track without a title").format(
        id=getattr(track, "id", "?"))


def artist_of(track: Any) -> str:
    artist = getattr(track, "artist", None)
    if artist is None or isinstance(artist, str):
        return artist or ""
    return str(getattr(artist, "name", "") or "")


def cover_url_of(track: Any) -> str:
    """The release's cover for a track, '' when the record has none."""
    for owner in (getattr(track, "release", None), track):
        for name in ("image", "cover_url", "image_url"):
            value = getattr(owner, name, None) if owner is not None else None
            if isinstance(value, str) and value:
                return value
    return ""
