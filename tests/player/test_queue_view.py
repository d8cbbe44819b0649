"""The queue view (app/ui/queue_view.py): shows the queue, plays, removes, moves and clears."""
import pytest
from PySide6.QtCore import Qt

from app.player.player import PlayerState
from app.ui.queue_view import QueueView
from tests.player.conftest import NO_QT_LOG

pytestmark = NO_QT_LOG   # see tests/player/conftest.py


@pytest.fixture
def view(qtbot, player):
    view = QueueView(player)
    qtbot.addWidget(view)
    view.show()
    return view


def rows(view):
    return [view.list.item(i).text() for i in range(view.list.count())]


def test_the_queue_is_listed_with_the_current_track_marked(view, player, tracks):
    assert rows(view) == [] and view.summary.text() == "Queue is empty"
    player.play_all(tracks[:3])
    assert len(rows(view)) == 3 and view.summary.text() == "3 tracks"
    assert rows(view)[0] == f"▶ {tracks[0].title} — {tracks[0].artist.name}"
    assert not rows(view)[1].startswith("▶")


def test_activating_a_row_plays_it(qtbot, view, player, tracks):
    player.enqueue(tracks[:3])
    view.list.setCurrentRow(2)
    qtbot.keyClick(view.list, Qt.Key.Key_Return)
    assert player.current_track == tracks[2]
    qtbot.waitUntil(lambda: player.position() > 0, timeout=5000)


def test_delete_removes_the_selected_rows_and_clear_empties(qtbot, view, player, tracks):
    player.enqueue(tracks[:4])
    view.list.item(1).setSelected(True)
    view.list.item(3).setSelected(True)
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_Delete)
    assert player.queue == (tracks[0], tracks[2])
    qtbot.mouseClick(view.clear_button, Qt.MouseButton.LeftButton)
    assert player.queue == () and rows(view) == [] and player.state == PlayerState.STOPPED


def test_alt_arrows_move_the_selected_row(qtbot, view, player, tracks):
    player.enqueue(tracks[:3])
    view.list.setCurrentRow(0)
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert player.queue == (tracks[1], tracks[0], tracks[2])
    assert view.list.currentRow() == 1
