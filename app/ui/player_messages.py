"""The player's problems and tracks in the user's words (app/player reports data, never text).

Source strings are those app/player used before it went text-free, so translations carry over.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from app.models.releases import with_version
from app.player.backend import BackendStatus, MissingBackend
from app.player.describe import title_of
from app.player.problems import MediaError, PlayerProblem, ProblemKind
from app.ui.errors import describe_error


def track_title(track: Any) -> str:
    """The track's title with its version, as the track rows show it ("Song (Remix)"), or
    "track {id}" for an untitled record; "" for None."""
    if track is None:
        return ""
    title = title_of(track)
    if title:
        return with_version(title, getattr(track, "version", None))
    return QCoreApplication.translate(
        "PlayerMessages", "track {id}", "a track without a title").format(id=getattr(track, "id", "?"))


def _media_error_text(error: MediaError, detail: str) -> str:
    # Literal translate() calls, one per reason, so lupdate finds every string.
    if error == MediaError.RESOURCE:
        return QCoreApplication.translate(
            "PlayerMessages", "the clip is missing, broke off while downloading, or could not be read")
    if error == MediaError.FORMAT:
        return QCoreApplication.translate("PlayerMessages", "the clip is not in a format that can be played")
    if error == MediaError.NETWORK:
        return QCoreApplication.translate("PlayerMessages", "the connection to the store failed")
    if error == MediaError.ACCESS_DENIED:
        return QCoreApplication.translate("PlayerMessages", "the store refused access to the clip")
    return detail or QCoreApplication.translate("PlayerMessages", "the player failed")


def player_problem_text(problem: PlayerProblem) -> str:
    """A sentence for the status bar about a failed or stalled preview."""
    title = track_title(problem.track)
    if problem.kind == ProblemKind.STALLED:
        if problem.skipping:
            message = QCoreApplication.translate(
                "PlayerMessages", "The preview of “{title}” stalled: no audio arrived for {seconds} s. Skipping it.")
        else:
            message = QCoreApplication.translate(
                "PlayerMessages", "The preview of “{title}” stalled: no audio arrived for {seconds} s.")
        return message.format(title=title, seconds=f"{problem.seconds:g}")
    cause = problem.cause
    if isinstance(cause, BaseException):
        reason = describe_error(cause)
    else:
        reason = _media_error_text(cause if isinstance(cause, MediaError) else MediaError.OTHER, problem.detail)
    if problem.skipping:
        message = QCoreApplication.translate(
            "PlayerMessages", "Couldn't play the preview of “{title}”: {reason}. Skipping it.")
    else:
        message = QCoreApplication.translate("PlayerMessages", "Couldn't play the preview of “{title}”: {reason}.")
    return message.format(title=title, reason=reason)


def backend_problem_text(status: BackendStatus) -> str:
    """Why previews are off ("" when they are available)."""
    if status.available:
        return ""
    if status.reason == MissingBackend.NO_MULTIMEDIA_MODULE:
        return QCoreApplication.translate(
            "PlayerMessages", "Previews are off: Qt Multimedia could not be loaded ({error}). "
                              "On Debian/Ubuntu install libpulse0.").format(error=status.detail)
    return QCoreApplication.translate(
        "PlayerMessages", "Previews are off: Qt Multimedia has no playback backend "
                          "(its ffmpeg plugin is missing from this installation).")
