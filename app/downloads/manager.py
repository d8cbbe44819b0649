"""The download queue as a QObject: at most N downloads at once on a TaskRunner, typed events.

The only Qt module of app/downloads. It keeps the jobs in memory in queue order, saves them
(app/downloads/queue.py) at every change of state, never for progress: after a restart the
`.part` files say how far each one got. Saving (an fsync'd atomic write) runs on a writer thread
of its own, the latest state each time, so the GUI thread never waits for the disk; `flush()`
(and `close()`) write it at once. A job found "downloading" at start was interrupted
(a quit, a crash) and is queued again; it resumes from its `.part`.

A worker stops at its next chunk when its job is paused or cancelled; until it has stopped the
job's `.part` is not touched again (no second worker for it starts, a cancelled job's `.part`
is removed only then). Slots are counted by workers that are still running, not by results.

Signals carry job ids (see DownloadJob.job_id) and typed values; nothing here is worded for people.
"""
from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Iterable, Mapping
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.services.tasks import CancelToken, TaskRunner

from .errors import DownloadError, IncompleteFile, NotAnMp3, UrlExpired
from .fetch import Downloaded, Fetcher
from .jobs import DownloadJob, JobState
from .queue import QueueLoad, QueueStorage

__all__ = ["USER_PAUSE", "DownloadManager"]

log = logging.getLogger(__name__)

USER_PAUSE = "user"                 # the reason of a pause the user asked for
_PROGRESS_EVERY_S = 0.1             # per worker: at most ten progress events a second
_SPEED_WINDOW_S = 2.0
_RESTART_FROM_ZERO = {NotAnMp3.code, IncompleteFile.code}


class _Relay(QObject):
    # Emitted from worker threads; the relay lives on the GUI thread, so Qt queues delivery.
    progress = Signal(str, object, object)      # job id, bytes in the .part, total or None
    exited = Signal(str)                        # job id: its worker has stopped touching the .part


class DownloadManager(QObject):
    """Runs the persisted download queue. Call `start()` once (loads the queue and begins)."""

    job_added = Signal(str)                     # job id
    job_changed = Signal(str)                   # job id: state, reason or target changed (see job())
    job_removed = Signal(str)                   # job id (cancelled)
    job_progress = Signal(str, object, object)  # job id, bytes done, bytes total (None: unknown yet)
    progress = Signal(object, object, float)    # all jobs: bytes done, bytes known in total, bytes/s now
    job_finished = Signal(str, object)          # job id, Downloaded (path, size, sha256, skipped)
    job_failed = Signal(str, object)            # job id, DownloadError (or an unexpected exception)
    job_paused = Signal(str, object)            # job id, StorageProblem, or None when the user paused it
    urls_expired = Signal(str)                  # release id: ask the locker again, then refresh_urls()
    release_finished = Signal(str)              # release id: every queued track of it is done

    def __init__(self, storage: QueueStorage, runner: TaskRunner | None = None, fetcher: Fetcher | None = None,
                 max_parallel: int = 2, parent: QObject | None = None, *,
                 progress_interval: float = _PROGRESS_EVERY_S):
        super().__init__(parent)
        self._progress_interval = progress_interval
        self._storage = storage
        self._runner = runner or TaskRunner(max_threads=max_parallel, parent=self, name="downloads")
        self._fetcher = fetcher or Fetcher()
        self._max = max(1, max_parallel)
        self._jobs: dict[str, DownloadJob] = {}
        self._tokens: dict[str, CancelToken] = {}
        self._alive: set[str] = set()           # jobs whose worker hasn't stopped yet
        self._discard: dict[str, Path] = {}     # cancelled jobs' .part files, removed once their worker stops
        self._done_bytes: dict[str, int] = {}
        self._moved: int = 0                    # bytes transferred this session (for the speed)
        self._samples: deque[tuple[float, int]] = deque()
        self._closed = False
        self._writer = TaskRunner(max_threads=1, parent=self, name="download-queue")
        self._unsaved = self._writing = False
        self._relay = _Relay(self)
        self._relay.progress.connect(self._on_progress)
        self._relay.exited.connect(self._on_exited)

    # --- reading ------------------------------------------------------------------------------
    @property
    def max_parallel(self) -> int:
        return self._max

    @property
    def fetcher(self) -> Fetcher:
        """The shared Fetcher (its `opener` is the seam tests use for a full disk)."""
        return self._fetcher

    def jobs(self) -> tuple[DownloadJob, ...]:
        return tuple(self._jobs.values())

    def job(self, job_id: str) -> DownloadJob | None:
        return self._jobs.get(job_id)

    @property
    def running(self) -> int:
        """Workers still running (a paused job's worker counts until it has stopped)."""
        return len(self._alive)

    # --- commands -----------------------------------------------------------------------------
    def start(self) -> QueueLoad:
        """Load the saved queue (interrupted downloads are queued again) and start downloading."""
        loaded = self._storage.load()
        for job in loaded.jobs:
            if job.state is JobState.DOWNLOADING:
                job = job.with_state(JobState.QUEUED)
            self._jobs[job.job_id] = job.with_state(job.state, job.reason, bytes_done=_part_size(job))
        if loaded.moved_aside is not None:
            log.warning("download queue unreadable (%s), moved to %s", loaded.problem, loaded.moved_aside)
        self._save()
        self._schedule()
        return loaded

    def add(self, jobs: Iterable[DownloadJob]) -> list[str]:
        """Queue `jobs`; a track already queued keeps its place and takes the new (fresh) URL."""
        jobs, added = list(jobs), []
        for job in jobs:
            known = self._jobs.get(job.job_id)
            if known is None:
                self._jobs[job.job_id] = job.with_state(JobState.QUEUED, bytes_done=_part_size(job))
                added.append(job.job_id)
        self._take_urls({job.job_id: job.url for job in jobs if job.job_id not in added})
        self._save()
        for job_id in added:
            self.job_added.emit(job_id)
        self._schedule()
        return added

    def pause(self, job_id: str) -> None:
        job = self._jobs.get(job_id)
        if job is None or job.state not in (JobState.QUEUED, JobState.DOWNLOADING):
            return
        self._stop_worker(job_id)
        self._set(job.with_state(JobState.PAUSED, USER_PAUSE, bytes_done=_part_size(job)))
        self.job_paused.emit(job_id, None)

    def resume(self, job_id: str) -> None:
        """Queue a paused or failed job again (a .part that can't be right is started afresh)."""
        job = self._jobs.get(job_id)
        if job is None or job.state not in (JobState.PAUSED, JobState.FAILED):
            return
        if job.reason in _RESTART_FROM_ZERO and job_id not in self._alive:
            _unlink(job.part_path)
        self._set(job.with_state(JobState.QUEUED, bytes_done=_part_size(job)))
        self._schedule()

    retry = resume

    def resume_all(self) -> None:
        for job_id, job in list(self._jobs.items()):
            if job.state in (JobState.PAUSED, JobState.FAILED) and job.reason != UrlExpired.code:
                self.resume(job_id)

    def cancel(self, job_id: str) -> None:
        """Drop the job from the queue and remove its .part (a finished file stays)."""
        job = self._jobs.pop(job_id, None)
        if job is None:
            return
        self._stop_worker(job_id)
        self._done_bytes.pop(job_id, None)
        if job.state is not JobState.DONE:
            if job_id in self._alive:
                self._discard[job_id] = job.part_path
            else:
                _unlink(job.part_path)
        self._save()
        self.job_removed.emit(job_id)
        self._schedule()

    def refresh_urls(self, urls: Mapping[str, str]) -> None:
        """New pre-signed URLs by job id (from the locker); jobs that failed with an expired URL go again."""
        self._take_urls(urls)
        self._save()
        self._schedule()

    def _take_urls(self, urls: Mapping[str, str]) -> None:
        for job_id, url in urls.items():
            job = self._jobs.get(job_id)
            if job is None or job.state is JobState.DONE:
                continue
            if job.state is JobState.FAILED and job.reason == UrlExpired.code:
                job = job.with_state(JobState.QUEUED)
                self.job_changed.emit(job_id)
            self._jobs[job_id] = job.with_state(job.state, job.reason, url=url)

    def close(self) -> None:
        """At quit: stop every worker at its next chunk. The file keeps them "downloading" (resumed next run)."""
        self._closed = True
        for job_id in list(self._tokens):
            self._stop_worker(job_id)
        self.flush()

    def flush(self, timeout_ms: int = 5000) -> None:
        """Write the queue file now (blocking): at quit, and wherever the file must be current."""
        self._writer.wait_for_idle(timeout_ms)
        self._unsaved = False
        self._write(list(self._jobs.values()))

    # --- running --------------------------------------------------------------------------------
    def _schedule(self) -> None:
        if self._closed:
            return
        # A slot is busy from start until both its worker has exited and its result was taken (a
        # finished worker's result may still be on its way): never more than N workers, nor N shown.
        busy = set(self._alive) | {j.job_id for j in self._jobs.values() if j.state is JobState.DOWNLOADING}
        for job in list(self._jobs.values()):
            if len(busy) >= self._max:
                return
            if job.state is JobState.QUEUED and job.job_id not in busy:
                self._begin(job)
                busy.add(job.job_id)

    def _begin(self, job: DownloadJob) -> None:
        job_id = job.job_id
        job = job.with_state(JobState.DOWNLOADING)
        self._set(job)
        self._alive.add(job_id)
        relay, fetcher, interval = self._relay, self._fetcher, self._progress_interval

        def work(token: CancelToken) -> Downloaded:
            last = [0.0]

            def progress(done: int, total: int | None) -> None:
                now = time.monotonic()
                if now - last[0] >= interval or done == total:
                    last[0] = now
                    relay.progress.emit(job_id, done, total)
            try:
                return fetcher.download(job, token, progress)
            finally:
                relay.exited.emit(job_id)

        self._tokens[job_id] = self._runner.submit(work, lambda result: self._on_done(job_id, result),
                                                   lambda exc: self._on_error(job_id, exc))

    def _stop_worker(self, job_id: str) -> None:
        token = self._tokens.pop(job_id, None)
        if token is not None:
            self._runner.cancel(token)

    def _on_progress(self, job_id: str, done: int, total: int | None) -> None:
        job = self._jobs.get(job_id)
        if job is None:
            return
        before = self._done_bytes.get(job_id, job.bytes_done)
        self._moved += max(0, done - before)
        self._done_bytes[job_id] = done
        self._jobs[job_id] = job.with_state(job.state, job.reason, bytes_done=done, bytes_total=total)
        self.job_progress.emit(job_id, done, total)
        self._emit_overall()

    def _emit_overall(self) -> None:
        now = time.monotonic()
        self._samples.append((now, self._moved))
        while len(self._samples) > 2 and now - self._samples[0][0] > _SPEED_WINDOW_S:
            self._samples.popleft()
        first_t, first_b = self._samples[0]
        speed = (self._moved - first_b) / (now - first_t) if now > first_t else 0.0
        done = sum(job.bytes_done for job in self._jobs.values())
        total = sum(job.bytes_total or 0 for job in self._jobs.values())
        self.progress.emit(done, total, float(speed))

    def _on_exited(self, job_id: str) -> None:
        self._alive.discard(job_id)
        part = self._discard.pop(job_id, None)
        if part is not None and job_id not in self._jobs:      # not queued again meanwhile
            _unlink(part)
        job = self._jobs.get(job_id)
        if job is None or job.state is not JobState.DOWNLOADING:    # else its result, on its way, schedules
            self._schedule()

    def _on_done(self, job_id: str, result: Downloaded) -> None:
        self._tokens.pop(job_id, None)
        job = self._jobs.get(job_id)
        if job is None:
            return
        self._set(job.with_state(JobState.DONE, target=str(result.path), bytes_done=result.size,
                                 bytes_total=result.size))
        self.job_finished.emit(job_id, result)
        self._emit_overall()
        release_id = job.info.release_id
        if all(other.state is JobState.DONE for other in self._jobs.values() if other.info.release_id == release_id):
            self.release_finished.emit(release_id)
        self._schedule()

    def _on_error(self, job_id: str, exc: Exception) -> None:
        self._tokens.pop(job_id, None)
        job = self._jobs.get(job_id)
        if job is None:
            return
        code = exc.code if isinstance(exc, DownloadError) else DownloadError.code
        if not isinstance(exc, DownloadError):
            log.warning("download failed unexpectedly: %s: %s", type(exc).__name__, exc)
        paused = isinstance(exc, DownloadError) and exc.pauses
        self._set(job.with_state(JobState.PAUSED if paused else JobState.FAILED, code, bytes_done=_part_size(job)))
        if paused:
            self.job_paused.emit(job_id, exc)
        else:
            self.job_failed.emit(job_id, exc)
        if isinstance(exc, UrlExpired):
            self.urls_expired.emit(job.info.release_id)
        self._schedule()

    def _set(self, job: DownloadJob) -> None:
        self._jobs[job.job_id] = job
        self._save()
        self.job_changed.emit(job.job_id)

    def _save(self) -> None:
        self._unsaved = True
        if not self._writing:
            self._write_next()

    def _write_next(self, _result=None) -> None:
        if not self._unsaved:
            self._writing = False
            return
        self._unsaved, self._writing = False, True
        jobs = list(self._jobs.values())         # the state now; changes meanwhile go in the next write
        self._writer.submit(lambda _token: self._write(jobs), self._write_next, self._write_next)

    def _write(self, jobs: list[DownloadJob]) -> None:
        try:
            self._storage.save(jobs)
        except OSError as exc:       # the queue still runs; the next change tries again
            log.warning("could not save the download queue: %s", exc)


def _part_size(job: DownloadJob) -> int:
    try:
        return job.part_path.stat().st_size
    except OSError:
        return 0


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("could not remove %s: %s", path.name, exc)
