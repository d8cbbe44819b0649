"""Preview clips: made on demand, streamed while they are encoded, cached, and the next one prefetched."""
from __future__ import annotations

import logging
import queue
import threading
from typing import Iterator

import numpy as np

from app.sandbox import music
from app.sandbox.diskcache import DiskCache
from app.sandbox.store import Catalogue

log = logging.getLogger(__name__)


class Clips:
    """The MP3 preview of every track, `seconds` long."""

    def __init__(self, cache: DiskCache, catalogue: Catalogue, seconds: float = 30):
        self.cache, self.catalogue, self.seconds = cache, catalogue, seconds
        self._folder = f"clips/{seconds:g}s"
        # A CBR MP3's size depends only on its length: knowing it lets a new clip stream with a
        # Content-Length while it is still being encoded. Measured once per length, kept on disk.
        known = self.cache.read(f"{self._folder}/length")
        self.length: int | None = int(known) if known else None
        # Previews are often played in release order ("preview all"): make the next clip in the background.
        self._jobs: queue.Queue = queue.Queue(maxsize=4)
        self._closed = threading.Event()
        self._worker = threading.Thread(target=self._work, name="sandbox-clips", daemon=True)
        self._worker.start()
        self._length_lock = threading.Lock()
        self.streaming = True
        if self.length is None:
            self._jobs.put_nowait(self._measure_length)

    def close(self, timeout: float = 30.0) -> None:
        """Drop queued work and wait for the job in progress: the catalogue is closed next, and a
        job still reading it from this thread would crash SQLite (seen: a segfault in CI)."""
        self._closed.set()
        try:
            while True:
                self._jobs.get_nowait()
        except queue.Empty:
            pass
        try:
            self._jobs.put(None, timeout=1)
        except queue.Full:
            pass
        if self._worker is not threading.current_thread():
            self._worker.join(timeout)

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None and not self._closed.is_set():
            try:
                job()
            except Exception:   # a closed catalogue at shutdown, a full disk: this work is only a bonus
                log.debug("sandbox clip job failed", exc_info=True)

    def _measure_length(self) -> int:
        with self._length_lock:
            if self.length is None:
                silence = np.zeros((int(self.seconds * music.RATE), 1), dtype=np.float32)
                self.length = len(music.encode_mp3(silence, quality=9, channels=1))
                self.cache.write(f"{self._folder}/length", str(self.length).encode())
            return self.length

    def _relative(self, track_id: int) -> str:
        return f"{self._folder}/{track_id % 100:02d}/{track_id}.mp3"

    def _prefetch_next(self, track) -> None:
        following = self.catalogue.track_at(track["release_id"], track["position"] + 1)
        if following is not None and not self.cache.path(self._relative(following)).exists():
            try:
                self._jobs.put_nowait(lambda: self.whole(following, prefetch=False))
            except queue.Full:
                pass

    def prefetch(self, track_ids) -> None:
        """Make these tracks' clips in the background, if not made yet (a tracklist was just shown)."""
        for track_id in track_ids:
            if not self.cache.path(self._relative(track_id)).exists():
                try:
                    self._jobs.put_nowait(lambda track_id=track_id: self.whole(track_id, prefetch=False))
                except queue.Full:
                    return

    def whole(self, track_id: int, prefetch: bool = True) -> bytes | None:
        """The whole clip (made now if needed), or None for an unknown track."""
        track = self.catalogue.track(track_id)
        if track is None:
            return None
        relative = self._relative(track_id)
        made_now = not self.cache.path(relative).exists()
        data = self.cache.get(relative, lambda: music.preview_mp3(track_id, self.seconds))
        if prefetch and made_now:   # after, not during: the request waiting for this clip comes first
            self._prefetch_next(track)
        return data

    def open(self, track_id: int) -> bytes | tuple[int, Iterator[bytes]] | None:
        """Cached bytes; or (length, chunks) streaming a clip as it is encoded; None for an unknown track."""
        track = self.catalogue.track(track_id)
        if track is None:
            return None
        relative = self._relative(track_id)
        data = self.cache.read(relative)
        if data is not None:
            return data
        if not self.streaming:
            return self.whole(track_id)
        return (self.length or self._measure_length()), self._stream(track, relative)

    def _stream(self, track, relative: str) -> Iterator[bytes]:
        track_id = track["id"]
        with self.cache.lock(relative):
            data = self.cache.read(relative)
            if data is not None:      # another request made it while this one waited
                yield data
                return
            parts = []
            for part in music.encode_chunks(music.compose(track_id, self.seconds)):
                parts.append(part)
                yield part
            data = b"".join(parts)
            if len(data) != self.length:   # never seen; stop promising a length, keep the clip
                log.warning("clip %s is %d bytes, not the %s announced", track_id, len(data), self.length)
                self.length, self.streaming = None, False
            self.cache.write(relative, data)
        self._prefetch_next(track)
