"""Files made once and kept: a per-key lock so concurrent requests make each file once, atomic writes."""
from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path


class DiskCache:
    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def path(self, relative: str) -> Path:
        return self.directory / relative

    def lock(self, relative: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(relative, threading.Lock())

    def read(self, relative: str) -> bytes | None:
        try:
            return self.path(relative).read_bytes()
        except FileNotFoundError:
            return None

    def write(self, relative: str, data: bytes) -> None:
        """Write to a temp file and rename, so no process ever reads half a file."""
        path = self.path(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)

    def get(self, relative: str, make) -> bytes:
        """The cached bytes, or `make()`'s, stored first."""
        data = self.read(relative)
        if data is not None:
            return data
        with self.lock(relative):
            data = self.read(relative)
            if data is None:
                data = make()
                self.write(relative, data)
            return data
