"""The store's state in SQLite: a row per basket, purchase and token, written per change (a big state costs a
change no more than a small one, and reads don't wait for saves), the JSON state of before migrated once and
kept aside; baskets, request and access tokens and nonces that expire or overflow are forgotten; a change
that can't be saved is answered with error 7001 (logged once), and saved when it can be."""
from __future__ import annotations

import json
import logging
import sqlite3
import statistics
import threading
import time
from pathlib import Path

import pytest
import requests

from app.sandbox import SandboxServer, auth, persistence, shop
from app.sandbox.credentials import DEMO_USER_ID
from tests.sandbox.helpers import error_code, get, ok, post_checkout, sign_in, signed, token_of

DAY = 24 * 3600


def _server(cache, state, **kwargs) -> SandboxServer:
    return SandboxServer(port=0, catalogue="small", cache_dir=cache, state_file=state, **kwargs)


def rows(state: Path, sql: str) -> list[tuple]:
    db = sqlite3.connect(f"{state.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def new_basket(server) -> str:
    return ok(get(server, "basket/create")).find("basket").get("id")


def old_state(baskets: int = 1, tokens: list[dict] | None = None, store_id: str | None = "c" * 32,
              bought: list[int] | None = None) -> dict:
    """An embedded-store.json as the store wrote it before (schema 1); the demo user bought release 300100."""
    data = {"schema": 1, "next_item_id": 20_000_000, "next_purchase_id": 50_000,
            "baskets": [{"id": f"00000000-0000-4000-8000-{n:012d}", "country": "GB", "status": "Pending",
                         "purchase_id": None,
                         "items": [{"id": 16_000_000 + n, "release_id": 300_004, "track_id": None,
                                    "name": "An album", "artist_name": "Someone", "value": "7.99", "rrp": "7.99",
                                    "on_sale": False}]} for n in range(baskets)],
            "purchases": [{"id": 12_345, "user_id": DEMO_USER_ID, "date": "2024-01-01T00:00:00+00:00",
                           "tracks": {"300100": bought or [1]}, "complete_releases": [300100]}],
            "access_tokens": tokens or []}
    if store_id:
        data["store_id"] = store_id
    return data


# --- the database ---------------------------------------------------------------------------------------------
def test_the_state_is_a_database_with_a_row_per_basket_purchase_and_token(catalogue_cache, tmp_path):
    state = tmp_path / "embedded-store.json"
    with _server(catalogue_cache, state) as server:
        baskets = [new_basket(server) for _ in range(3)]
        ok(get(server, "basket/addItem", basketId=baskets[0], releaseId=300004))
        sign_in(server)
        assert sorted(r[0] for r in rows(state, "SELECT id FROM baskets")) == sorted(baskets)
        items = json.loads(rows(state, f"SELECT items FROM baskets WHERE id = '{baskets[0]}'")[0][0])
        assert [i["release_id"] for i in items] == [300004]
        assert len(rows(state, "SELECT token FROM access_tokens")) == 1
        assert len(rows(state, "SELECT id FROM purchases")) >= 1     # the demo user's locker
        assert rows(state, "SELECT value FROM meta WHERE key = 'store_id'") == [(server.store_id,)]
    assert persistence.stored_store_id(state) == server.store_id


def test_an_old_json_state_is_migrated_once_and_kept_aside(catalogue_cache, tmp_path):
    state = tmp_path / "embedded-store.json"
    with _server(catalogue_cache, tmp_path / "first.json") as first:
        token = sign_in(first)
        issued = rows(tmp_path / "first.json", "SELECT token, secret, consumer, user_id FROM access_tokens")[0]
        bought = first.app.catalogue.release_track_ids(300100)
    original = json.dumps(old_state(2, [dict(zip(("token", "secret", "consumer", "user_id"), issued))], bought=bought))
    state.write_text(original)
    with _server(catalogue_cache, state) as migrated:
        assert migrated.store_id == "c" * 32
        basket = ok(get(migrated, "basket", basketId="00000000-0000-4000-8000-000000000001")).find("basket")
        assert basket.findtext("itemCount") == "1" and basket.findtext(".//releaseId") == "300004"
        ok(requests.get(migrated.url + "user/details", auth=signed(token), timeout=10))
        locker = ok(requests.get(migrated.url + "user/locker", auth=signed(token), timeout=10))
        assert [r.get("id") for r in locker.findall(".//lockerRelease/release")] == ["300100"]
        added = ok(get(migrated, "basket/addItem", basketId="00000000-0000-4000-8000-000000000001",
                       releaseId=300005)).find("basket")
        assert "20000000" in [i.get("id") for i in added.findall(".//basketItem")]   # ids go on from the file's
    assert state.read_bytes()[:16] == b"SQLite format 3\x00"
    kept = list(tmp_path.glob("embedded-store.json.v1-*"))
    assert len(kept) == 1 and kept[0].read_text() == original
    with _server(catalogue_cache, state) as again:        # once: the database is used from now on
        assert again.store_id == "c" * 32
        ok(get(again, "basket", basketId="00000000-0000-4000-8000-000000000000"))
    assert len(list(tmp_path.glob("embedded-store.json.v1-*"))) == 1
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob("*.corrupt-*"))


def test_a_json_state_beside_a_database_path_is_migrated_too(catalogue_cache, tmp_path):
    (tmp_path / "store.json").write_text(json.dumps(old_state(1)))
    with _server(catalogue_cache, tmp_path / "store.sqlite3") as server:
        assert server.store_id == "c" * 32
        ok(get(server, "basket", basketId="00000000-0000-4000-8000-000000000000"))
    assert not (tmp_path / "store.json").exists() and list(tmp_path.glob("store.json.v1-*"))


def test_a_broken_database_is_moved_aside(catalogue_cache, tmp_path):
    state = tmp_path / "state.db"
    state.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)
    with _server(catalogue_cache, state) as server:
        ok(get(server, "basket", basketId=new_basket(server)))
    assert list(tmp_path.glob("state.db.corrupt-*")) and state.read_bytes()[:6] == b"SQLite"


def test_a_change_to_a_big_state_costs_what_it_costs_on_a_small_one(catalogue_cache, tmp_path):
    """30,000 baskets: the old store rewrote all of them (~9 MB, fsynced) under its lock on every change,
    ~450 ms per basket/create here, and reads waited as long."""
    state = tmp_path / "embedded-store.json"
    state.write_text(json.dumps(old_state(30_000)))
    with _server(catalogue_cache, state) as server:
        reads, done = [], threading.Event()

        def reader():
            with requests.Session() as session:
                while not done.is_set():
                    started = time.perf_counter()
                    session.get(server.url + "release/details", timeout=10,
                                params={"releaseId": 300000, "oauth_consumer_key": "demo-key"}).raise_for_status()
                    reads.append(time.perf_counter() - started)

        thread = threading.Thread(target=reader)
        thread.start()
        creates = []
        with requests.Session() as session:
            for _ in range(30):
                started = time.perf_counter()
                ok(session.get(server.url + "basket/create", params={"oauth_consumer_key": "demo-key"}, timeout=10))
                creates.append(time.perf_counter() - started)
        done.set()
        thread.join()
        assert len(rows(state, "SELECT id FROM baskets")) == 30_030
    assert statistics.median(creates) < 0.1, creates
    assert statistics.median(reads) < 0.05 and max(reads) < 0.5, (statistics.median(reads), max(reads))


# --- expiry -------------------------------------------------------------------------------------------------
def test_an_unused_basket_expires_and_leaves_the_state(catalogue_cache, tmp_path):
    state = tmp_path / "state.json"
    with _server(catalogue_cache, state) as server:
        old, kept = new_basket(server), new_basket(server)
        clock = [time.time()]
        server.app.shop.clock = lambda: clock[0]
        clock[0] += shop.BASKET_LIFETIME - DAY
        ok(get(server, "basket", basketId=kept))                       # looked at: kept another lifetime
        clock[0] += 2 * DAY
        assert error_code(get(server, "basket", basketId=old)) == 2001
        new_basket(server)
        ids = {r[0] for r in rows(state, "SELECT id FROM baskets")}
        assert old not in ids and kept in ids


def test_expired_baskets_are_swept_as_baskets_are_made_and_at_start(catalogue_cache, tmp_path):
    state = tmp_path / "state.json"
    with _server(catalogue_cache, state) as server:
        made = [new_basket(server) for _ in range(5)]
        server.app.shop.clock = lambda: time.time() + shop.BASKET_LIFETIME + DAY
        new_basket(server)                                            # sweeps the five
        assert not {r[0] for r in rows(state, "SELECT id FROM baskets")} & set(made)
        leftover, fresh = new_basket(server), new_basket(server)
    # As if the store was started again long after `leftover` was last used.
    db = sqlite3.connect(state)
    with db:
        db.execute("UPDATE baskets SET updated = ? WHERE id = ?", (time.time() - shop.BASKET_LIFETIME - DAY, leftover))
    db.close()
    with _server(catalogue_cache, state) as later:
        assert leftover not in later.app.shop.baskets and fresh in later.app.shop.baskets   # before any request
        assert leftover not in {r[0] for r in rows(state, "SELECT id FROM baskets")}


def test_baskets_are_capped_least_recently_used_first(catalogue_cache, tmp_path, monkeypatch):
    monkeypatch.setattr(shop, "MAX_BASKETS", 20)
    state = tmp_path / "state.json"
    with _server(catalogue_cache, state) as server:
        first = new_basket(server)
        made = [new_basket(server) for _ in range(29)]
        assert len(server.app.shop.baskets) == 20
        assert error_code(get(server, "basket", basketId=first)) == 2001
        ok(get(server, "basket", basketId=made[-1]))
        assert len(rows(state, "SELECT id FROM baskets")) == 20


def test_a_basket_holds_a_bounded_number_of_items(catalogue_cache, tmp_path, monkeypatch):
    monkeypatch.setattr(shop, "MAX_BASKET_ITEMS", 3)
    with _server(catalogue_cache, tmp_path / "state.json") as server:
        basket_id = new_basket(server)
        for release_id in (300004, 300005, 300006):
            ok(get(server, "basket/addItem", basketId=basket_id, releaseId=release_id))
        assert error_code(get(server, "basket/addItem", basketId=basket_id, releaseId=300007)) == 7001
        assert ok(get(server, "basket", basketId=basket_id)).findtext(".//itemCount") == "3"


def test_checkout_sessions_are_bounded_per_basket_and_go_with_their_basket(sandbox):
    basket_id = new_basket(sandbox)
    ok(get(sandbox, "basket/addItem", basketId=basket_id, releaseId=300004))
    pages = [get(sandbox, "basket/checkout", basketId=basket_id).url for _ in range(shop.MAX_SESSIONS_PER_BASKET + 3)]
    assert len(sandbox.app.shop.sessions) == shop.MAX_SESSIONS_PER_BASKET
    assert requests.get(pages[0], timeout=10).status_code == 404          # the oldest went
    assert requests.get(pages[-1], timeout=10).status_code == 200
    sandbox.app.shop.clock = lambda: time.time() + shop.BASKET_LIFETIME + DAY
    new_basket(sandbox)                                                     # sweeps the basket …
    assert sandbox.app.shop.sessions == {}                                  # … and its checkouts
    assert requests.get(pages[-1], timeout=10).status_code == 404


def test_request_tokens_expire_and_are_capped(sandbox, monkeypatch):
    request_token = token_of(requests.get(sandbox.url + "oauth/requesttoken", auth=signed(), timeout=10))
    accounts = sandbox.app.accounts
    accounts.clock = lambda: time.time() + auth.REQUEST_TOKEN_LIFETIME + 60
    late = requests.post(sandbox.url + "oauth/requestToken/authorise", auth=signed(), timeout=10,
                         data={"token": request_token[0], "username": "demo@example.com", "password": "demo-password"})
    assert late.status_code == 401 and late.text.endswith("Invalid or expired token")
    accounts.clock = time.time
    monkeypatch.setattr(auth, "MAX_REQUEST_TOKENS", 10)
    for _ in range(25):
        token_of(requests.get(sandbox.url + "oauth/requesttoken", auth=signed(), timeout=10))
    assert len(accounts.request_tokens) <= 10


def test_a_user_keeps_a_bounded_number_of_access_tokens(catalogue_cache, tmp_path, monkeypatch):
    monkeypatch.setattr(auth, "MAX_ACCESS_TOKENS", 3)
    state = tmp_path / "state.json"
    with _server(catalogue_cache, state) as server:
        tokens = [sign_in(server) for _ in range(5)]
        assert len(server.app.accounts.access_tokens) == 3
        for token in tokens[:2]:
            refused = requests.get(server.url + "user/details", auth=signed(token), timeout=10)
            assert refused.status_code == 401 and refused.text.endswith("Invalid or expired token")
        ok(requests.get(server.url + "user/details", auth=signed(tokens[-1]), timeout=10))
        assert {r[0] for r in rows(state, "SELECT token FROM access_tokens")} == {t[0] for t in tokens[2:]}


def test_an_access_token_expires(catalogue_cache, tmp_path):
    state = tmp_path / "state.json"
    with _server(catalogue_cache, state) as server:
        token = sign_in(server)
        server.app.accounts.clock = lambda: time.time() + auth.ACCESS_TOKEN_LIFETIME + DAY
        refused = requests.get(server.url + "user/details", auth=signed(token), timeout=10)
        assert refused.status_code == 401 and refused.text.endswith("Invalid or expired token")
        new_basket(server)                                              # any change saves the forgetting
        assert rows(state, "SELECT token FROM access_tokens") == []


def test_nonces_are_remembered_within_a_bound(sandbox, monkeypatch):
    monkeypatch.setattr(auth, "MAX_NONCES", 40)
    with requests.Session() as session:
        for _ in range(100):
            token_of(session.get(sandbox.url + "oauth/requesttoken", auth=signed(), timeout=10))
    assert 0 < sandbox.app.accounts.nonce_count <= 40


# --- a state that can't be saved ---------------------------------------------------------------------------------
def test_a_change_that_cannot_be_saved_is_7001_logged_once_and_saved_later(catalogue_cache, tmp_path, caplog):
    caplog.set_level(logging.INFO)
    state = tmp_path / "state.json"
    with _server(catalogue_cache, state) as server:
        basket_id = new_basket(server)
        keeper = server.app.state
        keeper.max_bytes = keeper.size_bytes              # as full as a full disk: no page more
        answers = []
        for release_id in range(300004, 300404):
            reply = get(server, "basket/addItem", basketId=basket_id, releaseId=release_id)
            answers.append(error_code(reply) if 'status="error"' in reply.text[:400] else 0)
            if answers[-1] not in (0, 2002):        # 2002: not for sale in this store
                break
        assert answers[-1] == 7001, answers
        assert error_code(get(server, "basket/create")) == 7001          # every change, while it lasts
        ok(get(server, "basket", basketId=basket_id))                     # reads go on
        ok(get(server, "release/details", releaseId=300004))
        failures = [r for r in caplog.records if r.levelno >= logging.WARNING and "state" in r.getMessage()]
        assert len(failures) == 1 and failures[0].exc_info is None, [r.getMessage() for r in failures]
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR and r.name.startswith("app.sandbox")]
        in_memory = ok(get(server, "basket", basketId=basket_id)).findtext(".//itemCount")
        keeper.max_bytes = persistence.MAX_STATE_BYTES    # room again
        later = new_basket(server)
        assert any("saved again" in r.getMessage() for r in caplog.records)
    with _server(catalogue_cache, state) as again:
        assert ok(get(again, "basket", basketId=basket_id)).findtext(".//itemCount") == in_memory
        ok(get(again, "basket", basketId=later))


def test_a_purchase_that_cannot_be_saved_is_not_completed_and_can_be_paid_later(catalogue_cache, tmp_path):
    state = tmp_path / "state.json"
    with _server(catalogue_cache, state) as server:
        token = sign_in(server)
        basket_id = new_basket(server)
        ok(get(server, "basket/addItem", basketId=basket_id, releaseId=300004))
        page = requests.get(server.url + "basket/checkout", params={"basketId": basket_id},
                            auth=signed(token), allow_redirects=False, timeout=10).headers["Location"]
        keeper = server.app.state
        purchases_before = len(server.app.shop.purchases)
        keeper.max_bytes = keeper.size_bytes              # a full disk from here: filled to the last page
        for _ in range(2000):
            if 'status="error"' in get(server, "basket/create").text[:400]:
                break
        refused = post_checkout(page)
        assert refused.status_code == 503 and "nothing was charged" in refused.text
        assert ok(get(server, f"basket/{basket_id}/status")).findtext("paymentStatus") == "Pending"
        assert len(server.app.shop.purchases) == purchases_before
        locker = ok(requests.get(server.url + "user/locker", auth=signed(token), timeout=10))
        assert "300004" not in {r.get("id") for r in locker.iter("release")}
        keeper.max_bytes = persistence.MAX_STATE_BYTES    # room again: the same page pays
        paid = post_checkout(page)
        assert paid.status_code == 200 and "Purchase complete" in paid.text
    with _server(catalogue_cache, state) as again:      # and it was saved before the page said so
        assert ok(get(again, f"basket/{basket_id}/status")).findtext("paymentStatus") == "Success"


@pytest.fixture(autouse=True)
def _no_tracebacks(caplog):
    yield
    assert not [r for r in caplog.records if r.exc_info and r.name.startswith("app.sandbox")]
