"""The basket on disk: one JSON file, replaced atomically, with a schema version.

Qt-free so a crash test can hammer it from a plain subprocess. A save either lands whole or
not at all: the new content goes to a temporary file in the same folder, is fsynced, renamed
over the old file, and the folder is fsynced so the rename itself survives a power cut.
A file that can't be read is moved aside (never deleted) and the caller is told where.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app.files.atomic import atomic_write, move_aside

SCHEMA_VERSION = 1
FILE_NAME = "basket.json"


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


class CorruptBasketFile(ValueError):
    """The file exists but doesn't hold a basket this version understands."""


class BasketStorage:
    """Reads and writes the basket file at `path` (by default in the platformdirs data dir)."""

    def __init__(self, path: Path | str | None = None):
        if path is None:
            from app.settings.paths import data_dir
            path = data_dir() / FILE_NAME
        self.path = Path(path)
        self._lock = threading.Lock()
        self._written = -1          # sequence number of the newest state written

    def load(self) -> LoadResult:
        """The saved basket, an empty one if there is none, or an empty one after moving a bad file aside."""
        self._remove_stale_temporaries()
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return LoadResult(BasketState())
        try:
            return LoadResult(decode(raw))
        except CorruptBasketFile as exc:
            return LoadResult(BasketState(), self._move_aside(), str(exc))

    def save(self, state: BasketState, seq: int | None = None) -> None:
        """Replace the file with `state`, atomically and durably.

        Thread-safe. With `seq`, a state older than one already written is skipped, so saves
        from several threads can't leave an old basket on disk.
        """
        with self._lock:
            if seq is not None:
                if seq <= self._written:
                    return
                self._written = seq
            self._write(state)

    def _write(self, state: BasketState) -> None:
        atomic_write(self.path, encode(state))

    def _remove_stale_temporaries(self, older_than_s: float = 3600.0) -> None:
        # A crash between mkstemp and replace strands a temporary file. Old ones only: a second
        # instance of the app may be writing a fresh one right now.
        now = time.time()
        for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            try:
                if now - stale.stat().st_mtime > older_than_s:
                    stale.unlink()
            except OSError:
                pass

    def _move_aside(self) -> Path:
        return move_aside(self.path)


def encode(state: BasketState) -> bytes:
    document = {"schema": SCHEMA_VERSION, **asdict(state)}
    document["items"] = [asdict(item) for item in state.items]
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def decode(raw: bytes) -> BasketState:
    """Parse a basket file; raises CorruptBasketFile for anything that isn't one."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorruptBasketFile(f"not JSON ({exc})") from None
    if not isinstance(document, dict):
        raise CorruptBasketFile("not a basket")
    schema = document.get("schema")
    if schema != SCHEMA_VERSION:
        # Older files would be migrated here; a newer one is from a later version of the app.
        raise CorruptBasketFile(f"unknown schema version {schema!r}")
    try:
        items = tuple(_item(entry) for entry in document.get("items", ()))
        return BasketState(
            basket_id=_optional_str(document.get("basket_id")),
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
    release_id = _optional_str(entry.get("release_id"))
    if release_id is None:
        raise ValueError("item without a release id")
    return StoredItem(
        release_id=release_id,
        track_id=_optional_str(entry.get("track_id")),
        item_id=_optional_str(entry.get("item_id")),
        type=str(entry.get("type") or ("track" if entry.get("track_id") else "release")),
        title=str(entry.get("title") or ""),
        artist=str(entry.get("artist") or ""),
        price=str(entry.get("price") or ""),
        amount=_optional_str(entry.get("amount")),
    )


def _optional_str(value) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, (str, int)):
        raise ValueError(f"expected a string, got {type(value).__name__}")
    return str(value)
