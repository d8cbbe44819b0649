"""Every view rendered with real data and covers; screenshots land in tmp_path and /tmp/team/shots."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QScrollArea

from app.models.roles import ItemRole
from app.ui.artist_view import ArtistView
from app.ui.home_view import HomeView
from app.ui.release_view import ReleaseView
from app.ui.tag_view import TagView
from tests.ui.conftest import save_shot


def wait_covers(qtbot, parts, model=None):
    if model is not None:
        qtbot.waitUntil(lambda: model.rowCount() > 0 and model.cover_ready(0), timeout=10_000)
    qtbot.waitUntil(lambda: parts.covers.pending == 0, timeout=10_000)


def is_placeholder_grey(colour: QColor) -> bool:
    return abs(colour.red() - colour.green()) < 6 and abs(colour.green() - colour.blue()) < 6


def test_every_view_renders_with_covers(qtbot, parts, tmp_path):
    window = parts.window
    home = window.current_view
    assert isinstance(home, HomeView)
    qtbot.waitUntil(lambda: home.chart.rowCount() > 0 and bool(home.genres.buttons()), timeout=10_000)
    wait_covers(qtbot, parts, home.chart)
    save_shot(window, tmp_path, "home")
    qtbot.waitUntil(lambda: home.top_tracks.rowCount() > 0 and home.artists.rowCount() > 0, timeout=10_000)
    wait_covers(qtbot, parts, home.artists)
    save_shot(home.findChild(QScrollArea).widget(), tmp_path, "home-whole-page")

    with qtbot.waitSignal(parts.search.finished, timeout=10_000):
        qtbot.keyClicks(window.search_box, "the")
    view = window.search_view
    wait_covers(qtbot, parts, view.models["releases"])
    shot = save_shot(window, tmp_path, "search-releases")
    # The first card shows its cover, not the grey placeholder.
    grid = view.release_grid
    rect = grid.visualRect(view.models["releases"].index(0))
    probe = grid.viewport().mapTo(window, rect.center())
    grabbed = window.grab()
    scale = grabbed.devicePixelRatio()                       # 2 on a HiDPI screen (QT_SCALE_FACTOR=2)
    colour = grabbed.toImage().pixelColor(round(probe.x() * scale), round((probe.y() - 20) * scale))
    assert not is_placeholder_grey(colour), f"see {shot}"
    view.tabs.setCurrentIndex(2)
    save_shot(window, tmp_path, "search-tracks")
    view.tabs.setCurrentIndex(0)
    wait_covers(qtbot, parts, view.models["artists"])
    save_shot(window, tmp_path, "search-artists")

    release = view.models["releases"].index(0).data(ItemRole.RECORD)
    window.open(f"release:{release.id}")
    page = window.current_view
    assert isinstance(page, ReleaseView)
    qtbot.waitUntil(lambda: page.tracks.rowCount() > 0 and page.release is not None, timeout=10_000)
    qtbot.waitUntil(lambda: page.cover.has_cover, timeout=10_000)
    save_shot(window, tmp_path, "release")

    window.open(f"artist:{release.artist.id}")
    artist = window.current_view
    assert isinstance(artist, ArtistView)
    qtbot.waitUntil(lambda: artist.releases.rowCount() > 0 and artist.top_tracks.rowCount() > 0,
                    timeout=10_000)
    wait_covers(qtbot, parts, artist.releases)
    save_shot(window, tmp_path, "artist")

    window.open("tag:rock")
    tag = window.current_view
    assert isinstance(tag, TagView)
    qtbot.waitUntil(lambda: tag.model.rowCount() > 0, timeout=10_000)
    wait_covers(qtbot, parts, tag.model)
    save_shot(window, tmp_path, "tag")


def test_dark_scheme_is_readable(qtbot, parts, tmp_path, client):
    from PySide6.QtWidgets import QApplication

    from app.ui.theme import apply_theme

    app = QApplication.instance()
    apply_theme(app, dark=True)
    try:
        release = client.search_releases("love", 1, 1).items[0]
        parts.window.open(f"release:{release.id}")
        page = parts.window.current_view
        qtbot.waitUntil(lambda: page.tracks.rowCount() > 0 and page.cover.has_cover, timeout=10_000)
        path = save_shot(parts.window, tmp_path, "release-dark")
        image = parts.window.grab().toImage()
        background = image.pixelColor(image.width() // 2, image.height() - 30 * round(image.devicePixelRatio()))
        title = page.heading.palette().color(page.heading.foregroundRole())
        assert background.lightness() < 80 and title.lightness() > 180, f"see {path}"
    finally:
        apply_theme(app, dark=None)


def test_start_page_shows_progress_then_failure_with_retry(qtbot, tmp_path):
    from app.ui.startup_page import StartupPage

    page = StartupPage()
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    qtbot.waitExposed(page)
    page.set_progress("Starting the built-in store. The first start builds its catalogue, which takes a "
                      "few seconds…")
    message = page.message
    qtbot.waitUntil(lambda: message.height() >= message.heightForWidth(message.width()))   # nothing clipped
    save_shot(page, tmp_path, "startup")
    assert not page.retry_button.isVisible()
    page.set_failed("The store could not be reached. Check your connection and try again.")
    assert page.retry_button.isVisible() and not page.progress.isVisible()
    with qtbot.waitSignal(page.retry_requested):
        qtbot.mouseClick(page.retry_button, Qt.MouseButton.LeftButton)
