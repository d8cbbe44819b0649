"""One download against a real loopback server: resume, verification, tags, typed failures."""
from __future__ import annotations

import errno
import hashlib

import pytest
from mutagen.mp3 import MP3

from app.downloads.errors import (DiskFull, FolderNotWritable, NotAnMp3, NotPurchased,
                                  TransferFailed, UrlExpired)
from app.downloads.fetch import Fetcher, sha256_of
from app.services.tasks import CancelToken, Cancelled

from tests.downloads.serving import COVER, FullDisk


def fetcher(**kw) -> Fetcher:
    kw.setdefault("backoff", 0.0)
    kw.setdefault("chunk_size", 8192)
    return Fetcher(**kw)


def test_a_full_download_lands_under_the_safe_name_with_tags(make_job, music, mp3_sha, server):
    job = make_job()
    result = fetcher().download(job, CancelToken())
    assert result.path == music / "AC-DC" / "If You Want Blood (1978)" / "1-03 AC-DC - 'Live' (1979).mp3"
    assert result.path.is_file() and not job.part_path.exists()
    assert result.sha256 == mp3_sha and not result.skipped
    audio = MP3(result.path)
    assert audio.info.length > 5
    tags = audio.tags
    assert str(tags["TPE1"]) == "Bon Scott" and str(tags["TPE2"]) == "AC/DC"
    assert str(tags["TALB"]) == "If You Want Blood" and str(tags["TIT2"]) == 'AC/DC: "Live" <1979>?'
    assert str(tags["TRCK"]) == "3/10" and str(tags["TPOS"]) == "1/2" and str(tags["TDRC"]) == "1978"
    assert tags["TXXX:7digital release id"].text == ["12345"] and tags["TXXX:7digital track id"].text == ["678"]
    assert tags.getall("APIC")[0].data == COVER and tags.getall("APIC")[0].mime == "image/png"
    # the signed URL went out exactly as given
    assert server.behaviour.requests[0] == ("/track.mp3", None)


def test_a_finished_file_is_not_downloaded_twice(make_job, server):
    job = make_job()
    first = fetcher().download(job, CancelToken())
    asked = len(server.behaviour.requests)
    again = fetcher().download(job, CancelToken())
    assert again.skipped and again.path == first.path and len(server.behaviour.requests) == asked


def test_someone_elses_file_at_the_final_name_is_left_alone(make_job):
    job = make_job()
    job.path.parent.mkdir(parents=True)
    job.path.write_bytes(b"the user's own file")
    result = fetcher().download(job, CancelToken())
    assert job.path.read_bytes() == b"the user's own file"
    assert result.path.name == "1-03 AC-DC - 'Live' (1979) (2).mp3"


def test_a_dropped_connection_resumes_from_the_part_byte_for_byte(make_job, server, mp3, tmp_path):
    one_shot = fetcher().download(make_job(), CancelToken())
    reference = one_shot.path.read_bytes()
    one_shot.path.unlink()

    server.behaviour.drop_after = [40_000, 25_000]      # two drops, then the rest
    job = make_job(path="/again.mp3")
    result = fetcher().download(job, CancelToken())
    ranges = [r for p, r in server.behaviour.requests if p == "/again.mp3"]
    assert ranges == [None, "bytes=40000-", "bytes=65000-"]
    assert result.sha256 == hashlib.sha256(mp3).hexdigest() and result.resumed_from == 0
    assert result.path.read_bytes() == reference        # tagged the same: identical file


def test_a_part_left_by_an_earlier_run_is_continued(make_job, server, mp3, mp3_sha):
    job = make_job()
    job.path.parent.mkdir(parents=True)
    job.part_path.write_bytes(mp3[:30_000])
    result = fetcher().download(job, CancelToken())
    assert ("/track.mp3", "bytes=30000-") in server.behaviour.requests
    assert result.resumed_from == 30_000 and result.fetched == len(mp3) - 30_000
    assert result.sha256 == mp3_sha


def test_a_server_ignoring_range_restarts_from_zero(make_job, server, mp3_sha):
    server.behaviour.ignore_range = True
    job = make_job()
    job.path.parent.mkdir(parents=True)
    job.part_path.write_bytes(b"garbage that must not stay" * 100)
    result = fetcher().download(job, CancelToken())
    assert result.sha256 == mp3_sha


def test_a_complete_part_is_not_fetched_again(make_job, server, mp3, mp3_sha):
    job = make_job()
    job.path.parent.mkdir(parents=True)
    job.part_path.write_bytes(mp3)
    result = fetcher().download(job, CancelToken())       # 416 with */size: complete
    assert result.sha256 == mp3_sha and result.fetched == 0


def test_too_many_drops_without_progress_fail_as_transfer(make_job, server, mp3):
    server.behaviour.drop_after = [0, 0, 0]
    job = make_job()
    with pytest.raises(TransferFailed):
        fetcher(retries=2).download(job, CancelToken())
    assert not job.path.exists()


def test_expired_url_and_not_purchased_are_typed(make_job, server):
    job = make_job()
    server.behaviour.status["/track.mp3"] = 401
    with pytest.raises(UrlExpired) as raised:
        fetcher().download(job, CancelToken())
    assert "oauth_signature=abc" not in str(raised.value)
    server.behaviour.status["/track.mp3"] = 403
    with pytest.raises(NotPurchased):
        fetcher().download(job, CancelToken())
    assert not job.path.exists() and not job.part_path.exists()


def test_a_full_disk_pauses_with_nothing_under_the_final_name(make_job, mp3, mp3_sha):
    job = make_job()
    with pytest.raises(DiskFull) as raised:
        fetcher(opener=FullDisk(50_000)).download(job, CancelToken())
    assert raised.value.pauses and raised.value.errno == errno.ENOSPC
    assert not job.path.exists() and job.part_path.stat().st_size == 50_000
    # space again: it continues from the .part
    result = fetcher().download(job, CancelToken())
    assert result.resumed_from == 50_000 and result.sha256 == mp3_sha


def test_a_folder_that_cant_be_made_pauses(make_job, tmp_path, info):
    from app.downloads.jobs import new_job

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the music folder should be")
    job = new_job(info, make_job().url, blocker / "Music")
    with pytest.raises(FolderNotWritable) as raised:
        fetcher().download(job, CancelToken())
    assert raised.value.pauses


def test_a_read_only_file_system_pauses(make_job):
    def read_only(path, mode):
        raise OSError(errno.EROFS, "Read-only file system")

    job = make_job()
    with pytest.raises(FolderNotWritable) as raised:
        fetcher(opener=read_only).download(job, CancelToken())
    assert raised.value.errno == errno.EROFS and not job.path.exists()


def test_not_an_mp3_stays_part(make_job):
    job = make_job(body=b"<html>Sign in to download</html>" * 50)
    with pytest.raises(NotAnMp3):
        fetcher().download(job, CancelToken())
    assert job.part_path.exists() and not job.path.exists()


def test_a_206_from_the_wrong_offset_starts_again(make_job, server, mp3, mp3_sha):
    job = make_job()
    job.path.parent.mkdir(parents=True)
    job.part_path.write_bytes(mp3[:1000])
    server.behaviour.wrong_range = True
    result = fetcher().download(job, CancelToken())
    assert [r for _, r in server.behaviour.requests if _ == "/track.mp3"] == ["bytes=1000-", None]
    assert result.sha256 == mp3_sha


def test_content_range_parsing():
    from app.downloads.fetch import _content_range

    assert _content_range("bytes 5-9/10") == (5, 10) and _content_range("bytes */10") == (None, 10)
    assert _content_range("bytes 5-9/*") == (5, None)
    assert _content_range("bytes 5-9") is None and _content_range(None) is None


def test_cancelling_stops_at_the_next_chunk_and_keeps_the_part(make_job, server, mp3):
    token = CancelToken()
    seen = []

    def progress(done, total):
        seen.append(done)
        if done >= 20_000:
            token.cancel()

    job = make_job()
    with pytest.raises(Cancelled):
        fetcher().download(job, token, progress)
    assert 20_000 <= job.part_path.stat().st_size < len(mp3) and not job.path.exists()
    assert seen == sorted(seen) and seen[-1] <= len(mp3)
    assert sha256_of(job.part_path) == hashlib.sha256(mp3[: job.part_path.stat().st_size]).hexdigest()


def test_a_busy_store_is_asked_again_and_a_dead_one_fails(make_job, server, mp3_sha):
    job = make_job()
    server.behaviour.status["/track.mp3"] = 503
    with pytest.raises(TransferFailed) as raised:
        fetcher(retries=1).download(job, CancelToken())
    assert raised.value.status == 503 and len(server.behaviour.requests) == 2
    del server.behaviour.status["/track.mp3"]
    assert fetcher().download(job, CancelToken()).sha256 == mp3_sha
