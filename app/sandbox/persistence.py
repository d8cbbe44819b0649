"""The embedded store's memory across restarts: baskets, purchases and access tokens in one JSON file.

The real service keeps a basket and a signed-in user's token for weeks; an emulator that forgot
them at every app start would make the app "renew" the basket and ask for sign-in each time.
Written atomically (app.files.atomic) after each request that changed something.

The file also keeps the store's identity (`store_id`, random, made once): the app keeps the
user's sign-in per store, and the same store may listen on another port after a restart.
One server at a time owns a state file (SandboxServer locks it); this class assumes it is that one.
"""
from __future__ import annotations

import json
import logging
import threading
import uuid
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from app.files.atomic import atomic_write, move_aside
from app.sandbox.auth import Accounts, Token
from app.sandbox.shop import Basket, BasketItem, Purchase, Shop

log = logging.getLogger(__name__)
SCHEMA = 1


def new_store_id() -> str:
    """A fresh store identity: random, so two stores never share one by accident."""
    return uuid.uuid4().hex


class StateFile:
    """Loads and saves one store's mutable state; `save_if_changed` is cheap when nothing changed."""

    def __init__(self, path: Path, shop: Shop, accounts: Accounts):
        self.path, self.shop, self.accounts = Path(path), shop, accounts
        self._lock = threading.Lock()
        self._saved = (-1, -1)
        self._closed = False
        # Until load(): a fresh identity. Written with the first save, which load() makes happen
        # at once for a store that had none (a new state, or a file from before identities).
        self.store_id = new_store_id()

    def load(self) -> bool:
        """Restore the saved state; a missing file is a fresh store, an unreadable one is moved aside.

        Either way `store_id` is known afterwards, and `save_if_changed()` writes it if the file
        doesn't hold it yet."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            schema = data.get("schema") if isinstance(data, dict) else None
            if schema != SCHEMA:
                raise ValueError(f"schema {schema!r}")
            self._restore(data)
        except FileNotFoundError:
            return False
        except (OSError, ValueError, KeyError, TypeError, ArithmeticError) as exc:
            try:
                aside = move_aside(self.path)
            except OSError as move_failed:
                aside = f"nowhere ({move_failed})"
            log.warning("embedded store: state file %s unreadable (%s); moved to %s", self.path, exc, aside)
            return False
        stored_id = data.get("store_id")
        if isinstance(stored_id, str) and stored_id:
            self.store_id = stored_id
            self._saved = self._revision()
        # else: a file from before store identities: keep the fresh one, saved at the next save
        return True

    def save_if_changed(self) -> None:
        with self._lock:
            if self._closed:
                return
            revision = self._revision()
            if revision == self._saved:
                return
            with self.shop.lock:
                data = self._snapshot()
            atomic_write(self.path, json.dumps(data).encode("utf-8"))
            self._saved = revision

    def close(self) -> None:
        """Save what changed, then never write again: the file may belong to another store next."""
        try:
            self.save_if_changed()
        finally:
            with self._lock:
                self._closed = True

    def _revision(self) -> tuple[int, int]:
        return self.shop.revision, self.accounts.revision

    def _snapshot(self) -> dict:
        return {
            "schema": SCHEMA,
            "store_id": self.store_id,
            "next_item_id": self.shop.peek_item_id(),
            "next_purchase_id": self.shop.peek_purchase_id(),
            "baskets": [{"id": b.id, "country": b.country, "status": b.status, "purchase_id": b.purchase_id,
                         "items": [{**vars(i), "value": str(i.value), "rrp": str(i.rrp)} for i in b.items]}
                        for b in self.shop.baskets.values()],
            "purchases": [{"id": p.id, "user_id": p.user_id, "date": p.date.isoformat(),
                           "tracks": {str(r): t for r, t in p.tracks.items()},
                           "complete_releases": sorted(p.complete_releases)} for p in self.shop.purchases],
            "access_tokens": [vars(t) for t in self.accounts.access_tokens.values()],
        }

    def _restore(self, data: dict) -> None:
        baskets = {}
        for b in data["baskets"]:
            items = [BasketItem(**{**i, "value": Decimal(i["value"]), "rrp": Decimal(i["rrp"])}) for i in b["items"]]
            baskets[b["id"]] = Basket(b["id"], b["country"], items, b["status"], b["purchase_id"])
        purchases = [Purchase(p["id"], p["user_id"], datetime.fromisoformat(p["date"]),
                              {int(r): [int(t) for t in ts] for r, ts in p["tracks"].items()},
                              set(p["complete_releases"])) for p in data["purchases"]]
        tokens = {t["token"]: Token(**t) for t in data["access_tokens"]}
        self.shop.restore(baskets, purchases, int(data["next_item_id"]), int(data["next_purchase_id"]))
        self.accounts.restore_access_tokens(tokens)
