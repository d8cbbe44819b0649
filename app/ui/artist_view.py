"""One artist: image, name, tags; releases by type (tabs), top tracks and similar artists."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.models.artists import ArtistListModel
from app.models.releases import ReleaseListModel
from app.models.roles import ItemRole
from app.models.tracks import Column, TrackTableModel
from app.services.catalogue import Catalogue
from app.services.covers import CoverLoader
from app.services.tasks import TaskRunner
from app.ui.chips import ChipRow
from app.ui.cover_label import CoverLabel
from app.ui.delegates import CardView
from app.ui.errors import ErrorBanner
from app.ui.track_table import TrackTable
from app.ui.view_base import BrowseView, make_label

if TYPE_CHECKING:   # app.api is heavy to import; keep it off the start-up path
    from app.api import Artist

# (tab label, the `type` filter for artist/releases; None = every type)
RELEASE_TYPES = (("All releases", None), ("Albums", "album"), ("Singles", "single"), ("Videos", "video"))
TOP_TRACK_COLUMNS = (Column.PREVIEW, Column.TITLE, Column.DURATION, Column.PRICE, Column.ADD)


class ArtistView(BrowseView):
    def __init__(self, artist_id: str, catalogue: Catalogue, runner: TaskRunner, covers: CoverLoader,
                 window_state=None, parent: QWidget | None = None):
        super().__init__(f"artist:{artist_id}", parent)
        self.setObjectName("artist_view")
        self.artist_id = artist_id
        self.artist: Artist | None = None
        self._catalogue, self._runner, self._window_state = catalogue, runner, window_state
        self._tokens = []
        self.release_models = [ReleaseListModel(covers, runner, edge=150, parent=self) for _ in RELEASE_TYPES]
        self.top_tracks = TrackTableModel(runner, TOP_TRACK_COLUMNS, parent=self)
        self._register_tracks(self.top_tracks)
        self.similar = ArtistListModel(covers, runner, edge=96, parent=self)
        self._setup_ui(covers)
        self.reload()

    @property
    def releases(self) -> ReleaseListModel:
        """Every release of the artist (the first tab)."""
        return self.release_models[0]

    def reload(self) -> None:
        self.stop()
        self.banner.hide()
        client, aid = self._catalogue.client, self.artist_id
        self._tokens = [
            self._runner.submit(lambda token: client.artist(aid), self._on_artist_loaded, self._on_failed),
            self._runner.submit(lambda token: client.artist_tags(aid), self._on_tags_loaded, lambda exc: None),
        ]
        for model, (_label, kind) in zip(self.release_models, RELEASE_TYPES):
            model.load(lambda page, size, kind=kind: client.artist_releases(aid, page, size, type=kind),
                       page_size=30)
        self.top_tracks.load(lambda page, size: client.artist_top_tracks(aid, page, size), page_size=10)
        self.similar.load(lambda page, size: client.artist_similar(aid, page, size), page_size=12)

    def main_list(self):
        return self.release_tabs.currentWidget()

    def stop(self) -> None:
        for token in self._tokens:
            self._runner.cancel(token)
        self._tokens = []
        for model in (*self.release_models, self.similar):
            model.clear()
        self.top_tracks.clear()

    # -- private ---------------------------------------------------------------------------
    def _setup_ui(self, covers: CoverLoader) -> None:
        self.image = CoverLabel(covers, 120, round_=True)
        self.heading = make_label("", "title", selectable=True)
        self.tags = ChipRow()
        self.tags.chip_clicked.connect(self.open_requested)
        self.banner = ErrorBanner()
        self.banner.retry_requested.connect(self.reload)
        info = QVBoxLayout()
        info.setSpacing(8)
        info.addStretch(1)
        info.addWidget(make_label("ARTIST", "muted"))
        info.addWidget(self.heading)
        info.addWidget(self.tags)
        info.addStretch(1)
        header = QHBoxLayout()
        header.setSpacing(20)
        header.addWidget(self.image)
        header.addLayout(info, 1)

        self.release_tabs = QTabWidget()
        self.release_tabs.setDocumentMode(True)
        for number, (model, (label, _kind)) in enumerate(zip(self.release_models, RELEASE_TYPES)):
            grid = CardView(edge=150)
            grid.setModel(model)
            grid.item_activated.connect(self._on_card_activated)
            self.release_tabs.addTab(grid, label)
            model.total_changed.connect(lambda total, number=number: self._on_release_total(number, total))
            model.page_failed.connect(self._on_failed)
        self.release_grid = self.release_tabs.widget(0)

        self.top_table = TrackTable(self.top_tracks)
        self.top_table.preview_clicked.connect(self.preview_requested)
        self.top_table.add_clicked.connect(lambda track: self.add_to_basket_requested.emit(track.release, track))
        self.top_table.location_clicked.connect(self.open_requested)
        self.top_tracks.page_failed.connect(self._on_failed)
        self.similar_grid = CardView(edge=96, round_=True, lines=1)
        self.similar_grid.setModel(self.similar)
        self.similar_grid.item_activated.connect(self._on_card_activated)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(12, 0, 0, 0)
        side_layout.addWidget(make_label("Top tracks", "section"))
        side_layout.addWidget(self.top_table, 3)
        side_layout.addWidget(make_label("Similar artists", "section"))
        side_layout.addWidget(self.similar_grid, 2)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("artist_splitter")
        self.splitter.addWidget(self.release_tabs)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        if self._window_state is not None:
            self._window_state.track_splitter(self.splitter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 8)
        layout.setSpacing(12)
        layout.addWidget(self.banner)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)

    def _on_release_total(self, number: int, total: int) -> None:
        label = RELEASE_TYPES[number][0]
        self.release_tabs.setTabText(number, f"{label} ({total:,})")
        if number > 0:
            self.release_tabs.setTabVisible(number, total > 0)
        if number == 0:
            self.content_ready.emit()

    def _on_card_activated(self, index) -> None:
        location = index.data(ItemRole.LOCATION)
        if location:
            self.open_requested.emit(location)

    def _on_artist_loaded(self, artist: Artist) -> None:
        self.artist = artist
        self.heading.setText(artist.name)
        self._set_title(artist.name)
        self.image.set_url(artist.image)

    def _on_tags_loaded(self, page) -> None:
        self.tags.set_chips((tag.text, f"tag:{tag.id}") for tag in page.items[:10])

    def _on_failed(self, exc: Exception) -> None:
        self.banner.show_error(exc)
