"""Slow connections can't stop the store: a request must arrive whole within a few seconds, and at the
connection limit a new connection takes the place of the one that has waited longest (slowloris).

Raw sockets on loopback; waiting is bounded polling (no Qt here). The bigger figures: bench/sandbox_slowloris.py.
"""
from __future__ import annotations

import resource
import select
import socket
import time

import pytest

from app.sandbox import DEMO_CONSUMER_KEY
from app.sandbox.server import CONNECTION_LIMIT, HEADER_TIMEOUT


def _partial(sandbox) -> socket.socket:
    """A connection that has sent a request line and one header, and no more (yet)."""
    sock = socket.create_connection((sandbox.host, sandbox.port), timeout=5)
    sock.sendall(f"GET /1.2/tag?oauth_consumer_key={DEMO_CONSUMER_KEY} HTTP/1.1\r\n"
                 f"Host: 127.0.0.1:{sandbox.port}\r\n".encode())
    return sock


def _closed(sock: socket.socket) -> bool:
    """Whether the store has closed this connection (without blocking; poll takes any fd, select doesn't)."""
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    if not poller.poll(0):
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def _request(sock: socket.socket, port: int, keep_alive: bool = True) -> bytes:
    close = "" if keep_alive else "Connection: close\r\n"
    sock.sendall(f"GET /1.2/tag?oauth_consumer_key={DEMO_CONSUMER_KEY} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                 f"{close}\r\n".encode())
    data = b""
    while b"</response>" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def test_a_connection_that_does_not_send_its_request_in_time_is_closed(sandbox):
    trickling, silent = _partial(sandbox), socket.create_connection((sandbox.host, sandbox.port), timeout=5)
    served = socket.create_connection((sandbox.host, sandbox.port), timeout=5)
    assert b"200 OK" in _request(served, sandbox.port)            # then idle, as a keep-alive connection is
    started = time.monotonic()
    try:
        cut = {}
        while time.monotonic() - started < HEADER_TIMEOUT + 3 and len(cut) < 2:
            for name, sock in (("trickling", trickling), ("silent", silent)):
                if name not in cut and _closed(sock):
                    cut[name] = time.monotonic() - started
            if "trickling" not in cut:
                trickling.sendall(b"X-Slow: 1\r\n")                   # a header line every 0.2 s: never done
            time.sleep(0.2)
        assert set(cut) == {"trickling", "silent"}, f"still open after {HEADER_TIMEOUT + 3:.0f} s: {cut}"
        assert all(HEADER_TIMEOUT - 0.5 < t < HEADER_TIMEOUT + 3 for t in cut.values()), cut
        # A keep-alive connection between requests owes nothing: it is still there and still served.
        assert not _closed(served) and b"200 OK" in _request(served, sandbox.port, keep_alive=False)
    finally:
        for sock in (trickling, silent, served):
            sock.close()


@pytest.fixture
def enough_file_handles():
    """The flood holds both ends of ~540 connections in this process."""
    wanted = 4 * (CONNECTION_LIMIT + 100)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= wanted:
        yield
        return
    if hard != resource.RLIM_INFINITY and hard < wanted:
        pytest.skip(f"needs {wanted} file handles, the hard limit is {hard}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_more_slow_connections_than_the_limit_do_not_lock_others_out(sandbox, enough_file_handles):
    slow = []
    try:
        opened = time.monotonic()
        for i in range(CONNECTION_LIMIT + 40):          # half trickling headers, half saying nothing
            slow.append(_partial(sandbox) if i % 2 else socket.create_connection((sandbox.host, sandbox.port)))
        assert time.monotonic() - opened < HEADER_TIMEOUT - 1, "too slow to open the flood here"
        started = time.monotonic()
        with socket.create_connection((sandbox.host, sandbox.port), timeout=3) as probe:
            answer = _request(probe, sandbox.port, keep_alive=False)
        took = time.monotonic() - started
        assert b"200 OK" in answer and took < 2, f"{took:.2f} s"
        assert sum(not _closed(s) for s in slow) >= CONNECTION_LIMIT - 100     # the flood was really held
    finally:
        for sock in slow:
            sock.close()
