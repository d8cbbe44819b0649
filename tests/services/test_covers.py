"""Cover loading: off the GUI thread, bounded concurrency, HiDPI pixmaps, a disk cache that only keeps good files."""
import threading

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from app.services.covers import CoverLoader, DiskCache, store_size_for


def jpeg(colour="#c0392b", size=200) -> bytes:
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPG")
    return bytes(data.data())


class Fetcher:
    """Serves covers like the store's image server; counts calls and concurrency."""

    def __init__(self, gate: threading.Event | None = None):
        self.calls, self.threads, self.active, self.most_active = [], set(), 0, 0
        self._lock = threading.Lock()
        self._gate = gate

    def __call__(self, url: str) -> bytes:
        with self._lock:
            self.calls.append(url)
            self.threads.add(threading.current_thread() is threading.main_thread())
            self.active += 1
            self.most_active = max(self.most_active, self.active)
        try:
            if self._gate is not None:
                self._gate.wait(5)
            if "broken" in url:
                return b"<html>not an image</html>"
            return jpeg()
        finally:
            with self._lock:
                self.active -= 1


def test_cover_is_fetched_off_thread_at_the_store_size_for_the_screen(qtbot, cover_runner, tmp_path):
    fetch = Fetcher()
    loader = CoverLoader(cover_runner, fetch, disk=DiskCache(tmp_path))
    url = "http://img.test/static/img/sleeveart/00/000/001/0000000001_50.jpg"
    with qtbot.waitSignal(loader.loaded, timeout=5000) as blocker:
        loader.request(url, 160, 2.0)
    assert blocker.args == [CoverLoader.key(url, 160, 2.0)]
    assert fetch.calls == [url.replace("_50.jpg", "_350.jpg")]      # 320 device pixels → 350
    assert fetch.threads == {False}
    hit, pixmap = loader.cached(url, 160, 2.0)
    assert hit and pixmap.devicePixelRatio() == 2.0
    assert (pixmap.width(), pixmap.height()) == (320, 320)           # sharp: device pixels
    assert pixmap.deviceIndependentSize().width() == 160


def test_at_most_three_fetches_at_once_and_each_url_once(qtbot, cover_runner, tmp_path):
    gate = threading.Event()
    fetch = Fetcher(gate)
    loader = CoverLoader(cover_runner, fetch, max_in_flight=3)
    urls = [f"http://img.test/{n}_50.jpg" for n in range(8)]
    for url in urls + urls:
        loader.request(url, 100)
    qtbot.waitUntil(lambda: fetch.active == 3)
    assert loader.pending == 8
    gate.set()
    qtbot.waitUntil(lambda: loader.pending == 0, timeout=5000)
    assert fetch.most_active == 3
    assert sorted(fetch.calls) == sorted(u.replace("_50", "_100") for u in urls)


def test_disk_cache_serves_the_second_run_and_never_keeps_a_bad_file(qtbot, cover_runner, tmp_path):
    good, bad = "http://img.test/good_50.jpg", "http://img.test/broken_50.jpg"
    first = Fetcher()
    loader = CoverLoader(cover_runner, first, disk=DiskCache(tmp_path))
    for url in (good, bad):
        loader.request(url, 100)
    qtbot.waitUntil(lambda: loader.pending == 0, timeout=5000)
    assert loader.cached(bad, 100) == (True, None)          # no cover: the placeholder stays
    assert len(list(tmp_path.glob("*.img"))) == 1           # only the image that decoded
    assert not list(tmp_path.glob("*.tmp"))

    second = Fetcher()
    again = CoverLoader(cover_runner, second, disk=DiskCache(tmp_path))   # a new run, same disk
    with qtbot.waitSignal(again.loaded, timeout=5000):
        again.request(good, 100)
    assert second.calls == []
    assert again.cached(good, 100)[1] is not None


def test_disk_cache_prunes_least_recently_used_files(tmp_path):
    cache = DiskCache(tmp_path, limit_bytes=2500)
    for n in range(5):
        cache.write(f"u{n}", b"x" * 1000)
    cache.prune()
    left = sorted(p.stat().st_size for p in tmp_path.glob("*.img"))
    assert sum(left) <= 2500 and len(left) == 2
    assert cache.read("u4") == b"x" * 1000                   # the newest survived


def test_memory_cache_is_bounded_in_bytes(qtbot, cover_runner):
    loader = CoverLoader(cover_runner, Fetcher(), memory_bytes=100 * 100 * 4 * 3)
    for n in range(6):
        loader.request(f"http://img.test/{n}_50.jpg", 100)
    qtbot.waitUntil(lambda: loader.pending == 0, timeout=5000)
    held = [n for n in range(6) if loader.cached(f"http://img.test/{n}_50.jpg", 100)[0]]
    assert len(held) == 3                         # the other three were evicted, oldest first


def test_store_sizes_round_up():
    assert [store_size_for(p) for p in (40, 50, 120, 320, 2000)] == [50, 50, 180, 350, 800]
