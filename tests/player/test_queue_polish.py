"""Issue 17 item 12: a row in a release plays on through the release; Play next / Add to queue;
the queue shows lengths and covers, reorders by drag and keys, and survives a restart."""
import json

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDockWidget

from app.player import queue_file
from app.player.player import PlayerState
from tests.player.conftest import NO_QT_LOG
from tests.player.playback import shut_down_player
from tests.player.test_app_wiring import build_app
from tests.ui.conftest import save_shot

pytestmark = NO_QT_LOG   # see tests/player/conftest.py


@pytest.fixture
def app_parts(qtbot, store_client, tmp_path):
    parts = build_app(store_client, tmp_path)
    parts.window.resize(1180, 780)
    parts.window.show()
    qtbot.waitExposed(parts.window)
    yield parts
    shut_down_player(qtbot, parts.player)
    parts.window.close()
    assert parts.shutdown()
    parts.window.deleteLater()


def open_release(qtbot, window, store_client, min_tracks=4):
    release = next(r for r in store_client.search_releases("love", 1, 20).items if (r.track_count or 0) >= min_tracks)
    window.open(f"release:{release.id}")
    qtbot.waitUntil(lambda: getattr(window.current_view, "release", None) is not None
                    and window.current_view.tracks.rowCount() >= min_tracks, timeout=10_000)
    return window.current_view


def click_cell(qtbot, table, row, column):
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_clicking_a_row_plays_from_there_through_the_release(qtbot, app_parts, store_client, tmp_path):
    window, player = app_parts.window, app_parts.player
    page = open_release(qtbot, window, store_client)
    tracks = page.tracks.tracks()
    click_cell(qtbot, page.table, 1, 0)                       # row 2's play button
    assert player.queue == tuple(tracks[1:])
    assert player.current_track == tracks[1]
    qtbot.waitUntil(lambda: player.state == PlayerState.PLAYING, timeout=5000)
    click_cell(qtbot, page.table, 1, 0)                       # the same button pauses
    assert player.state == PlayerState.PAUSED and player.queue == tuple(tracks[1:])
    dock = window.findChild(QDockWidget, "queue_dock")
    dock.show()
    dock.raise_()
    queue = dock.widget()
    qtbot.waitUntil(lambda: queue.list.count() == len(tracks) - 1)
    assert all(queue.list.item(i).data(Qt.ItemDataRole.UserRole + 1) for i in range(queue.list.count()))
    qtbot.waitUntil(lambda: not queue.list.item(0).icon().isNull(), timeout=5000)      # the cover
    save_shot(window, tmp_path, "queue_from_release")


def test_play_next_and_add_to_queue_from_the_context_menu(qtbot, app_parts, store_client):
    window, player = app_parts.window, app_parts.player
    page = open_release(qtbot, window, store_client)
    tracks = page.tracks.tracks()
    player.enqueue([tracks[0], tracks[1]])
    player.play_index(0)
    player.pause()

    def choose(row, text):
        table = page.table
        rect = table.visualRect(table.model().index(row, 2))
        table.customContextMenuRequested.emit(rect.center())   # what a right-click asks for
        menu = table.last_menu
        qtbot.waitUntil(menu.isVisible)
        action = next(a for a in menu.actions() if a.text() == text)
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
        qtbot.waitUntil(lambda: not menu.isVisible())
        return menu

    menu = choose(3, "Add to queue")
    assert player.queue == (tracks[0], tracks[1], tracks[3])
    basket = next(a for a in menu.actions() if a.text() == "Add to basket")
    assert basket.shortcut().toString() == "Ctrl+B"          # the menu shows the shortcut
    choose(2, "Play next")
    assert player.queue == (tracks[0], tracks[2], tracks[1], tracks[3])
    assert player.current_track == tracks[0]                 # nothing was interrupted


def test_the_queue_reorders_by_drag_and_by_keys(qtbot, app_parts, tracks):
    player = app_parts.player
    dock = app_parts.window.findChild(QDockWidget, "queue_dock")
    dock.show()
    dock.raise_()            # a first start tabs the queue behind the basket: keys go to a shown list
    view = dock.widget()
    qtbot.waitUntil(view.list.isVisible)
    player.enqueue(tracks[:4])
    model = view.list.model()
    # What QListWidget's drop does for an internal move (a real QDrag blocks in its own loop).
    assert model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)
    qtbot.waitUntil(lambda: player.queue == (tracks[1], tracks[2], tracks[0], tracks[3]))
    view.list.setFocus()
    view.list.setCurrentRow(2)
    qtbot.keyClick(view.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert player.queue == (tracks[1], tracks[0], tracks[2], tracks[3])


def test_the_queue_survives_a_restart(qtbot, store_client, tmp_path, tracks):
    parts = build_app(store_client, tmp_path)
    try:
        parts.player.enqueue(tracks[:3])
        parts.player.play_next([tracks[4]])
        keeper = parts.player.findChild(queue_file.QueueKeeper)
        qtbot.waitUntil(lambda: (tmp_path / "queue.json").exists(), timeout=3000)
        keeper.save()
    finally:
        shut_down_player(qtbot, parts.player)
        parts.window.close()
        assert parts.shutdown()
        parts.window.deleteLater()
    again = build_app(store_client, tmp_path)
    try:
        assert [t.id for t in again.player.queue] == [t.id for t in (tracks[4], *tracks[:3])]
        restored = again.player.queue[1]
        assert (restored.title, restored.version, restored.duration, restored.artist.name) == \
            (tracks[0].title, tracks[0].version, tracks[0].duration, tracks[0].artist.name)
        assert again.player.state == PlayerState.STOPPED      # restored, not playing
    finally:
        shut_down_player(qtbot, again.player)
        again.window.close()
        assert again.shutdown()
        again.window.deleteLater()


@pytest.mark.parametrize("content", [b"{not json", b'{"schema": 1, "tracks": [{"id": "x"}]}', b"\xff\xfe",
                                     json.dumps({"schema": 1, "tracks": [{"id": -3, "title": 5}]}).encode()])
def test_a_corrupt_queue_file_is_moved_aside_never_a_crash(tmp_path, content):
    path = tmp_path / "queue.json"
    path.write_bytes(content)
    assert queue_file.load(path) == ((), -1)
    assert not path.exists()
    assert len(list(tmp_path.glob("queue.json.corrupt-*"))) == 1


def test_hostile_values_are_bounded(tmp_path):
    path = tmp_path / "queue.json"
    entry = {"id": 5, "title": "x" * 10_000, "duration": 10**12, "artist": {"id": 1, "name": "A"},
             "release": {"id": 2, "title": "R", "image": "file:///etc/passwd"}}
    path.write_text(json.dumps({"schema": 1, "current": 5000, "tracks": [entry] * 1500}))
    tracks, current = queue_file.load(path)
    assert len(tracks) == queue_file.MAX_TRACKS and current == queue_file.MAX_TRACKS - 1
    assert len(tracks[0].title) == queue_file.MAX_TEXT and tracks[0].duration == 24 * 3600
    assert tracks[0].release.image is None
