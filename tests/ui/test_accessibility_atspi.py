"""Issue 19, end to end through AT-SPI, the way Orca meets the app: Xvfb (xcb), a private D-Bus
session bus with its own accessibility bus (at-spi-bus-launcher), the app with the bridge on, and
the tree walked with pyatspi by the system python3 (tests/ui/atspi_walk.py). The app opens a
release and starts a preview by keyboard (tests/ui/atspi_app.py); then: no unnamed showing
interactive object, and Tab (real key presses, XTest) from the search field reaches the player bar.

Skipped when Xvfb, at-spi2-core or python3-pyatspi is missing (.ci/run installs them)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.private_bus import private_session_bus

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SYSTEM_PYTHON = "/usr/bin/python3"
LAUNCHER = next((p for p in ("/usr/libexec/at-spi-bus-launcher", "/usr/lib/at-spi2-core/at-spi-bus-launcher")
                 if os.path.exists(p)), None)
MAX_TABS = 30           # from the search field to the player bar: toolbar, the page's controls, the bar


def _need_tools() -> None:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    if LAUNCHER is None:
        pytest.skip("at-spi-bus-launcher is not installed (apt-get install at-spi2-core)")
    if shutil.which("dbus-send") is None:
        pytest.skip("dbus-send is not installed")
    if not os.path.exists(SYSTEM_PYTHON) or subprocess.run(
            [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False).returncode != 0:
        pytest.skip("python3-pyatspi is not installed for the system python3")


def _start_xvfb(folder: Path) -> tuple[subprocess.Popen, str]:
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        xvfb.kill()
        pytest.skip("Xvfb did not start")
    return xvfb, f":{number}"


def _wait_for_a11y_bus(env: dict) -> bool:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        answer = subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus", "/org/a11y/bus",
                                 "org.a11y.Bus.GetAddress"], env=env, capture_output=True, text=True, check=False)
        if answer.returncode == 0 and "unix:" in answer.stdout:
            return True
        time.sleep(0.1)
    return False


def _walk(env: dict, *args: str) -> dict:
    done = subprocess.run([SYSTEM_PYTHON, str(HERE / "atspi_walk.py"), *args], env=env, capture_output=True,
                          text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_screen_reader_meets_names_everywhere_and_tab_reaches_the_player(tmp_path, catalogue_cache):
    _need_tools()
    xvfb, display = _start_xvfb(tmp_path)
    processes = [xvfb]
    try:
        with private_session_bus(tmp_path) as address:
            env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
            env.update(DISPLAY=display, DBUS_SESSION_BUS_ADDRESS=address, NO_AT_BRIDGE="0")
            launcher = subprocess.Popen([LAUNCHER, "--launch-immediately", "--a11y=1"], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            processes.append(launcher)
            if not _wait_for_a11y_bus(env):
                pytest.skip("the accessibility bus did not come up")
            app_env = {**env, "QT_QPA_PLATFORM": "xcb", "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
                       "QT_LOGGING_RULES": "qt.multimedia.symbolsresolver=false;qt.accessibility.atspi=false",
                       "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
                       "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_STATE_HOME": str(tmp_path / "state"),
                       "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
            app = subprocess.Popen([sys.executable, str(HERE / "atspi_app.py"), str(catalogue_cache)], env=app_env,
                                   cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)
            processes.append(app)
            line = app.stdout.readline().strip()       # the app ends its wait itself (FAILED) if stuck
            assert line == "READY", f"the app did not reach a playing release by keyboard: {line!r}"

            tree = _walk(env, "walk", "atspi_app")
            assert tree.get("interactive", 0) > 40, tree                 # the real window, not an empty one
            assert tree["unnamed"] == [], f"{len(tree['unnamed'])} unnamed: {tree['unnamed']}"

            focus = _walk(env, "focus", "atspi_app")
            assert focus["name"] == "Search the store", focus

            tabs = _walk(env, "tab", "atspi_app", str(MAX_TABS), "Player")["trail"]
            assert tabs and tabs[-1][2], f"Tab never reached the player bar in {MAX_TABS} presses: {tabs}"
            assert all(name for _role, name, _inside in tabs), tabs       # every stop on the way has a name
            app.stdin.write("quit\n")
            app.stdin.flush()
            app.wait(10)
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    process.kill()
