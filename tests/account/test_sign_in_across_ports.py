"""The user stays signed in to the embedded store whatever port it gets: the sign-in is kept under
the store's identity (in its state file), not under 127.0.0.1:<port>."""
from __future__ import annotations

import errno
import socket
from contextlib import contextmanager
from urllib.parse import urlsplit

from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD
from app.services.account import AccountService, SignInReason
from app.services.connection import EMBEDDED_PORT
from app.services.store import CurrentStore
from tests.services.embedded import connect_embedded


@contextmanager
def _port_taken(port: int):
    """Another program listening on `port` (or, if one already does on this machine, that one)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # past TIME_WAIT of the last store
        try:
            sock.bind(("127.0.0.1", port))
            sock.listen()
        except OSError as exc:
            assert exc.errno == errno.EADDRINUSE, exc
        yield


def _start_embedded(qtbot, runner, state):
    """The app's path: Connection.connect_to(the embedded store) → ready(client), the app's own store."""
    connection, client = connect_embedded(qtbot, runner, state)
    assert not isinstance(client, Exception), client
    assert connection.server is not None
    return connection, client


def test_sign_in_survives_a_restart_on_another_port(qtbot, runner, secrets, memory_keyring, tmp_path):
    state = tmp_path / "embedded-store.json"
    connection, client = _start_embedded(qtbot, runner, state)
    try:
        store = CurrentStore("GB")
        store.set_client(client)
        account = AccountService(runner, store, secrets)
        account.start()
        with qtbot.waitSignal(account.signed_in_changed, timeout=10000) as changed:
            account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
        assert changed.args == [True]
        identity = client.store_identity
        assert identity == f"embedded:{connection.server.store_id}"
    finally:
        connection.stop()

    with _port_taken(EMBEDDED_PORT):
        connection, client = _start_embedded(qtbot, runner, state)      # the next run of the app
        try:
            port = connection.server.port
            assert port != EMBEDDED_PORT and urlsplit(client.base_url).port == port
            assert client.store_identity == identity
            store = CurrentStore("GB")
            account = AccountService(runner, store, secrets)
            store.set_client(client)
            with qtbot.assertNotEmitted(account.reauth_required), \
                    qtbot.waitSignal(account.user_changed, timeout=10000) as user:
                account.start()
            assert account.signed_in and user.args[0].email == DEMO_USER_EMAIL

            results = []                                 # the restored token works on the new port
            account.call(lambda c: c.user_details(), results.append, reason=SignInReason.NEEDED)
            qtbot.waitUntil(lambda: bool(results), timeout=10000)
            assert results[0].email == DEMO_USER_EMAIL
        finally:
            connection.stop()
