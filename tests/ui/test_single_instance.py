"""One app per profile: a later launch (a real process) hands its link to the running window and exits."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from app.services.single_instance import InstanceServer, Launch, claim, server_name

ROOT = Path(__file__).resolve().parents[2]


def _launch(tmp_path: Path, *args: str) -> subprocess.Popen:
    """`python -m app …` as a desktop launcher would start it, on the profile under tmp_path."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "xdg-data"),
               XDG_CONFIG_HOME=str(tmp_path / "xdg-config"), XDG_CACHE_HOME=str(tmp_path / "xdg-cache"))
    return subprocess.Popen([sys.executable, "-m", "app", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _profile(tmp_path: Path) -> Path:
    return tmp_path / "xdg-data" / "sevendigital-browser"


def _serve(parts, tmp_path: Path) -> InstanceServer:
    """This test's window becomes the instance of the profile, as main() makes it."""
    lock = claim(_profile(tmp_path))
    assert lock is not None
    instance = InstanceServer(_profile(tmp_path), lock, parent=parts.window)
    instance.launched.connect(parts.take_launch)
    assert instance.listen()
    return instance


def test_a_second_launch_opens_its_link_in_the_running_window_and_exits(qtbot, parts, tmp_path, for_sale):
    release = for_sale[0]
    instance = _serve(parts, tmp_path)
    try:
        with qtbot.waitSignal(instance.launched, timeout=20_000) as launched:
            started = time.monotonic()
            second = _launch(tmp_path, f"https://www.7digital.com/artist/someone/release/x-{release.id}")
            qtbot.waitUntil(lambda: second.poll() is not None, timeout=20_000)
        elapsed = time.monotonic() - started
        out, err = second.communicate()
        assert second.returncode == 0, err
        assert "already running" in err
        assert launched.args[0] == Launch(f"https://www.7digital.com/artist/someone/release/x-{release.id}")
        assert elapsed < 10, elapsed          # typically ~0.2 s; the bound only catches a hang
        view = parts.window.current_view
        assert view.location == f"release:{release.id}"
        qtbot.waitUntil(lambda: release.title in parts.window.windowTitle(), timeout=10_000)
    finally:
        instance.close()


def test_a_second_launch_without_a_link_raises_the_window(qtbot, parts, tmp_path):
    window = parts.window
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized)
    instance = _serve(parts, tmp_path)
    try:
        second = _launch(tmp_path)
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=20_000)
        assert second.returncode == 0, second.communicate()[1]
        qtbot.waitUntil(lambda: not window.isMinimized() and window.isVisible())
    finally:
        instance.close()


def test_what_is_not_a_store_link_is_refused_before_anything_starts(tmp_path):
    second = _launch(tmp_path, "file:///etc/passwd")
    _out, err = second.communicate(timeout=30)
    assert second.returncode == 2
    assert "not a 7digital link" in err
    assert not (_profile(tmp_path) / "instance.lock").exists()     # it never even claimed the profile


def test_the_instance_ignores_what_is_not_a_launch_message(qtbot, parts, tmp_path):
    """Another local program writing garbage (or a flood) to the socket changes nothing."""
    from PySide6.QtNetwork import QLocalSocket

    instance = _serve(parts, tmp_path)
    launched = []
    instance.launched.connect(launched.append)
    try:
        for payload in (b"not json\n", b'{"v": 2, "link": "release:1"}\n', b'{"v": 1, "link": 5}\n',
                        b"x" * 70_000):
            socket = QLocalSocket()
            socket.connectToServer(server_name(_profile(tmp_path)))
            assert socket.waitForConnected(2000)
            socket.write(payload)
            socket.flush()
            qtbot.waitUntil(lambda s=socket: s.state() == QLocalSocket.LocalSocketState.UnconnectedState,
                            timeout=5000)
        assert launched == []
        second = _launch(tmp_path, "release:1")          # and it still serves real launches
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=20_000)
        assert second.returncode == 0
        assert launched == [Launch("release:1")]
    finally:
        instance.close()
