"""The Basket against the embedded store: add/remove/undo, totals, restarts, healing (app/basket/basket.py)."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from app.basket.notices import (AlreadyInBasket, BasketFileRecovered, BasketRenewed, RemovedUnavailable,
                                TrackNeedsRelease)
from app.basket.storage import BasketStorage
from app.services.store import CurrentStore
from app.ui.shopping_messages import basket_notice_text


def _server_keys(client, basket_id):
    return sorted((str(line.release_id), str(line.track_id) if line.track_id else None)
                  for line in client.basket(basket_id).items)


def test_adding_creates_the_store_basket_and_reports_the_item(qtbot, make_basket, client, for_sale):
    basket = make_basket()
    release = for_sale[0]
    with qtbot.waitSignal(basket.item_added, timeout=10000) as added:
        assert basket.add(release)
    assert added.args[0].release_id == str(release.id)
    qtbot.waitUntil(lambda: basket.is_synced, timeout=10000)
    assert basket.count == 1
    assert _server_keys(client, basket.basket_id) == [(str(release.id), None)]
    item = basket.items[0]
    assert (item.title, item.type, item.item_id is not None) == (release.title, "release", True)
    assert item.price == release.price.formatted


def test_the_total_is_the_stores_amount_due_in_its_currency(qtbot, make_basket, client, for_sale):
    basket = make_basket()
    tracks = client.release_tracks(for_sale[1].id).items
    track = next(t for t in tracks if t.price is not None and t.price.value is not None)
    basket.add(for_sale[0])
    basket.add(for_sale[1], track)
    qtbot.waitUntil(lambda: basket.is_synced and basket.count == 2, timeout=10000)
    server = client.basket(basket.basket_id)
    assert basket.total == server.amount_due.formatted
    assert server.amount_due.value == for_sale[0].price.value + track.price.value
    assert basket.total.startswith("£")
    assert [item.type for item in basket.items] == ["release", "track"]


def test_remove_then_undo_restores_the_item_in_place(qtbot, make_basket, client, for_sale):
    basket = make_basket()
    for release in for_sale[:3]:
        basket.add(release)
    qtbot.waitUntil(lambda: basket.is_synced and basket.count == 3, timeout=10000)
    middle = basket.items[1]
    with qtbot.waitSignal(basket.item_removed) as removed:
        assert basket.remove(middle)
    assert removed.args == [middle]
    qtbot.waitUntil(lambda: basket.is_synced, timeout=10000)
    assert _server_keys(client, basket.basket_id) == sorted([basket.items[0].key, basket.items[1].key])
    before = Decimal(client.basket(basket.basket_id).amount_due.value)

    assert basket.undo_remove() == middle
    assert [item.release_id for item in basket.items] == [str(r.id) for r in for_sale[:3]]
    qtbot.waitUntil(lambda: basket.is_synced, timeout=10000)
    assert _server_keys(client, basket.basket_id) == sorted(item.key for item in basket.items)
    assert client.basket(basket.basket_id).amount_due.value == before + for_sale[1].price.value
    assert not basket.can_undo


def test_a_track_without_its_release_is_refused(make_basket, client, for_sale):
    basket = make_basket()
    track = client.release_tracks(for_sale[0].id).items[0]
    with pytest.raises(TrackNeedsRelease):
        basket.add(None, replace(track, release=None))
    assert basket.count == 0


def test_adding_the_same_release_twice_keeps_one(qtbot, make_basket, for_sale):
    basket = make_basket()
    assert basket.add(for_sale[0])
    with qtbot.waitSignal(basket.notice) as notice:
        assert not basket.add(for_sale[0])
    assert notice.args == [AlreadyInBasket(for_sale[0].title)]
    qtbot.waitUntil(lambda: basket.is_synced, timeout=10000)
    assert basket.count == 1


def test_the_basket_survives_an_app_restart(qtbot, make_basket, client, for_sale, basket_path):
    first = make_basket()
    first.add(for_sale[0])
    first.add(for_sale[2])
    qtbot.waitUntil(lambda: first.is_synced and first.count == 2, timeout=10000)
    basket_id, items, total = first.basket_id, first.items, first.total
    first.flush()                              # what quitting does

    again = make_basket()                      # a new process would build exactly this
    assert again.items == items and again.basket_id == basket_id   # shown at once, from disk
    qtbot.waitUntil(lambda: again.is_synced, timeout=10000)
    assert again.basket_id == basket_id and again.items == items and again.total == total
    assert BasketStorage(basket_path).load().state.basket_id == basket_id


def test_a_basket_the_store_forgot_is_rebuilt_with_every_item(qtbot, make_basket, for_sale,
                                                             catalogue_cache, runner, basket_path):
    from app.api import StoreClient
    from app.basket.basket import Basket
    from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, SandboxServer

    first = make_basket()
    for release in for_sale[:3]:
        first.add(release)
    qtbot.waitUntil(lambda: first.is_synced and first.count == 3, timeout=10000)
    old_id, keys = first.basket_id, [item.key for item in first.items]
    first.flush()

    # A store restarted since: same catalogue, no baskets (basket/details → 2001).
    with SandboxServer(port=0, catalogue="small", cache_dir=catalogue_cache).start() as fresh:
        fresh_client = StoreClient(base_url=fresh.url, consumer_key=DEMO_CONSUMER_KEY,
                                   consumer_secret=DEMO_CONSUMER_SECRET, country="GB", timeout=5.0)
        fresh_store = CurrentStore("GB")
        fresh_store.set_client(fresh_client)
        healed = Basket(runner, fresh_store, BasketStorage(basket_path))
        with qtbot.waitSignal(healed.notice, timeout=10000) as notice:
            healed.start()
        assert notice.args == [BasketRenewed()]
        qtbot.waitUntil(lambda: healed.is_synced, timeout=10000)
        assert healed.basket_id != old_id
        assert [item.key for item in healed.items] == keys
        assert _server_keys(fresh_client, healed.basket_id) == sorted(keys)
        assert all(item.item_id for item in healed.items)


def test_a_corrupt_basket_file_is_moved_aside_and_the_app_carries_on(qtbot, make_basket, basket_path, for_sale):
    basket_path.parent.mkdir(parents=True)
    basket_path.write_bytes(b'{"schema": 1, "items": [{"release_id": ')
    basket = make_basket(start=False)
    with qtbot.waitSignal(basket.notice) as notice:
        basket.start()
    recovered = notice.args[0]
    aside = list(basket_path.parent.glob("basket.json.corrupt-*"))
    assert isinstance(recovered, BasketFileRecovered) and len(aside) == 1 and recovered.path == aside[0]
    text = basket_notice_text(recovered)                   # what the status bar shows
    assert "could not be read" in text and str(aside[0]) in text and recovered.problem in text
    assert basket.count == 0
    basket.add(for_sale[0])
    qtbot.waitUntil(lambda: basket.is_synced, timeout=10000)
    basket.flush()
    assert BasketStorage(basket_path).load().state.items[0].release_id == str(for_sale[0].id)


def test_a_network_failure_keeps_the_item_and_a_retry_sends_it(qtbot, make_basket, sandbox, client, for_sale):
    basket = make_basket()
    sandbox.faults.drop(path="basket/addItem")
    with qtbot.waitSignal(basket.sync_failed, timeout=15000) as failed:
        basket.add(for_sale[0])
    from app.api import NetworkError

    assert isinstance(failed.args[0], NetworkError)
    assert basket.count == 1 and not basket.is_synced
    assert basket.total == for_sale[0].price.formatted          # computed locally meanwhile
    sandbox.faults.clear()
    basket.refresh()
    qtbot.waitUntil(lambda: basket.is_synced, timeout=10000)
    assert _server_keys(client, basket.basket_id) == [(str(for_sale[0].id), None)]


def test_a_purchase_clears_the_basket_for_good(qtbot, make_basket, for_sale):
    basket = make_basket()
    basket.add(for_sale[0])
    qtbot.waitUntil(lambda: basket.is_synced, timeout=10000)
    basket.clear_purchased("some-other-basket")
    assert basket.count == 1
    basket.clear_purchased(basket.basket_id)
    assert basket.count == 0 and basket.basket_id is None
    basket.flush()
    assert make_basket().count == 0


def _not_for_sale(client):
    for page in range(1, 6):
        for release in client.search_releases("the", page=page, page_size=100).items:
            if release.price is None or release.price.value is None:
                return release
    raise AssertionError("the sandbox catalogue has no release that is not for sale")


def test_changing_country_reprices_in_a_new_store_basket(qtbot, make_basket, store, for_sale):
    basket = make_basket()
    basket.add(for_sale[0])
    basket.add(for_sale[1])
    qtbot.waitUntil(lambda: basket.is_synced and basket.count == 2, timeout=10000)
    gb_id, keys = basket.basket_id, [item.key for item in basket.items]
    store.set_country("US")
    us = store.client
    qtbot.waitUntil(lambda: basket.is_synced, timeout=10000)
    assert basket.basket_id != gb_id and basket.country == "US"
    assert [item.key for item in basket.items] == keys
    assert all(item.price.startswith("$") for item in basket.items)
    assert basket.total == us.basket(basket.basket_id).amount_due.formatted and basket.total.startswith("$")


def test_items_the_store_will_not_sell_are_named_and_dropped(qtbot, make_basket, basket_path, client, store,
                                                             for_sale):
    from app.basket.storage import BasketState, StoredItem

    unsold = _not_for_sale(client)
    # Chosen in another store, where it was for sale; this run uses the US store.
    BasketStorage(basket_path).save(BasketState(country="GB", items=(
        StoredItem(release_id=str(for_sale[0].id), title=for_sale[0].title),
        StoredItem(release_id=str(unsold.id), title=unsold.title))))
    store.set_country("US")
    basket = make_basket(start=False)
    with qtbot.waitSignal(basket.notice, timeout=10000) as notice:
        basket.start()
    assert notice.args == [RemovedUnavailable("US", (unsold.title,))]
    assert basket_notice_text(notice.args[0]) == \
        f"Not available in the US store, so removed from your basket: “{unsold.title}”."
    qtbot.waitUntil(lambda: basket.is_synced, timeout=10000)
    assert [item.release_id for item in basket.items] == [str(for_sale[0].id)]


def test_a_basket_paid_for_while_the_app_was_closed_is_cleared_at_start(qtbot, make_basket, sandbox, client,
                                                                         for_sale):
    import requests
    from lxml import html as lxml_html

    from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD

    basket = make_basket()
    basket.add(for_sale[0])
    qtbot.waitUntil(lambda: basket.is_synced, timeout=10000)
    paid_id = basket.basket_id
    token = client.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    page = client.with_access_token(token).checkout_url(paid_id)
    form = lxml_html.fromstring(requests.get(page, timeout=5).text).forms[0]   # the page's own form pays
    fields = {i.name: i.value for i in form.inputs if i.get("type") == "hidden"}
    assert requests.post(page, data={**fields, "action": "pay"}, timeout=5).status_code == 200
    basket.flush()

    again = make_basket(start=False)
    with qtbot.waitSignal(again.purchase_detected, timeout=10000) as detected:
        again.start()
    assert detected.args[0] == paid_id
    qtbot.waitUntil(lambda: again.is_synced, timeout=10000)
    assert again.count == 0 and again.basket_id != paid_id
    again.add(for_sale[1])                         # and shopping goes on in a new basket
    qtbot.waitUntil(lambda: again.is_synced and again.count == 1, timeout=10000)


def test_the_saved_basket_shows_before_the_store_is_up_and_syncs_once_it_is(qtbot, make_basket, client, for_sale):
    first = make_basket()
    first.add(for_sale[0])
    qtbot.waitUntil(lambda: first.is_synced, timeout=10000)
    first.flush()
    starting = CurrentStore("GB")                 # as the app has it while the embedded store starts
    waiting = make_basket(on=starting)
    assert waiting.count == 1 and not waiting.is_synced
    starting.set_client(client)
    qtbot.waitUntil(lambda: waiting.is_synced, timeout=10000)
    assert waiting.basket_id == first.basket_id


def test_saving_never_blocks_the_gui_thread_and_the_newest_state_lands(qtbot, runner, store, basket_path, for_sale):
    import threading

    from app.basket.basket import Basket

    class WatchedStorage(BasketStorage):
        threads: list = []

        def _write(self, state):
            self.threads.append(threading.current_thread() is threading.main_thread())
            super()._write(state)

    basket = Basket(runner, store, WatchedStorage(basket_path))
    basket.start()
    for release in for_sale[:4]:
        basket.add(release)
    basket.remove(basket.items[0])
    qtbot.waitUntil(lambda: basket.is_synced, timeout=10000)
    qtbot.waitUntil(lambda: not basket.saving, timeout=5000)
    assert WatchedStorage.threads and not any(WatchedStorage.threads)
    assert BasketStorage(basket_path).load().state.items == basket.items


def test_older_saves_never_overwrite_newer_ones(tmp_path):
    from app.basket.edits import AddItem, RemoveItem
    from app.basket.storage import StoredItem

    storage = BasketStorage(tmp_path / "basket.json")
    item = StoredItem(release_id="1")
    storage.update([(1, AddItem(item)), (2, RemoveItem(item.key))])     # the flush at quit
    late = storage.update([(1, AddItem(item))])                         # a slow job finishing late
    assert late.applied == 2 and late.state.items == ()
    assert BasketStorage(tmp_path / "basket.json").load().state.items == ()


def test_a_country_change_during_a_sync_still_ends_in_the_new_countrys_basket(qtbot, make_basket, sandbox, store,
                                                                               for_sale):
    basket = make_basket()
    sandbox.faults.latency(300, path="basket/addItem")      # the GB sync is still running...
    basket.add(for_sale[0])
    qtbot.waitUntil(lambda: basket.busy, timeout=5000)
    store.set_country("US")                                 # ...when the user switches to the US store
    us = store.client
    qtbot.waitUntil(lambda: basket.is_synced, timeout=15000)
    assert basket.items[0].price.startswith("$")
    assert us.basket(basket.basket_id).amount_due.formatted.startswith("$")
    assert basket.total.startswith("$")
