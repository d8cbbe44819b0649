"""Purchased downloads from the embedded store: pre-signed locker URLs serving the full-length track.

Bought through the real checkout page, read through the app's client, downloaded with plain requests."""
from __future__ import annotations

import io
import random
import time
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
import pytest
import requests

from tests.sandbox.helpers import buy_release, error_code, get, ok, signed_in_user

RELEASE = 300004      # not in the demo user's seeded locker


def _locker_tracks(user, release_id: int):
    entries = [e for e in user.locker(page_size=50).items if e.release.id == release_id]
    assert len(entries) == 1
    return list(entries[0].tracks)


def _with_params(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    return urlunsplit(parts._replace(query=urlencode(query)))


def _forget(sandbox, track_id: int) -> None:
    """Drop a track's made file: the media cache is shared by the session's stores."""
    from app.sandbox.downloads import DEFAULT_FORMAT, FORMATS

    tracks = sandbox.app.media.tracks
    tracks.cache.path(tracks._relative(track_id, FORMATS[DEFAULT_FORMAT])).unlink(missing_ok=True)


@pytest.fixture
def bought(sandbox, client):
    """(token, user client, locker tracks of RELEASE sorted shortest first) after buying RELEASE."""
    token, user = signed_in_user(client)
    buy_release(sandbox, client, token, RELEASE)
    tracks = sorted(_locker_tracks(user, RELEASE), key=lambda t: t.track.duration)
    return token, user, tracks


def test_the_locker_lists_pre_signed_mp3_320_urls(sandbox, bought):
    token, _, tracks = bought
    for entry in tracks:
        formats = [(u.format.id, u.format.file_format, u.format.bit_rate) for u in entry.download_urls]
        assert formats == [(17, "MP3", 320)]
        url = entry.download_urls[0].url
        assert url.startswith(sandbox.root_url + "media/user/downloadtrack?")
        query = dict(parse_qsl(urlsplit(url).query))
        assert query["trackid"] == str(entry.track.id) and query["releaseid"] == str(RELEASE)
        assert query["formatid"] == "17" and query["shopid"] == "34"
        assert query["oauth_consumer_key"] == "demo-key" and query["oauth_token"] == token.token
        assert query["oauth_signature_method"] == "HMAC-SHA1" and query["oauth_signature"]
        assert abs(int(query["oauth_timestamp"]) - time.time()) < 60 and query["oauth_nonce"]
        assert token.secret not in url


def test_a_bought_track_downloads_whole_then_by_range(sandbox, bought):
    from mutagen.mp3 import MP3

    _, _, tracks = bought
    entry = tracks[0]
    _forget(sandbox, entry.track.id)
    url = entry.download_urls[0].url
    whole = requests.get(url, timeout=60)
    assert whole.status_code == 200, whole.text[:200]
    assert whole.headers["Content-Type"] == "audio/mpeg"
    assert int(whole.headers["Content-Length"]) == len(whole.content) > 100_000
    info = MP3(io.BytesIO(whole.content)).info
    assert abs(info.length - entry.track.duration) < 1.0 and info.bitrate == 320_000 and info.channels == 2
    # the same URL again, by range (a media player's seek), now from the cache
    part = requests.get(url, headers={"Range": "bytes=1000-1999"}, timeout=30)
    assert part.status_code == 206 and part.content == whole.content[1000:2000]
    assert part.headers["Content-Range"] == f"bytes 1000-1999/{len(whole.content)}"
    tail = requests.get(url, headers={"Range": "bytes=-500"}, timeout=30)
    assert tail.status_code == 206 and tail.content == whole.content[-500:]
    cached = requests.get(url, timeout=30)
    assert cached.status_code == 200 and cached.content == whole.content


def test_a_range_on_a_track_not_made_yet_waits_for_it(sandbox, bought):
    _, _, tracks = bought
    _forget(sandbox, tracks[1].track.id)
    url = tracks[1].download_urls[0].url
    part = requests.get(url, headers={"Range": "bytes=50000-50999"}, timeout=60)
    assert part.status_code == 206, part.text[:200]
    whole = requests.get(url, timeout=60)
    assert whole.status_code == 200 and part.content == whole.content[50000:51000]
    first = requests.get(url, headers={"Range": "bytes=0-"}, timeout=60)
    assert first.status_code == 206 and first.content == whole.content


def test_a_tampered_unsigned_or_expired_url_is_401(sandbox, bought):
    from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET
    from app.sandbox.downloads import URL_LIFETIME, sign_url

    token, _, tracks = bought
    entry = tracks[0]
    url = entry.download_urls[0].url
    signature = dict(parse_qsl(urlsplit(url).query))["oauth_signature"]
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    other_track = tracks[1].track.id
    for bad in (_with_params(url, oauth_signature=flipped), _with_params(url, trackid=str(other_track)),
                _with_params(url, oauth_signature=None), _with_params(url, oauth_timestamp=str(int(time.time()) + 5))):
        refused = requests.get(bad, timeout=10)
        assert refused.status_code in (400, 401), refused.text[:200]
        assert refused.text.startswith("OAuth authentication error"), refused.text[:200]
    unsigned = requests.get(sandbox.root_url + "media/user/downloadtrack",
                            params={"trackid": entry.track.id, "formatid": 17}, timeout=10)
    assert unsigned.status_code == 401 and unsigned.text.startswith("OAuth authentication error")
    expired = sign_url(sandbox.root_url, entry.track.id, RELEASE, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET,
                       token.token, token.secret, issued=time.time() - URL_LIFETIME - 60)
    refused = requests.get(expired, timeout=10)
    assert refused.status_code == 401 and refused.text == "OAuth authentication error: Download URL has expired"
    fresh = sign_url(sandbox.root_url, entry.track.id, RELEASE, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET,
                     token.token, token.secret, issued=time.time() - URL_LIFETIME + 60)
    assert requests.get(fresh, headers={"Range": "bytes=0-99"}, timeout=60).status_code == 206


def test_a_revoked_token_kills_its_urls(sandbox, bought):
    _, _, tracks = bought
    url = tracks[0].download_urls[0].url
    sandbox.revoke_tokens()
    refused = requests.get(url, timeout=10)
    assert refused.status_code == 401 and refused.text.startswith("OAuth authentication error")


def test_another_users_token_is_refused(sandbox, client, bought):
    from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET
    from app.sandbox.auth import User
    from app.sandbox.downloads import sign_url

    _, _, tracks = bought
    entry = tracks[0]
    sandbox.app.accounts.users["other@example.com"] = User(4242, "other@example.com", "other-password")
    other, other_user = signed_in_user(client, "other@example.com", "other-password")
    # the buyer's URL with the other user's token in it: the signature no longer holds
    swapped = _with_params(entry.download_urls[0].url, oauth_token=other.token)
    refused = requests.get(swapped, timeout=10)
    assert refused.status_code == 401 and refused.text.startswith("OAuth authentication error")
    # a URL truly signed for the other user, of a track only the buyer bought: not theirs
    theirs = sign_url(sandbox.root_url, entry.track.id, RELEASE, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET,
                      other.token, other.secret)
    refused = requests.get(theirs, timeout=10)
    assert refused.status_code == 403 and error_code(refused) == 2002
    assert not refused.headers["Content-Type"].startswith("audio/")


def test_a_track_not_bought_is_refused(sandbox, bought):
    from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET
    from app.sandbox.downloads import sign_url

    token, _, _ = bought
    not_bought = int(ok(get(sandbox, "release/tracks", releaseId=300003)).find(".//track").get("id"))
    url = sign_url(sandbox.root_url, not_bought, 300003, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET,
                   token.token, token.secret)
    refused = requests.get(url, timeout=10)
    assert refused.status_code == 403 and error_code(refused) == 2002
    other_format = sign_url(sandbox.root_url, not_bought, 300003, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET,
                            token.token, token.secret, format_id=33)
    assert error_code(requests.get(other_format, timeout=10)) == 1002


# --- the parts, without a server ----------------------------------------------------------------

def test_mp3_length_is_lameencs_for_any_length():
    import lameenc

    from app.sandbox import music

    def encoded(samples: int, bitrate: int) -> int:
        encoder = lameenc.Encoder()
        encoder.set_bit_rate(bitrate)
        encoder.set_in_sample_rate(music.RATE)
        encoder.set_channels(1)
        encoder.set_quality(9)
        return len(bytes(encoder.encode(np.zeros(samples, dtype="<i2").tobytes())) + bytes(encoder.flush()))

    pick = random.Random(15)
    lengths = [pick.randint(1, 20 * music.RATE) for _ in range(25)]
    lengths += [1152 * 49 * m + d for m in (1, 3) for d in (-1, 0, 1)]     # where the padding comes out even
    for samples in lengths:
        for bitrate in (320, 128):
            assert music.mp3_length(samples, bitrate) == encoded(samples, bitrate), (samples, bitrate)


def test_a_streamed_piece_is_the_composed_one_a_few_bars_at_a_time():
    from app.sandbox import music

    whole = music.compose(77, 12.5)
    blocks = list(music.compose_stream(77, 12.5))
    assert max(len(b) for b in blocks) < 4 * music.RATE     # a bar is at most ~3 s
    streamed = np.concatenate(blocks)
    assert streamed.shape == whole.shape
    peak = np.abs(streamed).max() / 0.89
    assert np.abs(whole - streamed / peak).max() < 1e-5


def test_the_encode_gate_bounds_concurrent_encodes():
    from app.sandbox.downloads import EncodeBusy, EncodeGate

    gate = EncodeGate(slots=1, waiting=1, wait=0.05)
    first = gate.acquire()
    with pytest.raises(EncodeBusy):
        gate.acquire()          # waited for a slot, none came free
    first()
    first()                     # giving back twice is once
    second = gate.acquire()
    second()


def test_a_download_closed_unread_or_midway_gives_its_slot_back_and_caches_nothing(sandbox, bought):
    from app.sandbox.downloads import DEFAULT_FORMAT, FORMATS, EncodeGate

    _, _, tracks = bought
    track_id = tracks[2].track.id
    _forget(sandbox, track_id)
    full_tracks = sandbox.app.media.tracks
    full_tracks.gate = EncodeGate(slots=1, waiting=0, wait=0.05)
    _, stream = full_tracks.open(track_id, DEFAULT_FORMAT)
    stream.close()
    _, stream = full_tracks.open(track_id, DEFAULT_FORMAT)   # the slot is free again
    next(stream)
    stream.close()      # mid-encode (a client gone): nothing half-made is kept
    relative = full_tracks._relative(track_id, FORMATS[DEFAULT_FORMAT])
    assert full_tracks.cache.read(relative) is None
    assert not list(full_tracks.cache.path(relative).parent.glob("*.tmp"))
    _, stream = full_tracks.open(track_id, DEFAULT_FORMAT)
    stream.close()


def test_a_full_disk_still_serves_the_whole_track_uncached(sandbox, bought):
    from app.sandbox.downloads import DEFAULT_FORMAT, FORMATS
    from tests.sandbox.test_media_cache import FullDisk

    _, _, tracks = bought
    entry = tracks[0]
    _forget(sandbox, entry.track.id)
    cache = sandbox.app.media.cache
    cache.opener = full = FullDisk(room=20_000)
    whole = requests.get(entry.download_urls[0].url, timeout=60)
    assert whole.status_code == 200 and len(whole.content) == int(whole.headers["Content-Length"])
    assert full.opened
    relative = sandbox.app.media.tracks._relative(entry.track.id, FORMATS[DEFAULT_FORMAT])
    # the client has every byte a moment before the store's encoder has cleaned up after the last
    deadline = time.monotonic() + 10
    while list(cache.path(relative).parent.glob("*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert cache.read(relative) is None and not list(cache.path(relative).parent.glob("*.tmp"))
