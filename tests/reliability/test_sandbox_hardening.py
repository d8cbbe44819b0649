"""The embedded store under hostile requests: 4xx without tracebacks, loopback only, no leaks."""
import os
import random
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from app.sandbox import DEMO_CONSUMER_KEY

KEY = f"oauth_consumer_key={DEMO_CONSUMER_KEY}"


def _raw(sandbox, request: bytes, timeout: float = 5.0) -> bytes:
    """Send raw bytes; return everything the server answers before closing or going quiet."""
    with socket.create_connection((sandbox.host, sandbox.port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks) and len(b"".join(chunks)) > 12:
                    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
                    length = [line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")]
                    if length and len(body) >= int(length[0].split(b":")[1]):
                        break
        except socket.timeout:
            pass
    return b"".join(chunks)


def _host(sandbox) -> str:
    """The Host header of a request that reaches the store (any other is refused with 421 first)."""
    return f"127.0.0.1:{sandbox.port}"


def _status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def _assert_clean_4xx(answer: bytes) -> None:
    assert answer, "the server closed without answering"
    assert 400 <= _status(answer) < 500, answer[:300]
    assert b"Traceback" not in answer and b'File "' not in answer, answer[:500]


def test_binds_loopback_by_default(sandbox):
    assert sandbox.host == "127.0.0.1"
    with pytest.raises(OSError):
        # Any non-loopback address of this machine must not reach the store.
        addresses = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
        addresses -= {"127.0.0.1", "127.0.1.1"}
        if not addresses:
            raise OSError("no other address to try")
        socket.create_connection((sorted(addresses)[0], sandbox.port), timeout=1).close()


@pytest.mark.parametrize("path", [
    "/static/img/sleeveart/../../../../etc/passwd",
    "/static/img/sleeveart/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/img/sleeveart/..%2f..%2f..%2fetc%2fpasswd_50.jpg",
    "/clips/34/..%2f..%2fetc%2fpasswd.clip.mp3",
    "/clip/..%2f..%2fetc%2fpasswd",
    "/static/img/artistimages/00/000/000/%00_150.jpg",
    "/checkout/..%2f..%2fetc%2fpasswd",
])
def test_path_traversal_in_media_routes_is_refused(sandbox, path):
    answer = _raw(sandbox, f"GET {path}?{KEY} HTTP/1.1\r\nHost: {_host(sandbox)}\r\nConnection: close\r\n\r\n".encode())
    _assert_clean_4xx(answer)
    assert b"root:" not in answer


def test_oversized_query_string_is_refused(sandbox):
    answer = _raw(sandbox, f"GET /1.2/artist/search?{KEY}&q={'a' * 200_000} HTTP/1.1\r\nHost: {_host(sandbox)}\r\n"
                           f"Connection: close\r\n\r\n".encode())
    _assert_clean_4xx(answer)


def test_oversized_headers_are_refused(sandbox):
    headers = "".join(f"X-Junk-{i}: {'v' * 1000}\r\n" for i in range(300))
    answer = _raw(sandbox, f"GET /1.2/tag?{KEY} HTTP/1.1\r\nHost: {_host(sandbox)}\r\n{headers}"
                           f"Connection: close\r\n\r\n".encode())
    _assert_clean_4xx(answer)


@pytest.mark.parametrize("method", ["DELETE", "PUT", "PATCH", "TRACE", "FOO"])
def test_unsupported_methods_are_refused(sandbox, method):
    answer = _raw(sandbox, f"{method} /1.2/release/details?{KEY}&releaseId=1 HTTP/1.1\r\nHost: {_host(sandbox)}\r\n"
                           f"Content-Length: 0\r\nConnection: close\r\n\r\n".encode())
    _assert_clean_4xx(answer)


def test_invalid_utf8_in_the_query_is_a_clean_answer(sandbox):
    answer = _raw(sandbox, f"GET /1.2/artist/search?{KEY}&q=%ff%fe%c3 HTTP/1.1\r\nHost: {_host(sandbox)}\r\n"
                           f"Connection: close\r\n\r\n".encode())
    assert answer and _status(answer) < 500, answer[:300]
    assert b"Traceback" not in answer


def test_garbage_request_line_is_refused(sandbox):
    _assert_clean_4xx(_raw(sandbox, b"\x16\x03\x01\x02\x00 garbage\r\n\r\n"))


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_many_concurrent_clients_get_no_errors_and_leak_nothing(sandbox, client):
    release = client.search_releases("love", page_size=5).items[0]
    track = client.release_tracks(release.id).items[0]
    paths = [
        f"artist/search?q=the&{KEY}", f"release/search?q=love&{KEY}", f"track/search?q=lo&{KEY}",
        f"release/details?releaseId={release.id}&{KEY}", f"release/tracks?releaseId={release.id}&{KEY}",
        f"track/details?trackId={track.id}&{KEY}", f"release/chart?{KEY}", f"tag?{KEY}",
        f"release/details?releaseId=1&{KEY}",                       # 2001, still an answer
    ]
    clients, per_client = 50, 20     # the full 50 x 200 load runs in tests/sandbox
    deadline = time.monotonic() + 120

    def one_client(seed: int) -> list[str]:
        rng = random.Random(seed)
        errors = []
        with requests.Session() as session:
            for _ in range(per_client):
                if time.monotonic() > deadline:
                    errors.append("deadline passed")
                    break
                reply = session.get(sandbox.url + rng.choice(paths), timeout=30)
                if reply.status_code != 200 or b"<response" not in reply.content:
                    errors.append(f"{reply.status_code} {reply.content[:100]!r}")
        return errors

    def load_and_settle() -> tuple[int, int]:
        with ThreadPoolExecutor(max_workers=clients) as pool:
            errors = [e for result in pool.map(one_client, range(clients)) for e in result]
        assert errors == []
        # The clients' sessions are closed; wait (by condition) for the server to drop their channels.
        limit, last = time.monotonic() + 10, None
        while time.monotonic() < limit:
            now = (threading.active_count(), _open_fds())
            if now == last:
                break
            last = now
            time.sleep(0.2)
        return last

    # 2 x 50 clients x 20 requests: the first round warms every server thread (and its SQLite
    # connection); the second must end where the first did, or something leaks per request.
    first = load_and_settle()
    second = load_and_settle()
    assert second[0] <= first[0], f"threads grew from {first[0]} to {second[0]}"
    assert second[1] <= first[1], f"file handles grew from {first[1]} to {second[1]}"
