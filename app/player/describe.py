"""What the player shows of a track: title, artist, cover. Tolerant of partial records.

Data only: a track without a title gives "" here; the UI words that (player_messages.track_title).
"""
from __future__ import annotations

from typing import Any


def title_of(track: Any) -> str:
    """The track's title; "" for None or an untitled record."""
    title = getattr(track, "title", "") if track is not None else ""
    return str(title) if title else ""


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
