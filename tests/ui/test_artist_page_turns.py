"""An artist page is built over several event-loop turns (issue 18: no turn longer than a frame),
and is whole and in order whatever asks for it first."""
from __future__ import annotations

from PySide6.QtCore import QPoint

from app.ui.artist_view import ArtistView
from tests.ui.conftest import save_shot

PARTS = ("image", "heading", "about", "top_table", "release_tabs", "release_grid", "more_button",
         "similar_heading", "similar_strip")


def _artist_id(client) -> str:
    return str(client.search_releases("love", 1, 5).items[0].artist.id)


def test_the_parts_come_on_later_turns_and_the_page_is_whole_and_in_order(qtbot, parts, client, tmp_path):
    window = parts.window
    window.open(f"artist:{_artist_id(client)}")
    page = window.current_view
    assert isinstance(page, ArtistView)
    assert not any(name in vars(page) for name in PARTS)            # not in the turn that opened it
    qtbot.waitUntil(lambda: "similar_strip" in vars(page), timeout=5000)     # nobody asked: built on its own
    qtbot.waitUntil(lambda: page.artist is not None and page.releases.rowCount() > 0
                    and page.top_tracks.rowCount() > 0 and not page.releases.loading, timeout=10_000)

    def top(widget) -> int:
        return widget.mapTo(page.scroll.widget(), QPoint(0, 0)).y()

    # Image and name, top tracks, the release tabs and grid, similar artists: in that order, as before.
    # Laid out whole: no part over another (the body's layout settles after the last insert).
    qtbot.waitUntil(lambda: page.top_table.geometry().bottom() < page.release_tabs.geometry().top()
                    and page.release_grid.geometry().bottom() < page.similar_heading.geometry().top(), timeout=5000)
    assert top(page.heading) < top(page.top_table) < top(page.release_tabs) < top(page.release_grid)
    if page.more_button.isVisible():
        assert top(page.release_grid) < top(page.more_button)
    assert top(page.release_grid) < top(page.similar_heading) < top(page.similar_strip)
    assert page.heading.text() == page.artist.name == page.title
    assert page.release_tabs.tabText(0).startswith("All releases (")
    assert page.top_table.isVisible() and page.release_grid.isVisible()
    save_shot(window, tmp_path, "artist_page_turns")


def test_a_part_asked_for_before_its_turn_is_built_at_once(qtbot, parts, client):
    window = parts.window
    window.open(f"artist:{_artist_id(client)}")
    page = window.current_view
    assert page.main_list() is page.release_grid                     # built now, not on a later turn
    assert all(name in vars(page) for name in PARTS)
    # The first page is on its way, as when the button was made with the page: "Loading…", disabled.
    assert page.releases.loading and not page.more_button.isHidden()
    assert page.more_button.text() == "Loading…" and not page.more_button.isEnabled()
    qtbot.waitUntil(lambda: page.releases.rowCount() > 0 and not page.releases.loading, timeout=10_000)
    assert page.more_button.isVisible() == page.releases.has_more
    assert page.release_tabs.tabText(0).startswith("All releases (")


def test_a_top_tracks_queue_menu_reaches_the_player_once(qtbot, parts, client):
    window = parts.window
    window.open(f"artist:{_artist_id(client)}")
    page = window.current_view
    qtbot.waitUntil(lambda: page.top_tracks.rowCount() > 0, timeout=10_000)
    queued = []
    window.enqueue_requested.connect(lambda tracks, next_: queued.append((tracks, next_)))
    table = page.top_table
    table._on_context_menu(table.visualRect(page.top_tracks.index(0, 0)).center())
    menu = table.last_menu
    [action] = [a for a in menu.actions() if a.text() == "Add to queue"]
    action.trigger()
    menu.close()
    assert queued == [((page.top_tracks.track(0),), False)]
