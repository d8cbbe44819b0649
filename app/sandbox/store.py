"""Read-only queries over the generated catalogue (SQLite + FTS5), one connection per thread."""
from __future__ import annotations

import re
import sqlite3
import threading
import zlib
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

ARTIST_SQL = "SELECT * FROM artists"
RELEASE_SQL = (
    "SELECT r.*, a.name AS artist_name, a.slug AS artist_slug, l.name AS label_name "
    "FROM releases r JOIN artists a ON a.id = r.artist_id JOIN labels l ON l.id = r.label_id")
TRACK_SQL = (
    "SELECT t.*, r.title AS r_title, r.version AS r_version, r.type AS r_type, r.barcode AS r_barcode, "
    "r.age_days AS r_age_days, r.popularity AS r_popularity, r.slug AS r_slug, r.explicit AS r_explicit, "
    "r.not_sold AS r_not_sold, r.no_preview AS r_no_preview, r.preview_days AS r_preview_days, "
    "a.name AS artist_name, a.slug AS artist_slug "
    "FROM tracks t JOIN releases r ON r.id = t.release_id JOIN artists a ON a.id = t.artist_id")
CHART_SIZE = 50
# Search totals are counted up to this many hits: counting 600k hits of "t*" costs 40 ms, 10k costs 1 ms.
SEARCH_TOTAL_CAP = 10_000
_WORD = re.compile(r"\w+", re.UNICODE)


def _storable(item_id: int) -> bool:
    return -(2**63) <= item_id < 2**63


def fts_query(text: str) -> str | None:
    """Search-as-you-type: every word must match, the last one as a prefix."""
    terms = _WORD.findall(text.lower())
    if not terms:
        return None
    quoted = [f'"{t}"' for t in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


CONNECTION_CACHE_KB = 512       # SQLite page cache of each thread's connection


class Catalogue:
    """The generated catalogue. Safe to share between threads (each thread opens its own connection)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    @property
    def db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            # immutable=1: the file is never written after its atomic rename, so skip all locking.
            conn = sqlite3.connect(f"file:{self.path}?immutable=1", uri=True, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            # A page cache per serving thread (8+) at SQLite's 2 MB default grows the app's memory by
            # up to 16 MB as pages are browsed; the file's pages stay in the OS cache anyway.
            conn.execute(f"PRAGMA cache_size=-{CONNECTION_CACHE_KB}")
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    def _rows(self, sql: str, args=()) -> list[sqlite3.Row]:
        return self.db.execute(sql, args).fetchall()

    def _one(self, sql: str, args=()):
        return self.db.execute(sql, args).fetchone()

    def _by_ids(self, base_sql: str, alias: str, ids: list[int]) -> list[sqlite3.Row]:
        ids = [i for i in ids if _storable(i)]
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = {r["id"]: r for r in self._rows(f"{base_sql} WHERE {alias}.id IN ({marks})", ids)}
        return [rows[i] for i in ids if i in rows]

    def counts(self) -> tuple[int, int, int]:
        return tuple(self._one(f"SELECT count(*) FROM {t}")[0] for t in ("artists", "releases", "tracks"))

    # --- single items -------------------------------------------------------------------------
    # An id SQLite can't hold names nothing here (the routes bound ids already; this is the floor).
    def artist(self, artist_id: int):
        return self._one(f"{ARTIST_SQL} WHERE id = ?", (artist_id,)) if _storable(artist_id) else None

    def release(self, release_id: int):
        return self._one(f"{RELEASE_SQL} WHERE r.id = ?", (release_id,)) if _storable(release_id) else None

    def track(self, track_id: int):
        return self._one(f"{TRACK_SQL} WHERE t.id = ?", (track_id,)) if _storable(track_id) else None

    def artists(self, ids: list[int]):
        return self._by_ids(ARTIST_SQL, "artists", ids)

    def releases(self, ids: list[int]):
        return self._by_ids(RELEASE_SQL, "r", ids)

    def tracks(self, ids: list[int]):
        return self._by_ids(TRACK_SQL, "t", ids)

    # --- search -------------------------------------------------------------------------------
    def _fts(self, table: str, query: str, offset: int, limit: int, extra: str = "", args=()) -> tuple[int, list[int]]:
        if extra:
            base = f"FROM {table}_fts f JOIN {table} x ON x.id = f.rowid WHERE {table}_fts MATCH ? {extra}"
            total = self._one(f"SELECT count(*) FROM (SELECT 1 {base} LIMIT {SEARCH_TOTAL_CAP})", (query, *args))[0]
            ids = [r[0] for r in self._rows(f"SELECT f.rowid {base} ORDER BY f.rowid LIMIT ? OFFSET ?",
                                            (query, *args, limit, offset))]
            return total, ids
        total = self._one(f"SELECT count(*) FROM (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ? "
                          f"LIMIT {SEARCH_TOTAL_CAP})", (query,))[0]
        ids = [r[0] for r in self._rows(
            f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ? ORDER BY rowid LIMIT ? OFFSET ?",
            (query, limit, offset))]
        return total, ids

    def search_artists(self, text: str, offset: int, limit: int) -> tuple[int, list]:
        query = fts_query(text)
        if query is None:
            return 0, []
        # Exact name matches first, then by popularity (= id order).
        exact = [r[0] for r in self._rows("SELECT id FROM artists WHERE name_key = ? ORDER BY id LIMIT 5",
                                          (" ".join(text.split()).casefold(),))]
        total, ids = self._fts("artists", query, 0, offset + limit + len(exact))
        ordered = exact + [i for i in ids if i not in exact]
        return total, self.artists(ordered[offset: offset + limit])

    def search_releases(self, text: str, offset: int, limit: int, rtype: str | None = None):
        query = fts_query(text)
        if query is None:
            return 0, []
        if rtype:
            total, ids = self._fts("releases", query, offset, limit, "AND x.type = ? COLLATE NOCASE", (rtype,))
        else:
            total, ids = self._fts("releases", query, offset, limit)
        return total, self.releases(ids)

    def search_tracks(self, text: str, offset: int, limit: int):
        query = fts_query(text)
        if query is None:
            return 0, []
        total, ids = self._fts("tracks", query, offset, limit)
        return total, self.tracks(ids)

    # --- lists --------------------------------------------------------------------------------
    def browse_artists(self, letter: str, offset: int, limit: int):
        letter = letter.strip()
        if len(letter) == 1:
            where, args = "letter = ?", (letter.upper() if letter.isalpha() else "#",)
        else:
            where, args = "sort_name LIKE ? ESCAPE '\\'", (letter.replace("%", "\\%").replace("_", "\\_") + "%",)
        total = self._one(f"SELECT count(*) FROM artists WHERE {where}", args)[0]
        rows = self._rows(f"{ARTIST_SQL} WHERE {where} ORDER BY sort_name COLLATE NOCASE, id LIMIT ? OFFSET ?",
                          (*args, limit, offset))
        return total, rows

    def artist_releases(self, artist_id: int, offset: int, limit: int, rtype: str | None = None):
        where, args = "r.artist_id = ?", [artist_id]
        if rtype:
            where += " AND r.type = ? COLLATE NOCASE"
            args.append(rtype)
        total = self._one(f"SELECT count(*) FROM releases r WHERE {where}", args)[0]
        rows = self._rows(f"{RELEASE_SQL} WHERE {where} ORDER BY r.age_days, r.id LIMIT ? OFFSET ?",
                          (*args, limit, offset))
        return total, rows

    def release_tracks(self, release_id: int, offset: int, limit: int):
        total = self._one("SELECT count(*) FROM tracks WHERE release_id = ?", (release_id,))[0]
        rows = self._rows(f"{TRACK_SQL} WHERE t.release_id = ? ORDER BY t.position LIMIT ? OFFSET ?",
                          (release_id, limit, offset))
        return total, rows

    def track_at(self, release_id: int, position: int) -> int | None:
        row = self._one("SELECT id FROM tracks WHERE release_id = ? AND position = ?", (release_id, position))
        return row[0] if row else None

    def release_track_ids(self, release_id: int) -> list[int]:
        return [r[0] for r in self._rows("SELECT id FROM tracks WHERE release_id = ? ORDER BY position",
                                         (release_id,))]

    def top_tracks(self, artist_id: int, offset: int, limit: int):
        total = min(50, self._one("SELECT count(*) FROM tracks WHERE artist_id = ?", (artist_id,))[0])
        limit = max(0, min(limit, total - offset))
        rows = self._rows(f"{TRACK_SQL} WHERE t.artist_id = ? ORDER BY t.id LIMIT ? OFFSET ?",
                          (artist_id, limit, offset))
        return total, rows

    def similar(self, artist_id: int, offset: int, limit: int):
        ids = [r[0] for r in self._rows("SELECT similar_id FROM similar WHERE artist_id = ? ORDER BY rank",
                                        (artist_id,))]
        return len(ids), self.artists(ids[offset: offset + limit])

    def recommend(self, release_id: int, offset: int, limit: int):
        ids = [r[0] for r in self._rows(
            "SELECT (SELECT min(id) FROM releases WHERE artist_id = s.similar_id) FROM similar s "
            "JOIN releases r ON r.artist_id = s.artist_id WHERE r.id = ? ORDER BY s.rank", (release_id,))]
        ids = [i for i in ids if i is not None and i != release_id]
        return len(ids), self.releases(ids[offset: offset + limit])

    def releases_by_age(self, newest_age: int, oldest_age: int, offset: int, limit: int):
        args = (newest_age, oldest_age)
        total = self._one("SELECT count(*) FROM releases WHERE age_days BETWEEN ? AND ?", args)[0]
        rows = self._rows(f"{RELEASE_SQL} WHERE r.age_days BETWEEN ? AND ? ORDER BY r.age_days, r.id "
                          "LIMIT ? OFFSET ?", (*args, limit, offset))
        return total, rows

    # --- tags ---------------------------------------------------------------------------------
    def tags(self, offset: int, limit: int):
        total = self._one("SELECT count(*) FROM tags")[0]
        return total, self._rows("SELECT * FROM tags ORDER BY ord LIMIT ? OFFSET ?", (limit, offset))

    def artist_tags(self, artist_id: int):
        return self._rows("SELECT t.* FROM artist_tags x JOIN tags t ON t.id = x.tag_id "
                          "WHERE x.artist_id = ? ORDER BY t.ord", (artist_id,))

    def release_tags(self, release_id: int):
        return self._rows("SELECT t.* FROM release_tags x JOIN tags t ON t.id = x.tag_id "
                          "WHERE x.release_id = ? ORDER BY t.ord", (release_id,))

    def known_tags(self, tag_ids: list[str]) -> list[str]:
        marks = ",".join("?" * len(tag_ids))
        return [r[0] for r in self._rows(f"SELECT id FROM tags WHERE id IN ({marks})", tag_ids)]

    def releases_by_tags(self, tag_ids: list[str], newest_first: bool, offset: int, limit: int):
        # Releases carrying every tag; "new" orders by release date, "top" by popularity (= id).
        marks = ",".join("?" * len(tag_ids))
        inner = (f"SELECT release_id FROM release_tags WHERE tag_id IN ({marks}) "
                 f"GROUP BY release_id HAVING count(*) = {len(tag_ids)}")
        total = self._one(f"SELECT count(*) FROM ({inner})", tag_ids)[0]
        order = "r.age_days, r.id" if newest_first else "r.id"
        rows = self._rows(f"{RELEASE_SQL} WHERE r.id IN ({inner}) ORDER BY {order} LIMIT ? OFFSET ?",
                          (*tag_ids, limit, offset))
        return total, rows

    def artists_by_tags(self, tag_ids: list[str], offset: int, limit: int):
        marks = ",".join("?" * len(tag_ids))
        inner = (f"SELECT artist_id FROM artist_tags WHERE tag_id IN ({marks}) "
                 f"GROUP BY artist_id HAVING count(*) = {len(tag_ids)}")
        total = self._one(f"SELECT count(*) FROM ({inner})", tag_ids)[0]
        rows = self._rows(f"{ARTIST_SQL} WHERE id IN ({inner}) ORDER BY id LIMIT ? OFFSET ?",
                          (*tag_ids, limit, offset))
        return total, rows

    # --- charts -------------------------------------------------------------------------------
    def chart(self, kind: str, to_date: date, period: str, today: date) -> list[tuple[int, str, int]]:
        """[(position, change, id)] for kind artist|release|track, ending `to_date`."""
        return _chart(self, kind, to_date.toordinal(), _PERIOD_DAYS.get(period, 7), today.toordinal())


_PERIOD_DAYS = {"day": 1, "week": 7, "month": 30}


def _ranking(catalogue: Catalogue, kind: str, bucket: int, period: int, min_age: int) -> list[int]:
    table = {"artist": "artists", "release": "releases", "track": "tracks"}[kind]
    if kind == "artist":
        sql, args = "SELECT id, popularity FROM artists ORDER BY id LIMIT 300", ()
    elif kind == "release":
        sql, args = "SELECT id, popularity FROM releases WHERE age_days >= ? ORDER BY id LIMIT 300", (min_age,)
    else:
        sql = ("SELECT t.id, t.popularity FROM tracks t JOIN releases r ON r.id = t.release_id "
               "WHERE r.age_days >= ? ORDER BY t.id LIMIT 300")
        args = (min_age,)
    rows = catalogue._rows(sql, args)
    salt = f"{table}:{period}:{bucket}:"
    scored = sorted(rows, key=lambda r: -r[1] * (0.5 + zlib.crc32(f"{salt}{r[0]}".encode()) / 2**32))
    return [r[0] for r in scored[:CHART_SIZE]]


@lru_cache(maxsize=64)
def _chart(catalogue: Catalogue, kind: str, to_ordinal: int, period: int, today_ordinal: int):
    min_age = max(0, today_ordinal - to_ordinal)
    bucket = to_ordinal // period
    now = _ranking(catalogue, kind, bucket, period, min_age)
    before = {item: pos for pos, item in enumerate(_ranking(catalogue, kind, bucket - 1, period, min_age + period))}
    out = []
    for pos, item in enumerate(now):
        old = before.get(item)
        change = "New" if old is None else "Up" if old > pos else "Down" if old < pos else "Same"
        out.append((pos + 1, change, item))
    return out


def listed(countries: str | None, country: str) -> bool:
    """Whether `country` is in a catalogue list of territories ("CH,DE,GB"; empty = none)."""
    return bool(countries) and country in countries.split(",")


class Availability:
    """What a release (and so each of its tracks) offers in one country: sold, previewable, and the
    day its previews open. `row` is a release row, or a track row (its release's columns `r_…`)."""

    __slots__ = ("preview_date", "previewable", "sold")

    def __init__(self, row, country: str, today: date, track: bool = False):
        prefix = "r_" if track else ""
        self.sold = not listed(row[prefix + "not_sold"], country)
        self.previewable = not listed(row[prefix + "no_preview"], country)
        days = row[prefix + "preview_days"] or 0
        released = release_date(row[prefix + "age_days"], today)
        self.preview_date = today + timedelta(days=days) if days > 0 else released

    def preview_open(self, today: date) -> bool:
        """A clip may be played now: previewable here, and its previewDate has come."""
        return self.previewable and self.preview_date <= today


def release_date(age_days: int, today: date) -> date:
    """Release dates are stored relative to today, so "new releases" are always new."""
    return today - timedelta(days=int(age_days))
