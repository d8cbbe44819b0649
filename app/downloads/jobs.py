"""A download job: one purchased track, its pre-signed URL, what to tag it with and where it goes."""
from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

from app.api.models import DownloadUrl, LockerRelease, LockerTrack

from .names import PART_SUFFIX, track_path

__all__ = ["TrackInfo", "DownloadJob", "JobState", "jobs_from_locker", "pick_url"]


class JobState(str, Enum):
    QUEUED = "queued"
    DOWNLOADING = "downloading"
    PAUSED = "paused"           # by the user, or by a StorageProblem (reason says which)
    DONE = "done"
    FAILED = "failed"           # reason: a DownloadError code


@dataclass(frozen=True, slots=True)
class TrackInfo:
    """What the file is tagged with; ids are the store's, as strings."""
    release_id: str
    track_id: str
    title: str
    artist: str = ""
    album_artist: str = ""
    album: str = ""
    track_number: int | None = None
    track_total: int | None = None
    disc_number: int | None = None
    disc_total: int | None = None
    year: int | None = None
    cover_url: str | None = None


@dataclass(frozen=True, slots=True)
class DownloadJob:
    """One track to fetch. `url` is the store's pre-signed link, used exactly as given (never re-signed)."""
    info: TrackInfo
    url: str
    target: str                          # the final path; the download is written to target + ".part"
    state: JobState = JobState.QUEUED
    reason: str | None = None            # a DownloadError code, or "user" for a pause the user asked for
    bytes_done: int = 0
    bytes_total: int | None = None

    @property
    def job_id(self) -> str:
        return f"{self.info.release_id}/{self.info.track_id}"

    @property
    def path(self) -> Path:
        return Path(self.target)

    @property
    def part_path(self) -> Path:
        return Path(self.target + PART_SUFFIX)

    def __repr__(self) -> str:           # the URL carries the user's signature: keep it out of logs
        return f"DownloadJob({self.job_id!r}, {self.state.value}, {self.bytes_done}/{self.bytes_total})"

    def with_state(self, state: JobState, reason: str | None = None, **changes) -> "DownloadJob":
        return replace(self, state=state, reason=reason, **changes)


def new_job(info: TrackInfo, url: str, music_dir: Path | str) -> DownloadJob:
    """A queued job for `info`, with its target under `music_dir` (see names.track_path)."""
    target = track_path(music_dir, artist=info.album_artist or info.artist, album=info.album, title=info.title,
                        year=info.year, track_number=info.track_number, disc_number=info.disc_number,
                        disc_total=info.disc_total)
    return DownloadJob(info=info, url=url, target=str(target))


def pick_url(urls: tuple[DownloadUrl, ...]) -> DownloadUrl | None:
    """The MP3 link of the highest bit rate (the first link if none says MP3)."""
    mp3 = [u for u in urls if u.format is not None and "mp3" in (u.format.file_format or "").lower()]
    if mp3:
        return max(mp3, key=lambda u: u.format.bit_rate or 0)
    return urls[0] if urls else None


def jobs_from_locker(locker: LockerRelease, music_dir: Path | str) -> list[DownloadJob]:
    """One job per purchased track of `locker` that has a download link."""
    release = locker.release
    tracks: tuple[LockerTrack, ...] = locker.tracks
    discs = {t.track.disc_number for t in tracks if t.track.disc_number}
    jobs = []
    for owned in tracks:
        link = pick_url(owned.download_urls)
        if link is None:
            continue
        track = owned.track
        info = TrackInfo(
            release_id=str(release.id), track_id=str(track.id), title=track.title,
            artist=track.artist.name if track.artist else (release.artist.name if release.artist else ""),
            album_artist=release.artist.name if release.artist else "",
            album=release.title, track_number=track.track_number, track_total=release.track_count,
            disc_number=track.disc_number, disc_total=max(discs) if discs else None,
            year=release.year, cover_url=release.image)
        jobs.append(new_job(info, link.url, music_dir))
    return jobs
