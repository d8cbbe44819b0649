"""Media of the store: generated covers (cached) and clips, served with HTTP Range support.

Covers exist in 7digital's sizes only (covers.SIZES): a file name asking for another size gets the
nearest one, so a release has at most ten cover files however many sizes are asked for.
"""
from __future__ import annotations

import re
from pathlib import Path

from app.sandbox import covers
from app.sandbox.clips import ClipInProgress, Clips
from app.sandbox.diskcache import DiskCache
from app.sandbox.downloads import FullTracks
from app.sandbox.store import Catalogue
from app.sandbox.web import Request, Response

_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$")


class Media:
    """Covers and preview clips of one catalogue, cached under `directory`."""

    def __init__(self, directory: Path, catalogue: Catalogue, clip_seconds: float = 30):
        self.cache = DiskCache(directory)
        self.catalogue = catalogue
        self.clips = Clips(self.cache, catalogue, clip_seconds)
        self.tracks = FullTracks(self.cache, catalogue)

    def close(self) -> None:
        try:
            self.clips.close()
        finally:
            self.cache.close()

    def clip(self, track_id: int) -> bytes | None:
        """The whole preview MP3 of a track, or None for an unknown track."""
        return self.clips.whole(track_id)

    def cover(self, kind: str, item_id: int, size: int) -> bytes | None:
        """A release cover ("sleeveart") or artist image ("artistimages") JPEG, or None if unknown.

        At the served size nearest to `size`; covers.RenderBusy when too many are being drawn."""
        if not 0 < size <= covers.MAX_ASKED_SIZE:
            return None
        size = covers.nearest_size(size)
        if kind == "sleeveart":
            row = self.catalogue.release(item_id)
            if row is None:
                return None
            return self.cache.get(f"covers/{item_id % 100:02d}/{item_id}_{size}.jpg",
                                  lambda: covers.release_cover(item_id, row["title"], row["artist_name"], size))
        row = self.catalogue.artist(item_id)
        if row is None:
            return None
        return self.cache.get(f"artists/{item_id % 100:02d}/{item_id}_{size}.jpg",
                              lambda: covers.artist_portrait(item_id, row["name"], size))


def _range(req: Request) -> tuple[str, str] | None:
    wanted = req.headers.get("Range")
    match = _RANGE.match(wanted) if wanted else None
    if not match or (not match.group(1) and not match.group(2)):
        return None
    return match.group(1), match.group(2)


_HEADERS = [("Accept-Ranges", "bytes"), ("Cache-Control", "max-age=86400")]


def serve_bytes(req: Request, data: bytes, content_type: str) -> Response:
    """200 with the whole body, or 206 for a satisfiable `Range: bytes=…` (416 if not)."""
    wanted = _range(req)
    if wanted is None:
        return Response(200, data, content_type, list(_HEADERS))
    size = len(data)
    span = _span(wanted, size)
    if span is None:
        return _unsatisfiable(size, content_type)
    start, end = span
    return Response(206, data[start: end + 1], content_type,
                    _HEADERS + [("Content-Range", f"bytes {start}-{end}/{size}")])


def _span(wanted: tuple[str, str], size: int) -> tuple[int, int] | None:
    """(first, last) byte of a `Range` within `size` bytes; None when it can't be satisfied."""
    first, last = wanted
    if first:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    else:
        start, end = max(0, size - int(last)), size - 1
    return None if start >= size or start > end else (start, end)


def _unsatisfiable(size: int, content_type: str) -> Response:
    return Response(416, b"", content_type, _HEADERS + [("Content-Range", f"bytes */{size}")])


def _serve_in_progress(req: Request, clip: ClipInProgress, content_type: str) -> Response:
    """Any range of a clip still being made, streamed as far as it is encoded (its tag at once)."""
    size = clip.length
    wanted = _range(req)
    if wanted is None:
        return Response(200, clip.chunks(), content_type, _HEADERS + [("Content-Length", str(size))])
    span = _span(wanted, size)
    if span is None:
        return _unsatisfiable(size, content_type)
    start, end = span
    return Response(206, clip.chunks(start, end), content_type,
                    _HEADERS + [("Content-Length", str(end - start + 1)),
                                ("Content-Range", f"bytes {start}-{end}/{size}")])


def serve_clip(req: Request, clip, content_type: str = "audio/mpeg") -> Response:
    """A clip from `Clips.open` or a track from `FullTracks.open`: cached bytes, a clip in the making, or
    (length, chunks) streamed when the whole file (or a range to its end) is asked for."""
    if isinstance(clip, bytes):
        return serve_bytes(req, clip, content_type)
    if isinstance(clip, ClipInProgress):
        return _serve_in_progress(req, clip, content_type)
    length, chunks = clip
    wanted = _range(req)
    if wanted is None:
        return Response(200, chunks, content_type, _HEADERS + [("Content-Length", str(length))])
    first, last = wanted
    if first and int(first) < length and last in ("", str(length - 1)):
        # To the end (a resumed download): streamed from the offset as it is encoded, so the first
        # bytes don't wait for the whole track (minutes of audio: seconds of encoding).
        start = int(first)
        return Response(206, _Skipping(chunks, start), content_type,
                        _HEADERS + [("Content-Length", str(length - start)),
                                    ("Content-Range", f"bytes {start}-{length - 1}/{length}")])
    return serve_bytes(req, b"".join(chunks), content_type)   # a middle range: wait for the whole clip


class _Skipping:
    """`chunks` without their first `count` bytes; closing it closes them (the encoder's slot goes back)."""

    def __init__(self, chunks, count: int):
        self._chunks, self._count = chunks, count

    def __iter__(self):
        return self

    def __next__(self) -> bytes:
        while True:
            chunk = next(self._chunks)
            if self._count >= len(chunk):
                self._count -= len(chunk)
                continue
            chunk, self._count = chunk[self._count:], 0
            return chunk

    def close(self) -> None:
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()
