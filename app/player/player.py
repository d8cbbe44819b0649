"""PreviewPlayer: the one QMediaPlayer of the app, a queue, and honest reporting of failures.

PLATFORM.md §3.4: Qt's ffmpeg backend can crash or deadlock when its QAudioOutput dies before the
player or when players come and go. So there is ONE QMediaPlayer for the app's lifetime, its
QAudioOutput is parented to it, and `shutdown()` stops it before it is destroyed.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtMultimedia import QAudio, QAudioOutput, QMediaPlayer

from app.player.describe import title_of
from app.player.queue import PlayQueue
from app.player.watchdog import StallWatchdog
from app.services.tasks import CancelToken, TaskRunner

log = logging.getLogger(__name__)

Status = QMediaPlayer.MediaStatus
_ERROR_REASONS = {
    QMediaPlayer.Error.ResourceError: "the clip is missing or could not be read",
    QMediaPlayer.Error.FormatError: "the clip is not in a format that can be played",
    QMediaPlayer.Error.NetworkError: "the connection to the store failed",
    QMediaPlayer.Error.AccessDeniedError: "the store refused access to the clip",
}


class PlayerState(str, Enum):
    STOPPED = "stopped"
    LOADING = "loading"      # asking for the clip's URL or opening it
    BUFFERING = "buffering"  # playing, but waiting for data
    PLAYING = "playing"
    PAUSED = "paused"


class PreviewPlayer(QObject):
    """Plays preview clips one after another from a queue.

    `url_for(track) -> str` is Qt-free (the store client's signing) and runs on the TaskRunner's
    pool. A clip that fails (HTTP error, network error, undecodable) is reported with
    `clip_failed` and skipped; one that stops making progress for `stall_timeout_ms` is reported
    with `stalled` and skipped. `describe_error(exc) -> str` turns URL-lookup exceptions into
    sentences (the UI's describe_error in the app).
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
    clip_failed = Signal(object, str)         # track, sentence: the clip couldn't play; skipped
    stalled = Signal(object, str)             # track, sentence: no progress for a while; skipped

    SEEK_STEP_MS = 5000
    RESTART_THRESHOLD_MS = 3000   # "previous" later than this restarts the clip instead

    def __init__(self, runner: TaskRunner, url_for: Callable[[Any], str], *,
                 describe_error: Callable[[Exception], str] = str, stall_timeout_ms: int = 8000,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._runner, self._url_for, self._describe_error = runner, url_for, describe_error
        self._queue = PlayQueue()
        self._media = QMediaPlayer(self)
        self._audio = QAudioOutput(self._media)   # owned by the player: see the module docstring
        self._media.setAudioOutput(self._audio)
        self._watchdog = StallWatchdog(stall_timeout_ms, self)
        self._url_token: CancelToken | None = None
        self._generation = 0          # bumps on every load; late callbacks of older loads are ignored
        self._reported = -1           # generation whose failure was already reported
        self._resolving = False       # waiting for url_for
        self._want_playing = False
        self._state = PlayerState.STOPPED
        self._playing_id: Any = None
        self._last_position = 0
        self._volume = 80
        self._apply_volume()
        self._media.playbackStateChanged.connect(self._on_media_changed)
        self._media.mediaStatusChanged.connect(self._on_media_status_changed)
        self._media.errorOccurred.connect(self._on_media_error_occurred)
        self._media.positionChanged.connect(self._on_media_position_changed)
        self._media.durationChanged.connect(lambda ms: self.duration_changed.emit(int(ms)))
        self._media.bufferProgressChanged.connect(lambda f: self.buffer_progress_changed.emit(float(f)))
        self._audio.mutedChanged.connect(self.muted_changed)
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
        return self._media.position()

    def duration(self) -> int:
        return self._media.duration()

    def is_seekable(self) -> bool:
        return self._media.isSeekable()

    def volume(self) -> int:
        return self._volume

    def is_muted(self) -> bool:
        return self._audio.isMuted()

    @property
    def stall_timeout_ms(self) -> int:
        return self._watchdog.timeout_ms

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
        self._want_playing = False
        if not self._resolving and self._media.source().isValid():
            self._media.pause()
        self._update_state()

    def resume(self) -> None:
        if self._state != PlayerState.PAUSED:
            return
        self._want_playing = True
        if not self._resolving:
            self._media.play()
        self._update_state()

    def stop(self) -> None:
        """Stop playing; the current track stays current (play starts it again)."""
        self._cancel_lookup()
        self._want_playing = False
        self._media.stop()
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
        if self._media.position() > self.RESTART_THRESHOLD_MS or not self._queue.has_previous:
            self.seek(0)
            return
        self._queue.back()
        self.queue_changed.emit()
        self._load()

    def seek(self, position_ms: int) -> None:
        if self._media.isSeekable() or position_ms == 0:
            position_ms = max(0, min(position_ms, self._media.duration() or position_ms))
            self._media.setPosition(position_ms)
            self._watchdog.progress()
            self.seeked.emit(position_ms)

    def seek_by(self, delta_ms: int) -> None:
        self.seek(self._media.position() + delta_ms)

    def set_volume(self, volume: int) -> None:
        """0-100 on a perceptual (logarithmic) scale, as people expect from a volume slider."""
        volume = max(0, min(100, int(volume)))
        if volume != self._volume:
            self._volume = volume
            self._apply_volume()
            self.volume_changed.emit(volume)

    def set_muted(self, muted: bool) -> None:
        self._audio.setMuted(muted)

    # -- the queue -------------------------------------------------------------------------
    def remove(self, index: int) -> None:
        """Drop a queued track; removing the playing one plays the track that takes its place."""
        was_playing = self._state != PlayerState.STOPPED
        if not self._queue.remove(index):
            self.queue_changed.emit()
            return
        self.queue_changed.emit()
        if was_playing and index < len(self._queue):
            self._load()
        else:
            self.stop()
            self._emit_track()

    def move(self, source: int, destination: int) -> None:
        self._queue.move(source, destination)
        self.queue_changed.emit()

    def clear(self) -> None:
        """Empty the queue and stop."""
        self.stop()
        self._queue.clear()
        self.queue_changed.emit()
        self._emit_track()

    def shutdown(self) -> None:
        """Before the app quits (or a test ends): stop the backend's threads while all is alive."""
        self._cancel_lookup()
        self._watchdog.disarm()
        self._want_playing = False
        self._media.stop()
        self._media.setSource(QUrl())

    # -- private ---------------------------------------------------------------------------
    def _load(self) -> None:
        track = self._queue.current
        self._cancel_lookup()
        self._generation += 1
        generation = self._generation
        self._resolving, self._want_playing = True, True   # before stop(): no "stopped" blip
        self._media.stop()
        self._last_position = 0
        self._emit_track()
        self.position_changed.emit(0)
        self.duration_changed.emit(0)
        self._update_state()
        self._url_token = self._runner.submit(
            lambda token: self._url_for(track),
            on_done=lambda url: self._on_url_ready(generation, url),
            on_error=lambda exc: self._on_url_failed(generation, exc))

    def _cancel_lookup(self) -> None:
        self._runner.cancel(self._url_token)
        self._url_token, self._resolving = None, False

    def _on_url_ready(self, generation: int, url: str) -> None:
        if generation != self._generation:
            return
        self._url_token, self._resolving = None, False
        self._media.setSource(QUrl(url))
        if self._want_playing:
            self._media.play()
        else:
            self._media.pause()
        self._update_state()

    def _on_url_failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self._url_token, self._resolving = None, False
        self._fail(generation, self._describe_error(exc))

    def _on_media_changed(self, *_: Any) -> None:
        self._update_state()

    def _on_media_status_changed(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == Status.EndOfMedia and not self._resolving:
            # Deferred: starting the next source from inside the backend's signal is asking for trouble.
            generation = self._generation
            QTimer.singleShot(0, lambda: self._on_clip_ended(generation))
        self._update_state()

    def _on_media_error_occurred(self, error: QMediaPlayer.Error, text: str) -> None:
        if error == QMediaPlayer.Error.NoError or self._resolving:
            return
        log.info("clip error %s: %s (%s)", error, text, self._media.source().toString())
        reason = _ERROR_REASONS.get(error, text or "the player failed")
        self._fail(self._generation, reason)

    def _on_media_position_changed(self, position: int) -> None:
        if position != self._last_position:
            self._last_position = position
            self._watchdog.progress()
        self.position_changed.emit(position)

    def _on_watchdog_stalled(self) -> None:
        generation = self._generation
        if self._reported == generation:
            return
        self._reported = generation
        track = self._queue.current
        seconds = self._watchdog.timeout_ms / 1000
        message = (f"The preview of “{title_of(track)}” stalled: no audio arrived for "
                   f"{seconds:g} s. Skipping it.")
        log.info("stalled: %s", self._media.source().toString())
        self._media.stop()
        self.stalled.emit(track, message)
        self._move_on(generation)

    def _fail(self, generation: int, reason: str) -> None:
        if self._reported == generation or generation != self._generation:
            return
        self._reported = generation
        track = self._queue.current
        more = " Skipping it." if self._queue.has_next else ""
        self.clip_failed.emit(track, f"Couldn't play the preview of “{title_of(track)}”: {reason}.{more}")
        QTimer.singleShot(0, lambda: self._move_on(generation))

    def _move_on(self, generation: int) -> None:
        if generation != self._generation:
            return   # the user already went elsewhere
        if not self.next():
            self.stop()

    def _on_clip_ended(self, generation: int) -> None:
        if generation == self._generation and self._media.mediaStatus() == Status.EndOfMedia:
            self._move_on(generation)

    def _apply_volume(self) -> None:
        self._audio.setVolume(QAudio.convertVolume(
            self._volume / 100, QAudio.VolumeScale.LogarithmicVolumeScale,
            QAudio.VolumeScale.LinearVolumeScale))

    def _emit_track(self) -> None:
        self.track_changed.emit(self._queue.current)

    def _update_state(self) -> None:
        state = self._derive_state()
        wanted = state in (PlayerState.LOADING, PlayerState.BUFFERING, PlayerState.PLAYING)
        if wanted and not self._watchdog.armed:
            self._watchdog.arm()
        elif not wanted:
            self._watchdog.disarm()
        playing_id = None if state == PlayerState.STOPPED or self._queue.current is None \
            else self._queue.current.id
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)
        if playing_id != self._playing_id:
            self._playing_id = playing_id
            self.playing_track_changed.emit(playing_id)

    def _derive_state(self) -> PlayerState:
        if self._resolving:
            return PlayerState.LOADING if self._want_playing else PlayerState.PAUSED
        playback = self._media.playbackState()
        if playback == QMediaPlayer.PlaybackState.PausedState:
            return PlayerState.PAUSED
        status = self._media.mediaStatus()
        if playback != QMediaPlayer.PlaybackState.PlayingState:
            # Between setSource() and the backend's PlayingState the clip is still opening.
            opening = self._want_playing and status in (Status.NoMedia, Status.LoadingMedia,
                                                        Status.LoadedMedia)
            return PlayerState.LOADING if opening else PlayerState.STOPPED
        if status == Status.LoadingMedia:
            return PlayerState.LOADING
        if status in (Status.BufferingMedia, Status.StalledMedia):
            return PlayerState.BUFFERING
        return PlayerState.PLAYING
