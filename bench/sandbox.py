"""Embedded store numbers: catalogue build and start times, search/details latency and throughput,
search at 1,000,000 tracks, preview clip time-to-first-byte.

    .venv/bin/python bench/sandbox.py [--skip-large]

The server runs in its own process (`python -m app.sandbox`) so the clients here do not share its GIL;
the large catalogue is cached in the user cache dir (built once, ~45 s).
"""
from __future__ import annotations

import argparse
import http.client
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from app.sandbox import SandboxServer
from app.sandbox.generate import catalogue_path, ensure_catalogue
from app.sandbox.server import default_cache_dir

KEY = {"oauth_consumer_key": "demo-key"}
TYPING = ["l", "lo", "lov", "love", "love s", "the", "the w", "sun", "mid", "midnight", "a", "dr", "danc",
          "river", "golden h", "m", "night ri", "amour", "ca", "electric"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def spawn(catalogue: str, cache_dir: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-m", "app.sandbox", "--port", "0", "--catalogue", catalogue,
                                "--cache-dir", str(cache_dir)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True)
    return process, process.stdout.readline().strip()


def timed_requests(url: str, requests_: list[tuple[str, dict]]) -> list[float]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    times = []
    for path, params in requests_:
        start = time.perf_counter()
        conn.request("GET", f"{parts.path}{path}?{urlencode({**params, **KEY})}")
        response = conn.getresponse()
        body = response.read()
        times.append(time.perf_counter() - start)
        assert response.status == 200 and b'status="ok"' in body[:400], body[:300]
    conn.close()
    return times


def throughput(url: str, requests_: list[tuple[str, dict]], clients: int = 8) -> float:
    chunks = [requests_[i::clients] for i in range(clients)]
    threads = [threading.Thread(target=timed_requests, args=(url, chunk)) for chunk in chunks]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(requests_) / (time.perf_counter() - start)


def report(name: str, times: list[float], rps: float | None = None) -> None:
    ms = [t * 1000 for t in times]
    extra = f", {rps:,.0f} req/s with 8 clients" if rps else ""
    print(f"  {name:<28} p50 {statistics.median(ms):6.2f} ms   p95 {percentile(ms, 95):6.2f} ms   "
          f"max {max(ms):6.1f} ms{extra}")


def search_mix(rng: random.Random, n: int) -> list[tuple[str, dict]]:
    kinds = ["artist/search", "release/search", "track/search"]
    return [(rng.choice(kinds), {"q": rng.choice(TYPING), "pageSize": 10}) for _ in range(n)]


def details_mix(rng: random.Random, n: int, releases: int, tracks: int) -> list[tuple[str, dict]]:
    out = []
    for _ in range(n):
        if rng.random() < 0.5:
            out.append(("release/details", {"releaseId": 300_000 + rng.randrange(releases)}))
        else:
            out.append(("track/details", {"trackId": 2_000_000 + rng.randrange(tracks)}))
    return out


def bench_build(tmp: Path) -> None:
    print("catalogue build (default: ~2,000 artists / 12,000 releases / 120,000 tracks)")
    start = time.perf_counter()
    ensure_catalogue(tmp, "default", 0)
    print(f"  first build                  {time.perf_counter() - start:6.2f} s "
          f"({catalogue_path(tmp, 'default', 0).stat().st_size / 1e6:.0f} MB)")
    starts = []
    for _ in range(5):
        start = time.perf_counter()
        server = SandboxServer(port=0, catalogue="default", cache_dir=tmp).start()
        starts.append(time.perf_counter() - start)
        server.stop()
    print(f"  later start (server listening) {min(starts):6.3f} s best, {max(starts):.3f} s worst of 5")


def bench_default(tmp: Path) -> None:
    rng = random.Random(7)
    process, url = spawn("default", tmp)
    try:
        print("default catalogue over HTTP (server in its own process, keep-alive client)")
        timed_requests(url, search_mix(rng, 200) + details_mix(rng, 200, 12_000, 118_000))   # warm up
        searches = search_mix(rng, 1000)
        report("search (typing prefixes)", timed_requests(url, searches), throughput(url, search_mix(rng, 2000)))
        details = details_mix(rng, 1000, 12_000, 118_000)
        report("release/track details", timed_requests(url, details),
               throughput(url, details_mix(rng, 2000, 12_000, 118_000)))
        bench_clips(url)
    finally:
        process.terminate()
        process.wait(10)


def bench_clips(url: str) -> None:
    parts = urlsplit(url)
    root = f"http://{parts.hostname}:{parts.port}"
    fresh, cached = [], []
    for i in range(5):
        track = 2_000_000 + 50_000 + i * 97   # not requested before in this cache dir
        for bucket in (fresh, cached):
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
            start = time.perf_counter()
            conn.request("GET", f"{root}/clips/34/{track}.clip.mp3", headers={"Range": "bytes=0-"})
            response = conn.getresponse()
            response.read(1)
            bucket.append(time.perf_counter() - start)
            response.read()
            conn.close()
    print("preview clip (30 s MP3, 128 kbps) time to first byte")
    report("generated on demand", fresh)
    report("from the disk cache", cached)


def bench_large() -> None:
    cache = default_cache_dir()
    built_now = not catalogue_path(cache, "large", 0).exists()
    start = time.perf_counter()
    ensure_catalogue(cache, "large", 0)
    print(f"large catalogue (1,000,000 tracks) in {cache}: "
          + (f"built in {time.perf_counter() - start:.1f} s" if built_now else "already built"))
    rng = random.Random(11)
    process, url = spawn("large", cache)
    try:
        timed_requests(url, search_mix(rng, 100))
        report("search at 1M tracks", timed_requests(url, search_mix(rng, 1000)), throughput(url, search_mix(rng, 2000)))
        report("track search at 1M tracks", timed_requests(url, [("track/search", {"q": rng.choice(TYPING)})
                                                                 for _ in range(500)]))
    finally:
        process.terminate()
        process.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-large", action="store_true", help="skip the 1,000,000-track catalogue")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sandbox-bench-") as tmp:
        bench_build(Path(tmp))
        bench_default(Path(tmp))
    if not args.skip_large:
        bench_large()


if __name__ == "__main__":
    main()
