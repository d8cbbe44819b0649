"""Entry point: parse arguments, build the parts (app/composition.py), show the window, run.

The window is shown first; the embedded store (or the keyring, for a real service) is reached
afterwards on a worker thread, so start-up never waits on disk, network or catalogue building.
"""
from __future__ import annotations

import argparse
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
    if bool(args.api_url) != bool(args.consumer_key):
        parser.error("--api-url and --consumer-key go together")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
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
    QTimer.singleShot(0, parts.connect)        # after the first paint
    # The client library and the shopping parts take ~0.5 s to import: a detached worker does that
    # while the window is already up, then they are installed on the GUI thread.
    parts.import_extras_then_install()
    if args.quit_after is not None:
        QTimer.singleShot(args.quit_after, window.close)
    code = app.exec()
    parts.shutdown()
    return code
