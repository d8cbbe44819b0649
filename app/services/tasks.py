"""The one worker pattern: run plain (Qt-free) callables on a pool, report on the GUI thread."""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class CancelToken:
    """Cooperative cancellation flag shared by the GUI thread and one job."""

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class Cancelled(Exception):
    """Reported for a job whose token was cancelled before it started."""


class _Relay(QObject):
    # Emitted from pool threads. The relay lives on the GUI thread, so Qt queues delivery.
    succeeded = Signal(object, object)  # token, result
    failed = Signal(object, object)     # token, exception


class _Job(QRunnable):
    def __init__(self, fn: Callable[[CancelToken], Any], token: CancelToken, relay: _Relay):
        super().__init__()
        self._fn, self._token, self._relay = fn, token, relay

    def run(self) -> None:
        if self._token.cancelled:          # superseded before it started: still report once
            self._relay.failed.emit(self._token, Cancelled())
            return
        try:
            result = self._fn(self._token)
        except Exception as exc:           # never let an exception die silently in a pool thread
            self._relay.failed.emit(self._token, exc)
        else:
            self._relay.succeeded.emit(self._token, result)


class TaskRunner(QObject):
    """Runs callables off the GUI thread; their callbacks run on the GUI thread unless cancelled.

    Every submitted job reports back exactly once; a cancelled job's result is dropped and
    counted by `discarded`. Jobs receive their CancelToken and may check `token.cancelled`
    between steps (e.g. between pages).
    """

    busy_changed = Signal(bool)   # True when the first job starts, False when the last one reports
    discarded = Signal()          # a cancelled job's result or error was dropped

    def __init__(self, max_threads: int = 4, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.succeeded.connect(self._on_succeeded)
        self._relay.failed.connect(self._on_failed)
        self._pending: dict[CancelToken, tuple[Callable, Callable | None]] = {}

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def submit(self, fn: Callable[[CancelToken], Any], on_done: Callable[[Any], None],
               on_error: Callable[[Exception], None] | None = None) -> CancelToken:
        """Run `fn(token)` on the pool; `on_done(result)` or `on_error(exc)` on the GUI thread."""
        token = CancelToken()
        self._pending[token] = (on_done, on_error)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Job(fn, token, self._relay))
        return token

    def cancel(self, token: CancelToken | None) -> None:
        if token is not None:
            token.cancel()
            self._forget(token)

    def wait_for_idle(self, msecs: int = 5000) -> bool:
        """Shutdown and tests only: block until running jobs end."""
        return self._pool.waitForDone(msecs)

    def _forget(self, token: CancelToken) -> None:
        if self._pending.pop(token, None) is not None and not self._pending:
            self.busy_changed.emit(False)

    def _on_succeeded(self, token: CancelToken, result: Any) -> None:
        callbacks = self._pending.get(token)
        self._forget(token)
        if callbacks is None or token.cancelled:   # stale: a newer request superseded it
            self.discarded.emit()
            return
        callbacks[0](result)

    def _on_failed(self, token: CancelToken, exc: Exception) -> None:
        callbacks = self._pending.get(token)
        self._forget(token)
        if callbacks is None or token.cancelled:
            self.discarded.emit()
            return
        if callbacks[1] is not None:
            callbacks[1](exc)
