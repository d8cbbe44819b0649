"""A release page is built over several event-loop turns (issue 18: no turn longer than a frame),
and is whole and in order whatever asks for it first."""
from __future__ import annotations

from PySide6.QtCore import QPoint

from app.ui.release_view import ReleaseView
from tests.ui.conftest import open_release, save_shot


def _first_release_id(client) -> str:
    return str(client.search_releases("love", 1, 5).items[0].id)


def test_the_header_and_tracklist_come_on_later_turns_and_the_page_is_whole(qtbot, parts, client, tmp_path):
    window = parts.window
    window.open(f"release:{_first_release_id(client)}")
    page = window.current_view
    assert isinstance(page, ReleaseView)
    assert "cover" not in vars(page) and "table" not in vars(page)      # not in the turn that opened it
    qtbot.waitUntil(lambda: "table" in vars(page), timeout=5000)        # nobody asked: built on its own
    qtbot.waitUntil(lambda: page.release is not None and page.tracks.rowCount() > 0, timeout=10_000)
    # However soon the store answered (before the strip's turn, on a fast store), the strip shows.
    qtbot.waitUntil(lambda: page.recommended.rowCount() > 0 and page.more.isVisible(), timeout=10_000)

    def top(widget) -> int:
        return widget.mapTo(page, QPoint(0, 0)).y()

    # Header (cover, title, buttons), then the tracklist, then "You might also like", as before, once
    # the body's layout has settled after the last insert (it is laid out on a later event).
    qtbot.waitUntil(lambda: top(page.cover) < top(page.table) < top(page.more_heading) < top(page.more)
                    and top(page.heading) < top(page.add_button) < top(page.table), timeout=5000)
    assert page.heading.text() == page.title and page.table.isVisible()
    save_shot(window, tmp_path, "release_page_turns")


def test_a_part_asked_for_before_its_turn_is_built_at_once(qtbot, parts, client):
    window = parts.window
    window.open(f"release:{_first_release_id(client)}")
    page = window.current_view
    assert page.add_button.text() == "Add release to basket"       # built now, not on a later turn
    assert page.main_list() is page.table
    qtbot.waitUntil(lambda: page.release is not None and page.tracks.rowCount() > 0, timeout=10_000)
    assert page.add_button.isEnabled() and page.facts.text()


def test_a_tracks_queue_menu_reaches_the_player_once(qtbot, parts, client):
    page = open_release(qtbot, parts.window, _first_release_id(client))
    queued = []
    parts.window.enqueue_requested.connect(lambda tracks, next_: queued.append((tracks, next_)))
    table = page.table
    table._on_context_menu(table.visualRect(page.tracks.index(0, 0)).center())
    menu = table.last_menu
    [action] = [a for a in menu.actions() if a.text() == "Add to queue"]
    action.trigger()
    menu.close()
    assert queued == [((page.tracks.track(0),), False)]
