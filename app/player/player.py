"""PreviewPlayer: the one QMediaPlayer of the app, a queue, and honest reporting of failures.

Two measured traps of Qt's ffmpeg backend under PySide6 (docs/PLATFORM.md §3.4, and seen again while
writing tests/player) shape this class:
- its threads sometimes need the GIL (a Python Qt message handler; a Python wrapper's virtuals
  when a renderer object dies) while the GUI thread, inside QMediaPlayer.stop()/play()/setSource()
  called from Python, holds the GIL and waits for those threads: a deadlock. So this class never
  calls a QMediaPlayer/QAudioOutput command from Python. Commands are queued
  (QMetaObject.invokeMethod, QueuedConnection) and run from the event loop, in C++, GIL released.
  The state the UI sees follows the user's intent at once, and the backend's state once the
  command has run.
- an unparented QAudioOutput can be destroyed before the player: it is parented to the player,
  there is ONE player for the app's life, and `shutdown()` ends it through deleteLater().

The QMediaPlayer is built on first use or by `prepare()` (the app calls it once the window is idle):
building one loads Qt's ffmpeg plugin, which maps libavcodec, QtQuick and QtQml (~12 MB) that the
window's start-up has no use for. Until then the player answers from its own state.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

import shiboken6
from PySide6.QtCore import Q_ARG, QMetaObject, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtMultimedia import QAudio, QAudioOutput, QMediaPlayer

from app.player.backend import probe_backend
from app.player.problems import MediaError, PlayerProblem, ProblemKind
from app.player.queue import PlayQueue
from app.player.watchdog import StallWatchdog
from app.services.tasks import CancelToken, TaskRunner

log = logging.getLogger(__name__)

Status = QMediaPlayer.MediaStatus
_QUEUED = Qt.ConnectionType.QueuedConnection
_MEDIA_ERRORS = {
    QMediaPlayer.Error.ResourceError: MediaError.RESOURCE,
    QMediaPlayer.Error.FormatError: MediaError.FORMAT,
    QMediaPlayer.Error.NetworkError: MediaError.NETWORK,
    QMediaPlayer.Error.AccessDeniedError: MediaError.ACCESS_DENIED,
}


class PlayerState(str, Enum):
    STOPPED = "stopped"
    LOADING = "loading"      # asking for the clip's URL or opening it
    BUFFERING = "buffering"  # playing, but waiting for data
    PLAYING = "playing"
    PAUSED = "paused"


class _Intent(Enum):
    STOP, PLAY, PAUSE = range(3)


class PreviewPlayer(QObject):
    """Plays preview clips one after another from a queue.

    `resolve_url(track) -> str` is Qt-free (the store client's signing) and runs on the
    TaskRunner's pool. A clip that fails (URL lookup, HTTP error, network error, undecodable) or
    makes no progress for `stall_timeout_ms` while it should be playing is reported with `problem`
    (a PlayerProblem: data, the UI words it) and skipped.
    """

    state_changed = Signal(object)            # PlayerState: the new state
    track_changed = Signal(object)            # the current track (None when the queue has none)
    playing_track_changed = Signal(object)    # id of the track playing or paused; None when stopped
    position_changed = Signal(int)            # ms into the current clip
    duration_changed = Signal(int)            # ms: the current clip's length, 0 while unknown
    buffer_progress_changed = Signal(float)   # 0.0-1.0: how full the player's buffer is
    volume_changed = Signal(int)              # 0-100, as the user's volume slider shows it
    muted_changed = Signal(bool)              # True when muted
    queue_changed = Signal()                  # the queue's tracks or its current index changed
    seeked = Signal(int)                      # ms: the user (or MPRIS) jumped to this position
    problem = Signal(object)                  # PlayerProblem: a clip failed or stalled (and is skipped)
    backend_missing = Signal(object)          # BackendStatus: the QMediaPlayer, once built, can't play

    SEEK_STEP_MS = 5000
    RESTART_THRESHOLD_MS = 3000   # "previous" later than this restarts the clip instead

    def __init__(self, runner: TaskRunner, resolve_url: Callable[[Any], str], *, stall_timeout_ms: int = 8000,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._runner, self._resolve_url = runner, resolve_url
        self._queue = PlayQueue()
        self._media: QMediaPlayer | None = None   # built by _backend(): see the module docstring
        self._audio: QAudioOutput | None = None
        self._shut_down = False
        self._watchdog = StallWatchdog(stall_timeout_ms, self)
        self._url_token: CancelToken | None = None
        self._generation = 0          # bumps on every load; late callbacks of older loads are ignored
        self._reported = -1           # generation whose failure was already reported
        self._resolving = False       # waiting for resolve_url
        self._source = QUrl()         # the URL this player last asked the backend to open
        self._intent = _Intent.STOP
        self._state = PlayerState.STOPPED
        self._playing_id: Any = None
        self._last_position = 0
        self._started = False         # the current clip has played: a seek's reload is not "loading"
        self._volume, self._muted = 80, False
        self._watchdog.stalled.connect(self._on_watchdog_stalled)

    # -- reading ---------------------------------------------------------------------------
    @property
    def state(self) -> PlayerState:
        return self._state

    @property
    def current_track(self) -> Any | None:
        return self._queue.current

    @property
    def queue(self) -> tuple[Any, ...]:
        return self._queue.tracks

    @property
    def current_index(self) -> int:
        return self._queue.current_index

    @property
    def has_next(self) -> bool:
        return self._queue.has_next

    @property
    def has_previous(self) -> bool:
        return self._queue.has_previous

    def position(self) -> int:
        """ms into the current clip (0 until the backend has opened it)."""
        return self._media.position() if self._backend_current() else 0

    def duration(self) -> int:
        return self._media.duration() if self._backend_current() else 0

    def is_seekable(self) -> bool:
        return self._backend_current() and self._media.isSeekable()

    @property
    def is_prepared(self) -> bool:
        """True once the QMediaPlayer (and with it Qt's ffmpeg plugin) is loaded."""
        return self._media is not None

    def volume(self) -> int:
        return self._volume

    def is_muted(self) -> bool:
        return self._muted

    def applied_volume(self) -> tuple[float, bool]:
        """(linear volume 0.0-1.0, muted) as the audio output has them: volume()/is_muted() run
        an event-loop turn ahead (commands are queued). For diagnostics and tests."""
        if self._audio is None:
            return _linear(self._volume), self._muted   # applied when the output is built
        return self._audio.volume(), self._audio.isMuted()

    @property
    def is_shut_down(self) -> bool:
        """True once `shutdown()` has run AND the backend is destroyed (its threads are gone):
        what a test (or the app's quit) waits for before the store goes away."""
        return self._shut_down and (self._media is None or not shiboken6.isValid(self._media))

    def prepare(self) -> None:
        """Build the QMediaPlayer now (the app calls this once its window is idle), so that the
        first preview doesn't wait for the plugin to load. Idempotent; nothing after shutdown()."""
        self._backend()

    def prepare_later(self, delay_ms: int) -> None:
        """`prepare()` after `delay_ms`, unless a preview has built the player before."""
        QTimer.singleShot(max(0, int(delay_ms)), self, self.prepare)

    # -- playing ---------------------------------------------------------------------------
    def play(self, track: Any) -> None:
        """A track's preview button: play it now; on the current track, pause or resume.

        A track already queued is jumped to; any other is inserted after the current one, so a
        "preview all" queue keeps going after it.
        """
        index = self._queue.index_of(track.id)
        if index >= 0 and index == self._queue.current_index and self._state != PlayerState.STOPPED:
            self.toggle()
            return
        if index < 0:
            index = self._queue.insert_next(track)
        self._queue.set_current(index)
        self.queue_changed.emit()
        self._load()

    def play_all(self, tracks: Iterable[Any]) -> None:
        """Replace the queue with these tracks, in order, and play from the first."""
        tracks = tuple(tracks)
        if not tracks:
            return
        self._queue.replace(tracks)
        self.queue_changed.emit()
        self._load()

    def play_from(self, tracks: Iterable[Any]) -> None:
        """A track row's play button in a release: play the first of `tracks` and go on through the
        rest (the queue becomes `tracks`). On the track already playing: pause or resume."""
        tracks = tuple(tracks)
        if not tracks:
            return
        current = self._queue.current
        if current is not None and str(current.id) == str(tracks[0].id) and self._state != PlayerState.STOPPED:
            self.toggle()
            return
        self.play_all(tracks)

    def play_next(self, tracks: Iterable[Any]) -> None:
        """Queue tracks right after the current one, in order, without interrupting it."""
        tracks = tuple(tracks)
        if not tracks:
            return
        first = self._queue.current_index + 1   # nothing current: play starts at the top, so there
        for offset, track in enumerate(tracks):
            self._queue.insert_at(first + offset, track)
        self.queue_changed.emit()

    def restore(self, tracks: Iterable[Any], current_index: int) -> None:
        """The queue of the last run, stopped: nothing plays until the user asks."""
        tracks = tuple(tracks)
        if not tracks or self._queue.tracks:
            return
        self._queue.append(tracks)
        self._queue.set_current(max(0, min(int(current_index), len(tracks) - 1)))
        self.queue_changed.emit()
        self.track_changed.emit(self._queue.current)

    def enqueue(self, tracks: Iterable[Any]) -> None:
        """Add tracks at the end of the queue without interrupting anything."""
        tracks = tuple(tracks)
        if tracks:
            self._queue.append(tracks)
            self.queue_changed.emit()

    def play_index(self, index: int) -> None:
        """Play the queue's track at `index` (the queue view's double-click)."""
        self._queue.set_current(index)
        self.queue_changed.emit()
        self._load()

    def toggle(self) -> None:
        """Play/pause: pause when sound is wanted, resume when paused, restart when stopped."""
        if self._state in (PlayerState.PLAYING, PlayerState.BUFFERING, PlayerState.LOADING):
            self.pause()
        elif self._state == PlayerState.PAUSED:
            self.resume()
        elif self._queue.current is not None:
            self._load()
        elif len(self._queue):
            self.play_index(0)

    def pause(self) -> None:
        if self._intent != _Intent.PLAY:
            return
        self._intent = _Intent.PAUSE
        if not self._resolving:
            self._command("pause")
        self._update_state()

    def resume(self) -> None:
        if self._intent != _Intent.PAUSE:
            return
        self._intent = _Intent.PLAY
        if not self._resolving:
            self._command("play")
        self._update_state()

    def stop(self) -> None:
        """Stop playing; the current track stays current (play starts it again)."""
        self._cancel_lookup()
        self._intent = _Intent.STOP
        if self._media is not None:   # nothing to stop in a player never built
            self._command("stop")
        self._update_state()

    def next(self) -> bool:
        """Skip to the next queued track; False when there is none."""
        if self._queue.advance() is None:
            return False
        self.queue_changed.emit()
        self._load()
        return True

    def previous(self) -> None:
        """Restart the clip when it has played a while, else go to the previous track."""
        if self.position() > self.RESTART_THRESHOLD_MS or not self._queue.has_previous:
            self.seek(0)
            return
        self._queue.back()
        self.queue_changed.emit()
        self._load()

    def seek(self, position_ms: int) -> None:
        if not self._backend_current():
            return
        duration = self._media.duration()
        position_ms = max(0, min(int(position_ms), duration if duration > 0 else int(position_ms)))
        if position_ms and not self._media.isSeekable():
            return
        self._command("setPosition", Q_ARG("qint64", position_ms))
        self._watchdog.progress()
        self.seeked.emit(position_ms)

    def seek_by(self, delta_ms: int) -> None:
        self.seek(self.position() + delta_ms)

    def set_volume(self, volume: int) -> None:
        """0-100 on a perceptual (logarithmic) scale, as people expect from a volume slider."""
        volume = max(0, min(100, int(volume)))
        if volume != self._volume:
            self._volume = volume
            self._apply_volume()
            self.volume_changed.emit(volume)

    def set_muted(self, muted: bool) -> None:
        if bool(muted) != self._muted:
            self._muted = bool(muted)
            if self._audio is not None:   # else applied when the output is built
                QMetaObject.invokeMethod(self._audio, "setMuted", _QUEUED, Q_ARG(bool, self._muted))
            self.muted_changed.emit(self._muted)

    # -- the queue -------------------------------------------------------------------------
    def remove(self, index: int) -> None:
        """Drop a queued track; removing the playing one plays the track that takes its place."""
        was_active = self._intent != _Intent.STOP
        if not self._queue.remove(index):
            self.queue_changed.emit()
            return
        self.queue_changed.emit()
        if was_active and index < len(self._queue):
            self._load()
        else:
            self.stop()
            self.track_changed.emit(self._queue.current)

    def move(self, source: int, destination: int) -> None:
        self._queue.move(source, destination)
        self.queue_changed.emit()

    def clear(self) -> None:
        """Empty the queue and stop."""
        self.stop()
        self._queue.clear()
        self.queue_changed.emit()
        self.track_changed.emit(None)

    def shutdown(self) -> None:
        """Before the app quits (or a test ends): stop, then destroy the backend from the event
        loop. The player is unusable afterwards."""
        self._cancel_lookup()
        self._watchdog.disarm()
        self._intent = _Intent.STOP
        self._shut_down = True
        if self._media is not None:
            self._command("stop")
            self._media.deleteLater()   # its QAudioOutput goes with it

    # -- private ---------------------------------------------------------------------------
    def _backend(self) -> QMediaPlayer | None:
        """The QMediaPlayer, built on first call (None after shutdown)."""
        if self._media is None and not self._shut_down:
            media = QMediaPlayer(self)
            self._audio = QAudioOutput(media)   # owned by the player: see the module docstring
            media.setAudioOutput(self._audio)   # no backend threads yet, so a direct call is safe
            self._media = media
            status = probe_backend(media)       # also quiets its logging: an address carries a signature
            self._apply_volume()
            if self._muted:
                QMetaObject.invokeMethod(self._audio, "setMuted", _QUEUED, Q_ARG(bool, True))
            media.playbackStateChanged.connect(self._on_media_changed)
            media.mediaStatusChanged.connect(self._on_media_status_changed)
            media.errorOccurred.connect(self._on_media_error_occurred)
            media.positionChanged.connect(self._on_media_position_changed)
            media.durationChanged.connect(self._on_media_duration_changed)
            media.bufferProgressChanged.connect(self._on_media_buffer_progress_changed)
            if not status.available:
                QTimer.singleShot(0, self, lambda: self.backend_missing.emit(status))
        return self._media

    def _command(self, method: str, *args) -> None:
        """Run a backend command from the event loop (see the module docstring)."""
        media = self._backend()
        if media is not None and not QMetaObject.invokeMethod(media, method, _QUEUED, *args):
            log.warning("QMediaPlayer has no slot %s", method)

    def _backend_current(self) -> bool:
        """Has the backend taken our latest source? Until then its state is the previous clip's."""
        return (not self._resolving and self._source.isValid() and self._media is not None
                and self._media.source() == self._source)

    def _load(self) -> None:
        track = self._queue.current
        self._cancel_lookup()
        self._generation += 1
        generation = self._generation
        self._resolving, self._intent = True, _Intent.PLAY
        self._command("stop")
        self._last_position = 0
        self._started = False
        self.track_changed.emit(track)
        self.position_changed.emit(0)
        self.duration_changed.emit(0)
        self._update_state()
        self._url_token = self._runner.submit(
            lambda token: self._resolve_url(track),
            on_done=lambda url: self._on_url_ready(generation, url),
            on_error=lambda exc: self._on_url_failed(generation, exc))

    def _cancel_lookup(self) -> None:
        self._runner.cancel(self._url_token)
        self._url_token, self._resolving = None, False

    def _on_url_ready(self, generation: int, url: str) -> None:
        if generation != self._generation or self._media is None or not shiboken6.isValid(self._media):
            return   # superseded, or the player was destroyed (window closed) meanwhile
        self._url_token, self._resolving = None, False
        self._source = QUrl(url)
        if self._media.source() == self._source:
            # The same URL again (signed URLs differ each time, so rarely): the backend would
            # ignore it, so clear the source first to really reopen the clip.
            self._command("setSource", Q_ARG(QUrl, QUrl()))
        self._command("setSource", Q_ARG(QUrl, self._source))
        if self._intent == _Intent.PLAY:
            self._command("play")
        elif self._intent == _Intent.PAUSE:
            self._command("pause")
        self._update_state()

    def _on_url_failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation or self._media is None or not shiboken6.isValid(self._media):
            return
        self._url_token, self._resolving = None, False
        self._fail(generation, exc)

    def _on_media_changed(self, *_: Any) -> None:
        self._update_state()

    def _on_media_status_changed(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == Status.EndOfMedia and self._backend_current() and self._intent == _Intent.PLAY:
            generation = self._generation
            QTimer.singleShot(0, self, lambda: self._move_on(generation))
        self._update_state()

    def _on_media_error_occurred(self, error: QMediaPlayer.Error, text: str) -> None:
        if error == QMediaPlayer.Error.NoError or not self._backend_current():
            return
        log.info("clip error %s: %s (%s)", error, text, self._source.toString().split("?")[0])
        self._fail(self._generation, _MEDIA_ERRORS.get(error, MediaError.OTHER), text)

    def _on_media_position_changed(self, position: int) -> None:
        if not self._backend_current():
            return   # the previous clip's last words
        if position != self._last_position:
            self._last_position = position
            self._watchdog.progress()
        self.position_changed.emit(int(position))

    def _on_media_duration_changed(self, duration: int) -> None:
        if self._backend_current():
            self.duration_changed.emit(int(duration))

    def _on_media_buffer_progress_changed(self, progress: float) -> None:
        if self._backend_current():
            self.buffer_progress_changed.emit(float(progress))

    def _on_watchdog_stalled(self) -> None:
        generation = self._generation
        if self._reported == generation:
            return
        self._reported = generation
        log.info("stalled: %s", self._source.toString().split("?")[0])
        self.problem.emit(PlayerProblem(self._queue.current, ProblemKind.STALLED,
                                        seconds=self._watchdog.timeout_ms / 1000,
                                        skipping=self._queue.has_next))
        self._move_on(generation)

    def _fail(self, generation: int, cause: MediaError | BaseException, detail: str = "") -> None:
        if self._reported == generation or generation != self._generation:
            return
        self._reported = generation
        self.problem.emit(PlayerProblem(self._queue.current, ProblemKind.CLIP_FAILED, cause,
                                        skipping=self._queue.has_next, detail=detail))
        QTimer.singleShot(0, self, lambda: self._move_on(generation))

    def _move_on(self, generation: int) -> None:
        if generation != self._generation:
            return   # the user already went elsewhere
        if not self.next():
            self.stop()

    def _apply_volume(self) -> None:
        if self._audio is not None:   # else applied when the output is built
            QMetaObject.invokeMethod(self._audio, "setVolume", _QUEUED, Q_ARG("float", _linear(self._volume)))

    def _update_state(self) -> None:
        state = self._derive_state()
        wanted = state in (PlayerState.LOADING, PlayerState.BUFFERING, PlayerState.PLAYING)
        if wanted and not self._watchdog.armed:
            self._watchdog.arm()
        elif not wanted:
            self._watchdog.disarm()
        current = self._queue.current
        playing_id = None if state == PlayerState.STOPPED or current is None else current.id
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)
        if playing_id != self._playing_id:
            self._playing_id = playing_id
            self.playing_track_changed.emit(playing_id)

    def _derive_state(self) -> PlayerState:
        if self._intent == _Intent.STOP or self._queue.current is None:
            return PlayerState.STOPPED
        if self._intent == _Intent.PAUSE:
            return PlayerState.PAUSED
        if not self._backend_current():
            return PlayerState.LOADING     # looking up the URL, or the backend hasn't got it yet
        status = self._media.mediaStatus()
        if status in (Status.EndOfMedia, Status.InvalidMedia):
            return PlayerState.STOPPED     # ended or failed; moving on is already scheduled
        if self._media.playbackState() != QMediaPlayer.PlaybackState.PlayingState \
                or status in (Status.NoMedia, Status.LoadingMedia):
            return PlayerState.LOADING
        if status == Status.LoadedMedia and not self._started:
            # Opened, not yet playing. After a seek the ffmpeg backend reports LoadedMedia again
            # and nothing more while it plays on: that is playing, not loading.
            return PlayerState.LOADING
        if status in (Status.BufferingMedia, Status.StalledMedia):
            self._started = True
            return PlayerState.BUFFERING
        self._started = True
        return PlayerState.PLAYING


def _linear(volume: int) -> float:
    """The audio output's linear volume for a slider's 0-100 (perceptual, logarithmic) value."""
    return QAudio.convertVolume(volume / 100, QAudio.VolumeScale.LogarithmicVolumeScale,
                                QAudio.VolumeScale.LinearVolumeScale)
