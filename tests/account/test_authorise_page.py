"""The embedded store's browser sign-in page (app/sandbox/authorise_page.py): safe callbacks only,
posts only from itself, one decision per page."""
from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
import requests

from app.api import StoreClient
from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD
from app.sandbox.credentials import WEB_CONSUMER_KEY, WEB_CONSUMER_SECRET

CALLBACK = "http://127.0.0.1:9/cb"


@pytest.fixture
def page(sandbox):
    """The sign-in page's address for a fresh request token of the browser-only key, and the token."""
    client = StoreClient(base_url=sandbox.url, consumer_key=WEB_CONSUMER_KEY, consumer_secret=WEB_CONSUMER_SECRET)
    token = client.request_token()
    return client.authorise_url(token, CALLBACK), token.token


def _form_token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("callback", ["javascript:alert(1)", "file:///etc/passwd", "myapp://cb",
                                      "http://evil.example/cb", "http://127.0.0.1:9/cb#frag",
                                      "http://user@127.0.0.1:9/", "", "http://127.0.0.1:9/a b"])
def test_only_https_or_loopback_http_callbacks_are_taken(sandbox, page, callback):
    url, token = page
    bad = url.split("?")[0] + "?" + urlencode({"oauth_token": token, "oauth_callback": callback})
    answer = requests.get(bad, timeout=5, allow_redirects=False)
    assert answer.status_code == 400 and "Location" not in answer.headers and 'name="token"' not in answer.text


def test_the_page_cannot_be_framed_and_posts_only_to_itself_and_the_callback(page):
    answer = requests.get(page[0], timeout=5)
    policy = answer.headers["Content-Security-Policy"]
    assert answer.status_code == 200 and answer.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in policy and "form-action 'self' http://127.0.0.1:9;" in policy


def test_a_post_from_another_site_or_without_the_form_token_authorises_nothing(sandbox, page):
    url, token = page
    with requests.Session() as browser:
        form_token = _form_token(browser.get(url, timeout=5).text)
        fields = {"token": form_token, "email": DEMO_USER_EMAIL, "password": DEMO_USER_PASSWORD,
                  "action": "authorise"}
        other_site = browser.post(url, data=fields, headers={"Origin": "http://127.0.0.1:1"},
                                  allow_redirects=False, timeout=5)
        no_token = browser.post(url, data={**fields, "token": "guess"}, allow_redirects=False, timeout=5)
        wrong_password = browser.post(url, data={**fields, "password": "nope"}, allow_redirects=False, timeout=5)
    assert [r.status_code for r in (other_site, no_token, wrong_password)] == [403, 403, 401]
    assert "Wrong email or password." in wrong_password.text
    assert sandbox.app.accounts.request_tokens[token].user_id is None


def test_a_page_decides_once(sandbox, page):
    url, token = page
    with requests.Session() as browser:
        form_token = _form_token(browser.get(url, timeout=5).text)
        denied = browser.post(url, data={"token": form_token, "action": "deny"}, allow_redirects=False, timeout=5)
        again = browser.post(url, data={"token": form_token, "email": DEMO_USER_EMAIL,
                                        "password": DEMO_USER_PASSWORD, "action": "authorise"},
                             allow_redirects=False, timeout=5)
    assert denied.status_code == 302 and denied.headers["Location"] == f"{CALLBACK}?oauth_token={token}&status=Denied"
    assert again.status_code == 410 and sandbox.app.accounts.request_tokens[token].user_id is None


def test_an_unknown_token_or_another_keys_page_is_refused(sandbox, page):
    url, _token = page
    base, query = url.split("?")
    assert requests.get(f"{base}?oauth_token=unknown-token&oauth_callback={CALLBACK}", timeout=5).status_code == 400
    assert requests.get(base.replace(WEB_CONSUMER_KEY, "demo-key") + "?" + query, timeout=5).status_code == 400
    assert requests.get(base.replace(WEB_CONSUMER_KEY, "nobody") + "?" + query, timeout=5).status_code == 404
