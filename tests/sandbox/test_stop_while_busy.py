"""Stopping the store while it makes clips in the background waits for that work: the catalogue
is closed only after (a background job reading a closed SQLite connection crashed the process)."""
import requests

from app.sandbox import SandboxServer


def test_stop_waits_for_background_clip_work(catalogue_cache, tmp_path):
    for attempt in range(4):
        server = SandboxServer(port=0, catalogue="small", cache_dir=catalogue_cache, clip_seconds=3,
                               prefetch_clips=True)
        server.start()
        clips = server.app.media.clips
        clips.cache.directory = tmp_path / f"media-{attempt}"     # no clip made yet: real work to do
        release_id = requests.get(server.url + "release/search", timeout=10,
                                  params={"q": "love", "page": 4 + attempt, "oauth_consumer_key": "demo-key"}
                                  ).text.split('<release id="')[1].split('"')[0]
        # Queues the tracklist's first clips in the background; stop at once, mid-work.
        requests.get(server.url + "release/tracks", timeout=10,
                     params={"releaseId": release_id, "oauth_consumer_key": "demo-key"}).raise_for_status()
        server.stop()
        assert not clips._worker.is_alive()
