"""Cover art: fetched (or read from the disk cache), decoded and scaled off the GUI thread.

The GUI thread only turns a finished QImage into a QPixmap and keeps it in a memory LRU bounded
in bytes and by the pages the window keeps (`show_page()`). At most `max_in_flight` fetches run at
once; the newest requests go first, because they are the rows the user is looking at now. Pixmaps
carry the screen's devicePixelRatio, so they are sharp on HiDPI screens.

Every image the app decodes from the network or the disk cache goes through `decode_image()`,
which reads the size from the image's header and refuses anything above `MAX_IMAGE_PIXELS` before
a pixel is allocated: an 8000×8000 PNG is ~60 KB on the wire and ~250-400 MB decoded. A refused
image is "no cover" (the placeholder). Images Qt decodes by itself (a picture in a preview clip's
tags) are held to `IMAGE_ALLOCATION_LIMIT_MB` by `limit_image_allocations()`.
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QImageReader, QPainter, QPainterPath, QPixmap

from app.services.tasks import TaskRunner
from app.files.atomic import atomic_write

log = logging.getLogger(__name__)

# Sizes the store's image server renders (px); a request is rounded up to the next one.
STORE_SIZES = (33, 50, 100, 180, 200, 350, 500, 800)
# The largest image decode_image() decodes: 16 Mpx, 64 MiB as 32-bit pixels; 20x the store's largest.
MAX_IMAGE_PIXELS = 4096 * 4096
# Qt's own limit for every other decode (QImageReader's default is 256 MB).
IMAGE_ALLOCATION_LIMIT_MB = 128
# The memory cache holds the covers of the pages the window keeps (`show_page()`: what Back and
# Forward show as they were), and never more than this many screens' worth of pixels. A release page's
# covers are ~0.6 MB at 1x: under a fixed 96 MB cap the cache grew page after page (17 MB after 30
# pages, 27 MB after 60; bench/pages_memory.py) long after those pages had left the views Back can
# show; under the screens' cap alone it still filled to 16 MB (25 MB on a 1080p screen), ~2x what the
# kept pages show. Evicted covers come back from the disk cache, off the GUI thread.
SCREENS_CACHED = 3
MEMORY_CACHE_MIN = 16 * 1024 * 1024
MEMORY_CACHE_MAX = 96 * 1024 * 1024


def memory_cache_bytes(screens: float = SCREENS_CACHED) -> int:
    """The cover memory cache's cap: `screens` times the primary screen's pixels at 4 bytes each
    (device pixels, so HiDPI screens get room for their sharper covers), within MIN..MAX."""
    app = QGuiApplication.instance()
    screen = app.primaryScreen() if app is not None else None
    if screen is None:
        return MEMORY_CACHE_MIN
    size, dpr = screen.size(), screen.devicePixelRatio()
    wanted = int(size.width() * size.height() * dpr * dpr * 4 * screens)
    return max(MEMORY_CACHE_MIN, min(MEMORY_CACHE_MAX, wanted))


def decode_image(data: bytes, max_pixels: int = MAX_IMAGE_PIXELS) -> QImage | None:
    """`data` (image bytes from the network or the disk cache) decoded, or None when it isn't an
    image, its header gives no size, or it has more than `max_pixels` pixels: such an image is
    refused from its header, before any pixel memory is allocated. Safe on any thread."""
    image_format = _format_of(data)
    if image_format is None:
        return None                          # not a cover format: nothing is handed to Qt's plugins
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    if not buffer.open(QIODevice.OpenModeFlag.ReadOnly):
        return None
    # The format named, and no guessing: a guessing reader asks every plugin, and the SVG one builds
    # a QTextStream on the buffer, which takes a Qt connection lock while this worker holds the GIL.
    # A GUI thread destroying an object under the same pooled lock, and wanting the GIL for it,
    # then waits forever (seen once in CI: a hung test).
    reader = QImageReader(buffer, image_format)
    reader.setAutoDetectImageFormat(False)
    try:
        size = reader.size()                 # from the header: nothing decoded yet
        if not size.isValid() or size.isEmpty():
            return None                      # not an image, or one that won't say how big it is
        if size.width() * size.height() > max_pixels:
            log.info("refused to decode a %dx%d image (over %d pixels)", size.width(), size.height(), max_pixels)
            return None
        image = reader.read()
        return None if image.isNull() else image
    finally:
        reader.setDevice(None)               # the reader lets go of the buffer before it goes


_MAGIC = ((b"\x89PNG\r\n\x1a\n", b"png"), (b"\xff\xd8\xff", b"jpeg"), (b"GIF87a", b"gif"), (b"GIF89a", b"gif"),
          (b"BM", b"bmp"))


def _format_of(data: bytes) -> bytes | None:
    """The image format of `data` from its first bytes (the formats covers come in), else None."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return b"webp"
    return next((name for magic, name in _MAGIC if data.startswith(magic)), None)


def limit_image_allocations(megabytes: int = IMAGE_ALLOCATION_LIMIT_MB) -> None:
    """Hold every QImageReader in the process (Qt's own decodes too) to `megabytes` per image."""
    QImageReader.setAllocationLimit(megabytes)


def store_size_for(pixels: int) -> int:
    """The smallest size the store serves that is at least `pixels` wide."""
    return next((size for size in STORE_SIZES if size >= pixels), STORE_SIZES[-1])


class DiskCache:
    """Encoded images on disk, keyed by URL; bounded in bytes, oldest-used evicted first.

    Thread-safe enough for pool threads: writes are atomic (temp + fsync + replace), so a reader
    never sees half a file, and only validated images are ever written.
    """

    def __init__(self, directory: Path, limit_bytes: int = 200 * 1024 * 1024):
        self.directory, self.limit_bytes = directory, limit_bytes
        self._lock = threading.Lock()
        self._writes = 0

    def path_for(self, url: str) -> Path:
        return self.directory / (hashlib.sha1(url.encode("utf-8")).hexdigest() + ".img")

    def read(self, url: str) -> bytes | None:
        path = self.path_for(url)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if not data:
            return None
        try:
            os.utime(path)             # mtime = last use, for eviction
        except OSError:
            pass
        return data

    def write(self, url: str, data: bytes) -> None:
        try:
            atomic_write(self.path_for(url), data, durable=False)   # a cache: a lost file is re-fetched
        except OSError:
            return                     # a full or read-only disk only costs a re-fetch
        with self._lock:
            self._writes += 1
            due = self._writes % 50 == 1
        if due:
            self.prune()

    def prune(self) -> None:
        """Delete least recently used files until the cache fits its limit."""
        with self._lock:
            try:
                entries = [(e.stat().st_mtime, e.stat().st_size, e.path)
                           for e in os.scandir(self.directory) if e.name.endswith(".img")]
            except OSError:
                return
            total = sum(size for _, size, _ in entries)
            for _, size, path in sorted(entries):
                if total <= self.limit_bytes:
                    break
                try:
                    os.unlink(path)
                    total -= size
                except OSError:
                    pass


class CoverLoader(QObject):
    """Lazily loads cover images for views; ask with `cached()` first, then `request()`."""

    loaded = Signal(str)      # key (see `key()`); its pixmap (or None for "no cover") is cached now

    def __init__(self, runner: TaskRunner, fetch_bytes: Callable[[str], bytes],
                 disk: DiskCache | None = None, memory_bytes: int | None = None,
                 max_in_flight: int = 3, max_queued: int = 300, parent: QObject | None = None):
        super().__init__(parent)
        self._runner, self._fetch_bytes, self._disk = runner, fetch_bytes, disk
        self._cache: OrderedDict[str, QPixmap | None] = OrderedDict()
        # Which pages (views) showed each cover: one none of which is kept any more is let go.
        self._pages_of: dict[str, set[Hashable]] = {}
        self._page: Hashable = None
        # None: sized to the screen (memory_cache_bytes); bounded in bytes either way.
        self._cache_bytes = 0
        self._memory_bytes = memory_cache_bytes() if memory_bytes is None else memory_bytes
        self._queue: deque[tuple[str, str, int, float, float]] = deque()   # newest first
        self._queued: set[str] = set()
        self._in_flight: set[str] = set()
        self._max_in_flight, self._max_queued = max_in_flight, max_queued
        self._placeholders: dict[tuple[int, float, bool], QPixmap] = {}
        self.requests = 0          # fetches started; read by tests and bench scripts

    @staticmethod
    def key(url: str, edge: int, dpr: float = 1.0, radius: float = 0.0) -> str:
        """The cache key of a cover at a size, screen density and corner radius (fraction of edge)."""
        return f"{edge}@{dpr:g}r{radius:g}|{url}"

    @property
    def memory_bytes(self) -> int:
        """The memory cache's cap in bytes (read by bench scripts)."""
        return self._memory_bytes

    @property
    def memory_used(self) -> int:
        """Bytes of the pixmaps in the memory cache now."""
        return self._cache_bytes

    @property
    def pending(self) -> int:
        """Covers asked for and not yet delivered (queued or being fetched)."""
        return len(self._in_flight) + len(self._queued)

    def cached(self, url: str, edge: int, dpr: float = 1.0, radius: float = 0.0) -> tuple[bool, QPixmap | None]:
        """(True, pixmap-or-None) if this cover is known; (False, None) if it must be requested."""
        return self.cached_key(self.key(url, edge, dpr, radius))

    def cached_key(self, key: str) -> tuple[bool, QPixmap | None]:
        """`cached()` for a key computed once (models keep one per row: paint is a hot path)."""
        pixmap = self._cache.get(key, _MISSING)
        if pixmap is _MISSING:
            return False, None
        self._cache.move_to_end(key)
        self._pages_of[key].add(self._page)
        return True, pixmap

    def show_page(self, page: Hashable, kept: Iterable[Hashable]) -> None:
        """`page` shows now (covers asked for from here on are its); of the covers in memory, keep
        those the `kept` pages showed (the views Back and Forward show as they were), let the others
        go (the disk cache has them)."""
        self._page = page
        kept = {page, *kept}
        for key, pages in list(self._pages_of.items()):
            pages &= kept
            if not pages:
                self._evict(key)

    def request(self, url: str, edge: int, dpr: float = 1.0, radius: float = 0.0) -> None:
        """Fetch the cover at `edge` logical pixels for a screen of `dpr`; `loaded` tells when.

        `radius` (a fraction of the edge) rounds the corners off-thread, so painting needs no clip.
        """
        key = self.key(url, edge, dpr, radius)
        if not url or key in self._cache or key in self._in_flight or key in self._queued:
            return
        self._queue.appendleft((key, url, edge, dpr, radius))
        self._queued.add(key)
        while len(self._queue) > self._max_queued:   # long scrolls: forget the oldest asks
            self._queued.discard(self._queue.pop()[0])
        self._pump()

    def placeholder(self, edge: int, dpr: float = 1.0, round_: bool = False) -> QPixmap:
        """A neutral tile with a note glyph, shown until the real cover arrives."""
        cache_key = (edge, dpr, round_)
        if cache_key not in self._placeholders:
            self._placeholders[cache_key] = _draw_placeholder(edge, dpr, round_)
        return self._placeholders[cache_key]

    def clear_memory(self) -> None:
        self._cache.clear()
        self._pages_of.clear()
        self._cache_bytes = 0

    # -- private ---------------------------------------------------------------------------
    def _pump(self) -> None:
        if self._queue:
            warm_worker_path()
        while self._queue and len(self._in_flight) < self._max_in_flight:
            key, url, edge, dpr, radius = self._queue.popleft()
            self._queued.discard(key)
            self._in_flight.add(key)
            self.requests += 1
            self._runner.submit(lambda token, u=url, e=edge, d=dpr, r=radius: self._load(u, e, d, r),
                                on_done=lambda image, k=key, d=dpr: self._store(k, image, d),
                                on_error=lambda exc, k=key, d=dpr: self._store(k, None, d))

    def _load(self, url: str, edge: int, dpr: float, radius: float = 0.0) -> QImage | None:
        # Pool thread: disk, network and decoding happen here; QImage is safe, QPixmap is not.
        from app.api import image_url   # imported by now (the client exists); cheap

        pixels = max(1, round(edge * dpr))
        remote = image_url(url, store_size_for(pixels))
        data = self._disk.read(remote) if self._disk is not None else None
        if data is None:
            data = self._fetch_bytes(remote)
            image = decode_image(data)
            if image is None:
                return None
            if self._disk is not None:
                self._disk.write(remote, data)   # only images that decoded are cached
        else:
            image = decode_image(data)           # a cache written by an older version is checked too
            if image is None:
                return None
        image = image.scaled(pixels, pixels, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
        return _rounded(image, radius) if radius else image

    def _store(self, key: str, image: QImage | None, dpr: float) -> None:
        self._in_flight.discard(key)
        pixmap = None
        if image is not None:
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(dpr)
            self._cache_bytes += _cost(pixmap)
        self._cache[key] = pixmap
        self._pages_of[key] = {self._page}
        while self._cache_bytes > self._memory_bytes and len(self._cache) > 1:
            self._evict(next(iter(self._cache)))
        self.loaded.emit(key)
        self._pump()

    def _evict(self, key: str) -> None:
        self._cache_bytes -= _cost(self._cache.pop(key))
        del self._pages_of[key]


_MISSING = object()


_worker_path_warm = False


def warm_worker_path() -> None:
    """Make the cover workers' Qt calls once, on this (the GUI) thread, before any worker does.

    PySide sets up a wrapped type or call the first time it is used. Two pool threads making that
    first use at once can deadlock: one waits for the GIL inside the set-up while the other holds
    the GIL waiting for the set-up, and the GUI thread waits behind both (seen: `_rounded`'s
    `QImage(QSize, format)` on two cover workers froze the window). A 2x2 image through
    decode, scale and round, once per process."""
    global _worker_path_warm
    if _worker_path_warm:
        return
    _worker_path_warm = True
    image = QImage(2, 2, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.gray)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    decoded = decode_image(bytes(buffer.data()))
    if decoded is not None:
        _rounded(decoded.scaled(1, 1, Qt.AspectRatioMode.KeepAspectRatio,
                                Qt.TransformationMode.SmoothTransformation), 0.1)


def _rounded(image: QImage, radius: float) -> QImage:
    """`image` with transparent rounded corners (QPainter on a QImage is fine off the GUI thread)."""
    result = QImage(image.size(), QImage.Format.Format_ARGB32_Premultiplied)
    result.fill(Qt.GlobalColor.transparent)
    painter = QPainter(result)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    corner = min(image.width(), image.height()) * radius
    path.addRoundedRect(QRectF(0, 0, image.width(), image.height()), corner, corner)
    painter.setClipPath(path)
    painter.drawImage(0, 0, image)
    painter.end()
    return result


def _cost(pixmap: QPixmap | None) -> int:
    return 0 if pixmap is None else pixmap.width() * pixmap.height() * 4


def _draw_placeholder(edge: int, dpr: float, round_: bool) -> QPixmap:
    pixels = max(1, round(edge * dpr))
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    palette = QGuiApplication.palette()
    base = palette.color(palette.ColorRole.Mid)
    glyph = palette.color(palette.ColorRole.Text)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    rect = QRectF(0, 0, pixels, pixels)
    radius = pixels * (0.14 if round_ else 0.03)
    path.addRoundedRect(rect, radius, radius)
    fill = QColor(base)
    fill.setAlpha(90)
    painter.fillPath(path, fill)
    glyph.setAlpha(90)
    painter.setPen(glyph)
    font = QFont()
    font.setPixelSize(max(8, pixels // 3))
    painter.setFont(font)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "♪")
    painter.end()
    pixmap.setDevicePixelRatio(dpr)
    return pixmap
