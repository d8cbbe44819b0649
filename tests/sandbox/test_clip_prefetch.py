"""With prefetch_clips, showing a tracklist makes its first clips before anyone clicks play."""
import requests

from app.sandbox import SandboxServer


def _first_release_tracks(server):
    release_id = requests.get(server.url + "release/search", timeout=10,
                              params={"q": "love", "page": 9, "oauth_consumer_key": "demo-key"}
                              ).text.split('<release id="')[1].split('"')[0]
    reply = requests.get(server.url + "release/tracks", timeout=10,
                         params={"releaseId": release_id, "oauth_consumer_key": "demo-key"})
    return [int(chunk.split('"')[0]) for chunk in reply.text.split('<track id="')[1:]]


def test_tracklist_prefetches_its_first_clips(qtbot, tmp_path):
    with SandboxServer(port=0, catalogue="small", cache_dir=tmp_path, clip_seconds=3, prefetch_clips=True) as server:
        clips = server.app.media.clips
        track_ids = _first_release_tracks(server)
        wanted = [clips.cache.path(clips._relative(t)) for t in track_ids[:2]]
        qtbot.waitUntil(lambda: all(p.exists() for p in wanted), timeout=15000)
        assert wanted[0].read_bytes()[:2] in (b"\xff\xfb", b"\xff\xf3", b"ID")
