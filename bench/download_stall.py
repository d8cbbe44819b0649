"""The longest UI-thread stall while 10 tracks download through the DownloadManager (two at a time)
into a tmp folder, with the Downloads dock shown (its model, progress bars and overall line update).

A 1 ms heartbeat QTimer on the GUI thread; prints the max and p99 gap between its ticks (target:
max <= 16 ms), the throughput, and how many progress events reached the GUI thread. The same
heartbeat is first measured idle for 3 s: on a busy machine (2 cores, other processes) the
scheduler alone makes gaps, and that baseline says how much of the stall is the downloads'. Then
two batches of 10: the first of the session (worker threads start, first requests) and a second. The server is
the loopback one of bench/downloads.py (10 MB tracks by default: 320 kbps, about 4 minutes).

Usage: QT_QPA_PLATFORM=offscreen python bench/download_stall.py [MEGABYTES_PER_TRACK] [--trace]
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.downloads import MB, _mp3, _serve

TRACKS = 10


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    size = int(args[0]) * MB if args else 10 * MB
    sys.setswitchinterval(0.001)            # as app/composition.py sets it
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from app.downloads.jobs import TrackInfo, new_job
    from app.downloads.manager import DownloadManager
    from app.downloads.queue import QueueStorage
    from app.ui.downloads_view import DownloadsView

    app = QApplication.instance() or QApplication([])     # noqa: F841 - kept alive until the end
    body = _mp3(size)
    httpd, base = _serve(body)
    tmp = Path(tempfile.mkdtemp(prefix="bench-download-stall-"))
    manager = DownloadManager(QueueStorage(tmp / "downloads.json"), max_parallel=2)
    view = DownloadsView(manager, tmp / "Music")
    view.resize(700, 500)
    view.show()
    manager.start()
    def batch(release: str) -> list:
        return [new_job(TrackInfo(release_id=release, track_id=str(n), title=f"Track {n}", artist="Bench",
                                  album=f"Ten {release}", track_number=n),
                        f"{base}/{release}-{n}?oauth_signature=x", tmp / "Music") for n in range(1, TRACKS + 1)]

    gaps: list[float] = []
    clock = QElapsedTimer()
    last = [0.0]

    def beat() -> None:
        now = clock.nsecsElapsed() / 1e6
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer(interval=1, timerType=Qt.TimerType.PreciseTimer)
    heartbeat.timeout.connect(beat)
    progress_events = [0]
    manager.job_progress.connect(lambda *_: progress_events.__setitem__(0, progress_events[0] + 1))
    loop = QEventLoop()
    manager.release_finished.connect(lambda _: loop.quit())
    manager.job_failed.connect(lambda job_id, exc: (print("failed", job_id, exc), loop.quit()))
    def summary(values: list[float]) -> str:
        values = sorted(values[1:])
        if not values:
            return "no ticks"
        over = sum(v > 16 for v in values)
        return (f"max gap {values[-1]:.1f} ms, p99 {values[int(len(values) * 0.99)]:.1f} ms, "
                f"median {values[len(values) // 2]:.2f} ms, {over} gaps over 16 ms in {len(values)} ticks")

    # Idle first, for the machine's own noise.
    clock.start()
    heartbeat.start()
    idle = QEventLoop()
    QTimer.singleShot(3000, idle.quit)
    idle.exec()
    heartbeat.stop()
    print(f"idle heartbeat (1 ms), 3 s: {summary(gaps)}")
    ok = True
    for name, release in (("first batch", "7"), ("second batch", "8")):
        gaps.clear()
        progress_events[0] = 0
        last[0] = clock.nsecsElapsed() / 1e6
        heartbeat.start()
        started = time.perf_counter()
        manager.add(batch(release))
        QTimer.singleShot(300_000, loop.quit)
        loop.exec()
        total = time.perf_counter() - started
        heartbeat.stop()
        done = sum(j.state.value == "done" for j in manager.jobs() if j.info.release_id == release)
        ok = ok and done == TRACKS
        print(f"{name}: {done}/{TRACKS} tracks of {size / MB:.0f} MB in {total:.2f} s "
              f"({TRACKS * size / MB / total:.0f} MB/s), {progress_events[0]} progress events")
        print(f"  heartbeat (1 ms) while downloading: {summary(gaps)}")
    manager.close()
    httpd.shutdown()
    view.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
