"""End to end on the embedded store: buy a release through its checkout page, then the download
manager fetches every track from the locker's pre-signed URLs into a music folder, tagged."""
from __future__ import annotations

from mutagen.mp3 import MP3

from app.downloads.fetch import Fetcher
from app.downloads.jobs import jobs_from_locker
from app.downloads.manager import DownloadManager
from app.downloads.queue import QueueStorage
from tests.sandbox.helpers import buy_release, signed_in_user

RELEASE = 300004      # not in the demo user's seeded locker


def test_a_bought_release_downloads_into_the_music_folder_tagged(qtbot, sandbox, client, runner, tmp_path):
    token, user = signed_in_user(client)
    buy_release(sandbox, client, token, RELEASE)
    locker = [entry for entry in user.locker(page_size=50).items if entry.release.id == RELEASE]
    assert len(locker) == 1
    music = tmp_path / "Music"
    jobs = jobs_from_locker(locker[0], music)
    assert jobs and len(jobs) == len(locker[0].tracks)

    manager = DownloadManager(QueueStorage(tmp_path / "downloads.json"), runner, Fetcher(), max_parallel=2)
    finished, failed, releases = {}, [], []
    manager.job_finished.connect(lambda job_id, result: finished.__setitem__(job_id, result))
    manager.job_failed.connect(lambda job_id, exc: failed.append((job_id, exc)))
    manager.release_finished.connect(releases.append)
    manager.start()
    try:
        manager.add(jobs)
        qtbot.waitUntil(lambda: bool(releases or failed), timeout=110_000)
    finally:
        manager.close()
    assert failed == [] and releases == [str(RELEASE)]

    release = locker[0].release
    for owned in locker[0].tracks:
        result = finished[f"{RELEASE}/{owned.track.id}"]
        path = result.path
        assert path.is_file() and not path.with_name(path.name + ".part").exists()
        assert path.is_relative_to(music)
        audio = MP3(path)
        assert abs(audio.info.length - owned.track.duration) <= 1.0
        assert audio.info.bitrate == 320_000
        tags = audio.tags
        assert tags["TIT2"].text == [owned.track.title]
        assert tags["TALB"].text == [release.title]
        assert tags["TXXX:7digital track id"].text == [str(owned.track.id)]
        assert tags["TXXX:7digital release id"].text == [str(RELEASE)]
