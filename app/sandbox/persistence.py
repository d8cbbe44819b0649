"""The embedded store's memory across restarts: baskets, purchases and access tokens in one JSON file.

The real service keeps a basket and a signed-in user's token for weeks; an emulator that forgot
them at every app start would make the app "renew" the basket and ask for sign-in each time.
Written atomically (temp file, fsync, replace) after each request that changed something.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from app.sandbox.auth import Accounts, Token
from app.sandbox.shop import Basket, BasketItem, Purchase, Shop

log = logging.getLogger(__name__)
SCHEMA = 1


class StateFile:
    """Loads and saves one store's mutable state; `save_if_changed` is cheap when nothing changed."""

    def __init__(self, path: Path, shop: Shop, accounts: Accounts):
        self.path, self.shop, self.accounts = Path(path), shop, accounts
        self._lock = threading.Lock()
        self._saved = (-1, -1)

    def load(self) -> bool:
        """Restore the saved state; a missing file is a fresh store, an unreadable one is moved aside."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("schema") != SCHEMA:
                raise ValueError(f"schema {data.get('schema')!r}")
            self._restore(data)
        except FileNotFoundError:
            return False
        except (OSError, ValueError, KeyError, TypeError, ArithmeticError) as exc:
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            log.warning("embedded store: state file %s unreadable (%s); moved to %s", self.path, exc, aside)
            try:
                self.path.replace(aside)
            except OSError:
                pass
            return False
        self._saved = self._revision()
        return True

    def save_if_changed(self) -> None:
        with self._lock:
            revision = self._revision()
            if revision == self._saved:
                return
            with self.shop.lock:
                data = self._snapshot()
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=self.path.name, suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(data, out)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            self._saved = revision

    def _revision(self) -> tuple[int, int]:
        return self.shop.revision, self.accounts.revision

    def _snapshot(self) -> dict:
        return {
            "schema": SCHEMA,
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
