"""Leaving a page while its calls are in flight: does any answer still paint the hidden page?

The whole app (app/composition.py) on the embedded store with 200 ms latency per call. Opens a
release page, leaves it for Home after `--after-ms` (its details, tracklist, tags and
recommendations are then in flight), and for one second counts what reaches the hidden release
view: model resets/rows, title changes, content_ready. Also prints how many answers the runner
dropped and how long until the worker pool was idle. Then goes Back and times the page's reload.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/leave_page.py [--runs 10] [--after-ms 50]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.api import StoreClient  # noqa: E402
from app.composition import Paths, build  # noqa: E402
from app.main import parse_args  # noqa: E402
from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, SandboxServer  # noqa: E402


def wait(ms: int, until=None) -> bool:
    """Run the event loop for up to `ms` (or until `until()` is true)."""
    loop, deadline = QEventLoop(), time.perf_counter() + ms / 1000
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: (until is not None and until() or time.perf_counter() > deadline) and loop.quit())
    timer.start()
    loop.exec()
    timer.stop()
    return until() if until is not None else True


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--after-ms", type=int, default=50, help="leave this long after opening")
    parser.add_argument("--latency-ms", type=int, default=200)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    home = Path(tempfile.mkdtemp(prefix="leave-page-"))
    server = SandboxServer(port=0, catalogue="small", latency_ms=args.latency_ms).start()
    client = StoreClient(base_url=server.url, consumer_key=DEMO_CONSUMER_KEY, consumer_secret=DEMO_CONSUMER_SECRET)
    releases = client.search_releases("the", 1, args.runs + 1).items
    parts = build(parse_args([]), Paths.under(home), defer_extras=True)
    parts.store.set_client(client)
    window = parts.window
    window.resize(1180, 780)
    window.show()
    dropped = []
    parts.runner.discarded.connect(lambda: dropped.append(1))
    late_paints, idle_ms, back_ms = [], [], []
    try:
        wait(5000, lambda: window.current_view is not None and window.current_view.location == "home"
             and not window.current_view.loading)
        for release in releases[:args.runs]:
            window.open(f"release:{release.id}")
            wait(args.after_ms)
            view = window.current_view
            events = []
            view.tracks.modelReset.connect(lambda: events.append("tracks"))
            view.tracks.rowsInserted.connect(lambda *_: events.append("rows"))
            view.recommended.rowsInserted.connect(lambda *_: events.append("recommended"))
            view.title_changed.connect(lambda _t: events.append("title"))
            view.content_ready.connect(lambda: events.append("content"))
            left = time.perf_counter()
            window.open("home")
            wait(3000, lambda: parts.runner.running == 0)
            idle_ms.append((time.perf_counter() - left) * 1000)
            wait(max(0, 1000 - (time.perf_counter() - left) * 1000))
            late_paints.append(len(events))
            back = time.perf_counter()
            window.navigator.back()
            ready = wait(5000, lambda: window.current_view is view and view.release is not None
                         and view.tracks.rowCount() > 0)
            back_ms.append((time.perf_counter() - back) * 1000 if ready else float("nan"))
            window.navigator.back()
    finally:
        window.close()
        parts.shutdown()
        server.stop()
    print(f"left a release page {args.after_ms} ms after opening it ({args.latency_ms} ms per call), {args.runs} runs")
    print(f"  paints reaching the hidden page within 1 s: {sum(late_paints)} (per run: {late_paints})")
    print(f"  answers dropped by the runner: {len(dropped)}")
    print(f"  worker threads all idle after leaving: p50 {statistics.median(idle_ms):.0f} ms, max {max(idle_ms):.0f} ms")
    print(f"  Back: page loaded again in p50 {statistics.median(back_ms):.0f} ms")
    return 1 if sum(late_paints) else 0


if __name__ == "__main__":
    sys.exit(main())
