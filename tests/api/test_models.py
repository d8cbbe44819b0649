"""The records that cross threads: frozen, slotted, hashable, and quiet about credentials."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

import app.api as api
from app.api import Artist, OAuthToken, Page, Price

RECORDS = ["Page", "Artist", "Release", "Track", "Price", "Tag", "Label", "Format", "Basket", "BasketItem", "Amount",
           "ChartItem", "BasketStatus", "OAuthToken", "User", "LockerRelease", "LockerTrack", "DownloadUrl"]


@pytest.mark.parametrize("name", RECORDS)
def test_every_record_is_a_frozen_slotted_dataclass(name):
    cls = getattr(api, name)
    assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen
    assert "__slots__" in cls.__dict__ and "__dict__" not in dir(cls)


def test_records_refuse_changes_and_hash_by_value():
    artist = Artist(1, "Keane")
    with pytest.raises(dataclasses.FrozenInstanceError):
        artist.name = "Other"  # type: ignore[misc]
    assert {artist, Artist(1, "Keane")} == {artist}
    price = Price("GBP", "£", Decimal("0.99"), "£0.99")
    assert dataclasses.replace(price, value=None).value is None and price.value == Decimal("0.99")


def test_page_knows_whether_more_follow():
    assert Page((1, 2), 1, 2, 5).has_next and not Page((1,), 3, 2, 5).has_next
    assert not Page((), 1, 10, 50).has_next  # an empty page never promises more


def test_tokens_stay_out_of_repr():
    token = OAuthToken("visible-token", "hidden-secret")
    assert "visible-token" not in repr(token) and "hidden-secret" not in repr(token)
