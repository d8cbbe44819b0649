"""Files made once and kept, within a size limit: the store's covers and preview clips.

* Bounded: at most `limit_bytes` on disk; past it the least recently used files go (down to 90 %).
  The files already there are counted by a scan in the background at start (oldest first by
  modification time), which also removes temporaries a crash left behind.
* Never half a file: written to a temporary beside the target, then renamed; a failed write
  (a full disk, a read-only folder) removes its temporary and is not an error for the caller: what
  was made is served anyway, uncached. A write that would leave less than `min_free_bytes` free on
  the disk is not attempted.
* Made once: `get()` holds a per-name lock while it makes a file, so concurrent requests for the
  same file wait for the first instead of making it again.

`opener` (a path → writable binary file) is the seam through which the bytes reach the disk;
tests give it one that fails as a full disk does.
"""
from __future__ import annotations

import errno
import logging
import os
import shutil
import threading
import time
from collections import OrderedDict
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import BinaryIO, Callable

from app.files.atomic import atomic_write

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 256 * 1024 * 1024   # ~550 preview clips, or tens of thousands of covers
MIN_FREE = 64 * 1024 * 1024         # never fill the disk to the last byte for a cache
STALE_TEMPORARY = 600               # seconds: an older .tmp is a crashed write, not one in progress
_LOW_WATER = 0.9
_WARN_EVERY = 60.0


class DiskCache:
    def __init__(self, directory: Path, limit_bytes: int | None = None, min_free_bytes: int | None = None,
                 opener: Callable[[Path], BinaryIO] | None = None, scan: bool = True):
        self.directory = Path(directory)
        self.limit_bytes = DEFAULT_LIMIT if limit_bytes is None else limit_bytes
        self.min_free_bytes = MIN_FREE if min_free_bytes is None else min_free_bytes
        self.opener = opener
        self._index: OrderedDict[str, int] = OrderedDict()    # relative name → bytes, least recent first
        self._total = 0
        self._guard = threading.Lock()
        self._locks: dict[str, list] = {}                      # name → [lock, users]; dropped when unused
        self._closed = threading.Event()
        self._warned = -_WARN_EVERY
        self.scanned = threading.Event()
        if scan:
            threading.Thread(target=self._scan, name="sandbox-cache-scan", daemon=True).start()
        else:
            self.scanned.set()

    # --- reading and writing ------------------------------------------------------------------------
    def path(self, relative: str) -> Path:
        return self.directory / relative

    @property
    def total_bytes(self) -> int:
        """Bytes of the files this cache knows of (all of them once `scanned` is set)."""
        with self._guard:
            return self._total

    @contextmanager
    def lock(self, relative: str):
        """Hold the lock of one name (made on demand, forgotten when nobody holds or waits for it)."""
        with self._guard:
            entry = self._locks.get(relative)
            if entry is None:
                entry = self._locks[relative] = [threading.Lock(), 0]
            entry[1] += 1
        try:
            with entry[0]:
                yield
        finally:
            with self._guard:
                entry[1] -= 1
                if entry[1] == 0:
                    del self._locks[relative]

    def read(self, relative: str) -> bytes | None:
        try:
            data = self.path(relative).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        self._used(relative, len(data))
        return data

    def write(self, relative: str, data: bytes) -> bool:
        """Store `data` under `relative`; False (logged, never raised) if it could not be stored."""
        if len(data) > self.limit_bytes * _LOW_WATER:
            return False    # it would push out everything else and then itself
        path = self.path(relative)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if self._free_bytes() - len(data) < self.min_free_bytes:
                raise OSError(errno.ENOSPC, "less than the reserve would be left free", str(self.directory))
            atomic_write(path, data, durable=False, opener=self.opener)
        except OSError as exc:
            self._warn_unwritable(relative, exc)
            return False
        with self._guard:
            self._total += len(data) - self._index.pop(relative, 0)
            self._index[relative] = len(data)
        self._trim()
        return True

    @contextmanager
    def writer(self, relative: str):
        """A temporary file beside `relative` to write a big file into piece by piece; call the
        `commit()` yielded with it once complete (the file then joins the cache, or goes if it can't).
        Never raises for a failed write (logged); an exception inside the block removes the temporary."""
        path = self.path(relative)
        temporary = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
        handle = None
        files = ExitStack()     # the opener's file is a context manager (a test's full disk is only that)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if self._free_bytes() < self.min_free_bytes:
                raise OSError(errno.ENOSPC, "less than the reserve is free", str(self.directory))
            handle = files.enter_context(self.opener(temporary) if self.opener is not None else open(temporary, "wb"))
        except OSError as exc:
            self._warn_unwritable(relative, exc)

        class _Writer:
            ok = handle is not None

            def write(inner, data: bytes) -> None:
                if inner.ok:
                    try:
                        handle.write(data)
                    except OSError as exc:
                        inner.ok = False
                        self._warn_unwritable(relative, exc)

        writer = _Writer()
        committed = False

        def commit() -> bool:
            nonlocal committed
            if not writer.ok:
                return False
            try:
                files.close()
                size = temporary.stat().st_size
                if size > self.limit_bytes * _LOW_WATER or self._free_bytes() < self.min_free_bytes:
                    return False
                os.replace(temporary, path)
            except OSError as exc:
                self._warn_unwritable(relative, exc)
                return False
            committed = True
            with self._guard:
                self._total += size - self._index.pop(relative, 0)
                self._index[relative] = size
            self._trim()
            return True

        try:
            yield writer, commit
        finally:
            if handle is not None:
                try:
                    files.close()
                except OSError:
                    pass
                if not committed:
                    try:
                        os.unlink(temporary)
                    except OSError:
                        pass

    def get(self, relative: str, make: Callable[[], bytes]) -> bytes:
        """The cached bytes, or `make()`'s, stored first (if they can be)."""
        data = self.read(relative)
        if data is not None:
            return data
        with self.lock(relative):
            data = self.read(relative)
            if data is None:
                data = make()
                self.write(relative, data)
            return data

    def close(self) -> None:
        """Stop the start-up scan (if it still runs); the files stay."""
        self._closed.set()

    # --- bookkeeping -------------------------------------------------------------------------------
    def _used(self, relative: str, size: int) -> None:
        with self._guard:
            self._total += size - self._index.pop(relative, 0)
            self._index[relative] = size
        if self._total > self.limit_bytes:      # a file another process wrote, found by reading it
            self._trim()

    def _free_bytes(self) -> int:
        try:
            return shutil.disk_usage(self.directory).free
        except OSError:
            return 1 << 62      # can't tell: let the write itself find out

    def _warn_unwritable(self, relative: str, exc: OSError) -> None:
        now = time.monotonic()
        if now - self._warned >= _WARN_EVERY:
            self._warned = now
            log.warning("embedded store: could not cache %s in %s (%s); serving it uncached",
                        relative, self.directory, exc.strerror or exc)

    def _trim(self) -> None:
        """Remove least recently used files until the total is under 90 % of the limit."""
        victims = []
        with self._guard:
            if self._total <= self.limit_bytes:
                return
            target = self.limit_bytes * _LOW_WATER
            while self._index and self._total > target:
                relative, size = self._index.popitem(last=False)
                self._total -= size
                victims.append(relative)
        for relative in victims:
            try:
                os.unlink(self.path(relative))
            except FileNotFoundError:
                pass
            except OSError as exc:
                log.warning("embedded store: could not remove cached %s: %s", relative, exc)

    def _scan(self) -> None:
        """Count the files already on disk (oldest first), remove stale temporaries, then trim."""
        try:
            found: list[tuple[float, str, int]] = []
            now = time.time()
            for root, _, names in os.walk(self.directory):
                if self._closed.is_set():
                    return
                for name in names:
                    full = os.path.join(root, name)
                    try:
                        info = os.stat(full)
                    except OSError:
                        continue
                    if name.endswith(".tmp"):
                        if now - info.st_mtime > STALE_TEMPORARY:
                            try:
                                os.unlink(full)
                            except OSError:
                                pass
                        continue
                    found.append((info.st_mtime, os.path.relpath(full, self.directory).replace(os.sep, "/"),
                                  info.st_size))
            found.sort()
            with self._guard:
                merged: OrderedDict[str, int] = OrderedDict(
                    (relative, size) for _, relative, size in found if relative not in self._index)
                merged.update(self._index)      # what was used since start stays the most recent
                self._index = merged
                self._total = sum(merged.values())
            self._trim()
        except Exception:       # only bookkeeping: the cache works without it, just unbounded by old files
            log.warning("embedded store: could not scan the media cache %s", self.directory, exc_info=True)
        finally:
            self.scanned.set()
