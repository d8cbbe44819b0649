"""What the user owns in this store, and what a release or track is for them: the availability model.

`Ownership` keeps the index of owned tracks, per store identity (`StoreClient.store_identity`) and
user, in a small JSON file: loaded when a store's client arrives (so marks show before the network
answers), replaced by every complete locker load (after sign-in and after each purchase, see
LockerService), written on a worker under a file lock. Another store's or another user's purchases
are never shown: the file keeps each store's users apart, and a sign-out forgets which user the
store last had.

`Availability` is the one place every view asks "what is this release / track for this user here":
for sale, owned (wholly or partly), in the basket, or not sold in this country. Its `changed` signal
follows the basket and the ownership index, so marks update live. No text here: app/models words it.
"""
from __future__ import annotations

import json
import logging
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Iterable

from PySide6.QtCore import QObject, Signal

from app.files.atomic import atomic_write
from app.files.locks import FileLock

from .store import CurrentStore, StoreChange
from .tasks import TaskRunner

log = logging.getLogger(__name__)

FILE_VERSION = 1


class Mark(Enum):
    """What a release or track is for the signed-in user in the current store."""

    FOR_SALE = "for_sale"
    OWNED = "owned"                  # bought (a release: every one of its tracks)
    PARTLY_OWNED = "partly_owned"    # a release some of whose tracks were bought
    IN_BASKET = "in_basket"          # a track: itself or its whole release is in the basket
    NOT_SOLD = "not_sold"            # no price in this country


class Preview(Enum):
    """Whether a track's 30-second preview can be played in the current store."""

    AVAILABLE = "available"
    NOT_YET = "not_yet"          # its previewDate is still ahead
    NONE = "none"                # the store has no preview of it here


def preview_of(track, today: date | None = None) -> Preview:
    """A track's preview state from its record (previewable, preview_date) as of `today`."""
    if not getattr(track, "previewable", True):
        return Preview.NONE
    opens = getattr(track, "preview_date", None)
    if opens is not None and opens > (today or date.today()):
        return Preview.NOT_YET
    return Preview.AVAILABLE


# -- the file ------------------------------------------------------------------------------------
class OwnershipFile:
    """{"version": 1, "stores": {identity: {"last_user": "12", "users": {"12": {release: [tracks]}}}}}.

    A file that can't be read counts as empty (it is only a copy of the store's locker: the next
    locker load writes it again)."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("ownership index %s unreadable (%s); starting empty", self.path, exc)
            return {}
        if not isinstance(data, dict) or data.get("version") != FILE_VERSION \
                or not isinstance(data.get("stores"), dict):
            return {}
        return data["stores"]

    def last(self, identity: str) -> tuple[str | None, dict[str, frozenset[str]]]:
        """The user this store last had, and what they own there (None, {} when unknown)."""
        store = self.read().get(identity)
        if not isinstance(store, dict) or not store.get("last_user"):
            return None, {}
        user = str(store["last_user"])
        return user, self.owned(identity, user, store)

    def owned(self, identity: str, user: str, store: dict | None = None) -> dict[str, frozenset[str]]:
        store = store if store is not None else self.read().get(identity)
        users = store.get("users") if isinstance(store, dict) else None
        entry = users.get(str(user)) if isinstance(users, dict) else None
        if not isinstance(entry, dict):
            return {}
        return {str(rid): frozenset(str(t) for t in tracks) for rid, tracks in entry.items()
                if isinstance(tracks, list)}

    def write(self, identity: str, user: str | None, owned: dict[str, frozenset[str]] | None) -> None:
        """Record what `user` owns in store `identity` and make them its last user; user None:
        nobody is signed in there any more (their entry stays, unused until they sign in again)."""
        with FileLock.guarding(self.path):
            stores = self.read()
            store = stores.setdefault(identity, {})
            if not isinstance(store, dict):
                store = stores[identity] = {}
            store["last_user"] = user
            if user is not None and owned is not None:
                users = store.setdefault("users", {})
                users[str(user)] = {rid: sorted(tracks) for rid, tracks in sorted(owned.items())}
            payload = json.dumps({"version": FILE_VERSION, "stores": stores}, indent=1).encode("utf-8")
            atomic_write(self.path, payload)


def owned_from_locker(releases: Iterable) -> dict[str, frozenset[str]]:
    """release id -> ids of its tracks the user owns, from LockerRelease records."""
    owned: dict[str, set[str]] = {}
    for entry in releases:
        tracks = owned.setdefault(str(entry.release.id), set())
        tracks.update(str(item.track.id) for item in entry.tracks)
    return {rid: frozenset(tracks) for rid, tracks in owned.items()}


# -- the index -----------------------------------------------------------------------------------
class Ownership(QObject):
    """The owned-tracks index of the current store and user (see the module's docstring)."""

    changed = Signal()

    def __init__(self, path: Path, store: CurrentStore, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self._file = OwnershipFile(path)
        self._store = store
        self._runner = runner
        self._identity: str | None = None
        self._user: str | None = None
        self._owned: dict[str, frozenset[str]] = {}
        self._tracks: frozenset[str] = frozenset()
        self._pending: tuple | None = None      # the newest write not yet started
        self._writing = False
        store.changed.connect(self._on_store_changed)
        if store.client is not None:
            self._load_last(store.client.store_identity)

    # -- state -----------------------------------------------------------------------------
    @property
    def user(self) -> str | None:
        """The user the index is about (the store's last one until the account says who)."""
        return self._user

    @property
    def identity(self) -> str | None:
        return self._identity

    @property
    def path(self) -> Path:
        return self._file.path

    def owns_track(self, track_id) -> bool:
        return str(track_id) in self._tracks

    def owned_tracks(self, release_id) -> frozenset[str]:
        return self._owned.get(str(release_id), frozenset())

    def owns_release(self, release_id, track_count: int | None = None, track_ids: Iterable | None = None) -> bool:
        """Every track of the release is owned: checked against its tracklist or its track count
        (the locker does not say whether a release was bought whole)."""
        owned = self._owned.get(str(release_id))
        if not owned:
            return False
        if track_ids is not None:
            ids = [str(t) for t in track_ids]
            return bool(ids) and all(t in owned for t in ids)
        return bool(track_count) and len(owned) >= track_count

    # -- feeding ---------------------------------------------------------------------------
    def attach(self, account, locker) -> None:
        """Follow the account (who) and the locker (what they own); app/ui/shopping.py calls this."""
        self._account = account
        account.user_changed.connect(self._on_user_changed)
        locker.releases_changed.connect(self._on_locker_releases_changed)
        if account.user is not None:
            self._on_user_changed(account.user)

    def set_owned(self, user, owned: dict[str, frozenset[str]]) -> None:
        """What `user` owns in the current store (a complete locker), kept and written."""
        if self._identity is None:
            return
        self._user = str(user)
        self._set(owned)
        self._save(self._identity, self._user, dict(owned))

    def forget_user(self) -> None:
        """Nobody is signed in here any more: no marks, and none at the next start."""
        self._user = None
        self._set({})
        if self._identity is not None:
            self._save(self._identity, None, None)

    # -- private ---------------------------------------------------------------------------
    def _set(self, owned: dict[str, frozenset[str]]) -> None:
        owned = {rid: tracks for rid, tracks in owned.items() if tracks}
        if owned == self._owned:
            return
        self._owned = owned
        self._tracks = frozenset(t for tracks in owned.values() for t in tracks)
        self.changed.emit()

    def _load_last(self, identity: str) -> None:
        self._identity = identity
        self._user, owned = self._file.last(identity)
        self._set(owned)

    def _on_store_changed(self, change: StoreChange) -> None:
        client = self._store.client
        if client is None or client.store_identity == self._identity:
            return              # another country of the same store: the same purchases
        self._load_last(client.store_identity)

    def _on_user_changed(self, user) -> None:
        if user is None or self._identity is None:
            return              # signed out: the locker's clear says so (forget_user)
        if str(user.id) != self._user:
            self._user = str(user.id)
            self._set(self._file.owned(self._identity, self._user))

    def _on_locker_releases_changed(self, releases) -> None:
        user = getattr(self._account, "user", None)
        if user is None:
            if not releases:
                self.forget_user()
            return
        self.set_owned(user.id, owned_from_locker(releases))

    def _save(self, identity: str, user: str | None, owned) -> None:
        self._pending = (identity, user, owned)
        if not self._writing:
            self._write_next()

    def _write_next(self) -> None:
        if self._pending is None:
            self._writing = False
            return
        self._writing = True
        write, (identity, user, owned) = self._file.write, self._pending
        self._pending = None
        self._runner.submit(lambda _token: write(identity, user, owned), on_done=lambda _r: self._write_next(),
                            on_error=self._on_write_failed)

    def _on_write_failed(self, exc: Exception) -> None:
        # Only a copy for the next start: the marks of this run are right; the next load writes again.
        log.warning("ownership index not written: %s", exc)
        self._write_next()

    @property
    def writing(self) -> bool:
        return self._writing


# -- the availability model ----------------------------------------------------------------------
class Availability(QObject):
    """What a release or track is for this user in this store; `changed` when that may differ."""

    changed = Signal()

    def __init__(self, ownership: Ownership, parent: QObject | None = None):
        super().__init__(parent)
        self.ownership = ownership
        self._basket = None
        ownership.changed.connect(self.changed)

    def set_basket(self, basket) -> None:
        """The basket (anything with `changed` and `contains(release_id, track_id=None)`)."""
        self._basket = basket
        basket.changed.connect(self.changed)
        self.changed.emit()

    def in_basket(self, release_id, track_id=None) -> bool:
        return self._basket is not None and self._basket.contains(release_id, track_id)

    def release_mark(self, release, track_ids: Iterable | None = None) -> Mark:
        """A release (api Release); `track_ids`: its whole tracklist, when known."""
        owned = self.ownership.owned_tracks(release.id)
        if owned and self.ownership.owns_release(release.id, getattr(release, "track_count", None), track_ids):
            return Mark.OWNED
        if self.in_basket(release.id):
            return Mark.IN_BASKET
        price = getattr(release, "price", None)
        if price is not None and price.value is None:
            return Mark.NOT_SOLD
        return Mark.PARTLY_OWNED if owned else Mark.FOR_SALE

    def track_mark(self, track, release_id=None) -> Mark:
        """A track (api Track); `release_id` when the track's record doesn't carry its release."""
        if self.ownership.owns_track(track.id):
            return Mark.OWNED
        if release_id is None and getattr(track, "release", None) is not None:
            release_id = track.release.id
        if release_id is not None and (self.in_basket(release_id, track.id) or self.in_basket(release_id)):
            return Mark.IN_BASKET
        price = getattr(track, "price", None)
        if price is not None and price.value is None:
            return Mark.NOT_SOLD
        return Mark.FOR_SALE

    @staticmethod
    def preview(track, today: date | None = None) -> Preview:
        """Whether the track's preview can be played here (views hide the button otherwise)."""
        return preview_of(track, today)
