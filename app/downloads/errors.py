"""What can stop a download, as one small hierarchy (Qt-free, no sentences for people).

    DownloadError                   code, detail (redacted: URLs carry the store's signature)
    ├── UrlExpired                  401: the pre-signed URL is no longer accepted; ask the locker again
    ├── NotPurchased                403/404/410: the store won't deliver this track to this user
    ├── StorageProblem              pauses the job (the user can fix it and resume); errno kept
    │   ├── DiskFull                ENOSPC, EDQUOT
    │   └── FolderNotWritable       read-only, no permission, a file where a folder should be
    ├── TransferFailed              the connection kept failing, or the server answered 5xx (retry later)
    ├── IncompleteFile              the body's length disagrees with Content-Length / Content-Range
    └── NotAnMp3                    what arrived is not a playable MP3 (it stays as .part)

`pauses` says whether the job is paused (True) or failed (False); `code` is what the queue file
keeps, and `error_for_code` turns it back into a class.
"""
from __future__ import annotations

import errno as _errno

from app.api.errors import redact

__all__ = ["DownloadError", "UrlExpired", "NotPurchased", "StorageProblem", "DiskFull", "FolderNotWritable",
           "TransferFailed", "IncompleteFile", "NotAnMp3", "storage_error", "error_for_code"]


class DownloadError(Exception):
    code = "download"
    pauses = False

    def __init__(self, detail: str = "") -> None:
        self.detail = " ".join(redact(detail).split())[:200]
        super().__init__(self.detail or self.code)


class UrlExpired(DownloadError):
    """The store refused the signed URL (401): the caller fetches fresh URLs from the locker."""
    code = "url_expired"


class NotPurchased(DownloadError):
    code = "not_purchased"


class StorageProblem(DownloadError):
    pauses = True

    def __init__(self, detail: str = "", errno: int | None = None) -> None:
        self.errno = errno
        super().__init__(detail)


class DiskFull(StorageProblem):
    code = "disk_full"


class FolderNotWritable(StorageProblem):
    code = "folder_not_writable"


class TransferFailed(DownloadError):
    code = "network"

    def __init__(self, detail: str = "", status: int | None = None) -> None:
        self.status = status
        super().__init__(detail)


class IncompleteFile(DownloadError):
    code = "length_mismatch"


class NotAnMp3(DownloadError):
    code = "not_mp3"


_FULL = {_errno.ENOSPC, getattr(_errno, "EDQUOT", _errno.ENOSPC)}
_NOT_WRITABLE = {_errno.EROFS, _errno.EACCES, _errno.EPERM, _errno.ENOTDIR, _errno.EEXIST, _errno.EISDIR}


def storage_error(exc: OSError, where: str = "") -> StorageProblem | None:
    """The StorageProblem an OSError from the file system stands for, or None (a bug, re-raise it)."""
    detail = f"{where}: {exc.strerror or exc}" if where else str(exc.strerror or exc)
    if exc.errno in _FULL:
        return DiskFull(detail, exc.errno)
    if exc.errno in _NOT_WRITABLE:
        return FolderNotWritable(detail, exc.errno)
    return None


_BY_CODE = {cls.code: cls for cls in (DownloadError, UrlExpired, NotPurchased, DiskFull, FolderNotWritable,
                                      TransferFailed, IncompleteFile, NotAnMp3)}


def error_for_code(code: str | None) -> type[DownloadError] | None:
    """The class a stored reason code names (None for no or an unknown code)."""
    return _BY_CODE.get(code or "")
