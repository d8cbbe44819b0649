"""Preview clips: made on demand, streamed while they are encoded, cached, and the next one prefetched.

A clip is a CBR MP3 (`music.mp3_length` gives its size before a sample is made) followed by an ID3v1
tag naming the track (the last TAG_SIZE bytes). Both are known before encoding starts, so a clip that is
still being made answers any Range at once where it can: media players probe the tail of a seekable
file for tags first (Qt's ffmpeg asks for the last 128 bytes), which is served from the tag; a range
inside the audio streams as far as it is encoded. One encoding per clip, on its own thread: requests
for a clip in the making follow it, and a player closing its first connection (to read the tail) does
not stop it; a clip nobody reads any more for UNREAD_GRACE seconds (a preview skipped) is dropped.
"""
from __future__ import annotations

import importlib
import logging
import queue
import threading
import time
from collections.abc import Iterator

from app.sandbox import music
from app.sandbox.diskcache import DiskCache
from app.sandbox.downloads import EncodeGate
from app.sandbox.store import Catalogue

log = logging.getLogger(__name__)

TAG_SIZE = 128
ENCODE_SLOTS = 3        # clips encoded at once (on top of the prefetch worker's one)
ENCODE_WAITING = 8      # more requests for new clips wait for a slot; beyond that EncodeBusy (503)
ENCODE_WAIT = 30.0
READ_WAIT = 60.0        # seconds a reader waits for the next encoded bytes before giving up
UNREAD_GRACE = 0.5      # seconds without a reader before a clip in the making is dropped (ffmpeg reconnects in ms)
_PIECE = music.RATE // 2   # samples per encoder call: the first bytes come after half a second of music


def id3v1(title: str, artist: str, album: str, track_number: int = 0) -> bytes:
    """An ID3v1.1 tag (Latin-1, fields cut to 30 bytes); no year or genre."""
    def field(text: str | None, size: int) -> bytes:
        return (text or "").encode("latin-1", "replace")[:size].ljust(size, b"\0")
    number = track_number if 0 < track_number < 256 else 0
    return (b"TAG" + field(title, 30) + field(artist, 30) + field(album, 30) + bytes(4) + bytes(28)
            + bytes([0, number, 255]))


class ClipFailed(Exception):
    """The clip being read stopped being made (the store closed, the encoder failed)."""


class ClipInProgress:
    """A clip being made: its final `length` known, its bytes readable from any offset as they are
    encoded, and the tag (its last bytes) at once."""

    def __init__(self, length: int, tag: bytes):
        self.length, self.tag = length, tag
        self.audio_length = length - len(tag)
        self._data = bytearray()
        self._changed = threading.Condition()
        self._ended = False
        self._readers = 0
        self._quiet_since = time.monotonic()    # when it was last opened or last had a reader

    def _touch(self) -> None:
        with self._changed:
            self._quiet_since = time.monotonic()

    def _attach(self, count: int) -> None:
        with self._changed:
            self._readers += count
            self._quiet_since = time.monotonic()

    def unread_for(self) -> float:
        """Seconds since it was last opened or read (0 while someone reads it)."""
        with self._changed:
            return 0.0 if self._readers else time.monotonic() - self._quiet_since

    def _add(self, part: bytes) -> None:
        with self._changed:
            self._data += part
            self._changed.notify_all()

    def _end(self) -> None:
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the making has ended (its clip cached if it could be); False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: self._ended, timeout)

    def chunks(self, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """Bytes `start` to `end` (inclusive; default the last), as soon as each is known; a reader of
        the clip until exhausted or closed. ClipFailed if the making stops short."""
        return _Reading(self, self._read(start, self.length - 1 if end is None else min(end, self.length - 1)))

    def _read(self, start: int, end: int) -> Iterator[bytes]:
        position = start
        while position <= end:
            if position >= self.audio_length:
                yield self.tag[position - self.audio_length: end + 1 - self.audio_length]
                return
            with self._changed:
                self._changed.wait_for(lambda at=position: len(self._data) > at or self._ended, READ_WAIT)
                if len(self._data) <= position:
                    raise ClipFailed("the clip stopped being made")
                part = bytes(self._data[position: min(len(self._data), end + 1, self.audio_length)])
            yield part
            position += len(part)


class _Reading:
    """Chunks of a clip in the making, counted among its readers until exhausted or closed (the server
    closes a response's body when it is sent or the client has gone)."""

    def __init__(self, clip: ClipInProgress, chunks: Iterator[bytes]):
        self._clip, self._chunks = clip, chunks
        clip._attach(1)
        self._open = True

    def __iter__(self):
        return self

    def __next__(self) -> bytes:
        try:
            return next(self._chunks)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self._open:
            self._open = False
            self._chunks.close()
            self._clip._attach(-1)


class Clips:
    """The MP3 preview of every track, `seconds` long."""

    def __init__(self, cache: DiskCache, catalogue: Catalogue, seconds: float = 30, gate: EncodeGate | None = None):
        self.cache, self.catalogue, self.seconds = cache, catalogue, seconds
        # "tagged": clips of earlier versions (without their tag) are not served from here.
        self._folder = f"clips/tagged/{seconds:g}s"
        self.length = music.mp3_length(int(seconds * music.RATE)) + TAG_SIZE
        self.gate = gate or EncodeGate(ENCODE_SLOTS, ENCODE_WAITING, ENCODE_WAIT)
        self.unread_grace = UNREAD_GRACE
        self._guard = threading.Lock()
        self._making: dict[str, ClipInProgress] = {}
        self._encoders: set[threading.Thread] = set()
        # Previews are often played in release order ("preview all"): make the next clip in the background.
        self._jobs: queue.Queue = queue.Queue(maxsize=4)
        self._closed = threading.Event()
        self._warmed = threading.Event()
        self._worker = threading.Thread(target=self._work, name="sandbox-clips", daemon=True)
        self._worker.start()

    def close(self, timeout: float = 30.0) -> None:
        """Drop queued work and wait for the jobs and encodings in progress: the catalogue is closed next,
        and a job still reading it from this thread would crash SQLite (seen: a segfault in CI)."""
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
        with self._guard:
            encoders = list(self._encoders)
        for thread in [self._worker, *encoders]:
            if thread is not threading.current_thread():
                thread.join(timeout)

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None and not self._closed.is_set():
            try:
                job()
            except Exception:   # a closed catalogue at shutdown, a full disk: this work is only a bonus
                log.debug("sandbox clip job failed", exc_info=True)

    def _relative(self, track_id: int) -> str:
        return f"{self._folder}/{track_id % 100:02d}/{track_id}.mp3"

    def _queue(self, job) -> bool:
        try:
            self._jobs.put_nowait(job)
            return True
        except queue.Full:
            return False

    def _prefetch_next(self, track) -> None:
        following = self.catalogue.track_at(track["release_id"], track["position"] + 1)
        if following is not None and not self.cache.path(self._relative(following)).exists():
            self._queue(lambda: self.whole(following, prefetch=False))

    def warm(self) -> None:
        """Load numpy in the background, once: a list of tracks was shown, so a first preview may be
        clicked soon, and loading it then would delay the clip's first bytes by 0.1-0.5 s. Not done at
        start: the store starts without numpy (app/sandbox/music.py)."""
        if not self._warmed.is_set():
            self._warmed.set()
            if not self._queue(_warm_up):
                self._warmed.clear()

    def prefetch(self, track_ids) -> None:
        """Make these tracks' clips in the background, if not made yet (a tracklist was just shown)."""
        for track_id in track_ids:
            made = self.cache.path(self._relative(track_id)).exists()
            if not made and not self._queue(lambda track_id=track_id: self.whole(track_id, prefetch=False)):
                return

    def whole(self, track_id: int, prefetch: bool = True) -> bytes | None:
        """The whole clip (made now if needed), or None for an unknown track."""
        clip = self.open(track_id, prefetch)
        return clip if clip is None or isinstance(clip, bytes) else b"".join(clip.chunks())

    def open(self, track_id: int, prefetch: bool = True) -> bytes | ClipInProgress | None:
        """Cached bytes; or the clip in the making (started now if need be); None for an unknown track.

        downloads.EncodeBusy when it would have to be started and no encoding slot comes free."""
        track = self.catalogue.track(track_id)
        if track is None:
            return None
        relative = self._relative(track_id)
        data = self.cache.read(relative)
        if data is not None:
            return data
        with self._guard:
            making = self._making.get(relative)
            if making is not None:
                making._touch()
                return making
        release = self.gate.acquire()       # not under the guard: it may wait
        try:
            with self._guard:
                if self._closed.is_set():
                    raise ClipFailed("the store is closing")
                making = self._making.get(relative)
                if making is not None:          # started by another request meanwhile
                    making._touch()
                    return making
                data = self.cache.read(relative)
                if data is not None:            # made and cached meanwhile
                    return data
                making = self._making[relative] = ClipInProgress(self.length, self._tag(track))
                encoder = threading.Thread(target=self._encode, name=f"sandbox-clip-{track_id}", daemon=True,
                                           args=(track, relative, making, release, prefetch))
                self._encoders.add(encoder)
                encoder.start()
                release = None                  # the encoder gives the slot back
            return making
        finally:
            if release is not None:
                release()

    @staticmethod
    def _tag(track) -> bytes:
        return id3v1(track["title"], track["artist_name"], track["r_title"], track["number"] or 0)

    def _encode(self, track, relative: str, making: ClipInProgress, release, prefetch: bool) -> None:
        track_id, audio, sent, made = track["id"], making.audio_length, 0, False
        try:
            for part in music.encode_blocks(_pieces(music.compose_stream(track_id, self.seconds))):
                if self._closed.is_set() or self._abandoned(relative, making):
                    return
                part = part[: max(0, audio - sent)]     # never more than the length announced
                if part:
                    making._add(part)
                    sent += len(part)
            if sent != audio:   # never seen (mp3_length is checked against lameenc): keep HTTP framing right
                log.warning("clip %s is %d bytes, not the %d announced", track_id, sent, audio)
                making._add(bytes(audio - sent))
            making._add(making.tag)
            self.cache.write(relative, bytes(making._data))
            made = True
        except Exception:
            log.warning("embedded store: could not make the clip of track %s", track_id, exc_info=True)
        finally:
            with self._guard:
                if self._making.get(relative) is making:
                    del self._making[relative]
                self._encoders.discard(threading.current_thread())
            making._end()
            release()
        if made and prefetch and not self._closed.is_set():   # after: the request for this clip comes first
            self._queue(lambda: self._prefetch_next(track))

    def _abandoned(self, relative: str, making: ClipInProgress) -> bool:
        """Nobody has read or opened it for a while (a preview skipped): forget it, a later request
        starts afresh. Under the guard, so that no request gets it from open() as it goes."""
        with self._guard:
            if making.unread_for() < self.unread_grace:
                return False
            if self._making.get(relative) is making:
                del self._making[relative]
            return True


def _warm_up() -> None:
    # The modules the synthesis loads at its first use (~14 MB; making a bar would add ~8 MB for little).
    importlib.import_module("numpy.random")


def _pieces(blocks, size: int = _PIECE):
    """`blocks` (a bar of music each) cut to at most `size` samples: the encoder's output is the same,
    its first bytes come sooner."""
    for block in blocks:
        for start in range(0, len(block), size):
            yield block[start: start + size]
