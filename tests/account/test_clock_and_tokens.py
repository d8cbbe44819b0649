"""A wrong clock, or any refusal that doesn't say the token is bad, keeps the sign-in: only the store
saying the token is invalid or revoked deletes it from the keyring (app/services/account.py). A clock
the store keeps refusing is told to the user as a clock problem (app/ui/errors.py)."""
from __future__ import annotations

import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

import pytest

from app.api import ClockSkewError, OAuthToken, StoreClient
from app.services.account import is_expired_token
from app.settings.secrets import StoredToken
from app.ui.errors import describe_error
from tests.local_http import LocalHTTP


@pytest.fixture
def wrong_clock(monkeypatch):
    """This computer's clock 10 minutes fast (for the client's OAuth timestamps only: the embedded store
    in this process keeps the right time and refuses timestamps more than 5 minutes off it)."""
    import oauthlib.oauth1.rfc5849 as rfc5849

    from app.api import oauth

    def set_wrong():
        monkeypatch.setattr(oauth, "now", lambda: time.time() + 600, raising=False)
        monkeypatch.setattr(rfc5849, "generate_timestamp", lambda: str(int(time.time() + 600)))

    return set_wrong


def _keyring_has_token(memory_keyring) -> bool:
    return any(name.startswith("access-token:") for (_service, name) in memory_keyring.entries)


def test_a_clock_ten_minutes_fast_keeps_the_sign_in(qtbot, signed_in, memory_keyring, wrong_clock, store):
    wrong_clock()
    results, errors = [], []
    with qtbot.assertNotEmitted(signed_in.reauth_required), qtbot.assertNotEmitted(signed_in.signed_in_changed):
        signed_in.call(lambda client: client.user_details(), results.append, errors.append)
        qtbot.waitUntil(lambda: bool(results or errors), timeout=10000)
    assert errors == [] and results[0].id
    assert signed_in.signed_in and _keyring_has_token(memory_keyring)
    assert -610 < store.client.clock_offset < -590


def test_signing_in_with_a_clock_ten_minutes_fast_works(qtbot, make_account, memory_keyring, wrong_clock):
    from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD

    wrong_clock()
    account = make_account()
    with qtbot.waitSignal(account.signed_in_changed, timeout=10000) as changed:
        account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    assert changed.args == [True] and _keyring_has_token(memory_keyring)


def test_a_401_that_does_not_blame_the_token_keeps_the_sign_in(qtbot, signed_in, sandbox, memory_keyring):
    sandbox.faults.http_status(401, path="user/details")      # "401 Unauthorized", as a proxy says it
    errors = []
    with qtbot.assertNotEmitted(signed_in.reauth_required), qtbot.assertNotEmitted(signed_in.signed_in_changed):
        signed_in.call(lambda client: client.user_details(), lambda _user: None, errors.append)
        qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    assert errors[0].status == 401 and not is_expired_token(errors[0])
    assert signed_in.signed_in and _keyring_has_token(memory_keyring)


def test_a_revoked_token_is_still_forgotten(qtbot, signed_in, sandbox, memory_keyring):
    sandbox.revoke_tokens()
    with qtbot.waitSignal(signed_in.reauth_required, timeout=10000):
        signed_in.call(lambda client: client.user_details(), lambda _user: None)
    assert signed_in.wait_for_keyring()                     # the delete runs on the keyring's worker
    assert not signed_in.signed_in and not _keyring_has_token(memory_keyring)


class _SkewedStore:
    """A store that refuses every signed call as the real one answers (401 "OAuth authentication error:
    Access to resource denied") with a Date 10 minutes behind the call's own timestamp: whatever time
    the client signs with, the store's clock disagrees (a broken clock or proxy in front of it)."""

    def __init__(self):
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                body = b"OAuth authentication error: Access to resource denied"
                self.send_response_only(401)
                signed = parse_qs(urlsplit(self.path).query).get("oauth_timestamp", [str(time.time())])[0]
                self.send_header("Date", formatdate(float(signed) - 600, usegmt=True))
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

        self._http = LocalHTTP(Handler)
        self.url = self._http.url

    def stop(self):
        self._http.stop()


@pytest.fixture
def skewed_store():
    server = _SkewedStore()
    yield server
    server.stop()


def test_a_clock_the_store_keeps_refusing_is_a_clock_error_and_the_token_stays(qtbot, runner, secrets,
                                                                             memory_keyring, skewed_store):
    from app.services.account import AccountService
    from app.services.store import CurrentStore

    client = StoreClient(base_url=skewed_store.url, consumer_key="key-0001", consumer_secret="secret-0001",
                         timeout=5.0, retries=0)
    store = CurrentStore("GB")
    store.set_client(client)
    secrets.save_token(f"user@{client.store_identity}", StoredToken("saved-token", "saved-secret"))

    account = AccountService(runner, store, secrets)
    with qtbot.waitSignal(account.signed_in_changed, timeout=10000) as restored:
        account.start()                  # the saved token is checked: refused, but for the clock
    assert restored.args == [True] and _keyring_has_token(memory_keyring)

    errors = []
    with qtbot.assertNotEmitted(account.reauth_required):
        account.call(lambda c: c.user_details(), lambda _user: None, errors.append)
        qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    error = errors[0]
    assert isinstance(error, ClockSkewError) and error.minutes >= 10 and not is_expired_token(error)
    assert account.signed_in and _keyring_has_token(memory_keyring)
    sentence = describe_error(error)
    assert f"clock is {error.minutes} min off" in sentence and "sign in" not in sentence.lower()


def test_the_sentences_for_a_clock_and_an_unsafe_link(qapp):
    from app.api import UnsafeLinkError

    clock = describe_error(ClockSkewError(-180.0, for_user=True))
    assert "Your computer's clock is 3 min off" in clock and "date and time" in clock
    link = describe_error(UnsafeLinkError("file"))
    assert "unsafe link" in link and "nothing was opened" in link and "file:" in link


def test_a_user_client_signs_with_the_learnt_offset(skewed_store):
    client = StoreClient(base_url=skewed_store.url, consumer_key="key-0001", consumer_secret="secret-0001",
                         retries=0).with_access_token(OAuthToken("t", "s"))
    with pytest.raises(ClockSkewError):
        client.user_details()
    assert -610 < client.clock_offset < -590
