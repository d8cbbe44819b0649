"""One download: stream a pre-signed URL to `<final>.part`, resume with Range, verify, tag, rename.

The URL is requested exactly as the store gave it (no parameters added, never re-signed), with
no Authorization header; redirects (to a CDN) are followed. A `.part` left by a dropped
connection or an earlier run is continued with `Range: bytes=<its size>-`: 206 appends (its
Content-Range must start there), 200 means the server ignores ranges and the file restarts from
0, 416 with `*/<size of the part>` means it was complete already. The length must match
Content-Length / Content-Range before anything else happens; then mutagen must find audio in it
(else it stays `.part`, NotAnMp3), the ID3 tags are written, and only then is it renamed to the
final name. A file already at the final name carrying our release and track ids is not fetched
again; one that isn't ours is left alone and the download takes `NN Title (2).mp3`.

HTTP is done here with requests and not through app/api's Transport: that one reads whole
bodies under a size cap for XML answers, while this streams hundreds of megabytes to a file.
"""
from __future__ import annotations

import hashlib
import http.client
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import requests
import urllib3

from app.api.errors import redact
from app.files.atomic import fsync_dir

from .errors import (FolderNotWritable, IncompleteFile, NotPurchased, TransferFailed,
                     UrlExpired, storage_error)
from .jobs import DownloadJob
from .tags import has_our_ids, is_image, verify_mp3, write_tags

if TYPE_CHECKING:     # Qt-free: a token is anything with check() (app.services.tasks.CancelToken)
    from app.services.tasks import CancelToken

__all__ = ["Downloaded", "Fetcher", "Progress", "sha256_of"]

log = logging.getLogger(__name__)

Progress = Callable[[int, "int | None"], None]      # (bytes in the .part, expected total or None)
Opener = Callable[[Path, str], object]               # (path, "ab" or "wb") → a binary file

CHUNK = 256 * 1024
MAX_COVER_BYTES = 5_000_000
MAX_RETRY_AFTER = 30.0          # seconds: a longer Retry-After is cut to this
_CONTENT_RANGE = re.compile(r"^\s*bytes\s+(?:(\d+)-(\d+)|\*)\s*/\s*(\d+|\*)\s*$", re.I)
_NETWORK = (requests.RequestException, urllib3.exceptions.HTTPError, http.client.HTTPException, OSError)
_USER_AGENT = "sevendigital-browser downloads (+python-requests)"


@dataclass(frozen=True, slots=True)
class Downloaded:
    """A finished job: where the file is, how big, the sha256 of what the store served."""
    path: Path
    size: int                       # the served size (the tagged file differs by its ID3 tag)
    sha256: str | None              # None when skipped (the file was there already)
    skipped: bool = False
    fetched: int = 0                # bytes transferred by this call
    resumed_from: int = 0           # the .part size this call started from


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _content_range(value: str | None) -> tuple[int | None, int | None] | None:
    """(start, total) of a Content-Range header (None parts when '*'); None if there's none or it's bad."""
    match = _CONTENT_RANGE.match(value or "")
    if not match:
        return None
    start = int(match.group(1)) if match.group(1) is not None else None
    total = int(match.group(3)) if match.group(3) != "*" else None
    return start, total


def _length(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None


class Fetcher:
    """Downloads jobs; safe to share between worker threads (one requests.Session per thread).

    Seams for tests: `opener(path, mode)` opens the `.part` for writing (a full disk is injected
    there: it is the real write path), `retries` attempts without progress before TransferFailed,
    `backoff` seconds before the first retry (doubling)."""

    def __init__(self, *, opener: Opener | None = None, timeout: float = 30.0, retries: int = 3,
                 backoff: float = 0.5, chunk_size: int = CHUNK):
        self.opener = opener or (lambda path, mode: open(path, mode))
        self.timeout, self.retries, self.backoff, self.chunk_size = timeout, retries, backoff, chunk_size
        self._sessions = threading.local()

    def session(self) -> requests.Session:
        session = getattr(self._sessions, "session", None)
        if session is None:
            session = self._sessions.session = requests.Session()
            session.headers.update({"User-Agent": _USER_AGENT, "Accept-Encoding": "identity"})
        return session

    # --- one job ------------------------------------------------------------------------------
    def download(self, job: DownloadJob, token: CancelToken, progress: Progress | None = None) -> Downloaded:
        """Fetch, verify, tag and place `job`; raises a DownloadError (or Cancelled: the .part stays)."""
        final, part = job.path, job.part_path
        if final.exists() and has_our_ids(final, job.info):
            _remove(part)
            return Downloaded(final, final.stat().st_size, None, skipped=True)
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise storage_error(exc, "folder") or exc
        if not os.access(final.parent, os.W_OK | os.X_OK):     # no exception on some mounts until the write
            raise FolderNotWritable("folder", None)
        start = _size(part)
        size, fetched = self._fetch(job.url, part, token, progress or (lambda done, total: None))
        token.check()
        verify_mp3(part)                # NotAnMp3: stays .part, reported
        digest = sha256_of(part)
        cover = self._cover(job.info.cover_url)
        try:
            write_tags(part, job.info, cover)
        except OSError as exc:
            raise storage_error(exc, "tags") or exc
        dest = _free_name(final, job)
        try:
            os.replace(part, dest)
        except OSError as exc:
            raise storage_error(exc, "rename") or exc
        fsync_dir(dest.parent)
        return Downloaded(dest, size, digest, fetched=fetched, resumed_from=start)

    # --- the transfer ---------------------------------------------------------------------------
    def _fetch(self, url: str, part: Path, token: CancelToken, progress: Progress) -> tuple[int, int]:
        """(the served size, bytes transferred by this call) once `part` holds all of it."""
        failures = fetched = 0

        def failed(detail: str, status: int | None = None, retry_after: int | None = None) -> None:
            nonlocal failures
            failures += 1
            if failures > self.retries:
                raise TransferFailed(detail, status)
            log.info("download attempt failed (%s), retrying from the .part", redact(detail))
            pause = self.backoff * (2 ** (failures - 1))
            self._wait(pause if retry_after is None else min(max(pause, retry_after), MAX_RETRY_AFTER), token)

        while True:
            token.check()
            offset = _size(part)
            headers = {"Range": f"bytes={offset}-"} if offset else {}
            try:
                response = self.session().get(url, headers=headers, stream=True, allow_redirects=True,
                                              timeout=(min(self.timeout, 5.0), self.timeout))
            except requests.RequestException as exc:
                failed(type(exc).__name__)
                continue
            with closing(response):
                status = response.status_code
                if status == 401:
                    raise UrlExpired("HTTP 401")
                if status in (403, 404, 410):
                    raise NotPurchased(f"HTTP {status}")
                if status == 416 and offset:
                    _, total = _content_range(response.headers.get("Content-Range")) or (None, None)
                    if total == offset:
                        return offset, fetched              # complete already (a restart after the last byte)
                    self._truncate(part)
                    failed("HTTP 416", status)
                    continue
                if status >= 500 or status == 429:      # busy (the store encoding others): Retry-After
                    failed(f"HTTP {status}", status, _length(response.headers.get("Retry-After")))
                    continue
                if status == 206 and offset:
                    start, total = _content_range(response.headers.get("Content-Range")) or (None, None)
                    if start != offset:                     # not the range we asked for: start again
                        self._truncate(part)
                        failed("unexpected Content-Range", status)
                        continue
                    length = _length(response.headers.get("Content-Length"))
                    if total is None and length is not None:
                        total = offset + length
                    elif total is not None and length is not None and offset + length != total:
                        raise IncompleteFile("Content-Length disagrees with Content-Range")
                    mode = "ab"
                elif status == 200:
                    offset, total, mode = 0, _length(response.headers.get("Content-Length")), "wb"
                else:
                    raise TransferFailed(f"HTTP {status}", status)
                written, dropped = self._stream(response, part, mode, offset, total, token, progress)
                fetched += written - offset
            if total is not None and written > total:
                raise IncompleteFile(f"{written} bytes, expected {total}")
            if dropped is None and (total is None or written == total):
                return written, fetched
            if written > offset:
                failures = 0                                # it moved: a new run of retries
            failed(dropped or f"short body: {written} of {total}")

    def _stream(self, response, part: Path, mode: str, offset: int, total: int | None, token: CancelToken,
                progress: Progress) -> tuple[int, str | None]:
        """Append the body to `part`: (its size now, why the body broke off or None)."""
        try:
            handle = self.opener(part, mode)
        except OSError as exc:
            raise storage_error(exc, "open") or exc
        written, dropped = offset, None
        try:
            raw = response.raw
            while True:
                try:
                    # read1: whatever one socket read brings, so progress and cancellation don't
                    # wait for a full chunk from a slow server
                    chunk = raw.read1(self.chunk_size, decode_content=False)
                except _NETWORK as exc:
                    dropped = type(exc).__name__
                    break
                if not chunk:
                    break
                token.check()
                if total is not None and written + len(chunk) > total:
                    chunk = chunk[: total - written]        # never write more than was announced
                    dropped = "longer than announced"
                try:
                    handle.write(chunk)
                except OSError as exc:
                    raise storage_error(exc, "write") or exc
                written += len(chunk)
                progress(written, total)
                if dropped:
                    raise IncompleteFile(dropped)
            try:
                handle.flush()
                os.fsync(handle.fileno())
            except OSError as exc:
                raise storage_error(exc, "flush") or exc
        finally:
            try:
                handle.close()
            except OSError as exc:
                raise storage_error(exc, "close") or exc
        return written, dropped

    def _truncate(self, part: Path) -> None:
        try:
            with self.opener(part, "wb"):
                pass
        except OSError as exc:
            raise storage_error(exc, "truncate") or exc

    def _wait(self, seconds: float, token: CancelToken) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            token.check()
            time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))
        token.check()

    def _cover(self, url: str | None) -> bytes | None:
        """The cover image, or None: a missing cover never fails a download."""
        if not url:
            return None
        try:
            with closing(self.session().get(url, stream=True, timeout=(5.0, self.timeout))) as response:
                if response.status_code != 200:
                    return None
                data = response.raw.read(MAX_COVER_BYTES + 1, decode_content=True)
        except _NETWORK as exc:
            log.info("no cover for a download: %s", type(exc).__name__)
            return None
        return data if len(data) <= MAX_COVER_BYTES and is_image(data) else None


def _free_name(final: Path, job: DownloadJob) -> Path:
    """`final`, unless another file (not one of ours) is there: then `NN Title (2).mp3` and so on."""
    candidate, n = final, 1
    while candidate.exists() and not has_our_ids(candidate, job.info):
        n += 1
        candidate = final.with_name(f"{final.stem} ({n}){final.suffix}")
    return candidate


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass

