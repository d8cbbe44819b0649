"""The basket: what the user chose, kept on disk and mirrored in the store's server basket.

Every change is applied locally first (and saved), then one background sync makes the server
basket match (app/basket/sync.py). Syncs never overlap: a change during a sync marks the basket
dirty and another sync follows. So a slow or failed network never loses a choice, and the
server basket is rebuilt from the local list whenever the store has forgotten it.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.services.store import CurrentStore, StoreChange
from app.services.tasks import TaskRunner

from .notices import (AlreadyInBasket, BasketFileRecovered, BasketNotSaved, BasketRenewed, RemovedUnavailable,
                      TrackNeedsRelease)
from .storage import BasketState, BasketStorage, StoredItem
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
                 parent: QObject | None = None):
        super().__init__(parent)
        self._runner = runner
        self._store = store
        self._connected = store.ready      # False until the (embedded) store is up
        self._storage = storage or BasketStorage()
        self._state = BasketState()
        self._started = False
        self._save_seq = 0
        self._save_pending = False
        self._save_running = False
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
        """True while the basket file is being written (or a write is queued)."""
        return self._save_running or self._save_pending

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
        self._state = loaded.state
        self._started = True
        if loaded.moved_aside is not None:
            self.notice.emit(BasketFileRecovered(loaded.problem, loaded.moved_aside))
        self._in_sync = not (self._state.basket_id or self._state.items)
        self._emit_changed()
        if self._store.ready:
            self._reconcile()

    def add(self, release, track=None) -> bool:
        """Add a whole release, or one track of it; False if it is already in the basket."""
        item = _item_for(release, track)
        if self.contains(item.release_id, item.track_id):
            self.notice.emit(AlreadyInBasket(item.title))
            return False
        self._just_added.add(item.key)
        self._set_items(self._state.items + (item,))
        self._schedule_sync()
        return True

    def remove(self, item: StoredItem | tuple) -> bool:
        """Remove an item (or a (release_id, track_id) key); undo_remove() brings it back."""
        key = item.key if isinstance(item, StoredItem) else (str(item[0]), _opt(item[1]))
        for index, existing in enumerate(self._state.items):
            if existing.key == key:
                self._undo = (index, existing)
                self._set_items(self._state.items[:index] + self._state.items[index + 1:])
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
        items = list(self._state.items)
        items.insert(min(index, len(items)), item)
        self._set_items(tuple(items))
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
        self._state = replace(self._state, basket_id=None, items=(), total="")
        self._in_sync = True
        self._save()
        self._emit_changed()

    def flush(self) -> None:
        """Write the latest state now, on this thread (at quit: queued saves would not run)."""
        if self._save_pending or self._save_running:
            self._save_pending = False
            try:
                self._storage.save(self._state, self._save_seq)
            except OSError as exc:
                self.notice.emit(BasketNotSaved(str(exc.strerror or exc)))

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
            self._state = replace(self._state, country=change.country)
            self._save()

    def _reconcile(self) -> None:
        country = self._store.country
        if self._state.items and self._state.country and country and self._state.country != country:
            self._reprice_for(country)
            return
        self._state = replace(self._state, country=country or self._state.country)
        if self._state.basket_id or self._state.items:
            self._in_sync = False
            self._schedule_sync(check_status=True)

    def _reprice_for(self, country: str | None) -> None:
        self._generation += 1            # a sync already running still uses the old store's basket
        self._state = replace(self._state, basket_id=None, country=country)
        self._in_sync = False
        self._save()
        self._emit_changed()
        self._schedule_sync(repricing=True)

    def _set_items(self, items: tuple[StoredItem, ...]) -> None:
        self._state = replace(self._state, items=items)
        self._in_sync = False
        self._save()
        self._emit_changed()

    def _save(self) -> None:
        # fsync takes 2-30 ms: too long for the GUI thread. One save job at a time, the newest
        # state wins; the storage's sequence check keeps a late older write from landing last.
        self._save_seq += 1
        self._save_pending = True
        if not self._save_running:
            self._start_save()

    def _start_save(self) -> None:
        self._save_running, self._save_pending = True, False
        storage, state, seq = self._storage, self._state, self._save_seq
        self._runner.submit(lambda _token: storage.save(state, seq), on_done=self._on_saved,
                            on_error=self._on_save_failed)

    def _on_saved(self, _result=None) -> None:
        self._save_running = False
        if self._save_pending:
            self._start_save()

    def _on_save_failed(self, exc: Exception) -> None:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        self.notice.emit(BasketNotSaved(str(detail)))
        self._on_saved()

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
        items = tuple(synced.get(item.key, item) for item in self._state.items if item.key not in dropped)
        recreated_with_items = result.recreated and bool(self._state.items)
        self._state = replace(self._state, basket_id=result.basket_id, items=items, total=result.total,
                              currency=result.currency or self._state.currency)
        self._in_sync = not self._dirty
        self._save()
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


def _formatted(price) -> str:
    return (price.formatted or "") if price is not None else ""


def _value(price) -> str | None:
    return str(price.value) if price is not None and price.value is not None else None
