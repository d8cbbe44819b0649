"""Purchased downloads: the full-length track, its pre-signed locker URL, and the gate on encoding.

* A locker's `downloadUrl` is an OAuth 1.0a HMAC-SHA1 request signed by the store for the buyer, as
  the real ones are (fixture `user-locker.xml`): the consumer's key and the buyer's access token,
  signed with their secrets (both known to the store), in the query string. The route checks that
  signature on every request, Range re-requests of the same URL included (no single-use nonce for
  media), so a URL is only good for the buyer's token while it stays valid, and until
  `oauth_timestamp` + URL_LIFETIME (EXPIRED after that).
* The file is the track's whole catalogue duration, MP3 at the format's bit rate (FORMATS, the
  formats the real locker lists), made on demand and streamed as it is encoded, a bar of music at a
  time (`music.compose_stream`), with its Content-Length known beforehand (`music.mp3_length`); once
  complete it is kept in the bounded media cache. At most ENCODE_SLOTS tracks are encoded at once
  (ENCODE_WAITING more wait up to ENCODE_WAIT s; the rest get EncodeBusy → 503 + Retry-After), so
  the store stays responsive while it encodes.
"""
from __future__ import annotations

import logging
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterator

from oauthlib.oauth1 import Client

from app.sandbox import music
from app.sandbox.diskcache import DiskCache
from app.sandbox.store import Catalogue

log = logging.getLogger(__name__)

DOWNLOAD_PATH = "media/user/downloadtrack"
URL_LIFETIME = 24 * 3600        # seconds a locker's download URL stays good
EXPIRED = "Download URL has expired"
NOT_PURCHASED = "Track not purchased"
SHOP_ID = 34
ENCODE_SLOTS = 2
ENCODE_WAITING = 2
ENCODE_WAIT = 30.0
RETRY_AFTER = "5"


@dataclass(frozen=True, slots=True)
class Format:
    id: int
    file_format: str
    bit_rate: int


FORMATS = {17: Format(17, "MP3", 320)}      # what the recorded locker lists
DEFAULT_FORMAT = 17


class EncodeBusy(Exception):
    """Every encoding slot and waiting place is taken: ask again in a moment."""


class EncodeGate:
    """At most `slots` encodes at once, `waiting` more waiting up to `wait` s; the rest EncodeBusy."""

    def __init__(self, slots: int = ENCODE_SLOTS, waiting: int = ENCODE_WAITING, wait: float = ENCODE_WAIT):
        self._slots = threading.BoundedSemaphore(slots)
        self._room = threading.BoundedSemaphore(slots + waiting)
        self.wait = wait

    def acquire(self) -> Callable[[], None]:
        """Take a slot (waiting if need be); returns the function that gives it back (once)."""
        if not self._room.acquire(blocking=False):
            raise EncodeBusy("every encoding slot is taken")
        if not self._slots.acquire(timeout=self.wait):
            self._room.release()
            raise EncodeBusy("no encoding slot came free in time")
        released = threading.Event()

        def release() -> None:
            if not released.is_set():
                released.set()
                self._slots.release()
                self._room.release()
        return release


def sign_url(base_url: str, track_id: int, release_id: int, consumer_key: str, consumer_secret: str,
             token: str, token_secret: str, format_id: int = DEFAULT_FORMAT, issued: float | None = None) -> str:
    """The pre-signed download URL of a bought track (`base_url` = the store's root, ending in "/")."""
    url = (f"{base_url}{DOWNLOAD_PATH}?formatid={format_id}&releaseid={release_id}&shopid={SHOP_ID}"
           f"&trackid={track_id}")
    client = Client(consumer_key, client_secret=consumer_secret, resource_owner_key=token,
                    resource_owner_secret=token_secret, signature_type="QUERY",
                    timestamp=str(int(time.time() if issued is None else issued)), nonce=secrets.token_hex(16))
    signed, _, _ = client.sign(url)
    return signed


class _Stream:
    """Chunks of `make()`, giving the encoding slot back when done, failed or closed (even unstarted)."""

    def __init__(self, make: Callable[[], Iterator[bytes]], release: Callable[[], None]):
        self._make, self._release, self._chunks = make, release, None

    def __iter__(self):
        return self

    def __next__(self) -> bytes:
        if self._chunks is None:
            self._chunks = self._make()
        try:
            return next(self._chunks)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        try:
            if self._chunks is not None:
                self._chunks.close()
        finally:
            self._release()


class FullTracks:
    """The full-length file of every track in every format, made on demand and cached."""

    def __init__(self, cache: DiskCache, catalogue: Catalogue, gate: EncodeGate | None = None):
        self.cache, self.catalogue = cache, catalogue
        self.gate = gate or EncodeGate()

    @staticmethod
    def _relative(track_id: int, fmt: Format) -> str:
        return f"tracks/{fmt.id}/{track_id % 100:02d}/{track_id}.mp3"

    def length(self, duration: int, fmt: Format) -> int:
        return music.mp3_length(int(duration * music.RATE), fmt.bit_rate)

    def open(self, track_id: int, format_id: int = DEFAULT_FORMAT) -> bytes | tuple[int, Iterator[bytes]] | None:
        """Cached bytes; or (length, chunks) streaming the file as it is encoded; None for an unknown track.

        EncodeBusy when it would have to be encoded and no slot comes free."""
        track = self.catalogue.track(track_id)
        fmt = FORMATS.get(format_id)
        if track is None or fmt is None:
            return None
        relative = self._relative(track_id, fmt)
        data = self.cache.read(relative)
        if data is not None:
            return data
        release = self.gate.acquire()
        length = self.length(track["duration"], fmt)
        return length, _Stream(lambda: self._encode(track_id, track["duration"], fmt, relative, length), release)

    def whole(self, track_id: int, format_id: int = DEFAULT_FORMAT) -> bytes | None:
        opened = self.open(track_id, format_id)
        return opened if opened is None or isinstance(opened, bytes) else b"".join(opened[1])

    def _encode(self, track_id: int, duration: int, fmt: Format, relative: str, length: int) -> Iterator[bytes]:
        with self.cache.lock(relative):
            data = self.cache.read(relative)
            if data is not None:      # another request made it while this one waited
                yield data
                return
            sent = 0
            with self.cache.writer(relative) as (file, commit):
                for part in music.encode_blocks(music.compose_stream(track_id, duration), fmt.bit_rate):
                    part = part[: max(0, length - sent)]     # never more than the Content-Length announced
                    if part:
                        file.write(part)
                        sent += len(part)
                        yield part
                if sent != length:   # never seen (mp3_length is checked against lameenc): keep HTTP framing right
                    log.warning("full track %s is %d bytes, not the %d announced", track_id, sent, length)
                    file.write(bytes(length - sent))
                    yield bytes(length - sent)
                commit()
