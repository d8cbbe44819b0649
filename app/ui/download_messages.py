"""Downloads in the user's words: job states and the typed failures of app/downloads/errors.py.

app/downloads reports codes and exceptions, never text; this module words them (context
"DownloadMessages"), one literal translate() call per sentence so lupdate finds each one.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from app.downloads.errors import DownloadError
from app.downloads.jobs import DownloadJob, JobState
from app.downloads.manager import USER_PAUSE


def failure_text(reason: str | DownloadError | BaseException | None) -> str:
    """Why a download stopped, as a sentence (a reason code, a DownloadError, or any exception)."""
    code = reason if isinstance(reason, str) or reason is None else getattr(reason, "code", "download")
    if code == USER_PAUSE:
        return QCoreApplication.translate("DownloadMessages", "You paused this download.")
    if code == "url_expired":
        return QCoreApplication.translate(
            "DownloadMessages", "The download link has expired; the app asks the store for a new one.")
    if code == "not_purchased":
        return QCoreApplication.translate(
            "DownloadMessages", "The store won't deliver this track to your account.")
    if code == "disk_full":
        return QCoreApplication.translate(
            "DownloadMessages", "The disk is full. Make some room, then resume the download.")
    if code == "folder_not_writable":
        return QCoreApplication.translate(
            "DownloadMessages", "The music folder can't be written to. Check it, then resume the download.")
    if code == "network":
        return QCoreApplication.translate(
            "DownloadMessages", "The connection to the store kept failing. Try again later.")
    if code == "length_mismatch":
        return QCoreApplication.translate(
            "DownloadMessages", "The file arrived incomplete. Retry to download it again.")
    if code == "not_mp3":
        return QCoreApplication.translate(
            "DownloadMessages", "What arrived is not a playable MP3 file. Retry to download it again.")
    return QCoreApplication.translate("DownloadMessages", "The download failed.")


def state_text(job: DownloadJob) -> str:
    """The job's state in a word or two (the state column)."""
    state = job.state
    if state is JobState.QUEUED:
        return QCoreApplication.translate("DownloadMessages", "Waiting")
    if state is JobState.DOWNLOADING:
        return QCoreApplication.translate("DownloadMessages", "Downloading")
    if state is JobState.DONE:
        return QCoreApplication.translate("DownloadMessages", "Done")
    if state is JobState.PAUSED:
        if job.reason in (None, USER_PAUSE):
            return QCoreApplication.translate("DownloadMessages", "Paused")
        return QCoreApplication.translate("DownloadMessages", "Paused: {reason}").format(
            reason=failure_text(job.reason))
    return QCoreApplication.translate("DownloadMessages", "Failed: {reason}").format(reason=failure_text(job.reason))


def job_failed_text(title: str, reason) -> str:
    """The status bar's note when one download fails or pauses on a problem."""
    return QCoreApplication.translate("DownloadMessages", "“{title}” could not be downloaded: {reason}").format(
        title=title, reason=failure_text(reason))


def release_done_text(release: str) -> str:
    return QCoreApplication.translate("DownloadMessages", "“{release}” is in your music folder.").format(
        release=release)


def overall_text(done: int, total: int) -> str:
    """The status bar and the dock while downloading: "Downloading tracks: 3 of 12…".

    No %n plurals in this module: pyside6-lupdate extracts plurals from self.tr() only."""
    return QCoreApplication.translate("DownloadMessages", "Downloading tracks: {done} of {total}…").format(
        done=done, total=total)


def idle_text(count: int) -> str:
    if count == 0:
        return QCoreApplication.translate("DownloadMessages", "No downloads.")
    return QCoreApplication.translate("DownloadMessages", "Downloads in the list: {count}").format(count=count)


def speed_text(bytes_per_second: float) -> str:
    if bytes_per_second <= 0:
        return ""
    return QCoreApplication.translate("DownloadMessages", "{size}/s", "a download speed, e.g. 1.2 MB/s").format(
        size=QLocale().formattedDataSize(int(bytes_per_second), 1))


def percent_text(done: int, total: int | None) -> str:
    if not total:
        return ""
    return QCoreApplication.translate("DownloadMessages", "{percent} %", "download progress").format(
        percent=min(100, int(done * 100 / total)))


def not_in_locker_text(title: str) -> str:
    return QCoreApplication.translate(
        "DownloadMessages", "“{title}” is not in My music yet; it downloads once the store lists it.").format(
        title=title)
