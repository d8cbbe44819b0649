"""The store's media cache (covers and preview clips on disk): 7digital's cover sizes only, bounded in bytes
with the least recently used files going first, and a full disk served around (uncached, no temporaries
left behind, one warning). Real server, real HTTP, real files in a fresh cache folder per test."""
from __future__ import annotations

import errno
import io
import logging
import os
import time
from pathlib import Path

import pytest
import requests
from PIL import Image

from app.sandbox import SandboxServer, diskcache
from app.sandbox.covers import SIZES


def cover_url(server, release_id: int, size: int) -> str:
    digits = f"{release_id:010d}"
    return f"{server.root_url}static/img/sleeveart/{digits[:2]}/{digits[2:5]}/{digits[5:8]}/{digits}_{size}.jpg"


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def temporaries(folder: Path) -> list[Path]:
    return [p for p in files_under(folder) if p.name.endswith(".tmp")]


@pytest.fixture
def store(fresh_cache):
    server = SandboxServer(port=0, catalogue="small", cache_dir=fresh_cache, clip_seconds=3).start()
    try:
        assert server.app.media.cache.scanned.wait(10)
        yield server
    finally:
        server.stop()


def media_dir(server) -> Path:
    return server.app.media.cache.directory


class FullDisk:
    """An opener whose files take `room` bytes and then fail as a full disk does (ENOSPC)."""

    def __init__(self, room: int):
        self.room, self.opened = room, []

    def __call__(self, path: Path):
        self.opened.append(path)
        return _Filling(open(path, "wb"), self.room)   # the temporary atomic_write made


class _Filling:
    def __init__(self, f, room: int):
        self.f, self.room = f, room

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            self.f.write(data[: self.room])
            self.f.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.f.write(data)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.f.close()


# --- sizes -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("asked, served", [(1200, 800), (801, 800), (40, 33), (75, 100), (349, 350), (99_999, 800),
                                           (1, 33)])
def test_a_cover_in_another_size_is_the_nearest_7digital_size(store, asked, served):
    response = requests.get(cover_url(store, 300000, asked), timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(response.content)).size == (served, served)


def test_a_release_has_at_most_one_cover_file_per_7digital_size(store):
    for size in range(30, 1300, 7):          # 182 sizes asked for
        assert requests.get(cover_url(store, 300001, size), timeout=30).status_code == 200
    names = [p.name for p in files_under(media_dir(store)) if p.name.startswith("300001_")]
    sizes = sorted(int(n.split("_")[1].split(".")[0]) for n in names)
    assert set(sizes) <= set(SIZES) and len(sizes) == len(set(sizes)), sizes


# --- bounded, least recently used out first --------------------------------------------------------------
def test_the_cache_stays_under_its_limit_and_keeps_what_is_used(store):
    cache = store.app.media.cache
    one = len(requests.get(cover_url(store, 300010, 350), timeout=30).content)
    cache.limit_bytes = 8 * one                    # room for ~8 covers of this size
    hot = cover_url(store, 300010, 350)
    for release_id in range(300011, 300041):       # 30 more covers, the first one looked at all along
        assert requests.get(cover_url(store, release_id, 350), timeout=30).status_code == 200
        assert requests.get(hot, timeout=30).status_code == 200
    on_disk = files_under(media_dir(store) / "covers")
    assert sum(p.stat().st_size for p in on_disk) <= cache.limit_bytes
    assert cache.total_bytes <= cache.limit_bytes
    names = {p.name for p in on_disk}
    assert "300010_350.jpg" in names                # used all along: kept
    assert "300011_350.jpg" not in names            # the least recently used: gone
    assert "300040_350.jpg" in names                # the newest: kept


def test_files_already_on_disk_are_counted_and_trimmed_at_start(fresh_cache, monkeypatch):
    with SandboxServer(port=0, catalogue="small", cache_dir=fresh_cache) as first:
        folder = media_dir(first)
    old = folder / "covers" / "99"
    old.mkdir(parents=True)
    now = time.time()
    for n in range(40):                             # 40 x 20 KB, oldest first
        path = old / f"3000{n:02d}_500.jpg"
        path.write_bytes(b"x" * 20_000)
        os.utime(path, (now - 1000 + n, now - 1000 + n))
    stale = old / ".300099_500.jpg.dead.tmp"        # a write a crash interrupted long ago
    stale.write_bytes(b"half")
    os.utime(stale, (now - 3600, now - 3600))
    fresh = old / ".300098_500.jpg.live.tmp"        # a write in progress (another process)
    fresh.write_bytes(b"half")
    monkeypatch.setattr(diskcache, "DEFAULT_LIMIT", 400_000)
    with SandboxServer(port=0, catalogue="small", cache_dir=fresh_cache) as server:
        cache = server.app.media.cache
        assert cache.scanned.wait(10)
        left = {p.name for p in files_under(folder) if not p.name.startswith(".")}
        assert cache.total_bytes <= 400_000 and sum(p.stat().st_size for p in files_under(folder)) <= 400_000 + 8
        assert "300039_500.jpg" in left and "300000_500.jpg" not in left     # the oldest went first
        assert not stale.exists() and fresh.exists()


# --- a full disk ------------------------------------------------------------------------------------------
def test_a_full_disk_serves_covers_uncached_and_warns_once(store, caplog):
    caplog.set_level(logging.WARNING)
    cache = store.app.media.cache
    cache.min_free_bytes = 1 << 62                  # "less than the reserve would be left": as good as full
    for release_id in range(300050, 300054):
        response = requests.get(cover_url(store, release_id, 200), timeout=30)
        assert response.status_code == 200, response.text[:200]
        assert Image.open(io.BytesIO(response.content)).size == (200, 200)
    assert files_under(media_dir(store) / "covers") == []
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING and "uncached" in r.getMessage()]
    assert len(warnings) == 1 and not store_errors(caplog)
    cache.min_free_bytes = 0                        # room again: cached again
    assert requests.get(cover_url(store, 300050, 200), timeout=30).status_code == 200
    assert [p.name for p in files_under(media_dir(store) / "covers")] == ["300050_200.jpg"]


def store_errors(caplog) -> list:
    """The store's own errors (a worker another test left behind may log too)."""
    return [r for r in caplog.records
            if r.levelno >= logging.ERROR and r.name.startswith(("app.sandbox", "waitress"))]


def test_a_write_that_fills_the_disk_leaves_no_temporary(store, caplog):
    caplog.set_level(logging.WARNING)
    cache = store.app.media.cache
    cache.opener = full = FullDisk(room=20_000)
    cover = requests.get(cover_url(store, 300060, 800), timeout=30)
    assert cover.status_code == 200 and Image.open(io.BytesIO(cover.content)).size == (800, 800)
    clip = requests.get(f"{store.root_url}clips/34/2000060.clip.mp3", timeout=60)
    assert clip.status_code == 200 and len(clip.content) == int(clip.headers["Content-Length"]) > 20_000
    again = requests.get(f"{store.root_url}clips/34/2000060.clip.mp3", timeout=60)
    assert again.content == clip.content            # made again (nothing was kept), the same bytes
    # The cover, the clip twice: each write was tried (a streamed clip is written after its last byte went).
    deadline = time.monotonic() + 10
    while (len(full.opened) < 3 or temporaries(media_dir(store))) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(full.opened) >= 3
    assert temporaries(media_dir(store)) == []      # each failed write removed its temporary
    assert not [p for p in files_under(media_dir(store)) if p.name.startswith(("300060_", "2000060."))]
    assert not store_errors(caplog)
