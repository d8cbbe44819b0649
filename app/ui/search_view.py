"""Search results: Artists, Releases and Tracks tabs with the store's counts; more rows on scroll."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from app.models.artists import ArtistListModel
from app.models.releases import ReleaseListModel
from app.models.tracks import SEARCH_COLUMNS, TrackTableModel
from app.ui.accessibility import announce
from app.ui.delegates import CardView
from app.ui.track_table import TrackTable
from app.ui.view_base import BrowseView, ViewServices, make_label

KINDS = ("artists", "releases", "tracks")
_TAB_NAMES = {"artists": QT_TRANSLATE_NOOP("SearchView", "Artists"),
              "releases": QT_TRANSLATE_NOOP("SearchView", "Releases"),
              "tracks": QT_TRANSLATE_NOOP("SearchView", "Tracks")}
_NO_MATCH = {"artists": QT_TRANSLATE_NOOP("SearchView", "No artists match “{query}”."),
             "releases": QT_TRANSLATE_NOOP("SearchView", "No releases match “{query}”."),
             "tracks": QT_TRANSLATE_NOOP("SearchView", "No tracks match “{query}”.")}


def _tab_name(kind: str) -> str:
    return QCoreApplication.translate("SearchView", _TAB_NAMES[kind])


class SearchView(BrowseView):
    """Shows the SearchController's newest results; each tab pages on with the same query."""

    def __init__(self, query: str, services: ViewServices, parent: QWidget | None = None):
        super().__init__("search:", services, parent)
        self.setObjectName("search_view")
        self.controller = controller = services.search
        covers, catalogue = services.covers, self.catalogue
        self.models = {
            "artists": ArtistListModel(covers, catalogue, edge=140, parent=self),
            "releases": ReleaseListModel(covers, catalogue, edge=160, parent=self),
            "tracks": TrackTableModel(catalogue, SEARCH_COLUMNS, parent=self),
        }
        self._lists.extend((self.models["artists"], self.models["releases"]))
        self._track_models.append(self.models["tracks"])
        self._lists.append(self.models["tracks"])
        self._counts: dict[str, int | None] = dict.fromkeys(KINDS)
        self._failures: dict[str, Exception] = {}
        self._user_chose_tab = False
        self._shown_query: str | None = None    # the query whose results are (being) shown
        self._setup_ui()
        # request_started comes through the window: see search_started().
        controller.results_ready.connect(self._on_controller_results_ready)
        controller.search_failed.connect(self._on_controller_search_failed)
        controller.finished.connect(self._on_controller_finished)
        controller.cleared.connect(self._on_controller_cleared)

    def show_argument(self, query: str) -> None:
        """History or a typed query: make sure these are the results shown."""
        self.location = f"search:{query}"
        if query != self._shown_query:
            self.controller.search_now(query)

    def load(self) -> None:
        if self.controller.query:
            self.controller.search_now()

    @property
    def loading(self) -> bool:
        return self.controller.busy or super().loading

    def main_list(self):
        return (self.artist_grid, self.release_grid, self.track_table)[self.tabs.currentIndex()]

    def stop(self) -> None:
        self.controller.cancel()
        self._shown_query = None
        for model in self._lists:
            model.cancel_loading()

    def leave(self) -> None:
        if self.controller.busy:
            self._shown_query = None        # searched again when shown next (Back, or typing)
            self.controller.cancel()
        super().leave()

    def mark_stale(self) -> None:
        self._shown_query = None            # searched again when shown next (Back, or typing)

    def enter(self) -> None:
        self._stale = False                 # show_argument() searches again if needed

    # -- private ---------------------------------------------------------------------------
    def _setup_ui(self) -> None:
        self.heading = make_label(self.tr("Search the store"), "title")
        self.artist_grid = CardView(edge=140, round_=True, lines=1)
        self.artist_grid.setModel(self.models["artists"])
        self.release_grid = CardView(edge=160)
        self.release_grid.setModel(self.models["releases"])
        self.track_table = TrackTable(self.models["tracks"])
        for widget, name in ((self.artist_grid, self.tr("Artists")), (self.release_grid, self.tr("Releases")),
                             (self.track_table, self.tr("Tracks"))):
            widget.setAccessibleName(name)
        for grid in (self.artist_grid, self.release_grid):
            grid.item_activated.connect(self._on_card_activated)
            self._attach_card_menu(grid)
        self.track_table.preview_clicked.connect(self.preview_requested)
        self.track_table.add_clicked.connect(lambda track: self.add_to_basket_requested.emit(track.release, track))
        self.track_table.location_clicked.connect(self.open_requested)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._pages = {}
        for kind, widget in (("artists", self.artist_grid), ("releases", self.release_grid),
                             ("tracks", self.track_table)):
            stack = QStackedWidget()
            stack.addWidget(widget)
            empty = make_label("", "muted")
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            stack.addWidget(empty)
            self._pages[kind] = (stack, empty)
            self.tabs.addTab(stack, _tab_name(kind))
            self.models[kind].page_failed.connect(lambda exc, kind=kind: self._on_page_failed(kind, exc))
        self.tabs.setCurrentIndex(1)
        self.controller.priority = KINDS[1]
        self.tabs.tabBarClicked.connect(lambda _i: setattr(self, "_user_chose_tab", True))
        self.tabs.currentChanged.connect(lambda number: setattr(self.controller, "priority", KINDS[number]))
        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.status, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 8)
        layout.setSpacing(10)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)

    def _update_tabs(self) -> None:
        for number, kind in enumerate(KINDS):
            count = self._counts[kind]
            label = _tab_name(kind) if count is None else \
                self.tr("{tab} ({count})", "a search tab and its number of results").format(
                    tab=_tab_name(kind), count=QLocale().toString(count))
            if self.tabs.tabText(number) != label:     # each set lays the tab bar out again
                self.tabs.setTabText(number, label)

    def _on_card_activated(self, index) -> None:
        from app.models.roles import ItemRole
        location = index.data(ItemRole.LOCATION)
        if location:
            self.open_requested.emit(location)

    def search_started(self, query: str) -> None:
        """The controller is starting `query`'s search: show it as the one under way.

        The window calls this on the controller's request_started, before it opens `search:query`
        (which calls show_argument): in that order the page knows the query is under way and does
        not start it again. (A connection of the page's own would run after the window's when the
        page is built later than the window, as it is: at the first search or once the store is up.)"""
        self._shown_query = query
        self.location = f"search:{query}"
        self.heading.setText(self.tr("Results for “{query}”").format(query=query))
        self._set_title(self.tr("Search: {query}").format(query=query))
        self.status.setText(self.tr("Searching…"))
        self.banner.hide()
        self._failures.clear()

    def _on_controller_results_ready(self, query: str, kind: str, page) -> None:
        self.models[kind].show_page(page, self.controller.pages(kind, query))
        self._counts[kind] = page.total_items
        stack, empty = self._pages[kind]
        if page.total_items or page.items:
            stack.setCurrentIndex(0)
        else:
            empty.setText(QCoreApplication.translate("SearchView", _NO_MATCH[kind]).format(query=query))
            stack.setCurrentIndex(1)
        self._update_tabs()

    def _on_controller_search_failed(self, query: str, kind: str, exc: Exception) -> None:
        self._failures[kind] = exc
        self.models[kind].clear()
        self._counts[kind] = None
        self._update_tabs()
        self.banner.show_error(exc)

    def _on_controller_finished(self, query: str) -> None:
        total = sum(c or 0 for c in self._counts.values())
        self.status.setText("" if total or self._failures
                            else self.tr("Nothing found. Try fewer or different words."))
        if not self._failures:          # the result counts, as the tabs show them
            announce(self, self.status.text() or ", ".join(self.tabs.tabText(n) for n in range(self.tabs.count())))
        current = KINDS[self.tabs.currentIndex()]
        if not self._user_chose_tab and not self._counts[current]:
            for number, kind in enumerate(KINDS):
                if self._counts[kind]:
                    self.tabs.setCurrentIndex(number)
                    break
        self.content_ready.emit()

    def _on_controller_cleared(self) -> None:
        self.status.setText("")

    def _on_page_failed(self, kind: str, exc: Exception) -> None:
        self._failures[kind] = exc
        self.banner.show_error(exc)

    def retry(self) -> None:
        failed = dict(self._failures)
        self._failures.clear()
        first_pages = [kind for kind in failed if self._counts[kind] is None]
        if first_pages:
            self.controller.search_now()
        else:
            for kind in failed:
                self.models[kind].retry()
