"""A download dropped mid-encode doesn't hold up the next request of the same track (the store's
encoder and media cache, app/sandbox/downloads.py)."""
from __future__ import annotations

import time

import requests

from tests.sandbox.helpers import buy_release, signed_in_user

RELEASE = 300004      # not in the demo user's seeded locker


def _forget(sandbox, track_id: int) -> None:
    from app.sandbox.downloads import DEFAULT_FORMAT, FORMATS

    tracks = sandbox.app.media.tracks
    tracks.cache.path(tracks._relative(track_id, FORMATS[DEFAULT_FORMAT])).unlink(missing_ok=True)


def _bought_and_uncached(sandbox, client) -> str:
    """The download URL of the longest track of a release bought now, not yet made by the store."""
    token, user = signed_in_user(client)
    buy_release(sandbox, client, token, RELEASE)
    entry = next(e for e in user.locker(page_size=50).items if e.release.id == RELEASE)
    longest = max(entry.tracks, key=lambda t: t.track.duration)
    _forget(sandbox, longest.track.id)
    return longest.download_urls[0].url


def test_a_request_after_a_cancelled_mid_encode_one_starts_at_once(sandbox, client):
    url = _bought_and_uncached(sandbox, client)

    first = requests.get(url, stream=True, timeout=30)
    assert first.status_code == 200
    assert len(first.raw.read(64 * 1024)) == 64 * 1024
    first.close()                       # the user cancelled: the client is gone mid-encode

    started = time.monotonic()
    second = requests.get(url, stream=True, timeout=30)
    chunk = second.raw.read(64 * 1024)
    waited = time.monotonic() - started
    body = chunk + second.raw.read()
    total = time.monotonic() - started
    second.close()
    assert second.status_code == 200 and len(body) == int(second.headers["Content-Length"])
    # Streamed while encoding: the first bytes come long before the last. (Held up behind the whole
    # encode, both came together.) A ratio, not a wall-clock bound: a loaded machine slows both.
    assert waited < total / 3, (waited, total)


def test_a_resume_after_a_cancelled_mid_encode_one_streams_from_its_offset(sandbox, client):
    url = _bought_and_uncached(sandbox, client)

    first = requests.get(url, stream=True, timeout=30)
    head = first.raw.read(64 * 1024)
    length = int(first.headers["Content-Length"])
    first.close()                       # paused mid-encode: the .part keeps these bytes

    started = time.monotonic()
    second = requests.get(url, headers={"Range": f"bytes={len(head)}-"}, stream=True, timeout=30)
    chunk = second.raw.read(16 * 1024)
    waited = time.monotonic() - started
    rest = chunk + second.raw.read()
    second.close()
    assert second.status_code == 206
    assert second.headers["Content-Range"] == f"bytes {len(head)}-{length - 1}/{length}"
    assert len(head) + len(rest) == length
    total = time.monotonic() - started
    whole = requests.get(url, timeout=60).content
    assert head + rest == whole
    assert waited < total / 3, (waited, total)
