"""The one worker pattern: run plain (Qt-free) callables off the GUI thread, report on the GUI thread.

Every job reports back exactly once, on the GUI thread, unless it was cancelled. A job without a
failure handler of its own is not dropped: its exception goes to `TaskRunner.unhandled_error`, which
the composition root connects to the window (a sentence from ui/errors.py). A deliberate ignore is
spelt `on_error=ignore_errors("why")`, so every dropped error has a name and a reason in the log.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import Shiboken

log = logging.getLogger(__name__)

ErrorHandler = Callable[[Exception], None]


class Cancelled(Exception):
    """The job's token was cancelled: it stops at its next check and its result is dropped."""


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

    def check(self) -> None:
        """Between steps of a long job: raise Cancelled if nobody wants the result any more."""
        if self._event.is_set():
            raise Cancelled()


def ignore_errors(reason: str) -> ErrorHandler:
    """A named, deliberate ignore: `on_error=ignore_errors("tags are decoration")`. Logged, not shown."""
    def ignore(exc: Exception) -> None:
        log.info("ignored (%s): %s: %s", reason, type(exc).__name__, exc)
    ignore.reason = reason      # type: ignore[attr-defined]
    return ignore


class _Relay(QObject):
    # Emitted from worker threads. The relay lives on the GUI thread, so Qt queues delivery.
    succeeded = Signal(object, object)  # token, result
    failed = Signal(object, object)     # token, exception


def _run_job(fn: Callable[[CancelToken], Any], token: CancelToken, relay: _Relay,
             closed: threading.Event | None = None) -> None:
    if token.cancelled:                # superseded before it started: never runs, still reports once
        relay.failed.emit(token, Cancelled())
        return
    try:
        result = fn(token)
    except Exception as exc:           # never let an exception die silently in a worker thread
        signal, value = relay.failed, exc
    else:
        signal, value = relay.succeeded, result
    if closed is not None and closed.is_set():
        return                         # a detached job outlived the app: its relay may be gone
    try:
        signal.emit(token, value)
    except RuntimeError:               # the runner was deleted meanwhile
        pass


class _Job(QRunnable):
    def __init__(self, fn: Callable[[CancelToken], Any], token: CancelToken, relay: _Relay):
        super().__init__()
        self._fn, self._token, self._relay = fn, token, relay

    def run(self) -> None:
        _run_job(self._fn, self._token, self._relay)


class TaskRunner(QObject):
    """Runs callables off the GUI thread; their callbacks run on the GUI thread unless cancelled.

    Jobs receive their CancelToken and may call `token.check()` between steps; a cancelled job's
    result is dropped and counted by `discarded`.

    `detached=True` runs each job on a daemon thread of its own instead of the pool: for the few
    jobs that may outlive the window and must never hold up quitting (building the embedded store's
    catalogue on a first start, importing the shopping modules at start-up). Same callbacks, same
    error path; `wait_for_idle` does not wait for them.
    """

    busy_changed = Signal(bool)        # True when the first job starts, False when the last one reports
    discarded = Signal()               # a cancelled job's result or error was dropped
    unhandled_error = Signal(object)   # a failure whose job had no handler: the UI shows it

    def __init__(self, max_threads: int = 4, parent: QObject | None = None, *, detached: bool = False,
                 name: str = "worker"):
        super().__init__(parent)
        self._detached, self._name = detached, name
        self._pool = None if detached else QThreadPool(self)
        if self._pool is not None:
            self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.succeeded.connect(self._on_succeeded)
        self._relay.failed.connect(self._on_failed)
        self._closed = threading.Event()
        self._pending: dict[CancelToken, tuple[Callable, ErrorHandler | None]] = {}

    @property
    def busy(self) -> bool:
        """Jobs whose callbacks are still wanted (cancelled ones no longer count)."""
        return bool(self._pending)

    @property
    def running(self) -> int:
        """Worker threads still running a job, cancelled or not (benchmarks, shutdown)."""
        return 0 if self._pool is None else self._pool.activeThreadCount()

    def submit(self, fn: Callable[[CancelToken], Any], on_done: Callable[[Any], None],
               on_error: ErrorHandler | None = None) -> CancelToken:
        """Run `fn(token)` off the GUI thread; `on_done(result)` or `on_error(exc)` on the GUI thread.

        Without `on_error` a failure is emitted as `unhandled_error` (never silently dropped)."""
        token = CancelToken()
        self._pending[token] = (on_done, on_error)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        if self._pool is None:
            threading.Thread(target=_run_job, args=(fn, token, self._relay, self._closed), name=self._name,
                             daemon=True).start()
        else:
            self._pool.start(_Job(fn, token, self._relay))
        return token

    def cancel(self, token: CancelToken | None) -> None:
        if token is not None:
            token.cancel()
            self._forget(token)

    def close(self) -> None:
        """At exit: detached jobs still running report nothing when they end (the app is gone)."""
        self._closed.set()
        for token in list(self._pending):
            self.cancel(token)

    def wait_for_idle(self, msecs: int = 5000) -> bool:
        """Shutdown and tests only: block until the pool's running jobs end (detached ones are left)."""
        return True if self._pool is None else self._pool.waitForDone(msecs)

    def _forget(self, token: CancelToken) -> None:
        if self._pending.pop(token, None) is not None and not self._pending:
            self.busy_changed.emit(False)

    def _on_succeeded(self, token: CancelToken, result: Any) -> None:
        callbacks = self._pending.get(token)
        self._forget(token)
        if callbacks is None or token.cancelled or _owner_gone(callbacks[0]):   # stale, or nobody to tell
            self.discarded.emit()
            return
        callbacks[0](result)

    def _on_failed(self, token: CancelToken, exc: Exception) -> None:
        callbacks = self._pending.get(token)
        self._forget(token)
        if callbacks is None or token.cancelled or isinstance(exc, Cancelled) or _owner_gone(callbacks[0]):
            self.discarded.emit()
            return
        if callbacks[1] is not None:
            callbacks[1](exc)
        else:
            self.report(exc)

    def report(self, exc: Exception) -> None:
        """The default failure path: log it and hand it to whoever shows errors (the window)."""
        log.warning("unhandled job failure: %s: %s", type(exc).__name__, exc)
        self.unhandled_error.emit(exc)


def _owner_gone(callback: Callable) -> bool:
    """The callback is a method of a Qt object deleted meanwhile (e.g. a model whose view was closed):
    calling it would raise "Signal source has been deleted", or worse."""
    owner = getattr(callback, "__self__", None)
    return isinstance(owner, QObject) and not Shiboken.isValid(owner)


class JobGroup:
    """The jobs one owner (a view, a service) has in flight, so leaving can cancel them all at once."""

    def __init__(self, runner: TaskRunner):
        self._runner = runner
        self._tokens: set[CancelToken] = set()

    @property
    def busy(self) -> bool:
        return bool(self._tokens)

    def submit(self, fn: Callable[[CancelToken], Any], on_done: Callable[[Any], None],
               on_error: ErrorHandler | None = None) -> CancelToken:
        holder: list[CancelToken] = []

        def done(result) -> None:
            self._tokens.discard(holder[0])
            if _owner_gone(on_done):
                self._runner.discarded.emit()
                return
            on_done(result)

        def failed(exc: Exception) -> None:
            self._tokens.discard(holder[0])
            if _owner_gone(on_error or on_done):
                self._runner.discarded.emit()
                return
            if on_error is None:
                self._runner.report(exc)
            else:
                on_error(exc)

        token = self._runner.submit(fn, done, failed)
        holder.append(token)
        self._tokens.add(token)
        return token

    def cancel(self, token: CancelToken | None = None) -> None:
        """Cancel one job of this group, or (no argument) all of them."""
        tokens = [token] if token is not None else list(self._tokens)
        for each in tokens:
            if each is not None:
                self._tokens.discard(each)
                self._runner.cancel(each)
