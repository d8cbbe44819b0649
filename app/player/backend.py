"""Is preview playback possible here? Checked cheaply at start-up, fully once the player is built.

A PySide6 install can lack QtMultimedia's runtime pieces: `libpulse.so.0` missing makes the import
fail, and a wheel without the ffmpeg plugin gives a player that is never available. Both happen
silently unless someone asks, so the composition root asks here and says so once (in the UI's
words: app/ui/player_messages.py).

`quiet_media_logging()` keeps the media stack from printing what it opens: a preview's address
carries its OAuth signature, and Qt's ffmpeg backend, left alone, writes every opened address to
stderr (`Input #0, mp3, from 'http://…/clip/…&oauth_signature=…'`).
"""
from __future__ import annotations

import ctypes
import logging
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

log = logging.getLogger(__name__)

# Qt's ffmpeg backend dumps each opened media (address included) through ffmpeg's logger when
# its category `qt.multimedia.ffmpeg.mediadataholder` has info enabled, which Qt's default is.
# Qt's other multimedia categories stay as they are: their warnings carry no address.
MEDIA_LOG_RULES = "qt.multimedia.ffmpeg*.info=false\nqt.multimedia.ffmpeg*.debug=false"
AV_LOG_QUIET = -8      # libavutil/log.h


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
    """Can previews play here, as far as can be told without loading the playback plugin? Needs a
    Q(Core)Application; never raises.

    Loading Qt's ffmpeg plugin maps libavcodec, QtQuick and QtQml (~12 MB), so the app does it only
    when the player builds its QMediaPlayer (first preview or idle): this looks for the module and
    the plugin file; `probe_backend()` is the full check, for a player that exists."""
    try:
        from PySide6.QtMultimedia import QMediaPlayer  # noqa: F401 - the import is the check
    except ImportError as exc:  # typically libpulse.so.0 missing on Linux
        log.warning("QtMultimedia does not import: %s", exc)
        return BackendStatus(False, MissingBackend.NO_MULTIMEDIA_MODULE, str(exc))
    if not _media_plugins():
        log.warning("Qt Multimedia has no playback plugin")
        return BackendStatus(False, MissingBackend.NO_FFMPEG)
    return BackendStatus(True)


def probe_backend(player) -> BackendStatus:
    """The full check on a QMediaPlayer just built (the plugin is loaded by then); never raises."""
    from PySide6.QtMultimedia import QMediaDevices

    if not player.isAvailable():
        log.warning("QMediaPlayer reports no multimedia backend")
        return BackendStatus(False, MissingBackend.NO_FFMPEG)
    quiet_media_logging()
    outputs = len(QMediaDevices.audioOutputs())
    if outputs == 0:
        log.info("no audio output device: previews will play without sound")
    return BackendStatus(True, audio_outputs=outputs)


def _media_plugins() -> list[Path]:
    """Qt Multimedia's backend plugin files on Qt's plugin paths (none: no playback backend)."""
    from PySide6.QtCore import QCoreApplication

    found: list[Path] = []
    for folder in QCoreApplication.libraryPaths():
        multimedia = Path(folder) / "multimedia"
        if multimedia.is_dir():
            found.extend(p for p in multimedia.iterdir() if p.suffix in (".so", ".dylib", ".dll"))
    return found


def quiet_media_logging() -> bool:
    """Keep Qt's ffmpeg backend and ffmpeg itself from printing the media they open. Call it once a
    QMediaPlayer exists (the backend, and with it libavutil, is loaded then); idempotent.

    Two layers: Qt's logging rule that stops the backend's stream dump (QLoggingCategory rules, so
    QT_LOGGING_RULES still overrides it for someone debugging Qt), and ffmpeg's own log level set
    to quiet in the libavutil the backend uses (ffmpeg writes to stderr by itself, past Qt's message
    handler; Qt 6.11 sets that level only when QT_FFMPEG_DEBUG is set, at backend start, so this
    overrides that too). Returns whether ffmpeg's level could be set."""
    from PySide6.QtCore import QLoggingCategory

    QLoggingCategory.setFilterRules(MEDIA_LOG_RULES)
    for path in _loaded_libavutil():
        try:
            library = ctypes.CDLL(path, mode=_ALREADY_LOADED)
            library.av_log_set_level(AV_LOG_QUIET)
        except (OSError, AttributeError):
            continue
        return True
    log.info("ffmpeg's log level could not be set (no libavutil found loaded)")
    return False


# Only ever the copy the backend loaded: never load a second libavutil.
_ALREADY_LOADED = getattr(os, "RTLD_NOLOAD", 0) | getattr(os, "RTLD_LAZY", 0)


def _loaded_libavutil() -> list[str]:
    """Where the libavutil in this process may be: the loaded one (Linux), then PySide6's own."""
    found: list[str] = []
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                path = line.split(maxsplit=5)[-1].strip()
                if "libavutil" in Path(path).name and path not in found:
                    found.append(path)
    except OSError:
        pass                      # not Linux
    try:
        import PySide6
    except ImportError:
        return found
    root = Path(PySide6.__file__).parent
    for pattern in ("Qt/lib/libavutil*.so*", "Qt/lib/libavutil*.dylib", "avutil-*.dll"):
        found.extend(str(p) for p in sorted(root.glob(pattern)) if str(p) not in found)
    return found
