"""Memory over many release pages: the app as main() builds it, on the embedded store, offscreen.

Opens 30 different release pages one after another through the window's own navigation (each
page's cover, tracks and recommendations loaded and painted), then a second 30 different ones, then
the first 30 again, and prints after each round:
* RSS (VmRSS from /proc/self/status; anonymous and file-backed from smaps_rollup), and with
  --trim the RSS after `malloc_trim(0)` (freed heap glibc keeps: fragmentation, not live data);
* the time to paint the whole window (median of 10 grabs), which --pixmap-cache-kb may change;
* the cover memory cache (entries, bytes, its cap), the views the router keeps and the views
  alive at all, Python-side QPixmap/QImage wrappers alive;
* Python objects by type that grew between the end of the first 30 and the end of the second 30.

Targets (issue 18): RSS after 30 pages <= 200 MB; no growth over the second 30 (no leak).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/pages_memory.py [--catalogue default] [--pages 30]
"""
from __future__ import annotations

import argparse
import ctypes
import gc
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUERIES = ("love", "the", "night", "blue", "dream", "river", "fire", "gold", "heart", "moon", "sun", "road",
           "rain", "wild", "city", "song", "summer", "light", "dance", "soul", "a", "e")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", default="default")
    parser.add_argument("--pages", type=int, default=30, help="release pages per round")
    parser.add_argument("--top", type=int, default=12, help="object types to list by growth")
    parser.add_argument("--store-process", action="store_true",
                        help="run the store as its own process (python -m app.sandbox): the GUI's memory alone")
    parser.add_argument("--views", type=int, default=None, help="override the router's cached views (compare)")
    parser.add_argument("--cover-mb", type=float, default=None, help="override the cover memory cap (compare)")
    parser.add_argument("--pixmap-cache-kb", type=int, default=None,
                        help="override Qt's global QPixmapCache limit (10240 KB by default; compare)")
    parser.add_argument("--new-rounds", type=int, default=2,
                        help="rounds of pages not opened before (then the first round again): 3 tells a cache "
                             "filling up (growth stops) from a leak (it goes on)")
    parser.add_argument("--trim", action="store_true",
                        help="also call malloc_trim(0) at each point and print RSS after it (changes later RSS)")
    args = parser.parse_args()

    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer
    from PySide6.QtGui import QImage, QPixmap, QPixmapCache
    from PySide6.QtWidgets import QApplication

    from app.api import StoreClient
    from app.composition import Paths, build
    from app.main import parse_args
    from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, SandboxServer
    from app.ui.view_base import BrowseView

    app = QApplication.instance() or QApplication([])
    if args.store_process:
        store = subprocess.Popen([sys.executable, "-m", "app.sandbox", "--port", "0", "--catalogue", args.catalogue],
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        url = store.stdout.readline().strip()
        server = None
    else:
        store = None
        server = SandboxServer(port=0, catalogue=args.catalogue).start()
        url = server.url
    client = StoreClient(url, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, country="GB", timeout=10)
    parts = build(parse_args([]), Paths.under(Path(tempfile.mkdtemp(prefix="pages-memory-"))))
    parts.store.set_client(client)
    parts.collect_when_idle()                 # as main() does once the window is up
    window = parts.window
    window.resize(1280, 800)
    window.show()
    covers = parts.covers
    if args.views is not None:
        window.router.max_cached = args.views
    if args.cover_mb is not None:
        covers._memory_bytes = int(args.cover_mb * 2**20)
    if args.pixmap_cache_kb is not None:
        QPixmapCache.setCacheLimit(args.pixmap_cache_kb)

    ticker = QTimer(interval=5)      # wakes the waits below; one for the whole run (no timers left behind)
    ticker.start()

    def wait_until(condition, timeout_s: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout_s
        while not condition() and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        return condition()

    def settle() -> None:
        """What the app would have done by the next idle moment: deferred deletes, a full collection."""
        wait_until(lambda: covers.pending == 0, 30)
        for _ in range(3):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            app.processEvents()
            gc.collect()

    wait_until(lambda: window.current_view is not None and window.current_view.title == "Home", 20)
    # "After start" is the app settled: the extras installed and the QMediaPlayer built, as the app
    # does PLAYER_IDLE_MS after that (libavcodec, QtQuick: ~10 MB), so pages aren't charged for them.
    wait_until(lambda: getattr(parts, "player", None) is not None, 20)
    if parts.player is not None:
        parts.player.prepare()

    # Release ids, the store's own answers (as a user would find them), in a fixed order.
    ids: list[str] = []
    for query in QUERIES:
        for page in (1, 2, 3):
            for release in client.search_releases(query, page, 50).items:
                if str(release.id) not in ids:
                    ids.append(str(release.id))
        if len(ids) >= args.new_rounds * args.pages:
            break
    if len(ids) < args.new_rounds * args.pages:
        print(f"the {args.catalogue} catalogue gave only {len(ids)} releases; need {args.new_rounds * args.pages}")
        return 1
    first, second = ids[:args.pages], ids[args.pages:2 * args.pages]

    def open_pages(release_ids) -> tuple[int, float]:
        """Open each page and wait for what it shows; (pages whose cover arrived, seconds)."""
        with_cover = 0
        began = time.perf_counter()
        for rid in release_ids:
            window.open(f"release:{rid}")
            page = window.current_view
            wait_until(lambda page=page: page.release is not None and page.tracks.rowCount() > 0
                       and not page.loading, 30)
            wait_until(lambda page=page: page.cover.has_cover or not page.release.image, 30)
            wait_until(lambda: covers.pending == 0, 30)     # the visible recommendations' covers
            app.processEvents()                               # painted
            with_cover += page.cover.has_cover
        return with_cover, time.perf_counter() - began

    def repaint_ms() -> float:
        """The median time to paint the whole window 10 times (what a smaller QPixmapCache costs)."""
        times = []
        for _ in range(10):
            began = time.perf_counter()
            window.grab()
            times.append((time.perf_counter() - began) * 1000)
        return sorted(times)[len(times) // 2]

    def live_views() -> int:
        return sum(1 for o in gc.get_objects() if isinstance(o, BrowseView) and shiboken6.isValid(o))

    def snapshot(label: str) -> dict:
        settle()
        rss, anon, file_ = _memory()
        trimmed = _rss_after_trim() if args.trim else float("nan")
        pixmaps = sum(1 for o in gc.get_objects() if type(o) is QPixmap)
        images = sum(1 for o in gc.get_objects() if type(o) is QImage)
        return {"label": label, "rss": rss, "paint": repaint_ms(), "anon": anon, "file": file_, "trimmed": trimmed,
                "cache_n": len(covers._cache), "cache_mb": covers.memory_used / 2**20,
                "cache_cap": covers.memory_bytes / 2**20, "routed": sum(1 for _ in window.router.views()),
                "alive": live_views(), "stack": window.stack.count(), "pixmaps": pixmaps, "images": images}

    rows = [snapshot("after start")]
    done, seconds = open_pages(first)
    rows.append(snapshot(f"after {args.pages} pages"))
    before_types = _types()
    before_refs = _weak_referents()
    done2, seconds2 = open_pages(second)
    rows.append(snapshot(f"after another {args.pages}"))
    after_types = _types()
    after_refs = _weak_referents()
    for n in range(2, args.new_rounds):
        open_pages(ids[n * args.pages:(n + 1) * args.pages])
        rows.append(snapshot(f"another {args.pages} ({n + 1})"))
    done3, seconds3 = open_pages(first)
    rows.append(snapshot(f"first {args.pages} again"))

    print(f"catalogue {args.catalogue}, {len(ids)} releases found; rounds took "
          f"{seconds:.1f} s, {seconds2:.1f} s, {seconds3:.1f} s; pages with a cover {done}, {done2}, {done3}")
    print(f"store: {'its own process' if store else 'embedded, in this process'}")
    print(f"load average {os.getloadavg()[0]:.2f} (other work on this machine skews timings, not memory)")
    header = (f"{'':<22}{'RSS MB':>8}{'anon':>7}{'file':>7}{'trimmed':>9}{'cache n':>9}{'cache MB':>9}"
              f"{'cap MB':>8}{'routed':>8}{'alive':>7}{'stack':>7}{'QPixmap':>9}{'QImage':>8}{'paint ms':>9}")
    print(header)
    for r in rows:
        print(f"{r['label']:<22}{r['rss']:>8.1f}{r['anon']:>7.1f}{r['file']:>7.1f}{r['trimmed']:>9.1f}"
              f"{r['cache_n']:>9}{r['cache_mb']:>9.1f}{r['cache_cap']:>8.0f}{r['routed']:>8}{r['alive']:>7}"
              f"{r['stack']:>7}{r['pixmaps']:>9}{r['images']:>8}{r['paint']:>9.1f}")
    print(f"growth over the second {args.pages}: RSS {rows[2]['rss'] - rows[1]['rss']:+.1f} MB, "
          f"after trim {rows[2]['trimmed'] - rows[1]['trimmed']:+.1f} MB; "
          f"re-visiting: RSS {rows[-1]['rss'] - rows[-2]['rss']:+.1f} MB")
    for n in range(3, len(rows) - 1):
        print(f"growth over round {n}: RSS {rows[n]['rss'] - rows[n - 1]['rss']:+.1f} MB, "
              f"after trim {rows[n]['trimmed'] - rows[n - 1]['trimmed']:+.1f} MB")
    if TRIM_MS:
        print(f"malloc_trim(0) took {', '.join(f'{ms:.1f}' for ms in TRIM_MS)} ms")
    grown = sorted(((after_types[t] - before_types.get(t, 0), t) for t in after_types), reverse=True)
    print(f"Python objects by type, growth over the second {args.pages} (top {args.top}):")
    for delta, name in grown[:args.top]:
        if delta <= 0:
            break
        print(f"  {delta:+7d}  {name} ({after_types[name]})")
    if not grown or grown[0][0] <= 0:
        print("  none grew")
    refs = sorted(((after_refs[t] - before_refs.get(t, 0), t) for t in after_refs), reverse=True)
    if refs and refs[0][0] > 0:
        print("  weak references by what they point to: " + ", ".join(f"{name} {delta:+d}" for delta, name in refs[:5]))

    if parts.collector is not None:
        parts.collector.stop()
    window.close()
    parts.shutdown()
    if server is not None:
        server.stop()
    if store is not None:
        print(f"the store's own process: RSS {_memory(store.pid)[0]:.1f} MB at the end")
        store.terminate()
        store.wait(30)
    return 0


def _types() -> Counter:
    gc.collect()
    return Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in gc.get_objects())


def _weak_referents() -> Counter:
    import weakref
    return Counter(type(o()).__qualname__ for o in gc.get_objects() if type(o) is weakref.ReferenceType)


def _memory(pid: int | str = "self") -> tuple[float, float, float]:
    """(VmRSS, anonymous, file-backed) in MB."""
    proc = Path(f"/proc/{pid}")
    status = {line.split(":")[0]: line.split()[1:] for line in (proc / "status").read_text().splitlines()}
    rss = int(status["VmRSS"][0]) / 1024
    anon = file_ = float("nan")
    try:
        rollup = {line.split(":")[0]: line.split()[1:]
                  for line in (proc / "smaps_rollup").read_text().splitlines()[1:]}
        anon = int(rollup["Anonymous"][0]) / 1024
        file_ = (int(rollup["Rss"][0]) - int(rollup["Anonymous"][0])) / 1024
    except (OSError, KeyError):
        pass
    return rss, anon, file_


TRIM_MS: list[float] = []


def _rss_after_trim() -> float:
    """RSS once glibc has handed free heap pages back (what the live data costs)."""
    began = time.perf_counter()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    TRIM_MS.append((time.perf_counter() - began) * 1000)
    return _memory()[0]


if __name__ == "__main__":
    sys.exit(main())
