"""Is preview playback possible here? Checked once at start-up, before anything builds a player.

A PySide6 install can lack QtMultimedia's runtime pieces: `libpulse.so.0` missing makes the import
fail, and a wheel without the ffmpeg plugin gives a player that is never available. Both happen
silently unless someone asks, so the composition root asks here and says so once.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BackendStatus:
    available: bool         # a QMediaPlayer can be built and has a backend (ffmpeg) behind it
    message: str            # a sentence for the UI when not available; "" otherwise
    audio_outputs: int = 0  # audio devices Qt sees; 0 still plays (silently, on the system clock)


def check_backend() -> BackendStatus:
    """Probe QtMultimedia. Needs a Q(Core)Application; never raises."""
    try:
        from PySide6.QtMultimedia import QMediaDevices, QMediaPlayer
    except ImportError as exc:  # typically libpulse.so.0 missing on Linux
        log.warning("QtMultimedia does not import: %s", exc)
        return BackendStatus(False, QCoreApplication.translate(
            "Backend", "Previews are off: Qt Multimedia could not be loaded ({error}). "
                       "On Debian/Ubuntu install libpulse0.").format(error=exc))
    probe = QMediaPlayer()
    try:
        available = probe.isAvailable()
    finally:
        probe.deleteLater()
    if not available:
        log.warning("QMediaPlayer reports no multimedia backend")
        return BackendStatus(False, QCoreApplication.translate(
            "Backend", "Previews are off: Qt Multimedia has no playback backend "
                       "(its ffmpeg plugin is missing from this installation)."))
    outputs = len(QMediaDevices.audioOutputs())
    if outputs == 0:
        log.info("no audio output device: previews will play without sound")
    return BackendStatus(True, "", outputs)
