"""What the store reports, shown: the artist's About, the chart's week, every track of a box set,
"Not available in your country", preview buttons only where a preview exists, a tab per release type,
formats only for sale."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt

from app.models.tracks import Column
from app.sandbox.generate import (
    BOX_SETS,
    NO_PREVIEW_IN_GB,
    NOT_SOLD_IN_GB,
    UPCOMING_PREVIEW,
)
from app.ui.artist_view import RELEASE_TYPES, ArtistView
from app.ui.home_view import HomeView
from app.ui.release_view import ReleaseView
from tests.ui.conftest import open_release, save_shot


def _artist_with_types(client):
    """An artist of the demo catalogue with releases of more than one type."""
    for artist in client.search_artists("the", 1, 20).items:
        page = client.artist_releases(artist.id, 1, 50)
        if len({r.type for r in page.items}) > 1:
            return artist, page
    raise AssertionError("no artist with several release types in the demo catalogue")


def test_artist_page_shows_about_and_a_tab_per_release_type_that_add_up(qtbot, parts, client, tmp_path):
    artist, releases = _artist_with_types(client)
    window = parts.window
    window.open(f"artist:{artist.id}")
    view = window.current_view
    assert isinstance(view, ArtistView)
    bio = client.artist(artist.id).bio
    qtbot.waitUntil(lambda: view.about.text() == bio.strip() and view.about.isVisible(), timeout=10_000)
    assert view.about_heading.text() == "About"
    # the section pushes what follows down (no overlap once laid out)
    qtbot.waitUntil(lambda: view.about.geometry().bottom() < view.top_table.geometry().top()
                    and view.top_table.geometry().bottom() < view.release_tabs.geometry().top(), timeout=5_000)
    qtbot.waitUntil(lambda: not any(m.loading for m in view.release_models)
                    and view.releases.total == releases.total_items, timeout=10_000)
    qtbot.waitUntil(lambda: sum(m.total for m in view.release_models[1:]) == view.releases.total, timeout=10_000)
    kinds = {r.type for r in releases.items}
    shown = {kind for (_label, kind), i in zip(RELEASE_TYPES, range(len(RELEASE_TYPES)))
             if kind and view.release_tabs.isTabVisible(i)}
    assert kinds <= shown                       # every type the store reports has its tab
    save_shot(window, tmp_path, "artist-page-about")


def test_home_heading_names_the_charts_week(qtbot, parts, client, tmp_path):
    window = parts.window
    window.open("home")
    view = window.current_view
    assert isinstance(view, HomeView)
    day = client.release_chart().chart.to_date
    expected = "Top releases, week ending " + QLocale().toString(QDate(day.year, day.month, day.day), "d MMM")
    qtbot.waitUntil(lambda: view.chart_heading.text() == expected and view.chart.rowCount() > 0, timeout=10_000)
    save_shot(window, tmp_path, "home-chart-week")


def test_release_page_pages_through_every_track_of_a_box_set(qtbot, parts, client, monkeypatch):
    box = BOX_SETS[0]
    total = client.release_tracks(box, 1, 10).total_items
    assert total > 50
    monkeypatch.setattr(ReleaseView, "track_page_size", 25)     # several pages however the store caps
    view = open_release(qtbot, parts.window, box)
    qtbot.waitUntil(lambda: view.tracks.rowCount() == total, timeout=10_000)
    numbers = [(t.disc_number, t.track_number) for t in view.tracks.tracks()]
    assert len(set(numbers)) == total                            # no page twice, none left out


def test_a_release_not_sold_here_says_so_and_hides_its_formats(qtbot, parts, client, tmp_path):
    view = open_release(qtbot, parts.window, NOT_SOLD_IN_GB)
    qtbot.waitUntil(lambda: view.mark_badge.isVisible(), timeout=10_000)
    assert view.mark_badge.accessibleName() == "Not available in your country"
    assert not view.add_button.isEnabled() and not view.formats.isVisible() and not view.price.isVisible()
    model = view.tracks
    add = model.column_of(Column.ADD)
    assert model.index(0, add).data(Qt.ItemDataRole.ToolTipRole) == "Not available in your country"
    save_shot(parts.window, tmp_path, "release-not-sold")
    sold = open_release(qtbot, parts.window, client.search_releases("love", 1, 1).items[0].id)
    assert sold.formats.isVisible() and "MP3 320" in sold.formats.text()


def _preview_clicks(qtbot, view):
    clicked = []
    view.table.preview_clicked.connect(clicked.append)
    model, table = view.tracks, view.table
    rect = table.visualRect(model.index(0, model.column_of(Column.PREVIEW)))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    table.setFocus()
    table.setCurrentIndex(model.index(0, model.column_of(Column.TITLE)))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    return clicked


def test_tracks_without_a_preview_have_no_preview_button(qtbot, parts):
    view = open_release(qtbot, parts.window, NO_PREVIEW_IN_GB)
    model = view.tracks
    index = model.index(0, model.column_of(Column.PREVIEW))
    assert index.data(Qt.ItemDataRole.DecorationRole) is None
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEnabled
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "No preview in your country"
    assert _preview_clicks(qtbot, view) == [] and not view.preview_button.isEnabled()


def test_tracks_whose_preview_opens_later_say_when(qtbot, parts):
    view = open_release(qtbot, parts.window, UPCOMING_PREVIEW)
    track = view.tracks.track(0)
    assert track.preview_date > date.today()
    index = view.tracks.index(0, view.tracks.column_of(Column.PREVIEW))
    assert index.data(Qt.ItemDataRole.DecorationRole) is None
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith("Preview from ")
    assert _preview_clicks(qtbot, view) == []


def test_a_track_with_a_preview_still_has_its_button(qtbot, parts, client):
    view = open_release(qtbot, parts.window, client.search_releases("love", 1, 1).items[0].id)
    index = view.tracks.index(0, view.tracks.column_of(Column.PREVIEW))
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    assert len(_preview_clicks(qtbot, view)) == 2
