"""Test-side helpers for the sandbox tests: key-only GETs, lxml parsing (never app.api), and the store
as its own process (`python -m app.sandbox`)."""
from __future__ import annotations

import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from lxml import etree

from app.sandbox import DEMO_CONSUMER_KEY

ROOT = Path(__file__).resolve().parents[2]


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


def signed(token: tuple[str, str] | None = None, **kwargs):
    """requests-oauthlib auth as a real client signs: HMAC-SHA1 in the query string, 2- or 3-legged."""
    from requests_oauthlib import OAuth1

    from app.sandbox import DEMO_CONSUMER_SECRET

    extra = {"resource_owner_key": token[0], "resource_owner_secret": token[1]} if token else {}
    return OAuth1(kwargs.pop("key", DEMO_CONSUMER_KEY), client_secret=kwargs.pop("secret", DEMO_CONSUMER_SECRET),
                  signature_type=kwargs.pop("signature_type", "query"), **extra, **kwargs)


def token_of(response: requests.Response) -> tuple[str, str]:
    root = ok(response)
    return root.findtext(".//oauth_token"), root.findtext(".//oauth_token_secret")


def sign_in(server, email: str | None = None, password: str | None = None) -> tuple[str, str]:
    """The three-step sign-in as the app does it; returns the access token (token, secret)."""
    from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD

    request_token = token_of(requests.get(server.url + "oauth/requesttoken", auth=signed(), timeout=10))
    ok(requests.post(server.url + "oauth/requestToken/authorise",
                     data={"token": request_token[0], "username": email or DEMO_USER_EMAIL,
                           "password": password or DEMO_USER_PASSWORD}, auth=signed(), timeout=10))
    return token_of(requests.get(server.url + "oauth/accesstoken", auth=signed(request_token), timeout=10))


def post_checkout(page_url: str, action: str = "pay", **fields) -> requests.Response:
    """Press a button of the checkout page as a browser does: the page's own form (its hidden fields,
    the form token among them) with `action` and any `fields` (email, password)."""
    from lxml import html

    form = html.fromstring(requests.get(page_url, timeout=10).text).forms[0]
    hidden = {i.name: i.value for i in form.inputs if i.get("type") == "hidden"}
    return requests.post(page_url, data={**hidden, **fields, "action": action}, timeout=10)


def store_cli(cache: Path, state: Path) -> list[str]:
    return [sys.executable, "-m", "app.sandbox", "--port", "0", "--catalogue", "small",
            "--cache-dir", str(cache), "--state-file", str(state)]


class StoreProcess:
    """`python -m app.sandbox --state-file …` as a user runs it (its own process), until stop().

    The small catalogue from `cache` (the session's catalogue cache: nothing big is built)."""

    def __init__(self, cache: Path, state: Path, log: Path):
        self.log = log
        self._stderr = open(log, "w")
        self.process = subprocess.Popen(store_cli(cache, state), cwd=ROOT, stdout=subprocess.PIPE,
                                        stderr=self._stderr, text=True)
        ready, _, _ = select.select([self.process.stdout], [], [], 120)
        line = self.process.stdout.readline().strip() if ready else ""
        if not line.startswith("http://"):
            self.stop()
            pytest.fail(f"the store process did not start: {log.read_text()}")
        self.url = line
        self.root_url = line.removesuffix("1.2/")

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)        # the store's own clean stop
        code = self.process.wait(30)
        self.process.stdout.close()
        self._stderr.close()
        return code


def buy_release(sandbox, client, token, release_id: int) -> None:
    """Buy `release_id` as the user of `token`: basket, checkout redirect, the checkout page's pay form."""
    basket = client.create_basket()
    client.add_to_basket(basket.id, release_id)
    redirect = requests.get(sandbox.url + "basket/checkout", params={"basketId": basket.id},
                            auth=signed((token.token, token.secret)), allow_redirects=False, timeout=10)
    assert redirect.status_code == 302
    assert post_checkout(redirect.headers["Location"]).status_code == 200
    assert ok(get(sandbox, f"basket/{basket.id}/status")).findtext("paymentStatus") == "Success"


def signed_in_user(client, email=None, password=None):
    """(access token, a client acting for the user): the demo user unless told otherwise."""
    from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD

    token = client.sign_in(email or DEMO_USER_EMAIL, password or DEMO_USER_PASSWORD)
    return token, client.with_access_token(token)
