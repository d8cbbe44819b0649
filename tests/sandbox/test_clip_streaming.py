"""A clip the store has never made answers at once: its tail (an ID3v1 tag naming the track) without
waiting for the encoder, any other range as far as it is encoded; every request sees the same bytes
the cache keeps, and one encoding serves them all."""
from __future__ import annotations

import threading

import pytest
import requests
from mutagen.id3 import ParseID3v1

from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, SandboxServer, music
from app.sandbox.clips import TAG_SIZE
from app.sandbox.downloads import EncodeGate
from tests.sandbox.helpers import get, ok
from tests.sandbox.test_media import mp3_frames


@pytest.fixture
def store(fresh_cache):
    """The store with no clip made yet; 30 s clips (half a second or more of encoding each)."""
    with SandboxServer(port=0, catalogue="small", cache_dir=fresh_cache, clip_seconds=30) as server:
        yield server


def _url(store, track_id: int) -> str:
    return f"{store.root_url}clips/34/{track_id}.clip.mp3"


def _cached(store, track_id: int):
    clips = store.app.media.clips
    path = clips.cache.path(clips._relative(track_id))
    return path.read_bytes() if path.exists() else None


def _made(store, track_id: int):
    """The cached clip, once the encoding in progress (if any) has ended."""
    clip = store.app.media.clips.open(track_id)
    if not isinstance(clip, bytes):
        assert clip.wait(30)
    return _cached(store, track_id)


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace")[:30].decode("latin-1")


def test_the_tail_of_a_new_clip_is_its_tag_answered_before_the_clip_is_made(store):
    track_id = 2000300
    length = music.mp3_length(30 * music.RATE) + TAG_SIZE
    tail = requests.get(_url(store, track_id), headers={"Range": "bytes=-128"}, timeout=10)
    assert _cached(store, track_id) is None         # still being encoded: the answer did not wait for it
    assert tail.status_code == 206 and tail.headers["Content-Range"] == f"bytes {length - 128}-{length - 1}/{length}"
    row = store.app.catalogue.track(track_id)
    frames = ParseID3v1(tail.content)
    assert frames["TIT2"].text == [_latin1(row["title"])]
    assert frames["TPE1"].text == [_latin1(row["artist_name"])]
    assert frames["TALB"].text == [_latin1(row["r_title"])]
    assert frames["TRCK"].text == [str(row["number"])]
    whole = requests.get(_url(store, track_id), timeout=30).content
    assert len(whole) == length and whole[-128:] == tail.content
    assert 29.5 <= len(mp3_frames(whole)) * 1152 / 44100 <= 30.5


def test_what_a_player_reads_of_a_new_clip_is_what_the_cache_keeps(store):
    """As Qt's ffmpeg reads: the start, the tail (on another connection), the start again, all while
    the clip is made; then the cached file and a later GET are byte for byte what was streamed."""
    url = _url(store, 2000301)
    first = requests.get(url, headers={"Range": "bytes=0-"}, stream=True, timeout=10)
    start = next(first.iter_content(4096))
    tail = requests.get(url, headers={"Range": "bytes=-128"}, timeout=10)
    again = requests.get(url, headers={"Range": "bytes=0-"}, timeout=30)
    rest = first.raw.read()
    assert first.status_code == tail.status_code == again.status_code == 206
    streamed = start + rest
    assert streamed == again.content and streamed[-128:] == tail.content
    assert int(first.headers["Content-Length"]) == len(streamed)
    assert _made(store, 2000301) == streamed
    later = requests.get(url, timeout=10)
    assert later.status_code == 200 and later.content == streamed


def test_two_requests_for_a_new_clip_share_one_encoding(store):
    clips = store.app.media.clips
    opened = clips.open(2000302)
    reading = opened.chunks()                       # a reader from the start: the clip is kept
    assert clips.open(2000302) is opened            # the second follows the first's encoder
    bodies = {}

    def fetch(name: str) -> None:
        bodies[name] = requests.get(_url(store, 2000302), timeout=30).content

    threads = [threading.Thread(target=fetch, args=(name,)) for name in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert bodies["a"] == bodies["b"] == _made(store, 2000302) == b"".join(reading)
    assert len(bodies["a"]) == opened.length


def test_a_player_closing_its_first_connection_does_not_stop_the_clip(store):
    url = _url(store, 2000303)
    with requests.get(url, stream=True, timeout=10) as first:
        next(first.iter_content(1024))
    whole = requests.get(url, timeout=30)
    assert whole.status_code == 200 and len(whole.content) == int(whole.headers["Content-Length"])
    assert whole.content == _made(store, 2000303)


def test_a_clip_nobody_reads_any_more_is_dropped_and_made_afresh_later(fresh_cache):
    # 90 s: more than a second of encoding, so the clip is still being made when its reader leaves.
    with SandboxServer(port=0, catalogue="small", cache_dir=fresh_cache, clip_seconds=90) as store:
        clips = store.app.media.clips
        clips.unread_grace = 0.1
        with requests.get(_url(store, 2000308), stream=True, timeout=10) as skipped:
            next(skipped.iter_content(1024))
            making = clips._making[clips._relative(2000308)]
        assert making.wait(30)
        assert len(making._data) < making.audio_length and _cached(store, 2000308) is None
        again = requests.get(_url(store, 2000308), timeout=60)
        assert again.status_code == 200 and len(again.content) == clips.length
        assert again.content == _made(store, 2000308)


@pytest.mark.parametrize("wanted, expected", [
    ("bytes={audio_end_minus_100}-{tag_27}", (-228, -100)),     # across the end of the audio into the tag
    ("bytes={last_10}-{far}", (-10, None)),                      # an end past the clip: to its last byte
    ("bytes=-{far}", (0, None)),                                  # a suffix longer than the clip: all of it
    ("bytes=1000-1999", (1000, 2000)),                            # the middle: streamed as it is made
])
def test_ranges_of_a_clip_in_the_making(store, wanted, expected):
    clips = store.app.media.clips
    length = clips.length
    header = wanted.format(audio_end_minus_100=length - 228, tag_27=length - 101, last_10=length - 10,
                           far=length + 1000)
    part = requests.get(_url(store, 2000304), headers={"Range": header}, timeout=30)
    whole = requests.get(_url(store, 2000304), timeout=30).content
    first, after = expected
    first = first % length if first < 0 else first
    after = length if after is None else after % length if after < 0 else after
    assert part.status_code == 206 and part.content == whole[first:after]
    assert part.headers["Content-Range"] == f"bytes {first}-{after - 1}/{length}"


@pytest.mark.parametrize("header", ["bytes={length}-", "bytes={length}-{far}", "bytes=2000-1000", "bytes=-0"])
def test_unsatisfiable_ranges_of_a_new_clip_are_416(store, header):
    length = store.app.media.clips.length
    answer = requests.get(_url(store, 2000305), headers={"Range": header.format(length=length, far=length + 9)},
                          timeout=10)
    assert answer.status_code == 416 and answer.headers["Content-Range"] == f"bytes */{length}"


def test_new_clips_wait_for_an_encoding_slot_and_get_503_when_none_comes(store):
    clips = store.app.media.clips
    made = requests.get(_url(store, 2000306), timeout=30).content      # cached from now on
    clips.gate = EncodeGate(slots=1, waiting=0, wait=0.05)
    release = clips.gate.acquire()                                       # the only slot is taken
    busy = requests.get(_url(store, 2000307), timeout=10)
    assert busy.status_code == 503 and busy.headers["Retry-After"]
    assert requests.get(_url(store, 2000306), timeout=10).content == made     # a made clip needs no slot
    release()
    assert requests.get(_url(store, 2000307), timeout=30).status_code == 200


@pytest.mark.no_qt_log      # see tests/player/conftest.py
def test_a_never_fetched_clip_plays_and_seeks_near_its_end(qtbot, runner, store):
    from app.api import StoreClient
    from app.player.player import PreviewPlayer
    from tests.player.playback import shut_down_player

    client = StoreClient(base_url=store.url, consumer_key=DEMO_CONSUMER_KEY, consumer_secret=DEMO_CONSUMER_SECRET,
                         country="GB", timeout=5.0)
    track = client.search_tracks("love", page_size=1).items[0]
    assert _cached(store, track.id) is None
    player = PreviewPlayer(runner, lambda t: client.preview_url(t.id))
    try:
        player.play(track)
        qtbot.waitUntil(lambda: player.position() > 0 and player.is_seekable(), timeout=10_000)
        assert abs(player.duration() - 30_000) < 300
        player.seek(27_000)
        qtbot.waitUntil(lambda: player.position() >= 27_000, timeout=5000)
    finally:
        shut_down_player(qtbot, player)


def test_a_list_of_tracks_warms_the_synthesis_only_when_the_store_prefetches(store):
    clips = store.app.media.clips
    assert ok(get(store, "track/search", q="love")).find("searchResults") is not None
    assert not clips._warmed.is_set()                   # tests and scripts: no background work
    store.app.prefetch_clips = True                     # as the app runs its store
    ok(get(store, "track/search", q="love"))
    assert clips._warmed.is_set()
