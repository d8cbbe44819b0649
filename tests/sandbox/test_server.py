"""The server itself: starts on a free port, serves both API versions, stops cleanly, 404s unknown paths."""
from __future__ import annotations

import socket

import requests

from app.sandbox import SandboxServer
from tests.sandbox.helpers import get, ok


def test_serves_the_catalogue_on_a_free_loopback_port(sandbox):
    assert sandbox.url.startswith("http://127.0.0.1:") and sandbox.url.endswith("/1.2/")
    root = ok(get(sandbox, "artist/details", artistId=1000))
    assert root.get("version") == "1.2"
    assert root.find("artist").get("id") == "1000"


def test_the_1_0_prefix_is_served_and_echoed(sandbox):
    response = requests.get(sandbox.root_url + "1.0/release/details",
                            params={"releaseId": 300000, "oauth_consumer_key": "demo-key"}, timeout=5)
    assert ok(response).get("version") == "1.0"


def test_paths_and_parameter_names_are_case_insensitive(sandbox):
    response = requests.get(sandbox.url + "Release/Details",
                            params={"RELEASEID": 300000, "oauth_consumer_key": "demo-key"}, timeout=5)
    assert ok(response).find("release").get("id") == "300000"


def test_unknown_paths_are_404(sandbox):
    assert get(sandbox, "release/nonsense", releaseId=1).status_code == 404
    assert requests.get(sandbox.root_url + "nowhere", timeout=5).status_code == 404


def test_stop_closes_the_port_and_open_connections(catalogue_cache):
    server = SandboxServer(port=0, catalogue="small", cache_dir=catalogue_cache).start()
    session = requests.Session()   # keeps a connection open across the stop
    ok(session.get(server.url + "tag", params={"oauth_consumer_key": "demo-key"}, timeout=5))
    server.stop()
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", server.port)) != 0


def test_context_manager_starts_and_stops(catalogue_cache):
    with SandboxServer(port=0, catalogue="small", cache_dir=catalogue_cache) as server:
        ok(get(server, "tag"))
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", server.port)) != 0


def test_only_get_head_and_post_are_served(sandbox):
    url = sandbox.url + "release/details?releaseId=300000&oauth_consumer_key=demo-key"
    assert requests.head(url, timeout=5).status_code == 200
    for method in ("PUT", "DELETE", "PATCH"):
        response = requests.request(method, url, timeout=5)
        assert response.status_code == 405 and response.headers["Allow"] == "GET, HEAD, POST"


def test_posted_form_parameters_count_like_query_ones(sandbox):
    response = requests.post(sandbox.url + "release/details",
                             data={"releaseId": 300000, "oauth_consumer_key": "demo-key"}, timeout=5)
    assert ok(response).find("release").get("id") == "300000"


def test_a_huge_query_string_is_refused(sandbox):
    assert get(sandbox, "artist/search", q="a" * 20_000).status_code == 414


def test_a_huge_form_body_is_refused_like_a_huge_query(sandbox):
    """A posted `q` is a parameter like a query one: the same 16 KB limit, before any search runs."""
    response = requests.post(sandbox.url + "artist/search", data={"oauth_consumer_key": "demo-key", "q": "a" * 60_000},
                             timeout=5)
    assert response.status_code == 413 and "<response" not in response.text


def test_the_query_string_and_the_form_body_share_one_limit(sandbox):
    half = "a" * 9_000
    response = requests.post(sandbox.url + f"artist/search?q={half}",
                             data={"oauth_consumer_key": "demo-key", "page": half}, timeout=5)
    assert response.status_code == 413
    small = requests.post(sandbox.url + "artist/search?q=love", data={"oauth_consumer_key": "demo-key"}, timeout=5)
    assert ok(small).find("searchResults") is not None
