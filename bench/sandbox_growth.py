"""Embedded store growth and fairness numbers (issue 14): what a flood leaves on disk, what a big state
costs a write, how fast catalogue calls stay while covers are being drawn.

    .venv/bin/python bench/sandbox_growth.py [--seconds 25] [--clients 4] [--cache-mb 16] [--baskets 50000]

1. clip flood: `clients` threads fetch distinct preview clips for `seconds`; prints what was served and
   what stays on disk (the media cache is capped at `cache-mb` for this run where the store has a cap).
2. state: a state of `baskets` one-item baskets (an embedded-store.json of the old format, migrated where
   the store keeps its state elsewhere); prints basket/create times and the latency of concurrent reads,
   then the same once every one of those baskets has expired (where baskets expire).
3. covers: release/details latency alone, then while 16 clients ask for uncached 1,200 px and 800 px
   covers (the store in its own process, so the clients here don't share its GIL).

Runs against whatever `app` is first on sys.path: PYTHONPATH=<a checkout of an older commit> gives the
"before" figures.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import app
from app.sandbox import SandboxServer

KEY = {"oauth_consumer_key": "demo-key"}
FIRST_TRACK, TRACKS = 2_000_000, 11_742          # the small catalogue (seed 0)
FIRST_RELEASE, RELEASES = 300_000, 1_200


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def disk_usage(folder: Path) -> tuple[int, int, int]:
    """(bytes, files, .tmp files) under `folder`."""
    total = files = temps = 0
    for root, _, names in os.walk(folder):
        for name in names:
            try:
                total += os.stat(os.path.join(root, name)).st_size
            except FileNotFoundError:
                continue
            files += 1
            temps += name.endswith(".tmp")
    return total, files, temps


class Client:
    """One keep-alive HTTP connection."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        self.prefix = parts.path
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)

    def get(self, path: str, params: dict | None = None, api: bool = True) -> tuple[int, bytes, float]:
        query = urlencode({**(params or {}), **KEY}) if api else urlencode(params or {})
        target = (self.prefix if api else "/") + path + (f"?{query}" if query else "")
        start = time.perf_counter()
        self.conn.request("GET", target)
        response = self.conn.getresponse()
        body = response.read()
        return response.status, body, time.perf_counter() - start

    def close(self) -> None:
        self.conn.close()


def mib(n: float) -> str:
    return f"{n / 1024 / 1024:.1f} MiB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KiB"


# --- 1. clip flood ------------------------------------------------------------------------------------
def clip_flood(seconds: float, clients: int, cache_mb: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        with SandboxServer(port=0, catalogue="small", cache_dir=cache) as server:
            media = server.app.media
            capped = hasattr(media.cache, "limit_bytes")
            if capped:
                media.cache.limit_bytes = cache_mb * 1024 * 1024
            served, sizes, peak = [0] * clients, [0] * clients, [0]
            stop = time.monotonic() + seconds

            def flood(n: int) -> None:
                client = Client(server.url)
                track = FIRST_TRACK + n
                while time.monotonic() < stop:
                    status, body, _ = client.get(f"clips/34/{track}.clip.mp3", api=False)
                    assert status == 200, (status, body[:200])
                    served[n] += 1
                    sizes[n] += len(body)
                    track = FIRST_TRACK + (track - FIRST_TRACK + clients) % TRACKS
                client.close()

            def watch() -> None:
                while time.monotonic() < stop:
                    peak[0] = max(peak[0], disk_usage(cache / "media")[0])
                    time.sleep(0.5)

            threads = [threading.Thread(target=flood, args=(n,)) for n in range(clients)]
            threads.append(threading.Thread(target=watch))
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        size, files, temps = disk_usage(cache / "media")
        cap = f"cache cap {cache_mb} MiB for this run" if capped else "no cache cap"
        print(f"clip flood: {clients} clients x {seconds:g} s: {sum(served)} clips served ({mib(sum(sizes))}); "
              f"on disk at the end {mib(size)} in {files} files ({temps} .tmp), peak {mib(max(peak[0], size))}; {cap}")


# --- 2. state with many baskets ---------------------------------------------------------------------------
def old_state(baskets: int) -> dict:
    """An embedded-store.json as the store wrote it before issue 14 (schema 1)."""
    return {"schema": 1, "store_id": "b" * 32, "next_item_id": 20_000_000, "next_purchase_id": 50_000,
            "baskets": [{"id": f"00000000-0000-4000-8000-{n:012d}", "country": "GB", "status": "Pending",
                         "purchase_id": None,
                         "items": [{"id": 16_000_000 + n, "release_id": 300_000 + n % 1200, "track_id": None,
                                    "name": f"Release {n}", "artist_name": "Artist", "value": "7.99",
                                    "rrp": "7.99", "on_sale": False}]} for n in range(baskets)],
            "purchases": [], "access_tokens": []}


def creates_with_readers(server, count: int = 20) -> tuple[list[float], list[float]]:
    """basket/create times, and release/details times of a reader running meanwhile."""
    reads: list[float] = []
    done = threading.Event()

    def reader() -> None:
        client = Client(server.url)
        while not done.is_set():
            status, _, took = client.get("release/details", {"releaseId": FIRST_RELEASE})
            assert status == 200
            reads.append(took)
        client.close()

    thread = threading.Thread(target=reader)
    thread.start()
    client = Client(server.url)
    creates = []
    for _ in range(count):
        status, body, took = client.get("basket/create")
        assert status == 200 and b'status="ok"' in body, body[:300]
        creates.append(took)
    client.close()
    done.set()
    thread.join()
    return creates, reads


def state_numbers(baskets: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cache, state = Path(tmp) / "cache", Path(tmp) / "embedded-store.json"
        SandboxServer(port=0, catalogue="small", cache_dir=cache).start().stop()   # build the catalogue first
        state.write_text(json.dumps(old_state(baskets)))
        print(f"state: {baskets} baskets, old-format file {mib(state.stat().st_size)}")
        started = time.perf_counter()
        server = SandboxServer(port=0, catalogue="small", cache_dir=cache, state_file=state).start()
        try:
            print(f"  start with it (a newer store migrates it): {(time.perf_counter() - started) * 1000:.0f} ms; "
                  f"state on disk {mib(state_bytes(state))}")
            creates, reads = creates_with_readers(server)
            print(f"  basket/create: median {statistics.median(creates) * 1000:.1f} ms, "
                  f"max {max(creates) * 1000:.1f} ms;"
                  f" concurrent release/details: median {statistics.median(reads) * 1000:.1f} ms, "
                  f"max {max(reads) * 1000:.1f} ms ({len(reads)} calls)")
            shop = server.app.shop
            if not hasattr(shop, "clock"):
                print("  expiry: baskets never expire here")
                return
            later = time.time() + 400 * 24 * 3600
            shop.clock = lambda: later
            creates, reads = creates_with_readers(server)
            print(f"  every basket expired: basket/create median {statistics.median(creates) * 1000:.1f} ms, "
                  f"first {creates[0] * 1000:.1f} ms, max {max(creates) * 1000:.1f} ms; concurrent release/details "
                  f"median {statistics.median(reads) * 1000:.1f} ms, max {max(reads) * 1000:.1f} ms")
            sweeps = 0
            while len(shop.baskets) > 1_000:       # each basket/create forgets a batch of expired ones
                creates_with_readers(server, 5)
                sweeps += 5
            print(f"  after {len(creates) + sweeps} basket/create calls: {len(shop.baskets)} baskets left; "
                  f"state on disk {mib(state_bytes(state))}")
        finally:
            server.stop()
        print(f"  after stop: state on disk {mib(state_bytes(state))}")
        SandboxServer(port=0, catalogue="small", cache_dir=cache, state_file=state).start().stop()
        print(f"  after the next start and stop: state on disk {mib(state_bytes(state))}")


def state_bytes(state: Path) -> int:
    return sum(p.stat().st_size for p in state.parent.glob(state.name + "*") if p.is_file()
               and not p.name.endswith((".lock",)) and ".v1-" not in p.name)


# --- 3. covers against catalogue calls ---------------------------------------------------------------------
def cover_fairness(renders: int = 16) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        process = subprocess.Popen([sys.executable, "-m", "app.sandbox", "--port", "0", "--catalogue", "small",
                                    "--cache-dir", tmp], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                   cwd=Path(app.__file__).resolve().parents[1])   # the same `app` as here
        try:
            url = process.stdout.readline().strip()
            root = url.removesuffix("1.2/")
            quiet = latencies(url, 1.5)
            print(f"covers: release/details alone: median {statistics.median(quiet) * 1000:.1f} ms, "
                  f"p95 {percentile(quiet, 95) * 1000:.1f} ms")
            for size, offset in ((1200, 0), (800, 400)):
                statuses: list[int] = []
                done = threading.Event()
                measured: list[float] = []
                waiter = threading.Thread(target=lambda: measured.extend(latencies(url, None, done)))
                waiter.start()
                time.sleep(0.2)
                start = time.perf_counter()

                def draw(n: int) -> None:
                    client = Client(root)
                    for k in range(3):
                        release = FIRST_RELEASE + offset + n * 3 + k
                        digits = f"{release:010d}"
                        path = f"static/img/sleeveart/{digits[:2]}/{digits[2:5]}/{digits[5:8]}/{digits}_{size}.jpg"
                        status, _, _ = client.get(path, api=False)
                        statuses.append(status)
                    client.close()

                threads = [threading.Thread(target=draw, args=(n,)) for n in range(renders)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                took = time.perf_counter() - start
                done.set()
                waiter.join()
                counts = {s: statuses.count(s) for s in sorted(set(statuses))}
                print(f"  during {renders} clients x 3 uncached {size} px covers ({took:.1f} s, statuses {counts}): "
                      f"release/details median {statistics.median(measured) * 1000:.1f} ms, "
                      f"p95 {percentile(measured, 95) * 1000:.1f} ms, max {max(measured) * 1000:.1f} ms")
        finally:
            process.terminate()
            process.wait(30)


def latencies(url: str, seconds: float | None, done: threading.Event | None = None) -> list[float]:
    client = Client(url)
    out = []
    end = time.monotonic() + (seconds or 1e9)
    release = FIRST_RELEASE
    while time.monotonic() < end and not (done and done.is_set()):
        status, _, took = client.get("release/details", {"releaseId": release})
        assert status == 200
        out.append(took)
        release = FIRST_RELEASE + (release - FIRST_RELEASE + 1) % RELEASES
        time.sleep(0.02)
    client.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=25)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--cache-mb", type=int, default=16)
    parser.add_argument("--baskets", type=int, default=50_000)
    parser.add_argument("--only", choices=("clips", "state", "covers"), default=None)
    args = parser.parse_args()
    import logging
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    if args.only in (None, "clips"):
        clip_flood(args.seconds, args.clients, args.cache_mb)
    if args.only in (None, "state"):
        state_numbers(args.baskets)
    if args.only in (None, "covers"):
        cover_fairness()


if __name__ == "__main__":
    main()
