"""Numbers in the basket file and its totals go through the api's checked converters: a bad amount is an
unknown price, never a crash (1e1000000 raised decimal.Overflow in Basket.total), £NaN or £-7.00; a bad
id is a damaged file or an item no store sells, never an untyped ValueError or a hang."""
from __future__ import annotations

import json
import time

import pytest

from app.basket.storage import BasketStorage, StoredItem
from app.basket.sync import local_total, synchronise

SILLY_AMOUNTS = ["1e1000000", "NaN", "-7.00", "-0.01", "Infinity", "1E+3", "1000000000", "0.1234567", "£7.99"]


@pytest.mark.parametrize("amount", SILLY_AMOUNTS)
def test_a_silly_amount_makes_the_local_total_unknown(amount):
    items = (StoredItem("1", amount="0.99", price="£0.99"), StoredItem("2", amount=amount, price="£1.00"))
    started = time.perf_counter()
    assert local_total(items, "£0.00") == ""        # was decimal.Overflow, "£NaN", "£-7.00", "£1000.99"…
    assert time.perf_counter() - started < 1.0


def test_a_total_past_the_bound_is_unknown():
    items = tuple(StoredItem(str(n), amount="999999999.99") for n in range(1, 3))
    assert local_total(items, "£0.00") == ""


def test_known_amounts_still_add_up_in_the_stores_format():
    items = (StoredItem("1", amount="0.99", price="0,99 €"), StoredItem("2", amount="7.99", price="7,99 €"),
             StoredItem("3", amount=None, price=""))
    assert local_total(items, "") == "8,98 €"
    assert local_total((StoredItem("1", amount="1234.5"),), "£0.00") == "£1234.50"


@pytest.mark.parametrize("amount", ["1e1000000", "NaN", "-7.00", "Infinity", "1" * 5000, 1e308, -7, True])
def test_a_silly_amount_in_the_file_is_read_as_unknown(tmp_path, amount):
    path = tmp_path / "basket.json"
    path.write_text(json.dumps({"schema": 1, "total": "", "items": [
        {"release_id": "1", "title": "One", "price": "£0.99", "amount": "0.99"},
        {"release_id": "2", "title": "Two", "price": "£1.00", "amount": amount}]}), "utf-8")
    started = time.perf_counter()
    result = BasketStorage(path).load()
    assert result.moved_aside is None
    assert [item.amount for item in result.state.items] == ["0.99", None]
    assert local_total(result.state.items, "£0.00") == "£0.99"
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("release_id", ["1" * 5000, "x" * 100, "1\n2"])
def test_an_absurd_id_in_the_file_is_a_damaged_file_put_aside(tmp_path, release_id):
    path = tmp_path / "basket.json"
    raw = json.dumps({"schema": 1, "items": [{"release_id": release_id, "title": "One"}]})
    path.write_text(raw, "utf-8")
    result = BasketStorage(path).load()
    assert result.moved_aside is not None and result.state.items == ()


def test_a_5000_digit_json_number_is_a_damaged_file_not_a_crash(tmp_path):
    path = tmp_path / "basket.json"
    path.write_text('{"schema": 1, "items": [{"release_id": ' + "1" * 5000 + ', "title": "One"}]}', "utf-8")
    result = BasketStorage(path).load()              # a bare ValueError escaped here before
    assert result.moved_aside is not None and result.state.items == ()


def test_an_item_whose_id_is_no_number_is_not_sold_rather_than_a_crash(client):
    """The store is asked only about plain ids: "1e600000" or a 5,000-digit id (which json and the
    basket's own edits can both produce) is an item no store sells, reported like one."""
    good = client.search_releases("love", page_size=5).items[0]
    wanted = (StoredItem(str(good.id), title=good.title), StoredItem("1e600000", title="Exponent"),
              StoredItem("9" * 5000, title="Long"), StoredItem(str(good.id), track_id="-3", title="Negative"))
    started = time.perf_counter()
    result = synchronise(client, None, wanted)
    assert time.perf_counter() - started < 10
    assert [item.title for item in result.not_sold] == ["Exponent", "Long", "Negative"]
    assert [item.release_id for item in result.items] == [str(good.id)]
