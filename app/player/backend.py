"""Is preview playback possible here? Checked once at start-up, before anything builds a player.

A PySide6 install can lack QtMultimedia's runtime pieces: `libpulse.so.0` missing makes the import
fail, and a wheel without the ffmpeg plugin gives a player that is never available. Both happen
silently unless someone asks, so the composition root asks here and says so once (in the UI's
words: app/ui/player_messages.py).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum

log = logging.getLogger(__name__)


class MissingBackend(Enum):
    """What is missing when previews can't play."""

    NO_MULTIMEDIA_MODULE = "no-multimedia-module"   # QtMultimedia does not import (libpulse0 missing)
    NO_FFMPEG = "no-ffmpeg"                         # QtMultimedia has no playback backend (ffmpeg plugin)


@dataclass(frozen=True, slots=True)
class BackendStatus:
    available: bool                        # a QMediaPlayer can be built and has a backend (ffmpeg)
    reason: MissingBackend | None = None   # what is missing, when not available
    detail: str = ""                       # NO_MULTIMEDIA_MODULE: the import error (English, Qt's)
    audio_outputs: int = 0                 # audio devices Qt sees; 0 still plays (silently)


def check_backend() -> BackendStatus:
    """Probe QtMultimedia. Needs a Q(Core)Application; never raises."""
    try:
        from PySide6.QtMultimedia import QMediaDevices, QMediaPlayer
    except ImportError as exc:  # typically libpulse.so.0 missing on Linux
        log.warning("QtMultimedia does not import: %s", exc)
        return BackendStatus(False, MissingBackend.NO_MULTIMEDIA_MODULE, str(exc))
    probe = QMediaPlayer()
    try:
        available = probe.isAvailable()
    finally:
        probe.deleteLater()
    if not available:
        log.warning("QMediaPlayer reports no multimedia backend")
        return BackendStatus(False, MissingBackend.NO_FFMPEG)
    outputs = len(QMediaDevices.audioOutputs())
    if outputs == 0:
        log.info("no audio output device: previews will play without sound")
    return BackendStatus(True, audio_outputs=outputs)
