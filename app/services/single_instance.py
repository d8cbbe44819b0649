"""One running app per profile: the first launch owns the data dir, later launches hand over and exit.

Two windows on one data dir destroy each other's basket and store state (issue 13), so a launch
first takes the profile lock (`instance.lock` in the data dir, a kernel lock: a crashed or killed
instance never leaves it stale). The launch that gets it is the instance; it listens on a local
socket (QLocalServer) named after the data dir. A launch that doesn't get it connects there, sends
what it was asked to open (a store link, or nothing: then the window is raised) and exits 0.

This is the Firefox-profile / Strawberry / Quod Libet model: the lock decides who the instance is,
the socket only carries messages, so two launches at the same moment can't both become it, and a
stale socket file from a crash is simply removed by the next instance.

Only QtCore (and, when a socket is needed, QtNetwork) is imported here: the second launch must be
done within a second, and the first shouldn't pay for QtNetwork before its window is up.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.files.locks import FileLock, LockBusy

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

log = logging.getLogger(__name__)

LOCK_NAME = "instance.lock"
MAX_MESSAGE = 64 * 1024          # a link is short; anything bigger is not from us
_UNIX_PATH_MAX = 100             # sun_path is 108 bytes on Linux, 104 on macOS


@dataclass(frozen=True, slots=True)
class Launch:
    """What a later launch asked the running instance to do."""

    link: str | None = None       # a store link or an app location; None: just show the window

    def encode(self) -> bytes:
        return json.dumps({"v": 1, "link": self.link}).encode("utf-8") + b"\n"

    @classmethod
    def decode(cls, raw: bytes) -> "Launch":
        """Raises ValueError for anything that isn't a message of ours."""
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or data.get("v") != 1:
            raise ValueError("not a launch message")
        link = data.get("link")
        if link is not None and (not isinstance(link, str) or len(link) > 4096):
            raise ValueError("bad link")
        return cls(link=link or None)


def server_name(data_dir: Path) -> str:
    """The local socket for the profile in `data_dir`: different data dirs (users, XDG_DATA_HOMEs) never meet.

    On Unix the socket goes to the user's private runtime dir when there is one; else beside the
    data (also private); only a data dir too deep for a socket path falls back to Qt's temp dir.
    """
    key = hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8")).hexdigest()[:16]
    name = f"sevendigital-browser-{key}"
    if sys.platform == "win32":        # a named pipe: its own namespace
        return name
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    for path in ((os.path.join(runtime, name + ".sock") if runtime and os.path.isdir(runtime) else None),
                 os.path.join(str(data_dir), "instance.sock")):
        if path and len(path.encode()) <= _UNIX_PATH_MAX:
            return path
    return name


def claim(data_dir: Path) -> FileLock | None:
    """The profile lock if this launch is the instance (hold it until exit), None if another one runs."""
    try:
        return FileLock(Path(data_dir) / LOCK_NAME).acquire(timeout=0)
    except LockBusy:
        return None


def hand_over(data_dir: Path, launch: Launch, timeout_s: float = 3.0) -> bool:
    """Give `launch` to the running instance; True once it confirmed. Waits for an instance that
    holds the lock but is still starting (it listens once its window is up)."""
    from PySide6.QtNetwork import QLocalSocket

    name = server_name(data_dir)
    deadline = time.monotonic() + timeout_s
    while True:
        socket = QLocalSocket()
        socket.connectToServer(name)
        if socket.waitForConnected(max(1, int((deadline - time.monotonic()) * 1000))):
            socket.write(launch.encode())
            socket.waitForBytesWritten(1000)
            answered = b""
            while b"\n" not in answered and time.monotonic() < deadline:
                if not socket.waitForReadyRead(max(1, int((deadline - time.monotonic()) * 1000))):
                    break
                answered += bytes(socket.readAll().data())
            socket.disconnectFromServer()
            return answered.startswith(b"ok")
        if time.monotonic() >= deadline:
            log.warning("the running instance did not answer on %s: %s", name, socket.errorString())
            return False
        time.sleep(0.05)            # not listening yet: it is still opening its window


class InstanceServer(QObject):
    """The running instance's end: receives later launches and says `launched`."""

    launched = Signal(object)       # Launch

    def __init__(self, data_dir: Path, lock: FileLock, parent: QObject | None = None):
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent)
        self._name = server_name(data_dir)
        self._lock = lock
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_new_connection)
        self._buffers: dict = {}           # QLocalSocket → bytes received so far

    def listen(self) -> bool:
        """Start taking launches; a socket file left by a crashed instance is removed first (we hold
        the lock, so nobody else can be listening on it)."""
        self._server.removeServer(self._name)
        if not self._server.listen(self._name):
            log.warning("later launches can't reach this one (%s): %s", self._name, self._server.errorString())
            return False
        return True

    def close(self) -> None:
        """Stop listening and let the next launch become the instance."""
        self._server.close()
        self._lock.release()

    def _on_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._on_ready_read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _on_ready_read(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if len(buffer) > MAX_MESSAGE:
            log.warning("ignoring an oversized message from a local client")
            self._forget(socket)
            socket.abort()
            return
        if b"\n" not in buffer:
            self._buffers[socket] = buffer
            return
        line = buffer.split(b"\n", 1)[0]
        self._buffers.pop(socket, None)
        try:
            launch = Launch.decode(line)
        except (ValueError, UnicodeDecodeError):
            log.warning("ignoring a message that isn't a launch")
            socket.abort()
            return
        socket.write(b"ok\n")
        socket.flush()
        socket.disconnectFromServer()
        self.launched.emit(launch)

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()
