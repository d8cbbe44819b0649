"""The player bar (app/ui/player_bar.py) against a real player: what it shows, keys, disabling."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QPushButton, QVBoxLayout, QWidget

from app.player.player import PlayerState
from app.ui.player_bar import PlayerBar, format_ms
from tests.player.conftest import NO_QT_LOG

pytestmark = NO_QT_LOG   # see tests/player/conftest.py


@pytest.fixture
def window(qtbot, player):
    """A window holding a text field, a list and the bar, shown and active (shortcuts need that)."""
    window = QWidget()
    window.search = QLineEdit(window)
    window.list = QListWidget(window)
    window.list.addItems(["a", "b", "c"])
    window.bar = PlayerBar(player, parent=window)
    layout = QVBoxLayout(window)
    for widget in (window.search, window.list, window.bar):
        layout.addWidget(widget)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_format_ms():
    assert [format_ms(ms) for ms in (0, 999, 61_000, 30_040)] == ["0:00", "0:00", "1:01", "0:30"]


def test_the_bar_shows_the_playing_track_and_its_progress(qtbot, window, player, tracks):
    bar = window.bar
    assert bar.isHidden()                   # nothing to play yet: the browsing area keeps the room
    player.play(tracks[0])
    assert bar.isVisible()
    assert bar.title_label.text() == tracks[0].title
    assert bar.artist_label.text() == tracks[0].artist.name
    qtbot.waitUntil(lambda: bar.seek_slider.value() >= 1, timeout=5000)   # whole seconds
    assert bar.total_label.text() == format_ms(player.duration())
    assert bar.stop_button.isEnabled() and not bar.next_button.isEnabled()


def test_buttons_drive_the_player(qtbot, window, player, tracks):
    bar = window.bar
    player.play_all(tracks[:2])
    qtbot.waitUntil(lambda: player.position() > 0, timeout=5000)
    qtbot.mouseClick(bar.play_button, Qt.MouseButton.LeftButton)
    assert player.state == PlayerState.PAUSED and bar.play_button.toolTip() == "Play (Space)"
    qtbot.mouseClick(bar.next_button, Qt.MouseButton.LeftButton)
    assert player.current_track == tracks[1]
    qtbot.mouseClick(bar.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.state == PlayerState.STOPPED)
    bar.volume_slider.setValue(40)
    qtbot.mouseClick(bar.mute_button, Qt.MouseButton.LeftButton)
    assert player.volume() == 40 and player.is_muted()


def test_space_toggles_playback_but_types_in_a_text_field(qtbot, window, player, tracks):
    player.play(tracks[0])
    qtbot.waitUntil(lambda: player.position() > 0, timeout=5000)
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_Space)
    assert player.state == PlayerState.PAUSED
    window.search.setFocus()
    qtbot.keyClicks(window.search, "a b")
    assert window.search.text() == "a b" and player.state == PlayerState.PAUSED


def test_space_on_a_focused_button_still_presses_it(qtbot, window, player, tracks):
    button = QPushButton("Add", window)
    window.layout().addWidget(button)
    clicks = []
    button.clicked.connect(lambda: clicks.append(True))
    player.play(tracks[0])
    qtbot.waitUntil(lambda: player.position() > 0, timeout=5000)
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert clicks == [True] and player.state == PlayerState.PLAYING


def test_ctrl_arrows_skip_and_arrows_seek_unless_a_list_has_focus(qtbot, window, player, tracks):
    player.play_all(tracks[:2])
    qtbot.waitUntil(lambda: player.position() > 0 and player.is_seekable(), timeout=5000)
    window.bar.setFocus()
    seeks = []
    player.seeked.connect(seeks.append)
    qtbot.keyClick(window.bar, Qt.Key.Key_Right)
    assert seeks and seeks[0] > 0
    window.list.setFocus()
    window.list.setCurrentRow(0)
    qtbot.keyClick(window.list, Qt.Key.Key_Down)       # lists keep their own keys
    assert window.list.currentRow() == 1
    qtbot.keyClick(window.list, Qt.Key.Key_Left)
    assert len(seeks) == 1                             # Left went to the list, not the player
    qtbot.keyClick(window.list, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert player.current_track == tracks[1]
    qtbot.keyClick(window.search, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert player.current_track == tracks[1]           # in a text field Ctrl+Left moves by word


def test_without_a_backend_the_bar_is_greyed_out_and_says_why(qtbot, window, player, tracks):
    bar = window.bar
    bar.set_previews_enabled(False, "Previews are off: no multimedia backend.")
    player.enqueue(tracks[:2])
    assert not any(w.isEnabled() for w in (bar.play_button, bar.next_button, bar.seek_slider,
                                           bar.volume_slider))
    assert bar.play_button.toolTip() == "Previews are off: no multimedia backend."
    assert bar.isVisible() and bar.status_label.text() == "Previews unavailable"
    qtbot.keyClick(window.list, Qt.Key.Key_Space)
    assert player.state == PlayerState.STOPPED


def test_the_cover_comes_through_the_app_s_cover_loader(qtbot, player, runner, store_client, tracks):
    from app.services.covers import CoverLoader

    assert tracks[0].release.image        # the store gives every release a cover
    covers = CoverLoader(runner, store_client.fetch_bytes)
    bar = PlayerBar(player, covers)
    qtbot.addWidget(bar)
    player.enqueue(tracks[:1])
    player.play_index(0)
    qtbot.waitUntil(lambda: covers.pending == 0 and covers.requests == 1, timeout=5000)
    image = bar.cover_label.pixmap().toImage()
    assert not image.isNull() and image.width() >= 48
    assert image.pixelColor(24, 24) != covers.placeholder(48).toImage().pixelColor(24, 24)
