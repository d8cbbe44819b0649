"""The basket on disk: one JSON file, replaced atomically, with a schema version.

Qt-free so a crash test can hammer it from a plain subprocess. A save either lands whole or
not at all: the new content goes to a temporary file in the same folder, is fsynced, renamed
over the old file, and the folder is fsynced so the rename itself survives a power cut.
A file that can't be read is moved aside (never deleted) and the caller is told where.
Numbers in it are checked like the store's (app/api/numbers.py): an amount that isn't a plain,
sensible one ("7.99") is read as unknown, and ids are short strings, so no file can make a later
conversion slow or a total silly.

Several processes may share the file. Every write holds the file's lock (app/files/locks.py),
and the Basket writes with `update`: re-read, replay its edits (app/basket/edits.py), write, all
under the lock, so no process overwrites what another one changed in between.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

from app.api.numbers import money_text
from app.files.atomic import atomic_write, move_aside, remove_stale_temporaries
from app.files.locks import FileLock

if TYPE_CHECKING:
    from .edits import Edit

SCHEMA_VERSION = 1
FILE_NAME = "basket.json"
MAX_ID_LENGTH = 64          # store ids are 10 digits, basket GUIDs 36 characters


@dataclass(frozen=True, slots=True)
class StoredItem:
    """One thing the user chose: a whole release (track_id None) or one track of it."""

    release_id: str
    track_id: str | None = None
    item_id: str | None = None          # the server basket's basketItem id; None until added there
    type: str = "release"               # "release" or "track"
    title: str = ""
    artist: str = ""
    price: str = ""                     # formatted in the store's currency, e.g. "£7.99"
    amount: str | None = None           # decimal string, e.g. "7.99"; None if unknown

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.release_id, self.track_id)


@dataclass(frozen=True, slots=True)
class BasketState:
    """Everything the basket keeps between runs."""

    basket_id: str | None = None
    country: str | None = None
    currency: str = ""                  # ISO code of the store's currency, e.g. "GBP"
    total: str = ""                     # the server's formatted amount due, e.g. "£8.98"
    items: tuple[StoredItem, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class LoadResult:
    state: BasketState
    moved_aside: Path | None = None     # where an unreadable file was put, if there was one
    problem: str | None = None          # why it was unreadable


@dataclass(frozen=True, slots=True)
class UpdateResult:
    state: BasketState                  # the file as written: everyone's changes and the edits given
    applied: int                        # the highest edit sequence number this storage has written
    moved_aside: Path | None = None     # an unreadable file met on the way, and where it was put
    problem: str | None = None


class CorruptBasketFile(ValueError):
    """The file exists but doesn't hold a basket this version understands."""


class BasketStorage:
    """Reads and writes the basket file at `path` (by default in the platformdirs data dir)."""

    def __init__(self, path: Path | str | None = None):
        if path is None:
            from app.settings.paths import data_dir
            path = data_dir() / FILE_NAME
        self.path = Path(path)
        self._lock = threading.Lock()   # beside the file lock: `_applied` is checked and advanced with the write
        self._applied = -1              # the highest edit sequence number written through this object

    def load(self) -> LoadResult:
        """The saved basket, an empty one if there is none, or an empty one after moving a bad file aside."""
        remove_stale_temporaries(self.path)
        try:
            return LoadResult(self._read())
        except CorruptBasketFile:
            pass
        # Only a file that is still bad under the lock goes aside: a writer may have replaced it since.
        with self._lock, FileLock.guarding(self.path):
            try:
                return LoadResult(self._read())
            except CorruptBasketFile as exc:
                return LoadResult(BasketState(), self._move_aside(), str(exc))

    def save(self, state: BasketState) -> None:
        """Replace the file with `state`, atomically and durably (tests, tools: the app uses `update`)."""
        with self._lock, FileLock.guarding(self.path):
            self._write(state)

    def update(self, edits: Sequence[tuple[int, Edit]], fallback: BasketState | None = None) -> UpdateResult:
        """Apply `edits` (sequence number, edit; ascending) to what the file holds now, and write it.

        Edits this storage has written before are skipped, so two callers with overlapping batches
        (a save job and the flush at quit) never apply one twice or an older one after a newer.
        A bad file is moved aside and `fallback`, the caller's last known basket, takes its place.
        Thread-safe, and safe between processes.
        """
        with self._lock, FileLock.guarding(self.path):
            moved_aside = problem = None
            try:
                state = self._read()
            except CorruptBasketFile as exc:
                moved_aside, problem = self._move_aside(), str(exc)
                state = fallback if fallback is not None else BasketState()
            applied = self._applied
            for seq, edit in edits:
                if seq > applied:
                    state, applied = edit.apply(state), seq
            if applied > self._applied or moved_aside is not None:
                self._write(state)
                self._applied = applied
            return UpdateResult(state, self._applied, moved_aside, problem)

    def _read(self) -> BasketState:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return BasketState()
        return decode(raw)

    def _write(self, state: BasketState) -> None:
        atomic_write(self.path, encode(state))

    def _move_aside(self) -> Path:
        return move_aside(self.path)


_STATE_FIELDS = tuple(f.name for f in fields(BasketState))
_ITEM_FIELDS = tuple(f.name for f in fields(StoredItem))


def encode(state: BasketState) -> bytes:
    # Not dataclasses.asdict: its deep copies took 12 ms for 400 items, on every write under the lock.
    document = {"schema": SCHEMA_VERSION, **{name: getattr(state, name) for name in _STATE_FIELDS}}
    document["items"] = [{name: getattr(item, name) for name in _ITEM_FIELDS} for item in state.items]
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def decode(raw: bytes) -> BasketState:
    """Parse a basket file; raises CorruptBasketFile for anything that isn't one."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except ValueError as exc:   # UnicodeDecodeError, JSONDecodeError, an integer of 5,000 digits
        raise CorruptBasketFile(f"not JSON ({str(exc)[:120]})") from None
    if not isinstance(document, dict):
        raise CorruptBasketFile("not a basket")
    schema = document.get("schema")
    if schema != SCHEMA_VERSION:
        # Older files would be migrated here; a newer one is from a later version of the app.
        raise CorruptBasketFile(f"unknown schema version {schema!r}")
    try:
        items = tuple(_item(entry) for entry in document.get("items", ()))
        return BasketState(
            basket_id=_optional_id(document.get("basket_id")),
            country=_optional_str(document.get("country")),
            currency=str(document.get("currency") or ""),
            total=str(document.get("total") or ""),
            items=items,
        )
    except (TypeError, ValueError, AttributeError) as exc:
        raise CorruptBasketFile(f"malformed item ({exc})") from None


def _item(entry: dict) -> StoredItem:
    if not isinstance(entry, dict):
        raise ValueError("item is not an object")
    release_id = _optional_id(entry.get("release_id"))
    if release_id is None:
        raise ValueError("item without a release id")
    return StoredItem(
        release_id=release_id,
        track_id=_optional_id(entry.get("track_id")),
        item_id=_optional_id(entry.get("item_id")),
        type=str(entry.get("type") or ("track" if entry.get("track_id") else "release")),
        title=str(entry.get("title") or ""),
        artist=str(entry.get("artist") or ""),
        price=str(entry.get("price") or ""),
        amount=money_text(entry.get("amount")),     # None: the price is unknown
    )


def _optional_id(value) -> str | None:
    """An id as the file keeps it: a short string (or a whole number) without control characters."""
    text = _optional_str(value)
    if text is not None and (len(text) > MAX_ID_LENGTH or not text.isprintable()):
        raise ValueError("an id that is too long or holds control characters")
    return text


def _optional_str(value) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, (str, int)):
        raise ValueError(f"expected a string, got {type(value).__name__}")
    return str(value)
