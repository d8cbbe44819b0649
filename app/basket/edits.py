"""Every way the basket changes, as a value that can be applied to whatever the file holds now.

The basket file is shared by every running copy of the app on one data dir. Writing a whole
remembered state would undo what another process did since; replaying the change itself on the
file's current content keeps both (BasketStorage.update).
So each edit is keyed by (release_id, track_id), never by position alone, and is a no-op where
the file no longer has what it needs. Qt-free: the storage applies them on a worker thread.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

from .storage import BasketState, StoredItem

Key = tuple[str, str | None]


class Edit(Protocol):
    def apply(self, state: BasketState) -> BasketState: ...


@dataclass(frozen=True, slots=True)
class AddItem:
    """The user chose an item; already there (added by another process too) means nothing to do."""

    item: StoredItem

    def apply(self, state: BasketState) -> BasketState:
        if any(existing.key == self.item.key for existing in state.items):
            return state
        return replace(state, items=state.items + (self.item,))


@dataclass(frozen=True, slots=True)
class RemoveItem:
    key: Key

    def apply(self, state: BasketState) -> BasketState:
        items = tuple(item for item in state.items if item.key != self.key)
        return state if len(items) == len(state.items) else replace(state, items=items)


@dataclass(frozen=True, slots=True)
class RestoreItem:
    """Undo of a removal: back at its old place, or at the end if the basket has shrunk since."""

    index: int
    item: StoredItem

    def apply(self, state: BasketState) -> BasketState:
        if any(existing.key == self.item.key for existing in state.items):
            return state
        items = list(state.items)
        items.insert(min(self.index, len(items)), self.item)
        return replace(state, items=tuple(items))


@dataclass(frozen=True, slots=True)
class ApplySync:
    """What the store made of the basket: ids and prices for the items it has, refused or paid items gone.

    Items the sync didn't know about (added meanwhile, here or by another process) are kept as they
    are; the next sync sends them.
    """

    basket_id: str
    items: tuple[StoredItem, ...]       # as the store has them now
    dropped: frozenset[Key]             # not sold here, or covered by a purchase
    total: str
    currency: str

    def apply(self, state: BasketState) -> BasketState:
        synced = {item.key: item for item in self.items}
        items = tuple(synced.get(item.key, item) for item in state.items if item.key not in self.dropped)
        return replace(state, basket_id=self.basket_id, items=items, total=self.total,
                       currency=self.currency or state.currency)


@dataclass(frozen=True, slots=True)
class ClearPurchased:
    """The store closed `basket_id` after a purchase: its items leave the basket.

    Only while the file still holds that basket: if another process has already cleared it and
    started a new one, there is nothing left to clear. Items added after the purchase stay.
    """

    basket_id: str | None
    keys: frozenset[Key]

    def apply(self, state: BasketState) -> BasketState:
        if state.basket_id != self.basket_id:
            return state
        items = tuple(item for item in state.items if item.key not in self.keys)
        return replace(state, basket_id=None, items=items, total="")


@dataclass(frozen=True, slots=True)
class MoveToCountry:
    """Another store: the old server basket's ids and prices don't apply there, a new basket follows."""

    country: str | None

    def apply(self, state: BasketState) -> BasketState:
        return replace(state, basket_id=None, country=self.country)


@dataclass(frozen=True, slots=True)
class SetCountry:
    """The country of an empty basket, or the one the store reports at start (no basket to replace)."""

    country: str | None

    def apply(self, state: BasketState) -> BasketState:
        return state if state.country == self.country else replace(state, country=self.country)
