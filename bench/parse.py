"""Items parsed per second (bytes → frozen dataclasses) for 50- and 1,000-item pages.

Pages are built by repeating one recorded item (a full track with nested release and price, a full
release with price/formats/label, an artist search result). Target: ≥ 100,000 items/s.
Run: .venv/bin/python bench/parse.py   (uses ../shared/7digital/recorded when present, else a
built-in copy of the same track item)
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lxml import etree  # noqa: E402

from app.api.parse import read_envelope  # noqa: E402
from app.api.readers import read_artist, read_page, read_release, read_track  # noqa: E402

RECORDED = Path(__file__).resolve().parents[2] / "shared" / "7digital" / "recorded"
TARGET = 100_000

FALLBACK_TRACK = b"""<track id="3615513"><title>Spiralling</title><version/><artist id="1"><name>Keane</name>
<appearsAs>Keane</appearsAs><url>http://www.7digital.com/artist/keane/?partner=1401</url></artist>
<trackNumber>1</trackNumber><duration>258</duration><explicitContent>false</explicitContent>
<isrc>GBUM70812085</isrc><type>audio</type><release id="320866"><title>Perfect Symmetry</title>
<version>UK Album</version><type>Album</type><barcode>00602517856455</barcode><artist id="1"><name>Keane</name>
<appearsAs>Keane</appearsAs><url>http://www.7digital.com/artist/keane/?partner=1401</url></artist>
<url>http://www.7digital.com/artist/keane/release/perfect-symmetry-1/?partner=1401</url>
<image>http://artwork-cdn.7static.com/static/img/sleeveart/00/003/208/0000320866_50.jpg</image></release>
<url>http://www.7digital.com/artist/keane/release/perfect-symmetry-1/01-Spiralling/?partner=1401</url>
<price><currency code="GBP">\xc2\xa3</currency><value>0.99</value><formattedPrice>\xc2\xa30.99</formattedPrice>
<rrp>0.99</rrp><formattedRrp>\xc2\xa30.99</formattedRrp><onSale>false</onSale></price></track>"""


def _item(file: str, xpath: str, fallback: bytes | None) -> bytes | None:
    path = RECORDED / file
    if not path.is_file():
        return fallback
    element = etree.fromstring(path.read_bytes().lstrip(b"\xef\xbb\xbf")).find(xpath)
    element.tail = None
    return etree.tostring(element, encoding="utf-8").split(b"?>", 1)[-1]


def _page(container: str, item: bytes, count: int, wrapper: str | None = None) -> bytes:
    one = item if wrapper is None else b"<%s>%s</%s>" % (wrapper.encode(), item, wrapper.encode())
    return (b'<?xml version="1.0" encoding="utf-8"?><response status="ok" version="1.2">'
            b"<%s><page>1</page><pageSize>%d</pageSize><totalItems>%d</totalItems>%s</%s></response>"
            % (container.encode(), count, count * 7, one * count, container.encode()))


def _best(fn, budget: float = 1.5) -> float:
    """Fastest of repeated runs, in CPU seconds of this thread: the machine is shared, and wall time
    would count the time other processes held the CPU (a 100 ms run is nearly always preempted)."""
    best, spent, rounds = float("inf"), 0.0, 0
    while spent < budget or rounds < 7:
        started = time.thread_time()
        fn()
        took = time.thread_time() - started
        best, spent, rounds = min(best, took), spent + took, rounds + 1
    return best


def _measure(body: bytes, container: str, tag: str, reader, count: int) -> tuple[float, float, float]:
    """(items/s end to end, parse ms, read ms) for one page."""
    page = read_page(read_envelope(body), (container,), tag, reader)
    assert len(page.items) == count, (len(page.items), count)
    root = read_envelope(body)
    total = _best(lambda: read_page(read_envelope(body), (container,), tag, reader))
    parse = _best(lambda: read_envelope(body))
    read = _best(lambda: read_page(root, (container,), tag, reader))
    return count / total, parse * 1000, read * 1000


def main() -> int:
    kinds = [
        ("track (release/tracks)", _item("release-tracks.xml", "tracks/track", FALLBACK_TRACK),
         "tracks", "track", read_track, None),
        ("release (artist/releases)", _item("artist-releases.xml", "releases/release", None),
         "releases", "release", read_release, None),
        ("artist (artist/search)", _item("artist-search.xml", "searchResults/searchResult/artist", None),
         "searchResults", "artist", read_artist, "searchResult"),
    ]
    print(f"items parsed per second, bytes -> dataclasses, best of repeated runs in thread CPU time"
          f" (target >= {TARGET:,}/s)")
    worst = float("inf")
    for label, item, container, tag, reader, wrapper in kinds:
        if item is None:
            continue
        for count in (50, 1000):
            body = _page(container, item, count, wrapper)
            rate, parse_ms, read_ms = _measure(body, container, tag, reader, count)
            worst = min(worst, rate)
            print(f"  {label:26s} {count:5d} items ({len(body) / 1024:6.0f} KiB): {rate:9,.0f} items/s"
                  f"   [lxml parse {parse_ms:6.2f} ms, reading {read_ms:6.2f} ms]")
    print(f"slowest: {worst:,.0f} items/s -> {'meets' if worst >= TARGET else 'BELOW'} the target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
