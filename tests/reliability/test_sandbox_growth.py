"""Floods against the embedded store, bounded for the normal suite (loopback, a few seconds each): what they
leave on disk stays under the caps, and catalogue calls stay fast while covers are being drawn.
The full figures (25 s clip floods, 50,000 baskets, 16 x 1,200 px covers) are in bench/sandbox_growth.py."""
from __future__ import annotations

import http.client
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from app.sandbox import DEMO_CONSUMER_KEY, SandboxServer, shop
from app.sandbox.generate import OPEN_EVERYWHERE, RELEASE_BASE

ROOT = Path(__file__).resolve().parents[2]


class Connection:
    def __init__(self, root_url: str):
        parts = urlsplit(root_url)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

    def get(self, target: str) -> tuple[int, dict, bytes, float]:
        started = time.perf_counter()
        self.conn.request("GET", target)
        response = self.conn.getresponse()
        body = response.read()
        return response.status, dict(response.getheaders()), body, time.perf_counter() - started

    def close(self):
        self.conn.close()


def disk_bytes(folder: Path) -> tuple[int, int]:
    """(bytes, .tmp files) under `folder`."""
    total = temps = 0
    for path in folder.rglob("*"):
        try:
            if path.is_file():
                total += path.stat().st_size
                temps += path.name.endswith(".tmp")
        except FileNotFoundError:
            pass
    return total, temps


def test_a_clip_flood_stays_within_the_media_cache_limit(fresh_cache):
    with SandboxServer(port=0, catalogue="small", cache_dir=fresh_cache, clip_seconds=5) as server:
        cache = server.app.media.cache
        assert cache.scanned.wait(10)
        cache.limit_bytes = limit = 1_000_000                # ~12 clips of 5 s
        folder = cache.directory
        peak, done, failures, served = [0], threading.Event(), [], []
        # Tracks of releases previewable everywhere (the store restricts some others by territory).
        with sqlite3.connect(next(fresh_cache.glob("*.sqlite*"))) as db:
            tracks = [row[0] for row in db.execute(
                "SELECT id FROM tracks WHERE release_id < ? ORDER BY id LIMIT 60",
                (RELEASE_BASE + OPEN_EVERYWHERE,))]
        assert len(tracks) == 60

        def watch():
            while not done.is_set():
                peak[0] = max(peak[0], disk_bytes(folder)[0])
                time.sleep(0.02)

        def flood(n: int):
            connection = Connection(server.root_url)
            for k in range(15):
                track = tracks[4 * k + n]
                status, headers, body, _ = connection.get(f"/clips/34/{track}.clip.mp3")
                if status != 200 or len(body) != int(headers["Content-Length"]):
                    failures.append((track, status, len(body)))
                served.append(len(body))
            connection.close()

        watcher = threading.Thread(target=watch)
        watcher.start()
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(flood, range(4)))
        done.set()
        watcher.join()
        assert failures == []
        # A streamed clip is written to the cache after its last byte went out, so the last writes
        # (and the evictions they make) may still be under way when the clients are done.
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            on_disk, in_flight = disk_bytes(folder)
            if on_disk <= limit and cache.total_bytes <= limit and not in_flight:
                break
            time.sleep(0.05)
        end, temps = disk_bytes(folder)
        clip = max(served)
        assert sum(served) > 4 * limit                      # the flood was several times the cap
        assert end <= limit and cache.total_bytes <= limit
        assert peak[0] <= limit + 4 * clip, (peak[0], limit)    # at most the writes in flight on top
        assert temps == 0


def test_a_basket_flood_is_capped_in_memory_and_on_disk(catalogue_cache, tmp_path, monkeypatch):
    monkeypatch.setattr(shop, "MAX_BASKETS", 300)
    state = tmp_path / "embedded-store.json"
    create = f"/1.2/basket/create?{urlencode({'oauth_consumer_key': DEMO_CONSUMER_KEY})}"
    with SandboxServer(port=0, catalogue="small", cache_dir=catalogue_cache, state_file=state) as server:
        def flood(_):
            connection = Connection(server.root_url)
            for _ in range(250):
                status, _, body, _ = connection.get(create)
                assert status == 200 and b'status="ok"' in body[:400], body[:300]
            connection.close()

        with ThreadPoolExecutor(4) as pool:
            list(pool.map(flood, range(4)))
        assert len(server.app.shop.baskets) == 300
    db = sqlite3.connect(state)
    try:
        assert db.execute("SELECT count(*) FROM baskets").fetchone()[0] == 300
    finally:
        db.close()


@pytest.fixture
def store_process(fresh_cache):
    """The store in its own process (its own GIL, as in the app's case of a busy store)."""
    process = subprocess.Popen([sys.executable, "-m", "app.sandbox", "--port", "0", "--catalogue", "small",
                                "--cache-dir", str(fresh_cache)], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), url
        yield url.removesuffix("1.2/")
    finally:
        process.terminate()
        process.wait(30)


def _cover(release_id: int, size: int) -> str:
    digits = f"{release_id:010d}"
    return f"/static/img/sleeveart/{digits[:2]}/{digits[2:5]}/{digits[5:8]}/{digits}_{size}.jpg"


def test_catalogue_calls_stay_fast_while_16_clients_ask_for_big_covers(store_process):
    """Before: 16 concurrent uncached 1,200 px covers took every server thread; release/details went from
    a few ms to a p95 of 2.5 s. Now covers are drawn two at a time, two more wait, the rest are told to
    come back (503 + Retry-After), and no cover is bigger than 800 px."""
    details = f"/1.2/release/details?{urlencode({'releaseId': 300000, 'oauth_consumer_key': DEMO_CONSUMER_KEY})}"
    latencies, done, covers = [], threading.Event(), []

    def measure():
        connection = Connection(store_process)
        while not done.is_set():
            status, _, _, took = connection.get(details)
            assert status == 200
            latencies.append(took)
            time.sleep(0.01)
        connection.close()

    def draw(n: int):
        connection = Connection(store_process)
        for k in range(3):
            status, headers, body, _ = connection.get(_cover(300_100 + 3 * n + k, 1200))
            covers.append((status, headers.get("Retry-After"), len(body)))
        connection.close()

    meter = threading.Thread(target=measure)
    meter.start()
    time.sleep(0.3)
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(draw, range(16)))
    done.set()
    meter.join()
    assert len(latencies) >= 10
    p95 = sorted(latencies)[int(0.95 * (len(latencies) - 1))]
    assert statistics.median(latencies) < 0.05 and p95 < 0.3 and max(latencies) < 1.0, \
        (statistics.median(latencies), p95, max(latencies))
    assert {status for status, _, _ in covers} <= {200, 503}
    assert all(retry == "1" for status, retry, _ in covers if status == 503)
    assert sum(status == 200 for status, _, _ in covers) >= 4
    # A cover that was refused comes when asked again (as the app's client retries a 503).
    refused = next((i for i, (status, _, _) in enumerate(covers) if status == 503), None)
    if refused is not None:
        connection = Connection(store_process)
        assert connection.get(_cover(300_500, 1200))[0] == 200
        connection.close()
