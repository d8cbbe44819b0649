"""The sandbox's mutable state: baskets, checkout sessions, purchases and lockers (in memory, per server)."""
from __future__ import annotations

import itertools
import secrets
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal


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

    @property
    def closed(self) -> bool:
        return self.status == "Success"


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
    """Baskets and purchases of one sandbox server; every method is thread-safe."""

    def __init__(self):
        self.baskets: dict[str, Basket] = {}
        self.sessions: dict[str, CheckoutSession] = {}
        self.purchases: list[Purchase] = []
        self._item_ids = itertools.count(15_284_882)
        self._purchase_ids = itertools.count(12_345)
        self.lock = threading.RLock()
        self.revision = 0       # bumped by every change, so persistence knows when to save

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

    def restore(self, baskets: dict[str, Basket], purchases: list[Purchase], next_item_id: int,
                next_purchase_id: int) -> None:
        """Replace the state with a saved one (app/sandbox/persistence.py)."""
        with self.lock:
            self.baskets, self.purchases = baskets, purchases
            self._item_ids = itertools.count(next_item_id)
            self._purchase_ids = itertools.count(next_purchase_id)

    def create_basket(self, country: str) -> Basket:
        basket = Basket(str(uuid.uuid4()), country)
        with self.lock:
            self.baskets[basket.id] = basket
            self.revision += 1
        return basket

    def basket(self, basket_id: str) -> Basket | None:
        return self.baskets.get((basket_id or "").strip().lower())

    def add(self, basket: Basket, **item) -> None:
        with self.lock:
            if any(i.release_id == item["release_id"] and i.track_id == item["track_id"] for i in basket.items):
                return  # adding the same thing twice keeps one line, as the store did
            basket.items.append(BasketItem(next(self._item_ids), **item))
            self.revision += 1

    def remove(self, basket: Basket, item_id: int) -> bool:
        with self.lock:
            before = len(basket.items)
            basket.items[:] = [i for i in basket.items if i.id != item_id]
            self.revision += 1
            return len(basket.items) != before

    def open_session(self, basket: Basket, user_id: int | None) -> CheckoutSession:
        session = CheckoutSession(secrets.token_urlsafe(16), basket.id, user_id)
        with self.lock:
            self.sessions[session.id] = session
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
            basket.status, basket.purchase_id = "Success", purchase.id
            self.revision += 1
            return purchase

    def fail(self, basket: Basket) -> None:
        with self.lock:
            if not basket.closed:
                basket.status = "Failure"
                self.revision += 1

    def seed_locker(self, user_id: int, releases: dict[int, list[int]]) -> None:
        """Give the demo user something in the locker from day one."""
        with self.lock:
            when = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=30)
            self.purchases.append(Purchase(next(self._purchase_ids), user_id, when, releases, set(releases)))

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
