"""The Qt adapter: N at once, progress, typed failures, pause/resume/cancel, a restart that continues."""
from __future__ import annotations

import json

import pytest
from mutagen.mp3 import MP3

from app.downloads.errors import DiskFull, UrlExpired
from app.downloads.fetch import Fetcher
from app.downloads.jobs import JobState
from app.downloads.manager import USER_PAUSE, DownloadManager
from app.downloads.queue import QueueStorage
from tests.downloads.serving import FullDisk


@pytest.fixture
def queue_path(tmp_path):
    return tmp_path / "data" / "downloads.json"


@pytest.fixture
def make_manager(runner, queue_path):
    made = []

    def make(fetcher=None, max_parallel=2, start=True):
        manager = DownloadManager(QueueStorage(queue_path), runner, fetcher or Fetcher(backoff=0, chunk_size=8192),
                                  max_parallel=max_parallel, progress_interval=0.0)
        made.append(manager)
        if start:
            manager.start()
        return manager

    yield make
    for manager in made:
        manager.close()


def saved_states(queue_path) -> dict:
    return {f"{j['info']['release_id']}/{j['info']['track_id']}": (j["state"], j["reason"])
            for j in json.loads(queue_path.read_bytes())["jobs"]}


def test_releases_download_at_most_n_at_once_with_progress(qtbot, make_manager, make_job, queue_path):
    manager = make_manager(max_parallel=2)
    jobs = [make_job(path=f"/t{n}.mp3", track_id=str(n), track_number=n, title=f"Song {n}") for n in (1, 2, 3)]
    jobs.append(make_job(path="/other.mp3", release_id="999", track_id="4", album="Other"))
    busiest, finished, overall = [0], [], []
    manager.job_changed.connect(lambda _: busiest.__setitem__(0, max(busiest[0], sum(
        j.state is JobState.DOWNLOADING for j in manager.jobs()))))
    manager.job_finished.connect(lambda job_id, result: finished.append((job_id, result)))
    manager.progress.connect(lambda done, total, speed: overall.append((done, total, speed)))
    releases = []
    manager.release_finished.connect(releases.append)
    assert manager.add(jobs) == [j.job_id for j in jobs]
    qtbot.waitUntil(lambda: len(releases) == 2, timeout=20_000)
    assert sorted(releases) == ["12345", "999"]
    assert len(finished) == 4 and busiest[0] == 2
    for job_id, result in finished:
        assert result.path.is_file() and MP3(result.path).tags["TXXX:7digital track id"].text == [job_id.split("/")[1]]
    assert overall[-1][0] == overall[-1][1] == sum(r.size for _, r in finished)
    manager.flush()
    assert set(saved_states(queue_path).values()) == {("done", None)}


def test_an_expired_url_asks_for_new_ones(qtbot, make_manager, make_job, server):
    job = make_job(path="/expired.mp3")
    server.behaviour.status["/expired.mp3"] = 401
    manager = make_manager()
    failures, expired = [], []
    manager.job_failed.connect(lambda job_id, exc: failures.append(exc))
    manager.urls_expired.connect(expired.append)
    manager.add([job])
    qtbot.waitUntil(lambda: bool(failures and expired), timeout=10_000)
    assert isinstance(failures[0], UrlExpired) and expired == ["12345"]
    assert manager.job(job.job_id).state is JobState.FAILED and manager.job(job.job_id).reason == "url_expired"
    fresh = make_job(path="/fresh.mp3").url
    with qtbot.waitSignal(manager.job_finished, timeout=10_000):
        manager.refresh_urls({job.job_id: fresh})
    assert manager.job(job.job_id).url == fresh and manager.job(job.job_id).state is JobState.DONE


def test_a_full_disk_pauses_the_job_and_resume_continues(qtbot, make_manager, make_job, queue_path, mp3):
    job = make_job()
    manager = make_manager(Fetcher(opener=FullDisk(40_000), backoff=0, chunk_size=8192))
    with qtbot.waitSignal(manager.job_paused, timeout=10_000) as paused:
        manager.add([job])
    assert isinstance(paused.args[1], DiskFull)
    assert manager.job(job.job_id).state is JobState.PAUSED and not job.path.exists()
    manager.flush()
    assert saved_states(queue_path)[job.job_id] == ("paused", "disk_full")
    manager.close()
    qtbot.waitUntil(lambda: manager.running == 0, timeout=10_000)

    again = make_manager()                                   # space freed, app restarted
    assert again.job(job.job_id).state is JobState.PAUSED     # a pause is kept over a restart
    assert 0 < again.job(job.job_id).bytes_done <= 40_000
    with qtbot.waitSignal(again.job_finished, timeout=10_000) as done:
        again.resume(job.job_id)
    assert done.args[1].resumed_from > 0 and done.args[1].path.stat().st_size > len(mp3) - 1


def test_the_queue_survives_a_restart_and_resumes_from_the_part(qtbot, runner, make_manager, make_job, server,
                                                                queue_path, mp3_sha):
    server.behaviour.stall_after = 30_000
    job = make_job()
    first = make_manager()
    with qtbot.waitSignal(first.job_progress, timeout=10_000, check_params_cb=lambda _, done, total: done == 30_000):
        first.add([job])
    first.close()                                            # quit while it downloads
    server.behaviour.stall_after = None
    server.behaviour.release.set()
    assert runner.wait_for_idle(10_000)
    assert saved_states(queue_path)[job.job_id] == ("downloading", None)
    assert job.part_path.stat().st_size == 30_000 and not job.path.exists()

    second = make_manager(start=False)
    with qtbot.waitSignal(second.job_finished, timeout=10_000) as done:
        second.start()
    assert ("/track.mp3", "bytes=30000-") in server.behaviour.requests
    assert done.args[1].sha256 == mp3_sha and done.args[1].resumed_from == 30_000


def test_pause_resume_and_cancel(qtbot, runner, make_manager, make_job, server):
    server.behaviour.stall_after = 20_000
    job, other = make_job(), make_job(path="/other.mp3", track_id="9", title="Other")
    manager = make_manager(max_parallel=1)
    with qtbot.waitSignal(manager.job_progress, timeout=10_000):
        manager.add([job, other])
    assert manager.job(other.job_id).state is JobState.QUEUED           # one at a time
    with qtbot.waitSignal(manager.job_paused, timeout=5_000) as paused:
        manager.pause(job.job_id)
    assert paused.args == [job.job_id, None] and manager.job(job.job_id).reason == USER_PAUSE
    server.behaviour.stall_after = None
    server.behaviour.release.set()
    # the paused job's worker stops, and only then does the next one start
    with qtbot.waitSignal(manager.job_finished, timeout=10_000) as finished:
        pass
    assert finished.args[0] == other.job_id
    assert manager.job(job.job_id).state is JobState.PAUSED and job.part_path.exists()
    with qtbot.waitSignal(manager.job_removed, timeout=5_000):
        manager.cancel(job.job_id)
    assert manager.job(job.job_id) is None and not job.part_path.exists()

    again = make_job(path="/again.mp3")
    with qtbot.waitSignal(manager.job_finished, timeout=10_000):
        manager.add([again])
    assert again.path.exists()


def test_adding_an_expired_track_again_takes_its_fresh_url(qtbot, make_manager, make_job, server):
    job = make_job(path="/expired.mp3")
    server.behaviour.status["/expired.mp3"] = 401
    manager = make_manager()
    with qtbot.waitSignal(manager.urls_expired, timeout=10_000):
        manager.add([job])
    fresh = make_job(path="/fresh.mp3")
    with qtbot.waitSignal(manager.job_finished, timeout=10_000):
        assert manager.add([fresh]) == []                    # the same track: no second job
    assert [j.job_id for j in manager.jobs()] == [job.job_id] and manager.job(job.job_id).url == fresh.url
