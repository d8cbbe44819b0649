"""A store that answers basket/checkout with file:, javascript:, data:, smb: or plain-http links gets
nothing opened on the desktop and nothing offered to copy: the user is told the store sent an unsafe
link (app/services/checkout.py, app/ui/checkout_link_dialog.py, app/ui/errors.py)."""
from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

import pytest

from tests.system_browser import catching_urls

from app.api import StoreClient, UnsafeLinkError
from app.settings.secrets import StoredToken
from app.ui.errors import describe_error
from tests.local_http import LocalHTTP

USER = b'<response status="ok"><user id="9"><type>7digital</type><emailAddress>a@b.c</emailAddress></user></response>'
SCHEMES = ("http", "https", "file", "smb", "javascript", "data", "ftp", "sftp")


class _HostileStore:
    """Knows the saved user, and sends `self.location` as the checkout page."""

    def __init__(self):
        owner = self
        self.location = "file:///etc/passwd"

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                path = urlsplit(self.path).path.lower()
                if path.endswith("/basket/checkout"):
                    self.send_response(302)
                    self.send_header("Location", owner.location)
                    body = b""
                else:
                    self.send_response(200)
                    body = USER
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._http = LocalHTTP(Handler)
        self.url = self._http.url

    def stop(self):
        self._http.stop()


@pytest.fixture
def hostile():
    server = _HostileStore()
    yield server
    server.stop()


@pytest.fixture
def handed_to_desktop(qapp):
    """Everything QDesktopServices.openUrl would hand the desktop, for every scheme tried here."""
    with catching_urls(SCHEMES) as urls:
        yield urls


@pytest.fixture
def checkout(qtbot, runner, secrets, hostile):
    from app.services.account import AccountService
    from app.services.checkout import CheckoutService
    from app.services.store import CurrentStore

    client = StoreClient(base_url=hostile.url, consumer_key="key-0001", consumer_secret="secret-0001",
                         timeout=5.0, retries=0)
    store = CurrentStore("GB")
    store.set_client(client)
    secrets.save_token(f"user@{client.store_identity}", StoredToken("saved-token", "saved-secret"))
    account = AccountService(runner, store, secrets)
    with qtbot.waitSignal(account.user_changed, timeout=10000):
        account.start()
    service = CheckoutService(runner, account, store, poll_interval_ms=3_600_000)
    yield service
    service.stop_waiting()


@pytest.mark.parametrize("location", [
    "file:///etc/passwd", "javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>",
    "smb://attacker.example/share/x.desktop", "http://attacker.example/checkout", "ftp://attacker.example/x",
])
def test_an_unsafe_checkout_link_opens_nothing_and_says_so(qtbot, checkout, hostile, handed_to_desktop,
                                                          location):
    hostile.location = location
    with qtbot.assertNotEmitted(checkout.checkout_opened), qtbot.assertNotEmitted(checkout.browser_failed), \
            qtbot.waitSignal(checkout.checkout_failed, timeout=10000) as failed:
        checkout.start("b-1")
    assert isinstance(failed.args[0], UnsafeLinkError)
    assert handed_to_desktop == []
    assert not checkout.busy and checkout.awaiting_basket is None
    sentence = describe_error(failed.args[0])
    assert "unsafe link" in sentence and "attacker" not in sentence and "passwd" not in sentence


def test_a_safe_checkout_link_is_still_opened(qtbot, checkout, hostile, handed_to_desktop):
    hostile.location = "https://shop.example/checkout/abc"
    with qtbot.waitSignal(checkout.checkout_opened, timeout=10000) as opened:
        checkout.start("b-1")
    assert opened.args == ["https://shop.example/checkout/abc"] == handed_to_desktop
    assert checkout.awaiting_basket == "b-1"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "smb://h/x.desktop",
                                 "http://attacker.example/", "https://", "https://ok.example/pa y"])
def test_the_service_refuses_what_qt_would_open_differently(url):
    from app.services.checkout import safe_qurl

    with pytest.raises(UnsafeLinkError):
        safe_qurl(url, "http://127.0.0.1:1/1.2/")


def test_safe_qurl_keeps_a_safe_link():
    from app.services.checkout import safe_qurl

    assert safe_qurl("https://shop.example/c?a=1", "https://api.7digital.com/1.2/").toString() == \
        "https://shop.example/c?a=1"
    assert safe_qurl("http://127.0.0.1:5/checkout/x", "http://127.0.0.1:5/1.2/").host() == "127.0.0.1"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,x",
                                 "http://attacker.example/pay"])
def test_the_copy_dialog_never_shows_an_unsafe_link(qtbot, url):
    from app.ui.checkout_link_dialog import CheckoutLinkDialog

    dialog = CheckoutLinkDialog()
    qtbot.addWidget(dialog)
    dialog.show_url(url)
    assert dialog.url_field.text() == "" and not dialog.copy_button.isEnabled()
    assert "unsafe link" in dialog.explanation.text()
    dialog.show_url("https://shop.example/checkout/abc")      # a safe one afterwards shows as before
    assert dialog.url_field.text() == "https://shop.example/checkout/abc" and dialog.copy_button.isEnabled()
    assert "No web browser" in dialog.explanation.text()
