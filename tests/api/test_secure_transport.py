"""Secrets never cross the network in the clear: signed and user calls (signatures, tokens, the password
of a sign-in) go over https to any host but this machine's, whatever scheme the API address has, and
follow no redirect; unsigned catalogue calls keep the configured scheme (app/api/urls.py, transport.py)."""
from __future__ import annotations

import socket
import threading
from urllib.parse import urlsplit

import pytest

from app.api import NetworkError, OAuthToken, StoreClient, StoreError, is_loopback
from app.api.urls import secure_url

RELEASE = b'<response status="ok"><release id="7"><title>Seven</title></release></response>'


def _lan_address() -> str | None:
    """An address of this machine that is not loopback (the route to a documentation network)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))         # UDP: nothing is sent
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if is_loopback(address) or address == "0.0.0.0" else address


class Wire:
    """A TCP server on a non-loopback address that records the first bytes of every connection: what
    anyone on the network would see. Plain-HTTP GETs are answered with RELEASE; anything else is cut."""

    def __init__(self, host: str):
        self.server = socket.create_server((host, 0))
        self.server.settimeout(0.2)
        self.url = f"http://{host}:{self.server.getsockname()[1]}/1.2/"
        self.seen: list[bytes] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    data = conn.recv(65536)
                except OSError:
                    data = b""
                self.seen.append(data)
                if data.startswith(b"GET "):
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n"
                                 b"Content-Length: %d\r\n\r\n" % len(RELEASE) + RELEASE)

    def close(self):
        self.stopping.set()
        self.thread.join(2)
        self.server.close()


@pytest.fixture
def wire():
    address = _lan_address()
    if address is None:
        pytest.skip("this machine has no non-loopback address to serve on")
    server = Wire(address)
    yield server
    server.close()


def _client(url: str) -> StoreClient:
    return StoreClient(base_url=url, consumer_key="key-0001", consumer_secret="secret-0001", country="GB",
                       timeout=3.0, retries=0)


def test_signed_calls_and_the_password_go_over_tls_to_another_host(wire):
    client = _client(wire.url)
    assert client.release(7).title == "Seven"             # unsigned catalogue call: the configured http
    assert wire.seen[-1].startswith(b"GET /1.2/release/details?")
    with pytest.raises(NetworkError):                     # a TLS handshake, which this plain server can't do
        client.request_token()
    with pytest.raises(NetworkError):
        client.authorise_request_token(OAuthToken("req", "s"), "who@example.com", "pass-WORD-1")
    with pytest.raises(NetworkError):
        client.with_access_token(OAuthToken("tok-SECRET", "sec-SECRET")).user_details()
    secret_calls = wire.seen[1:]
    assert len(secret_calls) == 3
    for data in secret_calls:
        assert data[:1] == b"\x16", data[:40]               # a TLS handshake record, not "GET …"/"POST …"
        assert b"oauth_signature" not in data and b"pass-WORD-1" not in data and b"tok-SECRET" not in data


def test_a_preview_url_for_another_host_is_https(wire):
    url = _client(wire.url).preview_url(5)
    assert urlsplit(url).scheme == "https" and urlsplit(url).path == "/clip/5"


def test_the_password_never_follows_a_redirect(api, loopback):
    loopback.serve("oauth/requesttoken", b"oauth_token=REQ&oauth_token_secret=REQSECRET")
    loopback.serve("oauth/requestToken/authorise", b"", status=307,
                   headers={"Location": loopback.root + "elsewhere"})
    loopback.serve("/elsewhere", b'<response status="ok" version="1.2"/>')
    with pytest.raises(StoreError):
        api.sign_in("who@example.com", "pass-WORD-2")
    assert loopback.hits("/elsewhere") == []               # a 307 would have re-posted the password there
    assert len(loopback.hits("oauth/requestToken/authorise")) == 1


def test_a_signed_call_is_not_redirected_elsewhere(api, loopback):
    loopback.serve("user/details", b"", status=302, headers={"Location": loopback.root + "elsewhere"})
    loopback.serve("/elsewhere", b'<response status="ok"><user id="1"/></response>')
    with pytest.raises(StoreError):
        api.with_access_token(OAuthToken("tok", "sec")).user_details()
    assert loopback.hits("/elsewhere") == []


@pytest.mark.parametrize("host,expected", [
    ("127.0.0.1", True), ("127.4.5.6", True), ("::1", True), ("[::1]", True), ("localhost", True),
    ("LOCALHOST.", True), ("::ffff:127.0.0.1", True),
    ("10.0.0.1", False), ("192.0.2.2", False), ("localhost.attacker.example", False),
    ("127.0.0.1.attacker.example", False), ("0.0.0.0", False), ("", False), (None, False),
])
def test_only_this_machine_counts_as_loopback(host, expected):
    assert is_loopback(host) is expected


@pytest.mark.parametrize("url,expected", [
    ("http://api.7digital.com/1.2/oauth/requesttoken", "https://api.7digital.com/1.2/oauth/requesttoken"),
    ("http://store.example:80/1.2/x?a=1", "https://store.example/1.2/x?a=1"),
    ("HTTP://store.example:8080/1.2/", "https://store.example:8080/1.2/"),
    ("http://127.0.0.1:5000/1.2/user/locker", "http://127.0.0.1:5000/1.2/user/locker"),
    ("http://localhost/1.2/", "http://localhost/1.2/"),
    ("https://store.example/1.2/", "https://store.example/1.2/"),
])
def test_secure_url(url, expected):
    assert secure_url(url) == expected
