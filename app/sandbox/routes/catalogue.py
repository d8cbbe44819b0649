"""Catalogue endpoints: artist/*, release/*, track/*, tag, countries."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from app.sandbox import pricing, words, xmlout
from app.sandbox.generate import RELEASE_TYPES
from app.sandbox.routes import params, route
from app.sandbox.store import release_date
from app.sandbox.web import ApiFailure, Request, Response, check_page
from app.sandbox.xmlout import leaf, node, paging

# The later API's usage types (API-NOTES §1): every release here is sold as a download and may stream.
USAGE_TYPES = ("download", "subscriptionstreaming", "adsupportedstreaming")


def _release_type(req: Request) -> str | None:
    """`type`: one of the real service's release types (1002 otherwise); `usageTypes` is checked too."""
    params.choices(req, "usageTypes", USAGE_TYPES)
    return params.choice(req, "type", RELEASE_TYPES)


def _paged(req: Request, tag: str, total: int, items: list[str], page: int, size: int, extra=()) -> Response:
    check_page(page, size, total)
    return Response.xml(node(tag, [*paging(page, size, total), *extra, *items]), req.version)


def _search_results(req: Request, kind: str, total: int, items: list[str], page: int, size: int) -> Response:
    offset = (page - 1) * size
    results = [node("searchResult", [leaf("type", kind), leaf("score", round(10.0 / (offset + i + 1) ** 0.5, 4)), x])
               for i, x in enumerate(items)]
    return _paged(req, "searchResults", total, results, page, size)


def _artist_row(app, req):
    row = app.catalogue.artist(params.item_id(req, "artistId"))
    if row is None:
        raise ApiFailure(2001, "Artist not found")
    return row


def _release_row(app, req):
    row = app.catalogue.release(params.item_id(req, "releaseId"))
    if row is None:
        raise ApiFailure(2001, "Release not found")
    return row


@route("artist/search")
def artist_search(app, req):
    page, size = params.paging(req)
    total, rows = app.catalogue.search_artists(req.require("q"), (page - 1) * size, size)
    view = app.view(req)
    return _search_results(req, "artist", total, [xmlout.artist(r, view) for r in rows], page, size)


@route("release/search")
def release_search(app, req):
    page, size = params.paging(req)
    total, rows = app.catalogue.search_releases(req.require("q"), (page - 1) * size, size, _release_type(req))
    view = app.view(req)
    return _search_results(req, "release", total, [xmlout.release(r, view) for r in rows], page, size)


@route("track/search")
def track_search(app, req):
    params.choices(req, "usageTypes", USAGE_TYPES)
    page, size = params.paging(req)
    total, rows = app.catalogue.search_tracks(req.require("q"), (page - 1) * size, size)
    _previews_ahead(app)
    view = app.view(req)
    return _search_results(req, "track", total, [xmlout.track(r, view) for r in rows], page, size)


@route("artist/browse")
def artist_browse(app, req):
    page, size = params.paging(req)
    total, rows = app.catalogue.browse_artists(req.require("letter"), (page - 1) * size, size)
    view = app.view(req)
    return _paged(req, "artists", total, [xmlout.artist(r, view) for r in rows], page, size)


def _bio(app, row) -> str:
    tags = app.catalogue.artist_tags(row["id"])
    total, releases = app.catalogue.artist_releases(row["id"], 0, 500)
    oldest = max((r["age_days"] for r in releases), default=0)
    kind = "band" if row["name"].startswith(("The ", "Les ", "Los ", "Die ")) or " & " in row["name"] else "artist"
    template = words.BIO_TEMPLATES[int(row["bio"]) % len(words.BIO_TEMPLATES)]
    q = words.BIO_QUALITIES
    genre = (tags[0]["text"] if tags else "pop").lower()
    return template.format(name=row["name"], genre=genre, a_genre=words.with_article(genre), kind=kind,
                           city=row["city"], year=release_date(oldest, app.today()).year,
                           records=words.counted(total, "record"), releases=words.counted(total, "release"),
                           quality=q[row["id"] % len(q)], quality2=q[(row["id"] // 7 + 3) % len(q)])


@route("artist/details")
def artist_details(app, req):
    row = _artist_row(app, req)
    return Response.xml(xmlout.artist(row, app.view(req), bio=_bio(app, row)), req.version)


@route("artist/releases")
def artist_releases(app, req):
    row = _artist_row(app, req)
    page, size = params.paging(req)
    total, rows = app.catalogue.artist_releases(row["id"], (page - 1) * size, size, _release_type(req))
    view = app.view(req)
    return _paged(req, "releases", total, [xmlout.release(r, view) for r in rows], page, size)


@route("artist/toptracks")
def artist_top_tracks(app, req):
    row = _artist_row(app, req)
    page, size = params.paging(req)
    total, rows = app.catalogue.top_tracks(row["id"], (page - 1) * size, size)
    _previews_ahead(app)
    view = app.view(req)
    return _paged(req, "tracks", total, [xmlout.track(r, view) for r in rows], page, size)


@route("artist/similar")
def artist_similar(app, req):
    row = _artist_row(app, req)
    page, size = params.paging(req)
    total, rows = app.catalogue.similar(row["id"], (page - 1) * size, size)
    view = app.view(req)
    return _paged(req, "artists", total, [xmlout.artist(r, view) for r in rows], page, size)


@route("artist/tags")
def artist_tags(app, req):
    tags = app.catalogue.artist_tags(_artist_row(app, req)["id"])
    return _paged(req, "tags", len(tags), [xmlout.tag(t) for t in tags], 1, max(10, len(tags)))


@route("release/tags")
def release_tags(app, req):
    tags = app.catalogue.release_tags(_release_row(app, req)["id"])
    return _paged(req, "tags", len(tags), [xmlout.tag(t) for t in tags], 1, max(10, len(tags)))


@route("tag")
def tag_list(app, req):
    page, size = params.paging(req)
    total, rows = app.catalogue.tags((page - 1) * size, size)
    return _paged(req, "tags", total, [xmlout.tag(t, with_count=True) for t in rows], page, size)


def _tags_param(app, req) -> list[str]:
    wanted = [t.strip().lower() for t in req.require("tags").split(",") if t.strip()]
    known = app.catalogue.known_tags(wanted)
    if not known:
        raise ApiFailure(2001, "None of the provided tag(s) exist.")
    return known


def _tagged(req, kind: str, total: int, items: list[str], page: int, size: int) -> Response:
    tagged = [node("taggedItem", [x]) for x in items]
    return _paged(req, "taggedResults", total, tagged, page, size, extra=[leaf("type", kind)])


@route("artist/bytag/top")
def artist_by_tag(app, req):
    tags = _tags_param(app, req)
    page, size = params.paging(req)
    total, rows = app.catalogue.artists_by_tags(tags, (page - 1) * size, size)
    view = app.view(req)
    return _tagged(req, "artist", total, [xmlout.artist(r, view) for r in rows], page, size)


@route("release/bytag/new", "release/bytag/top")
def release_by_tag(app, req):
    tags = _tags_param(app, req)
    page, size = params.paging(req)
    newest = req.api_path.endswith("/new")
    total, rows = app.catalogue.releases_by_tags(tags, newest, (page - 1) * size, size)
    view = app.view(req)
    return _tagged(req, "release", total, [xmlout.release(r, view) for r in rows], page, size)


@route("release/details")
def release_details(app, req):
    params.choices(req, "usageTypes", USAGE_TYPES)
    return Response.xml(xmlout.release(_release_row(app, req), app.view(req)), req.version)


@route("release/tracks")
def release_tracks(app, req):
    row = _release_row(app, req)
    params.choices(req, "usageTypes", USAGE_TYPES)
    page, size = params.paging(req)
    total, rows = app.catalogue.release_tracks(row["id"], (page - 1) * size, size)
    if app.prefetch_clips and page == 1:
        # The first clicks on a tracklist are its first tracks: have their clips ready, so the
        # first preview starts as fast as a file the real store has on disk.
        app.media.clips.prefetch([r["id"] for r in rows[:2]])
    view = app.view(req)
    return _paged(req, "tracks", total, [xmlout.track(r, view) for r in rows], page, size)


@route("release/recommend")
def release_recommend(app, req):
    row = _release_row(app, req)
    page, size = params.paging(req)
    total, rows = app.catalogue.recommend(row["id"], (page - 1) * size, size)
    view = app.view(req)
    items = [node("recommendedItem", [xmlout.release(r, view)]) for r in rows]
    return _paged(req, "recommendations", total, items, page, size)


@route("release/bydate")
def release_by_date(app, req):
    today = app.today()
    to_date = params.day(req, "toDate", today)
    from_date = params.day(req, "fromDate", to_date - timedelta(days=7))
    if from_date > to_date:
        raise ApiFailure(1002, "Value of parameter fromDate is not valid: after toDate")
    page, size = params.paging(req)
    total, rows = app.catalogue.releases_by_age((today - to_date).days, (today - from_date).days,
                                                (page - 1) * size, size)
    view = app.view(req)
    return _paged(req, "releases", total, [xmlout.release(r, view) for r in rows], page, size)


def _chart(app, req, kind: str, chart_type: str, render) -> Response:
    today = app.today()
    period = (req.get("period") or "week").strip().lower()
    if period not in ("day", "week", "month"):
        raise ApiFailure(1002, f"Value of parameter period is not valid: {period}")
    last_sunday = today - timedelta(days=(today.weekday() + 1) % 7)
    to_date = params.day(req, "toDate", today if period == "day" else last_sunday)
    span = {"day": 1, "week": 7, "month": 30}[period]
    entries = app.catalogue.chart(kind, to_date, period, today)
    page, size = params.paging(req)
    chosen = entries[(page - 1) * size: page * size]
    loader = {"artist": app.catalogue.artists, "release": app.catalogue.releases, "track": app.catalogue.tracks}
    rows = {r["id"]: r for r in loader[kind]([e[2] for e in chosen])}
    view = app.view(req)
    items = [node("chartItem", [leaf("position", pos), leaf("change", change), render(rows[i], view)])
             for pos, change, i in chosen if i in rows]
    extra = [leaf("type", chart_type), leaf("fromDate", xmlout.iso(to_date - timedelta(days=span - 1))),
             leaf("toDate", xmlout.iso(to_date))]
    return _paged(req, "chart", len(entries), items, page, size, extra=extra)


@route("artist/chart")
def artist_chart(app, req):
    return _chart(app, req, "artist", "artist", xmlout.artist)


@route("release/chart")
def release_chart(app, req):
    return _chart(app, req, "release", "album", xmlout.release)


@route("track/chart")
def track_chart(app, req):
    _previews_ahead(app)
    return _chart(app, req, "track", "track", xmlout.track)


def _previews_ahead(app) -> None:
    """A list of tracks is shown: their previews may be clicked next (see Clips.warm)."""
    if app.prefetch_clips:
        app.media.clips.warm()


@route("track/details")
def track_details(app, req):
    row = app.catalogue.track(params.item_id(req, "trackId"))
    if row is None:
        raise ApiFailure(2001, "Track not found")
    params.choices(req, "usageTypes", USAGE_TYPES)
    return Response.xml(xmlout.track(row, app.view(req)), req.version)


@route("countries")
def countries(app, req):
    """The recorded answer's shape: every store with its url, names and languages (pricing.STORES)."""
    items = []
    for store in pricing.STORES.values():
        languages = [node("language", [leaf("name", name), leaf("localName", local), leaf("url", f"http://{host}")])
                     for name, local, host in store.languages]
        items.append(node("country", [leaf("url", f"http://{store.host}"), leaf("name", store.name),
                                      leaf("localName", store.local_name), node("languages", languages)],
                          {"code": store.country}))
    return Response.xml(node("countries", items), req.version)


@route("country/resolve")
def country_resolve(app, req):
    """Every address resolves to the UK store here (loopback has no geography)."""
    address = req.require("ipaddress")
    return Response.xml(node("GeoIpLookup", [leaf("ipaddress", address), leaf("countryCode", "GB")]), req.version)


@route("status")
def status(app, req):
    now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None).isoformat() + "Z"
    return Response.xml(node("serviceStatus", [leaf("serverTime", now)]), req.version)
