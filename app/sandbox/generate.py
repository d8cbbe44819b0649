"""Builds the generated catalogue: a deterministic function of (size, seed) written to SQLite + FTS5.

Ids are handed out in popularity order (the most popular artist, release and track get the lowest id
of their kind), so "most popular first" is plain rowid order: FTS5 can then answer
`ORDER BY rowid LIMIT n` without ranking huge hit sets.
"""
from __future__ import annotations

import os
import random
import re
import shutil
import sqlite3
import tempfile
import threading
import unicodedata
from pathlib import Path

from app.sandbox import names, words

SCHEMA_VERSION = 6     # 6: real release types, territories, preview dates, box sets
SIZES = {  # artists, releases, tracks
    "small": (200, 1_200, 12_000),
    "default": (2_000, 12_000, 120_000),
    "large": (16_000, 100_000, 1_000_000),
}
ARTIST_BASE, RELEASE_BASE, TRACK_BASE = 1_000, 300_000, 2_000_000

# Territories. The real catalogue is full of releases some stores may not sell or preview; here a
# RESTRICTED_SHARE of the releases past the OPEN_EVERYWHERE most popular (which every demo and test
# may rely on) are, each in a few of the TERRITORIES. Tracks follow their release.
TERRITORIES = ("AT", "BE", "CA", "CH", "DE", "ES", "FI", "FR", "GB", "IE", "IT", "LU", "NL", "NO", "NZ", "SE", "US")
OPEN_EVERYWHERE = 100
RESTRICTED_SHARE = 0.07
UPCOMING_SHARE = 0.01       # previews that open some days from now (previewDate in the future)
# Fixed examples, in every catalogue size: the UI and client tests name them.
NOT_SOLD_IN_GB = RELEASE_BASE + 100         # previewable, not sold in GB
NO_PREVIEW_IN_GB = RELEASE_BASE + 101       # sold in GB, not previewable there
UPCOMING_PREVIEW = RELEASE_BASE + 102       # sold everywhere; previews open UPCOMING_DAYS from today
UPCOMING_DAYS = 10
# Box sets of 60–120 tracks (more than one page of release/tracks).
BOX_SETS = (RELEASE_BASE + 103, RELEASE_BASE + 240, RELEASE_BASE + 777)
# The real service's release types (API-NOTES, `ReleaseType`); generated: Album, Single, Exclusive.
RELEASE_TYPES = ("Single", "Album", "Video", "Exclusive", "Item")

_build_locks: dict[str, threading.Lock] = {}
_build_locks_guard = threading.Lock()


def size_of(catalogue: str | int) -> tuple[int, int, int]:
    """(artists, releases, tracks) for a named size or a track count."""
    if isinstance(catalogue, int) or str(catalogue).isdigit():
        # Floors keep the contract's search guarantees ("the" ≥ 50 artists, "love" ≥ 60 releases/100 tracks).
        tracks = max(4_000, int(catalogue))
        return max(160, tracks // 60), max(960, tracks // 10), tracks
    try:
        return SIZES[str(catalogue)]
    except KeyError:
        raise ValueError(f"unknown catalogue size {catalogue!r} (small, default, large or a track count)")


def catalogue_path(cache_dir: Path, catalogue: str | int, seed: int) -> Path:
    """Where the catalogue of this size and seed lives; a new schema version gets a new file."""
    return Path(cache_dir) / f"catalogue-{catalogue}-seed{seed}-v{SCHEMA_VERSION}.sqlite"


def ensure_catalogue(cache_dir: Path, catalogue: str | int = "default", seed: int = 0) -> Path:
    """Return the catalogue file, building it first if missing.

    Built into a temporary file and renamed, so concurrent processes never see half a database.
    """
    path = catalogue_path(cache_dir, catalogue, seed)
    if path.exists():
        return path
    with _build_locks_guard:
        lock = _build_locks.setdefault(str(path), threading.Lock())
    with lock:
        if path.exists():
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        os.close(fd)
        try:
            build(Path(tmp), size_of(catalogue), seed)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        _forget_old_versions(path.parent)
    return path


def _forget_old_versions(cache_dir: Path) -> None:
    """Catalogues (and their covers and clips) of older schema versions will never be read again."""
    current = f"-v{SCHEMA_VERSION}"
    for old in cache_dir.glob("catalogue-*-v*.sqlite"):
        if not old.stem.endswith(current):
            old.unlink(missing_ok=True)
            shutil.rmtree(cache_dir / "media" / old.stem, ignore_errors=True)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "untitled"


def _unique_slug(text: str, taken: set[str]) -> str:
    slug = base = slugify(text)
    n = 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def ean13(rng: random.Random) -> str:
    digits = [rng.randrange(10) for _ in range(12)]
    digits[0] = 0 if rng.random() < 0.6 else 5
    total = sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def _title(rng: random.Random) -> str:
    w = words.TITLE_WORDS
    shape = rng.random()
    if shape < 0.22:
        text = rng.choice(w)
    elif shape < 0.55:
        text = f"{rng.choice(w)} {rng.choice(w)}"
    elif shape < 0.68:
        text = f"the {rng.choice(w)} {rng.choice(w)}"
    elif shape < 0.80:
        text = f"{rng.choice(w)} of {rng.choice(w)}"
    elif shape < 0.88:
        text = f"{rng.choice(w)} and {rng.choice(w)}"
    elif shape < 0.94:
        text = f"{rng.choice(w)} in the {rng.choice(w)}"
    else:
        text = f"{rng.choice(w)} {rng.choice(w)} {rng.choice(w)}"
    return " ".join(part if part in ("of", "and", "in", "the") and i else part[:1].upper() + part[1:]
                    for i, part in enumerate(text.split()))


def _artist_name(rng: random.Random, index: int) -> tuple[str, str]:
    """(name, sortName). Every third artist is a "The …" band so searching "the" always finds plenty."""
    if index % 3 == 0:
        name = f"The {rng.choice(names.BAND_ADJECTIVES)} {rng.choice(names.BAND_NOUNS)}"
        return name, name[4:] + ", The"
    shape = rng.random()
    if shape < 0.38:
        return f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}", ""
    if shape < 0.52:
        prefix, nouns = rng.choice(names.FOREIGN_BANDS)
        return f"{prefix} {rng.choice(nouns)}", ""
    if shape < 0.62:
        return f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)} & the {rng.choice(names.BAND_NOUNS)}", ""
    if shape < 0.70:
        return f"{rng.choice(names.SOLO_PREFIXES)} {rng.choice(names.FIRST_NAMES)}", ""
    if shape < 0.78:
        return rng.choice(names.FIRST_NAMES), ""
    return f"{rng.choice(names.BAND_ADJECTIVES)} {rng.choice(names.BAND_NOUNS)}", ""


def _letter(sort_name: str) -> str:
    first = unicodedata.normalize("NFKD", sort_name[:1]).encode("ascii", "ignore").decode().upper()
    return first if first.isalpha() else "#"


SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE labels(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE artists(id INTEGER PRIMARY KEY, name TEXT, sort_name TEXT, slug TEXT, letter TEXT,
    popularity REAL, city TEXT, bio INTEGER, name_key TEXT);
CREATE TABLE releases(id INTEGER PRIMARY KEY, artist_id INTEGER, title TEXT, version TEXT, type TEXT,
    barcode TEXT, age_days INTEGER, added_lag INTEGER, label_id INTEGER, explicit INTEGER, popularity REAL,
    price_tier INTEGER, on_sale INTEGER, track_count INTEGER, duration INTEGER, slug TEXT,
    not_sold TEXT, no_preview TEXT, preview_days INTEGER);
CREATE TABLE tracks(id INTEGER PRIMARY KEY, release_id INTEGER, artist_id INTEGER, title TEXT, version TEXT,
    position INTEGER, disc INTEGER, number INTEGER, duration INTEGER, isrc TEXT, explicit INTEGER,
    popularity REAL, price_tier INTEGER, on_sale INTEGER);
CREATE TABLE tags(id TEXT PRIMARY KEY, text TEXT, ord INTEGER, count INTEGER);
CREATE TABLE artist_tags(artist_id INTEGER, tag_id TEXT, PRIMARY KEY(artist_id, tag_id)) WITHOUT ROWID;
CREATE TABLE release_tags(tag_id TEXT, release_id INTEGER, PRIMARY KEY(tag_id, release_id)) WITHOUT ROWID;
CREATE TABLE similar(artist_id INTEGER, rank INTEGER, similar_id INTEGER, PRIMARY KEY(artist_id, rank))
    WITHOUT ROWID;
"""
INDEXES = """
CREATE INDEX artists_letter ON artists(letter, sort_name);
CREATE INDEX artists_name_key ON artists(name_key);
CREATE INDEX releases_artist ON releases(artist_id, id);
CREATE INDEX releases_age ON releases(age_days, id);
CREATE INDEX release_tags_release ON release_tags(release_id);
CREATE INDEX tracks_release ON tracks(release_id, position);
CREATE INDEX tracks_artist ON tracks(artist_id, id);
CREATE VIRTUAL TABLE artists_fts USING fts5(name, content='', tokenize='unicode61 remove_diacritics 2',
    prefix='1 2 3');
CREATE VIRTUAL TABLE releases_fts USING fts5(title, artist, content='',
    tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
CREATE VIRTUAL TABLE tracks_fts USING fts5(title, artist, content='',
    tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
INSERT INTO artists_fts(rowid, name) SELECT id, name FROM artists ORDER BY id;
INSERT INTO releases_fts(rowid, title, artist)
    SELECT r.id, r.title || ' ' || r.version, a.name FROM releases r JOIN artists a ON a.id = r.artist_id
    ORDER BY r.id;
INSERT INTO tracks_fts(rowid, title, artist)
    SELECT t.id, t.title || ' ' || t.version, a.name FROM tracks t JOIN artists a ON a.id = t.artist_id
    ORDER BY t.id;
INSERT INTO artists_fts(artists_fts) VALUES('optimize');
INSERT INTO releases_fts(releases_fts) VALUES('optimize');
INSERT INTO tracks_fts(tracks_fts) VALUES('optimize');
"""


def build(path: Path, size: tuple[int, int, int], seed: int) -> None:
    """Write a complete catalogue of `size` (artists, releases, tracks) generated from `seed` to `path`."""
    # numpy only here: a store whose catalogue is built already starts without it (~7 MB, ~0.2 s).
    import numpy as np

    n_artists, n_releases, n_tracks = size
    rng = random.Random(f"7digital-sandbox/{seed}")
    nrng = np.random.default_rng(seed)
    db = sqlite3.connect(path)
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;")
    db.executescript(SCHEMA)
    db.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("schema", str(SCHEMA_VERSION)), ("seed", str(seed)), ("size", ",".join(map(str, size)))])

    labels = [(i + 1, f"{rng.choice(names.LABEL_WORDS)} {rng.choice(names.LABEL_SUFFIXES)}")
              for i in range(max(20, n_artists // 10))]
    db.executemany("INSERT INTO labels VALUES (?, ?)", labels)

    artist_pop = _artists(db, rng, n_artists)
    release_rows = _releases(db, rng, nrng, n_releases, artist_pop, len(labels))
    _availability(release_rows, random.Random(f"7digital-sandbox/{seed}/availability"))
    _tracks(db, rng, nrng, release_rows, n_tracks)
    _tags_and_similar(db, rng, n_artists, release_rows)
    db.commit()
    db.executescript(INDEXES)
    db.commit()
    db.execute("ANALYZE")
    db.commit()
    db.close()


def _artists(db: sqlite3.Connection, rng: random.Random, n: int) -> list[float]:
    rows, pops, taken_names, taken_slugs = [], [], set(), set()
    for i in range(n):
        for attempt in range(16):
            name, sort_name = _artist_name(rng, i)
            if attempt >= 8:   # the small name space is crowded in big catalogues: "… Collective", "… of Oslo"
                extra = rng.choice(names.BAND_SUFFIXES) if rng.random() < 0.5 else f"of {rng.choice(names.CITIES)}"
                name, sort_name = f"{name} {extra}", sort_name and f"{sort_name[:-5]} {extra}, The"
            if name not in taken_names:
                break
        else:
            name, sort_name = f"{name} {i}", sort_name and f"{sort_name} {i}"
        taken_names.add(name)
        sort_name = sort_name or name
        popularity = round(0.05 + 0.9 * (1 - i / n) ** 1.6, 2)  # decreasing with the id: see module doc
        pops.append(popularity)
        rows.append((ARTIST_BASE + i, name, sort_name, _unique_slug(name, taken_slugs), _letter(sort_name),
                     popularity, rng.choice(names.CITIES), rng.randrange(len(words.BIO_TEMPLATES)),
                     name.casefold()))   # SQLite's lower() folds ASCII only; "Élodie" needs Python's
    db.executemany("INSERT INTO artists VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return pops


def _releases(db, rng, nrng, n, artist_pop, n_labels) -> list[tuple]:
    import numpy as np

    n_artists = len(artist_pop)
    weights = 1.0 / (1.0 + np.arange(n_artists) / max(1, n_artists / 8))
    extra = nrng.choice(n_artists, size=max(0, n - n_artists), p=weights / weights.sum())
    owners = np.concatenate([np.arange(n_artists), extra])[:n]
    nrng.shuffle(owners)
    pop = np.array([artist_pop[a] for a in owners]) * nrng.uniform(0.4, 1.0, size=n)
    order = np.argsort(-pop, kind="stable")
    rows, slugs_by_artist = [], {}
    for rank, k in enumerate(order):
        artist = int(owners[k])
        kind = rng.random()
        rtype, count = (("Album", rng.randint(9, 20)) if kind < 0.6 else
                        ("Single", rng.randint(1, 3)) if kind < 0.85 else ("EP", rng.randint(4, 6)))
        title = rng.choice(words.LOVE_TITLES) if rank % 15 == 7 else _title(rng)
        version = rng.choice(words.VERSIONS) if rng.random() < 0.1 else ""
        age = rng.randint(0, 60) if rng.random() < 0.06 else int(rng.random() ** 1.7 * 365 * 60)
        price_tier = 0 if rng.random() < 0.03 else rng.randint(1, 4)
        slug = _unique_slug(title, slugs_by_artist.setdefault(artist, set()))
        rows.append((RELEASE_BASE + rank, ARTIST_BASE + artist, title, version, rtype, ean13(rng), age,
                     rng.randint(0, 20), rng.randint(1, n_labels), int(rng.random() < 0.08),
                     round(float(pop[k]), 2), price_tier, int(price_tier > 0 and rng.random() < 0.1),
                     count, 0, slug))
    return rows


def _countries(rng: random.Random, low: int, high: int) -> str:
    """A few territories as the catalogue stores them: "CH,DE,GB"."""
    return ",".join(sorted(rng.sample(TERRITORIES, rng.randint(low, high))))


def _availability(release_rows: list[tuple], rng: random.Random) -> None:
    """Give every release (not_sold, no_preview, preview_days) and the box sets their size, in place.

    Drawn from their own random stream, so the rest of the catalogue is what it was before."""
    for i, row in enumerate(release_rows):
        rid = row[0]
        rtype, version, count = row[4], row[3], row[13]
        not_sold = no_preview = ""
        preview_days = 0
        if rtype == "EP":       # no such type on the real service: its EPs are sold as singles
            rtype = "Single"
        elif rtype == "Album" and rng.random() < 0.04:
            rtype = "Exclusive"
        draw = rng.random()
        if i >= OPEN_EVERYWHERE and rid not in BOX_SETS:
            if draw < RESTRICTED_SHARE * 0.6:
                not_sold = _countries(rng, 1, 5)
            elif draw < RESTRICTED_SHARE * 0.85:
                no_preview = _countries(rng, 1, 5)
            elif draw < RESTRICTED_SHARE:
                not_sold = no_preview = _countries(rng, 1, 4)
            elif draw < RESTRICTED_SHARE + UPCOMING_SHARE:
                preview_days = rng.randint(1, 30)
        if rid == NOT_SOLD_IN_GB:
            not_sold, no_preview, preview_days = "GB", "", 0
        elif rid == NO_PREVIEW_IN_GB:
            not_sold, no_preview, preview_days = "", "GB", 0
        elif rid == UPCOMING_PREVIEW:
            not_sold, no_preview, preview_days = "", "", UPCOMING_DAYS
        elif rid in BOX_SETS:
            rtype, version, count = "Album", "Box Set", rng.randint(60, 120)
        release_rows[i] = (*row[:3], version, rtype, *row[5:13], count, *row[14:16], not_sold, no_preview,
                           preview_days)


def _tracks(db, rng, nrng, release_rows, n_target) -> None:
    import numpy as np

    artist_names = [r[0] for r in db.execute("SELECT name FROM artists ORDER BY id")]
    counts = np.array([r[13] for r in release_rows])
    # Scale track counts towards the target total while keeping every release within 1-20 tracks.
    scale = n_target / max(1, counts.sum())
    counts = np.clip(np.rint(counts * scale), 1, 20).astype(np.int64)
    for i, row in enumerate(release_rows):
        if row[0] in BOX_SETS:
            counts[i] = row[13]
    total = int(counts.sum())
    rel_index = np.repeat(np.arange(len(release_rows)), counts)
    position = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts) + 1
    rel_pop = np.array([r[10] for r in release_rows])[rel_index]
    pop = rel_pop * nrng.uniform(0.3, 1.0, size=total) * np.where(position == 1, 1.0, 0.9)
    track_id = np.empty(total, dtype=np.int64)
    track_id[np.argsort(-pop, kind="stable")] = TRACK_BASE + np.arange(total)
    durations = np.clip(nrng.normal(235, 60, size=total), 95, 540).astype(np.int64)

    releases_fixed, batch, k = [], [], 0
    for r_i, row in enumerate(release_rows):
        n = int(counts[r_i])
        discs = 1 if n <= 15 else 2 if n <= 20 else -(-n // 20)
        per_disc = -(-n // discs)
        length = 0
        isrc_prefix = f"{rng.choice(('GB', 'US', 'DE', 'FR', 'SE', 'ES'))}{rng.choice('ABCDEFGHJK')}" \
                      f"{rng.choice('LMNPQRSTUV')}{rng.randrange(10)}{rng.randrange(100):02d}"
        for p in range(1, n + 1):
            if row[4] == "Single" and row[13] <= 3 and p == 1:    # (4-6 tracks: an EP, see _availability)
                title = row[2]
            elif k % 40 == 11:
                title = rng.choice(words.LOVE_TITLES)
            else:
                title = _title(rng)
            if rng.random() < 0.04 and p > 1:   # a guest from elsewhere in the catalogue
                title += f" (feat. {artist_names[rng.randrange(len(artist_names))]})"
            version = rng.choice(("Radio Edit", "Live", "Remix", "Acoustic")) if rng.random() < 0.05 else ""
            duration = int(durations[k])
            length += duration
            price_tier = 0 if row[11] == 0 else (2 if rng.random() < 0.8 else rng.choice((1, 3)))
            batch.append((int(track_id[k]), row[0], row[1], title, version, p, (p - 1) // per_disc + 1,
                          (p - 1) % per_disc + 1, duration, f"{isrc_prefix}{k % 100000:05d}",
                          int(row[9] and rng.random() < 0.5), round(float(pop[k]), 3), price_tier,
                          int(price_tier > 0 and row[12] == 1)))
            k += 1
        releases_fixed.append(row[:13] + (n, length) + row[15:])
        if len(batch) >= 50_000:
            db.executemany("INSERT INTO tracks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
            batch.clear()
    db.executemany("INSERT INTO tracks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
    db.executemany("INSERT INTO releases VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", releases_fixed)
    release_rows[:] = releases_fixed


def _tags_and_similar(db, rng, n_artists, release_rows) -> None:
    tag_ids = [t[0] for t in words.TAGS]
    db.executemany("INSERT INTO tags VALUES (?, ?, ?, 0)",
                   [(slug, text, i) for i, (slug, text) in enumerate(words.TAGS + words.DECADE_TAGS)])
    weights = [1.0 / (1 + i * 0.25) for i in range(len(tag_ids))]
    artist_tags, primary = {}, {}
    for i in range(n_artists):
        chosen = rng.choices(tag_ids, weights=weights, k=3)[: rng.randint(1, 3)]
        artist_tags[ARTIST_BASE + i] = list(dict.fromkeys(chosen))
        primary[ARTIST_BASE + i] = chosen[0]
    db.executemany("INSERT INTO artist_tags VALUES (?, ?)",
                   [(a, t) for a, tags in artist_tags.items() for t in tags])
    release_tags = []
    for row in release_rows:
        year = 2026 - row[6] // 365
        decade = "2020s" if year >= 2020 else "2010s" if year >= 2010 else "2000s" if year >= 2000 else \
            f"{(year // 10 % 10) * 10}s"
        for tag in artist_tags[row[1]] + ([decade] if decade in dict(words.DECADE_TAGS) else []):
            release_tags.append((tag, row[0]))
    db.executemany("INSERT OR IGNORE INTO release_tags VALUES (?, ?)", release_tags)
    db.execute("UPDATE tags SET count = (SELECT count(*) FROM release_tags WHERE tag_id = tags.id)")

    by_tag: dict[str, list[int]] = {}
    for artist, tag in primary.items():
        by_tag.setdefault(tag, []).append(artist)
    position = {a: i for group in by_tag.values() for i, a in enumerate(group)}
    similar = []
    for artist, tag in primary.items():
        group, pos = by_tag[tag], position[artist]
        neighbours = [a for a in group[max(0, pos - 6): pos + 7] if a != artist]
        rng.shuffle(neighbours)
        similar += [(artist, rank + 1, other) for rank, other in enumerate(neighbours[:8])]
    db.executemany("INSERT INTO similar VALUES (?, ?, ?)", similar)
