"""The embedded store's memory across restarts: baskets, purchases and access tokens in one SQLite file.

The real service keeps a basket and a signed-in user's token for weeks; an emulator that forgot
them at every app start would make the app "renew" the basket and ask for sign-in each time.

The state is a SQLite database (stdlib sqlite3, WAL, synchronous=FULL): one row per basket (its
items as JSON inside), per purchase and per access token, plus a `meta` table (schema, the store's
identity, the next item and purchase ids). A change writes only its own rows, in one short
transaction, so a big state costs a change no more than a small one and reads never wait for a
save. The file never grows past `max_bytes` (MAX_STATE_BYTES): SQLite's own page limit, answered
as a full disk is.

A change made by an API call is saved before the call answers (`commit()`, which the routes call);
if it can't be saved the call answers error 7001 and the change is saved with the next one that
can be. `save_if_changed()` saves whatever else changed (the checkout page) and never raises: a
failing save is logged once, not on every request.

The file also keeps the store's identity (`store_id`, random, made once): the app keeps the
user's sign-in per store, and the same store may listen on another port after a restart.
One server at a time owns a state file (SandboxServer locks it); this class assumes it is that one.

Migration: a state file of the JSON format (schema 1, before issue 14) at the path (or, for a path
not ending in .json, beside it with that suffix) is read once, written into a new database that
then takes the path's place, and kept as `<name>.v1-<UTC time>`. An unreadable file is moved aside
as `<name>.corrupt-<UTC time>` and the store starts afresh.
"""
from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import sqlite3
import threading
import uuid
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from app.files.atomic import fsync_dir, move_aside
from app.sandbox import pricing
from app.sandbox.auth import Accounts, Token
from app.sandbox.shop import Basket, BasketItem, Purchase, Shop

log = logging.getLogger(__name__)
SCHEMA = 2
JSON_SCHEMA = 1
MAX_STATE_BYTES = 256 * 1024 * 1024
_SQLITE_HEADER = b"SQLite format 3\x00"
_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS baskets (id TEXT PRIMARY KEY, country TEXT NOT NULL, status TEXT NOT NULL,
    purchase_id INTEGER, updated REAL NOT NULL, items TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS purchases (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, date TEXT NOT NULL,
    tracks TEXT NOT NULL, complete_releases TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS access_tokens (token TEXT PRIMARY KEY, secret TEXT NOT NULL, consumer TEXT NOT NULL,
    user_id INTEGER, issued REAL NOT NULL);
"""


def new_store_id() -> str:
    """A fresh store identity: random, so two stores never share one by accident."""
    return uuid.uuid4().hex


class StateWriteFailed(OSError):
    """A change could not be saved (a full disk, the size limit, a broken file)."""


def stored_store_id(path: Path | str) -> str | None:
    """The identity kept in a state file (either format), or None; reads without taking part."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            header = f.read(len(_SQLITE_HEADER))
        if header != _SQLITE_HEADER:
            value = json.loads(path.read_text(encoding="utf-8")).get("store_id")
            return value if isinstance(value, str) and value else None
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
        finally:
            db.close()
        return row[0] if row else None
    except (OSError, ValueError, AttributeError, sqlite3.Error):
        return None


class StateFile:
    """Loads one store's mutable state and saves each change; cheap when nothing changed."""

    def __init__(self, path: Path, shop: Shop, accounts: Accounts):
        self.path, self.shop, self.accounts = Path(path), shop, accounts
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._closed = False
        self._failing: str | None = None     # why saving fails, while it does
        self._max_bytes = MAX_STATE_BYTES
        self._meta_written: dict[str, str] = {}
        self._meta_unsaved = True           # the identity and id counters, until first written
        # Until load(): a fresh identity, written at the first save.
        self.store_id = new_store_id()

    # --- loading -------------------------------------------------------------------------------------
    def load(self) -> bool:
        """Restore the saved state (migrating a JSON one); a missing file is a fresh store, an
        unreadable one is moved aside. Either way `store_id` is known afterwards and the file is a
        database this store writes to; True if a saved state was restored."""
        restored = False
        try:
            source = self._existing_source()
            if source is not None and source.is_file():
                restored = self._load_database() if _is_database(source) else self._migrate(source)
            if self._db is None:
                self._open()
        except (OSError, sqlite3.Error) as exc:     # a full disk, a read-only folder: serve from memory
            self._close_db()
            self._failing = str(exc) or type(exc).__name__
            log.warning("embedded store: cannot write its state %s (%s); changes are refused with error "
                        "7001 until it can", self.path, self._failing)
        if self.shop.expire() + self.accounts.expire():
            self.save_if_changed()
        self._compact()
        return restored

    def _compact(self) -> None:
        """At start, give the pages of forgotten rows back to the file system if they are a quarter of it."""
        with self._lock:
            if self._db is None:
                return
            try:
                free = self._db.execute("PRAGMA freelist_count").fetchone()[0]
                pages = self._db.execute("PRAGMA page_count").fetchone()[0]
                if free and free * 4 >= pages:
                    self._db.executescript("PRAGMA incremental_vacuum;")   # steps it to the end
                    self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            except sqlite3.Error as exc:
                log.info("embedded store: could not compact its state: %s", exc)

    def _existing_source(self) -> Path | None:
        if self.path.exists():
            return self.path
        legacy = self.path.with_suffix(".json")
        return legacy if self.path.suffix != ".json" and legacy.is_file() else None

    def _load_database(self) -> bool:
        try:
            self._open()
            meta = dict(self._db.execute("SELECT key, value FROM meta"))
            if meta.get("schema") != str(SCHEMA):
                raise ValueError(f"schema {meta.get('schema')!r}")
            self._restore_rows(meta)
        except (sqlite3.Error, OSError, ValueError, KeyError, TypeError, ArithmeticError) as exc:
            self._close_db()
            self._set_aside(self.path, exc)
            return False
        self.store_id = meta["store_id"]
        self._meta_written = meta
        return True

    def _restore_rows(self, meta: dict) -> None:
        baskets = [Basket(row[0], row[1], [_item(i) for i in json.loads(row[5])], row[2], row[3], row[4])
                   for row in self._db.execute("SELECT id, country, status, purchase_id, updated, items FROM baskets")]
        purchases = [_purchase(row[0], row[1], row[2], json.loads(row[3]), json.loads(row[4])) for row in
                     self._db.execute("SELECT id, user_id, date, tracks, complete_releases FROM purchases ORDER BY id")]
        tokens = {row[0]: Token(*row) for row in
                  self._db.execute("SELECT token, secret, consumer, user_id, issued FROM access_tokens")}
        if not meta.get("store_id"):
            raise ValueError("no store_id")
        # A basket of a store the service no longer has (AU and PT before issue 16) can't be priced:
        # it is forgotten, as the real service forgets a basket (the app then starts a new one).
        baskets = [b for b in baskets if pricing.store_for(b.country) is not None]
        self.shop.restore(baskets, purchases, int(meta["next_item_id"]), int(meta["next_purchase_id"]))
        self.accounts.restore_access_tokens(tokens)

    def _migrate(self, source: Path) -> bool:
        """A JSON state (schema 1) into a new database at `path`; the JSON is kept aside."""
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
            schema = data.get("schema") if isinstance(data, dict) else None
            if schema != JSON_SCHEMA:
                raise ValueError(f"schema {schema!r}")
            now = self.shop.clock()
            baskets = [Basket(b["id"], b["country"], [_item(i) for i in b["items"]], b["status"], b["purchase_id"], now)
                       for b in data["baskets"]]
            purchases = [_purchase(p["id"], p["user_id"], p["date"], p["tracks"], p["complete_releases"])
                         for p in data["purchases"]]
            tokens = {t["token"]: Token(t["token"], t["secret"], t["consumer"], t.get("user_id"), now)
                      for t in data["access_tokens"]}
            next_item, next_purchase = int(data["next_item_id"]), int(data["next_purchase_id"])
            stored_id = data.get("store_id")
        except (OSError, ValueError, KeyError, TypeError, AttributeError, ArithmeticError) as exc:
            self._set_aside(source, exc)
            return False
        if isinstance(stored_id, str) and stored_id:
            self.store_id = stored_id
        # else: a file from before store identities: it gets the fresh one
        tmp = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.migrating.tmp")
        try:
            db = sqlite3.connect(tmp, isolation_level=None)
            try:
                db.execute("PRAGMA auto_vacuum=INCREMENTAL")
                db.executescript(_TABLES)
                db.execute("BEGIN")
                db.executemany("INSERT INTO baskets VALUES (?, ?, ?, ?, ?, ?)", [_basket_row(b) for b in baskets])
                db.executemany("INSERT INTO purchases VALUES (?, ?, ?, ?, ?)", [_purchase_row(p) for p in purchases])
                db.executemany("INSERT INTO access_tokens VALUES (?, ?, ?, ?, ?)",
                               [_token_row(t) for t in tokens.values()])
                db.executemany("INSERT INTO meta VALUES (?, ?)", self._meta(next_item, next_purchase).items())
                db.execute("INSERT INTO meta VALUES ('migrated_from', ?)", (source.name,))
                db.execute("COMMIT")
            finally:
                db.close()
            aside = _aside_name(source, "v1")
            if source == self.path:
                _keep_copy(source, aside)       # the JSON stays at `path` until the database replaces it
                os.replace(tmp, self.path)
            else:
                os.replace(tmp, self.path)
                os.replace(source, aside)
            fsync_dir(self.path.parent)
        except (OSError, sqlite3.Error) as exc:
            _unlink(tmp)
            raise StateWriteFailed(f"could not migrate {source} into {self.path}: {exc}") from exc
        log.info("embedded store: state %s migrated into a database; the old file is kept as %s", source, aside)
        self.shop.restore(baskets, purchases, next_item, next_purchase)
        self.accounts.restore_access_tokens(tokens)
        self._open()
        self._meta_written = dict(self._db.execute("SELECT key, value FROM meta"))
        return True

    def _set_aside(self, path: Path, why: Exception) -> None:
        try:
            aside = move_aside(path)
            wal = path.with_name(path.name + "-wal")
            if wal.exists():
                move_aside(wal)             # beside the database it belonged to
            _unlink(path.with_name(path.name + "-shm"))
        except OSError as move_failed:
            aside = f"nowhere ({move_failed})"
        log.warning("embedded store: state file %s unreadable (%s); moved to %s", path, why, aside)

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=5)
        try:
            db.execute("PRAGMA auto_vacuum=INCREMENTAL")   # a new file only (first): lets _compact() shrink it
            mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if mode.lower() != "wal":
                log.info("embedded store: state %s in journal mode %s (WAL not available)", self.path, mode)
            db.execute("PRAGMA synchronous=FULL")
            db.executescript(_TABLES)
        except BaseException:
            db.close()
            raise
        self._db = db
        self._apply_max_bytes()

    # --- saving --------------------------------------------------------------------------------------
    @property
    def max_bytes(self) -> int:
        return self._max_bytes

    @max_bytes.setter
    def max_bytes(self, value: int) -> None:
        """The most the database may grow to; a change past it fails as on a full disk."""
        with self._lock:
            self._max_bytes = value
            self._apply_max_bytes()

    @property
    def size_bytes(self) -> int:
        with self._lock:
            if self._db is None:
                return 0
            return self._db.execute("PRAGMA page_count").fetchone()[0] * self._page_size()

    def _page_size(self) -> int:
        return self._db.execute("PRAGMA page_size").fetchone()[0]

    def _apply_max_bytes(self) -> None:
        if self._db is not None:
            pages = max(1, self._max_bytes // self._page_size())
            self._db.execute(f"PRAGMA max_page_count={int(pages)}")

    def commit(self) -> None:
        """Save what changed now; StateWriteFailed if it can't be (it is kept for the next save)."""
        if not (self.shop.dirty or self.accounts.dirty or self._meta_unsaved):
            return      # the common case (every read): no lock taken, nothing waits for a save in progress
        with self._lock:
            if self._closed:
                return
            if self._db is None:
                try:
                    self._open()
                except (OSError, sqlite3.Error) as exc:
                    self._close_db()
                    raise StateWriteFailed(f"could not open the store's state: {exc}") from exc
            meta = self._meta(self.shop.peek_item_id(), self.shop.peek_purchase_id())
            meta = {k: v for k, v in meta.items() if self._meta_written.get(k) != v}
            if not (self.shop.dirty or self.accounts.dirty or meta):
                self._meta_unsaved = False
                return
            baskets, dropped, purchases = self.shop.take_changes()
            tokens, revoked = self.accounts.take_changes()
            try:
                self._write(baskets, dropped, purchases, tokens, revoked, meta)
            except (sqlite3.Error, OSError) as exc:
                self.shop.give_back(baskets, dropped, purchases)
                self.accounts.give_back(tokens, revoked)
                why = str(exc) or type(exc).__name__
                if self._failing is None:
                    log.warning("embedded store: could not save its state in %s (%s); changes are refused "
                                "with error 7001 until it can", self.path, why)
                self._failing = why
                raise StateWriteFailed(f"could not save the store's state: {why}") from exc
            self._meta_written.update(meta)
            self._meta_unsaved = False
            if self._failing is not None:
                log.info("embedded store: its state is saved again (%s had failed)", self._failing)
                self._failing = None

    def _write(self, baskets, dropped, purchases, tokens, revoked, meta) -> None:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany("INSERT OR REPLACE INTO baskets VALUES (?, ?, ?, ?, ?, ?)",
                           [_basket_row(b) for b in baskets])
            db.executemany("DELETE FROM baskets WHERE id = ?", [(k,) for k in dropped])
            db.executemany("INSERT OR REPLACE INTO purchases VALUES (?, ?, ?, ?, ?)",
                           [_purchase_row(p) for p in purchases])
            db.executemany("INSERT OR REPLACE INTO access_tokens VALUES (?, ?, ?, ?, ?)",
                           [_token_row(t) for t in tokens])
            db.executemany("DELETE FROM access_tokens WHERE token = ?", [(t,) for t in revoked])
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                try:
                    db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise

    def save_if_changed(self) -> None:
        """Save whatever changed; a failure is logged (once) and the changes wait for the next save."""
        try:
            self.commit()
        except StateWriteFailed:
            pass

    def close(self) -> None:
        """Save what changed, then never write again: the file may belong to another store next."""
        try:
            self.save_if_changed()
        finally:
            with self._lock:
                self._closed = True
                self._close_db()

    def _close_db(self) -> None:
        db, self._db = self._db, None
        if db is not None:
            db.close()

    def _meta(self, next_item_id: int, next_purchase_id: int) -> dict[str, str]:
        return {"schema": str(SCHEMA), "store_id": self.store_id, "next_item_id": str(next_item_id),
                "next_purchase_id": str(next_purchase_id)}


# --- rows ------------------------------------------------------------------------------------------------
def _is_database(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


def _item(data: dict) -> BasketItem:
    return BasketItem(**{**data, "value": Decimal(data["value"]), "rrp": Decimal(data["rrp"])})


def _basket_row(b: Basket) -> tuple:
    items = [{**vars(i), "value": str(i.value), "rrp": str(i.rrp)} for i in b.items]
    return b.id, b.country, b.status, b.purchase_id, b.updated, json.dumps(items)


def _purchase(purchase_id, user_id, date: str, tracks: dict, complete: list) -> Purchase:
    return Purchase(int(purchase_id), int(user_id), datetime.fromisoformat(date),
                    {int(r): [int(t) for t in ts] for r, ts in tracks.items()}, {int(r) for r in complete})


def _purchase_row(p: Purchase) -> tuple:
    return (p.id, p.user_id, p.date.isoformat(), json.dumps({str(r): t for r, t in p.tracks.items()}),
            json.dumps(sorted(p.complete_releases)))


def _token_row(t: Token) -> tuple:
    return t.token, t.secret, t.consumer, t.user_id, t.issued


def _aside_name(path: Path, label: str) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    for attempt in range(1000):
        target = path.with_name(f"{path.name}.{label}-{stamp}{f'-{attempt}' if attempt else ''}")
        if not target.exists():
            return target
    raise FileExistsError(f"no free name beside {path}")


def _keep_copy(path: Path, target: Path) -> None:
    try:
        os.link(path, target)
    except OSError:             # a file system without hard links
        shutil.copy2(path, target)


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
