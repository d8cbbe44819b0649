"""The sandbox's XML, written as strings (escaped here) in the classic 1.2 element structure.

Built independently of the client's parser on purpose: a shared model would hide a client bug.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

from app.sandbox import pricing
from app.sandbox.store import Availability, release_date

SCHEMA_LOCATION = "http://api.7digital.com/1.2/static/7digitalAPI.xsd"
WEB = "http://www.7digital.com"
PARTNER = "1401"


def _text(value) -> str:
    text = str(value)
    # Most values are numbers, dates and plain words: skip the escaping work when nothing needs it.
    return escape(text) if ("&" in text or "<" in text or ">" in text) else text


def leaf(tag: str, value=None, attrs: dict | None = None) -> str:
    """`<tag attr="…">text</tag>` with text and attributes escaped; `<tag/>` when empty."""
    head = tag + "".join(f" {k}={quoteattr(str(v))}" for k, v in attrs.items()) if attrs else tag
    if value is None or value == "":
        return f"<{head}/>"
    return f"<{head}>{_text(value)}</{tag}>"


def node(tag: str, children, attrs: dict | None = None) -> str:
    """`<tag>children</tag>`; children are already-serialised XML strings."""
    head = tag + "".join(f" {k}={quoteattr(str(v))}" for k, v in (attrs or {}).items())
    return f"<{head}>{''.join(children)}</{tag}>"


def document(content: str, version: str = "1.2", status: str = "ok") -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<response xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
            f'status="{status}" version="{escape(version)}" '
            f'xsi:noNamespaceSchemaLocation="{SCHEMA_LOCATION}">{content}</response>').encode("utf-8")


def error_document(code: int, message: str, version: str = "1.2") -> bytes:
    return document(node("error", [leaf("errorMessage", message)], {"code": code}), version, "error")


def paging(page: int, page_size: int, total: int) -> list[str]:
    return [leaf("page", page), leaf("pageSize", page_size), leaf("totalItems", total)]


def boolean(flag) -> str:
    return "true" if flag else "false"


def iso(day: date, time: str = "00:00:00") -> str:
    return f"{day.isoformat()}T{time}Z"


def image_path(kind: str, item_id: int, size: int) -> str:
    """7digital's layout: id 0000320866 → sleeveart/00/003/208/0000320866_50.jpg."""
    digits = f"{item_id:010d}"
    return f"static/img/{kind}/{digits[0:2]}/{digits[2:5]}/{digits[5:8]}/{digits}_{size}.jpg"


@dataclass(frozen=True, slots=True)
class View:
    """What a response depends on besides the rows: where images live, the store, sizes, today."""
    catalogue: str          # which catalogue file the rows come from (part of the render cache key)
    root_url: str
    store: pricing.Store
    image_size: int = 50
    artist_image_size: int = 150
    today: date = field(default_factory=date.today)
    key: str = field(init=False, repr=False, compare=False)   # a str hashes once: the render cache key

    def __post_init__(self):
        object.__setattr__(self, "key", f"{self.catalogue}|{self.root_url}|{self.store.country}|"
                                        f"{self.image_size}|{self.artist_image_size}|{self.today}")

    def release_image(self, release_id: int) -> str:
        return self.root_url + image_path("sleeveart", release_id, self.image_size)

    def artist_image(self, artist_id: int) -> str:
        return self.root_url + image_path("artistimages", artist_id, self.artist_image_size)


def artist_url(slug: str) -> str:
    return f"{WEB}/artist/{slug}/?partner={PARTNER}"


def release_url(artist_slug: str, release_slug: str, release_id: int) -> str:
    """The 2014+ web link shape, id last: /artist/keane/release/perfect-symmetry-320866/."""
    return f"{WEB}/artist/{artist_slug}/release/{release_slug}-{release_id}/?partner={PARTNER}"


@lru_cache(maxsize=4096)
def price(p: pricing.Price) -> str:
    parts = [leaf("currency", p.store.symbol, {"code": p.store.currency}), leaf("value", pricing.plain(p.value)),
             leaf("formattedPrice", p.formatted)]
    if p.value is not None:
        parts += [leaf("rrp", pricing.plain(p.rrp)), leaf("formattedRrp", p.formatted_rrp)]
    parts.append(leaf("onSale", boolean(p.on_sale)))
    return node("price", parts)


FORMAT_MP3 = node("format", [leaf("fileFormat", "MP3"), leaf("bitRate", 320), leaf("drmFree", "true")], {"id": 17})
_FORMATS = node("formats", [FORMAT_MP3], {"availableDrmFree": "true"})
_PACKAGE_FORMATS = node("formats", [node("format", [leaf("description", "MP3 320")], {"id": 17})])


@lru_cache(maxsize=256)      # a page needs <= 50; more only grows the app's memory (keyed by release day)
def download(p: pricing.Price, released: date, track: bool) -> str:
    if p.value is None:
        return ""
    package_price = node("price", [leaf("currencyCode", p.store.currency),
                                   leaf("sevendigitalPrice", pricing.plain(p.value)),
                                   leaf("recommendedRetailPrice", pricing.plain(p.rrp))])
    extra = [node("format", [leaf("description", "MP3 320")], {"id": 17})] if track else []
    package = node("package", [leaf("description", "standard"), package_price, *extra, _PACKAGE_FORMATS],
                   {"id": 2})
    return node("download", [leaf("releaseDate", iso(released)), node("packages", [package])])


@lru_cache(maxsize=256)      # keyed by artist: more only grows the app's memory page after page
def nested_artist(artist_id: int, name: str, slug: str) -> str:
    return node("artist", [leaf("name", name), leaf("appearsAs", name), leaf("url", artist_url(slug))],
                {"id": artist_id})


def artist(row, view: View, bio: str | None = None) -> str:
    parts = [leaf("name", row["name"]), leaf("sortName", row["sort_name"]), leaf("url", artist_url(row["slug"])),
             leaf("image", view.artist_image(row["id"])), leaf("popularity", row["popularity"])]
    if bio is not None:
        parts.append(node("bio", [leaf("text", bio)]))
    return node("artist", parts, {"id": row["id"]})


_rendered: dict[tuple, str] = {}
_rendered_lock = threading.Lock()
# ~2 KB each. Enough for the pages of a search typed letter by letter (50 items each, mostly the same
# ones); at 8,000 the cache grew the app's memory by ~0.7 MB for every 30 release pages opened, for
# hundreds of pages (the store runs in the app's process; bench/pages_memory.py --attribute).
RENDER_CACHE_SIZE = 512


def _memo(kind: str, render):
    """Cache rendered items by (id, view): a catalogue row never changes, so neither does its XML."""
    def cached(row, view: View) -> str:
        key = (kind, row["id"], view.key)
        found = _rendered.get(key)
        if found is None:
            found = render(row, view)
            with _rendered_lock:          # serving threads share it: evict the oldest, one at a time
                _rendered[key] = found
                while len(_rendered) > RENDER_CACHE_SIZE:
                    del _rendered[next(iter(_rendered))]
        return found
    cached.__doc__ = render.__doc__
    return cached


def preview_date(available: Availability) -> str:
    """`<previewDate>`: when previews open (a future day: not yet); nil where there are none."""
    if not available.previewable:
        return leaf("previewDate", None, {"xsi:nil": "true"})
    return leaf("previewDate", iso(available.preview_date))


def _release(row, view: View) -> str:
    released = release_date(row["age_days"], view.today)
    available = Availability(row, view.store.country, view.today)
    # Not sold in this store: no price (N/A) and no download package, as the real service lists them.
    tier = row["price_tier"] if available.sold else 0
    p = pricing.price(view.store, tier, bool(row["on_sale"]), release=True)
    return node("release", [
        leaf("title", row["title"]), leaf("version", row["version"]), leaf("type", row["type"]),
        leaf("barcode", row["barcode"]), leaf("year", released.year), leaf("explicitContent", boolean(row["explicit"])),
        nested_artist(row["artist_id"], row["artist_name"], row["artist_slug"]),
        leaf("url", release_url(row["artist_slug"], row["slug"], row["id"])), leaf("image", view.release_image(row["id"])),
        leaf("releaseDate", iso(released)),
        leaf("addedDate", iso(released - timedelta(days=row["added_lag"]), "10:00:00")),
        price(p), download(p, released, track=False), _FORMATS,
        node("label", [leaf("name", row["label_name"])], {"id": row["label_id"]}),
        node("licensor", [leaf("name", row["label_name"])], {"id": row["label_id"]}),
        leaf("popularity", row["popularity"]), leaf("streamingReleaseDate", iso(released)), preview_date(available),
        leaf("duration", row["duration"]), leaf("trackCount", row["track_count"]),
    ], {"id": row["id"]})


def _track(row, view: View) -> str:
    released = release_date(row["r_age_days"], view.today)
    available = Availability(row, view.store.country, view.today, track=True)
    p = pricing.price(view.store, row["price_tier"] if available.sold else 0, bool(row["on_sale"]), release=False)
    artist_xml = nested_artist(row["artist_id"], row["artist_name"], row["artist_slug"])
    url = release_url(row["artist_slug"], row["r_slug"], row["release_id"])
    nested_release = node("release", [
        leaf("title", row["r_title"]), leaf("version", row["r_version"]), leaf("type", row["r_type"]),
        leaf("barcode", row["r_barcode"]), leaf("year", released.year), artist_xml, leaf("url", url),
        leaf("image", view.release_image(row["release_id"])), leaf("releaseDate", iso(released)), _FORMATS,
        leaf("popularity", row["r_popularity"]),
    ], {"id": row["release_id"]})
    return node("track", [
        leaf("title", row["title"]), leaf("version", row["version"]), artist_xml,
        leaf("trackNumber", row["position"]), leaf("duration", row["duration"]),
        leaf("explicitContent", boolean(row["explicit"])), leaf("isrc", row["isrc"]), leaf("type", "audio"),
        nested_release, leaf("url", f"{url}&h={row['position']:02d}"), price(p),
        leaf("streamingReleaseDate", iso(released)), leaf("discNumber", row["disc"]), _FORMATS,
        leaf("number", row["number"]), preview_date(available), download(p, released, track=True),
        leaf("popularity", row["popularity"]),
    ], {"id": row["id"]})


release = _memo("release", _release)
track = _memo("track", _track)


def tag(row, with_count: bool = False) -> str:
    parts = [leaf("text", row["text"]), leaf("url", f"{WEB}/tags/{row['id']}?partner={PARTNER}")]
    if with_count:
        parts.append(leaf("count", row["count"]))
    return node("tag", parts, {"id": row["id"]})
