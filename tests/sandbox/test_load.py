"""Many concurrent clients against `python -m app.sandbox` in its own process: every request answered."""
from __future__ import annotations

import http.client
import random
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

import pytest
from lxml import etree

CLIENTS, REQUESTS_EACH = 50, 200
CALLS = [("artist/search", {"q": "the"}), ("release/search", {"q": "lov"}), ("track/search", {"q": "sun"}),
         ("release/details", {"releaseId": 300010}), ("track/details", {"trackId": 2000100}),
         ("artist/details", {"artistId": 1010}), ("release/tracks", {"releaseId": 300020}),
         ("release/chart", {}), ("tag", {}), ("artist/search", {"q": "mi"}), ("release/details", {"releaseId": 300500})]


@pytest.fixture
def sandbox_process(catalogue_cache):
    """The CLI on a free port (its own process, so clients and server do not share one GIL)."""
    process = subprocess.Popen([sys.executable, "-m", "app.sandbox", "--port", "0", "--catalogue", "small",
                                "--cache-dir", str(catalogue_cache)], stdout=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/1.2/"), url
        yield process, url
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def client(url: str, seed: int) -> list[str]:
    parts = urlsplit(url)
    rng, failures = random.Random(seed), []
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        for _ in range(REQUESTS_EACH):
            path, params = rng.choice(CALLS)
            try:
                connection.request("GET", f"{parts.path}{path}?{urlencode({**params, 'oauth_consumer_key': 'demo-key'})}")
                response = connection.getresponse()
                body = response.read()
                if response.status != 200 or etree.fromstring(body).get("status") != "ok":
                    failures.append(f"{path}: {response.status} {body[:100]!r}")
            except Exception as exc:   # collect, so one failure does not hide the others
                failures.append(f"{path}: {exc!r}")
                connection.close()
    finally:
        connection.close()
    return failures


@pytest.mark.timeout(120)
def test_fifty_clients_two_hundred_requests_each_without_an_error(sandbox_process):
    process, url = sandbox_process
    with ThreadPoolExecutor(CLIENTS) as pool:
        failures = [f for result in pool.map(lambda seed: client(url, seed), range(CLIENTS)) for f in result]
    assert failures == []
    process.send_signal(signal.SIGINT)   # Ctrl+C stops it cleanly
    assert process.wait(15) == 0
