"""The front page: this week's charts, new releases and genres, as horizontal strips."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.models.artists import ArtistListModel
from app.models.releases import ReleaseListModel
from app.models.roles import ItemRole
from app.models.tracks import SEARCH_COLUMNS, TrackTableModel
from app.ui.chips import ChipRow
from app.ui.delegates import CardView
from app.ui.track_table import TrackTable
from app.ui.view_base import BrowseView, ViewServices, fill_with_scrolling, make_label

CHART_SIZE = 20


class HomeView(BrowseView):
    def __init__(self, argument: str, services: ViewServices, parent: QWidget | None = None, today=date.today):
        super().__init__("home", services, parent)
        self.setObjectName("home_view")
        self._today = today
        covers = services.covers
        self.chart = ReleaseListModel(covers, self.catalogue, edge=150, parent=self)
        self.new_releases = ReleaseListModel(covers, self.catalogue, edge=150, parent=self)
        self.artists = ArtistListModel(covers, self.catalogue, edge=120, parent=self)
        for model in (self.chart, self.new_releases, self.artists):
            self._register_list(model)
        self.top_tracks = TrackTableModel(self.catalogue, SEARCH_COLUMNS, parent=self)
        self.top_tracks.auto_fetch = False           # the first ten, in a table sized to fit
        self._register_tracks(self.top_tracks)
        self._setup_ui(covers)
        self._set_title(self.tr("Home"))
        self.reload()

    def load(self) -> None:
        catalogue = self.catalogue
        # The chart's first page comes through the view, which reads its dates for the heading.
        top = catalogue.top_releases()
        self.chart.clear()
        self.jobs.run(lambda client: top(client, 1, CHART_SIZE),
                      lambda page: self._on_chart_loaded(page, top), self.show_error)
        self.new_releases.load(catalogue.recent_releases(self._today()), 20)
        self.artists.load(catalogue.top_artists(), 20)
        self.top_tracks.load(catalogue.top_tracks(), 10)
        self.jobs.run(catalogue.genres(), self._on_tags_loaded, self.show_error)

    def main_list(self):
        return self.chart_strip

    def _setup_ui(self, covers) -> None:
        self.chart_strip = self._strip(self.chart, 150)
        self.new_strip = self._strip(self.new_releases, 150)
        self.artist_strip = self._strip(self.artists, 120, round_=True, lines=1)
        self.track_table = TrackTable(self.top_tracks)
        self.track_table.preview_clicked.connect(self.preview_requested)
        self.track_table.add_clicked.connect(lambda track: self.add_to_basket_requested.emit(track.release, track))
        self.track_table.location_clicked.connect(self.open_requested)
        self.top_tracks.rowsInserted.connect(lambda *_: self.track_table.fit_height())
        self.genres = ChipRow()
        self.genres.chip_clicked.connect(self.open_requested)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 16, 24, 24)
        layout.setSpacing(8)
        layout.addWidget(self.banner)
        layout.addWidget(make_label(self.tr("Discover"), "title"))
        self.chart_heading = make_label(self.tr("Top releases this week"), "section")
        self.chart_heading.setObjectName("chart_heading")
        for heading, widget in ((self.chart_heading, self.chart_strip),
                                (self.tr("New releases"), self.new_strip),
                                (self.tr("Top artists this week"), self.artist_strip),
                                (self.tr("Top tracks this week"), self.track_table),
                                (self.tr("Browse by genre"), self.genres)):
            layout.addSpacing(8)
            heading = heading if isinstance(heading, QWidget) else make_label(heading, "section")
            widget.setAccessibleName(heading.text())       # a screen reader names the list after its heading
            layout.addWidget(heading)
            layout.addWidget(widget)
        layout.addStretch(1)
        fill_with_scrolling(self, body)

    def _strip(self, model, edge: int, round_: bool = False, lines: int = 3) -> CardView:
        strip = CardView(edge=edge, round_=round_, strip=True, lines=lines)
        strip.setModel(model)
        strip.item_activated.connect(lambda index: self.open_requested.emit(index.data(ItemRole.LOCATION)))
        self._attach_card_menu(strip)
        return strip

    def _on_chart_loaded(self, page, fetch) -> None:
        self.chart.show_page(page, fetch)
        chart = getattr(page, "chart", None)
        day = chart.to_date if chart is not None else None
        if day is None:
            self.chart_heading.setText(self.tr("Top releases this week"))
            return
        when = QLocale().toString(QDate(day.year, day.month, day.day),
                                  self.tr("d MMM", "the last day of a chart week (QDate format)"))
        self.chart_heading.setText(self.tr("Top releases, week ending {date}").format(date=when))

    def _on_tags_loaded(self, page) -> None:
        self.genres.set_chips((tag.text, f"tag:{tag.id}") for tag in page.items)
        self.show_ready()
