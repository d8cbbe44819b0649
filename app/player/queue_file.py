"""The preview queue across restarts: a small JSON file in the data dir, written atomically.

What is kept of a track is what the queue and player bar show and what playing it needs (its id;
the clip's address is asked for again). Everything read back is bounded and checked: a file that
can't be used is moved aside (app/files.move_aside) and the queue starts empty, never a crash.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer

from app.api.models import Artist, Release, Track
from app.files.atomic import atomic_write, move_aside

log = logging.getLogger(__name__)
SCHEMA = 1
MAX_TRACKS = 1000
MAX_TEXT = 300
SAVE_DELAY_MS = 400


def encode(tracks, current_index: int) -> bytes:
    """The queue as JSON bytes (the file's content)."""
    rows = []
    for track in tuple(tracks)[:MAX_TRACKS]:
        artist, release = getattr(track, "artist", None), getattr(track, "release", None)
        rows.append({
            "id": track.id, "title": track.title, "version": track.version, "duration": track.duration,
            "explicit": bool(track.explicit),
            "artist": {"id": artist.id, "name": artist.name} if artist is not None else None,
            "release": {"id": release.id, "title": release.title, "image": release.image}
            if release is not None else None})
    return json.dumps({"schema": SCHEMA, "current": current_index, "tracks": rows},
                      ensure_ascii=False).encode("utf-8")


def decode(raw: bytes) -> tuple[tuple[Track, ...], int]:
    """(tracks, current index) from the file's bytes; ValueError when they aren't a queue."""
    data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("tracks"), list):
        raise ValueError("not a queue file")
    tracks = tuple(_track(entry) for entry in data["tracks"][:MAX_TRACKS])
    current = data.get("current")
    if not isinstance(current, int) or isinstance(current, bool):
        current = 0
    return tracks, max(0, min(current, len(tracks) - 1)) if tracks else -1


def _id(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**53:
        raise ValueError(f"bad id {value!r}")
    return value


def _text(value, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise TypeError(f"bad text {value!r}")
    return value[:MAX_TEXT]


def _image(value) -> str | None:
    # Only web addresses: the cover loader fetches whatever this says.
    if isinstance(value, str) and value.startswith(("https://", "http://")) and len(value) < 2000:
        return value
    return None


def _track(entry: Any) -> Track:
    if not isinstance(entry, dict):
        raise TypeError("a track is not an object")
    duration = entry.get("duration")
    duration = duration if isinstance(duration, int) and not isinstance(duration, bool) else 0
    artist = entry.get("artist")
    artist = Artist(id=_id(artist.get("id")), name=_text(artist.get("name"))) if isinstance(artist, dict) else None
    release = entry.get("release")
    if isinstance(release, dict):
        release = Release(id=_id(release.get("id")), title=_text(release.get("title")), version=None, type=None,
                          barcode=None, year=None, explicit=False, artist=artist, url=None,
                          image=_image(release.get("image")), release_date=None, price=None)
    else:
        release = None
    return Track(id=_id(entry.get("id")), title=_text(entry.get("title")),
                 version=_text(entry.get("version"), optional=True), artist=artist, track_number=None,
                 duration=max(0, min(duration, 24 * 3600)), explicit=entry.get("explicit") is True, isrc=None,
                 release=release, url=None, price=None)


def load(path: Path) -> tuple[tuple[Track, ...], int]:
    """The saved queue; empty when there is none. A bad file is moved aside (and logged)."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return (), -1
    except OSError as exc:
        log.warning("could not read the queue file %s: %s", path, exc)
        return (), -1
    try:
        return decode(raw)
    except (ValueError, TypeError) as exc:   # JSONDecodeError and UnicodeDecodeError are ValueErrors
        try:
            moved = move_aside(Path(path))
            log.warning("the queue file %s could not be used (%s); kept as %s", path, exc, moved.name)
        except OSError as move_exc:
            log.warning("the queue file %s could not be used (%s) nor moved aside: %s", path, exc, move_exc)
        return (), -1


class QueueKeeper(QObject):
    """Restores a PreviewPlayer's queue at start and writes it (debounced) whenever it changes."""

    def __init__(self, player, path: Path, parent: QObject | None = None):
        super().__init__(parent or player)
        self._player, self._path = player, Path(path)
        tracks, current = load(self._path)
        player.restore(tracks, current)
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        player.queue_changed.connect(self._timer.start)

    def save(self) -> None:
        """Write the queue now (also when the app quits)."""
        self._timer.stop()
        try:
            atomic_write(self._path, encode(self._player.queue, self._player.current_index), durable=False)
        except OSError as exc:
            log.warning("could not save the queue to %s: %s", self._path, exc)
