"""Basket edits replayed on what the file holds now, and BasketStorage.update (app/basket/edits.py, storage.py)."""
from __future__ import annotations

from app.basket.edits import (AddItem, ApplySync, ClearPurchased, MoveToCountry, RemoveItem, RestoreItem,
                              SetCountry)
from app.basket.storage import BasketState, BasketStorage, StoredItem


def _item(release: str, **fields) -> StoredItem:
    return StoredItem(release_id=release, title=f"Title {release}", **fields)


def _ids(state: BasketState) -> list[str]:
    return [item.release_id for item in state.items]


def test_adding_an_item_the_file_already_has_changes_nothing():
    state = BasketState(items=(_item("1", item_id="11"),))
    assert AddItem(_item("1")).apply(state) is state
    assert _ids(AddItem(_item("2")).apply(state)) == ["1", "2"]


def test_removing_goes_by_key_wherever_the_item_is_now():
    state = BasketState(items=(_item("0"), _item("1"), _item("1", track_id="5")))
    assert [item.key for item in RemoveItem(("1", None)).apply(state).items] == [("0", None), ("1", "5")]
    assert RemoveItem(("9", None)).apply(state) is state


def test_undo_puts_an_item_back_in_place_or_at_the_end():
    state = BasketState(items=(_item("1"), _item("3")))
    assert _ids(RestoreItem(1, _item("2")).apply(state)) == ["1", "2", "3"]
    assert _ids(RestoreItem(7, _item("2")).apply(state)) == ["1", "3", "2"]      # the basket shrank since
    assert RestoreItem(0, _item("3")).apply(state) is state                      # another process re-added it


def test_a_sync_result_updates_what_it_knows_and_keeps_items_added_meanwhile():
    state = BasketState(basket_id=None, currency="GBP",
                        items=(_item("1"), _item("2"), _item("3"), _item("4")))    # "4": added by another process
    synced = (_item("1", item_id="11", price="£1.00"), _item("3", item_id="33", price="£3.00"))
    after = ApplySync("b-1", synced, frozenset({("2", None)}), "£4.00", "").apply(state)
    assert after.items == (synced[0], synced[1], _item("4"))
    assert (after.basket_id, after.total, after.currency) == ("b-1", "£4.00", "GBP")


def test_clearing_a_purchase_drops_only_its_items_and_only_from_its_basket():
    state = BasketState(basket_id="paid", total="£2.00", items=(_item("1"), _item("2"), _item("3")))
    cleared = ClearPurchased("paid", frozenset({("1", None), ("2", None)})).apply(state)
    assert _ids(cleared) == ["3"] and cleared.basket_id is None and cleared.total == ""
    # Another process cleared it already and shops on in a new basket: nothing of that goes.
    renewed = BasketState(basket_id="new", items=(_item("1"),))
    assert ClearPurchased("paid", frozenset({("1", None)})).apply(renewed) is renewed


def test_country_edits():
    state = BasketState(basket_id="b-1", country="GB", items=(_item("1"),))
    moved = MoveToCountry("US").apply(state)
    assert (moved.basket_id, moved.country, _ids(moved)) == (None, "US", ["1"])
    assert SetCountry("GB").apply(state) is state
    assert SetCountry("US").apply(state) == BasketState(basket_id="b-1", country="US", items=(_item("1"),))


def test_update_applies_edits_to_what_another_process_wrote(tmp_path):
    path = tmp_path / "basket.json"
    mine, theirs = BasketStorage(path), BasketStorage(path)
    mine.update([(1, AddItem(_item("1"))), (2, AddItem(_item("2")))])
    theirs.update([(1, AddItem(_item("3")))])
    result = mine.update([(3, RemoveItem(("1", None)))])
    assert _ids(result.state) == ["2", "3"] and result.applied == 3 and result.moved_aside is None
    assert _ids(BasketStorage(path).load().state) == ["2", "3"]


def test_update_on_no_file_starts_from_an_empty_basket(tmp_path):
    result = BasketStorage(tmp_path / "new" / "basket.json").update(
        [(1, AddItem(_item("1")))], fallback=BasketState(items=(_item("0"),)))
    assert _ids(result.state) == ["1"] and result.moved_aside is None


def test_update_moves_a_corrupt_file_aside_and_goes_on_from_the_callers_basket(tmp_path):
    path = tmp_path / "basket.json"
    path.write_bytes(b'{"schema": 1, "items": [')
    known = BasketState(basket_id="b-1", items=(_item("1"),))
    result = BasketStorage(path).update([(1, AddItem(_item("2")))], fallback=known)
    assert result.moved_aside is not None and result.moved_aside.read_bytes() == b'{"schema": 1, "items": ['
    assert result.problem
    assert result.state == BasketState(basket_id="b-1", items=(_item("1"), _item("2")))
    assert BasketStorage(path).load().state == result.state


def test_update_with_nothing_new_writes_nothing(tmp_path):
    path = tmp_path / "basket.json"
    storage = BasketStorage(path)
    storage.update([(1, AddItem(_item("1")))])
    BasketStorage(path).update([(1, AddItem(_item("2")))])          # another process
    before = path.stat().st_mtime_ns, path.stat().st_ino
    result = storage.update([(1, AddItem(_item("1")))])              # a late job: already written
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == before
    assert _ids(result.state) == ["1", "2"] and result.applied == 1
