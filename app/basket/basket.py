"""The basket: what the user chose, kept on disk and mirrored in the store's server basket.

Every change is applied locally first (and saved), then one background sync makes the server
basket match (app/basket/sync.py). Syncs never overlap: a change during a sync marks the basket
dirty and another sync follows. So a slow or failed network never loses a choice, and the
server basket is rebuilt from the local list whenever the store has forgotten it.

Other processes may change the basket file too. Each change is kept as an edit (edits.py) until a
save job has replayed it on the file's current content; what the file then holds, with the edits
still unsaved on top, becomes the basket, and a difference means another process changed it: the
server basket is synced again to follow.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.services.store import CurrentStore, StoreChange
from app.services.tasks import TaskRunner

from .notices import (AlreadyInBasket, AlreadyOwned, BasketFileRecovered, BasketNotSaved, BasketRenewed,
                      ReleaseInBasket, RemovedUnavailable, TrackNeedsRelease, TracksInBasket)
from .edits import AddItem, ApplySync, ClearPurchased, Edit, MoveToCountry, RemoveItem, RestoreItem, SetCountry
from .storage import BasketState, BasketStorage, StoredItem, UpdateResult
from .sync import SyncResult, local_total, synchronise


class Basket(QObject):
    """Items, total due and the server basket id; signals for the panel, badge and toasts."""

    changed = Signal()              # items, prices or the total changed
    count_changed = Signal(int)     # number of items
    item_added = Signal(object)     # StoredItem, once the store has it in the basket
    item_removed = Signal(object)   # StoredItem the user removed (undo_remove() brings it back)
    notice = Signal(object)         # a BasketNotice (app/basket/notices.py): recovered file, items not sold, ...
    sync_failed = Signal(object)    # the exception that stopped a sync; local items are kept
    synced = Signal()               # the server basket now matches the local items
    purchase_detected = Signal(str, str)  # basket id, purchase id: found paid for (e.g. after a restart)
    busy_changed = Signal(bool)     # a sync is running

    def __init__(self, runner: TaskRunner, store: CurrentStore, storage: BasketStorage | None = None,
                 parent: QObject | None = None, ownership=None):
        super().__init__(parent)
        self._ownership = ownership        # app/services/ownership.Ownership: what the user already has
        self._runner = runner
        self._store = store
        self._connected = store.ready      # False until the (embedded) store is up
        self._storage = storage or BasketStorage()
        self._state = BasketState()      # what the user sees: the file's content and the unsaved edits
        self._stored = BasketState()     # the file's content as the last save (or start) found it
        self._started = False
        self._save_seq = 0               # of the newest edit; the storage skips those it has written
        self._stored_seq = -1            # of the newest edit known to be in the file
        self._unsaved: list[tuple[int, Edit]] = []
        self._save_running = False
        self._saving_through = 0         # the newest edit the running save job carries
        self._syncing = False
        self._dirty = False
        self._repricing = False          # the running sync moves the basket to another country
        self._generation = 0             # bumped when the store basket must be replaced (country change)
        self._sync_generation = 0        # the generation the running sync started in
        self._check_status = False       # the next sync also asks whether the basket was paid for
        self._busy_reported = False
        self._in_sync = True
        self._just_added: set[tuple] = set()
        self._undo: tuple[int, StoredItem] | None = None
        self._last_error: Exception | None = None
        store.changed.connect(self._on_store_changed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flush)

    # -- state ---------------------------------------------------------------------------
    @property
    def items(self) -> tuple[StoredItem, ...]:
        return self._state.items

    @property
    def count(self) -> int:
        return len(self._state.items)

    @property
    def basket_id(self) -> str | None:
        return self._state.basket_id

    @property
    def country(self) -> str | None:
        return self._state.country

    @property
    def is_synced(self) -> bool:
        """True when the server basket holds exactly the local items (checkout may go ahead)."""
        return self._in_sync and not self._syncing and self._state.basket_id is not None

    @property
    def busy(self) -> bool:
        return self._syncing

    @property
    def saving(self) -> bool:
        """True while a save job is writing the basket file (changes made meanwhile go in the next one)."""
        return self._save_running

    @property
    def last_error(self) -> Exception | None:
        return self._last_error

    @property
    def total(self) -> str:
        """The amount due in the store's currency; computed locally while the store catches up."""
        if not self._state.items:
            return local_total((), self._state.total) if self._state.total else ""
        if self._in_sync and self._state.total:
            return self._state.total
        return local_total(self._state.items, self._state.total)

    def contains(self, release_id: str, track_id: str | None = None) -> bool:
        return any(item.key == (str(release_id), _opt(track_id)) for item in self._state.items)

    # -- actions -------------------------------------------------------------------------
    def start(self) -> None:
        """Load the saved basket (shown at once), tell the user about a bad file, and refresh from the store.

        While the embedded store is still starting the refresh waits for the store's `changed`.
        """
        loaded = self._storage.load()
        self._state = self._stored = loaded.state
        self._started = True
        if loaded.moved_aside is not None:
            self.notice.emit(BasketFileRecovered(loaded.problem, loaded.moved_aside))
        self._in_sync = not (self._state.basket_id or self._state.items)
        self._emit_changed()
        if self._store.ready:
            self._reconcile()

    def add(self, release, track=None, insist: bool = False, replace_tracks: bool = False) -> bool:
        """Add a whole release, or one track of it; False (and a notice saying why) when nothing
        was added:

        - it is already in the basket (`AlreadyInBasket`), or the track's whole release is
          (`ReleaseInBasket`);
        - the user already owns it (`AlreadyOwned`), unless `insist`;
        - some tracks of the release are in the basket (`TracksInBasket`), unless `replace_tracks`:
          then those tracks leave the basket and the release takes their place.
        """
        item = _item_for(release, track)
        if self.contains(item.release_id, item.track_id):
            self.notice.emit(AlreadyInBasket(item.title))
            return False
        if item.track_id is not None and self.contains(item.release_id):
            owner = release if release is not None else track.release
            self.notice.emit(ReleaseInBasket(item.title, owner.title))
            return False
        if not insist and self._owned(release, track, item):
            self.notice.emit(AlreadyOwned(item.title, item.track_id is not None, release, track))
            return False
        tracks = tuple(i for i in self._state.items if i.release_id == item.release_id and i.track_id is not None) \
            if item.track_id is None else ()
        if tracks and not replace_tracks:
            self.notice.emit(_tracks_in_basket(item, tracks, release))
            return False
        for old in tracks:
            self._edit(RemoveItem(old.key))
            self._just_added.discard(old.key)
        if tracks:
            self._undo = None              # its place in the list is gone with the release
        self._just_added.add(item.key)
        self._edit_items(AddItem(item))
        self._schedule_sync()
        return True

    def _owned(self, release, track, item: StoredItem) -> bool:
        ownership = self._ownership
        if ownership is None:
            return False
        if item.track_id is not None:
            return ownership.owns_track(item.track_id)
        return ownership.owns_release(item.release_id, getattr(release, "track_count", None))

    def remove(self, item: StoredItem | tuple) -> bool:
        """Remove an item (or a (release_id, track_id) key); undo_remove() brings it back."""
        key = item.key if isinstance(item, StoredItem) else (str(item[0]), _opt(item[1]))
        for index, existing in enumerate(self._state.items):
            if existing.key == key:
                self._undo = (index, existing)
                self._edit_items(RemoveItem(key))
                self.item_removed.emit(existing)
                self._schedule_sync()
                return True
        return False

    @property
    def can_undo(self) -> bool:
        return self._undo is not None

    def undo_remove(self) -> StoredItem | None:
        """Put the last removed item back where it was."""
        if self._undo is None:
            return None
        index, item = self._undo
        self._undo = None
        if self.contains(item.release_id, item.track_id):
            return None
        self._edit_items(RestoreItem(index, item))
        self._schedule_sync()
        return item

    def refresh(self) -> None:
        """Ask the store again (after a failure, or when the window comes back)."""
        self._in_sync = False
        self._schedule_sync(check_status=True)

    def clear_purchased(self, basket_id: str | None = None) -> None:
        """The store closed the basket after a purchase: forget it and its items."""
        if basket_id is not None and basket_id != self._state.basket_id:
            return
        self._undo = None
        self._edit(ClearPurchased(self._state.basket_id, frozenset(item.key for item in self._state.items)))
        self._in_sync = True
        self._emit_changed()

    def flush(self) -> None:
        """Write the unsaved changes now, on this thread (at quit: queued saves would not run)."""
        if not self._unsaved:
            return
        try:
            result = self._storage.update(tuple(self._unsaved), self._stored)
        except OSError as exc:
            self.notice.emit(BasketNotSaved(str(exc.strerror or exc)))
            return
        # No sync from here: at quit it could not finish. A difference leaves the basket unsynced.
        self._merge(result, resync=False)

    # -- private -------------------------------------------------------------------------
    def _on_store_changed(self, change: StoreChange) -> None:
        # Another country or service: a new store basket, items re-priced. The store coming up for
        # the first time: find out what became of the saved basket. Before start() or while the
        # store is still starting there is nothing to do: start() and _reconcile() compare countries.
        if not self._started or not self._store.ready:
            self._connected = self._store.ready
            return
        if not self._connected:
            self._connected = True
            self._reconcile()
            return
        if self._state.items or self._state.basket_id:
            self._reprice_for(change.country)
        else:
            self._edit(SetCountry(change.country))

    def _reconcile(self) -> None:
        country = self._store.country
        if self._state.items and self._state.country and country and self._state.country != country:
            self._reprice_for(country)
            return
        if country:
            self._edit(SetCountry(country))
        if self._state.basket_id or self._state.items:
            self._in_sync = False
            self._schedule_sync(check_status=True)

    def _reprice_for(self, country: str | None) -> None:
        self._generation += 1            # a sync already running still uses the old store's basket
        self._edit(MoveToCountry(country))
        self._in_sync = False
        self._emit_changed()
        self._schedule_sync(repricing=True)

    def _edit_items(self, edit: Edit) -> None:
        self._edit(edit)
        self._in_sync = False
        self._emit_changed()

    def _edit(self, edit: Edit) -> None:
        # Shown at once; written later by a save job, since fsync takes 2-30 ms: too long for the GUI
        # thread. One job at a time, carrying every edit not yet in the file.
        state = edit.apply(self._state)
        if state == self._state:
            return
        self._state = state
        self._save_seq += 1
        self._unsaved.append((self._save_seq, edit))
        if not self._save_running:
            self._start_save()

    def _start_save(self) -> None:
        self._save_running = True
        storage, edits, fallback = self._storage, tuple(self._unsaved), self._stored
        self._saving_through = edits[-1][0]
        self._runner.submit(lambda _token: storage.update(edits, fallback), on_done=self._on_saved,
                            on_error=self._on_save_failed)

    def _on_saved(self, result: UpdateResult) -> None:
        self._save_running = False
        self._merge(result, resync=True)
        if self._unsaved:
            self._start_save()

    def _on_save_failed(self, exc: Exception) -> None:
        self._save_running = False
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        self.notice.emit(BasketNotSaved(str(detail)))
        # The failed edits stay unsaved: the next change, or the flush at quit, tries them again.
        if self._unsaved and self._save_seq > self._saving_through:
            self._start_save()

    def _merge(self, result: UpdateResult, resync: bool) -> None:
        """Take what the file holds now, with the edits it doesn't have yet on top."""
        if result.moved_aside is not None:
            self.notice.emit(BasketFileRecovered(result.problem or "", result.moved_aside))
        if result.applied < self._stored_seq:
            return                       # a save job overtaken by the flush: its file content is older
        self._stored, self._stored_seq = result.state, result.applied
        self._unsaved = [(seq, edit) for seq, edit in self._unsaved if seq > result.applied]
        state = result.state
        for _seq, edit in self._unsaved:
            state = edit.apply(state)
        if state == self._state:
            return
        # Another process changed the file: its items (or its server basket) are ours now too.
        follow = state.items != self._state.items or state.basket_id != self._state.basket_id
        self._state = state
        if follow:
            self._in_sync = False
            if resync:
                self._schedule_sync()
        self._emit_changed()

    def _emit_changed(self) -> None:
        self.changed.emit()
        self.count_changed.emit(len(self._state.items))

    def _schedule_sync(self, repricing: bool = False, check_status: bool = False) -> None:
        self._repricing = self._repricing or repricing
        self._check_status = self._check_status or check_status
        client = self._store.client       # read per sync: after a switch the next sync talks to the new store
        if client is None:                # the store isn't up yet: its `changed` starts the sync
            return
        if self._syncing:
            self._dirty = True
            return
        self._syncing = True
        self._dirty = False
        was_busy, self._busy_reported = self._busy_reported, True
        if not was_busy:
            self.busy_changed.emit(True)
        basket_id, wanted = self._state.basket_id, self._state.items
        check, self._check_status = self._check_status, False
        self._sync_generation = self._generation
        self._runner.submit(lambda token: synchronise(client, basket_id, wanted, check_status=check),
                            on_done=self._on_sync_done, on_error=self._on_sync_error)

    def _on_sync_done(self, result: SyncResult) -> None:
        self._syncing = False
        self._last_error = None
        if self._sync_generation != self._generation:
            # Answered for the old country's basket: its ids and prices don't apply any more.
            self._schedule_sync()
            return
        synced = {item.key: item for item in result.items}
        dropped = {item.key for item in result.not_sold} | {item.key for item in result.bought}
        recreated_with_items = result.recreated and bool(self._state.items)
        self._edit(ApplySync(result.basket_id, result.items, frozenset(dropped), result.total, result.currency))
        self._in_sync = not self._dirty
        self._emit_changed()
        for key in list(self._just_added):
            if key in synced:
                self._just_added.discard(key)
                self.item_added.emit(synced[key])
        if result.purchase is not None:
            self._undo = None
            self.purchase_detected.emit(*result.purchase)
        if result.not_sold:
            self._just_added.difference_update(dropped)
            self.notice.emit(RemovedUnavailable(self._state.country or None,
                                                tuple(item.title for item in result.not_sold)))
        elif recreated_with_items and not self._repricing:
            self.notice.emit(BasketRenewed())
        if self._dirty:
            self._schedule_sync()
            return
        self._repricing = False
        self._busy_reported = False
        self.busy_changed.emit(False)
        self.synced.emit()

    def _on_sync_error(self, exc: Exception) -> None:
        self._syncing = False
        self._last_error = exc
        if self._dirty:
            self._schedule_sync()
            return
        self._in_sync = False
        self._busy_reported = False
        self.busy_changed.emit(False)
        self.changed.emit()
        self.sync_failed.emit(exc)


def _opt(value) -> str | None:
    return None if value in (None, "", 0, "0") else str(value)


def _item_for(release, track) -> StoredItem:
    """A StoredItem for an api Release (and optional Track), priced as the catalogue shows it."""
    if track is not None:
        owner = release if release is not None else track.release
        if owner is None:
            raise TrackNeedsRelease(getattr(track, "id", None))
        artist = track.artist or owner.artist
        return StoredItem(release_id=str(owner.id), track_id=str(track.id), type="track", title=track.title,
                          artist=artist.name if artist else "", price=_formatted(track.price),
                          amount=_value(track.price))
    return StoredItem(release_id=str(release.id), type="release", title=release.title,
                      artist=release.artist.name if release.artist else "", price=_formatted(release.price),
                      amount=_value(release.price))


def _tracks_in_basket(item: StoredItem, tracks: tuple[StoredItem, ...], release) -> TracksInBasket:
    """The notice for a release whose tracks are in the basket, with the price difference."""
    like = item.price or next((t.price for t in tracks if t.price), "")
    tracks_price = local_total(tracks, like) if all(t.amount for t in tracks) else ""
    difference, saves = "", False
    try:
        diff = Decimal(item.amount) - sum(Decimal(t.amount) for t in tracks)
    except (TypeError, InvalidOperation):
        diff = None
    if diff is not None and tracks_price and item.price:
        saves = diff < 0
        difference = local_total((replace(item, amount=str(abs(diff))),), item.price)
    return TracksInBasket(item.title, tuple(t.title for t in tracks), tracks_price, item.price, difference,
                          saves, release)


def _formatted(price) -> str:
    return (price.formatted or "") if price is not None else ""


def _value(price) -> str | None:
    return str(price.value) if price is not None and price.value is not None else None
