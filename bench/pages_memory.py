"""Memory over many release pages: the app as main() builds it, on the embedded store, offscreen.

Opens 30 different release pages one after another through the window's own navigation (each
page's cover, tracks and recommendations loaded and painted), then a second 30 different ones, then
the first 30 again, and prints after each round:
* RSS (VmRSS from /proc/self/status; anonymous and file-backed from smaps_rollup), and with
  --trim the RSS after `malloc_trim(0)` (freed heap glibc keeps: fragmentation, not live data);
* the time to paint the whole window (median of 10 grabs), which --pixmap-cache-kb may change;
* the cover memory cache (entries, bytes, its cap), the views the router keeps and the views
  alive at all, Python-side QPixmap/QImage wrappers alive;
* Python objects by type that grew between the end of the first 30 and the end of the second 30;
* covers loaded per round (from the disk cache or the store) and downloaded from the store;
* with --attribute, who holds the memory: the C heap in use, free but kept (per malloc arena) and
  mmapped, SQLite's own allocations, the store's render caches (--trace-python: Python's lines).

Targets (issue 18): RSS after 30 pages <= 200 MB; no growth over the second 30 (no leak).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/pages_memory.py [--catalogue default] [--pages 30]
Before/after in one run: the same script from a copy of the old tree (it imports the app next to it).
"""
from __future__ import annotations

import argparse
import ctypes
import gc
import itertools
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
    parser.add_argument("--mmap-threshold-kb", type=int, default=None,
                        help="override the C allocator's threshold for blocks of their own (the app sets "
                             "app/allocator.MMAP_THRESHOLD; compare)")
    parser.add_argument("--new-rounds", type=int, default=2,
                        help="rounds of pages not opened before (then the first round again): 3 tells a cache "
                             "filling up (growth stops) from a leak (it goes on)")
    parser.add_argument("--trim", action="store_true",
                        help="also call malloc_trim(0) at each point and print RSS after it (changes later RSS)")
    parser.add_argument("--attribute", action="store_true",
                        help="also print who holds the memory at each point: C heap in use and free (mallinfo2), "
                             "SQLite's own allocations, Python's object memory, the store's render caches")
    parser.add_argument("--trace-python", action="store_true",
                        help="with --attribute: trace Python's allocations (tracemalloc: slower, and its own "
                             "tables add to RSS) and print the lines that grew over the second round")
    args = parser.parse_args()

    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, Qt, QTimer
    from PySide6.QtGui import QImage, QPixmap, QPixmapCache
    from PySide6.QtWidgets import QApplication

    from app.api import StoreClient
    from app.composition import Paths, build
    from app.main import parse_args
    from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, SandboxServer
    from app.ui.view_base import BrowseView

    if args.trace_python:
        import tracemalloc
        tracemalloc.start(1)
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
    if args.mmap_threshold_kb is not None:
        from app.allocator import settle
        settle(args.mmap_threshold_kb * 1024)

    downloads = [0]                  # covers fetched from the store (not the disk cache)
    fetch_bytes = covers._fetch_bytes

    def counted_fetch(url: str) -> bytes:
        downloads[0] += 1
        return fetch_bytes(url)
    covers._fetch_bytes = counted_fetch

    ticker = QTimer(interval=5)      # wakes the waits below; one for the whole run (no timers left behind)
    ticker.start()

    def wait_until(condition, timeout_s: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout_s
        while not condition() and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        return condition()

    def views_let_go() -> int:
        """Views the router dropped that the window has not deleted yet (it may delete them later)."""
        children = window.stack.findChildren(BrowseView, options=Qt.FindChildOption.FindDirectChildrenOnly)
        return sum(1 for view in children if shiboken6.isValid(view) and window.stack.indexOf(view) < 0)

    def settle() -> float:
        """What the app would have done by the next idle moment: deferred deletes (waiting for views
        the window deletes later), a full collection. Returns the seconds the window took to delete."""
        wait_until(lambda: covers.pending == 0, 30)
        began = time.perf_counter()
        wait_until(lambda: (QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
                            or views_let_go() <= 0), 60)
        waited = time.perf_counter() - began
        for _ in range(3):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            app.processEvents()
            gc.collect()
        return waited

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
        let_go = views_let_go()
        waited = settle()
        rss, anon, file_ = _memory()
        trimmed = _rss_after_trim() if args.trim else float("nan")
        pixmaps = sum(1 for o in gc.get_objects() if type(o) is QPixmap)
        images = sum(1 for o in gc.get_objects() if type(o) is QImage)
        row = {"label": label, "rss": rss, "paint": repaint_ms(), "anon": anon, "file": file_, "trimmed": trimmed,
               "cache_n": len(covers._cache), "cache_mb": covers.memory_used / 2**20,
               "cache_cap": covers.memory_bytes / 2**20, "routed": sum(1 for _ in window.router.views()),
               "alive": live_views(), "stack": window.stack.count(), "pixmaps": pixmaps, "images": images,
               "asked": covers.requests, "downloaded": downloads[0], "let_go": let_go, "waited": waited}
        if args.attribute:
            row["holders"] = _holders()
        return row

    rows = [snapshot("after start")]
    done, seconds = open_pages(first)
    rows.append(snapshot(f"after {args.pages} pages"))
    before_types = _types()
    before_refs = _weak_referents()
    before_trace = _trace() if args.trace_python else None
    done2, seconds2 = open_pages(second)
    rows.append(snapshot(f"after another {args.pages}"))
    after_types = _types()
    after_refs = _weak_referents()
    after_trace = _trace() if args.trace_python else None
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
    if args.attribute:
        names = [n for n in rows[0]["holders"] if not n.startswith("free@")]
        print("who holds it (MB; C heap = glibc's mallinfo2 over all arenas, in use / kept free / mmapped):")
        print(f"{'':<22}" + "".join(f"{name:>{max(9, len(name) + 2)}}" for name in names))
        for r in rows:
            print(f"{r['label']:<22}" + "".join(f"{r['holders'][n]:>{max(9, len(n) + 2)}.1f}" for n in names))
        arenas = sorted((rows[2]["holders"].get(n, 0) - rows[1]["holders"].get(n, 0), n)
                        for n in rows[2]["holders"] if n.startswith("free@"))[::-1][:6]
        print(f"free bytes kept by arena (MB), the six that grew most over the second {args.pages}:")
        for r in rows:
            print(f"{r['label']:<22}" + "".join(f"{n:>9}{r['holders'].get(n, 0):>6.1f}" for _, n in arenas))
    if args.trace_python:
        print(f"Python lines that grew over the second {args.pages} (tracemalloc, top {args.top}):")
        for stat in after_trace.compare_to(before_trace, "lineno")[:args.top]:
            print(f"  {stat.size_diff / 1024:+9.1f} KB {stat.count_diff:+6d}  {stat.traceback[0]}")
    print("views dropped and not deleted yet when each round ended, and the seconds until the window had "
          "deleted them: " + ", ".join(f"{r['label']} {r['let_go']} ({r['waited']:.1f} s)" for r in rows))
    print("covers loaded (from the disk cache or the store) / downloaded from the store, per round: "
          + ", ".join(f"{r['label']} {r['asked'] - p['asked']}/{r['downloaded'] - p['downloaded']}"
                      for p, r in itertools.pairwise(rows)))
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


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                      "fsmblks", "uordblks", "fordblks", "keepcost")]


def _holders() -> dict[str, float]:
    """Memory by holder in MB: the C heap (in use, free but kept, mmapped), SQLite's own allocations,
    Python's traced allocations, the store's render-cache entries (a count) and the threads."""
    import threading
    import tracemalloc

    out: dict[str, float] = {}
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = _MallInfo2
        info = libc.mallinfo2()
        out["heap used"] = info.uordblks / 2**20
        out["heap free"] = info.fordblks / 2**20
        out["mmapped"] = info.hblkhd / 2**20
        free_by_arena = _arenas(libc)
        out["arenas"] = float(len(free_by_arena))
        out.update({f"free@{n}": free for n, free in enumerate(free_by_arena)})
    except (OSError, AttributeError):
        pass
    try:
        sqlite = ctypes.CDLL("libsqlite3.so.0")        # the library _sqlite3 links: the same one, loaded once
        sqlite.sqlite3_memory_used.restype = ctypes.c_int64
        out["sqlite"] = sqlite.sqlite3_memory_used() / 2**20
    except (OSError, AttributeError):
        pass
    if tracemalloc.is_tracing():     # includes the snapshot taken after the first round, while it is kept
        out["python"] = tracemalloc.get_traced_memory()[0] / 2**20
    else:                            # pymalloc's blocks (small objects), at their typical 64 bytes
        out["py blocks"] = sys.getallocatedblocks() * 64 / 2**20
    out["lru n"] = float(sum(fn.cache_info().currsize for fn in _store_caches()))
    xmlout = sys.modules.get("app.sandbox.xmlout")
    rendered = getattr(xmlout, "_rendered", None)
    if rendered is not None:           # the store's rendered items: how many, and their text
        out["items n"] = float(len(rendered))
        out["items"] = sum(sys.getsizeof(text) for text in list(rendered.values())) / 2**20
    out["threads"] = float(threading.active_count())
    return out


def _arenas(libc) -> list[float]:
    """Free bytes (MB) kept by each malloc arena (malloc_info's XML, one <heap> per arena; 0 is the
    main thread's, the others are shared by the threads as glibc hands them out)."""
    import re
    with tempfile.TemporaryFile() as file:
        libc.fdopen.restype = ctypes.c_void_p       # a FILE*: the default int would cut it to 32 bits
        stream = libc.fdopen(os.dup(file.fileno()), b"w")
        libc.malloc_info(0, ctypes.c_void_p(stream))
        libc.fclose(ctypes.c_void_p(stream))
        file.seek(0)
        heaps = re.findall(rb"<heap nr=.*?</heap>", file.read(), re.DOTALL)
    return [sum(int(size) for size in re.findall(rb'<total type="(?:fast|rest)" count="\d+" size="(\d+)"', heap))
            / 2**20 for heap in heaps]


def _store_caches() -> list:
    """The embedded store's lru_cache'd functions (rendered fragments, charts)."""
    import functools

    found = []
    for name, module in list(sys.modules.items()):
        if name.startswith("app.sandbox") and module is not None:
            # By type: a getattr() on every module global would wake lazily imported modules (+16 MB).
            found += [fn for fn in vars(module).values() if isinstance(fn, functools._lru_cache_wrapper)
                      and fn.__module__ == name]
    return found


def _trace():
    import tracemalloc
    gc.collect()
    return tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])


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
