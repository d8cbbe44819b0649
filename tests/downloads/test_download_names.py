"""Safe, readable file names for purchased tracks."""
from __future__ import annotations

import unicodedata

import pytest

from app.downloads.names import MAX_COMPONENT_BYTES, PART_SUFFIX, safe_component, track_path


def test_the_example_title_gives_a_readable_name():
    assert safe_component('AC/DC: "Live" <1979>?') == "AC-DC - 'Live' (1979)"


@pytest.mark.parametrize("text, expected", [
    ("CON", "CON_"), ("nul", "nul_"), ("Com1.txt", "Com1_.txt"), ("LPT9", "LPT9_"), ("CONSOLE", "CONSOLE"),
    ("Trailing. . ", "Trailing"), ("...And Justice", "And Justice"), (".", "Unknown"), ("..", "Unknown"),
    ("a\x00b\x1fc\x7fd", "a b c d"), ("tab\there", "tab here"), ("", "Unknown"), (None, "Unknown"),
    ("back\\slash|pipe*star", "back-slash-pipestar"),
])
def test_unsafe_names(text, expected):
    assert safe_component(text) == expected


def test_names_are_nfc_and_fit_255_bytes():
    decomposed = "Cafe\u0301 " * 100
    name = safe_component(decomposed)
    assert unicodedata.is_normalized("NFC", name)
    assert len(name.encode("utf-8")) <= MAX_COMPONENT_BYTES
    assert "\u0301" not in name and name.startswith("Café Café")
    four_byte = safe_component("𝄞" * 100)
    assert len(four_byte.encode()) <= 255 and set(four_byte) == {"𝄞"}


def test_track_path_layout_and_part_name_fits():
    path = track_path("/music", artist="AC/DC", album="Live?", title="x" * 400, year=1979, track_number=3)
    assert path.parts[-3:-1] == ("AC-DC", "Live (1979)")
    assert path.name.startswith("03 xxx") and path.suffix == ".mp3"
    assert len((path.name + PART_SUFFIX).encode()) <= 255
    no_year = track_path("/m", artist="", album="", title="", track_number=None)
    assert no_year.parts[-3:] == ("Unknown", "Unknown", "Track.mp3")
    multi = track_path("/m", artist="A", album="B", title="T", track_number=7, disc_number=2, disc_total=2)
    assert multi.name == "2-07 T.mp3"
