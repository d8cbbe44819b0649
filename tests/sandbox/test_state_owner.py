"""One store per state file: a second store on the same baskets, purchases and sign-ins is refused
(it would overwrite them), whether it is another process or another server in this one. And the
state keeps the store's identity, which the app keeps the user's sign-in under."""
from __future__ import annotations

import json
import os
import socket
import subprocess

import pytest
import requests

from app.files.locks import FileLock, LockBusy, lock_path, read_note
from app.sandbox import SandboxServer
from app.sandbox.credentials import DEMO_USER_ID
from app.sandbox.persistence import stored_store_id
from app.sandbox.server import STORE_ID_HEADER, StoreStateInUse
from tests.sandbox.helpers import ROOT, StoreProcess, get, ok, post_checkout, sign_in, signed, store_cli


def _server(cache, state, **kwargs) -> SandboxServer:
    return SandboxServer(port=0, catalogue="small", cache_dir=cache, state_file=state, **kwargs)


def _store_id(server) -> str:
    return get(server, "tag", pageSize=1).headers[STORE_ID_HEADER]


def _shop_in(server) -> dict:
    """A signed-in user with one paid basket (a purchase) and one open basket with an item in it."""
    token = sign_in(server)
    paid = ok(get(server, "basket/create")).find("basket").get("id")
    ok(get(server, "basket/addItem", basketId=paid, releaseId=300004))
    page = requests.get(server.url + "basket/checkout", params={"basketId": paid}, auth=signed(token),
                        allow_redirects=False, timeout=10).headers["Location"]
    assert post_checkout(page).status_code == 200
    purchase_id = ok(get(server, f"basket/{paid}/status")).findtext("purchaseId")
    assert purchase_id
    open_basket = ok(get(server, "basket/create")).find("basket").get("id")
    ok(get(server, "basket/addItem", basketId=open_basket, releaseId=300003))
    return {"token": token, "paid": paid, "purchase_id": purchase_id, "open": open_basket}


def _assert_shop_intact(server, shop: dict) -> None:
    user = requests.get(server.url + "user/details", auth=signed(shop["token"]), timeout=10)
    assert user.status_code == 200, user.text[:300]                    # the token is still honoured
    basket = ok(get(server, "basket", basketId=shop["open"])).find("basket")
    assert basket.findtext("itemCount") == "1"
    assert basket.findtext("basketItems/basketItem/releaseId") == "300003"
    status = ok(get(server, f"basket/{shop['paid']}/status"))
    assert status.findtext("paymentStatus") == "Success" and status.findtext("purchaseId") == shop["purchase_id"]
    locker = ok(requests.get(server.url + "user/locker", auth=signed(shop["token"]), params={"pageSize": 50},
                             timeout=10))
    assert "300004" in [r.get("id") for r in locker.findall(".//lockerRelease/release")]


def test_a_second_store_process_on_the_same_state_is_refused_and_the_first_keeps_everything(
        catalogue_cache, tmp_path):
    state = tmp_path / "embedded-store.json"
    first = StoreProcess(catalogue_cache, state, tmp_path / "first.log")
    try:
        store_id = _store_id(first)
        shop = _shop_in(first)

        second = subprocess.run(store_cli(catalogue_cache, state), cwd=ROOT, capture_output=True, text=True,
                                timeout=120)
        assert second.returncode == 2
        assert second.stdout == ""                          # no address: it serves nothing
        message = second.stderr.strip()
        assert "\n" not in message and "Traceback" not in message, message
        assert str(state) in message and f"process {first.pid}" in message and first.url in message

        _assert_shop_intact(first, shop)                    # the first keeps serving, untouched
        assert _store_id(first) == store_id
    finally:
        assert first.stop() == 0

    again = StoreProcess(catalogue_cache, state, tmp_path / "again.log")      # and after a restart
    try:
        _assert_shop_intact(again, shop)
        assert _store_id(again) == store_id
    finally:
        again.stop()


def test_a_second_server_in_the_same_process_is_refused_with_who_owns_the_state(catalogue_cache, tmp_path):
    state = tmp_path / "state.json"
    with _server(catalogue_cache, state) as first:
        ok(get(first, "basket/create"))
        second = _server(catalogue_cache, state)
        with pytest.raises(StoreStateInUse) as refused:
            second.start()
        busy = refused.value
        assert busy.path == state
        assert (busy.pid, busy.url, busy.store_id) == (os.getpid(), first.url, first.store_id)
        assert str(state) in str(busy) and f"process {os.getpid()}" in str(busy) and first.url in str(busy)
        assert second.app is None and second.store_id is None   # refused before it built or bound anything
        second.stop()                                           # harmless
        ok(get(first, "basket/create"))
    # The owner let go: the next store starts, and is the same store.
    with _server(catalogue_cache, state) as third:
        assert third.store_id == first.store_id
        assert _store_id(third) == first.store_id


def test_the_lock_is_beside_the_state_and_describes_its_owner(catalogue_cache, tmp_path):
    state = tmp_path / "state.json"
    with _server(catalogue_cache, state) as server:
        assert lock_path(state).is_file()
        assert json.loads(read_note(lock_path(state))) == {"pid": os.getpid(), "url": server.url,
                                                            "store_id": server.store_id}
        with pytest.raises(LockBusy):
            FileLock.guarding(state).acquire(timeout=0)
        # the data file itself stays free for SQLite's own locking (and a lock on it would not survive
        # a state moved aside)
        with FileLock(state, timeout=0):
            pass
    assert read_note(lock_path(state)) == ""                # no stale address once it stopped
    FileLock.guarding(state).acquire(timeout=0).release()


def test_a_store_still_starting_is_named_by_its_process(catalogue_cache, tmp_path):
    state = tmp_path / "state.json"
    starting = _server(catalogue_cache, state)
    starting.claim_state()                                   # as start() does before the catalogue
    try:
        with pytest.raises(StoreStateInUse) as refused:
            _server(catalogue_cache, state).start()
        assert refused.value.pid == os.getpid() and refused.value.url is None
        assert "still starting" in str(refused.value)
    finally:
        starting.stop()
    with _server(catalogue_cache, state):
        pass


def test_a_foreign_or_half_written_note_still_refuses(catalogue_cache, tmp_path):
    state = tmp_path / "state.json"
    with FileLock.guarding(state, timeout=0) as holder:
        holder.write_note('{"pid": 12')
        with pytest.raises(StoreStateInUse) as refused:
            _server(catalogue_cache, state).start()
    assert refused.value.pid is None and refused.value.url is None
    assert str(state) in str(refused.value)


def test_a_store_that_cannot_bind_lets_go_of_its_state(catalogue_cache, tmp_path):
    state = tmp_path / "state.json"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        blocked = SandboxServer(port=taken.getsockname()[1], catalogue="small", cache_dir=catalogue_cache,
                                state_file=state)
        with pytest.raises(OSError):
            blocked.start()
    with _server(catalogue_cache, state) as server:         # not refused: the failed start let go
        assert server.store_id == blocked.store_id          # and it had already made the store's identity
        ok(get(server, "basket/create"))


def test_the_store_identity_is_kept_in_the_state(catalogue_cache, tmp_path):
    state = tmp_path / "state.json"
    with _server(catalogue_cache, state) as first:
        store_id = first.store_id
    assert len(store_id) == 32 and stored_store_id(state) == store_id       # written at once
    with _server(catalogue_cache, state) as again:
        assert again.store_id == store_id and _store_id(again) == store_id
    with SandboxServer(port=0, catalogue="small", cache_dir=catalogue_cache) as a, \
            SandboxServer(port=0, catalogue="small", cache_dir=catalogue_cache) as b:
        assert a.store_id and b.store_id and len({a.store_id, b.store_id, store_id}) == 3
        assert _store_id(a) == a.store_id


def test_a_state_file_from_before_store_identities_gets_one(catalogue_cache, tmp_path):
    state = tmp_path / "state.json"
    with _server(catalogue_cache, tmp_path / "first.json") as first:
        token = sign_in(first)
    # The JSON state as the store wrote it before it had an identity (and before it kept SQLite).
    state.write_text(json.dumps({
        "schema": 1, "next_item_id": 15_284_882, "next_purchase_id": 12_346, "baskets": [], "purchases": [],
        "access_tokens": [{"token": token[0], "secret": token[1], "consumer": "demo-key", "user_id": DEMO_USER_ID}]}))
    with _server(catalogue_cache, state) as migrated:
        store_id = migrated.store_id
        assert store_id and stored_store_id(state) == store_id
        assert requests.get(migrated.url + "user/details", auth=signed(token), timeout=10).status_code == 200
    with _server(catalogue_cache, state) as later:
        assert later.store_id == store_id
    assert not list(tmp_path.glob("state.json.corrupt-*"))


def test_a_replaced_state_file_keeps_its_owner(catalogue_cache, tmp_path):
    """Every save replaces the data file (a new inode): the owner's lock must not go with the old one."""
    state = tmp_path / "state.json"
    with _server(catalogue_cache, state) as server:
        for _ in range(3):
            ok(get(server, "basket/create"))
        with pytest.raises(StoreStateInUse):
            _server(catalogue_cache, state).start()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
