"""The app's embedded store: its usual port when free, any free one otherwise, and a state file that
one store at a time owns. When another store (a `python -m app.sandbox --state-file`, another copy
of the app) owns it, the app uses that store if it answers, and says why not otherwise."""
from __future__ import annotations

import json
import socket
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest

from app.files.locks import FileLock
from app.sandbox import SandboxServer
from app.sandbox.server import STORE_ID_HEADER
from app.services.connection import (EmbeddedStoreInUse, _loopback_http,
                                     _start_sandbox)
from app.services.tasks import CancelToken
from app.settings.paths import data_dir
from tests.sandbox.helpers import StoreProcess, get
from tests.services.embedded import connect_embedded


def test_a_second_start_on_the_same_state_uses_the_store_that_owns_it():
    first, first_client = _start_sandbox("small", 0, CancelToken())
    try:
        server, client = _start_sandbox("small", 0, CancelToken())
        assert server is None                                 # no second store on the same baskets
        assert client.base_url == first.url
        assert client.store_identity == first_client.store_identity == f"embedded:{first.store_id}"
        basket = client.create_basket()
        assert first_client.basket(basket.id).item_count == 0   # one store, seen by both
        assert first_client.search_artists("the").total_items >= 50
        assert (data_dir() / "embedded-store.sqlite3").is_file()
    finally:
        first.stop()


def test_another_state_is_another_store_on_a_free_port(tmp_path):
    first, first_client = _start_sandbox("small", 0, CancelToken())
    try:
        second, second_client = _start_sandbox("small", 0, CancelToken(), tmp_path / "other-store.json")
        try:
            assert first.port != second.port
            assert second_client.store_identity != first_client.store_identity
            assert second_client.create_basket().item_count == 0
            assert first_client.search_artists("the").total_items >= 50
        finally:
            second.stop()
    finally:
        first.stop()


def test_the_app_uses_a_running_store_that_owns_its_state(qtbot, runner, catalogue_cache, tmp_path):
    state = tmp_path / "embedded-store.json"
    owner = StoreProcess(catalogue_cache, state, tmp_path / "owner.log")
    try:
        store_id = get(owner, "tag").headers[STORE_ID_HEADER]
        connection, client = connect_embedded(qtbot, runner, state)
        assert not isinstance(client, Exception), client
        assert connection.server is None                       # the app started no store of its own
        assert client.base_url == owner.url
        assert client.store_identity == f"embedded:{store_id}"
        assert client.search_releases("love").total_items > 0
        connection.stop()                                      # not the app's to stop
        assert get(owner, "tag").status_code == 200
    finally:
        assert owner.stop() == 0

    # Once the owner is gone the app runs the store itself: the same store, the same identity.
    server, own = _start_sandbox("small", 0, CancelToken(), state)
    try:
        assert server is not None and own.store_identity == client.store_identity
    finally:
        server.stop()


@contextmanager
def _listener():
    """A port that accepts connections and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/1.2/"


@contextmanager
def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    yield f"http://127.0.0.1:{port}/1.2/"


@contextmanager
def _another_store(catalogue_cache):
    """A store that answers, but is not the one that owns the state (its port was taken over)."""
    with SandboxServer(port=0, catalogue="small", cache_dir=catalogue_cache) as other:
        yield other.url


@contextmanager
def _fixed(url):
    yield url


@pytest.mark.parametrize(("where", "why"), [
    (lambda cache: _closed_port(), "does not answer"),
    (lambda cache: _listener(), "does not answer"),
    (_another_store, "is not what answers there"),
    (lambda cache: _fixed(None), "still starting"),
    (lambda cache: _fixed("http://192.0.2.1:8701/1.2/"), "not on this computer"),
])
def test_an_owner_that_cannot_be_used_is_a_typed_error(catalogue_cache, tmp_path, where, why):
    state = tmp_path / "embedded-store.json"
    with where(catalogue_cache) as url, FileLock.guarding(state, timeout=0) as holder:
        holder.write_note(json.dumps({"pid": 4242, "url": url, "store_id": "not-the-answering-one"}))
        with pytest.raises(EmbeddedStoreInUse) as refused:
            _start_sandbox("small", 0, CancelToken(), state)
    assert (refused.value.path, refused.value.pid, refused.value.url) == (state, 4242, url)
    assert why in str(refused.value) and str(state) in str(refused.value)


def test_a_dead_owner_fails_the_connection_with_a_sentence(qtbot, runner, tmp_path):
    from app.ui.errors import describe_error

    state = tmp_path / "embedded-store.json"
    with _closed_port() as url, FileLock.guarding(state, timeout=0) as holder:
        holder.write_note(json.dumps({"pid": 4242, "url": url, "store_id": "gone"}))
        connection, failure = connect_embedded(qtbot, runner, state)
    assert isinstance(failure, EmbeddedStoreInUse) and connection.server is None
    sentence = describe_error(failure)
    assert "in use by another store" in sentence and "4242" in sentence and str(urlsplit(url).port) in sentence
    assert "Traceback" not in sentence


@pytest.mark.parametrize(("note_url", "used"), [
    ("http://127.0.0.1:8701/1.2/", "http://127.0.0.1:8701/1.2/"),
    ("http://localhost:8701/1.2/", "http://localhost:8701/1.2/"),
    ("http://[::1]:8701/1.2/", "http://[::1]:8701/1.2/"),
    ("http://0.0.0.0:8701/1.2/", "http://127.0.0.1:8701/1.2/"),     # bound to every address: loopback too
    ("http://192.0.2.1:8701/1.2/", None),
    ("https://127.0.0.1:8701/1.2/", None),
    ("http://store.example/1.2/", None),
])
def test_only_a_store_on_this_computer_is_used(note_url, used):
    assert _loopback_http(note_url) == used
