"""A private D-Bus session daemon for tests: the developer's real session bus is left alone."""
from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

_CONFIG = ("<!DOCTYPE busconfig PUBLIC '-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN' "
           "'http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd'><busconfig>"
           "<type>session</type><listen>unix:tmpdir=/tmp</listen><auth>EXTERNAL</auth>"
           "<policy context='default'><allow send_destination='*' eavesdrop='true'/>"
           "<allow eavesdrop='true'/><allow own='*'/></policy></busconfig>")


@contextmanager
def private_session_bus(folder: Path) -> Iterator[str]:
    """Run a dbus-daemon configured in `folder`; yields its address (skips the test without one)."""
    if shutil.which("dbus-daemon") is None:
        pytest.skip("dbus-daemon is not installed")
    config = folder / "session.conf"
    config.write_text(_CONFIG)
    daemon = subprocess.Popen(["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                              env={**os.environ, "LC_ALL": "C"})
    address = daemon.stdout.readline().strip()
    if not address:
        daemon.kill()
        daemon.wait(5)
        pytest.skip("dbus-daemon did not start")
    try:
        yield address
    finally:
        daemon.terminate()
        daemon.wait(5)
