"""Pasted 7digital web links → the app's own locations (`artist:<id>`, `release:<id>`).

Links come in several eras: `/artists/<artist>/<release>/` (2009-2013, slugs only),
`/artist/<artist>/release/<release>-<id>` (2014+, id at the end), regional hosts such as
`uk.7digital.com`, and preview clip links `previews.7digital.com/clip/<trackId>`. Slug-only links
are resolved by searching for the slug's words and matching the link the store returns.
Everything here is Qt-free; `resolve` does network I/O and runs on a worker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

_LOCATION = re.compile(r"^(artist|release|tag|search):(.+)$")
_TRAILING_ID = re.compile(r"-(\d{3,})$")
_DEDUPE_SUFFIX = re.compile(r"-\d{1,2}$")


@dataclass(frozen=True, slots=True)
class StoreLink:
    """What a pasted link names; `location` is set when no lookup is needed."""

    location: str | None = None
    artist_slug: str | None = None
    release_slug: str | None = None
    track_id: str | None = None


def parse_store_link(text: str) -> StoreLink | None:
    """A StoreLink if `text` is a 7digital link (or an app location), else None."""
    text = text.strip()
    match = _LOCATION.match(text)
    if match and " " not in text:
        return StoreLink(location=text)
    if " " in text or "7digital" not in text.lower() and "7static" not in text.lower():
        return None
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    if not host.endswith("7digital.com"):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if host.startswith("previews.") and len(segments) >= 2 and segments[0] == "clip":
        return StoreLink(track_id=segments[1]) if segments[1].isdigit() else None
    if not segments or segments[0].lower() not in ("artist", "artists"):
        return None
    rest = segments[1:]
    if not rest:
        return None
    artist_slug = rest[0].lower()
    release_slug = None
    if len(rest) >= 3 and rest[1].lower() == "release":
        release_slug = rest[2].lower()
    elif len(rest) >= 2 and rest[1].lower() not in ("release", "releases"):
        release_slug = rest[1].lower()
    if release_slug:
        trailing = _TRAILING_ID.search(release_slug)
        if trailing:
            return StoreLink(location=f"release:{trailing.group(1)}")
    return StoreLink(artist_slug=artist_slug, release_slug=release_slug)


def resolve(client, link: StoreLink) -> str | None:
    """The location `link` names, looking it up in the store if needed (network: run off-thread)."""
    if link.location:
        return link.location
    if link.track_id:
        track = client.track(link.track_id)
        release = getattr(track, "release", None)
        return f"release:{release.id}" if release is not None else None
    if link.release_slug:
        words = f"{_words(link.artist_slug)} {_words(link.release_slug)}".strip()
        page = client.search_releases(words, 1, 20)
        best = _best(page.items, link.release_slug, lambda r: getattr(r.artist, "name", ""),
                     link.artist_slug)
        if best is not None:
            return f"release:{best.id}"
    if link.artist_slug:
        page = client.search_artists(_words(link.artist_slug), 1, 20)
        best = _best(page.items, link.artist_slug, None, None)
        if best is not None:
            return f"artist:{best.id}"
    return None


def _words(slug: str | None) -> str:
    return _DEDUPE_SUFFIX.sub("", slug or "").replace("-", " ").strip()


def _slug_of(url: str | None) -> list[str]:
    return [s.lower() for s in urlsplit(url or "").path.split("/") if s]


def _best(items, slug: str, artist_name_of, artist_slug: str | None):
    """The item whose own link ends in `slug`; else the first whose name matches the words."""
    for item in items:
        # 2016+ answers carry <slug> instead of <url>: either names the item
        own = getattr(item, "slug", None)
        if slug in _slug_of(getattr(item, "url", None)) or (own and own.lower() == slug):
            return item
    words = _words(slug).lower()
    for item in items:
        name = (getattr(item, "title", None) or getattr(item, "name", "") or "").lower()
        if name == words and (artist_name_of is None or not artist_slug
                              or artist_name_of(item).lower() == _words(artist_slug).lower()):
            return item
    return items[0] if items else None
