"""Issue 17 items 2 and 10: the seek and volume sliders jump to a click; no "Loading…" after a seek;
the bar and queue show a track's version."""
import dataclasses

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.player.player import PlayerState
from app.ui.player_bar import PlayerBar
from app.ui.queue_view import QueueView
from tests.player.conftest import NO_QT_LOG

pytestmark = NO_QT_LOG   # see tests/player/conftest.py


@pytest.fixture
def window(qtbot, player):
    window = QWidget()
    window.bar = PlayerBar(player, parent=window)
    window.queue = QueueView(player, parent=window)
    layout = QVBoxLayout(window)
    layout.addWidget(window.queue)
    layout.addWidget(window.bar)
    qtbot.addWidget(window)
    window.resize(800, 300)
    window.show()
    qtbot.waitExposed(window)
    return window


def click_at(qtbot, slider, fraction: float) -> None:
    """A left click on the slider's groove at `fraction` of its length."""
    x = round(slider.width() * fraction)
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(x, slider.height() // 2))


def test_a_click_on_the_volume_slider_jumps_there(qtbot, window, player):
    slider = window.bar.volume_slider
    slider.setValue(80)
    click_at(qtbot, slider, 0.2)
    assert 10 <= slider.value() <= 30          # not 80 - pageStep
    assert 10 <= player.volume() <= 30


def test_a_click_on_the_seek_bar_seeks_there_and_no_loading_note_stays(qtbot, window, player, tracks):
    bar = window.bar
    player.play(tracks[0])
    qtbot.waitUntil(lambda: player.state == PlayerState.PLAYING and player.duration() > 0, timeout=5000)
    player.pause()                       # a 2 s clip must not end while we look
    duration = player.duration()
    with qtbot.waitSignal(player.seeked, timeout=2000) as seeked:
        click_at(qtbot, bar.seek_slider, 0.5)
    assert abs(seeked.args[0] - duration / 2) < duration * 0.15
    qtbot.waitUntil(lambda: abs(player.position() - duration / 2) < duration * 0.15, timeout=3000)
    player.resume()
    qtbot.waitUntil(lambda: player.state == PlayerState.PLAYING, timeout=3000)
    assert bar.status_label.text() == ""
    positions = []
    player.position_changed.connect(positions.append)
    for fraction in (0.1, 0.3):          # seeking while it plays: the clip plays on from there
        with qtbot.waitSignal(player.seeked, timeout=2000) as seeked:
            click_at(qtbot, bar.seek_slider, fraction)
        target = seeked.args[0]
        positions.clear()
        qtbot.waitUntil(lambda target=target: bool(positions) and min(positions) < target + 250 < positions[-1],
                        timeout=3000)
        assert player.state == PlayerState.PLAYING
        assert bar.status_label.text() == ""


def test_bar_and_queue_show_the_title_with_its_version(qtbot, window, player, tracks):
    remix = dataclasses.replace(tracks[0], version="Remix")
    player.enqueue([remix])
    player.play_index(0)
    expected = f"{tracks[0].title} (Remix)"
    assert window.bar.title_label.text() == expected
    assert expected in window.queue.list.item(0).text()
