"""Media: track/preview (302 or <url>), track/streampreview, the signed clip/{id} route, clips/, images,
and the pre-signed full-track downloads of the locker (media/user/downloadtrack)."""
from __future__ import annotations

import re

from app.sandbox import downloads, pricing, xmlout
from app.sandbox.clips import ClipFailed
from app.sandbox.covers import RenderBusy
from app.sandbox.media import serve_bytes, serve_clip
from app.sandbox.routes import params, route
from app.sandbox.routes.basket import NOT_AVAILABLE
from app.sandbox.store import Availability
from app.sandbox.web import ApiFailure, OAuthFailure, Response
from app.sandbox.xmlout import leaf

_CLIP = re.compile(r"^clip/(\d+)$")
_OLD_CLIP = re.compile(r"^clips/(\d{1,6})/(\d+)\.clip\.mp3$")
_IMAGE = re.compile(r"^static/img/(sleeveart|artistimages)/\d{2}/\d{3}/\d{3}/(\d{10})_(\d{1,5})\.jpg$")
RETRY_AFTER = "1"   # seconds, when every cover drawing slot is taken


def _track_id(app, req) -> int:
    track_id = params.item_id(req, "trackId")
    if app.catalogue.track(track_id) is None:
        raise ApiFailure(2001, "Track not found")
    return track_id


def _no_preview(app, row, store: pricing.Store) -> str | None:
    """Why a track's clip can't be played in `store` now (None: it can): not previewable in that
    country, or its previewDate is still to come."""
    today = app.today()
    available = Availability(row, store.country, today, track=True)
    if not available.previewable:
        return f"{NOT_AVAILABLE}: no preview of track {row['id']} in {store.country}"
    if not available.preview_open(today):
        return f"{NOT_AVAILABLE}: the preview of track {row['id']} opens on {available.preview_date.isoformat()}"
    return None


def _previewable_track_id(app, req) -> int:
    track_id = _track_id(app, req)
    refusal = _no_preview(app, app.catalogue.track(track_id), app.store_of(req))
    if refusal:
        raise ApiFailure(2002, refusal)
    return track_id


@route("track/preview")
def preview(app, req):
    track_id = _previewable_track_id(app, req)
    # The clip of the request's store, as the real service points at clips/{shopId}/ (34 = UK).
    url = f"{req.host_url}/clips/{app.store_of(req).shop_id}/{track_id}.clip.mp3"
    if (req.get("redirect") or "").strip().lower() == "false":
        return Response.xml(leaf("url", url), req.version)
    return Response.redirect(url)


@route("track/streampreview")
def stream_preview(app, req):
    return _serve_preview(app, req, _previewable_track_id(app, req))


def handle_root(app, req) -> Response | None:
    """Routes outside /1.2/; None when the path is not one of them."""
    path = req.api_path
    if match := _CLIP.match(path):
        # Media players re-request the same signed URL (Range), so its nonce is not remembered.
        app.checker.verify(req, remember_nonce=False)
        return _clip(app, req, params.path_id(match.group(1)), app.store_of(req))
    if match := _OLD_CLIP.match(path):
        shop_id = params.path_id(match.group(1))
        store = pricing.store_for_shop(shop_id) if shop_id else None
        if store is None:
            return Response.text(404, "Clip not found")
        return _clip(app, req, params.path_id(match.group(2)), store)
    if path == downloads.DOWNLOAD_PATH:
        return _download(app, req)
    if match := _IMAGE.match(path):
        return _image(app, req, match.group(1), params.path_id(match.group(2)), int(match.group(3)))
    return None


def _image(app, req, kind: str, item_id: int | None, size: int) -> Response:
    try:
        data = None if item_id is None else app.media.cover(kind, item_id, size)
    except RenderBusy:
        return Response(503, b"Busy drawing covers: try again in a moment", "text/plain; charset=utf-8",
                        [("Retry-After", RETRY_AFTER)])
    return Response.text(404, "Image not found") if data is None else serve_bytes(req, data, "image/jpeg")


def _clip(app, req, track_id: int | None, store: pricing.Store) -> Response:
    row = None if track_id is None else app.catalogue.track(track_id)
    if row is None:
        return Response.text(404, "Clip not found")
    refusal = _no_preview(app, row, store)
    if refusal:
        return Response(403, xmlout.error_document(2002, refusal, req.version))
    return _serve_preview(app, req, track_id)


def _serve_preview(app, req, track_id: int) -> Response:
    try:
        clip = app.media.clips.open(track_id)
    except (downloads.EncodeBusy, ClipFailed):     # every encoding slot taken, or the store is closing
        return Response(503, b"Busy making previews: try again in a moment", "text/plain; charset=utf-8",
                        [("Retry-After", RETRY_AFTER)])
    return Response.text(404, "Clip not found") if clip is None else serve_clip(req, clip)


def _download(app, req) -> Response:
    """A bought track's full-length file, for its pre-signed URL (see app/sandbox/downloads.py)."""
    track_id = params.item_id(req, "trackId")
    format_id = params.integer(req, "formatId", downloads.DEFAULT_FORMAT)
    if format_id not in downloads.FORMATS:
        raise ApiFailure(1002, f"Value of parameter formatId is not valid: {req.get('formatId')}")
    # Checked on every request, Range re-requests of the same URL too: no single-use nonce.
    verified = app.checker.verify(req, three_legged=True, remember_nonce=False,
                                  timestamp_lifetime=downloads.URL_LIFETIME, stale=downloads.EXPIRED)
    token = app.accounts.access_token(verified.resource_owner_key)
    if token is None:
        raise OAuthFailure(401, "Invalid or expired token")
    if not app.shop.bought(token.user_id, track_id):
        return Response(403, xmlout.error_document(2002, f"{downloads.NOT_PURCHASED}: {track_id}", req.version))
    try:
        opened = app.media.tracks.open(track_id, format_id)
    except downloads.EncodeBusy:
        return Response(503, b"Busy encoding downloads: try again in a moment", "text/plain; charset=utf-8",
                        [("Retry-After", downloads.RETRY_AFTER)])
    if opened is None:
        return Response.text(404, "Track not found")
    return serve_clip(req, opened)
