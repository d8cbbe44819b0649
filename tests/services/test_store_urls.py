"""Pasted 7digital links map to the app's locations."""
import pytest

from app.services.store_urls import StoreLink, parse_store_link


@pytest.mark.parametrize("text, expected", [
    ("http://www.7digital.com/artists/keane/perfect-symmetry-1/?partner=1401",
     StoreLink(artist_slug="keane", release_slug="perfect-symmetry-1")),
    ("http://www.7digital.com/artist/van-morrison/", StoreLink(artist_slug="van-morrison")),
    ("https://uk.7digital.com/artist/daft-punk/release/random-access-memories-2367323",
     StoreLink(location="release:2367323")),
    ("uk.7digital.com/artist/daft-punk/release/random-access-memories-2367323?f=20",
     StoreLink(location="release:2367323")),
    ("https://previews.7digital.com/clip/12345?country=GB", StoreLink(track_id="12345")),
    ("release:42", StoreLink(location="release:42")),
    ("artist:7", StoreLink(location="artist:7")),
])
def test_store_links_are_recognised(text, expected):
    assert parse_store_link(text) == expected


@pytest.mark.parametrize("text", ["abba", "the 7digital store", "http://example.com/artist/x",
                                  "https://www.7digital.com/help", "release: 42 things"])
def test_ordinary_searches_are_not_links(text):
    assert parse_store_link(text) is None
