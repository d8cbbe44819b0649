"""One artist, as a scrolling page: image, name, tags; top tracks; releases by type; similar artists."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabBar, QVBoxLayout, QWidget

from app.models.artists import ArtistListModel
from app.models.releases import ReleaseListModel
from app.models.roles import ItemRole
from app.models.tracks import SEARCH_COLUMNS, Column, TrackTableModel
from app.services.covers import CoverLoader
from app.services.tasks import ignore_errors
from app.ui.chips import ChipRow
from app.ui.cover_label import CoverLabel
from app.ui.delegates import CardView, FitCardView
from app.ui.page_turns import BuiltInTurns
from app.ui.track_table import TrackTable
from app.ui.view_base import BrowseView, ViewServices, fill_with_scrolling, make_label
from app.ui.wheel import page_wheel

if TYPE_CHECKING:   # app.api is heavy to import; keep it off the start-up path
    from app.api import Artist

# (tab label, the `type` filter for artist/releases; None = every type). Every release type of the
# real service (`ReleaseType`: Album, Single, Video, Exclusive, Item) has its tab, so the tabs add
# up to "All releases"; a tab shows only when the artist has releases of that type.
RELEASE_TYPES = ((QT_TRANSLATE_NOOP("ArtistView", "All releases"), None),
                 (QT_TRANSLATE_NOOP("ArtistView", "Albums"), "Album"),
                 (QT_TRANSLATE_NOOP("ArtistView", "Singles"), "Single"),
                 (QT_TRANSLATE_NOOP("ArtistView", "Videos"), "Video"),
                 (QT_TRANSLATE_NOOP("ArtistView", "Exclusives"), "Exclusive"),
                 (QT_TRANSLATE_NOOP("ArtistView", "Other items"), "Item"))
TOP_TRACK_COLUMNS = tuple(c for c in SEARCH_COLUMNS if c != Column.ARTIST)
TOP_TRACKS = 5
MAX_BIO = 4000          # characters of the store's biography shown (a page, not a book)


class ArtistView(BuiltInTurns, BrowseView):
    def __init__(self, artist_id: str, services: ViewServices, parent: QWidget | None = None):
        super().__init__(f"artist:{artist_id}", services, parent)
        self.setObjectName("artist_view")
        self.artist_id = artist_id
        self.artist: Artist | None = None
        covers = services.covers
        self.release_models = [ReleaseListModel(covers, self.catalogue, edge=150, parent=self)
                               for _ in RELEASE_TYPES]
        for model in self.release_models:
            model.auto_fetch = False                 # "Show more" pages them (the page scrolls)
            self._register_list(model)
        self.top_tracks = TrackTableModel(self.catalogue, TOP_TRACK_COLUMNS, parent=self)
        self.top_tracks.auto_fetch = False
        self._register_tracks(self.top_tracks)
        self.similar = ArtistListModel(covers, self.catalogue, edge=110, parent=self)
        self._register_list(self.similar, ignore_errors("similar artists are extra; the page works without them"))
        self._setup_ui(covers)
        self.reload()

    @property
    def releases(self) -> ReleaseListModel:
        """Every release of the artist (the first tab)."""
        return self.release_models[0]

    @property
    def shown_releases(self) -> ReleaseListModel:
        return self.release_models[self.release_tabs.currentIndex()]

    def main_list(self):
        return self.release_grid

    def load(self) -> None:
        catalogue, aid = self.catalogue, self.artist_id
        self.jobs.run(catalogue.artist_details(aid), self._on_artist_loaded, self.show_error)
        self.jobs.run(catalogue.artist_genres(aid), self._on_tags_loaded,
                      ignore_errors("an artist's genre chips are decoration; the page works without them"))
        for model, (_label, kind) in zip(self.release_models, RELEASE_TYPES):
            model.load(catalogue.discography(aid, kind), page_size=24)
        self.top_tracks.load(catalogue.popular_tracks(aid), page_size=TOP_TRACKS)
        self.similar.load(catalogue.similar_artists(aid), page_size=12)

    def _connect_queue_menus(self) -> None:
        """The top tracks' queue menu is connected where the table is made (_build_top_tracks)."""

    # -- private ---------------------------------------------------------------------------
    def _setup_ui(self, covers: CoverLoader) -> None:
        # Built over event-loop turns (this one, the header, the top tracks, the releases, similar
        # artists): as one it held the window for several frames. The requests go out in this one.
        self._covers = covers
        body = QWidget()
        self._body = QVBoxLayout(body)
        self._body.setContentsMargins(24, 16, 24, 24)
        self._body.setSpacing(10)
        self._body.addWidget(self.banner)
        self._body.addStretch(1)
        self.scroll = fill_with_scrolling(self, body)
        # Here, not with the widgets they change: an answer may come before their turn (and build them).
        for number, model in enumerate(self.release_models):
            model.total_changed.connect(lambda total, number=number: self._on_release_total(number, total))
            model.loading_changed.connect(lambda _loading: self._update_more_button())
        self.similar.total_changed.connect(self._on_similar_total)
        self._build_in_turns([self._build_header, self._build_top_tracks, self._build_releases, self._build_similar])

    def _add_parts(self, *parts) -> None:
        """Widgets (or an int: spacing) in order, before the closing stretch."""
        at = self._body.count() - 1
        for number, part in enumerate(parts):
            if isinstance(part, int):
                self._body.insertSpacing(at + number, part)
            else:
                self._body.insertWidget(at + number, part)

    def _build_header(self) -> None:
        self.image = CoverLabel(self._covers, 140, round_=True)
        self.heading = make_label("", "title", selectable=True)
        self.tags = ChipRow()
        self.tags.setAccessibleName(self.tr("Genres"))
        self.tags.chip_clicked.connect(self.open_requested)
        info = QVBoxLayout()
        info.setSpacing(8)
        info.addStretch(1)
        info.addWidget(make_label(self.tr("ARTIST"), "muted"))
        info.addWidget(self.heading)
        info.addWidget(self.tags)
        info.addStretch(1)
        self.about_heading = make_label(self.tr("About"), "section")
        self.about = make_label("", "", wrap=True, selectable=True)
        self.about.setObjectName("artist_bio")
        self.about.setTextFormat(Qt.TextFormat.PlainText)     # the store's text, never markup
        self.about.setAccessibleName(self.tr("About the artist"))
        self.about_heading.hide()
        self.about.hide()
        header = QHBoxLayout()
        header.setSpacing(20)
        header.addWidget(self.image)
        header.addLayout(info, 1)
        self._body.insertLayout(self._body.count() - 1, header)
        self._add_parts(6, self.about_heading, self.about)

    def _build_top_tracks(self) -> None:
        self.top_table = TrackTable(self.top_tracks)
        # Here rather than by BrowseView._connect_queue_menus, which may run before this turn.
        self.top_table.enqueue_clicked.connect(self.enqueue_requested)
        self.top_table.preview_clicked.connect(self.preview_requested)
        self.top_table.add_clicked.connect(lambda track: self.add_to_basket_requested.emit(track.release, track))
        self.top_table.location_clicked.connect(self.open_requested)
        self.top_tracks.modelReset.connect(self.top_table.fit_height)
        self.top_tracks.rowsInserted.connect(lambda *_: self.top_table.fit_height())
        self.top_table.fit_height()
        self.top_table.setAccessibleName(self.tr("Top tracks"))
        self._add_parts(make_label(self.tr("Top tracks"), "section"), self.top_table, 6)

    def _build_releases(self) -> None:
        self.release_tabs = QTabBar()
        self.release_tabs.setDocumentMode(True)
        self.release_tabs.setExpanding(False)
        page_wheel(self.release_tabs)     # scrolling the page past it must not switch tabs
        for label, _kind in RELEASE_TYPES:
            self.release_tabs.addTab(QCoreApplication.translate("ArtistView", label))
        self.release_grid = FitCardView(edge=150)
        self.release_grid.setAccessibleName(self.tr("Releases"))
        self.release_grid.setModel(self.releases)
        self.release_grid.item_activated.connect(self._on_card_activated)
        self._attach_card_menu(self.release_grid)
        self.more_button = QPushButton(self.tr("Show more releases"))
        self.more_button.clicked.connect(lambda: self.shown_releases.load_more())
        self.more_button.hide()
        self._add_parts(make_label(self.tr("Releases"), "section"), self.release_tabs, self.release_grid)
        self._body.insertWidget(self._body.count() - 1, self.more_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self._update_more_button()
        self.release_tabs.currentChanged.connect(self._on_release_tab_changed)

    def _build_similar(self) -> None:
        self.similar_strip = CardView(edge=110, round_=True, strip=True, lines=1)
        self.similar_strip.setAccessibleName(self.tr("Similar artists"))
        self.similar_strip.setModel(self.similar)
        self.similar_strip.item_activated.connect(self._on_card_activated)
        self.similar_heading = make_label(self.tr("Similar artists"), "section")
        self._add_parts(self.similar_heading, self.similar_strip)

    def _on_release_tab_changed(self, number: int) -> None:
        self.release_grid.setModel(self.release_models[number])
        self._update_more_button()

    def _update_more_button(self) -> None:
        if "more_button" not in vars(self):     # the requests going out: _build_releases updates it
            return
        model = self.shown_releases
        self.more_button.setVisible(model.has_more or model.loading)
        self.more_button.setEnabled(not model.loading)
        self.more_button.setText(self.tr("Loading…") if model.loading else self.tr("Show more releases"))

    def _on_release_total(self, number: int, total: int) -> None:
        label = QCoreApplication.translate("ArtistView", RELEASE_TYPES[number][0])
        self.release_tabs.setTabText(number, self.tr("{tab} ({count})", "a tab and its number of releases").format(
            tab=label, count=QLocale().toString(total)))
        if number > 0:
            self.release_tabs.setTabVisible(number, total > 0)
        self._update_more_button()
        if number == 0:
            self.show_ready()

    def _on_similar_total(self, total: int) -> None:
        visible = self.similar.rowCount() > 0
        self.similar_heading.setVisible(visible)
        self.similar_strip.setVisible(visible)

    def _on_card_activated(self, index) -> None:
        location = index.data(ItemRole.LOCATION)
        if location:
            self.open_requested.emit(location)

    def _on_artist_loaded(self, artist: Artist) -> None:
        self.artist = artist
        self.heading.setText(artist.name)
        self._set_title(artist.name)
        self.image.set_url(artist.image)
        bio = (artist.bio or "").strip()
        if len(bio) > MAX_BIO:
            bio = bio[:MAX_BIO].rsplit(" ", 1)[0] + "…"
        self.about.setText(bio)
        self.about_heading.setVisible(bool(bio))
        self.about.setVisible(bool(bio))

    def _on_tags_loaded(self, page) -> None:
        self.tags.set_chips((tag.text, f"tag:{tag.id}") for tag in page.items[:10])
