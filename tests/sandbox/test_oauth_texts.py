"""The embedded store refuses as the real service does: HTTP 401, a plain-text body worded as 7digital's
(API-NOTES §3 "HTTP status codes"), a timestamp too far from its clock refused, and a `Date` header on
every answer, so a client whose clock is off has something real to meet."""
from __future__ import annotations

import time
from email.utils import parsedate_to_datetime

import pytest
import requests
from oauthlib.oauth1 import SIGNATURE_TYPE_QUERY, Client

from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET
from tests.sandbox.helpers import get, ok, sign_in, signed

PREFIX = "OAuth authentication error: "


def _signed_url(url: str, token: tuple[str, str] | None = None, **kwargs) -> str:
    extra = {"resource_owner_key": token[0], "resource_owner_secret": token[1]} if token else {}
    return Client(DEMO_CONSUMER_KEY, client_secret=DEMO_CONSUMER_SECRET, signature_type=SIGNATURE_TYPE_QUERY,
                  **extra, **kwargs).sign(url)[0]


def _refusal(response: requests.Response) -> str:
    assert response.status_code == 401, (response.status_code, response.text[:200])
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.text.startswith(PREFIX), response.text
    return response.text.removeprefix(PREFIX)


@pytest.mark.parametrize("params", [{}, {"oauth_consumer_key": ""}, {"oauth_consumer_key": "nobody"}],
                         ids=["no key", "empty key", "unknown key"])
def test_a_missing_or_unknown_key_is_access_to_resource_denied(sandbox, params):
    response = requests.get(sandbox.url + "release/details", params={"releaseId": 300000, **params}, timeout=5)
    assert _refusal(response) == "Access to resource denied"


def test_a_user_resource_without_credentials_or_token_is_worded_as_the_real_service(sandbox):
    for path in ("user/details", "user/locker"):
        assert _refusal(get(sandbox, path)) == "Not authorised - no user credentials provided"
        signed_no_token = requests.get(sandbox.url + path, auth=signed(), timeout=5)
        assert _refusal(signed_no_token) == "Resource requires access token"


def test_each_refusal_names_its_cause_and_carries_the_store_clock(sandbox):
    """The table in app/sandbox/auth.py, call by call: what a client may tell apart (a clock to correct,
    a token to renew, a key to fix), each answer dated by the store's clock."""
    token = sign_in(sandbox)
    replayed = _signed_url(sandbox.url + "user/details", token)
    ok(requests.get(replayed, timeout=5))
    calls = {
        "Access to resource denied": lambda: requests.get(sandbox.url + "tag", timeout=5),
        "Not authorised - no user credentials provided": lambda: get(sandbox, "user/locker"),
        "Resource requires access token": lambda: requests.get(sandbox.url + "user/details", auth=signed(),
                                                               timeout=5),
        "Invalid or expired token": lambda: requests.get(sandbox.url + "user/details", timeout=5,
                                                         auth=signed(("not-a-real-token-123", "x" * 32))),
        "Invalid signature": lambda: requests.get(sandbox.url + "user/details", timeout=5,
                                                  auth=signed((token[0], "not-the-secret"))),
        "Timestamp is more than 5 minutes off the server clock": lambda: requests.get(_signed_url(
            sandbox.url + "user/details", token, timestamp=str(int(time.time()) - 331)), timeout=5),
        "Nonce already used": lambda: requests.get(replayed, timeout=5),
    }
    for reason, call in calls.items():
        response = call()
        assert _refusal(response) == reason
        sent = parsedate_to_datetime(response.headers["Date"]).timestamp()
        assert abs(sent - time.time()) < 5, response.headers["Date"]
    future = requests.get(_signed_url(sandbox.url + "user/details", token, timestamp=str(int(time.time()) + 331)),
                          timeout=5)
    assert _refusal(future) == "Timestamp is more than 5 minutes off the server clock"
    # within the window the same call goes through
    ok(requests.get(_signed_url(sandbox.url + "user/details", token, timestamp=str(int(time.time()) - 240)),
                    timeout=5))
