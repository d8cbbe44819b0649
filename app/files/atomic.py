"""Writing files so that a crash or a kill leaves the old version or the new one, never half of one."""
from __future__ import annotations

import os
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path


def atomic_write(path: Path, payload: bytes, durable: bool = True, opener=None) -> None:
    """Replace `path` with `payload` atomically. The file is created 0600 (it may hold user data).

    durable=True also fsyncs the file and its folder, so the new version survives a power cut;
    caches pass False and skip the ~10-20 ms that costs here. `opener(temporary path)` returns the
    writable file instead of the one mkstemp opened (a seam for tests of a full disk). Whatever
    fails, the temporary file is removed and the old `path` stays as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if opener is not None:
            os.close(fd)
            handle = opener(Path(tmp))
        else:
            handle = os.fdopen(fd, "wb")
        with handle:
            handle.write(payload)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if durable:
        fsync_dir(path.parent)


def remove_stale_temporaries(path: Path, older_than_s: float = 3600.0) -> None:
    """Delete temporaries of `path` that atomic_write left behind (a crash between mkstemp and replace).

    Old ones only: another process may be writing a fresh one right now."""
    path = Path(path)
    now = time.time()
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            if now - stale.stat().st_mtime > older_than_s:
                stale.unlink()
        except OSError:
            pass


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable; not possible everywhere (Windows), where replace suffices."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def move_aside(path: Path, label: str = "corrupt") -> Path:
    """Rename a file that can't be used to `<name>.<label>-<UTC time>` beside it and return the new path.

    Never overwrites an earlier backup (a second bad file in the same microsecond gets a counter),
    so the user can always go back to every version the app gave up on.
    """
    path = Path(path)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    for attempt in range(1000):
        suffix = f"-{attempt}" if attempt else ""
        target = path.with_name(f"{path.name}.{label}-{stamp}{suffix}")
        try:
            # link + unlink instead of replace: replace would silently overwrite an existing backup.
            os.link(path, target)
        except FileExistsError:
            continue
        except OSError:             # no hard links here (some file systems): a checked rename
            if target.exists():
                continue
            os.replace(path, target)
            fsync_dir(path.parent)
            return target
        os.unlink(path)
        fsync_dir(path.parent)
        return target
    raise FileExistsError(f"no free backup name for {path}")
