"""Media: track/preview (302 or <url>), track/streampreview, the signed clip/{id} route, clips/, images,
and the pre-signed full-track downloads of the locker (media/user/downloadtrack)."""
from __future__ import annotations

import re

from app.sandbox import downloads, xmlout
from app.sandbox.covers import RenderBusy
from app.sandbox.media import serve_bytes, serve_clip
from app.sandbox.routes import params, route
from app.sandbox.web import ApiFailure, OAuthFailure, Response
from app.sandbox.xmlout import leaf

_CLIP = re.compile(r"^clip/(\d+)$")
_OLD_CLIP = re.compile(r"^clips/\d+/(\d+)\.clip\.mp3$")
_IMAGE = re.compile(r"^static/img/(sleeveart|artistimages)/\d{2}/\d{3}/\d{3}/(\d{10})_(\d{1,5})\.jpg$")
RETRY_AFTER = "1"   # seconds, when every cover drawing slot is taken


def _track_id(app, req) -> int:
    track_id = params.item_id(req, "trackId")
    if app.catalogue.track(track_id) is None:
        raise ApiFailure(2001, "Track not found")
    return track_id


@route("track/preview")
def preview(app, req):
    url = f"{req.host_url}/clips/34/{_track_id(app, req)}.clip.mp3"
    if (req.get("redirect") or "").strip().lower() == "false":
        return Response.xml(leaf("url", url), req.version)
    return Response.redirect(url)


@route("track/streampreview")
def stream_preview(app, req):
    return serve_clip(req, app.media.clips.open(_track_id(app, req)))


def handle_root(app, req) -> Response | None:
    """Routes outside /1.2/; None when the path is not one of them."""
    path = req.api_path
    if match := _CLIP.match(path):
        # Media players re-request the same signed URL (Range), so its nonce is not remembered.
        app.checker.verify(req, remember_nonce=False)
        return _clip(app, req, params.path_id(match.group(1)))
    if match := _OLD_CLIP.match(path):
        return _clip(app, req, params.path_id(match.group(1)))
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


def _clip(app, req, track_id: int | None) -> Response:
    clip = None if track_id is None else app.media.clips.open(track_id)
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
