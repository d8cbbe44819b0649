"""Cover loading: off the GUI thread, bounded concurrency, HiDPI pixmaps, a disk cache that only keeps good files."""
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QImageReader

from app.services.covers import (IMAGE_ALLOCATION_LIMIT_MB, CoverLoader, DiskCache, decode_image,
                                 limit_image_allocations, store_size_for)

ROOT = Path(__file__).resolve().parents[2]


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


def test_memory_keeps_the_covers_of_the_pages_kept_and_lets_the_others_go(qtbot, cover_runner):
    fetch = Fetcher()
    loader = CoverLoader(cover_runner, fetch, memory_bytes=10 * 1024 * 1024)

    def show(page: str, kept: list[str], urls: list[str]) -> None:
        loader.show_page(page, kept)
        for url in urls:
            loader.request(url, 100)
        qtbot.waitUntil(lambda: loader.pending == 0, timeout=5000)

    a, b, shared = "http://img.test/a_50.jpg", "http://img.test/b_50.jpg", "http://img.test/s_50.jpg"
    show("A", [], [a, shared])
    show("B", ["A"], [b])
    assert loader.cached(shared, 100)[0]                 # page B paints the cover page A showed too
    show("C", ["B"], [])                                 # A is dropped: its own cover goes
    assert not loader.cached(a, 100)[0]
    assert loader.cached(b, 100)[0] and loader.cached(shared, 100)[0]
    assert loader.memory_used == 2 * 100 * 100 * 4
    show("D", [], [])                                    # nothing kept: nothing held in memory
    assert loader.memory_used == 0 and not loader.cached(b, 100)[0]
    show("B", [], [b])                                   # asked for again: from the fetcher (the disk
    assert fetch.calls.count(b.replace("_50", "_100")) == 2   # cache, in the app), and held again
    assert loader.cached(b, 100)[1] is not None


def test_store_sizes_round_up():
    assert [store_size_for(p) for p in (40, 50, 120, 320, 2000)] == [50, 50, 180, 350, 800]


# -- images too big to decode (issue 14) ------------------------------------------------------
# An 8000x8000 image compresses to a few dozen KB and decodes to 250-400 MB (and ~1 s of CPU).

GIANT = 8000


@pytest.fixture(scope="module")
def giant_images(tmp_path_factory) -> dict[str, bytes]:
    """Real 8000x8000 images made with Pillow (in a child process: the test's own memory stays
    small): greyscale as PNG and JPEG, and a colour JPEG (250 MB as Qt's 32-bit pixels)."""
    folder = tmp_path_factory.mktemp("giant")
    subprocess.run([sys.executable, "-c", (
        "import sys; from PIL import Image; image = Image.new('L', (%d, %d), 120)\n"
        "image.save(sys.argv[1] + '/giant.png', optimize=True); image.save(sys.argv[1] + '/giant.jpg', quality=50)\n"
        "image.convert('RGB').save(sys.argv[1] + '/giant-colour.jpg', quality=50)"
    ) % (GIANT, GIANT), str(folder)], check=True, timeout=120)
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def test_giant_images_are_small_on_the_wire(giant_images):
    assert len(giant_images["giant.png"]) < 100_000
    assert all(len(data) < 2_000_000 for data in giant_images.values())


@pytest.mark.parametrize("name", ["giant.png", "giant.jpg", "giant-colour.jpg"])
def test_the_decoder_refuses_an_image_too_big_from_its_header(qapp, giant_images, name):
    started = time.perf_counter()
    assert decode_image(giant_images[name]) is None
    elapsed = time.perf_counter() - started
    assert elapsed < 0.2, f"{elapsed:.3f} s: the pixels were decoded"     # decoding takes 0.5-1.3 s here


def test_the_decoder_decodes_ordinary_covers_and_refuses_what_is_no_image(qapp):
    image = decode_image(jpeg(size=800))
    assert image is not None and (image.width(), image.height()) == (800, 800)
    assert decode_image(b"<html>not an image</html>") is None
    assert decode_image(b"") is None
    assert decode_image(jpeg(size=800), max_pixels=640 * 640) is None


@pytest.mark.qt_log_ignore("Rejecting image as it exceeds the current allocation limit")
def test_images_qt_decodes_by_itself_are_held_to_a_limit(qapp, giant_images):
    """Qt's own decodes (a picture in a preview clip's tags) don't pass decode_image()."""
    previous = QImageReader.allocationLimit()
    try:
        limit_image_allocations()
        assert QImageReader.allocationLimit() == IMAGE_ALLOCATION_LIMIT_MB
        assert QImage.fromData(giant_images["giant-colour.jpg"]).isNull()
    finally:
        QImageReader.setAllocationLimit(previous)


_MEASURE = """
import resource, sys
from PySide6.QtGui import QGuiApplication
from app.services.covers import decode_image

app = QGuiApplication([])
decode_image(open(sys.argv[2], "rb").read())           # image plug-ins loaded, pages touched
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
image = decode_image(open(sys.argv[1], "rb").read())
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(image is None, (after - before) // 1024)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in KB (Linux)")
@pytest.mark.parametrize("name", ["giant.png", "giant.jpg"])
def test_refusing_a_giant_image_costs_no_memory(tmp_path, giant_images, name):
    """Peak memory in a fresh process (the test process's peak is whatever came before)."""
    big, small = tmp_path / name, tmp_path / "small.jpg"
    big.write_bytes(giant_images[name])
    small.write_bytes(jpeg(size=350))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", _MEASURE, str(big), str(small)], capture_output=True,
                            text=True, timeout=120, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr
    refused, grown_mb = result.stdout.split()
    assert refused == "True"
    assert int(grown_mb) < 16, f"peak memory grew by {grown_mb} MB"      # decoding: +250-400 MB


class _ImageServer:
    """A real HTTP server on 127.0.0.1 answering every path with image bytes (`giant` in the
    path: the giant image)."""

    def __init__(self, giant: bytes):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        served = self.served = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = giant if "giant" in self.path else jpeg(size=350)
                served.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png" if "giant" in self.path else "image/jpeg")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self):
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def image_server(giant_images):
    server = _ImageServer(giant_images["giant.png"])
    yield server
    server.close()


def test_a_giant_cover_from_the_network_is_no_cover(qtbot, cover_runner, image_server, tmp_path):
    """Through the app's real fetch (the store client over HTTP): the placeholder, never a crash,
    and nothing written to the disk cache."""
    from app.api import StoreClient

    client = StoreClient(base_url=f"{image_server.url}/1.2/", consumer_key="test-key", timeout=5.0)
    loader = CoverLoader(cover_runner, client.fetch_bytes, disk=DiskCache(tmp_path))
    giant, ordinary = f"{image_server.url}/img/giant_50.png", f"{image_server.url}/img/0000000001_50.jpg"
    started = time.perf_counter()
    for url in (giant, ordinary):
        loader.request(url, 160)
    qtbot.waitUntil(lambda: loader.pending == 0, timeout=10_000)
    assert time.perf_counter() - started < 2.0
    assert sorted(image_server.served) == ["/img/0000000001_180.jpg", "/img/giant_180.png"]
    assert loader.cached(giant, 160) == (True, None)                  # no cover: the placeholder
    assert loader.cached(ordinary, 160)[1] is not None                # the next cover still comes
    assert len(list(tmp_path.glob("*.img"))) == 1                      # only the one that decoded


def test_a_giant_image_in_the_disk_cache_is_no_cover(qtbot, cover_runner, giant_images, tmp_path):
    """A cache an older version filled (it kept whatever decoded) is checked as well."""
    from app.api import image_url

    url = "http://img.test/static/img/sleeveart/00/000/001/0000000001_50.jpg"
    disk = DiskCache(tmp_path)
    disk.write(image_url(url, store_size_for(160)), giant_images["giant.jpg"])
    fetch = Fetcher()
    loader = CoverLoader(cover_runner, fetch, disk=disk)
    with qtbot.waitSignal(loader.loaded, timeout=5000):
        loader.request(url, 160)
    assert fetch.calls == []                                          # read from the disk...
    assert loader.cached(url, 160) == (True, None)                    # ...and refused


def _encoded(image_format: str) -> bytes:
    image = QImage(8, 6, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, image_format)
    return bytes(buffer.data())


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "BMP"])
def test_covers_are_decoded_by_their_named_format(qapp, image_format):
    image = decode_image(_encoded(image_format))
    assert image is not None and (image.width(), image.height()) == (8, 6)


def test_what_is_no_cover_format_is_refused_before_any_plugin_sees_it(qapp):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="6"><rect width="8" height="6"/></svg>'
    assert decode_image(svg) is None
    assert decode_image(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40) is None      # a PNG in name only
