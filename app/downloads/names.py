"""Where a purchased track goes: `<music dir>/Artist/Release (Year)/NN Title.mp3`, each part safe.

Safe on every desktop file system the app runs on: no path separators or characters Windows
refuses (`<>:"/\\|?*`, control characters), no reserved device names (CON, NUL, COM1…), no
trailing dots or spaces, no leading dots (hidden on Unix), Unicode NFC (macOS would otherwise
store a decomposed name beside a composed one), and at most 255 UTF-8 bytes per component,
counting the `.part` a download is written under first. Lookalikes keep names readable:
`AC/DC: "Live" <1979>?` becomes `AC-DC - 'Live' (1979)`.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

__all__ = ["safe_component", "track_path", "MAX_COMPONENT_BYTES", "PART_SUFFIX"]

MAX_COMPONENT_BYTES = 255
PART_SUFFIX = ".part"
EXTENSION = ".mp3"

_LOOKALIKES = {"/": "-", "\\": "-", "|": "-", ":": " -", '"': "'", "<": "(", ">": ")", "?": "", "*": ""}
_UNSAFE = re.compile("[" + re.escape("".join(_LOOKALIKES)) + "]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
             *(f"COM{n}" for n in "123456789¹²³"), *(f"LPT{n}" for n in "123456789¹²³")}


def safe_component(text: str | None, fallback: str = "Unknown", max_bytes: int = MAX_COMPONENT_BYTES) -> str:
    """`text` as one file or folder name (see the module docstring); `fallback` when nothing is left."""
    name = unicodedata.normalize("NFC", str(text or ""))
    name = _UNSAFE.sub(lambda m: _LOOKALIKES[m.group()], _CONTROL.sub(" ", name))
    name = " ".join(name.split())            # also folds Unicode spaces and the doubles made above
    name = _truncate(name.lstrip(". ").rstrip(". "), max_bytes)
    if not name:
        return _truncate(fallback, max_bytes) if fallback != "" else "_"
    stem = name.split(".", 1)[0].rstrip(" ")
    if stem.upper() in _RESERVED:
        name = _truncate(stem + "_" + name[len(stem):], max_bytes)
    return name


def _truncate(name: str, max_bytes: int) -> str:
    while len(name.encode("utf-8")) > max_bytes:
        name = name[:-1]
        # don't leave a combining mark without its base, or a dangling space/dot at the end
        while name and unicodedata.combining(name[-1]):
            name = name[:-1]
    return name.rstrip(". ")


def track_path(music_dir: Path | str, *, artist: str, album: str, title: str, year: int | None = None,
               track_number: int | None = None, disc_number: int | None = None,
               disc_total: int | None = None) -> Path:
    """The final path of one track; the `.part` name beside it also fits the length limit."""
    album_name = f"{album} ({year})" if year else album
    number = f"{track_number:02d} " if track_number else ""
    if number and disc_total and disc_total > 1 and disc_number:
        number = f"{disc_number}-{number}"
    budget = MAX_COMPONENT_BYTES - len((EXTENSION + PART_SUFFIX).encode())
    stem = safe_component(number + (title or ""), fallback=number.strip() or "Track", max_bytes=budget)
    return Path(music_dir) / safe_component(artist) / safe_component(album_name) / (stem + EXTENSION)
