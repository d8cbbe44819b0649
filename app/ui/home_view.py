"""The front page: this week's charts, new releases and genres, as horizontal strips."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.models.artists import ArtistListModel
from app.models.releases import ReleaseListModel
from app.models.roles import ItemRole
from app.models.tracks import SEARCH_COLUMNS, TrackTableModel
from app.services.catalogue import Catalogue
from app.services.covers import CoverLoader
from app.services.tasks import TaskRunner
from app.ui.chips import ChipRow
from app.ui.delegates import CardView
from app.ui.errors import ErrorBanner
from app.ui.track_table import TrackTable
from app.ui.view_base import BrowseView, fill_with_scrolling, make_label

NEW_RELEASE_DAYS = 60


def chart_items(page) -> Page:
    """A chart page as a page of the things charted (releases, artists or tracks)."""
    from app.api import Page   # runs on a worker; app.api is loaded by then
    return Page(tuple(entry.item for entry in page.items), page.page, page.page_size, page.total_items)


class HomeView(BrowseView):
    def __init__(self, catalogue: Catalogue, runner: TaskRunner, covers: CoverLoader,
                 parent: QWidget | None = None, today=date.today):
        super().__init__("home", parent)
        self.setObjectName("home_view")
        self._catalogue, self._runner, self._today = catalogue, runner, today
        self._tag_token = None
        self.chart = ReleaseListModel(covers, runner, edge=150, parent=self)
        self.new_releases = ReleaseListModel(covers, runner, edge=150, parent=self)
        self.artists = ArtistListModel(covers, runner, edge=120, parent=self)
        self.top_tracks = TrackTableModel(runner, SEARCH_COLUMNS, parent=self)
        self.top_tracks.auto_fetch = False           # the first ten, in a table sized to fit
        self._register_tracks(self.top_tracks)
        self._setup_ui()
        self._set_title(self.tr("Home"))
        self.reload()

    def reload(self) -> None:
        self.stop()
        self.banner.hide()
        client = self._catalogue.client
        today = self._today()
        start = today - timedelta(days=NEW_RELEASE_DAYS)
        self.chart.load(lambda page, size: chart_items(client.release_chart("week", None, page, size)), 20)
        self.new_releases.load(lambda page, size: client.new_releases(start, today, page, size), 20)
        self.artists.load(lambda page, size: chart_items(client.artist_chart("week", None, page, size)), 20)
        self.top_tracks.load(lambda page, size: chart_items(client.track_chart("week", None, page, size)), 10)
        self._tag_token = self._runner.submit(lambda token: client.tags(1, 40), self._on_tags_loaded,
                                              self._on_failed)

    def main_list(self):
        return self.chart_strip

    def stop(self) -> None:
        for model in (self.chart, self.new_releases, self.artists, self.top_tracks):
            model.clear()
        self._runner.cancel(self._tag_token)
        self._tag_token = None

    def _setup_ui(self) -> None:
        self.banner = ErrorBanner()
        self.banner.retry_requested.connect(self.reload)
        self.chart_strip = self._strip(self.chart, 150)
        self.new_strip = self._strip(self.new_releases, 150)
        self.artist_strip = self._strip(self.artists, 120, round_=True, lines=1)
        self.track_table = TrackTable(self.top_tracks)
        self.track_table.preview_clicked.connect(self.preview_requested)
        self.track_table.add_clicked.connect(lambda track: self.add_to_basket_requested.emit(track.release, track))
        self.track_table.location_clicked.connect(self.open_requested)
        self.top_tracks.page_failed.connect(self._on_failed)
        self.top_tracks.rowsInserted.connect(lambda *_: self.track_table.fit_height())
        self.genres = ChipRow()
        self.genres.chip_clicked.connect(self.open_requested)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 16, 24, 24)
        layout.setSpacing(8)
        layout.addWidget(self.banner)
        layout.addWidget(make_label(self.tr("Discover"), "title"))
        for heading, widget in ((self.tr("Top releases this week"), self.chart_strip),
                                (self.tr("New releases"), self.new_strip),
                                (self.tr("Top artists this week"), self.artist_strip),
                                (self.tr("Top tracks this week"), self.track_table),
                                (self.tr("Browse by genre"), self.genres)):
            layout.addSpacing(8)
            layout.addWidget(make_label(heading, "section"))
            layout.addWidget(widget)
        layout.addStretch(1)
        fill_with_scrolling(self, body)

    def _strip(self, model, edge: int, round_: bool = False, lines: int = 3) -> CardView:
        strip = CardView(edge=edge, round_=round_, strip=True, lines=lines)
        strip.setModel(model)
        strip.item_activated.connect(lambda index: self.open_requested.emit(index.data(ItemRole.LOCATION)))
        self._attach_card_menu(strip)
        model.page_failed.connect(self._on_failed)
        return strip

    def _on_tags_loaded(self, page) -> None:
        self._tag_token = None
        self.genres.set_chips((tag.text, f"tag:{tag.id}") for tag in page.items)
        self.content_ready.emit()

    def _on_failed(self, exc: Exception) -> None:
        self._tag_token = None
        self.banner.show_error(exc)
