"""Entry point: parse arguments, build the parts (app/composition.py), show the window, run.

The window is shown first; the embedded store (or the keyring, for a real service) is reached
afterwards on a worker thread, so start-up never waits on disk, network or catalogue building.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

from app import __version__

_T0 = time.perf_counter()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="sevendigital-browser",
        description="Browse the 7digital music store, preview tracks, keep a basket and check out. "
                    "Without a consumer key it opens on the embedded store.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("link", nargs="?", metavar="LINK",
                        help="a 7digital web link (https://www.7digital.com/artist/…/release/…) or an app "
                             "location (release:123, artist:45) to open; a running app opens it in its window")
    parser.add_argument("--api-url", metavar="URL", help="base URL of a 7digital API service "
                        "(e.g. https://api.7digital.com/1.2/); for this run only")
    parser.add_argument("--consumer-key", metavar="KEY", help="your 7digital consumer key")
    parser.add_argument("--consumer-secret", metavar="SECRET",
                        help="your consumer secret (for previews and sign-in; never written to disk; "
                             "save it from Settings to keep it in the keyring)")
    parser.add_argument("--country", metavar="CC", help="store country, e.g. GB, US, DE, FR")
    parser.add_argument("--language", metavar="LANG",
                        help="show the app in this language, e.g. de or en (default: the system's)")
    parser.add_argument("--debug", action="store_true", help="log debugging detail to stderr")
    parser.add_argument("--quit-after", type=int, metavar="MS", default=None,
                        help=argparse.SUPPRESS)  # smoke tests: start, show, quit cleanly
    parser.add_argument("--print-startup", action="store_true",
                        help=argparse.SUPPRESS)  # bench: print when the window was first shown
    args = parser.parse_args(argv)
    if args.country:
        from app.settings.store import COUNTRIES, country_code   # the one check, where it enters
        if country_code(args.country) is None:
            parser.error(f"--country takes one of the store countries: {' '.join(COUNTRIES)}")
        args.country = country_code(args.country)
    if args.link is not None:
        from app.services.store_urls import parse_store_link
        args.link = args.link.strip()
        if parse_store_link(args.link) is None:
            parser.error(f"not a 7digital link or location: {args.link[:200]!r}")
    if bool(args.api_url) != bool(args.consumer_key):
        parser.error("--api-url and --consumer-key go together")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    _probe_pyside_use_without_linecache()
    from app.services.single_instance import InstanceServer, Launch, claim
    from app.settings.paths import data_dir

    profile = data_dir()
    profile_lock = claim(profile)
    if profile_lock is None:            # the app already runs on this profile: hand over, don't open a second window
        return _hand_over(profile, Launch(args.link))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.settings.logs import configure_logging

    configure_logging(debug=args.debug)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("7digital Browser")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("net.sevendigitalbrowser.Browser")
    from app.composition import Paths, build
    from app.settings.store import SettingsStore
    from app.ui.translations import use_language

    paths = Paths.for_user()
    settings = SettingsStore(paths.settings)
    use_language(app, args.language or settings.language)
    parts = build(args, paths, settings=settings, defer_extras=True)
    window = parts.window
    window.show()
    if args.print_startup:
        QTimer.singleShot(0, lambda: print(f"window shown after {(time.perf_counter() - _T0) * 1000:.0f} ms",
                                           flush=True))
    instance: list = []

    def serve_later_launches() -> None:       # after the first paint; a later launch waits for it (hand_over)
        server = InstanceServer(profile, profile_lock, parent=app)
        server.launched.connect(parts.take_launch)
        server.listen()
        instance.append(server)

    def after_first_paint() -> None:
        parts.connect()
        serve_later_launches()
        # The client library and the shopping parts take ~0.5 s to import: a detached worker does
        # that while the window is already up, then they are installed on the GUI thread.
        parts.import_extras_then_install()

    # Workers started before the window is on screen (the embedded store's start, the extras'
    # imports) take the CPU and the GIL from its first paint: measured with bench/startup.py.
    _once_painted(window, after_first_paint)
    if args.link:
        parts.open_link(args.link)
    if args.quit_after is not None:
        QTimer.singleShot(args.quit_after, window.close)
    wakeup = _close_on_signals(window)     # noqa: F841 - kept alive until exit
    code = app.exec()
    parts.shutdown()
    for server in instance:
        server.close()
    profile_lock.release()
    _end_process(code)
    return code     # not reached


def _end_process(code: int) -> None:
    """End the process without Python's finalization, once everything the app keeps is written.

    Detached workers may still run Python at quit (the extras' imports in the first second, a first
    start's catalogue build), and finalizing the interpreter under them crashed: 1 quit in 30-50 within
    0.4 s of start was a segfault (a core showed a worker importing a PySide6 module, building its enums,
    while Py_FinalizeEx collected garbage). Parts.shutdown has saved the settings, basket and sign-in;
    the atexit handlers (logging's flush, the settings store's) run here as they would have."""
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _probe_pyside_use_without_linecache() -> None:
    """PySide6 asks, after every import, whether the new module uses PySide6 (for its `__feature__`
    switches) with inspect.getsource(module): that reads the module's source into linecache and keeps
    it, for every module imported after PySide6 (~440 files, 16 MB of str objects 2 s after start,
    measured). The same question is answered here from the file's bytes, which are not kept."""
    import linecache

    import PySide6  # noqa: F401 - loads shiboken's support modules, the hook among them

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if not callable(original):          # another PySide6 version: leave it as it is
        return

    def uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:                 # e.g. a module in a zip: the loader knows its source
            return original(module)

    feature._mod_uses_pyside = uses_pyside
    linecache.clearcache()              # what PySide6's own imports put there (tracebacks read again)


def _once_painted(window, then, fallback_ms: int = 1000) -> None:
    """Call `then` once, right after the window's first paint (or after `fallback_ms` if no paint
    comes, e.g. a window shown minimised)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                fire()
            return False

    done: list = []

    def fire() -> None:
        if done:
            return
        done.append(True)
        window.removeEventFilter(watcher)
        QTimer.singleShot(0, then)      # after this paint has reached the screen

    watcher = FirstPaint(window)
    window.installEventFilter(watcher)
    QTimer.singleShot(fallback_ms, fire)


def _close_on_signals(window) -> tuple | None:
    """SIGTERM (a session logging out, `kill`) and SIGINT (Ctrl+C in a terminal) close the window as the
    user would: the basket is flushed, window state saved, the profile lock released.

    Python runs signal handlers only between bytecodes, never inside Qt's event loop, so the signal
    wakes a socket that Qt watches (signal.set_wakeup_fd) and the handler runs from there."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    if sys.platform == "win32":
        return None
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, window)

    def on_wakeup() -> None:
        try:
            reader.recv(64)
        except OSError:
            pass
        window.close()

    notifier.activated.connect(on_wakeup)
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: None)      # the wakeup fd does the work
    return reader, writer, notifier


def _hand_over(profile, launch) -> int:
    from app.services.single_instance import hand_over

    if hand_over(profile, launch):
        print("7digital Browser is already running" + (": the link was opened there." if launch.link
              else "; its window was brought to the front."), file=sys.stderr)
        return 0
    print(f"7digital Browser is already running for {profile} but does not answer; close it "
          "(or end its process) and start again.", file=sys.stderr)
    return 1
