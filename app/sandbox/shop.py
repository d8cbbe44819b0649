"""The sandbox's mutable state: baskets, checkout sessions, purchases and lockers (in memory, per server).

Baskets don't pile up: one not changed or looked at for BASKET_LIFETIME is forgotten (as the real
store forgets abandoned baskets; the app makes a new one from its own list), at most MAX_BASKETS are
kept (the least recently used goes first) and a basket holds at most MAX_BASKET_ITEMS items.
Forgetting happens a batch at a time as baskets are created, and in full when the state is loaded.
A forgotten basket's checkout sessions go with it, and a basket keeps its MAX_SESSIONS_PER_BASKET
newest sessions (how long a session's page may be used is the checkout page's business).

Changes are journalled for persistence (app/sandbox/persistence.py): `take_changes()` hands out what
changed since the last call, `give_back()` returns it when it could not be saved.
"""
from __future__ import annotations

import itertools
import secrets
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Callable

BASKET_LIFETIME = 30 * 24 * 3600        # seconds since the basket was last changed or looked at
MAX_BASKETS = 50_000
MAX_BASKET_ITEMS = 500
SWEEP_BATCH = 1_000                     # expired baskets forgotten per basket/create, at most
MAX_SESSIONS_PER_BASKET = 5             # checkout pages opened for one basket and kept


@dataclass
class BasketItem:
    id: int
    release_id: int
    track_id: int | None
    name: str
    artist_name: str
    value: Decimal
    rrp: Decimal
    on_sale: bool


@dataclass
class Basket:
    id: str
    country: str
    items: list[BasketItem] = field(default_factory=list)
    status: str = "Pending"          # Pending → Success (closed) | Failure
    purchase_id: int | None = None
    updated: float = 0.0             # time.time() of the last change (saved)
    seen: float = field(default=0.0, compare=False)    # … of the last change or look (in memory)

    @property
    def closed(self) -> bool:
        return self.status == "Success"


class BasketFull(Exception):
    """The basket already holds MAX_BASKET_ITEMS items."""


@dataclass
class Purchase:
    id: int
    user_id: int
    date: datetime
    tracks: dict[int, list[int]]    # release id → track ids
    complete_releases: set[int] = field(default_factory=set)


@dataclass
class CheckoutSession:
    id: str
    basket_id: str
    user_id: int | None


class Shop:
    """Baskets and purchases of one sandbox server; every method is thread-safe.

    `clock` is the wall clock (time.time) basket lifetimes are measured with."""

    def __init__(self, clock: Callable[[], float] = time.time):
        self.baskets: OrderedDict[str, Basket] = OrderedDict()     # least recently used first
        self.sessions: dict[str, CheckoutSession] = {}
        self._sessions_of: dict[str, list[str]] = {}                # basket id → its session ids, oldest first
        self.purchases: list[Purchase] = []
        self._item_ids = itertools.count(15_284_882)
        self._purchase_ids = itertools.count(12_345)
        self.lock = threading.RLock()
        self.clock = clock
        self.revision = 0       # bumped by every change
        self._changed: set[str] = set()         # baskets to save
        self._dropped: set[str] = set()         # baskets to forget
        self._new_purchases: list[Purchase] = []

    def peek_item_id(self) -> int:
        with self.lock:
            value = next(self._item_ids)
            self._item_ids = itertools.count(value)
            return value

    def peek_purchase_id(self) -> int:
        with self.lock:
            value = next(self._purchase_ids)
            self._purchase_ids = itertools.count(value)
            return value

    def restore(self, baskets: list[Basket], purchases: list[Purchase], next_item_id: int,
                next_purchase_id: int) -> None:
        """Replace the state with a saved one (app/sandbox/persistence.py); baskets least recently
        changed first. What was journalled before is dropped: the saved state is the truth."""
        with self.lock:
            for basket in baskets:
                basket.seen = basket.updated
            self.baskets = OrderedDict((b.id, b) for b in sorted(baskets, key=lambda b: b.updated))
            self.purchases = purchases
            self._item_ids = itertools.count(next_item_id)
            self._purchase_ids = itertools.count(next_purchase_id)
            self._changed, self._dropped, self._new_purchases = set(), set(), []

    def create_basket(self, country: str) -> Basket:
        now = self.clock()
        basket = Basket(str(uuid.uuid4()), country, updated=now, seen=now)
        with self.lock:
            self._forget_expired(now, SWEEP_BATCH)
            while len(self.baskets) >= MAX_BASKETS:
                self._drop(next(iter(self.baskets)))
            self.baskets[basket.id] = basket
            self._changed.add(basket.id)
            self.revision += 1
        return basket

    def basket(self, basket_id: str) -> Basket | None:
        """The basket, if the store still has it (looking at it keeps it)."""
        key = (basket_id or "").strip().lower()
        now = self.clock()
        with self.lock:
            basket = self.baskets.get(key)
            if basket is None:
                return None
            if now - basket.seen > BASKET_LIFETIME:
                self._drop(key)
                return None
            basket.seen = now
            self.baskets.move_to_end(key)
            return basket

    def add(self, basket: Basket, **item) -> None:
        """Add an item (BasketFull past MAX_BASKET_ITEMS); the same item twice keeps one line."""
        with self.lock:
            if any(i.release_id == item["release_id"] and i.track_id == item["track_id"] for i in basket.items):
                return  # adding the same thing twice keeps one line, as the store did
            if len(basket.items) >= MAX_BASKET_ITEMS:
                raise BasketFull(f"a basket holds at most {MAX_BASKET_ITEMS} items")
            basket.items.append(BasketItem(next(self._item_ids), **item))
            self._touched(basket)

    def remove(self, basket: Basket, item_id: int) -> bool:
        with self.lock:
            before = len(basket.items)
            basket.items[:] = [i for i in basket.items if i.id != item_id]
            if len(basket.items) == before:
                return False
            self._touched(basket)
            return True

    def expire(self) -> int:
        """Forget every expired basket now (a start does this); how many went."""
        with self.lock:
            return self._forget_expired(self.clock(), None)

    def _forget_expired(self, now: float, limit: int | None) -> int:
        gone = 0
        while self.baskets and (limit is None or gone < limit):
            oldest = next(iter(self.baskets.values()))
            if now - oldest.seen <= BASKET_LIFETIME:
                break
            self._drop(oldest.id)
            gone += 1
        return gone

    def _drop(self, basket_id: str) -> None:
        for session_id in self._sessions_of.pop(basket_id, ()):     # a forgotten basket's checkouts go too
            self.sessions.pop(session_id, None)
        if self.baskets.pop(basket_id, None) is not None:
            self._changed.discard(basket_id)
            self._dropped.add(basket_id)
            self.revision += 1

    def _touched(self, basket: Basket) -> None:
        """A change to a basket: save it, and it counts as used now."""
        basket.updated = basket.seen = self.clock()
        if basket.id in self.baskets:
            self.baskets.move_to_end(basket.id)
            self._changed.add(basket.id)
        self.revision += 1

    # --- persistence journal -------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return bool(self._changed or self._dropped or self._new_purchases)

    def take_changes(self) -> tuple[list[Basket], list[str], list[Purchase]]:
        """(baskets to save, basket ids to forget, new purchases) since the last call, as copies."""
        with self.lock:
            changed = [Basket(b.id, b.country, [BasketItem(**vars(i)) for i in b.items], b.status, b.purchase_id,
                              b.updated) for b in (self.baskets.get(k) for k in self._changed) if b is not None]
            dropped, purchases = list(self._dropped), list(self._new_purchases)
            self._changed, self._dropped, self._new_purchases = set(), set(), []
            return changed, dropped, purchases

    def give_back(self, changed: list[Basket], dropped: list[str], purchases: list[Purchase]) -> None:
        """Changes `take_changes` handed out that could not be saved: they go with the next save."""
        with self.lock:
            self._changed |= {b.id for b in changed if b.id in self.baskets}
            self._dropped |= {k for k in dropped if k not in self.baskets}
            known = {p.id for p in self._new_purchases}
            self._new_purchases[:0] = [p for p in purchases if p.id not in known]

    def open_session(self, basket: Basket, user_id: int | None) -> CheckoutSession:
        """A checkout session for the basket; a basket keeps its MAX_SESSIONS_PER_BASKET newest."""
        session = CheckoutSession(secrets.token_urlsafe(16), basket.id, user_id)
        with self.lock:
            self.sessions[session.id] = session
            mine = self._sessions_of.setdefault(basket.id, [])
            mine.append(session.id)
            while len(mine) > MAX_SESSIONS_PER_BASKET:
                self.sessions.pop(mine.pop(0), None)
        return session

    def complete(self, basket: Basket, user_id: int, track_ids_of) -> Purchase:
        """Pay for the basket: its items go to the user's locker and the basket closes."""
        with self.lock:
            if basket.closed:
                return next(p for p in self.purchases if p.id == basket.purchase_id)
            tracks: dict[int, list[int]] = {}
            complete = set()
            for item in basket.items:
                bought = tracks.setdefault(item.release_id, [])
                if item.track_id is None:
                    complete.add(item.release_id)
                    bought += [t for t in track_ids_of(item.release_id) if t not in bought]
                elif item.track_id not in bought:
                    bought.append(item.track_id)
            purchase = Purchase(next(self._purchase_ids), user_id, datetime.now(timezone.utc), tracks, complete)
            self.purchases.append(purchase)
            self._new_purchases.append(purchase)
            basket.status, basket.purchase_id = "Success", purchase.id
            self._touched(basket)
            return purchase

    def take_back(self, basket: Basket, purchase: Purchase) -> None:
        """Undo `complete` for a purchase that could not be saved: it never happened, and the basket
        can be paid again (a purchase only in memory would be lost when the store stops)."""
        with self.lock:
            self.purchases[:] = [p for p in self.purchases if p.id != purchase.id]
            self._new_purchases[:] = [p for p in self._new_purchases if p.id != purchase.id]
            if basket.purchase_id == purchase.id:
                basket.status, basket.purchase_id = "Pending", None
                self._touched(basket)

    def fail(self, basket: Basket) -> None:
        with self.lock:
            if not basket.closed:
                basket.status = "Failure"
                self._touched(basket)

    def seed_locker(self, user_id: int, releases: dict[int, list[int]]) -> None:
        """Give the demo user something in the locker from day one (a saved state brings its own)."""
        with self.lock:
            when = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=30)
            purchase = Purchase(next(self._purchase_ids), user_id, when, releases, set(releases))
            self.purchases.append(purchase)
            self._new_purchases.append(purchase)

    def bought(self, user_id: int, track_id: int) -> bool:
        """Whether the user's locker holds the track (bought alone or with its release)."""
        with self.lock:
            return any(p.user_id == user_id and any(track_id in t for t in p.tracks.values())
                       for p in self.purchases)

    def locker(self, user_id: int) -> list[tuple[int, list[tuple[int, Purchase]]]]:
        """[(release id, [(track id, purchase)])], most recently bought release first."""
        by_release: dict[int, dict[int, Purchase]] = {}
        with self.lock:
            for purchase in sorted(self.purchases, key=lambda p: p.id, reverse=True):
                if purchase.user_id != user_id:
                    continue
                for release_id, track_ids in purchase.tracks.items():
                    bought = by_release.setdefault(release_id, {})
                    for track_id in track_ids:
                        bought.setdefault(track_id, purchase)
        return [(rid, list(tracks.items())) for rid, tracks in by_release.items()]
