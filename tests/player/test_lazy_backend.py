"""The QMediaPlayer (Qt's ffmpeg plugin, libavcodec, QtQuick) loads at the first preview or when the
app is idle, not while the window starts (app/player/player.py)."""
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtMultimedia import QMediaPlayer

from app.player.player import PlayerState
from tests.player.conftest import NO_QT_LOG

pytestmark = NO_QT_LOG   # see tests/player/conftest.py
ROOT = Path(__file__).resolve().parents[2]


def test_nothing_is_loaded_until_a_preview_and_the_volume_waits_for_it(qtbot, player, tracks):
    assert not player.is_prepared and player.findChild(QMediaPlayer) is None
    player.set_volume(30)
    player.set_muted(True)
    player.stop()                                  # nothing to stop: still not built
    assert not player.is_prepared and player.position() == 0 and player.duration() == 0
    player.play(tracks[0])
    assert player.is_prepared
    qtbot.waitUntil(lambda: player.state == PlayerState.PLAYING and player.position() > 0, timeout=5000)
    linear, muted = player.applied_volume()
    assert muted and 0 < linear < 0.3              # the settings made before it existed


def test_prepare_later_builds_it_once_idle(qtbot, player):
    player.prepare_later(50)
    qtbot.waitUntil(lambda: player.is_prepared, timeout=3000)
    media = player.findChild(QMediaPlayer)
    player.prepare()
    assert player.findChild(QMediaPlayer) is media and media.isAvailable()


def test_a_player_never_built_shuts_down_at_once_and_stays_unbuilt(qtbot, player):
    player.prepare_later(0)
    player.shutdown()
    assert player.is_shut_down
    qtbot.wait(50)                                 # the idle timer fires after shutdown: no effect
    assert not player.is_prepared


def test_the_start_up_check_loads_neither_the_plugin_nor_quick():
    # A fresh process: this one may have built players in other tests.
    code = ("from PySide6.QtWidgets import QApplication; app = QApplication([]);"
            "from app.player.backend import check_backend; assert check_backend().available;"
            "print(open('/proc/self/maps').read())")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                            cwd=ROOT, timeout=60, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "libQt6Multimedia" in result.stdout           # the module is imported...
    for library in ("libffmpegmediaplugin", "libavcodec", "libQt6Quick", "libQt6Qml"):
        assert library not in result.stdout              # ...its plugin and what that links are not
