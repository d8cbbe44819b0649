"""Memory of a busy session: the store encoding preview clips while the DownloadManager fetches tracks.

The background work of `bench/ui_stall.py --busy`, without the window: the embedded store (in this
process, or with --store-process as its own) makes N preview clips it has not made before (a fresh
media cache), while the app's DownloadManager downloads M tracks of S MB (two at a time) from a
loopback server. Prints this process's RSS (and the store process's, if any) before, after each
phase, after a full collection and after malloc_trim(0), with glibc's view of its heap (arenas,
bytes in use, bytes free) so live data and memory malloc merely keeps can be told apart.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/busy_memory.py [--clips 40] [--downloads 40]
     [--size-mb 10] [--store-process] [--sequential] [--tracemalloc]
     (cwd=/work/base with this file's path to measure another tree: the tree measured is the cwd's)
"""
from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path.cwd() if (Path.cwd() / "app").is_dir() else Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))    # bench.downloads' loopback server

_LIBC = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                      "fsmblks", "uordblks", "fordblks", "keepcost")]


def rss_mb(pid: int | str = "self") -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def heap() -> str:
    """glibc's heap: arenas, bytes in use, bytes free (kept), mmapped chunks."""
    try:
        _LIBC.mallinfo2.restype = _MallInfo2
        info = _LIBC.mallinfo2()
    except AttributeError:
        return "(no mallinfo2)"
    path = tempfile.mktemp(prefix="malloc-info-")
    _LIBC.fopen.restype = ctypes.c_void_p
    _LIBC.fopen.argtypes = (ctypes.c_char_p, ctypes.c_char_p)
    _LIBC.malloc_info.argtypes = (ctypes.c_int, ctypes.c_void_p)
    _LIBC.fclose.argtypes = (ctypes.c_void_p,)
    handle = _LIBC.fopen(path.encode(), b"w")
    _LIBC.malloc_info(0, handle)
    _LIBC.fclose(handle)
    xml = Path(path).read_text()
    os.unlink(path)
    arenas = len(re.findall(r"<heap nr=", xml))
    mb = 1 / (1 << 20)
    return (f"arenas {arenas}, heap {info.arena * mb:.0f} MB (in use {info.uordblks * mb:.0f}, "
            f"free {info.fordblks * mb:.0f}), mmapped {info.hblkhd * mb:.0f} MB in {info.hblks}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=40, help="preview clips the store makes")
    parser.add_argument("--downloads", type=int, default=40, help="tracks the DownloadManager fetches")
    parser.add_argument("--size-mb", type=int, default=10, help="size of each downloaded track")
    parser.add_argument("--store-process", action="store_true", help="the store as its own process")
    parser.add_argument("--sequential", action="store_true", help="clips first, then downloads (not at once)")
    parser.add_argument("--tracemalloc", action="store_true", help="Python allocations alive after, by line")
    args = parser.parse_args()
    if args.tracemalloc:
        import tracemalloc
        tracemalloc.start(8)

    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from app.api import StoreClient
    from app.downloads.jobs import TrackInfo, new_job
    from app.downloads.manager import DownloadManager
    from app.downloads.queue import QueueStorage
    from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, SandboxServer
    from app.sandbox.generate import catalogue_path
    from app.sandbox.server import default_cache_dir
    from bench.downloads import MB, _mp3, _serve

    qt = QCoreApplication.instance() or QCoreApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="busy-memory-"))
    cache = tmp / "store"
    cache.mkdir()
    catalogue = catalogue_path(default_cache_dir(), "default", 0)
    if catalogue.exists():      # the catalogue is reused; the media cache is fresh: every clip is made here
        shutil.copy(catalogue, cache / catalogue.name)
    proc = None
    if args.store_process:
        proc = subprocess.Popen([sys.executable, "-m", "app.sandbox", "--port", "0", "--cache-dir", str(cache)],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        url = proc.stdout.readline().strip()
        server = None
    else:
        server = SandboxServer(port=0, cache_dir=cache).start()
        url = server.url
    client = StoreClient(url, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, country="GB", timeout=30)
    ids = []
    for word in ("the", "love", "night", "blue"):
        ids += [t.id for t in client.search_tracks(word, page_size=50).items]
        if len(ids) >= args.clips * 2:
            break
    manager = DownloadManager(QueueStorage(tmp / "downloads.json"), max_parallel=2)
    manager.start()
    body = _mp3(args.size_mb * MB)
    httpd, base = _serve(body)
    del body
    gc.collect()

    rows = []

    def point(label: str) -> None:
        store = rss_mb(proc.pid) if proc is not None else float("nan")
        rows.append((label, rss_mb(), store, heap()))
        print(f"{label:<26} RSS {rows[-1][1]:6.1f} MB" + (f"  store process {store:6.1f} MB" if proc else "")
              + f"   {rows[-1][3]}", flush=True)

    point("before")
    made = [0]

    def encode() -> None:
        import urllib.request
        for track_id in ids:
            if made[0] >= args.clips:
                return
            try:
                with urllib.request.urlopen(client.preview_url(track_id), timeout=60) as answer:
                    answer.read()
            except OSError:         # a track without a preview here
                continue
            made[0] += 1

    def download() -> None:
        loop = QEventLoop()
        finished = []
        manager.job_finished.connect(lambda *_: (finished.append(1), len(finished) >= args.downloads and loop.quit()))
        manager.job_failed.connect(lambda job_id, exc: (print("failed", job_id, exc), finished.append(1),
                                                        len(finished) >= args.downloads and loop.quit()))
        QTimer.singleShot(600_000, loop.quit)
        manager.add([new_job(TrackInfo(release_id="bench", track_id=str(n), title=f"Track {n}", artist="Bench",
                                       album="Busy", track_number=n),
                             f"{base}/bench-{n}?oauth_signature=x", tmp / "music") for n in range(1, args.downloads + 1)])
        loop.exec()

    started = time.perf_counter()
    if args.sequential:
        encode()
        point(f"after {made[0]} clips")
        if args.downloads:
            download()
        point(f"after {args.downloads} downloads")
    else:
        encoder = threading.Thread(target=encode, daemon=True)
        encoder.start()
        if args.downloads:
            download()
        encoder.join()
        point(f"after {made[0]} clips + {args.downloads} dl")
    elapsed = time.perf_counter() - started
    for _ in range(3):
        qt.processEvents()
    gc.collect()
    point("after gc.collect()")
    _LIBC.malloc_trim(0)
    point("after malloc_trim(0)")
    cpu = os.times()
    print(f"({elapsed:.1f} s, CPU {cpu.user + cpu.system:.1f} s in this process; "
          f"{sum(j.state.value == 'done' for j in manager.jobs())} downloads done, {made[0]} clips)")
    if args.tracemalloc:
        import tracemalloc
        snapshot = tracemalloc.take_snapshot()
        print("Python allocations alive, by line (top 12):")
        for stat in snapshot.statistics("traceback")[:12]:
            print(f"  {stat.size / (1 << 20):7.2f} MB in {stat.count:6d}  {stat.traceback.format()[-1].strip()}")
            for line in stat.traceback.format()[-4:-1]:
                print(f"{'':30}{line.strip()}")
    manager.close()
    httpd.shutdown()
    if server is not None:
        server.stop()
    if proc is not None:
        proc.terminate()
        proc.wait(30)
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
