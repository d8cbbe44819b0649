"""THE settings store: one JSON file in config_dir(), written atomically, with typed accessors.

Several processes may share the file (two windows, a command-line run): every write is a
read-modify-write under an inter-process lock (`settings.json.lock`, app/files/locks.py), applying
only the one change to what is on disk now, so no process undoes another's settings.

A file that can't be read is never lost: it is moved aside with a timestamp
(`settings.json.corrupt-<UTC time>`) and reported as a `RecoveredFile` for the window to show.

Values written often from the GUI thread (history, window layout: `durable=False`) are saved by
the store's writer thread, so a write behind download traffic never stalls the window: reads see
them at once, several of them coalesce into one write, a durable write saves them with it, and
`flush()` (at quit: Parts.shutdown, and atexit for any process) writes what is still waiting.

Secrets (consumer secret, OAuth tokens) never come here; they go to the keyring via
`app.settings.secrets`. Window geometry and splitter states arrive as bytes from Qt and are kept
as base64 text so this module stays Qt-free.
"""
from __future__ import annotations

import atexit
import base64
import json
import logging
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.files.atomic import atomic_write, move_aside
from app.files.locks import FileLock
from app.settings import paths

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
FILE_NAME = "settings.json"
DEFAULT_COUNTRY = "GB"
# How long a write waits for another process's write (each holds the lock for one fsync, a few ms)
# before it gives up, warns and keeps the change in memory: the GUI thread must not hang on it.
LOCK_TIMEOUT = 3.0
# The writer thread of `durable=False` changes ends after this long without one (a store not
# written to keeps no thread).
WRITER_IDLE_S = 10.0
# The stores offered in the country selector (ISO 3166-1 alpha-2), in display order.
COUNTRIES = ("GB", "US", "DE", "FR", "IE", "ES", "IT", "NL", "BE", "AT", "CH", "SE", "NO", "FI", "LU",
             "CA", "NZ")   # the real service's stores (its `countries` answer): a fallback list


def country_code(text: str | None, offered: tuple[str, ...] = COUNTRIES) -> str | None:
    """`text` as a store country code ("gb " → "GB") if it is one of `offered`, else None.

    The one check of a country, made where it enters: the command line, this settings file, the
    country menu (which only offers these)."""
    code = (text or "").strip().upper() if isinstance(text, str) else ""
    return code if code in offered else None


@dataclass(frozen=True, slots=True)
class RecoveredFile:
    """A settings file that could not be read: it was kept aside at `path`; `problem` says why."""

    path: Path
    problem: str


_Change = Callable[[dict[str, Any]], None]
_Pending = tuple[_Change, bool]          # a change and whether it must be fsynced


class _LeftToCaller(Exception):
    """The writer thread found the file unreadable: moving it aside and reporting it (a callback
    that shows a message) is left to the next write on the caller's thread, or to flush()."""


class SettingsStore:
    """Typed access to the user's settings; every setter writes the file through.

    `recovered`: every unreadable settings file this store moved aside, oldest first (one found at
    start-up is already there when the constructor returns). `on_recovered(RecoveredFile)`, if
    set (argument or attribute), is called for each one found later, during a write: that write
    then saves everything this store knew plus the change, and the store carries on.
    A write that fails (read-only folder, lock busy for LOCK_TIMEOUT s) logs a warning and keeps
    the change in memory; the next write that succeeds saves it too.
    """

    def __init__(self, path: Path | None = None,
                 on_recovered: Callable[[RecoveredFile], None] | None = None,
                 lock_timeout: float = LOCK_TIMEOUT):
        self.path = path if path is not None else paths.config_dir() / FILE_NAME
        self.on_recovered = on_recovered
        self.recovered: list[RecoveredFile] = []
        self._lock_timeout = lock_timeout
        # Changes not on disk yet (the writer's, or failed writes), by the value they change.
        self._pending: dict[tuple[str, ...], _Pending] = {}
        self._state = threading.Condition()   # guards _pending, _data, _due (never held over I/O)
        self._writing = threading.Lock()      # one write of this store at a time, whichever thread
        self._due = False                     # the writer thread has something to write
        self._writer: threading.Thread | None = None
        self._failed = False                  # the last write failed (said so in the log)
        self._data: dict[str, Any] = self._load()
        _LIVE.add(self)

    # -- connection ------------------------------------------------------------------------
    @property
    def api_url(self) -> str:
        """Base URL of a real service; empty means "use the embedded store"."""
        return self._str("api_url")

    @api_url.setter
    def api_url(self, value: str) -> None:
        self._set("api_url", value.strip())

    @property
    def consumer_key(self) -> str:
        return self._str("consumer_key")

    @consumer_key.setter
    def consumer_key(self, value: str) -> None:
        self._set("consumer_key", value.strip())

    @property
    def country(self) -> str:
        """The store country last used; a value the stores don't offer reads as the default."""
        return country_code(self._str("country")) or DEFAULT_COUNTRY

    @country.setter
    def country(self, value: str) -> None:
        code = country_code(value)
        if code is None:
            raise ValueError(f"not a store country: {value!r}")
        self._set("country", code)

    @property
    def language(self) -> str:
        """The interface language chosen in Settings ("de", "en"); empty: the system's."""
        value = self._str("language")
        return value if _is_language_code(value) else ""

    @language.setter
    def language(self, value: str) -> None:
        value = value.strip()
        if value and not _is_language_code(value):
            raise ValueError(f"not a language code: {value!r}")
        self._set("language", value)

    # -- downloads -------------------------------------------------------------------------
    @property
    def music_dir(self) -> str:
        """The folder purchases download into; empty: the platform's music folder."""
        return self._str("music_dir")

    @music_dir.setter
    def music_dir(self, value: str) -> None:
        self._set("music_dir", str(value).strip())

    # -- window state ----------------------------------------------------------------------
    def window_state(self, name: str) -> bytes | None:
        """Saved Qt state bytes (geometry, dock state, a splitter) under `name`, if any."""
        text = self._data.get("window", {}).get(name)
        if not isinstance(text, str):
            return None
        try:
            return base64.b64decode(text.encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError):
            return None

    def set_window_state(self, name: str, state: bytes) -> None:
        text = base64.b64encode(bytes(state)).decode("ascii")

        def change(data: dict[str, Any]) -> None:
            window = data.get("window")
            data["window"] = {**(window if isinstance(window, dict) else {}), name: text}

        # Layout, not user data: atomic but not fsynced (the GUI thread writes it as docks move).
        self._change(("window", name), change, durable=False)

    # -- generic ---------------------------------------------------------------------------
    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)

    def set(self, key: str, value: Any, durable: bool = True) -> None:
        """Store any JSON-serialisable value (for small per-feature settings). durable=False: still
        atomic, but not fsynced, for values written often from the GUI thread (history, layout),
        where an fsync behind other disk traffic stalls the window."""
        json.dumps(value)              # fail here, not at the next unrelated write
        self._set(key, value, durable)

    # -- private ---------------------------------------------------------------------------
    def _str(self, key: str) -> str:
        value = self._data.get(key, "")
        return value if isinstance(value, str) else ""

    def _set(self, key: str, value: Any, durable: bool = True) -> None:
        def change(data: dict[str, Any]) -> None:
            data[key] = value

        self._change((key,), change, durable)

    def flush(self) -> None:
        """Write every change still waiting, now, on this thread (at quit; before another store
        reads the file). An unreadable file found meanwhile is moved aside and reported here."""
        found = self._write(on_caller=True)
        if found is not None and self.on_recovered is not None:
            self.on_recovered(found)

    def _change(self, what: tuple[str, ...], change: _Change, durable: bool = True) -> None:
        """Apply `change` in memory at once, then to the file as it is now, under the lock: on this
        thread if `durable`, else on the writer thread.

        `what` names the value changed (a key, or "window" and a state name): a later change of the
        same value replaces an earlier one still waiting."""
        with self._state:
            data = dict(self._data)          # a new dict: the writer thread may be reading the old one
            change(data)
            self._data = data
            self._pending.pop(what, None)
            self._pending[what] = (change, durable)
            if not durable:
                self._due = True
                if self._writer is None:
                    self._writer = threading.Thread(target=self._write_when_due, daemon=True,
                                                    name="settings-writer")
                    self._writer.start()
                self._state.notify()
        if durable:
            self.flush()

    def _write_when_due(self) -> None:
        while True:
            with self._state:
                if not self._state.wait_for(lambda: self._due, timeout=WRITER_IDLE_S):
                    self._writer = None         # nothing for a while: the next change starts another
                    return
                self._due = False
            self._write(on_caller=False)

    def _write(self, on_caller: bool) -> RecoveredFile | None:
        """Write what is pending, under the file lock, and adopt the file's settings; the
        unreadable file found and kept aside, if any (only `on_caller`: see _LeftToCaller)."""
        with self._writing:
            with self._state:
                pending = dict(self._pending)
            if not pending:
                return None
            found: RecoveredFile | None = None
            try:
                with FileLock.guarding(self.path, timeout=self._lock_timeout):
                    try:
                        data = self._read_file()
                    except ValueError as exc:          # corrupt now: keep it, write all that we knew
                        if not on_caller:
                            raise _LeftToCaller from None
                        found = self._keep_aside(str(exc))
                        if found is None:
                            raise OSError(f"could not move the unreadable file aside ({exc})") from None
                        with self._state:          # pending first, so it's saved even if this write fails
                            known = dict(self._data)
                            everything: _Pending = (lambda data: data.update(known), True)
                            self._pending = {("*",): everything, **self._pending}
                            pending = {("*",): everything, **pending}
                        data = None
                    data = dict(data) if data is not None else {}
                    before = json.dumps(data, sort_keys=True)
                    for change, _durable in pending.values():
                        change(data)
                    data["schema"] = SCHEMA_VERSION
                    if found is not None or json.dumps(data, sort_keys=True) != before:
                        # A durable change still waiting (a failed write) keeps this write durable.
                        atomic_write(self.path, json.dumps(data, indent=2, sort_keys=True).encode("utf-8"),
                                     durable=any(durable for _change, durable in pending.values()))
                with self._state:
                    for what, entry in pending.items():
                        if self._pending.get(what) is entry:     # not changed again meanwhile
                            del self._pending[what]
                    for change, _durable in self._pending.values():
                        change(data)
                    self._data = data
                    self._failed = False
            except _LeftToCaller:
                log.debug("settings file %s unreadable; left to the next write", self.path)
            except OSError as exc:      # a read-only config dir or a busy lock must not crash the UI
                log.warning("could not save settings to %s (kept for this run): %s", self.path, exc)
                self._failed = True
            return found

    def _load(self) -> dict[str, Any]:
        """The settings at start-up; a corrupt file is moved aside (under the lock) and reported."""
        try:
            data = self._read_file()
        except ValueError:
            data = self._load_corrupt()
        except OSError as exc:
            log.warning("settings file %s unreadable (%s); starting with defaults", self.path, exc)
            data = None
        return data if data is not None else {"schema": SCHEMA_VERSION}

    def _load_corrupt(self) -> dict[str, Any] | None:
        # Under the lock: another process may have just replaced the bad file with a good one (or
        # moved it aside already), and that one must not be moved aside.
        try:
            with FileLock.guarding(self.path, timeout=self._lock_timeout):
                try:
                    return self._read_file()
                except ValueError as exc:
                    found = self._keep_aside(str(exc))
                    if found is not None:
                        log.warning("settings file %s unreadable (%s); kept as %s, starting with "
                                    "defaults", self.path, exc, found.path)
                    return None
        except OSError as exc:
            log.warning("settings file %s unreadable and not moved aside (%s); starting with defaults",
                        self.path, exc)
            return None

    def _keep_aside(self, problem: str) -> RecoveredFile | None:
        """Move the unreadable file aside (with the lock held) and record it; None if that failed."""
        try:
            found = RecoveredFile(move_aside(self.path), problem)
        except OSError as exc:
            log.warning("could not move the unreadable settings file %s aside: %s", self.path, exc)
            return None
        self.recovered.append(found)
        return found

    def _read_file(self) -> dict[str, Any] | None:
        """The file's settings, None if there is no file; ValueError if it is corrupt."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"expected a JSON object, found {type(data).__name__}")
        return _migrate(data)


_LIVE: weakref.WeakSet[SettingsStore] = weakref.WeakSet()


@atexit.register
def _flush_all() -> None:
    """What the writer threads still hold, written before the interpreter stops them (a process
    that quits without Parts.shutdown). No callbacks: the window may be gone by now."""
    for store in list(_LIVE):
        if not store._failed:       # one that failed has said "kept for this run" already
            store._write(on_caller=True)


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older file up to SCHEMA_VERSION (nothing to do yet beyond stamping it)."""
    data["schema"] = SCHEMA_VERSION
    return data


def _is_language_code(value: str) -> bool:
    """Whether `value` looks like a language code such as de or pt_BR."""
    return value.replace("_", "").isalpha() and len(value) <= 8
