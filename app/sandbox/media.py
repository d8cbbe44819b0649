"""Covers and preview clips made on demand, cached on disk, served with HTTP Range support."""
from __future__ import annotations

import logging
import os
import queue
import re
import tempfile
import threading
from pathlib import Path

from app.sandbox import covers, music
from app.sandbox.store import Catalogue
from app.sandbox.web import Request, Response

log = logging.getLogger(__name__)
IMAGE_SIZES = range(covers.MIN_SIZE, covers.MAX_SIZE + 1)
_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$")


class Media:
    """Generates each file once (per-key lock), then reads it back from the cache directory."""

    def __init__(self, directory: Path, catalogue: Catalogue, clip_seconds: float = 30):
        self.directory = Path(directory)
        self.catalogue = catalogue
        self.clip_seconds = clip_seconds
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        # Previews are often played in release order ("preview all"): make the next clip in the background.
        self._prefetch: queue.Queue[int | None] = queue.Queue(maxsize=4)
        self._worker = threading.Thread(target=self._prefetch_loop, name="sandbox-clip-prefetch", daemon=True)
        self._worker.start()

    def close(self) -> None:
        try:
            self._prefetch.put_nowait(None)
        except queue.Full:
            pass

    def _prefetch_loop(self) -> None:
        while (track_id := self._prefetch.get()) is not None:
            try:
                self.clip(track_id, prefetch_next=False)
            except Exception:   # a closed catalogue at shutdown, a full disk: prefetching is only a bonus
                log.debug("clip prefetch of %s failed", track_id, exc_info=True)

    def _cached(self, relative: str, make) -> bytes:
        path = self.directory / relative
        try:
            return path.read_bytes()
        except FileNotFoundError:
            pass
        with self._guard:
            lock = self._locks.setdefault(relative, threading.Lock())
        with lock:
            if path.exists():
                return path.read_bytes()
            data = make()
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)   # concurrent processes never read half a file
            return data

    def clip(self, track_id: int, prefetch_next: bool = True) -> bytes | None:
        """The preview MP3 of a track, or None for an unknown track."""
        track = self.catalogue.track(track_id)
        if track is None:
            return None
        seconds = self.clip_seconds
        relative = f"clips/{seconds:g}s/{track_id % 100:02d}/{track_id}.mp3"
        if prefetch_next and not (self.directory / relative).exists():
            following = self.catalogue.track_at(track["release_id"], track["position"] + 1)
            if following is not None:
                try:
                    self._prefetch.put_nowait(following)
                except queue.Full:
                    pass
        return self._cached(relative, lambda: music.preview_mp3(track_id, seconds))

    def cover(self, kind: str, item_id: int, size: int) -> bytes | None:
        """A release cover ("sleeveart") or artist image ("artistimages") JPEG, or None if unknown."""
        if size not in IMAGE_SIZES:
            return None
        if kind == "sleeveart":
            row = self.catalogue.release(item_id)
            if row is None:
                return None
            return self._cached(f"covers/{item_id % 100:02d}/{item_id}_{size}.jpg",
                                lambda: covers.release_cover(item_id, row["title"], row["artist_name"], size))
        row = self.catalogue.artist(item_id)
        if row is None:
            return None
        return self._cached(f"artists/{item_id % 100:02d}/{item_id}_{size}.jpg",
                            lambda: covers.artist_portrait(item_id, row["name"], size))


def serve_bytes(req: Request, data: bytes, content_type: str) -> Response:
    """200 with the whole body, or 206 for a satisfiable `Range: bytes=…` (416 if not)."""
    headers = [("Accept-Ranges", "bytes"), ("Cache-Control", "max-age=86400")]
    wanted = req.headers.get("Range")
    match = _RANGE.match(wanted) if wanted else None
    if not match or (not match.group(1) and not match.group(2)):
        return Response(200, data, content_type, headers)
    size = len(data)
    first, last = match.group(1), match.group(2)
    if first:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    else:
        start, end = max(0, size - int(last)), size - 1
    if start >= size or start > end:
        return Response(416, b"", content_type, headers + [("Content-Range", f"bytes */{size}")])
    return Response(206, data[start: end + 1], content_type, headers + [("Content-Range", f"bytes {start}-{end}/{size}")])
