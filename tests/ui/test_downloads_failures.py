"""Downloads that go wrong, through the whole app on the real embedded store: an expired link is
renewed from the locker and the download completes; not purchased, a read-only music folder and a
full disk each give their sentence in the Downloads dock, and nothing lands under a final name."""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.downloads.jobs import JobState, jobs_from_locker, new_job
from tests.downloads.serving import FullDisk
from tests.ui.conftest import sign_in_demo

SEEDED = 300_010          # the demo user's locker holds this album from day one
NOT_BOUGHT = 300_007


def _seeded_job(parts):
    shopping = parts.shopping
    entry = next(e for e in shopping.locker.releases if e.release.id == SEEDED)
    jobs = sorted(jobs_from_locker(entry, shopping.downloader.music_dir), key=lambda j: j.info.track_id)
    return jobs[0]


def _state_cell(view, job_id):
    model = view.model
    return model.index(model.row_of(job_id), model.STATE).data()


def test_an_expired_link_is_renewed_from_the_locker_and_the_download_completes(qtbot, parts, monkeypatch):
    import app.sandbox.downloads as store_downloads

    shopping = parts.shopping
    manager, view = shopping.downloads, shopping.downloads_view
    sign_in_demo(qtbot, parts)
    job = _seeded_job(parts)
    # Every signed link is stale to the store until the app has been told one expired; the locker's
    # next answer signs them afresh, and then they are good again.
    monkeypatch.setattr(store_downloads, "URL_LIFETIME", -3600)
    expired = []

    def on_expired(release_id: str) -> None:
        expired.append(release_id)
        monkeypatch.setattr(store_downloads, "URL_LIFETIME", 24 * 3600)

    manager.urls_expired.connect(on_expired)
    with qtbot.waitSignal(manager.job_finished, timeout=60_000,
                          check_params_cb=lambda job_id, _result: job_id == job.job_id) as finished:
        manager.add([job])
    assert expired == [str(SEEDED)]
    done = manager.job(job.job_id)
    assert done.state is JobState.DONE and done.url != job.url       # a fresh link from the locker
    assert Path(finished.args[1].path).is_file() and Path(done.target).is_file()
    assert _state_cell(view, job.job_id) == "Done"


def test_a_track_not_bought_is_named_not_purchased_in_the_dock(qtbot, parts, client, sandbox):
    from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET
    from app.sandbox.downloads import sign_url
    from tests.sandbox.helpers import signed_in_user

    shopping = parts.shopping
    manager, view = shopping.downloads, shopping.downloads_view
    sign_in_demo(qtbot, parts)
    token, _ = signed_in_user(client)
    track = client.release_tracks(NOT_BOUGHT).items[0]
    url = sign_url(sandbox.root_url, track.id, NOT_BOUGHT, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET,
                   token.token, token.secret)
    job = new_job(replace(_seeded_job(parts).info, release_id=str(NOT_BOUGHT), track_id=str(track.id), title=track.title),
                  url, shopping.downloader.music_dir)
    with qtbot.waitSignal(manager.job_failed, timeout=30_000):
        manager.add([job])
    assert manager.job(job.job_id).state is JobState.FAILED
    assert _state_cell(view, job.job_id) == "Failed: The store won't deliver this track to your account."
    assert not job.path.exists() and not job.part_path.exists()
    assert f"“{track.title}” could not be downloaded" in parts.window.statusBar().currentMessage()


def _expect_paused_with(qtbot, parts, job, sentence: str) -> None:
    manager, view = parts.shopping.downloads, parts.shopping.downloads_view
    with qtbot.waitSignal(manager.job_paused, timeout=30_000):
        manager.add([job])
    assert manager.job(job.job_id).state is JobState.PAUSED
    assert _state_cell(view, job.job_id) == f"Paused: {sentence}"
    tip = view.model.index(view.model.row_of(job.job_id), view.model.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == sentence
    assert not job.path.exists()                    # nothing under the final name


def test_a_read_only_music_folder_pauses_with_its_sentence(qtbot, parts):
    shopping = parts.shopping
    sign_in_demo(qtbot, parts)
    music = shopping.downloader.music_dir
    music.mkdir(parents=True, exist_ok=True)
    music.chmod(0o500)
    try:
        if os.access(music, os.W_OK):
            pytest.skip("running as root: a read-only mode doesn't stop writes")
        job = _seeded_job(parts)
        _expect_paused_with(qtbot, parts, job,
                            "The music folder can't be written to. Check it, then resume the download.")
        assert not list(music.rglob("*.mp3"))
    finally:
        music.chmod(0o700)


def test_a_music_folder_that_is_a_file_pauses_with_the_same_sentence(qtbot, parts):
    # What root meets instead of a read-only mode (root writes anywhere): a file where the folder goes.
    shopping = parts.shopping
    sign_in_demo(qtbot, parts)
    blocker = shopping.downloader.music_dir.parent / "not-a-folder"
    blocker.write_bytes(b"x")
    shopping.downloader.music_dir = blocker / "Music"
    job = _seeded_job(parts)
    _expect_paused_with(qtbot, parts, job,
                        "The music folder can't be written to. Check it, then resume the download.")
    assert blocker.read_bytes() == b"x"


def test_a_full_disk_pauses_with_its_sentence_and_keeps_only_the_part(qtbot, parts):
    shopping = parts.shopping
    sign_in_demo(qtbot, parts)
    full = FullDisk(room=100_000)
    shopping.downloads.fetcher.opener = full
    job = _seeded_job(parts)
    _expect_paused_with(qtbot, parts, job, "The disk is full. Make some room, then resume the download.")
    assert full.opened and job.part_path.stat().st_size <= 100_000    # kept to resume, never renamed
    # Room again: Resume continues from the .part and the file arrives under its name.
    shopping.downloads.fetcher.opener = lambda path, mode: open(path, mode)  # noqa: SIM115
    with qtbot.waitSignal(shopping.downloads.job_finished, timeout=60_000):
        shopping.downloads.resume(job.job_id)
    assert Path(shopping.downloads.job(job.job_id).target).is_file() and not job.part_path.exists()
