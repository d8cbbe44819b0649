"""OAuth 1.0 HMAC-SHA1 signing: the spec's published example, and oauthlib's server side as an
independent verifier of what the client really puts on the wire."""
from __future__ import annotations

import string
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from oauthlib.oauth1 import RequestValidator, ResourceEndpoint, SignatureOnlyEndpoint
from oauthlib.oauth1.rfc5849 import SIGNATURE_HMAC_SHA1

from app.api import OAuthToken, StoreClient
from app.api.oauth import request_auth, sign_url

# OAuth Core 1.0 Appendix A.5 (the photos.example.net example, also used by RFC 5849 §3.4.1.1):
# base string GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key...
SPEC = dict(key="dpf43f3p2l4k3l03", secret="kd94hf93k423kf44", token=OAuthToken("nnch734d00sl2jdk", "pfkkdhi9sl3r4s00"),
            nonce="kllo9940pd9333jh", timestamp="1191242096", signature="tR3+Ty81lMeYAr/Fid0kMTYa/WM=")
SPEC_URL = "http://photos.example.net/photos?file=vacation.jpg&size=original"

CONSUMERS = {"test-key-0001": "test-secret-0001"}
TOKENS = {"user-access-token-1": "user-access-secret-1"}


def test_sign_url_reproduces_the_spec_example():
    signed = sign_url(SPEC_URL, SPEC["key"], SPEC["secret"], SPEC["token"], nonce=SPEC["nonce"],
                      timestamp=SPEC["timestamp"])
    query = dict(parse_qsl(urlsplit(signed).query))
    assert query["oauth_signature"] == SPEC["signature"]
    assert query["file"] == "vacation.jpg" and query["oauth_token"] == "nnch734d00sl2jdk"


def test_request_auth_puts_the_spec_signature_in_the_query_string():
    request = requests.Request("GET", SPEC_URL, auth=request_auth(
        SPEC["key"], SPEC["secret"], SPEC["token"], "GET", nonce=SPEC["nonce"], timestamp=SPEC["timestamp"]))
    prepared = request.prepare()
    assert dict(parse_qsl(urlsplit(prepared.url).query))["oauth_signature"] == SPEC["signature"]
    assert "Authorization" not in prepared.headers and prepared.body is None


class Validator(RequestValidator):
    """The server half, as an embedded store would run it (see docs/PLATFORM.md §6)."""

    enforce_ssl = False

    def __init__(self):
        super().__init__()
        self.seen = set()

    allowed_signature_methods = property(lambda self: (SIGNATURE_HMAC_SHA1,))
    safe_characters = property(lambda self: set(string.ascii_letters + string.digits + "-_"))
    client_key_length = property(lambda self: (8, 64))
    access_token_length = property(lambda self: (8, 64))
    nonce_length = property(lambda self: (8, 64))
    dummy_client = property(lambda self: "dummy-client-key-xxxxx")
    dummy_access_token = property(lambda self: "dummy-access-token-xxxxx")

    def validate_client_key(self, client_key, request):
        return client_key in CONSUMERS

    def get_client_secret(self, client_key, request):
        return CONSUMERS.get(client_key, "dummy")

    def validate_access_token(self, client_key, token, request):
        return token in TOKENS

    def get_access_token_secret(self, client_key, token, request):
        return TOKENS.get(token, "dummy")

    def validate_realms(self, client_key, token, request, uri=None, realms=None):
        return True

    def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request, request_token=None,
                                     access_token=None):
        if (client_key, timestamp, nonce) in self.seen:
            return False
        self.seen.add((client_key, timestamp, nonce))
        return True


def _verify_2_legged(url, method="GET", body=None, headers=None, validator=None):
    ok, _request = SignatureOnlyEndpoint(validator or Validator()).validate_request(
        url, http_method=method, body=body, headers=headers or {})
    return ok


def _verify_3_legged(url, method="GET", body=None, headers=None):
    ok, _request = ResourceEndpoint(Validator()).validate_protected_resource_request(
        url, http_method=method, body=body, headers=headers or {}, realms=[])
    return ok


def test_a_2_legged_signed_url_verifies_and_tampering_breaks_it():
    url = sign_url("http://127.0.0.1:9/clip/123?country=GB", "test-key-0001", "test-secret-0001")
    validator = Validator()
    assert _verify_2_legged(url, validator=validator)
    assert not _verify_2_legged(url, validator=validator)  # the same nonce again: replay
    assert not _verify_2_legged(url.replace("clip/123", "clip/124"))
    assert not _verify_2_legged(url.replace("country=GB", "country=US"))
    wrong = sign_url("http://127.0.0.1:9/clip/123?country=GB", "test-key-0001", "not-the-secret")
    assert not _verify_2_legged(wrong)


def test_a_3_legged_get_verifies_with_the_resource_endpoint():
    token = OAuthToken("user-access-token-1", "user-access-secret-1")
    prepared = requests.Request("GET", "http://127.0.0.1:9/1.2/user/locker", params={"page": "2"},
                                auth=request_auth("test-key-0001", "test-secret-0001", token)).prepare()
    assert _verify_3_legged(prepared.url)
    forged = request_auth("test-key-0001", "test-secret-0001", OAuthToken("user-access-token-1", "guessed"))
    assert not _verify_3_legged(requests.Request("GET", "http://127.0.0.1:9/1.2/user/locker",
                                                 auth=forged).prepare().url)


def test_a_post_is_signed_in_the_form_body():
    prepared = requests.Request("POST", "http://127.0.0.1:9/1.2/oauth/requestToken/authorise",
                                data={"username": "a@b.c", "password": "p w", "token": "t"},
                                auth=request_auth("test-key-0001", "test-secret-0001", method="POST")).prepare()
    body = prepared.body if isinstance(prepared.body, str) else prepared.body.decode()
    form = dict(parse_qsl(body))
    assert "oauth_signature" in form and "oauth_signature" not in prepared.url
    assert "Authorization" not in prepared.headers
    headers = {k: v.decode() if isinstance(v, bytes) else v for k, v in prepared.headers.items()}
    assert _verify_2_legged(prepared.url, "POST", body, headers)


def test_the_clients_preview_url_verifies_on_the_server_side(loopback):
    client = StoreClient(base_url=loopback.base_url, consumer_key="test-key-0001",
                         consumer_secret="test-secret-0001", country="GB")
    url = client.preview_url(4242)
    assert _verify_2_legged(url)
    assert dict(parse_qsl(urlsplit(url).query))["country"] == "GB"


@pytest.mark.parametrize("method,user", [("GET", False), ("GET", True), ("POST", False), ("POST", True)])
def test_requests_the_client_sends_verify_on_the_server_side(api, loopback, method, user):
    verdicts = []

    def verify(handler, seen):
        verifier = _verify_3_legged if user else _verify_2_legged
        verdicts.append(verifier(seen.url, method, seen.body.decode() or None, seen.headers))
        return (b'<response status="ok"><user id="1"><type>7digital</type>'
                b'<emailAddress>demo@example.com</emailAddress></user></response>')

    loopback.serve("user/details", verify)
    client = api.with_access_token(OAuthToken("user-access-token-1", "user-access-secret-1"))
    root = client.request("user/details", {"extra": "a b&c"}, method=method, signed=True, user=user)
    assert root.find("user").get("id") == "1" and verdicts == [True]
