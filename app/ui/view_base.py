"""What every browsing view shares: the signals the player and basket wire to, its jobs on the
store, and the loading / error-with-retry / empty states (cf. Picard's search dialogs)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QLabel, QMenu, QScrollArea, QVBoxLayout, QWidget

from app.models.roles import ItemRole
from app.models.tracks import TrackTableModel
from app.services.catalogue import Catalogue
from app.services.covers import CoverLoader
from app.ui.errors import ErrorBanner
from app.ui.theme import apply_role

if TYPE_CHECKING:
    from app.services.ownership import Availability
    from app.services.search import SearchController


@dataclass(frozen=True)
class ViewServices:
    """What a view is built with: the catalogue gateway, cover art, the search controller and what
    each release and track is for the user (owned, in the basket; app/services/ownership.py)."""

    catalogue: Catalogue
    covers: CoverLoader
    search: SearchController
    availability: Availability | None = None


class BrowseView(QWidget):
    """Base of the search, artist, release, tag and home views.

    The main window re-emits these signals from whichever view is showing, so the player and
    basket connect once (to MainWindow) rather than to every view.
    """

    open_requested = Signal(str)                         # location to navigate to
    preview_requested = Signal(object)                   # Track
    preview_all_requested = Signal(object)               # tuple of Tracks, in order
    play_from_requested = Signal(object)                 # tuple of Tracks: play the first, then the rest
    enqueue_requested = Signal(object, bool)             # tuple of Tracks; True: play next, False: at the end
    add_to_basket_requested = Signal(object, object)     # Release, Track or None (whole release)
    title_changed = Signal(str)                          # window title for this view
    content_ready = Signal()                             # first content shown (tests, bench)

    def __init__(self, location: str, services: ViewServices, parent: QWidget | None = None):
        super().__init__(parent)
        self.location = location
        self.title = ""
        self.catalogue = services.catalogue
        self.availability = services.availability
        self.jobs = services.catalogue.jobs()       # every store call this view starts itself
        self._lists: list = []                      # its list models (they page on their own)
        self._track_models: list[TrackTableModel] = []
        self._playing = None
        self._previews_enabled = True
        self._stale = False                         # left while loading: load again when shown
        # The shared states; each view puts these two where they belong in its layout.
        self.status = make_label("", "muted")       # "Loading…" and other quiet notes
        self.status.setAccessibleName(self.tr("Page status"))
        self.banner = ErrorBanner()                 # an error with Retry
        self.banner.retry_requested.connect(self.retry)
        QTimer.singleShot(0, self, self._apply_availability)   # once the subclass has made its lists
        QTimer.singleShot(0, self, self._connect_queue_menus)

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Fetch everything again (country changed, or the user asked)."""
        self.stop()
        self._stale = False
        self.banner.hide()
        self.load()

    def load(self) -> None:
        """Start this view's jobs and list loads (subclasses)."""

    def retry(self) -> None:
        """The banner's Retry: by default everything again."""
        self.reload()

    @property
    def loading(self) -> bool:
        """True while a job of this view, or the first page of one of its lists, is in flight."""
        return self.jobs.busy or any(model.loading and model.rowCount() == 0 for model in self._lists)

    def stop(self) -> None:
        """Cancel outstanding requests and forget the lists (leaving the cache, reloading)."""
        self.jobs.cancel()
        for model in self._lists:
            model.clear()

    def leave(self) -> None:
        """Another view is shown: cancel what is in flight, so no answer paints a hidden page.

        A page left before its content arrived loads again when it is shown; a list that was
        only fetching its next page asks again when scrolled."""
        if self.loading:
            self._stale = True
        self.jobs.cancel()
        for model in self._lists:
            if model.loading:
                model.cancel_loading()

    def _connect_queue_menus(self) -> None:
        """Every track table's "Play next" / "Add to queue" (context menu) goes to the player."""
        from app.ui.track_table import TrackTable

        for table in self.findChildren(TrackTable):
            table.enqueue_clicked.connect(self.enqueue_requested)

    def _apply_availability(self) -> None:
        """Owned / in-basket marks on every list, those made without _register_list too."""
        if self.availability is not None:
            for model in self._lists:
                if hasattr(model, "set_availability"):
                    model.set_availability(self.availability)

    def mark_stale(self) -> None:
        """What this view shows is out of date (another store): load again when shown next."""
        self._stale = True

    def enter(self) -> None:
        """This view is shown (again)."""
        self._apply_availability()
        if self._stale:
            self.reload()

    def show_loading(self, text: str | None = None) -> None:
        self.banner.hide()
        self.status.setText(text if text is not None else self.tr("Loading…"))

    def show_error(self, exc: BaseException) -> None:
        """The error, in words, with Retry where retrying may help."""
        self.status.setText("")
        self.banner.show_error(exc)

    def show_empty(self, text: str) -> None:
        self.status.setText(text)

    def show_ready(self) -> None:
        """The first content is on screen."""
        self.status.setText("")
        self.content_ready.emit()

    def set_playing_track(self, track_id) -> None:
        self._playing = track_id
        for model in self._track_models:
            model.set_playing_track(track_id)

    def set_previews_enabled(self, enabled: bool) -> None:
        self._previews_enabled = enabled
        for model in self._track_models:
            model.set_previews_enabled(enabled)

    def focus_results(self) -> None:
        """Down or Escape in the search box: move the keyboard into this view's main list."""
        view = self.main_list()
        if view is None:
            self.focusNextChild()
            return
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        model, current = view.model(), view.currentIndex()
        if not current.isValid() and model is not None and model.rowCount() > 0:
            current = model.index(0, 0)
        if current.isValid():         # current AND selected: Enter and the highlight agree from the start
            view.selectionModel().setCurrentIndex(
                current, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def main_list(self):
        """The list or table the keyboard should land in (None: the first focusable child)."""
        return None

    # -- for subclasses --------------------------------------------------------------------
    def _register_list(self, model, on_error=None) -> None:
        """A list model of this view: stopped, cancelled and counted with it. Its failures go to
        the banner unless `on_error` (e.g. `ignore_errors("why")`) says otherwise."""
        self._lists.append(model)
        model.page_failed.connect(on_error or self.show_error)
        if self.availability is not None and hasattr(model, "set_availability"):
            model.set_availability(self.availability)     # owned / in-basket marks

    def _register_tracks(self, model: TrackTableModel) -> None:
        self._register_list(model)
        self._track_models.append(model)
        model.set_playing_track(self._playing)
        model.set_previews_enabled(self._previews_enabled)

    def _attach_card_menu(self, grid) -> None:
        """Right-click (or the Menu key) on a card: open it, go to its artist, add a release to the
        basket; Ctrl+B adds the current release card from the keyboard, as it adds a track in a table."""
        grid.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        grid.customContextMenuRequested.connect(lambda pos, grid=grid: self._show_card_menu(grid, pos))
        add = QAction(self.tr("Add release to basket"), grid, shortcut=QKeySequence("Ctrl+B"),
                      shortcutContext=Qt.ShortcutContext.WidgetShortcut)
        add.triggered.connect(lambda _=False, grid=grid: self._add_card(grid.currentIndex()))
        grid.addAction(add)
        grid.add_action = add

    def _add_card(self, index) -> None:
        if index.isValid() and (index.data(ItemRole.LOCATION) or "").startswith("release:"):
            self.add_to_basket_requested.emit(index.data(ItemRole.RECORD), None)

    def _show_card_menu(self, grid, pos) -> None:
        index = grid.indexAt(pos)
        if not index.isValid():
            return
        record, location = index.data(ItemRole.RECORD), index.data(ItemRole.LOCATION)
        menu = QMenu(grid)
        menu.addAction(self.tr("Open", "context menu: show this item's page"),
                       lambda: self.open_requested.emit(location))
        artist = getattr(record, "artist", None)
        if artist is not None and getattr(artist, "id", None):
            menu.addAction(self.tr("Go to {name}").format(name=artist.name.replace("&", "&&")),
                           lambda: self.open_requested.emit(f"artist:{artist.id}"))
        if location.startswith("release:"):
            menu.addSeparator()
            add = menu.addAction(self.tr("Add release to basket"),
                                 lambda: self.add_to_basket_requested.emit(record, None))
            add.setShortcut(grid.add_action.shortcut())     # shown in the menu; the grid's action is the binding
            add.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        grid.last_menu = menu
        menu.popup(grid.viewport().mapToGlobal(pos))

    def _set_title(self, title: str) -> None:
        self.title = title
        self.title_changed.emit(title)


def make_label(text: str = "", role: str = "", wrap: bool = False, selectable: bool = False) -> QLabel:
    """A QLabel with a style role (title, section, price, muted, badge): see theme.apply_role."""
    label = QLabel(text)
    if role:
        apply_role(label, role)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def fill_with_scrolling(owner: QWidget, body: QWidget) -> QScrollArea:
    """Make `body` the whole of `owner`, scrolling vertically as one page (home, artist, release)."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(body)
    scroll.setAccessibleName(QCoreApplication.translate("BrowseView", "Page"))
    scroll.verticalScrollBar().setAccessibleName(QCoreApplication.translate("BrowseView", "Scroll the page"))
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    return scroll
