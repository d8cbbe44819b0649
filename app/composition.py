"""The composition root: every service, store, storage object and window is built here, once.

main.py parses arguments and runs the event loop; `build()` makes the parts and wires them. Tests
build the app through the same `build()`, with `Paths.under(tmp_path)` for their files, and then
hand the parts a client of their own sandbox with `parts.store.set_client(client)`.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel

from app.allocator import settle as settle_allocator
from app.services.catalogue import Catalogue
from app.services.connection import Connection, ServiceConfig
from app.services.countries import StoreCountries
from app.services.covers import CoverLoader, DiskCache, limit_image_allocations
from app.services.ownership import Availability, Ownership
from app.services.search import SearchController
from app.services.store import CurrentStore
from app.services.tasks import TaskRunner
from app.settings import paths as user_paths
from app.settings.secrets import SecretStore
from app.settings.store import SettingsStore, country_code
from app.ui.crash_guard import CrashGuard
from app.ui.main_window import MainWindow
from app.ui.navigation import HistoryStore
from app.ui.theme import apply_theme
from app.ui.view_base import ViewServices
from app.ui.views import Router, is_location
from app.ui.window_state import WindowState

# Imported off the GUI thread before install_extras runs (see main.main()).
EXTRA_MODULES = ("app.api", "app.ui.shopping", "app.ui.player_bar", "app.player.mpris")


@dataclass(frozen=True)
class Paths:
    """Every file the app keeps, in one place (tests put them all under their tmp dir)."""

    settings: Path
    basket: Path
    embedded_store: Path
    secrets_fallback: Path
    covers: Path
    locker_index: Path           # what the user owns, per store and user (app/services/ownership.py)
    downloads: Path | None = None   # the download queue (app/downloads/queue.py); None: beside the basket
    music: Path | None = None       # where purchases download when settings.music_dir is empty (None: the
                                    # platform's music folder)
    countries: Path | None = None   # the stores' country lists, cached per store (services/countries.py)

    @classmethod
    def for_user(cls) -> Paths:
        """The platform's places (platformdirs): settings in config, basket and store state in data."""
        from app.settings.secrets import FALLBACK_FILE
        from app.settings.store import FILE_NAME

        data = user_paths.data_dir()
        return cls(settings=user_paths.config_dir() / FILE_NAME, basket=data / "basket.json",
                   embedded_store=data / "embedded-store.sqlite3", secrets_fallback=data / FALLBACK_FILE,
                   covers=user_paths.cache_dir() / "covers", locker_index=data / "locker-index.json",
                   downloads=data / "downloads.json", countries=user_paths.cache_dir() / "countries")

    @classmethod
    def under(cls, root: Path) -> Paths:
        """Everything in one folder (tests, a portable profile)."""
        root = Path(root)
        return cls(settings=root / "settings.json", basket=root / "basket.json",
                   embedded_store=root / "embedded-store.sqlite3", secrets_fallback=root / "secrets.json",
                   covers=root / "covers", locker_index=root / "locker-index.json",
                   downloads=root / "downloads.json", music=root / "Music", countries=root / "countries")


@dataclass
class Parts:
    """Everything build() made. The shopping parts and the player arrive with install_extras()."""

    app: QApplication
    paths: Paths
    settings: SettingsStore
    secrets: SecretStore
    store: CurrentStore
    runner: TaskRunner           # store requests
    cover_runner: TaskRunner     # cover art: never queues behind (or ahead of) pages
    background: TaskRunner       # detached: start-up imports, the embedded store's first build
    catalogue: Catalogue
    covers: CoverLoader
    search: SearchController
    window: MainWindow
    connection: Connection
    config: ServiceConfig
    guard: CrashGuard
    availability: Availability
    shopping: Any = None         # app.ui.shopping.Shopping
    player: Any = None           # app.player.player.PreviewPlayer, None without a multimedia backend
    collector: Any = None
    poll_interval_ms: int = 5000
    downloads: Any = None        # app.downloads.manager.DownloadManager (with the shopping parts)
    download_runner: Any = None  # its workers (shutdown waits for them)
    _extras_installed: bool = field(default=False, repr=False)
    _collector_frozen: bool = field(default=False, repr=False)
    _settings_waiting: bool = field(default=False, repr=False)   # edit_settings: the keyring is asked

    def install_extras(self) -> None:
        """Wire in what the browsing UI does not need to open: basket, sign-in, checkout, previews."""
        if self._extras_installed:
            return
        self._extras_installed = True
        from app.basket.storage import BasketStorage
        from app.ui.shopping import build_shopping

        try:
            self.shopping = build_shopping(self.window, self.runner, self.store, BasketStorage(self.paths.basket),
                                           self.secrets, poll_interval_ms=self.poll_interval_ms,
                                           availability=self.availability, settings=self.settings)
            self.downloads = install_downloads(self)
        finally:
            # Previews don't depend on the basket: a failure there (the crash guard reports it)
            # must not take them away too.
            self.player = install_player(self)
            # Every dock exists now: put them back as they were (or lay out a first start).
            self.window.restore_docks()

    def import_extras_then_install(self) -> None:
        """Import the shopping modules on a detached worker (~0.5 s), then install them here."""
        def import_all(_token) -> None:
            for name in EXTRA_MODULES:
                importlib.import_module(name)

        def install(_result=None) -> None:
            self.install_extras()
            self.collect_when_idle()

        # A failed import is reported properly by install_extras, which imports again.
        self.background.submit(import_all, install, lambda _exc: install())

    def collect_when_idle(self) -> None:
        """Take Python's garbage collection off allocation moments (see services/collector.py)."""
        from app.services.collector import IdleCollector

        if self.collector is None:
            self.collector = IdleCollector(lambda: self.runner.busy or self.covers.pending > 0,
                                           parent=self.window).start()
        elif not self._collector_frozen:
            self.collector.freeze()     # started at build (before any worker): now the start-up objects
        self._collector_frozen = True

    def open_link(self, text: str) -> None:
        """Open a store link or location (command line, a later launch) once the store is up."""
        if self.store.ready:
            self.window.open_link_text(text)
            return

        def once_ready(_change=None) -> None:
            if self.store.ready:
                self.store.changed.disconnect(once_ready)
                self.window.open_link_text(text)

        self.store.changed.connect(once_ready)

    def take_launch(self, launch) -> None:
        """A later launch of the app handed over (app/services/single_instance.py): show the window
        and open what it was asked to open."""
        self.window.bring_to_front()
        if launch.link:
            self.open_link(launch.link)

    def connect(self) -> None:
        """Reach the configured store (the embedded one is started); `store` gets its client."""
        self.connection.connect_to(self.config)

    def apply_settings(self, values: dict) -> None:
        """Save what the Settings dialog returned (the secret to the keyring, never to the settings
        file) and reconnect if the service changed."""
        settings = self.settings
        secret = values.get("consumer_secret")
        changed = (values["api_url"], values["consumer_key"]) != (settings.api_url, settings.consumer_key) \
            or secret is not None
        settings.api_url, settings.consumer_key = values["api_url"], values["consumer_key"]
        if values.get("language", settings.language) != settings.language:
            settings.language = values["language"]
            self.window.show_message(QCoreApplication.translate(
                "Main", "The new language is used from the next start of the app."), 8000)
        if secret is not None:
            self.secrets.set("consumer_secret", secret)
        self._apply_download_settings(values)
        country = country_code(values["country"], self.store.countries)
        if country is not None:
            self.store.set_country(country)
        if changed:
            self.config = ServiceConfig(settings.api_url, settings.consumer_key, secret,
                                        secret_from_keyring=secret is None)
            self.connect()

    def _apply_download_settings(self, values: dict) -> None:
        settings = self.settings
        if "music_dir" in values:
            settings.music_dir = values["music_dir"]
        if "auto_download" in values:
            settings.set("auto_download", bool(values["auto_download"]))
        if self.shopping is not None and self.downloads is not None:
            from app.ui.shopping import apply_download_settings

            apply_download_settings(self.shopping, music_dir(settings, self.paths),
                                    bool(settings.get("auto_download", True)))

    def edit_settings(self) -> None:
        """The Settings dialog. Before the keyring's backend is chosen (the saved sign-in not read yet)
        the stored secret is looked at on the keyring worker first: choosing takes 0.1 s and more."""
        if self.secrets.chosen:
            self._open_settings(bool(self.secrets.get("consumer_secret")))
            return
        if self._settings_waiting:
            return
        self._settings_waiting = True
        from shiboken6 import Shiboken

        from app.services.keyring_worker import keyring_worker

        def opened(has_secret: bool) -> None:
            self._settings_waiting = False
            if Shiboken.isValid(self.window) and self.window.isVisible():   # not once the window closed
                self._open_settings(has_secret)

        secrets = self.secrets
        keyring_worker().submit(lambda _token: bool(secrets.get("consumer_secret")), opened,
                                lambda _exc: opened(False))   # SecretStore logs what failed

    def _open_settings(self, has_secret: bool) -> None:
        from app.ui.settings_dialog import SettingsDialog
        from app.ui.shopping import secrets_keeping_text

        settings = self.settings
        dialog = SettingsDialog(settings.api_url, settings.consumer_key,
                                has_secret, self.store.country, self.window,
                                language=settings.language, music_dir=settings.music_dir,
                                default_music_dir=str(default_music_dir(self.paths)),
                                auto_download=bool(settings.get("auto_download", True)),
                                sign_in_note=secrets_keeping_text(self.secrets))
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            self.apply_settings(dialog.values())

    def shutdown(self) -> bool:
        """Stop the store and wait for workers, so nothing runs while Python shuts down."""
        self.search.cancel()
        if self.downloads is not None:
            self.downloads.close()   # workers stop at their next chunk; the queue resumes next run
        # Before the store goes: queued pages and covers would otherwise retry against a closed port.
        self.cover_runner.close()
        self.runner.close()
        self.connection.stop()       # a store still building its catalogue is left to its daemon thread
        self.background.close()
        idle = self.runner.wait_for_idle(5_000)
        idle = self.cover_runner.wait_for_idle(5_000) and idle
        if self.download_runner is not None:
            idle = self.download_runner.wait_for_idle(10_000) and idle
        self.guard.uninstall()
        if self.collector is not None:
            self.collector.stop()
        self.settings.flush()        # history and layout, written off the GUI thread (settings/store.py)
        return idle


def service_config(args: argparse.Namespace, settings: SettingsStore) -> ServiceConfig:
    """The service to reach: the command line's, the saved one, or the embedded store."""
    if args.api_url:
        return ServiceConfig(args.api_url, args.consumer_key, args.consumer_secret)
    if settings.api_url and settings.consumer_key:
        return ServiceConfig(settings.api_url, settings.consumer_key, secret_from_keyring=True)
    return ServiceConfig()


def build(args: argparse.Namespace, paths: Paths, settings: SettingsStore | None = None,
          secrets: SecretStore | None = None, defer_extras: bool = False) -> Parts:
    """Build settings, services, models and the window (not shown yet, not connected yet).

    `defer_extras`: main() installs the shopping parts and the player once the window is up."""
    app = QApplication.instance()
    # Workers (HTTP, XML, image decoding, and the embedded store itself) hold the GIL in turns;
    # hand it back every 1 ms instead of 5 so the GUI thread never queues long behind them.
    sys.setswitchinterval(0.001)
    apply_theme(app)
    limit_image_allocations()    # images Qt decodes itself; the app's own go through decode_image()
    settle_allocator()           # big blocks (covers, XML bodies, clip buffers) go back when freed
    settings = settings if settings is not None else SettingsStore(paths.settings)
    secrets = secrets if secrets is not None else SecretStore(fallback_path=paths.secrets_fallback)
    # parse_args() checked --country; the settings file's country is checked as it is read.
    store = CurrentStore(country_code(args.country) or settings.country)
    runner = TaskRunner(max_threads=4, name="store")
    cover_runner = TaskRunner(max_threads=3, name="covers")
    background = TaskRunner(detached=True, name="background")
    catalogue = Catalogue(store, runner)
    covers = CoverLoader(cover_runner, catalogue.fetch_bytes, disk=DiskCache(paths.covers))
    search = SearchController(catalogue)
    window_state = WindowState(settings)
    # What the user owns here, from the last run's index at once; the locker refreshes it.
    availability = Availability(Ownership(paths.locker_index, store, runner))
    router = Router(ViewServices(catalogue, covers, search, availability))
    window = MainWindow(store, runner, router, window_state, history=HistoryStore(settings, is_location))
    # Covers stay in memory while a page the router keeps showed them (services/covers.py says why).
    window.view_shown.connect(lambda view: covers.show_page(id(view), [id(kept) for kept in router.views()]))
    window.about_folders = {QCoreApplication.translate("Main", "Data"): paths.basket.parent,
                            QCoreApplication.translate("Main", "Cache"): paths.covers.parent}   # Help → About
    window.set_countries(StoreCountries(store, catalogue, paths.countries, parent=window))
    cover_runner.unhandled_error.connect(window.show_error)
    background.unhandled_error.connect(window.show_error)
    guard = CrashGuard(window, window).install()
    availability.setParent(window)
    availability.ownership.setParent(window)
    _tell_settings_recovered(settings, window)

    connection = Connection(runner, background, secrets, paths.embedded_store, parent=window)
    connection.progress.connect(window.set_store_progress)
    connection.ready.connect(store.set_client)        # the window shows the store when it changes
    connection.failed.connect(window.set_store_failed)
    # A country only the store lists (not the built-in list) is used, not saved: the settings file
    # keeps only countries it can check.
    store.changed.connect(lambda change: country_code(change.country) and setattr(settings, "country", change.country))

    parts = Parts(app=app, paths=paths, settings=settings, secrets=secrets, store=store, runner=runner,
                  cover_runner=cover_runner, background=background, catalogue=catalogue, covers=covers,
                  search=search, window=window, connection=connection, config=service_config(args, settings),
                  guard=guard, availability=availability)
    # Python's collection on the GUI thread before any worker runs (services/collector.py says why);
    # the start-up objects are frozen later, once the extras are in.
    from app.services.collector import IdleCollector

    parts.collector = IdleCollector(lambda: parts.runner.busy or parts.covers.pending > 0,
                                    parent=window).start(freeze=False)
    window.startup.retry_requested.connect(parts.connect)
    if not defer_extras:
        parts.install_extras()
    settings_action = QAction(QCoreApplication.translate("Main", "Settings…"), window,
                              shortcut=QKeySequence("Ctrl+,"))
    settings_action.triggered.connect(parts.edit_settings)
    window.menu("File").insertAction(window.quit_action, settings_action)
    return parts


def _tell_settings_recovered(settings: SettingsStore, window: MainWindow) -> None:
    """A settings file that couldn't be read was kept aside (app/settings/store.py): say where, now
    for one found at start, and whenever a later write finds one."""
    def tell(recovered) -> None:
        # The status bar has one line: the name says which file; the log has the folder and the reason.
        window.show_message(QCoreApplication.translate(
            "Main", "Your settings file could not be read, so the app started with default settings; "
                    "the file was kept as {name}.").format(name=recovered.path.name), 30_000)

    for recovered in settings.recovered:
        tell(recovered)
    settings.on_recovered = tell


def music_dir(settings: SettingsStore, paths: Paths | None = None) -> Path:
    """Where purchases download to: the setting, else Paths.music (a portable profile, tests), else
    the platform's music folder (else ~/Music)."""
    if settings.music_dir:
        return Path(settings.music_dir).expanduser()
    return default_music_dir(paths)


def default_music_dir(paths: Paths | None = None) -> Path:
    """Where purchases download without a setting: Paths.music, else the platform's music folder."""
    if paths is not None and paths.music is not None:
        return paths.music
    from PySide6.QtCore import QStandardPaths

    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MusicLocation)
    return Path(found) if found else Path.home() / "Music"


def install_downloads(parts: Parts):
    """The download manager (its queue file in the data dir), its dock and download actions.
    Returns the DownloadManager, started."""
    from app.downloads.fetch import Fetcher
    from app.downloads.manager import DownloadManager
    from app.downloads.queue import QueueStorage
    from app.ui.shopping import install_downloads as install_dock

    window, paths = parts.window, parts.paths
    queue_file = paths.downloads if paths.downloads is not None else paths.basket.with_name("downloads.json")
    runner = TaskRunner(max_threads=2, name="downloads")
    runner.unhandled_error.connect(window.show_error)
    manager = DownloadManager(QueueStorage(queue_file), runner, Fetcher(), max_parallel=2, parent=window)
    parts.download_runner = runner
    install_dock(window, parts.shopping, manager, music_dir(parts.settings, paths),
                 auto_download=bool(parts.settings.get("auto_download", True)))
    manager.start()
    return manager


# The QMediaPlayer (Qt's ffmpeg plugin, libavcodec, QtQuick: ~12 MB) is built this long after the
# extras are installed, when the window is idle, unless a preview asks for it first.
PLAYER_IDLE_MS = 3000


def install_player(parts: Parts):
    """Previews: player, bar, queue dock and MPRIS; without a multimedia backend, say so where the
    bar would be and switch the preview buttons off. Returns the PreviewPlayer or None."""
    from app.player.backend import check_backend
    from app.ui.player_messages import backend_problem_text

    window = parts.window

    def previews_off(status) -> None:
        message = backend_problem_text(status)
        window.set_previews_enabled(False)
        notice = QLabel(message, window, objectName="previews_off", wordWrap=True)
        window.set_player_bar(notice)
        window.show_message(message, 15_000)

    status = check_backend()      # cheap: the playback plugin loads with the player (prepare_later)
    if not status.available:
        previews_off(status)
        return None
    from app.player.mpris import MprisService
    from app.player.player import PreviewPlayer
    from app.ui.player_messages import player_problem_text
    from app.ui.player_bar import PlayerBar
    from app.ui.queue_view import QueueView

    player = PreviewPlayer(parts.runner, lambda track: parts.catalogue.preview_url(track.id), parent=window)
    bar = PlayerBar(player, parts.covers, window)
    window.set_player_bar(bar)
    dock = QDockWidget(QCoreApplication.translate("Main", "Queue"), window, objectName="queue_dock")
    dock.setWidget(QueueView(player, parts.covers))
    window.add_dock(dock, Qt.DockWidgetArea.RightDockWidgetArea)
    playback = window.menu("Playback")
    for action in (*bar.menu_actions, None, dock.toggleViewAction()):
        playback.addSeparator() if action is None else playback.addAction(action)
    if parts.shopping is not None:      # a tab beside the basket: the browsing area keeps its width
        window.tabifyDockWidget(parts.shopping.panel, dock)
        parts.shopping.panel.raise_()
    window.preview_requested.connect(player.play)
    window.preview_all_requested.connect(player.play_all)
    window.play_from_requested.connect(player.play_from)
    window.enqueue_requested.connect(lambda tracks, next_: (player.play_next if next_ else player.enqueue)(tracks))
    window.preview_all_requested.connect(lambda _tracks: (dock.show(), dock.raise_()))   # show the queue
    player.playing_track_changed.connect(window.set_playing_track)
    player.problem.connect(lambda problem: window.show_message(player_problem_text(problem), 8000))
    # Inside exec(): the backend is destroyed from the event loop (see app/player/player.py).
    from app.player.queue_file import QueueKeeper   # the queue survives a restart (data dir)
    keeper = QueueKeeper(player, parts.paths.basket.with_name("queue.json"))
    parts.app.aboutToQuit.connect(keeper.save)
    parts.app.aboutToQuit.connect(player.shutdown)
    MprisService(player, parent=player).start()
    player.backend_missing.connect(previews_off)
    player.prepare_later(PLAYER_IDLE_MS)   # or at the first preview, whichever comes first
    return player
