"""OAuth 1.0 HMAC-SHA1 signing through oauthlib's OAuth 1 client.

2-legged = consumer key + secret; 3-legged = also the user's (request or access) token.
GET requests carry the signature in the query string, POST requests in the form body (7digital
wants every parameter of a POST form-encoded in the body, DOC12).

oauthlib is imported by the first signing: a signed-out session's catalogue calls sign nothing.
"""
from __future__ import annotations

import time

from .models import OAuthToken

__all__ = ["request_auth", "sign_url", "now"]


def now() -> float:
    """This computer's clock, as OAuth timestamps read it (one place, so a test can set it wrong)."""
    return time.time()


def _fixed(nonce: str | None, timestamp: str | None) -> dict:
    # Tests pin nonce and timestamp to reproduce published signatures; normal calls get fresh ones.
    return {k: v for k, v in (("nonce", nonce), ("timestamp", timestamp)) if v is not None}


_FORM = "application/x-www-form-urlencoded"


class OAuth1:
    """A requests `auth=` (any callable taking and returning the prepared request) that signs with
    an oauthlib Client, as requests-oauthlib's OAuth1 does. Not requests-oauthlib itself: its package
    imports all of oauthlib's OAuth 2 and OpenID (79 modules, ~2 MB held for the process's life) that
    this app never uses. Not a requests.auth.AuthBase either, which adds nothing: requests is then
    first imported by transport.py, which leaves out what the app doesn't use."""

    def __init__(self, client):
        self.client = client

    def __call__(self, request):
        from oauthlib.oauth1 import SIGNATURE_TYPE_BODY

        content_type = request.headers.get("Content-Type", "")
        if isinstance(content_type, bytes):
            content_type = content_type.decode("utf-8")
        body_signed = self.client.signature_type == SIGNATURE_TYPE_BODY
        if body_signed or _FORM in content_type or (not content_type and _has_form_params(request.body)):
            request.headers["Content-Type"] = _FORM
            request.url, headers, request.body = self.client.sign(str(request.url), str(request.method),
                                                                  request.body or "", request.headers)
        else:
            request.url, headers, _ = self.client.sign(str(request.url), str(request.method), None, request.headers)
        request.prepare_headers(headers)
        return request


def _has_form_params(body) -> bool:
    # requests-oauthlib's guess for a body without a Content-Type: form parameters are signed too.
    from oauthlib.common import extract_params

    return isinstance(body, str) and bool(extract_params(body))


def request_auth(consumer_key: str, consumer_secret: str, token: OAuthToken | None = None,
                 method: str = "GET", *, nonce: str | None = None, timestamp: str | None = None) -> OAuth1:
    """A requests `auth=` object signing one request (query string for GET, form body otherwise)."""
    from oauthlib.oauth1 import SIGNATURE_HMAC_SHA1, SIGNATURE_TYPE_BODY, SIGNATURE_TYPE_QUERY, Client

    return OAuth1(Client(
        consumer_key,
        client_secret=consumer_secret,
        resource_owner_key=token.token if token else None,
        resource_owner_secret=token.secret if token else None,
        signature_method=SIGNATURE_HMAC_SHA1,
        signature_type=SIGNATURE_TYPE_QUERY if method.upper() == "GET" else SIGNATURE_TYPE_BODY,
        **_fixed(nonce, timestamp),
    ))


def sign_url(url: str, consumer_key: str, consumer_secret: str, token: OAuthToken | None = None,
             method: str = "GET", *, nonce: str | None = None, timestamp: str | None = None) -> str:
    """`url` (with its query) signed in the query string, without sending it (e.g. for a media player)."""
    from oauthlib.oauth1 import SIGNATURE_HMAC_SHA1, SIGNATURE_TYPE_QUERY, Client

    client = Client(
        consumer_key,
        client_secret=consumer_secret,
        resource_owner_key=token.token if token else None,
        resource_owner_secret=token.secret if token else None,
        signature_method=SIGNATURE_HMAC_SHA1,
        signature_type=SIGNATURE_TYPE_QUERY,
        **_fixed(nonce, timestamp),
    )
    signed_url, _headers, _body = client.sign(url, http_method=method.upper())
    return signed_url
