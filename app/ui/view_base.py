"""What every browsing view shares: the signals the player and basket wire to, and loading state."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QMenu, QScrollArea, QVBoxLayout, QWidget

from app.models.roles import ItemRole
from app.models.tracks import TrackTableModel
from app.ui.theme import apply_role


class BrowseView(QWidget):
    """Base of the search, artist, release, tag and home views.

    The main window re-emits these signals from whichever view is showing, so the player and
    basket connect once (to MainWindow) rather than to every view.
    """

    open_requested = Signal(str)                         # location to navigate to
    preview_requested = Signal(object)                   # Track
    preview_all_requested = Signal(object)               # tuple of Tracks, in order
    add_to_basket_requested = Signal(object, object)     # Release, Track or None (whole release)
    title_changed = Signal(str)                          # window title for this view
    content_ready = Signal()                             # first content shown (tests, bench)

    def __init__(self, location: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.location = location
        self.title = ""
        self._track_models: list[TrackTableModel] = []
        self._playing = None
        self._previews_enabled = True

    def reload(self) -> None:
        """Fetch everything again (country changed, or the user asked)."""

    def set_playing_track(self, track_id) -> None:
        self._playing = track_id
        for model in self._track_models:
            model.set_playing_track(track_id)

    def set_previews_enabled(self, enabled: bool) -> None:
        self._previews_enabled = enabled
        for model in self._track_models:
            model.set_previews_enabled(enabled)

    def stop(self) -> None:
        """Cancel outstanding requests (the view is leaving the cache)."""

    def focus_results(self) -> None:
        """Down or Escape in the search box: move the keyboard into this view's main list."""
        view = self.main_list()
        if view is None:
            self.focusNextChild()
            return
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not view.currentIndex().isValid() and view.model() is not None and view.model().rowCount() > 0:
            view.setCurrentIndex(view.model().index(0, 0))

    def main_list(self):
        """The list or table the keyboard should land in (None: the first focusable child)."""
        return None

    # -- for subclasses --------------------------------------------------------------------
    def _register_tracks(self, model: TrackTableModel) -> None:
        self._track_models.append(model)
        model.set_playing_track(self._playing)
        model.set_previews_enabled(self._previews_enabled)

    def _attach_card_menu(self, grid) -> None:
        """Right-click on a card: open it, go to its artist, add a release to the basket."""
        grid.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        grid.customContextMenuRequested.connect(lambda pos, grid=grid: self._show_card_menu(grid, pos))

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
            menu.addAction(self.tr("Add release to basket"), lambda: self.add_to_basket_requested.emit(record, None))
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
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    return scroll
