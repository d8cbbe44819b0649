"""User endpoints (3-legged): user/details and user/locker."""
from __future__ import annotations

from app.sandbox import downloads, xmlout
from app.sandbox.routes import SIGNED_3L, params, route
from app.sandbox.store import release_date
from app.sandbox.web import Response, check_page
from app.sandbox.xmlout import leaf, node


@route("user/details", access=SIGNED_3L)
def details(app, req):
    user = app.accounts.user_by_id(req.user_id)
    return Response.xml(node("user", [leaf("type", "7digital"), leaf("emailAddress", user.email)], {"id": user.id}),
                        req.version)


def _locker_release(row, view) -> str:
    released = release_date(row["age_days"], view.today)
    return node("release", [
        leaf("title", row["title"]), leaf("version", row["version"]), leaf("type", row["type"]),
        leaf("barcode", row["barcode"]), leaf("year", released.year),
        xmlout.nested_artist(row["artist_id"], row["artist_name"], row["artist_slug"]),
        leaf("url", xmlout.release_url(row["artist_slug"], row["slug"], row["id"])), leaf("image", view.release_image(row["id"])),
        leaf("releaseDate", xmlout.iso(released)),
        node("licensor", [leaf("name", row["label_name"])], {"id": row["label_id"]}),
    ], {"id": row["id"]})


def _format(fmt: downloads.Format) -> str:
    return node("format", [leaf("fileFormat", fmt.file_format), leaf("bitRate", fmt.bit_rate), leaf("drmFree", "true")],
                {"id": fmt.id})


def _download_urls(row, view, sign) -> str:
    return node("downloadUrls", [
        node("downloadUrl", [leaf("url", sign(row["id"], row["release_id"], fmt.id)), _format(fmt)])
        for fmt in downloads.FORMATS.values()])


def _signer(app, req, view):
    """Pre-signs download URLs for the token that asked for the locker (see app/sandbox/downloads.py)."""
    token = req.access_token
    secret = app.accounts.consumers[token.consumer]
    return lambda track_id, release_id, format_id: downloads.sign_url(
        view.root_url, track_id, release_id, token.consumer, secret, token.token, token.secret, format_id)


def _locker_track(row, purchase, complete: bool, view, sign) -> str:
    url = xmlout.release_url(row["artist_slug"], row["r_slug"], row["release_id"])
    return node("lockerTrack", [
        node("track", [leaf("title", row["title"]), leaf("version", row["version"]),
                       xmlout.nested_artist(row["artist_id"], row["artist_name"], row["artist_slug"]),
                       leaf("trackNumber", row["position"]), leaf("duration", row["duration"]),
                       leaf("isrc", row["isrc"]), leaf("url", f"{url}&h={row['position']:02d}")], {"id": row["id"]}),
        leaf("remainingDownloads", 3), leaf("purchaseId", purchase.id),
        leaf("purchaseDate", purchase.date.isoformat().replace("+00:00", "Z")),
        leaf("completeAlbumPurchase", "true" if complete else "false"),
        _download_urls(row, view, sign),
    ])


# `sort` of user/locker: "<column> <direction>" (API-NOTES §1, the C# wrapper's LockerSortColumn).
SORT_COLUMNS = ("purchaseDate", "artistName", "releaseTitle")
SORTS = (*SORT_COLUMNS, *(f"{column} {way}" for column in SORT_COLUMNS for way in ("asc", "desc")))


def _sorted(app, entries, sort: str | None):
    """The locker in `sort` order; without one, most recently bought first (as before)."""
    if sort is None:
        return entries
    column, _, way = sort.partition(" ")
    if column == "purchaseDate":
        key = lambda e: max(p.date for _, p in e[1])
    else:
        rows = {r["id"]: r for r in app.catalogue.releases([rid for rid, _ in entries])}
        field = "artist_name" if column == "artistName" else "title"
        key = lambda e: (rows[e[0]][field].casefold() if e[0] in rows else "", e[0])
    return sorted(entries, key=key, reverse=way == "desc")


@route("user/locker", access=SIGNED_3L)
def locker(app, req):
    page, size = params.paging(req)
    entries = _sorted(app, app.shop.locker(req.user_id), params.choice(req, "sort", SORTS))
    check_page(page, size, len(entries))
    view = app.view(req)
    sign = _signer(app, req, view)
    chosen = entries[(page - 1) * size: page * size]
    releases = {r["id"]: r for r in app.catalogue.releases([rid for rid, _ in chosen])}
    items = []
    for release_id, bought in chosen:
        tracks = {t["id"]: t for t in app.catalogue.tracks([tid for tid, _ in bought])}
        ordered = sorted(bought, key=lambda tp: tracks[tp[0]]["position"] if tp[0] in tracks else 0)
        locker_tracks = [_locker_track(tracks[tid], p, release_id in p.complete_releases, view, sign)
                         for tid, p in ordered if tid in tracks]
        items.append(node("lockerRelease", [_locker_release(releases[release_id], view),
                                            node("lockerTracks", locker_tracks), leaf("available", "true")]))
    return Response.xml(node("locker", [node("lockerReleases", [*xmlout.paging(page, size, len(entries)), *items])]),
                        req.version)
