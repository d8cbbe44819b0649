"""OAuth 1.0a as the real service checks it: key-only reads, 2- and 3-legged signatures, every refusal."""
from __future__ import annotations

import time

import pytest
import requests
from oauthlib.oauth1 import SIGNATURE_PLAINTEXT, SIGNATURE_TYPE_QUERY, Client

from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET
from tests.sandbox.helpers import get, ok, sign_in, signed, token_of


def signed_url(url: str, token: tuple[str, str] | None = None, **kwargs) -> str:
    extra = {"resource_owner_key": token[0], "resource_owner_secret": token[1]} if token else {}
    client = Client(kwargs.pop("key", DEMO_CONSUMER_KEY), client_secret=kwargs.pop("secret", DEMO_CONSUMER_SECRET),
                    signature_type=SIGNATURE_TYPE_QUERY, **extra, **kwargs)
    return client.sign(url)[0]


def assert_refused(response: requests.Response, status: int = 401) -> None:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.text.startswith("OAuth authentication error:")


def test_catalogue_reads_need_only_a_known_consumer_key(sandbox):
    ok(get(sandbox, "release/details", releaseId=300000))
    assert_refused(requests.get(sandbox.url + "release/details", params={"releaseId": 300000}, timeout=5))
    assert_refused(requests.get(sandbox.url + "release/details",
                                params={"releaseId": 300000, "oauth_consumer_key": "nobody"}, timeout=5))


def test_two_legged_request_token_signed_in_query_or_header(sandbox):
    for signature_type in ("query", "auth_header"):
        token = token_of(requests.get(sandbox.url + "oauth/requesttoken",
                                      auth=signed(signature_type=signature_type), timeout=5))
        assert len(token[0]) >= 20 and len(token[1]) >= 20


def test_three_step_sign_in_gives_a_working_access_token(sandbox):
    token = sign_in(sandbox)
    user = ok(requests.get(sandbox.url + "user/details", auth=signed(token), timeout=5)).find("user")
    assert user.findtext("emailAddress") == "demo@example.com"


def test_authorise_also_accepts_a_three_legged_signature_with_the_request_token(sandbox):
    request_token = token_of(requests.get(sandbox.url + "oauth/requesttoken", auth=signed(), timeout=5))
    ok(requests.get(sandbox.url + "oauth/requestToken/authorise", auth=signed(request_token), timeout=5,
                    params={"username": "demo@example.com", "password": "demo-password"}))
    ok(requests.get(sandbox.url + "oauth/accesstoken", auth=signed(request_token), timeout=5))


def test_wrong_password_is_a_401_and_leaves_the_token_unauthorised(sandbox):
    request_token = token_of(requests.get(sandbox.url + "oauth/requesttoken", auth=signed(), timeout=5))
    response = requests.post(sandbox.url + "oauth/requestToken/authorise", auth=signed(), timeout=5,
                             data={"token": request_token[0], "username": "demo@example.com", "password": "nope"})
    assert_refused(response)
    assert "password" in response.text
    assert_refused(requests.get(sandbox.url + "oauth/accesstoken", auth=signed(request_token), timeout=5))


def test_a_request_token_is_exchanged_only_once(sandbox):
    request_token = token_of(requests.get(sandbox.url + "oauth/requesttoken", auth=signed(), timeout=5))
    ok(requests.post(sandbox.url + "oauth/requestToken/authorise", auth=signed(), timeout=5,
                     data={"token": request_token[0], "username": "demo@example.com", "password": "demo-password"}))
    ok(requests.get(sandbox.url + "oauth/accesstoken", auth=signed(request_token), timeout=5))
    assert_refused(requests.get(sandbox.url + "oauth/accesstoken", auth=signed(request_token), timeout=5))


@pytest.mark.parametrize("auth_kwargs", [{"key": "unknown-key"}, {"secret": "wrong-secret"}],
                         ids=["unknown key", "wrong secret"])
def test_unknown_key_or_bad_signature_is_401(sandbox, auth_kwargs):
    assert_refused(requests.get(sandbox.url + "oauth/requesttoken", auth=signed(**auth_kwargs), timeout=5))


def test_missing_consumer_key_on_a_signed_route_is_401(sandbox):
    assert_refused(requests.get(sandbox.url + "oauth/requesttoken", timeout=5))


def test_a_parameter_changed_after_signing_is_401(sandbox):
    url = signed_url(sandbox.root_url + "clip/2000000?country=GB")
    assert_refused(requests.get(url.replace("country=GB", "country=US"), timeout=5))


def test_a_replayed_nonce_is_401(sandbox):
    url = signed_url(sandbox.url + "oauth/requesttoken")
    ok(requests.get(url, timeout=5))
    response = requests.get(url, timeout=5)
    assert_refused(response)
    assert "Nonce" in response.text


def test_a_timestamp_more_than_five_minutes_off_is_401(sandbox):
    for offset in (-400, 400):
        url = signed_url(sandbox.url + "oauth/requesttoken", timestamp=str(int(time.time()) + offset))
        assert_refused(requests.get(url, timeout=5))
    ok(requests.get(signed_url(sandbox.url + "oauth/requesttoken", timestamp=str(int(time.time()) - 120)),
                    timeout=5))


def test_missing_access_token_on_three_legged_calls_is_401(sandbox):
    for path in ("user/details", "user/locker"):
        response = requests.get(sandbox.url + path, auth=signed(), timeout=5)
        assert_refused(response)
        assert "access token" in response.text
        assert_refused(get(sandbox, path))


def test_unknown_and_revoked_access_tokens_are_401(sandbox):
    assert_refused(requests.get(sandbox.url + "user/details", auth=signed(("not-a-real-token-123", "x" * 32)),
                                timeout=5))
    token = sign_in(sandbox)
    ok(requests.get(sandbox.url + "user/details", auth=signed(token), timeout=5))
    sandbox.revoke_tokens()
    assert_refused(requests.get(sandbox.url + "user/details", auth=signed(token), timeout=5))
    assert_refused(requests.get(sandbox.url + "user/locker", auth=signed(token), timeout=5))


def test_unsupported_signature_method_is_400(sandbox):
    url = signed_url(sandbox.url + "oauth/requesttoken", signature_method=SIGNATURE_PLAINTEXT)
    assert_refused(requests.get(url, timeout=5), 400)


def test_a_missing_oauth_parameter_is_400(sandbox):
    url = signed_url(sandbox.url + "oauth/requesttoken")
    without_nonce = "&".join(p for p in url.split("?", 1)[1].split("&") if not p.startswith("oauth_nonce="))
    assert_refused(requests.get(sandbox.url + "oauth/requesttoken?" + without_nonce, timeout=5), 400)


def test_a_duplicated_oauth_parameter_is_400(sandbox):
    url = signed_url(sandbox.url + "oauth/requesttoken")
    assert_refused(requests.get(url + "&oauth_nonce=12345678901234567890", timeout=5), 400)


def test_the_signed_clip_url_can_be_requested_again(sandbox):
    url = signed_url(sandbox.root_url + "clip/2000000?country=GB")
    for _ in range(2):   # a media player re-requests the same URL with Range
        response = requests.get(url, headers={"Range": "bytes=0-99"}, timeout=30)
        assert response.status_code == 206
    assert_refused(requests.get(sandbox.root_url + "clip/2000000?country=GB", timeout=5))


def test_a_replayed_three_legged_call_is_401(sandbox):
    token = sign_in(sandbox)
    url = signed_url(sandbox.url + "user/details", token)
    ok(requests.get(url, timeout=5))
    assert_refused(requests.get(url, timeout=5))
