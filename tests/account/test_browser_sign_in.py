"""Sign-in through the web browser (OAuth 1.0 with a loopback callback), the store's sign-in page,
and one sentence for each way a sign-in fails."""
from __future__ import annotations

import re
import socket
import threading

import pytest
import requests

from app.api import (ClockSkewError, KeyNotAllowedError, KeyRefusedError, NetworkError, OAuthToken, SignInDeclinedError,
                     SignInTimedOutError, StoreClient, WrongCredentialsError)
from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_USER_EMAIL, DEMO_USER_PASSWORD
from app.sandbox.credentials import WEB_CONSUMER_KEY, WEB_CONSUMER_SECRET
from app.ui.sign_in_dialog import SignInDialog, describe_sign_in_error

_TOKEN = re.compile(r'name="token" value="([^"]+)"')


def _in_thread(qtbot, work, timeout=20000):
    """Run `work()` (an HTTP client: a browser) off the GUI thread, whose event loop serves the app's
    listener meanwhile; its result, or its exception raised here."""
    outcome = []

    def run():
        try:
            outcome.append(("ok", work()))
        except Exception as exc:    # handed to the test thread
            outcome.append(("error", exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    qtbot.waitUntil(lambda: bool(outcome), timeout=timeout)
    thread.join(5)
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


def _browse(url, action="authorise", email=DEMO_USER_EMAIL, password=DEMO_USER_PASSWORD):
    """What a person does in a browser: open the page, fill in the form, follow the redirect."""
    with requests.Session() as browser:
        page = browser.get(url, timeout=10)
        assert page.status_code == 200 and "Sign in to 7digital" in page.text
        form_token = _TOKEN.search(page.text).group(1)
        answer = browser.post(url, data={"token": form_token, "email": email, "password": password,
                                         "action": action}, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text
        landing = browser.get(answer.headers["Location"], timeout=10)
        return answer.headers["Location"], landing


def _wait_for_page(qtbot, account, opened_urls):
    qtbot.waitUntil(lambda: account.waiting_for_browser and bool(opened_urls), timeout=10000)
    assert opened_urls[-1] == account.browser_sign_in_url
    return opened_urls[-1]


def test_the_web_key_is_refused_the_in_app_sign_in_exactly_as_the_real_service_answers(sandbox):
    client = StoreClient(base_url=sandbox.url, consumer_key=WEB_CONSUMER_KEY, consumer_secret=WEB_CONSUMER_SECRET)
    token = client.request_token()
    reply = requests.post(sandbox.url + "oauth/requestToken/authorise",
                          data={"token": token.token, "username": DEMO_USER_EMAIL, "password": DEMO_USER_PASSWORD},
                          auth=__import__("app.api.oauth", fromlist=["request_auth"]).request_auth(
                              WEB_CONSUMER_KEY, WEB_CONSUMER_SECRET, method="POST"), timeout=5)
    assert (reply.status_code, reply.text) == (401, "OAuth authentication error: Access to resource denied")
    with pytest.raises(KeyNotAllowedError):
        client.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    demo = StoreClient(base_url=sandbox.url, consumer_key=DEMO_CONSUMER_KEY, consumer_secret=DEMO_CONSUMER_SECRET)
    assert demo.with_access_token(demo.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)).user_details().email \
        == DEMO_USER_EMAIL                         # the in-app path still works for demo-key


def test_the_authorise_url_has_the_real_page_shape():
    token = OAuthToken("req-token-1", "s")
    real = StoreClient(consumer_key="KEY1", consumer_secret="x").authorise_url(token, "http://127.0.0.1:5/cb")
    assert real == ("https://account.7digital.com/KEY1/oauth/authorise?oauth_token=req-token-1"
                    "&oauth_callback=http%3A%2F%2F127.0.0.1%3A5%2Fcb")
    local = StoreClient("http://127.0.0.1:8701/1.2/", "demo-web-key", "x").authorise_url(token, "http://127.0.0.1:5/")
    assert local.startswith("http://127.0.0.1:8701/demo-web-key/oauth/authorise?oauth_token=req-token-1&")


def test_browser_sign_in_with_the_web_key_signs_in_and_keeps_the_token(qtbot, web_account, opened_urls,
                                                                        memory_keyring):
    with qtbot.waitSignal(web_account.browser_sign_in_waiting, timeout=10000) as waiting:
        web_account.sign_in_in_browser()
    url = _wait_for_page(qtbot, web_account, opened_urls)
    assert waiting.args == [url, True] and f"/{WEB_CONSUMER_KEY}/oauth/authorise?oauth_token=" in url
    location, landing = _in_thread(qtbot, lambda: _browse(url))
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/[\w-]{40,}\?oauth_token=[\w-]+&status=Authorised", location)
    assert landing.status_code == 200 and "You can close this tab and return to the app." in landing.text
    qtbot.waitUntil(lambda: web_account.signed_in, timeout=10000)
    assert web_account.user.email == DEMO_USER_EMAIL and not web_account.waiting_for_browser
    assert any(name.startswith("access-token:") for (_service, name) in memory_keyring.entries)
    # One-shot: the listener is gone once it took its callback.
    with pytest.raises(requests.ConnectionError):
        requests.get(location, timeout=3)


def test_deny_in_the_browser_is_said_and_nothing_is_authorised(qtbot, web_account, opened_urls, sandbox):
    with qtbot.waitSignal(web_account.browser_sign_in_waiting, timeout=10000):
        web_account.sign_in_in_browser()
    url = _wait_for_page(qtbot, web_account, opened_urls)
    with qtbot.waitSignal(web_account.sign_in_failed, timeout=10000) as failed:
        location, landing = _in_thread(qtbot, lambda: _browse(url, action="deny"))
    assert location.endswith("&status=Denied") and landing.status_code == 200
    assert isinstance(failed.args[0], SignInDeclinedError) and not web_account.signed_in
    assert describe_sign_in_error(failed.args[0]) == "You declined the sign-in in the browser."
    token = re.search(r"oauth_token=([\w-]+)", url).group(1)
    assert sandbox.app.accounts.request_tokens[token].user_id is None     # not authorised


def test_a_hostile_request_to_the_listener_gets_nothing(qtbot, web_account, opened_urls):
    with qtbot.waitSignal(web_account.browser_sign_in_waiting, timeout=10000):
        web_account.sign_in_in_browser()
    url = _wait_for_page(qtbot, web_account, opened_urls)
    token = re.search(r"oauth_token=([\w-]+)", url).group(1)
    callback = requests.utils.unquote(re.search(r"oauth_callback=([^&]+)", url).group(1))
    port = int(re.search(r":(\d+)/", callback).group(1))

    def attack():
        answers = [
            requests.get(callback, params={"oauth_token": "guessed", "status": "Authorised"}, timeout=5),
            requests.get(f"http://127.0.0.1:{port}/other", params={"oauth_token": token,
                                                                   "status": "Authorised"}, timeout=5),
            requests.post(callback + f"?oauth_token={token}&status=Authorised", data="x" * 100, timeout=5),
            requests.get(callback, params={"oauth_token": token, "status": "Authorised"},
                         headers={"Host": f"evil.example:{port}"}, timeout=5),
        ]
        try:        # far more than a callback: cut off, never read as one
            big = requests.get(callback, params={"oauth_token": token, "status": "Authorised"},
                               headers={"X-Pad": "p" * 20000}, timeout=5).status_code
        except requests.ConnectionError:
            big = "closed"
        return [a.status_code for a in answers], big

    with qtbot.assertNotEmitted(web_account.signed_in_changed), qtbot.assertNotEmitted(web_account.sign_in_failed):
        statuses, big = _in_thread(qtbot, attack)
    assert statuses == [404, 404, 404, 404] and big in (431, "closed")
    assert web_account.waiting_for_browser and not web_account.signed_in
    # The real callback still works afterwards.
    _in_thread(qtbot, lambda: _browse(url))
    qtbot.waitUntil(lambda: web_account.signed_in, timeout=10000)


def test_the_listener_binds_loopback_only_and_times_out(qtbot):
    from app.services.oauth_callback import CallbackListener

    listener = CallbackListener(timeout_ms=300)
    url = listener.start("request-token-1")
    assert url.startswith(f"http://127.0.0.1:{listener.port}/") and len(url.rsplit("/", 1)[1]) >= 40
    assert listener._server.serverAddress().toString() == "127.0.0.1"
    outward = _an_outward_address()
    if outward is not None:     # the port is not reachable on this machine's other addresses
        with pytest.raises(OSError):
            socket.create_connection((outward, listener.port), timeout=2).close()
    with qtbot.waitSignal(listener.timed_out, timeout=5000):
        pass
    assert not listener.listening


def _an_outward_address() -> str | None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))      # no packet is sent: only picks the route's source address
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") else address


def test_the_dialog_falls_back_to_the_browser_for_the_web_key_and_finishes_there(qtbot, web_account, opened_urls,
                                                                                   tmp_path):
    from PySide6.QtCore import Qt

    from tests.ui.conftest import save_shot

    dialog = SignInDialog(web_account)
    qtbot.addWidget(dialog)
    dialog.open_for()
    assert dialog.browser_button.accessibleName() == "Sign in with your browser"
    qtbot.keyClicks(dialog.email_field, DEMO_USER_EMAIL)
    qtbot.keyClicks(dialog.password_field, DEMO_USER_PASSWORD)
    with qtbot.waitSignal(web_account.browser_sign_in_waiting, timeout=10000):
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert "only through your web browser" in dialog.error_label.text() and dialog.error_label.isVisible()
    assert dialog.waiting.isVisible() and not dialog.form.isVisible()
    assert dialog.waiting_label.text() == "Waiting for you to sign in in your browser…"
    save_shot(dialog, tmp_path, "sign-in-waiting-for-browser")
    qtbot.mouseClick(dialog.copy_link_button, Qt.MouseButton.LeftButton)
    from PySide6.QtGui import QGuiApplication
    assert QGuiApplication.clipboard().text() == web_account.browser_sign_in_url
    url = _wait_for_page(qtbot, web_account, opened_urls)
    qtbot.mouseClick(dialog.open_again_button, Qt.MouseButton.LeftButton)
    assert opened_urls[-1] == url and len(opened_urls) == 2
    _in_thread(qtbot, lambda: _browse(url))
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert web_account.signed_in and dialog.result() == SignInDialog.DialogCode.Accepted


def test_cancel_while_waiting_stops_the_listener_and_shows_the_form(qtbot, web_account, opened_urls):
    from PySide6.QtCore import Qt

    dialog = SignInDialog(web_account)
    qtbot.addWidget(dialog)
    dialog.open_for()
    with qtbot.waitSignal(web_account.browser_sign_in_waiting, timeout=10000):
        qtbot.mouseClick(dialog.browser_button, Qt.MouseButton.LeftButton)
    url = _wait_for_page(qtbot, web_account, opened_urls)
    callback = requests.utils.unquote(re.search(r"oauth_callback=([^&]+)", url).group(1))
    qtbot.mouseClick(dialog.stop_waiting_button, Qt.MouseButton.LeftButton)
    assert dialog.form.isVisible() and not dialog.waiting.isVisible() and not web_account.signing_in
    with pytest.raises(requests.ConnectionError):
        _in_thread(qtbot, lambda: requests.get(callback, timeout=3))


def test_a_browser_sign_in_nobody_finishes_times_out_with_a_sentence(qtbot, web_account, opened_urls):
    web_account.browser_timeout_ms = 400
    with qtbot.waitSignal(web_account.sign_in_failed, timeout=10000) as failed:
        web_account.sign_in_in_browser()
    assert isinstance(failed.args[0], SignInTimedOutError) and not web_account.waiting_for_browser
    assert "wasn't finished within 1 min" in describe_sign_in_error(failed.args[0])


# --- one sentence for each refusal ------------------------------------------------------------------
def _failed_sign_in(qtbot, account, email=DEMO_USER_EMAIL, password=DEMO_USER_PASSWORD):
    with qtbot.waitSignal(account.sign_in_failed, timeout=15000) as failed:
        account.sign_in(email, password)
    return failed.args[0]


def _account_with(runner, secrets, url, key, secret):
    from app.services.account import AccountService
    from app.services.store import CurrentStore

    store = CurrentStore("GB")
    store.set_client(StoreClient(base_url=url, consumer_key=key, consumer_secret=secret, timeout=5.0, retries=0))
    account = AccountService(runner, store, secrets)
    account.start()
    return account


def test_a_wrong_password_has_its_own_sentence(qtbot, make_account):
    error = _failed_sign_in(qtbot, make_account(), password="wrong-password")
    assert isinstance(error, WrongCredentialsError)
    assert describe_sign_in_error(error).startswith("That email address and password don't match")


def test_a_wrong_consumer_secret_blames_the_key_not_the_password(qtbot, runner, secrets, sandbox):
    error = _failed_sign_in(qtbot, _account_with(runner, secrets, sandbox.url, DEMO_CONSUMER_KEY, "not-the-secret"))
    assert isinstance(error, KeyRefusedError) and error.status == 401
    sentence = describe_sign_in_error(error)
    assert "refused this app's consumer key or secret" in sentence and "password" not in sentence


def test_an_unknown_key_blames_the_key(qtbot, runner, secrets, sandbox):
    error = _failed_sign_in(qtbot, _account_with(runner, secrets, sandbox.url, "no-such-key", "whatever"))
    assert isinstance(error, KeyRefusedError)


def test_a_refused_signature_with_a_clock_off_blames_the_clock(qtbot, runner, secrets, sandbox, monkeypatch):
    import time

    import oauthlib.oauth1.rfc5849 as rfc5849

    from app.api import oauth

    monkeypatch.setattr(oauth, "now", lambda: time.time() + 600, raising=False)
    monkeypatch.setattr(rfc5849, "generate_timestamp", lambda: str(int(time.time() + 600)))
    error = _failed_sign_in(qtbot, _account_with(runner, secrets, sandbox.url, DEMO_CONSUMER_KEY, "not-the-secret"))
    assert isinstance(error, ClockSkewError) and error.minutes == 10
    assert "clock is 10 min off" in describe_sign_in_error(error)


def test_an_unreachable_store_says_so(qtbot, runner, secrets):
    with socket.socket() as probe:          # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error = _failed_sign_in(qtbot, _account_with(runner, secrets, f"http://127.0.0.1:{port}/1.2/",
                                                 DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET))
    assert isinstance(error, NetworkError)
    assert describe_sign_in_error(error).startswith("The store could not be reached.")


def test_key_not_allowed_has_its_own_sentence(qtbot, web_account):
    error = _failed_sign_in(qtbot, web_account)
    assert isinstance(error, KeyNotAllowedError) and error.reason == "Access to resource denied"
    assert "only through your web browser" in describe_sign_in_error(error)
