"""Previews wired into the app as main() builds it: views → player → playing row, and no backend."""
import pytest
from PySide6.QtWidgets import QDockWidget, QLabel

from app.player.backend import BackendStatus, MissingBackend
from app.player.player import PlayerState
from app.ui.player_bar import PlayerBar
from app.ui.player_messages import backend_problem_text
from tests.player.conftest import NO_QT_LOG
from tests.player.playback import shut_down_player

pytestmark = NO_QT_LOG   # see tests/player/conftest.py


def build_app(store_client, folder):
    """The app as main() builds it, its files under `folder`, on the test's store."""
    from app.composition import Paths, build
    from app.main import parse_args

    parts = build(parse_args([]), Paths.under(folder))
    parts.store.set_client(store_client)
    return parts


@pytest.fixture
def app_parts(qtbot, store_client, tmp_path):
    parts = build_app(store_client, tmp_path)
    parts.window.show()
    yield parts
    shut_down_player(qtbot, parts.player)     # the player goes first, as on quit (aboutToQuit)
    parts.window.close()
    assert parts.shutdown()
    parts.window.deleteLater()


def test_a_preview_click_in_any_view_plays_and_marks_the_row(qtbot, app_parts, tracks):
    window, player = app_parts.window, app_parts.player
    bar = window.findChild(PlayerBar)
    window.preview_requested.emit(tracks[0])
    qtbot.waitUntil(lambda: player.state == PlayerState.PLAYING and player.position() > 0, timeout=5000)
    assert window.playing_track == tracks[0].id and bar.isVisible()
    window.preview_requested.emit(tracks[0])           # the same button again pauses
    assert player.state == PlayerState.PAUSED


def test_preview_all_fills_the_queue_and_shows_it(qtbot, app_parts, tracks):
    window, player = app_parts.window, app_parts.player
    window.preview_all_requested.emit(tuple(tracks[:3]))
    assert player.queue == tuple(tracks[:3])
    dock = window.findChild(QDockWidget, "queue_dock")
    assert dock.isVisible() and dock.widget().list.count() == 3
    qtbot.waitUntil(lambda: player.position() > 0, timeout=5000)


def test_a_failed_clip_is_said_in_the_status_bar(qtbot, clip_store, app_parts, tracks):
    clip_store.faults.http_status(404, path=f"clip/{tracks[0].id}")
    window = app_parts.window
    window.preview_all_requested.emit(tuple(tracks[:2]))
    qtbot.waitUntil(lambda: "Couldn't play the preview" in window.statusBar().currentMessage(), timeout=5000)


def test_without_a_multimedia_backend_previews_are_off_and_the_bar_says_why(qtbot, monkeypatch,
                                                                           store_client, tmp_path):
    status = BackendStatus(False, MissingBackend.NO_FFMPEG)
    message = backend_problem_text(status)
    assert message.startswith("Previews are off: Qt Multimedia has no playback backend")
    monkeypatch.setattr("app.player.backend.check_backend", lambda: status)
    parts = build_app(store_client, tmp_path)
    qtbot.addWidget(parts.window)
    try:
        assert parts.player is None and parts.window.previews_enabled is False
        assert parts.window.findChild(QLabel, "previews_off").text() == message
        assert parts.window.statusBar().currentMessage() == message
    finally:
        parts.window.close()
        assert parts.shutdown()
