"""Is it an MP3, and what it is tagged with (ID3v2.4 through mutagen).

mutagen is imported by the first check or tag, not with this module: the app imports the download
code at start, and mutagen's 15 modules (~2 MB) are only needed once a download is saved."""
from __future__ import annotations

from pathlib import Path

from .errors import NotAnMp3
from .jobs import TrackInfo

__all__ = ["verify_mp3", "write_tags", "has_our_ids", "RELEASE_ID_DESC", "TRACK_ID_DESC"]

RELEASE_ID_DESC = "7digital release id"
TRACK_ID_DESC = "7digital track id"
_UTF8 = 3


def verify_mp3(path: Path) -> float:
    """The duration in seconds of the MP3 at `path`; NotAnMp3 if mutagen can't find audio in it."""
    from mutagen import MutagenError
    from mutagen.mp3 import MP3

    try:
        audio = MP3(path)
    except (MutagenError, OSError, ValueError) as exc:
        raise NotAnMp3(type(exc).__name__) from None
    length = audio.info.length if audio.info is not None else 0
    if not length or length <= 0:
        raise NotAnMp3("no audio frames")
    return float(length)


def _number(n: int | None, total: int | None) -> str | None:
    if not n:
        return None
    return f"{n}/{total}" if total else str(n)


def write_tags(path: Path, info: TrackInfo, cover: bytes | None = None) -> None:
    """Replace the ID3 frames the app owns (leaves the others the store wrote)."""
    from mutagen.id3 import APIC, TALB, TDRC, TIT2, TPE1, TPE2, TPOS, TRCK, TXXX
    from mutagen.mp3 import MP3

    audio = MP3(path)
    if audio.tags is None:
        audio.add_tags()
    tags = audio.tags
    frames = {
        "TPE1": TPE1(encoding=_UTF8, text=[info.artist]) if info.artist else None,
        "TPE2": TPE2(encoding=_UTF8, text=[info.album_artist]) if info.album_artist else None,
        "TALB": TALB(encoding=_UTF8, text=[info.album]) if info.album else None,
        "TIT2": TIT2(encoding=_UTF8, text=[info.title]) if info.title else None,
        "TRCK": TRCK(encoding=_UTF8, text=[_number(info.track_number, info.track_total)])
        if info.track_number else None,
        "TPOS": TPOS(encoding=_UTF8, text=[_number(info.disc_number, info.disc_total)]) if info.disc_number else None,
        "TDRC": TDRC(encoding=_UTF8, text=[str(info.year)]) if info.year else None,
    }
    for key, frame in frames.items():
        tags.delall(key)
        if frame is not None:
            tags.add(frame)
    for desc, value in ((RELEASE_ID_DESC, info.release_id), (TRACK_ID_DESC, info.track_id)):
        tags.delall(f"TXXX:{desc}")
        tags.add(TXXX(encoding=_UTF8, desc=desc, text=[value]))
    if cover:
        tags.delall("APIC")
        tags.add(APIC(encoding=_UTF8, mime=_image_mime(cover), type=3, desc="Cover", data=cover))
    audio.save(v2_version=4)


def has_our_ids(path: Path, info: TrackInfo) -> bool:
    """True if `path` is a valid MP3 tagged with `info`'s release and track ids (downloaded before)."""
    from mutagen import MutagenError
    from mutagen.mp3 import MP3

    try:
        verify_mp3(path)
        tags = MP3(path).tags
    except (NotAnMp3, MutagenError, OSError):
        return False
    if tags is None:
        return False

    def text(desc: str) -> str | None:
        frame = tags.get(f"TXXX:{desc}")
        return str(frame.text[0]) if frame is not None and frame.text else None

    return text(RELEASE_ID_DESC) == info.release_id and text(TRACK_ID_DESC) == info.track_id


def _image_mime(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    return "image/jpeg"


def is_image(data: bytes) -> bool:
    return data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"))
