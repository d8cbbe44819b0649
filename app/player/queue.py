"""The preview queue: tracks in play order and which one is current. Qt-free, so its rules test plainly."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class PlayQueue:
    """An ordered list of tracks with a cursor.

    Tracks are any objects with an ``id``; the queue never looks further into them. The cursor
    (``current_index``) is -1 when nothing is current.
    """

    def __init__(self) -> None:
        self._tracks: list[Any] = []
        self._current = -1

    # -- reading ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._tracks)

    @property
    def tracks(self) -> tuple[Any, ...]:
        return tuple(self._tracks)

    @property
    def current_index(self) -> int:
        return self._current

    @property
    def current(self) -> Any | None:
        return self._tracks[self._current] if self._current >= 0 else None

    @property
    def has_next(self) -> bool:
        return self._current + 1 < len(self._tracks)

    @property
    def has_previous(self) -> bool:
        return self._current > 0

    def index_of(self, track_id: Any) -> int:
        """Position of the first track with this id, -1 when absent."""
        key = str(track_id)
        return next((i for i, track in enumerate(self._tracks) if str(track.id) == key), -1)

    # -- editing ---------------------------------------------------------------------------
    def replace(self, tracks: Iterable[Any]) -> None:
        """New contents; the first track (if any) becomes current."""
        self._tracks = list(tracks)
        self._current = 0 if self._tracks else -1

    def append(self, tracks: Iterable[Any]) -> None:
        self._tracks.extend(tracks)

    def insert_next(self, track: Any) -> int:
        """Put a track right after the current one (or at the end when nothing is current)."""
        index = self._current + 1 if self._current >= 0 else len(self._tracks)
        self._tracks.insert(index, track)
        return index

    def insert_at(self, index: int, track: Any) -> None:
        """Put a track at `index` (clamped); the cursor keeps pointing at its track."""
        index = max(0, min(int(index), len(self._tracks)))
        self._tracks.insert(index, track)
        if 0 <= index <= self._current:
            self._current += 1

    def set_current(self, index: int) -> Any:
        if not 0 <= index < len(self._tracks):
            raise IndexError(f"no track at {index} in a queue of {len(self._tracks)}")
        self._current = index
        return self._tracks[index]

    def advance(self) -> Any | None:
        """Step to the next track and return it; None (cursor unchanged) at the end."""
        if not self.has_next:
            return None
        return self.set_current(self._current + 1)

    def back(self) -> Any | None:
        """Step to the previous track and return it; None (cursor unchanged) at the start."""
        if not self.has_previous:
            return None
        return self.set_current(self._current - 1)

    def remove(self, index: int) -> bool:
        """Drop the track at ``index``; True when it was the current one.

        Removing the current track leaves the cursor on the track that took its place (or on the
        new last track, or -1 when the queue empties), so the caller can decide to play it.
        """
        if not 0 <= index < len(self._tracks):
            raise IndexError(f"no track at {index} in a queue of {len(self._tracks)}")
        del self._tracks[index]
        was_current = index == self._current
        if index < self._current or (was_current and self._current >= len(self._tracks)):
            self._current -= 1
        return was_current

    def move(self, source: int, destination: int) -> None:
        """Move one track; the cursor follows the track it pointed at."""
        if not (0 <= source < len(self._tracks) and 0 <= destination < len(self._tracks)):
            raise IndexError(f"cannot move {source} to {destination} in a queue of {len(self._tracks)}")
        current = self.current
        track = self._tracks.pop(source)
        self._tracks.insert(destination, track)
        if current is not None:
            self._current = next(i for i, t in enumerate(self._tracks) if t is current)

    def clear(self) -> None:
        self._tracks.clear()
        self._current = -1
