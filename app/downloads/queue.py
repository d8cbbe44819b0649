"""The download queue on disk: one JSON file with a schema version, like the basket (app/basket/storage.py).

Every write is atomic and durable (app/files/atomic.py) and holds the file's lock
(app/files/locks.py); a file that can't be read is moved aside, never deleted, and the caller is
told where. The pre-signed URLs are kept (the file is 0600, in the user's data folder): after a
restart the queue continues without asking the locker, until the store says a URL has expired.
Numbers and ids are checked on the way in, so no file can make a later step slow or silly.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from app.files.atomic import atomic_write, move_aside, remove_stale_temporaries
from app.files.locks import FileLock

from .jobs import DownloadJob, JobState, TrackInfo

__all__ = ["QueueStorage", "QueueLoad", "CorruptQueueFile", "encode", "decode", "SCHEMA_VERSION", "FILE_NAME"]

SCHEMA_VERSION = 1
FILE_NAME = "downloads.json"
MAX_ID_LENGTH = 64
MAX_TEXT = 4096             # titles, paths, URLs
MAX_NUMBER = 1 << 53


class CorruptQueueFile(ValueError):
    """The file exists but doesn't hold a queue this version understands."""


@dataclass(frozen=True, slots=True)
class QueueLoad:
    jobs: tuple[DownloadJob, ...]
    moved_aside: Path | None = None
    problem: str | None = None


class QueueStorage:
    """Reads and writes the queue file at `path` (by default in the platformdirs data dir)."""

    def __init__(self, path: Path | str | None = None):
        if path is None:
            from app.settings.paths import data_dir
            path = data_dir() / FILE_NAME
        self.path = Path(path)
        self._lock = threading.Lock()

    def load(self) -> QueueLoad:
        """The saved jobs, none if there is no file, none after moving a bad file aside."""
        remove_stale_temporaries(self.path)
        try:
            return QueueLoad(self._read())
        except CorruptQueueFile:
            pass
        with self._lock, FileLock.guarding(self.path):     # only a file still bad under the lock goes aside
            try:
                return QueueLoad(self._read())
            except CorruptQueueFile as exc:
                return QueueLoad((), move_aside(self.path), str(exc))

    def save(self, jobs: Sequence[DownloadJob]) -> None:
        with self._lock, FileLock.guarding(self.path):
            atomic_write(self.path, encode(jobs))

    def update(self, change: Callable[[tuple[DownloadJob, ...]], Sequence[DownloadJob]]) -> tuple[DownloadJob, ...]:
        """Read, `change`, write, under the lock (a bad file is moved aside and read as empty)."""
        with self._lock, FileLock.guarding(self.path):
            try:
                jobs = self._read()
            except CorruptQueueFile:
                move_aside(self.path)
                jobs = ()
            jobs = tuple(change(jobs))
            atomic_write(self.path, encode(jobs))
            return jobs

    def _read(self) -> tuple[DownloadJob, ...]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return ()
        return decode(raw)


_INFO_FIELDS = tuple(f.name for f in fields(TrackInfo))
_INT_INFO = {"track_number", "track_total", "disc_number", "disc_total", "year"}


def encode(jobs: Sequence[DownloadJob]) -> bytes:
    document = {"schema": SCHEMA_VERSION, "jobs": [
        {"info": {name: getattr(job.info, name) for name in _INFO_FIELDS}, "url": job.url, "target": job.target,
         "state": job.state.value, "reason": job.reason, "bytes_done": job.bytes_done,
         "bytes_total": job.bytes_total}
        for job in jobs]}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def decode(raw: bytes) -> tuple[DownloadJob, ...]:
    """Parse a queue file; raises CorruptQueueFile for anything that isn't one."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except ValueError as exc:
        raise CorruptQueueFile(f"not JSON ({str(exc)[:120]})") from None
    if not isinstance(document, dict):
        raise CorruptQueueFile("not a download queue")
    if document.get("schema") != SCHEMA_VERSION:
        raise CorruptQueueFile(f"unknown schema version {document.get('schema')!r}")
    entries = document.get("jobs", [])
    if not isinstance(entries, list):
        raise CorruptQueueFile("jobs is not a list")
    try:
        jobs = tuple(_job(entry) for entry in entries)
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        raise CorruptQueueFile(f"malformed job ({exc})") from None
    if len({job.job_id for job in jobs}) != len(jobs):
        raise CorruptQueueFile("the same track twice")
    return jobs


def _job(entry: dict) -> DownloadJob:
    if not isinstance(entry, dict) or not isinstance(entry.get("info"), dict):
        raise ValueError("job is not an object")
    raw = entry["info"]
    info = {}
    for name in _INFO_FIELDS:
        value = raw.get(name)
        if name in ("release_id", "track_id"):
            info[name] = _id(value)
        elif name in _INT_INFO:
            info[name] = _number(value)
        elif name == "cover_url":
            info[name] = _text(value) or None
        else:
            info[name] = _text(value)
    bytes_total = _number(entry.get("bytes_total"))
    reason = entry.get("reason")
    return DownloadJob(info=TrackInfo(**info), url=_text(entry.get("url"), required=True),
                       target=_text(entry.get("target"), required=True), state=JobState(entry.get("state")),
                       reason=_id(reason) if reason is not None else None,
                       bytes_done=_number(entry.get("bytes_done")) or 0, bytes_total=bytes_total)


def _id(value) -> str:
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise ValueError("an id that isn't a string")
    text = str(value)
    if not text or len(text) > MAX_ID_LENGTH or not text.isprintable():
        raise ValueError("an id that is empty, too long or holds control characters")
    return text


def _text(value, required: bool = False) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or len(value) > MAX_TEXT or (required and not value):
        raise ValueError("expected a (short) string")
    return value


def _number(value) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < MAX_NUMBER:
        raise ValueError("expected a whole number")
    return value
