"""Test-side helpers for the sandbox tests: key-only GETs and lxml parsing (never app.api)."""
from __future__ import annotations

import requests
from lxml import etree

from app.sandbox import DEMO_CONSUMER_KEY


def get(server, path: str, **params) -> requests.Response:
    """A key-only API call, as the catalogue and basket endpoints are made."""
    return requests.get(server.url + path, params={"oauth_consumer_key": DEMO_CONSUMER_KEY, **params}, timeout=10)


def xml(response: requests.Response) -> etree._Element:
    assert response.headers["Content-Type"].startswith("text/xml"), response.text[:200]
    return etree.fromstring(response.content)


def ok(response: requests.Response) -> etree._Element:
    root = xml(response)
    assert response.status_code == 200, response.text[:300]
    assert root.get("status") == "ok", response.text[:300]
    return root


def error_code(response: requests.Response) -> int:
    root = xml(response)
    assert root.get("status") == "error", response.text[:300]
    return int(root.find("error").get("code"))
