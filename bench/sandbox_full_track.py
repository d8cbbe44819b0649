"""Cost of the embedded store's full-length downloads, and how responsive it stays while it makes them.

1. CPU seconds per minute of audio to make a full track (compose + MP3 320 encode, in this process,
   `time.process_time`), over a few tracks of different lengths; and the peak memory the encode adds.
2. p50/p95 of a catalogue call (release/details) against a real embedded store on 127.0.0.1: alone,
   then while two bought full tracks download (each encoded on demand, streamed to the client).

    .venv/bin/python bench/sandbox_full_track.py [--tracks 3] [--calls 200]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests  # noqa: E402

from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_USER_EMAIL, DEMO_USER_PASSWORD  # noqa: E402
from app.sandbox import SandboxServer, music  # noqa: E402


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def cpu_per_audio_minute(track_ids: list[int], seconds: list[int]) -> None:
    total_cpu = total_audio = 0.0
    for track_id, length in zip(track_ids, seconds):
        start = time.process_time()
        size = sum(len(part) for part in music.encode_blocks(music.compose_stream(track_id, length), 320))
        cpu = time.process_time() - start
        assert size == music.mp3_length(length * music.RATE, 320)
        total_cpu += cpu
        total_audio += length
        print(f"  track {track_id}: {length:4d} s of audio, {size / 1e6:5.1f} MB, {cpu:5.2f} s CPU "
              f"= {cpu / (length / 60):.2f} s CPU per audio minute")
    print(f"full track cost: {total_cpu / (total_audio / 60):.2f} s CPU per audio minute "
          f"({total_audio / 60:.1f} min of audio in {total_cpu:.1f} s)")
    tracemalloc.start()
    for _ in music.encode_blocks(music.compose_stream(track_ids[0], 540), 320):
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"peak Python memory while making a 9-minute track: {peak / 1e6:.1f} MB "
          f"(its PCM would be {540 * music.RATE * 2 * 4 / 1e6:.0f} MB as float32)")


def catalogue_latency(server, calls: int) -> list[float]:
    session = requests.Session()
    times = []
    for i in range(calls):
        start = time.perf_counter()
        response = session.get(server.url + "release/details",
                               params={"oauth_consumer_key": DEMO_CONSUMER_KEY, "releaseId": 300_000 + i % 50},
                               timeout=30)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=3, help="tracks to time for the CPU cost")
    parser.add_argument("--calls", type=int, default=200, help="catalogue calls per latency run")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-full-track-") as tmp:
        server = SandboxServer(port=0, catalogue="small", cache_dir=Path(tmp)).start()
        try:
            from app.api import StoreClient

            client = StoreClient(base_url=server.url, consumer_key=DEMO_CONSUMER_KEY,
                                 consumer_secret=DEMO_CONSUMER_SECRET, country="GB", timeout=30)
            token = client.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
            user = client.with_access_token(token)
            # the demo user's seeded locker already holds two releases: their longest tracks
            entries = [t for e in user.locker(page_size=50).items for t in e.tracks]
            entries.sort(key=lambda t: -t.track.duration)
            chosen = entries[: max(2, args.tracks)]
            print(f"CPU cost ({len(chosen)} tracks of the demo locker):")
            cpu_per_audio_minute([t.track.id for t in chosen], [t.track.duration for t in chosen])

            catalogue_latency(server, 20)    # warm up
            alone = catalogue_latency(server, args.calls)
            print(f"release/details alone:             p50 {statistics.median(alone):6.1f} ms, "
                  f"p95 {percentile(alone, 0.95):6.1f} ms")

            done, sizes = [], []

            def download(entry) -> None:
                start = time.perf_counter()
                with requests.get(entry.download_urls[0].url, stream=True, timeout=120) as response:
                    assert response.status_code == 200, response.text[:200]
                    sizes.append(sum(len(c) for c in response.iter_content(64 * 1024)))
                done.append(time.perf_counter() - start)

            # two tracks not made yet (the CPU pass above made only bytes, nothing was cached)
            pair = entries[:2]
            threads = [threading.Thread(target=download, args=(e,)) for e in pair]
            for t in threads:
                t.start()
            busy = []
            while any(t.is_alive() for t in threads):
                busy += catalogue_latency(server, 10)
            for t in threads:
                t.join()
            audio = sum(e.track.duration for e in pair)
            print(f"release/details while 2 full tracks encode ({audio / 60:.1f} min of audio, "
                  f"{sum(sizes) / 1e6:.1f} MB, downloads took {max(done):.1f} s): "
                  f"p50 {statistics.median(busy):6.1f} ms, p95 {percentile(busy, 0.95):6.1f} ms "
                  f"over {len(busy)} calls")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
