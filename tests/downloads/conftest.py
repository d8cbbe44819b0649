"""Fixtures for downloads: the test MP3, the loopback file server (tests/downloads/serving.py), a job."""
from __future__ import annotations

import hashlib

import pytest

from tests.downloads.serving import COVER, FileServer, make_mp3


@pytest.fixture(scope="session")
def mp3() -> bytes:
    return make_mp3()


@pytest.fixture
def mp3_sha(mp3) -> str:
    return hashlib.sha256(mp3).hexdigest()


@pytest.fixture
def server():
    s = FileServer()
    yield s
    s.stop()


@pytest.fixture
def music(tmp_path):
    return tmp_path / "Music"


@pytest.fixture
def info():
    from app.downloads.jobs import TrackInfo

    return TrackInfo(release_id="12345", track_id="678", title='AC/DC: "Live" <1979>?', artist="Bon Scott",
                     album_artist="AC/DC", album="If You Want Blood", track_number=3, track_total=10,
                     disc_number=1, disc_total=2, year=1978, cover_url=None)


@pytest.fixture
def make_job(server, mp3, music, info):
    """A job for `info` (changed by keyword) whose URL serves `body` (default: the test MP3)."""
    from dataclasses import replace

    from app.downloads.jobs import new_job

    def make(body: bytes | None = None, path: str = "/track.mp3", with_cover: bool = True, **changes):
        url = server.serve(path, mp3 if body is None else body)
        cover = server.serve("/cover.png", COVER) if with_cover else None
        return new_job(replace(info, cover_url=cover, **changes), url, music)

    return make
