"""UI responsiveness: a scripted browsing session on the embedded store, with a heartbeat on the GUI thread.

Prints:
* the longest UI-thread stall (worst lateness of a 5 ms heartbeat timer; target <= 16 ms) during a
  session with 200 ms injected latency: search as you type, page through results, open 10 releases
  and wait for their covers, search again, open 5 artist pages (not with --no-artists);
* debounce fired -> results painted, p50/p95 over 20 queries on the default catalogue without
  injected latency (target p95 <= 30 ms), and the same with 200 ms latency for reference;
* cold start to window shown (a fresh `python -m app` process; median of 3), in English and German;
* RSS after the session.

With `--busy`, the session runs while the store encodes preview clips one after another (each a clip
it has not made: lameenc in the store's threads) and the app's DownloadManager downloads 10 MB tracks
(two at a time, the Downloads dock's model updating) from a loopback server. The clips an earlier run
made are deleted from the store's cache first, so every run encodes them.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/ui_stall.py [--catalogue default|small] [--busy]
     [--trace-stalls | --trace-turns] [--no-cold-start] [--app /path/to/other/checkout]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ARTIST_PAGES = 5         # opened after the releases, from the paged results' artists
QUERIES = ("love", "the", "night", "blue", "dream", "river", "fire", "gold", "heart", "moon", "sun", "road",
           "rain", "wild", "city", "song", "summer", "light", "dance", "soul")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", default="default")
    parser.add_argument("--latency", type=int, default=200, help="injected latency for the session (ms)")
    parser.add_argument("--switch-interval", type=float, default=None,
                        help="override the GIL switch interval the app sets (seconds), to compare")
    parser.add_argument("--trace-stalls", action="store_true",
                        help="print where the GUI thread was during the worst stalls over 20 ms, and the "
                             "events its busiest turns went on")
    parser.add_argument("--trace-turns", action="store_true",
                        help="print the busiest GUI-thread turns with the Python work in them (task callbacks, "
                             "page steps, collections) and no per-event filter: a lighter --trace-stalls")
    parser.add_argument("--busy", action="store_true",
                        help="encode preview clips and download tracks through the session")
    parser.add_argument("--no-cold-start", action="store_true", help="skip the cold start runs")
    parser.add_argument("--store-process", action="store_true",
                        help="the store in its own process (python -m app.sandbox) rather than the GUI's")
    parser.add_argument("--no-artists", action="store_true",
                        help="leave out the artist pages at the session's end (the session before they were added)")
    parser.add_argument("--app", type=Path, default=None,
                        help="measure the app of another checkout (e.g. /work/base) with this script")
    args = parser.parse_args()
    if args.app is not None:
        sys.path.insert(0, str(args.app.resolve()))

    skip = args.no_cold_start
    cold = [float("nan")] if skip else cold_start_ms()
    cold_german = [float("nan")] if skip else cold_start_ms(extra=("--language", "de"))
    from PySide6.QtCore import QElapsedTimer, QEvent, QEventLoop, QObject, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from app.api import StoreClient
    from app.composition import Paths, build
    from app.main import parse_args
    from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, SandboxServer
    print(f"app: {Path(sys.modules['app'].__file__).resolve().parents[1]}")
    app = QApplication.instance() or QApplication([])
    started = time.perf_counter()
    server = (StoreProcess(args.catalogue) if args.store_process
              else SandboxServer(port=0, catalogue=args.catalogue).start())
    print(f"embedded store ({args.catalogue}) up in {(time.perf_counter() - started) * 1000:.0f} ms")
    client = StoreClient(server.url, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, country="GB", timeout=10)
    spy = TurnSpy(app, events=args.trace_stalls) if args.trace_stalls or args.trace_turns else None
    parts = build(parse_args([]), Paths.under(Path(tempfile.mkdtemp(prefix="ui-stall-"))))
    parts.store.set_client(client)
    parts.collect_when_idle()                 # as main() does once the window is up
    if args.switch_interval is not None:
        sys.setswitchinterval(args.switch_interval)
    print(f"GIL switch interval: {sys.getswitchinterval() * 1000:g} ms")
    window = parts.window
    window.resize(1280, 800)
    window.show()

    def wait_until(condition, timeout_s: float = 30.0) -> bool:
        loop = QEventLoop()
        check = QTimer(interval=2)
        check.timeout.connect(lambda: condition() and loop.quit())
        check.start()
        QTimer.singleShot(int(timeout_s * 1000), loop.quit)
        if not condition():
            loop.exec()
        check.stop()
        return condition()

    # -- heartbeat: how late the GUI thread gets to a 5 ms timer ----------------------------
    class Heartbeat(QObject):
        def __init__(self):
            super().__init__()
            self.clock = QElapsedTimer()
            self.timer = QTimer(self, interval=5)
            self.timer.setTimerType(Qt.TimerType.PreciseTimer)
            self.timer.timeout.connect(self.tick)
            self.lateness: list[float] = []
            self.busy: list[float] = []          # GUI-thread CPU time between two beats (ms)
            self.last = 0
            self.last_cpu = 0.0

        def start(self):
            self.lateness.clear()
            self.busy.clear()
            self.clock.start()
            self.last = self.clock.nsecsElapsed()
            self.last_cpu = time.thread_time()
            self.timer.start()

        def tick(self):
            now, cpu = self.clock.nsecsElapsed(), time.thread_time()
            self.lateness.append(max(0.0, (now - self.last) / 1e6 - 5.0))
            self.busy.append((cpu - self.last_cpu) * 1000)
            if spy is not None:
                spy.turn_ended(cpu, self.busy[-1], self.lateness[-1])
            self.last, self.last_cpu = now, cpu

    # -- debounce fired -> release grid painted -----------------------------------------------
    class PaintWatch(QObject):
        def __init__(self, widget):
            super().__init__()
            self.fired_at = None
            self.arrived = False
            self.arrived_at = None
            self.samples: list[float] = []
            self.ui_samples: list[float] = []     # results delivered -> painted (the UI's own share)
            widget.installEventFilter(self)

        def on_fired(self, _query):
            self.fired_at, self.arrived = time.perf_counter(), False

        def on_results(self, _query, kind, _page):
            if kind == "releases":
                self.arrived, self.arrived_at = True, time.perf_counter()

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and self.arrived and self.fired_at is not None:
                now = time.perf_counter()
                self.samples.append((now - self.fired_at) * 1000)
                self.ui_samples.append((now - self.arrived_at) * 1000)
                self.fired_at, self.arrived = None, False
            return False

    view = window.search_view
    watch = PaintWatch(view.release_grid.viewport())
    parts.search.request_started.connect(watch.on_fired)
    parts.search.results_ready.connect(watch.on_results)
    wait_until(lambda: window.current_view is not None and window.current_view.title == "Home", 10)

    def run_queries(queries):
        watch.samples.clear()
        for query in queries:
            before = len(watch.samples)
            window.search_box.setText(query)
            window.search_box.textEdited.emit(query)
            wait_until(lambda before=before: len(watch.samples) > before and not parts.search._tokens, 30)
        return list(watch.samples)

    def pct(values, p):
        values = sorted(values)
        return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]

    run_queries(QUERIES[:3])                                # warm caches and code paths
    watch.ui_samples.clear()
    fast = run_queries(QUERIES)
    fast_ui = list(watch.ui_samples)
    raw = []                                                # the store alone: the same searches, no UI
    for query in QUERIES:
        began = time.perf_counter()
        client.search_releases(query, 1, parts.search.page_size)
        raw.append((time.perf_counter() - began) * 1000)

    # -- the session, with injected latency -----------------------------------------------------
    if args.store_process:          # latency is fixed at its start: a second store for the session
        server.stop()
        server = StoreProcess(args.catalogue, args.latency)
        client = StoreClient(server.url, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, country="GB", timeout=10)
        parts.store.set_client(client)
    else:
        server.faults.latency(args.latency)
    busy = Busy(client, parts.downloads, getattr(getattr(server, "app", None), "media", None)) if args.busy else None
    if spy is not None:
        spy.marks.clear()
        spy.calls.clear()
    beat = Heartbeat()
    beat.start()
    tracer = StallTracer(beat) if args.trace_stalls else None
    session_started = time.perf_counter()
    window.search_box.clear()
    watch.samples.clear()
    slow_samples = []
    for word in ("lo", "love"):                           # typed, with a pause mid-word
        for position in range(len(window.search_box.text()), len(word)):
            window.search_box.setText(word[: position + 1])
            window.search_box.textEdited.emit(word[: position + 1])
            wait_until(lambda: False, 0.08)               # 80 ms between keystrokes
        wait_until(lambda: not parts.search._tokens and bool(watch.samples), 30)
    slow_samples.extend(watch.samples)
    releases = view.models["releases"]
    grid = view.release_grid
    for _ in range(3):                                    # page through the results
        have = releases.rowCount()
        if have >= releases.total:
            break
        grid.verticalScrollBar().setValue(grid.verticalScrollBar().maximum())
        wait_until(lambda have=have: releases.rowCount() > have, 30)
        wait_until(lambda: parts.covers.pending == 0, 30)
    paged = releases.rowCount()
    opened = 0
    for release in releases.records()[:10]:               # open 10 releases, covers and all
        window.open(f"release:{release.id}")
        page = window.current_view
        wait_until(lambda page=page: page.release is not None and page.tracks.rowCount() > 0, 30)
        wait_until(lambda page=page: page.cover.has_cover or not page.release.image, 30)
        opened += 1
    slow_samples += run_queries(QUERIES[:5])
    artists, artist_beats = 0, len(beat.busy)
    if not args.no_artists:     # after the old steps, which stay as they were: artist pages, image and all
        seen = []
        for release in releases.records():
            if release.artist is not None and release.artist.id not in seen:
                seen.append(release.artist.id)
        for artist_id in seen[:ARTIST_PAGES]:
            window.open(f"artist:{artist_id}")
            page = window.current_view
            wait_until(lambda page=page: page.artist is not None and page.releases.rowCount() > 0
                       and not page.releases.loading and not page.top_tracks.loading, 30)
            wait_until(lambda page=page: page.image.has_cover or not page.artist.image, 30)
            artists += 1
    session_s = time.perf_counter() - session_started
    beat.timer.stop()
    paged = max(paged, releases.rowCount())
    worst = max(beat.lateness) if beat.lateness else 0.0
    if tracer is not None:
        tracer.stop()
    if spy is not None:
        spy.report()
    if busy is not None:
        busy.stop()

    rss_mb = _rss_mb()
    window.close()
    parts.shutdown()
    server.stop()

    print(f"session: search as you type, {paged} results paged, {opened} releases opened, "
          f"{artists} artist pages opened, {args.latency} ms injected latency, {session_s:.1f} s, "
          f"{len(beat.lateness)} heartbeats")
    if busy is not None:
        print(f"  meanwhile: {busy.clips} preview clips encoded by the store, {busy.downloaded()} tracks "
              f"of 10 MB downloaded")
    print(f"longest UI-thread stall: {worst:.1f} ms (p99 {pct(beat.lateness, 99):.1f} ms; target <= 16 ms)")
    # The GUI thread's own CPU time between two beats: the work of one turn, without the time it
    # waited for a core (a shared machine) or for the GIL (other threads), which a stall includes.
    print(f"  GUI-thread CPU between two beats: longest {max(beat.busy, default=0.0):.1f} ms "
          f"(p99 {pct(beat.busy, 99) if beat.busy else 0.0:.1f} ms)")
    # Steadier than the longest on a shared machine: the whole session's GUI work, and how often a
    # turn's own work was over a frame.
    print(f"  GUI-thread CPU over the session: {sum(beat.busy):.0f} ms; turns over 16 ms of CPU: "
          f"{sum(busy > 16 for busy in beat.busy)}, late over 16 ms: {sum(late > 16 for late in beat.lateness)}")
    if artists:
        before, during = beat.busy[:artist_beats], beat.busy[artist_beats:]
        print(f"  GUI CPU per turn before the artist pages: longest {max(before, default=0.0):.1f} ms "
              f"(p99 {pct(before, 99) if before else 0.0:.1f}); on the artist pages: longest "
              f"{max(during, default=0.0):.1f} ms (p99 {pct(during, 99) if during else 0.0:.1f})")
    print(f"debounce fired -> results painted, {len(fast)} queries, no injected latency: "
          f"p50 {statistics.median(fast):.1f} ms, p95 {pct(fast, 95):.1f} ms (target p95 <= 30 ms)")
    print(f"  of which: release/search round trip alone (no UI) p50 {statistics.median(raw):.1f} ms, "
          f"p95 {pct(raw, 95):.1f} ms; results delivered -> painted p50 {statistics.median(fast_ui):.1f} ms, "
          f"p95 {pct(fast_ui, 95):.1f} ms")
    if slow_samples:
        print(f"debounce fired -> results painted with {args.latency} ms latency: "
              f"p50 {statistics.median(slow_samples):.1f} ms, p95 {pct(slow_samples, 95):.1f} ms")
    print(f"cold start to window shown: median {statistics.median(cold):.0f} ms "
          f"(runs: {', '.join(f'{c:.0f}' for c in cold)})")
    print(f"cold start in German (--language de): median {statistics.median(cold_german):.0f} ms "
          f"(runs: {', '.join(f'{c:.0f}' for c in cold_german)})")
    print(f"RSS after the session: {rss_mb:.0f} MB")
    return 0


class StoreProcess:
    """`python -m app.sandbox` on a free port: the store off the GUI's GIL and heap."""

    def __init__(self, catalogue: str, latency_ms: int = 0):
        self._proc = subprocess.Popen([sys.executable, "-m", "app.sandbox", "--port", "0", "--catalogue", catalogue,
                                       "--latency-ms", str(latency_ms)],
                                      cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.url = self._proc.stdout.readline().strip()

    def stop(self) -> None:
        self._proc.terminate()
        self._proc.wait(30)


class Busy:
    """Background work of a real session: the store making preview clips, tracks downloading."""

    def __init__(self, client, downloads, media=None):
        import threading
        import urllib.request

        from app.downloads.jobs import TrackInfo, new_job
        from bench.downloads import MB, _mp3, _serve
        self.clips, self._running, self._downloads = 0, True, downloads
        ids = [t.id for t in client.search_tracks("the", page_size=50).items]

        def encode() -> None:     # each clip one the store has not made: it encodes the whole 30 s
            for track_id in ids:
                if not self._running:
                    return
                if media is not None:   # made by an earlier run: the store's cache outlives it
                    clips = media.clips
                    clips.cache.path(clips._relative(int(track_id))).unlink(missing_ok=True)
                try:
                    with urllib.request.urlopen(client.preview_url(track_id), timeout=30) as answer:
                        answer.read()
                except OSError:         # a track without a preview here: on to the next
                    continue
                self.clips += 1
        self._encoder = threading.Thread(target=encode, daemon=True)
        self._encoder.start()
        self._httpd, base = _serve(_mp3(10 * MB))
        self._folder = Path(tempfile.mkdtemp(prefix="ui-stall-music-"))
        if downloads is not None:
            downloads.add([new_job(TrackInfo(release_id="bench", track_id=str(n), title=f"Track {n}", artist="Bench",
                                             album="Busy", track_number=n),
                                   f"{base}/bench-{n}?oauth_signature=x", self._folder) for n in range(1, 41)])

    def downloaded(self) -> int:
        if self._downloads is None:
            return 0
        return sum(j.state.value == "done" for j in self._downloads.jobs() if j.info.release_id == "bench")

    def stop(self) -> None:
        self._running = False
        self._encoder.join(60)
        self._httpd.shutdown()


class TurnSpy:
    """What the GUI thread spent its CPU on between two heartbeats, by event (type and receiver).

    An application event filter sees every event of a main-thread object as it starts; the GUI
    thread's CPU time from one event's start to the next is put down to the first (nested events
    to the innermost). Qt's own work shows this way too, which the Python stacks of StallTracer
    cannot show (they only say "in the event loop")."""

    def __init__(self, app, keep: int = 12, events: bool = True):
        import gc

        from PySide6.QtCore import QObject

        from app.services.tasks import TaskRunner
        from app.ui.delegates import CardView
        from app.ui.main_window import MainWindow
        from app.ui.page_turns import BuiltInTurns
        from app.ui.track_table import TrackTable
        from app.ui.views import Router

        marks: list[tuple[float, int, str]] = []
        self.marks, self.keep, self.turns = marks, keep, []
        # Python work inside a turn, inclusive (task callbacks, page-building steps, collections):
        # what the events above are spent on.
        calls: list[tuple[str, float]] = []
        self.calls = calls

        def timed(name_of, method):
            def wrapper(*args):
                name, began = name_of(*args), time.thread_time()
                try:
                    return method(*args)
                finally:
                    calls.append((name, (time.thread_time() - began) * 1000))
            return wrapper

        def callback_name(runner, token, _value):
            callback = runner._pending.get(token, (None,))[0]
            return "task " + getattr(callback, "__qualname__", repr(callback))

        for owner, method in ((MainWindow, "_on_navigator_location_changed"), (MainWindow, "_drop_view"),
                              (MainWindow, "_show_view"), (Router, "view_for")):
            setattr(owner, method, timed(lambda *_args, method=method: method, getattr(owner, method)))
        for view in (TrackTable, CardView):     # their paints: most of what a page's first paint holds
            view.paintEvent = timed(lambda self, _event: f"paint {type(self).__name__}", view.paintEvent)
        # Made before build(): a runner's relay holds the bound methods it was connected to.
        TaskRunner._on_succeeded = timed(callback_name, TaskRunner._on_succeeded)
        TaskRunner._on_failed = timed(callback_name, TaskRunner._on_failed)
        BuiltInTurns._build_next = timed(
            lambda page: f"build {type(page).__name__}." + getattr(
                (page.__dict__.get("_build_steps") or [None])[0], "__name__", "?"), BuiltInTurns._build_next)
        gc_began: list[float] = []

        def on_gc(phase, info):
            if phase == "start":
                gc_began.append(time.thread_time())
            elif gc_began:
                calls.append((f"gc gen{info['generation']} ({info['collected']} freed)",
                              (time.thread_time() - gc_began.pop()) * 1000))
        gc.callbacks.append(on_gc)

        class Filter(QObject):
            def eventFilter(self, receiver, event):
                name = type(receiver).__name__
                if receiver.objectName() == "qt_scrollarea_viewport" and receiver.parent() is not None:
                    name = f"{type(receiver.parent()).__name__}.viewport"
                marks.append((time.thread_time(), int(event.type()), name))
                return False

        self._filter = Filter()
        if events:
            app.installEventFilter(self._filter)

    def turn_ended(self, cpu_now: float, busy_ms: float, late_ms: float) -> None:
        marks, self.marks[:] = list(self.marks), []
        calls, self.calls[:] = sorted(self.calls, key=lambda call: -call[1])[:4], []
        if len(self.turns) >= self.keep and busy_ms <= self.turns[-1][0]:
            return
        spent: dict[tuple[int, str], float] = {}
        for (start, kind, name), (end, _k, _n) in zip(marks, marks[1:] + [(cpu_now, 0, "")]):
            spent[(kind, name)] = spent.get((kind, name), 0.0) + (end - start) * 1000
        self.turns.append((busy_ms, late_ms, sorted(spent.items(), key=lambda item: -item[1])[:5], calls))
        self.turns.sort(key=lambda turn: -turn[0])
        del self.turns[self.keep:]

    def report(self) -> None:
        from PySide6.QtCore import QEvent

        print("--- the busiest GUI-thread turns (CPU ms; late ms) and the events they went on:", file=sys.stderr)
        for busy_ms, late_ms, spent, calls in self.turns:
            parts = []
            for (kind, name), ms in spent:
                try:
                    kind_name = QEvent.Type(kind).name
                except ValueError:
                    kind_name = str(kind)
                parts.append(f"{ms:.1f} {kind_name} {name}")
            print(f"  {busy_ms:5.1f} ({late_ms:5.1f}): " + "; ".join(parts), file=sys.stderr)
            if calls:
                print("         in Python, inclusive: " + "; ".join(f"{ms:.1f} {name}" for name, ms in calls),
                      file=sys.stderr)


class StallTracer:
    """A watchdog thread sampling the GUI thread's Python stack while the heartbeat is late."""

    def __init__(self, beat, threshold_ms: float = 20.0):
        import threading
        self._beat, self._threshold = beat, threshold_ms
        self._main = threading.main_thread().ident
        self._running = True
        self.stalls: dict[int, list] = {}      # heartbeat epoch -> [(late_ms, stack)]
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self, worst: int = 3):
        self._running = False
        self._thread.join()
        ranked = sorted(self.stalls.values(), key=lambda samples: -samples[-1][0])[:worst]
        for samples in ranked:
            print(f"--- stall of {samples[-1][0]:.0f}+ ms, {len(samples)} samples; GUI thread was in:",
                  file=sys.stderr)
            from collections import Counter
            for stack, count in Counter(stack for _, stack in samples).most_common(4):
                print(f"  [{count}x]\n{stack}", file=sys.stderr)

    def _run(self):
        import traceback
        while self._running:
            time.sleep(0.003)
            epoch = self._beat.last
            late = (self._beat.clock.nsecsElapsed() - epoch) / 1e6
            if late > self._threshold:
                frame = sys._current_frames().get(self._main)
                stack = "".join(traceback.format_stack(frame, limit=6)[-4:]) if frame else "?"
                self.stalls.setdefault(epoch, []).append((late, stack))


def cold_start_ms(runs: int = 3, extra: tuple[str, ...] = ()) -> list[float]:
    """A fresh process each time: interpreter start to the main window shown."""
    results = []
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=tempfile.mkdtemp())
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "app", "--print-startup", "--quit-after", "300", *extra],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = proc.stdout.readline()
        shown = (time.perf_counter() - started) * 1000
        proc.wait(60)
        if "window shown" in line:
            results.append(shown)
    return results or [float("nan")]


def _rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    sys.exit(main())
