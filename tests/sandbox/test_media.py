"""Preview clips (real MP3, 30 s, Range) and cover art (JPEG at the asked size)."""
from __future__ import annotations

import io

import numpy as np
import pytest
import requests
from PIL import Image

from app.sandbox import SandboxServer, music
from tests.sandbox.helpers import get, ok

_BITRATES = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
_RATES = [44100, 48000, 32000]


def mp3_frames(data: bytes) -> list[tuple[int, int]]:
    """(bitrate kbps, sample rate) of every MPEG-1 Layer III frame, walking header to header (between an
    ID3v2 tag at the start and an ID3v1 tag at the end, if there are)."""
    pos = 0
    if data[:3] == b"ID3":
        pos = 10 + ((data[6] & 0x7F) << 21 | (data[7] & 0x7F) << 14 | (data[8] & 0x7F) << 7 | data[9] & 0x7F)
    if data[-128:-125] == b"TAG":
        data = data[:-128]
    frames = []
    while pos + 4 <= len(data):
        header = int.from_bytes(data[pos: pos + 4], "big")
        assert header >> 21 == 0x7FF, f"lost frame sync at byte {pos}"
        assert (header >> 19) & 3 == 3 and (header >> 17) & 3 == 1, "not MPEG-1 Layer III"
        bitrate, rate = _BITRATES[(header >> 12) & 15], _RATES[(header >> 10) & 3]
        frames.append((bitrate, rate))
        pos += 144_000 * bitrate // rate + ((header >> 9) & 1)
    assert pos == len(data), "trailing bytes after the last frame"
    return frames


def test_preview_redirects_to_a_30_second_mp3(sandbox):
    response = get(sandbox, "track/preview", trackId=2000000)
    assert response.history and response.history[0].status_code == 302
    assert response.headers["Content-Type"] == "audio/mpeg" and response.headers["Accept-Ranges"] == "bytes"
    frames = mp3_frames(response.content)
    assert {rate for _, rate in frames} == {44100}
    duration = len(frames) * 1152 / 44100
    assert 29.5 <= duration <= 30.5


def test_preview_url_without_redirect_and_stream_preview(catalogue_cache):
    with SandboxServer(port=0, catalogue="small", cache_dir=catalogue_cache, clip_seconds=3) as server:
        url = ok(get(server, "track/preview", trackId=2000003, redirect="false")).findtext("url")
        assert url == f"{server.root_url}clips/34/2000003.clip.mp3"
        streamed = get(server, "track/streampreview", trackId=2000003)
        assert streamed.status_code == 200 and streamed.content == requests.get(url, timeout=10).content
        assert 2.5 <= len(mp3_frames(streamed.content)) * 1152 / 44100 <= 3.5


def test_range_requests_get_206_with_the_right_bytes(catalogue_cache):
    with SandboxServer(port=0, catalogue="small", cache_dir=catalogue_cache, clip_seconds=3) as server:
        url = f"{server.root_url}clips/34/2000004.clip.mp3"
        whole = requests.get(url, timeout=10).content
        part = requests.get(url, headers={"Range": "bytes=1000-1999"}, timeout=10)
        assert part.status_code == 206 and part.content == whole[1000:2000]
        assert part.headers["Content-Range"] == f"bytes 1000-1999/{len(whole)}"
        tail = requests.get(url, headers={"Range": "bytes=-100"}, timeout=10)
        assert tail.status_code == 206 and tail.content == whole[-100:]
        open_ended = requests.get(url, headers={"Range": "bytes=0-"}, timeout=10)
        assert open_ended.status_code == 206 and open_ended.content == whole
        beyond = requests.get(url, headers={"Range": f"bytes={len(whole)}-"}, timeout=10)
        assert beyond.status_code == 416 and beyond.headers["Content-Range"] == f"bytes */{len(whole)}"


def test_clips_of_unknown_tracks_are_404(sandbox):
    assert requests.get(sandbox.root_url + "clips/34/1.clip.mp3", timeout=5).status_code == 404


def _spectrum(samples: np.ndarray) -> np.ndarray:
    mono = samples.mean(axis=1)
    return np.abs(np.fft.rfft(mono[: music.RATE * 4]))


def test_a_clip_is_music_not_a_beep():
    samples = music.compose(2000123, 8)
    assert samples.shape[1] == 2 and np.abs(samples).max() <= 1.0
    spectrum = _spectrum(samples)
    strong = spectrum > spectrum.max() * 0.1
    assert strong.sum() > 20                    # many partials and pitches: harmony, not one sine
    frame = music.RATE // 20                    # 50 ms loudness frames
    loudness = np.sqrt((samples[: len(samples) // frame * frame, 0].reshape(-1, frame) ** 2).mean(axis=1))
    assert loudness.std() / loudness.mean() > 0.15   # it has rhythm: loudness moves with the beat


def test_different_tracks_sound_different_and_the_same_track_the_same():
    a, b = music.compose(2000001, 6), music.compose(2000002, 6)
    assert np.array_equal(a, music.compose(2000001, 6))
    sa, sb = _spectrum(a), _spectrum(b)
    similarity = float(sa @ sb / (np.linalg.norm(sa) * np.linalg.norm(sb)))
    assert similarity < 0.8


@pytest.mark.parametrize("size", [33, 50, 180, 350, 800])
def test_release_covers_are_jpegs_at_the_asked_size(sandbox, size):
    image_url = ok(get(sandbox, "release/details", releaseId=300000, imageSize=size)).findtext("release/image")
    assert image_url.startswith(sandbox.root_url) and image_url.endswith(f"/0000300000_{size}.jpg")
    response = requests.get(image_url, timeout=10)
    assert response.headers["Content-Type"] == "image/jpeg"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "JPEG" and image.size == (size, size)


def test_covers_differ_between_releases_and_repeat_for_the_same_one(sandbox):
    def cover(release_id):
        url = ok(get(sandbox, "release/details", releaseId=release_id, imageSize=100)).findtext("release/image")
        return np.asarray(Image.open(io.BytesIO(requests.get(url, timeout=10).content)).convert("RGB"), float)

    a, b = cover(300000), cover(300001)
    assert np.abs(a - b).mean() > 20
    assert np.array_equal(a, cover(300000))
    assert a.std() > 10   # not a flat colour


def test_artist_images_default_to_150_px(sandbox):
    url = ok(get(sandbox, "artist/details", artistId=1000)).findtext("artist/image")
    assert url.endswith("/0000001000_150.jpg") and "/static/img/artistimages/00/000/010/" in url
    assert Image.open(io.BytesIO(requests.get(url, timeout=10).content)).size == (150, 150)


def test_unknown_images_are_404_and_other_sizes_get_the_nearest_one(sandbox):
    base = sandbox.root_url + "static/img/sleeveart/00/000/000/"
    assert requests.get(base + "0000000001_50.jpg", timeout=5).status_code == 404
    for size in (0, 123456):                     # not an image size at all
        assert requests.get(sandbox.root_url + f"static/img/sleeveart/00/003/000/0000300000_{size}.jpg",
                            timeout=5).status_code == 404
    largest = requests.get(sandbox.root_url + "static/img/sleeveart/00/003/000/0000300000_5000.jpg", timeout=30)
    assert Image.open(io.BytesIO(largest.content)).size == (800, 800)     # 7digital's largest


def test_a_new_clip_streams_with_its_final_length(catalogue_cache):
    # 4-second clips exist only in this test, so this one is made (and streamed) now
    with SandboxServer(port=0, catalogue="small", cache_dir=catalogue_cache, clip_seconds=4) as server:
        url = f"{server.root_url}clips/34/2000200.clip.mp3"
        first = requests.get(url, headers={"Range": "bytes=0-"}, timeout=30)
        assert first.status_code == 206
        assert int(first.headers["Content-Length"]) == len(first.content)
        assert first.headers["Content-Range"] == f"bytes 0-{len(first.content) - 1}/{len(first.content)}"
        assert 3.5 <= len(mp3_frames(first.content)) * 1152 / 44100 <= 4.5
        again = requests.get(url, timeout=30)                # now from the cache, byte for byte the same
        assert again.status_code == 200 and again.content == first.content
        assert b"".join(music.encode_blocks(music.compose_stream(2000200, 4))) == first.content[:-128]


@pytest.mark.parametrize("seconds", [1, 4.5])
def test_every_clip_of_a_length_has_the_same_size(seconds):
    sizes = {len(music.encode_mp3(music.compose(track_id, seconds))) for track_id in (2000001, 2000777)}
    silence = np.zeros((int(seconds * music.RATE), 1), dtype=np.float32)
    assert sizes == {len(music.encode_mp3(silence, quality=9, channels=1))}
