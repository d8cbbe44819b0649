"""Garbage collection on the GUI's schedule instead of at random allocation moments.

Measured in bench/ui_stall.py: Python's automatic full (generation 2) collections, triggered by
whichever thread happened to allocate, paused the GUI thread for 45-105 ms while the user was
searching or opening pages. Here automatic collection is off; young generations are collected
every second (a few ms), and a full collection runs only when no store request is in flight,
and at least every few minutes so memory is still reclaimed.
"""
from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from app.allocator import release_freed_memory


class IdleCollector(QObject):
    """Owns Python's garbage collection while it runs; `stop()` gives it back."""

    def __init__(self, is_busy: Callable[[], bool], interval_ms: int = 1000, full_every_s: float = 30.0,
                 full_at_least_every_s: float = 180.0, parent: QObject | None = None):
        super().__init__(parent)
        self._is_busy = is_busy
        self._full_every, self._full_at_least = full_every_s, full_at_least_every_s
        self._last_full = time.monotonic()
        self._was_enabled = gc.isenabled()
        self.full_collections = 0
        self.ticks = 0
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self._tick)

    def start(self, freeze: bool = True) -> IdleCollector:
        """Collect on the GUI thread from now on. Call it before any worker thread starts: an
        automatic collection run by a worker that deletes a Qt object can deadlock with the GUI
        thread (the object's destructor holds a Qt connection lock and waits for the GIL; seen in a
        test run, stacks from py-spy)."""
        gc.disable()
        if freeze:
            self.freeze()
        self._timer.start()
        return self

    def freeze(self) -> None:
        """What exists now lives for the whole run: full collections skip it."""
        gc.freeze()

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

    def _tick(self) -> None:
        self.ticks += 1
        since = time.monotonic() - self._last_full
        if since >= self._full_at_least or (since >= self._full_every and not self._is_busy()):
            gc.collect()
            release_freed_memory()
            self._last_full = time.monotonic()
            self.full_collections += 1
        else:
            gc.collect(1)             # generations 0 and 1: short
