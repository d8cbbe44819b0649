"""Media: track/preview (302 or <url>), track/streampreview, the signed clip/{id} route, clips/, images."""
from __future__ import annotations

import re

from app.sandbox.media import serve_bytes, serve_clip
from app.sandbox.routes import route
from app.sandbox.web import ApiFailure, Response
from app.sandbox.xmlout import leaf

_CLIP = re.compile(r"^clip/(\d+)$")
_OLD_CLIP = re.compile(r"^clips/\d+/(\d+)\.clip\.mp3$")
_IMAGE = re.compile(r"^static/img/(sleeveart|artistimages)/\d{2}/\d{3}/\d{3}/(\d{10})_(\d+)\.jpg$")


def _track_id(app, req) -> int:
    track_id = req.int_param("trackId", minimum=1)
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
        return _clip(app, req, int(match.group(1)))
    if match := _OLD_CLIP.match(path):
        return _clip(app, req, int(match.group(1)))
    if path == "media/user/downloadtrack":
        return _clip(app, req, req.int_param("trackId", minimum=1))
    if match := _IMAGE.match(path):
        data = app.media.cover(match.group(1), int(match.group(2)), int(match.group(3)))
        return Response.text(404, "Image not found") if data is None else serve_bytes(req, data, "image/jpeg")
    return None


def _clip(app, req, track_id: int) -> Response:
    clip = app.media.clips.open(track_id)
    return Response.text(404, "Clip not found") if clip is None else serve_clip(req, clip)
