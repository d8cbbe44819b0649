"""Composition root: parse arguments, build the application and its parts, show the window.

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
    if args.country and (len(args.country) != 2 or not args.country.isalpha()):
        parser.error("--country takes a two-letter code such as GB or US")
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
    from app.settings.store import SettingsStore
    from app.ui.translations import use_language

    settings = SettingsStore()
    use_language(app, args.language or settings.language)
    parts = build(args, settings=settings, defer_extras=True)
    window = parts.window
    window.show()
    if args.print_startup:
        QTimer.singleShot(0, lambda: print(f"window shown after {(time.perf_counter() - _T0) * 1000:.0f} ms",
                                           flush=True))
    QTimer.singleShot(0, parts.connect)        # after the first paint
    # The client library and the shopping parts take ~0.5 s to import: a background thread does
    # that while the window is already up, then they are installed on the GUI thread.
    _import_then(parts, EXTRA_MODULES, lambda: (parts.install_extras(), parts.collect_when_idle()))
    if args.quit_after is not None:
        QTimer.singleShot(args.quit_after, window.close)
    code = app.exec()
    parts.shutdown()
    return code


# Imported off the GUI thread before install_extras runs (see main()).
EXTRA_MODULES = ("app.api", "app.ui.shopping", "app.ui.player_bar", "app.player.mpris")


def _import_then(parts: "Parts", modules, then) -> None:
    """Import `modules` on a daemon thread, then call `then()` on the GUI thread."""
    import importlib
    import threading

    from PySide6.QtCore import QObject, Qt, Signal

    class _Done(QObject):
        done = Signal()

    relay = _Done(parts.window)
    relay.done.connect(then, Qt.ConnectionType.QueuedConnection)

    def run() -> None:
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception:           # install_extras imports again and reports it properly
                break
        try:
            relay.done.emit()
        except RuntimeError:            # the window closed before the imports finished
            pass

    threading.Thread(target=run, name="import-extras", daemon=True).start()


class Parts:
    """Everything main() built, so other parts (player, basket) can be wired in one place."""

    def __init__(self, **parts):
        self.__dict__.update(parts)
        self._config = parts["config"]
        self.shopping = None
        self.collector = None
        self.player = None

    def install_extras(self) -> None:
        """Wire in the parts the browsing UI does not need to open: basket, sign-in, checkout.

        Tests get them from build() at once; main() calls this once the window is up.
        """
        if self.shopping is not None:
            return
        from app.basket.storage import BasketStorage
        from app.ui.shopping import install_shopping

        # Basket, sign-in, checkout, My music. Tests (own settings + client) keep their basket beside
        # their settings.
        storage = BasketStorage(self.settings.path.with_name("basket.json")) if self.test_client else None
        self.shopping = install_shopping(self.window, self.runner, self.catalogue, storage)
        self.player = install_player(self)

    def collect_when_idle(self) -> None:
        """Take Python's garbage collection off allocation moments (see services/collector.py)."""
        from app.services.collector import IdleCollector

        if self.collector is None:
            self.collector = IdleCollector(lambda: self.runner.busy or self.covers.pending > 0,
                                           parent=self.window).start()

    def connect(self) -> None:
        if self._config is not None:
            self.connection.connect_to(self._config)

    def apply_settings(self, values: dict, secrets) -> None:
        """Save what the Settings dialog returned (the secret to `secrets`, never to the settings
        file) and reconnect if the service changed."""
        from app.services.connection import ServiceConfig

        settings = self.settings
        secret = values.get("consumer_secret")
        changed = (values["api_url"], values["consumer_key"]) != (settings.api_url, settings.consumer_key) \
            or secret is not None
        settings.api_url, settings.consumer_key = values["api_url"], values["consumer_key"]
        if values.get("language", settings.language) != settings.language:
            settings.language = values["language"]
            from PySide6.QtCore import QCoreApplication
            self.window.show_message(QCoreApplication.translate(
                "Main", "The new language is used from the next start of the app."), 8000)
        if secret is not None:
            secrets.set("consumer_secret", secret)
        self.catalogue.set_country(values["country"])
        if changed:
            self._config = ServiceConfig(settings.api_url, settings.consumer_key, secret,
                                         secret_from_keyring=secret is None)
            self.connect()

    def shutdown(self) -> bool:
        """Stop the store and wait for workers, so nothing runs while Python shuts down."""
        self.search.cancel()
        self.connection.stop()       # a store still building its catalogue is left to its daemon thread
        idle = self.runner.wait_for_idle(5_000)
        idle = self.cover_runner.wait_for_idle(5_000) and idle
        self.guard.uninstall()
        if self.collector is not None:
            self.collector.stop()
        return idle


def build(args: argparse.Namespace, settings=None, client=None, defer_extras: bool = False) -> Parts:
    """Build settings, services, models and the window (the window is not shown yet).

    Tests pass their own `settings` (a tmp file) and `client` (on their sandbox); then
    nothing is started and the window opens on that client at once.
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QApplication

    from app.services.catalogue import Catalogue
    from app.services.connection import Connection, ServiceConfig
    from app.services.covers import CoverLoader, DiskCache
    from app.services.search import SearchController
    from app.services.tasks import TaskRunner
    from app.settings import paths
    from app.settings.store import SettingsStore
    from app.ui.crash_guard import CrashGuard
    from app.ui.errors import describe_error
    from app.ui.main_window import MainWindow
    from app.ui.search_view import SearchView
    from app.ui.theme import apply_theme
    from app.ui.views import ViewFactory
    from app.ui.window_state import WindowState

    app = QApplication.instance()
    # Workers (HTTP, XML, image decoding, and the embedded store itself) hold the GIL in turns;
    # hand it back every 1 ms instead of 5 so the GUI thread never queues long behind them.
    sys.setswitchinterval(0.001)
    apply_theme(app)
    settings = settings if settings is not None else SettingsStore()
    country = (args.country or settings.country).upper()
    runner = TaskRunner(max_threads=4)           # store requests
    cover_runner = TaskRunner(max_threads=3)     # cover art: never queues behind (or ahead of) pages
    catalogue = Catalogue(client, country)
    covers = CoverLoader(cover_runner, lambda url: catalogue.client.fetch_bytes(url),
                         disk=DiskCache(paths.cache_dir() / "covers"))
    search = SearchController(runner, {
        "artists": lambda q, page, size: catalogue.client.search_artists(q, page, size),
        "releases": lambda q, page, size: catalogue.client.search_releases(q, page, size),
        "tracks": lambda q, page, size: catalogue.client.search_tracks(q, page, size),
    })
    window_state = WindowState(settings)
    search_view = SearchView(search, covers, runner)
    factory = ViewFactory(catalogue, runner, covers, window_state)
    window = MainWindow(catalogue, runner, factory, search, search_view, window_state)
    guard = CrashGuard(window, window).install()

    if client is not None:
        config = None
    elif args.api_url:
        config = ServiceConfig(args.api_url, args.consumer_key, args.consumer_secret)
    elif settings.api_url and settings.consumer_key:
        config = ServiceConfig(settings.api_url, settings.consumer_key, secret_from_keyring=True)
    else:
        config = ServiceConfig()
    connection = Connection(runner, parent=window)
    connection.progress.connect(window.set_store_progress)
    connection.ready.connect(lambda client: (catalogue.set_client(client), window.set_store_ready()))
    connection.failed.connect(lambda exc: window.set_store_failed(describe_error(exc)))
    window.startup.retry_requested.connect(lambda: parts.connect())
    catalogue.country_changed.connect(lambda code: setattr(settings, "country", code))

    parts = Parts(app=app, settings=settings, runner=runner, cover_runner=cover_runner, catalogue=catalogue,
                  covers=covers, search=search, window=window, connection=connection, config=config,
                  guard=guard, test_client=client is not None)
    if not defer_extras:
        parts.install_extras()
    settings_action = QAction(QCoreApplication.translate("Main", "Settings…"), window,
                              shortcut=QKeySequence("Ctrl+,"))
    settings_action.triggered.connect(lambda: _edit_settings(parts))
    window.menu("File").insertAction(window.quit_action, settings_action)
    return parts


def install_player(parts: Parts):
    """Previews: player, bar, queue dock and MPRIS; without a multimedia backend, say so where the
    bar would be and switch the preview buttons off. Returns the PreviewPlayer or None."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QDockWidget, QLabel

    from app.player.backend import check_backend

    window = parts.window
    status = check_backend()
    if not status.available:
        window.set_previews_enabled(False)
        notice = QLabel(status.message, window, objectName="previews_off", wordWrap=True)
        window.set_player_bar(notice)
        window.show_message(status.message, 15_000)
        return None
    from app.player.mpris import MprisService
    from app.player.player import PreviewPlayer
    from app.ui.errors import describe_error
    from app.ui.player_bar import PlayerBar
    from app.ui.queue_view import QueueView

    catalogue = parts.catalogue
    player = PreviewPlayer(parts.runner, lambda track: catalogue.client.preview_url(track.id),
                           describe_error=describe_error, parent=window)
    window.set_player_bar(PlayerBar(player, parts.covers, window))
    dock = QDockWidget(QCoreApplication.translate("Main", "Queue"), window, objectName="queue_dock")
    dock.setWidget(QueueView(player))
    window.add_dock(dock, Qt.DockWidgetArea.RightDockWidgetArea)
    if parts.shopping is not None:      # a tab beside the basket: the browsing area keeps its width
        window.tabifyDockWidget(parts.shopping.panel, dock)
        parts.shopping.panel.raise_()
    window.preview_requested.connect(player.play)
    window.preview_all_requested.connect(player.play_all)
    window.preview_all_requested.connect(lambda _tracks: (dock.show(), dock.raise_()))   # show the queue
    player.playing_track_changed.connect(window.set_playing_track)
    player.clip_failed.connect(lambda _track, message: window.show_message(message, 8000))
    player.stalled.connect(lambda _track, message: window.show_message(message, 8000))
    # Inside exec(): the backend is destroyed from the event loop (see app/player/player.py).
    parts.app.aboutToQuit.connect(player.shutdown)
    MprisService(player, parent=player).start()
    return player


def _edit_settings(parts: Parts) -> None:
    from app.settings.secrets import SecretStore
    from app.ui.settings_dialog import SettingsDialog

    settings = parts.settings
    secrets = SecretStore()
    dialog = SettingsDialog(settings.api_url, settings.consumer_key, bool(secrets.get("consumer_secret")),
                            parts.catalogue.country, parts.window, language=settings.language)
    if dialog.exec() == SettingsDialog.DialogCode.Accepted:
        parts.apply_settings(dialog.values(), secrets)
