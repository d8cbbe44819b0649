"""Fault injection: latency, forced API errors, bare HTTP statuses, malformed XML, dropped and slow bodies."""
from __future__ import annotations

import pytest
import requests
from lxml import etree

from tests.sandbox.helpers import error_code, get, ok


def test_latency_applies_to_the_chosen_path_only(sandbox):
    sandbox.faults.latency(2000, path="release/details")
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get(sandbox.url + "release/details", params={"releaseId": 300000, "oauth_consumer_key": "demo-key"},
                     timeout=0.3)
    ok(get(sandbox, "track/details", trackId=2000000))
    sandbox.faults.clear()
    ok(get(sandbox, "release/details", releaseId=300000))


def test_forced_error_codes_match_path_and_query(sandbox):
    sandbox.faults.error(7001, path="Artist/Search", q="boom")
    assert error_code(get(sandbox, "artist/search", q="boom")) == 7001
    ok(get(sandbox, "artist/search", q="the"))
    sandbox.faults.error(2001, "Gone", path="release/details")
    response = get(sandbox, "release/details", releaseId=300000)
    assert error_code(response) == 2001 and etree.fromstring(response.content).findtext(".//errorMessage") == "Gone"


def test_bare_http_status(sandbox):
    sandbox.faults.http_status(503)
    assert get(sandbox, "tag").status_code == 503
    sandbox.faults.clear()
    assert get(sandbox, "tag").status_code == 200


def test_malformed_xml(sandbox):
    sandbox.faults.malformed(path="track/details")
    response = get(sandbox, "track/details", trackId=2000000)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/xml")
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(response.content)


def test_connection_dropped_mid_body(sandbox):
    sandbox.faults.drop(path="release/tracks")
    with pytest.raises((requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError)):
        get(sandbox, "release/tracks", releaseId=300000)   # IncompleteRead: fewer bytes than Content-Length
    sandbox.faults.clear()
    ok(get(sandbox, "release/tracks", releaseId=300000))


def test_slow_drip_still_delivers_the_whole_body(sandbox):
    expected = get(sandbox, "release/details", releaseId=300001).content
    sandbox.faults.drip(8000, path="release/details")
    assert get(sandbox, "release/details", releaseId=300001).content == expected


def test_faults_are_per_server_and_off_by_default(sandbox, catalogue_cache):
    from app.sandbox import SandboxServer

    sandbox.faults.http_status(500)
    with SandboxServer(port=0, catalogue="small", cache_dir=catalogue_cache) as other:
        ok(get(other, "tag"))
