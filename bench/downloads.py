"""Download throughput on loopback (MB/s): one big file, one resumed after a dropped connection, and
four tracks through the DownloadManager (two at a time), each verified, tagged and renamed.

The MP3 is a lameenc clip repeated to the size asked (frames concatenate into a valid MP3).
Usage: QT_QPA_PLATFORM=offscreen python bench/downloads.py [MEGABYTES]
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

MB = 1 << 20


def _mp3(size: int) -> bytes:
    import lameenc
    import numpy as np

    t = np.arange(44100 * 10) / 44100
    tone = (np.sin(2 * np.pi * 440 * t) * 0.4 * 32767).astype("<i2")
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(320)
    encoder.set_in_sample_rate(44100)
    encoder.set_channels(2)
    encoder.set_quality(7)
    clip = bytes(encoder.encode(np.ascontiguousarray(np.stack([tone, tone], 1)).tobytes())) + bytes(encoder.flush())
    return (clip * (size // len(clip) + 1))[:size // len(clip) * len(clip) or len(clip)]


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        body, drops = self.server.body, self.server.drops
        match = re.match(r"bytes=(\d+)-$", self.headers.get("Range") or "")
        start = int(match.group(1)) if match else 0
        self.send_response(206 if match else 200)
        if match:
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        end = start + drops.pop(0) if drops else len(body)
        view = memoryview(body)
        for at in range(start, end, MB):
            self.wfile.write(view[at:min(at + MB, end)])


def _serve(body: bytes):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.body, httpd.drops = body, []
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def main() -> int:
    size = int(sys.argv[1]) * MB if len(sys.argv) > 1 else 128 * MB
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from app.downloads.fetch import Fetcher
    from app.downloads.jobs import TrackInfo, new_job
    from app.downloads.manager import DownloadManager
    from app.downloads.queue import QueueStorage
    from app.services.tasks import CancelToken

    body = _mp3(size)
    httpd, base = _serve(body)
    tmp = Path(tempfile.mkdtemp(prefix="bench-downloads-"))
    info = TrackInfo(release_id="1", track_id="1", title="Bench", artist="Bench", album="Bench", track_number=1)
    mb = len(body) / MB

    def one(name: str, drops: list[int]) -> None:
        httpd.drops[:] = drops
        job = new_job(info, f"{base}/{name}?oauth_signature=x", tmp / name)
        fetcher = Fetcher(backoff=0)
        timings = {}
        started = time.perf_counter()
        original = fetcher._fetch

        def timed_fetch(*args):
            size_done = original(*args)
            timings["transfer"] = time.perf_counter() - started
            return size_done

        fetcher._fetch = timed_fetch
        fetcher.download(job, CancelToken())
        total = time.perf_counter() - started
        print(f"{name:<9} {mb:6.0f} MB   transfer {mb / timings['transfer']:7.0f} MB/s   "
              f"with sha256+verify+tag+rename {mb / total:7.0f} MB/s   ({total:.2f} s)")

    one("oneshot", [])
    one("resumed", [len(body) // 3, len(body) // 3])

    app = QCoreApplication.instance() or QCoreApplication([])
    manager = DownloadManager(QueueStorage(tmp / "downloads.json"), max_parallel=2)
    manager.start()
    jobs = [new_job(TrackInfo(release_id="2", track_id=str(n), title=f"T{n}", album="Four", track_number=n),
                    f"{base}/m{n}?oauth_signature=x", tmp / "manager") for n in range(1, 5)]
    loop = QEventLoop()
    speeds = []
    manager.progress.connect(lambda done, total, speed: speeds.append(speed))
    manager.release_finished.connect(lambda _: loop.quit())
    manager.job_failed.connect(lambda job_id, exc: (print("failed", job_id, exc), loop.quit()))
    QTimer.singleShot(120_000, loop.quit)
    started = time.perf_counter()
    manager.add(jobs)
    loop.exec()
    total = time.perf_counter() - started
    done = sum(j.state.value == "done" for j in manager.jobs())
    print(f"manager   4 × {mb:.0f} MB, 2 at once: {4 * mb / total:7.0f} MB/s overall ({total:.2f} s, {done}/4 done,"
          f" peak reported speed {max(speeds or [0]) / MB:.0f} MB/s, {len(speeds)} progress events)")
    manager.close()
    httpd.shutdown()
    del app
    return 0 if done == 4 else 1


if __name__ == "__main__":
    sys.exit(main())
