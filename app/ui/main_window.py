"""The main window: toolbar (history, search, country), the current view, hooks for other parts."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QDockWidget, QMainWindow, QMenu, QProgressBar,
                               QSizePolicy, QStackedWidget, QToolBar, QVBoxLayout, QWidget)

from app.services.store import CurrentStore, StoreChange
from app.services.store_urls import StoreLink, parse_store_link
from app.services.tasks import TaskRunner
from app.ui import icons
from app.ui.accessibility import (RegionCycler, announce, focus_by_tab, focus_page, follow_dock_visibility,
                                  install_heading_factory, readable_ms, tab_target)
from app.ui.country_box import CountryBox
from app.ui.errors import describe_error
from app.ui.navigation import HOME, HistoryStore, Navigator, kind_of
from app.ui.search_box import SearchBox
from app.ui.startup_page import StartupPage
from app.ui.view_base import BrowseView
from app.ui.views import Router, import_views
from app.ui.window_state import WindowState, cap_side_docks, first_run_docks

if TYPE_CHECKING:
    from app.ui.search_view import SearchView

log = logging.getLogger(__name__)
# Menu keys (what code asks for: `menu("Account")`) and their titles, with the Alt+letter mnemonic.
MENU_TITLES = {"File": QT_TRANSLATE_NOOP("MainWindow", "&File"), "Go": QT_TRANSLATE_NOOP("MainWindow", "&Go"),
               "View": QT_TRANSLATE_NOOP("MainWindow", "&View"),
               "Account": QT_TRANSLATE_NOOP("MainWindow", "&Account"),
               "Playback": QT_TRANSLATE_NOOP("MainWindow", "&Playback"),
               "Help": QT_TRANSLATE_NOOP("MainWindow", "&Help")}


class MainWindow(QMainWindow):
    """Shows one BrowseView at a time; keeps recent ones so Back restores them as they were."""

    # Re-emitted from every view, so the player and basket connect once, here.
    preview_requested = Signal(object)                # Track
    preview_all_requested = Signal(object)            # tuple of Tracks, in order
    play_from_requested = Signal(object)              # tuple of Tracks: the clicked one, then the rest
    enqueue_requested = Signal(object, bool)          # tuple of Tracks; True: play next
    add_to_basket_requested = Signal(object, object)  # Release, Track or None
    view_shown = Signal(object)                       # the BrowseView now showing

    # The search page is built this long after the store is ready (the first page has loaded by
    # then), unless a search or a `search:` location needs it first.
    SEARCH_PAGE_IDLE_MS = 1500
    # A page the router let go is deleted this long after, one per turn: deleting one is ~2 ms of
    # widgets going, which otherwise landed in the turn that builds and shows the next page. The
    # wait is not restarted by later drops (quick browsing would put every delete off), and the
    # rest go DELETE_NEXT_MS apart.
    DELETE_DROPPED_MS = 400
    DELETE_NEXT_MS = 50

    def __init__(self, store: CurrentStore, runner: TaskRunner, router: Router,
                 window_state: WindowState | None = None, parent: QWidget | None = None,
                 history: HistoryStore | None = None):
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setWindowTitle(self.tr("7digital Browser"))
        self.store, self.runner, self.router = store, runner, router
        self.catalogue, self.search = router.services.catalogue, router.services.search
        self.window_state = window_state
        self.navigator = Navigator(self)
        self.history = history          # back/forward and the last page, across restarts
        self._history_timer = QTimer(self, singleShot=True, interval=500)   # a burst of moves: one write
        self._history_timer.timeout.connect(self._save_history)
        self._menus: dict[str, QMenu] = {}
        self._playing = None
        self._previews_enabled = True
        self._link_jobs = self.catalogue.jobs()
        self._pending_view: BrowseView | None = None
        self._shown: BrowseView | None = None
        self._dropped: list[BrowseView] = []       # let go by the router, not deleted yet
        self._delete_timer = QTimer(self, singleShot=True, interval=self.DELETE_DROPPED_MS)
        self._delete_timer.timeout.connect(self._delete_dropped)
        self._setup_ui()
        self._setup_actions()
        # The search page is built after the store is ready, or at the first search: see search_view.
        self._search_page_timer = QTimer(self, singleShot=True, interval=self.SEARCH_PAGE_IDLE_MS)
        self._search_page_timer.timeout.connect(self._build_search_page)
        self.navigator.location_changed.connect(self._on_navigator_location_changed)
        self.navigator.location_changed.connect(lambda _location: self._history_timer.start())
        self.navigator.history_changed.connect(self._on_navigator_history_changed)
        store.changed.connect(self._on_store_changed)
        self.search.request_started.connect(self._on_search_request_started)
        runner.busy_changed.connect(self._on_runner_busy_changed)
        runner.unhandled_error.connect(self.show_error)
        self._state_restored = window_state is not None and window_state.restore_window(self)
        if window_state is None:
            self.resize(1180, 780)
        self._docks_restored = False    # restore_docks() ran: the dock layout is ours to save
        self.docks_settled = False      # ...and the docks have their sizes
        # A smaller window narrows wide side docks (after Qt has laid the new size out).
        self._dock_cap_timer = QTimer(self, singleShot=True, interval=0)
        self._dock_cap_timer.timeout.connect(lambda: cap_side_docks(self))
        if store.ready:
            self.set_store_ready()

    # -- hooks for the other parts (main.py and ui/shopping.py wire them) -------------------
    def set_player_bar(self, widget: QWidget) -> None:
        """Put the player bar at the bottom of the window, under every view."""
        self._player_slot.addWidget(widget)

    def add_dock(self, dock: QDockWidget, area=Qt.DockWidgetArea.RightDockWidgetArea) -> None:
        if not dock.objectName():       # the saved layout finds docks by name: not the (translated) title
            dock.setObjectName(f"{type(dock.widget()).__name__}_dock")
        self.addDockWidget(area, dock)
        follow_dock_visibility(dock)    # tabbed behind another: out of the Tab order
        self.menu("View").addAction(dock.toggleViewAction())
        if not self._docks_restored:
            return                      # restore_docks() places it with the others
        if self.restoreDockWidget(dock):
            return                      # a dock added later, where the user left it last time
        # Sized once the window is laid out: before that Qt recomputes dock sizes from hints.
        sideways = area in (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
        QTimer.singleShot(0, lambda: self.resizeDocks(
            [dock], [300 if sideways else 200], Qt.Orientation.Horizontal if sideways else Qt.Orientation.Vertical))

    def restore_docks(self) -> None:
        """Once every dock exists (composition.py): put them back exactly as saved, or, on a first
        start, leave the browsing area most of the width with the docks as narrow tabs."""
        self._docks_restored = True
        restored = self.window_state is not None and self.window_state.restore_docks(self)

        def settle() -> None:
            cap_side_docks(self) if restored else first_run_docks(self)   # saved on a larger screen
            self.docks_settled = True

        # Sized once the window is laid out: before that Qt recomputes dock sizes from hints.
        QTimer.singleShot(0, settle)

    def add_toolbar_widget(self, widget: QWidget) -> None:
        """Right side of the toolbar (basket badge, account button)."""
        self.toolbar.insertWidget(self._right_anchor, widget)

    def add_menu_action(self, menu_name: str, action: QAction) -> None:
        self.menu(menu_name).addAction(action)

    def menu(self, name: str) -> QMenu:
        """The menu called `name` ("File", "Go", "View", "Help", or a new one before Help).

        `name` is the menu's key, in English; its title is translated (see MENU_TITLES)."""
        if name not in self._menus:
            title = MENU_TITLES.get(name, name)
            menu = QMenu(QCoreApplication.translate("MainWindow", title), self)
            help_menu = self._menus.get("Help")
            if help_menu is not None:
                self.menuBar().insertMenu(help_menu.menuAction(), menu)
            else:
                self.menuBar().addMenu(menu)
            self._menus[name] = menu
        return self._menus[name]

    def show_message(self, text: str, timeout_ms: int = 4000, assertive: bool = False) -> None:
        """A non-modal note in the status bar, announced to screen readers (errors: `assertive`),
        shown long enough to read (accessibility.readable_ms)."""
        self.statusBar().showMessage(text, readable_ms(text, timeout_ms))
        announce(self.statusBar(), text, assertive)

    def show_error(self, exc: BaseException, timeout_ms: int = 8000) -> None:
        """The default error path: a failure nobody else handled, in words (ui/errors.py)."""
        self.show_message(describe_error(exc), timeout_ms, assertive=True)

    @property
    def previews_enabled(self) -> bool:
        return self._previews_enabled

    @property
    def playing_track(self):
        """The id of the track playing or paused, as the views mark it (None: nothing)."""
        return self._playing

    def set_playing_track(self, track_id) -> None:
        self._playing = track_id
        for view in self._all_views():
            view.set_playing_track(track_id)

    def set_previews_enabled(self, enabled: bool) -> None:
        self._previews_enabled = enabled
        for view in self._all_views():
            view.set_previews_enabled(enabled)

    # -- start-up --------------------------------------------------------------------------
    def set_store_progress(self, stage, address: str = "") -> None:
        """While the store is being reached (the embedded one builds its catalogue on a first run)."""
        from app.services.connection import Stage

        if stage is Stage.CONNECTING:
            text = self.tr("Connecting to {url}…").format(url=address)
        else:
            text = self.tr("Starting the built-in store. The first start builds its catalogue, "
                           "which takes a few seconds…")
        self.startup.set_progress(text)

    def set_store_failed(self, exc: BaseException) -> None:
        """The store could not be reached at start: say why; `startup.retry_requested` tries again."""
        self.startup.set_failed(describe_error(exc))
        if self.navigator.current is None:
            self.stack.setCurrentWidget(self.startup)

    def set_store_ready(self) -> None:
        self.search_box.set_ready()
        if not self.router.has_shared("search"):
            self._search_page_timer.start()
        if self.navigator.current is None:
            entries, index = self.history.load() if self.history is not None else ([], -1)
            if entries:
                self.navigator.restore(entries, index)
            else:
                self.navigator.open(HOME)

    # -- navigation ------------------------------------------------------------------------
    def open(self, location: str) -> None:
        """Open any location (`artist:12`, `release:34`, `tag:rock`, `search:abba`, `home`)."""
        if location:
            self.navigator.open(location)

    def open_link_text(self, text: str) -> None:
        """Open a 7digital web link or an app location handed to the app (command line, a later
        launch); say so when it is neither. Call once the store is ready: links are looked up there."""
        link = parse_store_link(text)
        if link is None:
            self.show_message(self.tr("“{link}” is not a 7digital link.").format(link=text[:200]))
            return
        self._open_link(link)

    def bring_to_front(self) -> None:
        """Show, un-minimise, raise and activate the window (a later launch asked for it)."""
        self.setWindowState((self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
        self.show()
        self.raise_()
        self.activateWindow()

    @property
    def current_view(self) -> BrowseView | None:
        """The view showing, or about to show (a new view is painted on the next loop turn)."""
        if self._pending_view is not None:
            return self._pending_view
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, BrowseView) else None

    @property
    def search_view(self) -> SearchView:
        """The search page, built on first use. Not before the window shows: it is never on screen
        at the first paint, and its module, grids and table took ~45 ms of CPU there (measured)."""
        view = self.router.shared_view("search")
        if self.stack.indexOf(view) < 0:
            self._add_view(view)
        return view

    def _build_search_page(self) -> None:
        self.search_view  # noqa: B018 - the property builds it
        QTimer.singleShot(0, import_views)      # the other pages' code, on the next turn of the loop

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    # -- Qt overrides ----------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        self._search_page_timer.stop()
        if self.window_state is not None:
            # Docks not restored yet (closed during start-up): keep the layout saved last time.
            self.window_state.save_window(self, docks=self._docks_restored)
        self._save_history()
        for view in self._all_views():
            view.stop()
        super().closeEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() < event.oldSize().width():
            self._dock_cap_timer.start()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 (Qt's name)
        # Tab and Shift+Tab follow what the eye reads: toolbar, page, player bar, docks.
        target = tab_target(self, next)
        if target is None:
            return super().focusNextPrevChild(next)
        focus_by_tab(target, next)
        return True

    def mousePressEvent(self, event) -> None:
        # Mouse back/forward buttons: lists and tables pass them up to here (see delegates.py).
        if event.button() == Qt.MouseButton.BackButton:
            self.navigator.back()
        elif event.button() == Qt.MouseButton.ForwardButton:
            self.navigator.forward()
        else:
            super().mousePressEvent(event)

    # -- private ---------------------------------------------------------------------------
    def _setup_ui(self) -> None:
        install_heading_factory()             # page titles and sections read as headings
        self.toolbar = QToolBar(self.tr("Navigation"), self)
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.back_action = QAction(self.tr("Back"), self, enabled=False)
        self.forward_action = QAction(self.tr("Forward"), self, enabled=False)
        self.home_action = QAction(self.tr("Home"), self)
        for action, name in ((self.back_action, "back"), (self.forward_action, "forward"),
                             (self.home_action, "home")):
            icons.set_icon(action, name)
        for action in (self.back_action, self.forward_action, self.home_action):
            self.toolbar.addAction(action)
        self.search_box = SearchBox(self.search)
        self.search_box.link_entered.connect(self._open_link)
        self.search_box.leave_requested.connect(lambda: self.current_view and self.current_view.focus_results())
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.search_box)
        self.country_box = CountryBox(icon_name="globe")
        self.country_box.setObjectName("country_box")
        self.country_box.setToolTip(self.tr("Store: prices and availability for this country (type to find one)"))
        self.country_box.setAccessibleName(self.tr("Store country"))
        self.country_box.lineEdit().setAccessibleName(self.tr("Store country"))   # Linux reads the combo's value
        self.countries = None                   # StoreCountries, from set_countries()
        # The country enters here only as one of the store's (names arrive with set_countries).
        self.country_box.set_countries(((code, code) for code in self.store.countries), self.store.country)
        self.country_box.chosen.connect(self.store.set_country)
        self.toolbar.addWidget(self.country_box)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.busy = QProgressBar()
        self.busy.setObjectName("busy_indicator")
        self.busy.setRange(0, 0)              # indeterminate
        self.busy.setFixedSize(64, 6)
        self.busy.setTextVisible(False)
        self.busy.setToolTip(self.tr("Talking to the store…"))
        self._busy_action = self.toolbar.addWidget(self.busy)
        self._busy_action.setVisible(False)
        self._busy_timer = QTimer(self, singleShot=True, interval=200)   # no flicker on fast answers
        self._busy_timer.timeout.connect(lambda: self._busy_action.setVisible(self.runner.busy))
        self._right_anchor = self.toolbar.addSeparator()

        self.startup = StartupPage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.startup)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        self._player_slot = QVBoxLayout()
        self._player_slot.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._player_slot)
        self.setCentralWidget(central)
        self.statusBar().setSizeGripEnabled(True)

    def _setup_actions(self) -> None:
        self.back_action.setShortcuts(_unique("Alt+Left", QKeySequence.StandardKey.Back))
        self.forward_action.setShortcuts(_unique("Alt+Right", QKeySequence.StandardKey.Forward))
        self.home_action.setShortcut(QKeySequence("Alt+Home"))
        self.back_action.triggered.connect(self.navigator.back)
        self.forward_action.triggered.connect(self.navigator.forward)
        self.home_action.triggered.connect(lambda: self.open(HOME))
        self.find_action = QAction(icons.icon("search"), self.tr("Search"), self)
        self.find_action.setShortcuts([QKeySequence("Ctrl+F"), QKeySequence("Ctrl+L")])
        self.find_action.triggered.connect(self.focus_search)
        self.reload_action = QAction(icons.icon("reload"), self.tr("Reload"), self)
        self.reload_action.setShortcuts([QKeySequence("F5"), QKeySequence("Ctrl+R")])
        self.reload_action.triggered.connect(lambda: self.current_view and self.current_view.reload())
        self.quit_action = QAction(self.tr("Quit"), self, shortcut=QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        self.menu("File").addAction(self.quit_action)
        go = self.menu("Go")
        for action in (self.back_action, self.forward_action, self.home_action, self.find_action,
                       self.reload_action):
            go.addAction(action)
            self.addAction(action)            # shortcuts work even with the menu bar hidden
        self.menu("View")
        self.regions = RegionCycler(self)       # F6 / Shift+F6: toolbar, page, player bar, docks
        self._setup_help()

    def _setup_help(self) -> None:
        from app.ui.shortcuts_dialog import with_shortcut

        for action in (self.back_action, self.forward_action, self.home_action, self.find_action, self.reload_action):
            with_shortcut(action)               # toolbar tooltips say their keys: "Back (Alt+Left)"
        self.shortcuts_action = QAction(self.tr("Keyboard shortcuts"), self, objectName="shortcuts_action",
                                        shortcut=QKeySequence("Ctrl+/"))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.about_action = QAction(self.tr("About 7digital Browser"), self, objectName="about_action",
                                    menuRole=QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.addAction(self.shortcuts_action)
        self.menu("Help").addActions([self.shortcuts_action, self.about_action])

    def show_shortcuts(self) -> None:
        """Help → Keyboard shortcuts (non-modal; generated from the actions as they are now)."""
        from app.ui.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.shortcuts_dialog = dialog

    def show_about(self) -> None:
        from app.ui.about_dialog import AboutDialog

        dialog = AboutDialog(getattr(self, "about_folders", {}), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.about_dialog = dialog

    def _save_history(self) -> None:
        self._history_timer.stop()
        if self.history is not None:
            self.history.save(self.navigator)

    def _all_views(self):
        yield from self.router.views()

    def _add_view(self, view: BrowseView) -> BrowseView:
        self._connect_view(view)
        self.stack.addWidget(view)
        return view

    def _connect_view(self, view: BrowseView) -> None:
        view.open_requested.connect(self.open)
        view.preview_requested.connect(self.preview_requested)
        view.preview_all_requested.connect(self.preview_all_requested)
        view.play_from_requested.connect(self.play_from_requested)
        view.enqueue_requested.connect(self.enqueue_requested)
        view.add_to_basket_requested.connect(self.add_to_basket_requested)
        view.title_changed.connect(lambda title, view=view: self._on_view_title_changed(view, title))
        view.set_playing_track(self._playing)
        view.set_previews_enabled(self._previews_enabled)

    def _drop_view(self, view: BrowseView) -> None:
        view.stop()
        self.stack.removeWidget(view)
        self._dropped.append(view)
        if not self._delete_timer.isActive():
            self._delete_timer.start(self.DELETE_DROPPED_MS)

    def _delete_dropped(self) -> None:
        if self._dropped:
            self._dropped.pop(0).deleteLater()
        if self._dropped:
            self._delete_timer.start(self.DELETE_NEXT_MS)

    def _on_navigator_location_changed(self, location: str) -> None:
        self.search_box.show_location(location)
        try:
            view, built, evicted = self.router.view_for(location)
        except ValueError:
            self.show_message(self.tr("Nothing to show for “{location}”.").format(location=location))
            return
        if built:
            self._add_view(view)
        for old in evicted:
            self._drop_view(old)
        if view is not self._shown and self._shown is not None:
            self._shown.leave()                 # its answers in flight would paint a hidden page
        self._shown = view
        if view is not self.stack.currentWidget() and view.isHidden() and not view.property("shown_before"):
            # Just built: lay it out and paint it on the next turn of the event loop, so building
            # and first painting are two short pauses rather than one long one.
            self._pending_view = view
            QTimer.singleShot(0, lambda: self._pending_view is view and self._show_view(view))
            return
        self._show_view(view)

    def _show_view(self, view: BrowseView) -> None:
        self._pending_view = None
        view.setProperty("shown_before", True)
        focus = QApplication.focusWidget()
        page_had_focus = focus is not None and self.stack.isAncestorOf(focus)
        self.stack.setCurrentWidget(view)
        view.enter()
        if page_had_focus:          # the keyboard was on the old page: onto the new one, never a dock
            focus_page(view)
        log.debug("showing %s", view.location)
        self._on_view_title_changed(view, view.title)
        self.view_shown.emit(view)

    def _on_navigator_history_changed(self, can_back: bool, can_forward: bool) -> None:
        self.back_action.setEnabled(can_back)
        self.forward_action.setEnabled(can_forward)

    def _on_view_title_changed(self, view: BrowseView, title: str) -> None:
        if view is self.stack.currentWidget():
            self.setWindowTitle(self.tr("{title} — 7digital Browser").format(title=title) if title
                                else self.tr("7digital Browser"))

    def set_countries(self, countries) -> None:
        """Name the countries in the country box from `countries` (services/countries.py), live."""
        self.countries = countries
        countries.changed.connect(self._show_countries)
        self._show_countries()

    def _show_countries(self) -> None:
        self.country_box.set_countries(self.countries.labels(), self.store.country)

    def _on_store_changed(self, change: StoreChange) -> None:
        # Prices and availability differ per store: views not showing now are dropped (rebuilt
        # on return), the one showing reloads in place, the shared ones load again when shown.
        current = self.current_view
        for view in self.router.forget_all_but(current):
            self._drop_view(view)
        for view in self.router.views():
            if view is current:
                view.reload()
            else:
                view.stop()
                view.mark_stale()
        if change.service_changed:
            self.set_store_ready()
        else:
            self.country_box.set_current(change.country)
            name = self.countries.label(change.country) if self.countries is not None else change.country
            self.show_message(self.tr("Showing the {country} store's prices and releases.").format(
                country=name))

    def _open_link(self, link: StoreLink) -> None:
        if link.location:
            self.open(link.location)
            return
        self._link_jobs.cancel()
        self.show_message(self.tr("Looking up that link…"), 0)
        self._link_jobs.run(self.catalogue.resolve_link(link), self._on_link_resolved, self._on_link_failed)

    def _on_link_resolved(self, location: str | None) -> None:
        if location:
            self.statusBar().clearMessage()
            self.open(location)
        else:
            self.show_message(self.tr("That link does not match anything in this store."))

    def _on_link_failed(self, exc: Exception) -> None:
        self.show_error(exc)

    def _on_search_request_started(self, query: str) -> None:
        # The page first (built now if this is the first search), then the location: the page's
        # show_argument() would otherwise start the same query again inside this signal, and the
        # controller's outer start would then leave a request nobody cancels (stale results shown).
        self.search_view.search_started(query)
        replace = self.navigator.current is not None and kind_of(self.navigator.current) == "search"
        self.navigator.open(f"search:{query}", replace=replace)

    def _on_runner_busy_changed(self, busy: bool) -> None:
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self._busy_action.setVisible(False)


def _unique(*keys) -> list[QKeySequence]:
    """Shortcuts without repeats (a platform's Back may already be Alt+Left: Qt calls that ambiguous)."""
    sequences: list[QKeySequence] = []
    for key in keys:
        for sequence in (QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey)
                         else [QKeySequence(key)]):
            if sequence not in sequences:
                sequences.append(sequence)
    return sequences
