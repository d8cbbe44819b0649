"""The item models behind the basket dock and My music obey Qt's model contract (app/models)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from app.api import Artist, LockerRelease, LockerTrack, Release, Track
from app.basket.storage import BasketState, BasketStorage, StoredItem
from app.models.basket import BasketTableModel
from app.models.locker import LockerTreeModel
from app.models.roles import ItemRole


def test_the_basket_model_follows_the_basket(qtmodeltester, runner, basket_path):
    from app.basket.basket import Basket
    from app.services.store import CurrentStore

    BasketStorage(basket_path).save(BasketState(items=(
        StoredItem("1", None, "11", "release", "Album", "Artist A", "£7.99", "7.99"),
        StoredItem("2", "20", None, "track", "Song", "Artist B", "", None))))
    basket = Basket(runner, CurrentStore("GB"), BasketStorage(basket_path))    # the store isn't up yet
    model = BasketTableModel(basket)
    basket.start()
    qtmodeltester.check(model)
    assert [[model.index(r, c).data() for c in range(4)] for r in range(2)] == [
        ["Artist A", "Album", "Release", "£7.99"], ["Artist B", "Song", "Track", "…"]]
    assert model.index(1, 0).data(ItemRole.RECORD).track_id == "20"
    assert "waiting for the store" in model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    basket.remove(model.item(0))
    assert model.rowCount() == 1 and model.index(0, 1).data() == "Song"


def test_the_locker_model_nests_tracks_under_releases(qtmodeltester):
    artist = Artist(1, "Artist A")
    release = Release(5, "Album", None, "Album", None, 2020, False, artist, None, None, None, None)
    tracks = tuple(LockerTrack(Track(50 + n, f"Song {n}", None, artist, n, 200, False, None, None, None, None),
                               purchase_date=date(2026, 11, n)) for n in (1, 2))
    model = LockerTreeModel()
    model.set_releases((LockerRelease(release, tracks),))
    qtmodeltester.check(model)
    top = model.item(0)
    assert (top.text(), model.item(0, 2).text(), top.rowCount()) == ("Album", "2026-11-02", 2)
    # A track row names only what differs from its release: here the earlier purchase date.
    assert top.child(0).text() == "1. Song 1" and top.child(0, 2).text() == "2026-11-01"
    assert top.child(1, 2).text() == ""
    assert top.child(1).data(ItemRole.LOCATION) == "release:5"
    model.set_releases(())
    assert model.rowCount() == 0
