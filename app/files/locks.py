"""Advisory locks between processes (and threads) on the files the app shares.

One helper, on the operating system's own lock (flock on Unix, LockFileEx through msvcrt on
Windows): the kernel drops it when its holder dies, so a crash or a SIGKILL never leaves a stale
lock behind, unlike a "lock file exists" scheme. Each `FileLock` opens its own descriptor, so two
threads of one process exclude each other as two processes do.

The lock lives in a separate `<name>.lock` file beside the data: the data file itself is replaced
by atomic writes (a new inode each time), which would silently drop a lock held on the old one.
The lock file is never deleted (deleting it would let a waiter lock an unlinked inode).

`filelock` was measured as the library for this: 36-40 ms to import on this machine, on the start-up
path (the instance lock is taken before the window opens); this module costs < 1 ms.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

if sys.platform == "win32":     # pragma: no cover - exercised on Windows only
    import msvcrt

    _FAR = 1 << 30          # lock a byte far from the owner note, so readers of the note aren't blocked

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _FAR, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _FAR, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class LockBusy(OSError):
    """Another process (or thread) holds the lock and didn't let go within the time allowed."""

    def __init__(self, path: Path, note: str = ""):
        super().__init__(f"{path} is locked by another process" + (f" ({note})" if note else ""))
        self.path = path
        self.note = note            # what the holder wrote about itself (write_note), if anything


def lock_path(data_file: Path) -> Path:
    """The lock file that guards `data_file`: `basket.json` → `basket.json.lock`."""
    data_file = Path(data_file)
    return data_file.with_name(data_file.name + ".lock")


class FileLock:
    """An exclusive advisory lock on the lock file `path`; use `FileLock.guarding(data_file)`.

    `acquire(timeout)` waits up to `timeout` seconds (0: one try) and raises LockBusy; as a context
    manager it waits `timeout` seconds given at construction.
    """

    def __init__(self, path: Path | str, timeout: float = 10.0):
        self.path = Path(path)
        self.timeout = timeout
        self._fd: int | None = None

    @classmethod
    def guarding(cls, data_file: Path | str, timeout: float = 10.0) -> "FileLock":
        return cls(lock_path(Path(data_file)), timeout)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, timeout: float | None = None) -> "FileLock":
        if self._fd is not None:
            raise RuntimeError(f"{self.path} is already locked by this FileLock")
        timeout = self.timeout if timeout is None else timeout
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # O_CLOEXEC (Python's default): a child process must not inherit, and so keep, the lock.
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + max(0.0, timeout)
        pause = 0.001
        try:
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise LockBusy(self.path, read_note(self.path))
                # Writers hold these locks for one fsync (a few ms): poll briefly, then back off.
                time.sleep(pause)
                pause = min(pause * 2, 0.02)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def write_note(self, text: str) -> None:
        """Say who holds the lock (e.g. a store's address) for others to read with `read_note`.

        Written in place: the lock file must keep its inode. A reader may see it half-written, so
        readers treat an unreadable note as "the holder is still starting"."""
        if self._fd is None:
            raise RuntimeError("write_note() needs the lock")
        payload = text.encode("utf-8")
        os.ftruncate(self._fd, 0)
        os.lseek(self._fd, 0, os.SEEK_SET)
        os.write(self._fd, payload)

    def __enter__(self) -> "FileLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()

    def __del__(self) -> None:      # a lock object dropped without release() must not leak its fd
        if self._fd is not None:
            try:
                self.release()
            except OSError:
                pass


def read_note(path: Path | str, limit: int = 4096) -> str:
    """What the holder of the lock file `path` wrote about itself ("" if nothing or unreadable)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(limit).decode("utf-8", "replace")
    except OSError:
        return ""
