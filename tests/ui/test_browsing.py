"""The browsing flows, end to end on the embedded store over loopback: the whole window, real clicks."""
from PySide6.QtCore import Qt

from app.models.roles import ItemRole
from app.ui.artist_view import ArtistView
from app.ui.release_view import ReleaseView


def search(qtbot, parts, text):
    with qtbot.waitSignal(parts.search.finished, timeout=10_000):
        qtbot.keyClicks(parts.window.search_box, text)
    return parts.window.search_view


def click_card(qtbot, grid, row=0):
    index = grid.model().index(row)
    grid.scrollTo(index)
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.visualRect(index).center())


def test_typing_shows_results_and_only_the_newest_querys(qtbot, parts, sandbox):
    for path in ("artist/search", "release/search", "track/search"):
        sandbox.faults.latency(300, path=path)       # "lo" will still be on its way when "love" starts
    shown, dropped = [], []
    parts.search.results_ready.connect(lambda query, kind, page: shown.append((query, kind)))
    parts.runner.discarded.connect(lambda: dropped.append(True))
    box = parts.window.search_box
    with qtbot.waitSignal(parts.search.request_started, check_params_cb=lambda q: q == "lo", timeout=5000):
        qtbot.keyClicks(box, "lo")
    with qtbot.waitSignal(parts.search.finished, check_params_cb=lambda q: q == "love", timeout=10_000):
        qtbot.keyClicks(box, "ve")
    qtbot.waitUntil(lambda: len(dropped) >= 1, timeout=5000)    # the "lo" answer came, and was dropped
    assert sorted(shown) == [("love", "artists"), ("love", "releases"), ("love", "tracks")]
    view = parts.window.search_view
    releases = view.models["releases"]
    assert releases.rowCount() > 0
    assert all("love" in r.title.lower() or "love" in r.artist.name.lower() for r in releases.records())
    assert view.tabs.tabText(1) == f"Releases ({releases.total:,})"
    assert parts.window.navigator.current == "search:love"


def test_enter_searches_at_once_and_nothing_found_says_so(qtbot, parts):
    box = parts.window.search_box
    qtbot.keyClicks(box, "zzqxj")
    with qtbot.waitSignal(parts.search.finished, timeout=5000):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    view = parts.window.search_view
    assert "Nothing found" in view.status.text()
    assert view.tabs.tabText(1) == "Releases (0)"


def test_scrolling_to_the_end_loads_the_next_page(qtbot, parts):
    view = search(qtbot, parts, "love")
    releases = view.models["releases"]
    first = releases.rowCount()
    assert first == parts.search.page_size < releases.total
    bar = view.release_grid.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())                      # the user drags to the end
    qtbot.waitUntil(lambda: releases.rowCount() == min(2 * first, releases.total), timeout=10_000)
    titles = [r.id for r in releases.records()]
    assert len(set(titles)) == len(titles)           # page 2 follows page 1, no repeats


def test_clicking_an_artist_opens_the_artist_view_with_its_releases(qtbot, parts):
    view = search(qtbot, parts, "the")
    view.tabs.setCurrentIndex(0)
    artist = view.models["artists"].index(0).data(ItemRole.RECORD)
    click_card(qtbot, view.artist_grid)
    page = parts.window.current_view
    assert isinstance(page, ArtistView) and page.artist_id == str(artist.id)
    qtbot.waitUntil(lambda: page.releases.rowCount() > 0 and page.artist is not None, timeout=10_000)
    assert page.heading.text() == artist.name
    assert all(r.artist.id == artist.id for r in page.releases.records())
    assert page.release_tabs.tabText(0) == f"All releases ({page.releases.total:,})"
    assert parts.window.windowTitle().startswith(artist.name)
    if page.releases.total > page.releases.rowCount():         # more than one page: "Show more"
        assert page.more_button.isVisible()
        shown = page.releases.rowCount()
        qtbot.mouseClick(page.more_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.releases.rowCount() > shown, timeout=10_000)
        assert page.release_grid.height() >= page.release_grid.gridSize().height() * 2


def test_clicking_a_release_shows_its_tracklist_with_prices(qtbot, parts):
    view = search(qtbot, parts, "love")
    release = view.models["releases"].index(0).data(ItemRole.RECORD)
    click_card(qtbot, view.release_grid)
    page = parts.window.current_view
    assert isinstance(page, ReleaseView)
    with qtbot.waitSignal(page.content_ready, timeout=10_000):
        pass
    model = page.tracks
    assert model.rowCount() == release.track_count
    price_col = model.columns.index(next(c for c in model.columns if c.value == "price"))
    prices = [model.index(row, price_col).data() for row in range(model.rowCount())]
    assert all(p.startswith("£") or p == "Not for sale" for p in prices), prices
    assert page.heading.text().startswith(release.title)
    assert page.price.text().startswith("£")


def test_back_and_forward_restore_the_views_as_they_were(qtbot, parts):
    window = parts.window
    view = search(qtbot, parts, "love")
    before = [r.id for r in view.models["releases"].records()]
    click_card(qtbot, view.release_grid, 1)
    release_page = window.current_view
    # all of it: a page left while still loading loads again when shown (BrowseView.leave)
    qtbot.waitUntil(lambda: release_page.release is not None and not release_page.loading, timeout=10_000)
    window.open(f"artist:{release_page.release.artist.id}")
    artist_page = window.current_view
    requests = []
    parts.runner.busy_changed.connect(lambda busy: busy and requests.append(True))

    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_view is release_page                      # the same page, not a reload
    window.back_action.trigger()
    assert window.current_view is view and window.search_box.text() == "love"
    assert [r.id for r in view.models["releases"].records()] == before
    window.forward_action.trigger()
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.current_view is artist_page
    assert requests == []                                            # nothing was fetched again
    assert not window.forward_action.isEnabled() and window.back_action.isEnabled()


def test_mouse_back_button_goes_back(qtbot, parts):
    window = parts.window
    window.open("tag:rock")
    tag_page = window.current_view
    window.open("tag:pop")
    grid = window.current_view.grid
    qtbot.waitUntil(lambda: grid.model().rowCount() > 0, timeout=10_000)
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.BackButton, pos=grid.visualRect(grid.model().index(0)).center())
    assert window.current_view is tag_page
    qtbot.mouseClick(tag_page, Qt.MouseButton.ForwardButton)
    assert window.current_view.location == "tag:pop"


def test_a_failing_request_shows_a_sentence_and_retry_works(qtbot, parts, sandbox, client):
    release = client.search_releases("love", 1, 1).items[0]
    sandbox.faults.error(7001, "Unable to perform action", path="release/details")
    parts.window.open(f"release:{release.id}")
    page = parts.window.current_view
    qtbot.waitUntil(lambda: page.banner.isVisible(), timeout=10_000)
    assert "Unable to perform action" in page.banner.message.text()
    assert "Traceback" not in page.banner.message.text()
    assert page.banner.retry_button.isVisible() and page.release is None

    sandbox.faults.clear()
    with qtbot.waitSignal(page.content_ready, timeout=10_000):
        qtbot.mouseClick(page.banner.retry_button, Qt.MouseButton.LeftButton)
    assert not page.banner.isVisible()
    assert page.release is not None and page.release.id == release.id
    assert page.tracks.rowCount() > 0


def test_a_failing_search_offers_retry(qtbot, parts, sandbox):
    sandbox.faults.http_status(503, path="release/search")
    view = search(qtbot, parts, "love")
    assert view.banner.isVisible() and view.banner.retry_button.isVisible()
    assert view.tabs.tabText(1) == "Releases"
    sandbox.faults.clear()
    with qtbot.waitSignal(parts.search.finished, timeout=10_000):
        qtbot.mouseClick(view.banner.retry_button, Qt.MouseButton.LeftButton)
    assert view.models["releases"].rowCount() > 0 and not view.banner.isVisible()


def test_changing_the_country_reprices_what_is_shown(qtbot, parts, client):
    release = client.search_releases("love", 1, 1).items[0]
    window = parts.window
    window.open(f"release:{release.id}")
    page = window.current_view
    qtbot.waitUntil(lambda: page.release is not None and page.tracks.rowCount() > 0, timeout=10_000)
    assert page.price.text().startswith("£")
    box = window.country_box
    with qtbot.waitSignal(page.content_ready, timeout=10_000):
        box.setCurrentIndex(box.findData("US"))
        box.activated.emit(box.currentIndex())
    assert page.release.price.currency_code == "USD"
    assert page.price.text().startswith("$")
    assert parts.store.client.country == "US" and parts.settings.country == "US"


def test_results_shown_again_after_a_country_change_are_repriced(qtbot, parts):
    window = parts.window
    view = search(qtbot, parts, "love")
    assert view.models["releases"].records()[0].price.currency_code == "GBP"
    window.open("tag:rock")
    parts.store.set_country("US")
    with qtbot.waitSignal(parts.search.finished, timeout=10_000):
        window.back_action.trigger()
    assert window.current_view is view
    assert view.models["releases"].records()[0].price.currency_code == "USD"


def test_pasting_a_store_link_opens_its_page(qtbot, parts, client):
    release = client.search_releases("love", 1, 1).items[0]
    window = parts.window
    window.search_box.setText(release.url)
    window.search_box.textEdited.emit(release.url)           # what a paste does
    qtbot.waitUntil(lambda: isinstance(window.current_view, ReleaseView), timeout=10_000)
    assert window.current_view.release_id == str(release.id)


def test_keyboard_only_search_to_release(qtbot, parts):
    window = parts.window
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()
    view = search(qtbot, parts, "love")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)       # into the results
    grid = view.release_grid
    assert grid.hasFocus()
    grid.setCurrentIndex(grid.model().index(0))
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert grid.currentIndex().row() == 1
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert isinstance(window.current_view, ReleaseView)
    table = window.current_view.table
    qtbot.waitUntil(lambda: table.model().rowCount() > 0, timeout=10_000)
    previews = []
    window.play_from_requested.connect(previews.append)     # a release plays on from the row
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 1))
    qtbot.keyClick(table, Qt.Key.Key_Return)                 # Enter previews the track
    assert previews == [tuple(table.model().tracks())]


def test_preview_and_add_buttons_emit_for_the_player_and_basket(qtbot, parts, client):
    from tests.player.playback import shut_down_player

    release = client.search_releases("love", 1, 1).items[0]
    window = parts.window
    try:
        window.open(f"release:{release.id}")
        page = window.current_view
        qtbot.waitUntil(lambda: page.release is not None and page.tracks.rowCount() > 0, timeout=10_000)
        previews, adds, queued = [], [], []
        window.play_from_requested.connect(lambda tracks: previews.append(tracks[0]))
        window.add_to_basket_requested.connect(lambda rel, track: adds.append((rel.id, track and track.id)))
        window.preview_all_requested.connect(queued.append)
        table, model = page.table, page.tracks
        for column, name in ((0, "preview"), (model.rowCount() and len(model.columns) - 1, "add")):
            rect = table.visualRect(model.index(0, column))
            qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
        first = model.track(0)
        assert previews == [first]
        assert adds == [(release.id, first.id), (release.id, None)]
        assert queued == [model.tracks()]
        table.setFocus()
        qtbot.keyClick(table, Qt.Key.Key_A,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert adds[-1] == (release.id, None)                     # the whole release, by keyboard

        window.set_playing_track(first.id)
        assert model.index(0, 0).data(ItemRole.PLAYING) is True
        window.set_previews_enabled(False)
        assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEnabled
    finally:
        # The preview clicks really play: end that while the store is still up (see the helper).
        shut_down_player(qtbot, parts.player, settle=True)
