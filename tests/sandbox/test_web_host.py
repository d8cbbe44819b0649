"""The embedded store answers only to its own address: a web page whose name was rebound to 127.0.0.1
(DNS rebinding) sends its own name in `Host` and is refused before anything is read or changed."""
from __future__ import annotations

import socket

import pytest
import requests

from app.sandbox import DEMO_CONSUMER_KEY, SandboxServer
from tests.sandbox.helpers import get, ok

TAG = f"/1.2/tag?oauth_consumer_key={DEMO_CONSUMER_KEY}"


def _answer(server, host: str | None, path: str = TAG) -> bytes:
    """One raw request with exactly this Host header (none at all for None)."""
    head = f"GET {path} HTTP/1.1\r\n" + (f"Host: {host}\r\n" if host is not None else "") + "Connection: close\r\n\r\n"
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        sock.sendall(head.encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return data


def _status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


@pytest.mark.parametrize("host", [
    "attacker.example:{port}",             # a rebound name, as the browser sends it
    "127.0.0.1.nip.io:{port}",             # a name that resolves to loopback is still a name
    "localhost.:{port}",
    "127.0.0.1:{other}", "localhost", "127.0.0.1",      # another port, or none (port 80)
    "0.0.0.0:{port}",                      # not this store's address unless it is bound there
    "127.0.0.1:{port}:{port}", "[::1:{port}", "", "  ",
    None,
])
def test_any_other_host_is_refused_before_anything_is_served(sandbox, host):
    answer = _answer(sandbox, None if host is None else host.format(port=sandbox.port, other=sandbox.port + 1))
    assert _status(answer) == 421, answer[:300]
    head = answer.partition(b"\r\n\r\n")[0].lower()
    assert b"x-7dig-store" not in head and b"<response" not in answer       # nothing about the store


def test_a_rebound_page_can_neither_read_nor_change_the_store(sandbox):
    """What a page at http://attacker.example:<port>/ can do once its name points at 127.0.0.1: every
    request carries its own name as Host (requests sends the given Host header as a browser would).
    The store's own names still work."""
    for own in ("127.0.0.1:{port}", "localhost:{port}", "LocalHost:{port}", "[::1]:{port}"):
        answer = _answer(sandbox, own.format(port=sandbox.port))
        assert _status(answer) == 200 and b'status="ok"' in answer, own
    rebound = {"Host": f"attacker.example:{sandbox.port}"}
    baskets = len(sandbox.app.shop.baskets)
    for path, params in (("basket/create", {}), ("release/details", {"releaseId": 300000}), ("tag", {})):
        answer = requests.get(sandbox.url + path, params={"oauth_consumer_key": DEMO_CONSUMER_KEY, **params},
                              headers=rebound, timeout=5)
        assert answer.status_code == 421 and "<response" not in answer.text
    assert len(sandbox.app.shop.baskets) == baskets
    basket_id = ok(get(sandbox, "basket/create")).find("basket").get("id")
    ok(get(sandbox, "basket/addItem", basketId=basket_id, releaseId=300004))
    page = get(sandbox, "basket/checkout", basketId=basket_id).url
    assert requests.get(page, headers=rebound, timeout=5).status_code == 421
    assert requests.post(page, data={"action": "pay"}, headers=rebound, timeout=5).status_code == 421
    assert ok(get(sandbox, f"basket/{basket_id}/status")).findtext("paymentStatus") == "Pending"
    # Asked by its other name, the store sends the browser to its checkout page under that name.
    redirect = requests.get(f"http://localhost:{sandbox.port}/1.2/basket/checkout",
                            params={"basketId": basket_id, "oauth_consumer_key": DEMO_CONSUMER_KEY},
                            allow_redirects=False, timeout=5)
    assert redirect.headers["Location"].startswith(f"http://localhost:{sandbox.port}/checkout/")


def test_a_store_bound_elsewhere_serves_that_address_too(catalogue_cache):
    with SandboxServer(host="127.0.0.2", port=0, catalogue="small", cache_dir=catalogue_cache) as server:
        assert _status(_answer(server, f"127.0.0.2:{server.port}")) == 200
        assert _status(_answer(server, f"localhost:{server.port}")) == 200
        assert _status(_answer(server, f"attacker.example:{server.port}")) == 421


def test_the_ipv6_loopback_is_served(catalogue_cache):
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with SandboxServer(host="::1", port=0, catalogue="small", cache_dir=catalogue_cache) as server:
        assert server.url.startswith("http://[::1]:")
        ok(get(server, "tag"))
        assert _status(_answer(server, f"attacker.example:{server.port}")) == 421


def test_bound_to_every_address_any_ip_literal_is_served_but_no_other_name(sandbox):
    app = sandbox.app
    app.serve_on("0.0.0.0", 8701)       # only the check: this store stays bound to 127.0.0.1
    try:
        assert app.serves_host("192.168.1.20:8701") and app.serves_host("[fe80::1]:8701")
        assert app.serves_host("localhost:8701")
        assert not app.serves_host("attacker.example:8701") and not app.serves_host("192.168.1.20:8702")
    finally:
        app.serve_on(sandbox.host, sandbox.port)
