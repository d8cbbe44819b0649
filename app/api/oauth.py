"""OAuth 1.0 HMAC-SHA1 signing through requests-oauthlib/oauthlib.

2-legged = consumer key + secret; 3-legged = also the user's (request or access) token.
GET requests carry the signature in the query string, POST requests in the form body (7digital
wants every parameter of a POST form-encoded in the body, DOC12).
"""
from __future__ import annotations

import time

from oauthlib.oauth1 import SIGNATURE_HMAC_SHA1, SIGNATURE_TYPE_BODY, SIGNATURE_TYPE_QUERY, Client
from requests_oauthlib import OAuth1

from .models import OAuthToken

__all__ = ["request_auth", "sign_url", "now"]


def now() -> float:
    """This computer's clock, as OAuth timestamps read it (one place, so a test can set it wrong)."""
    return time.time()


def _fixed(nonce: str | None, timestamp: str | None) -> dict:
    # Tests pin nonce and timestamp to reproduce published signatures; normal calls get fresh ones.
    return {k: v for k, v in (("nonce", nonce), ("timestamp", timestamp)) if v is not None}


def request_auth(consumer_key: str, consumer_secret: str, token: OAuthToken | None = None,
                 method: str = "GET", *, nonce: str | None = None, timestamp: str | None = None) -> OAuth1:
    """A requests `auth=` object signing one request (query string for GET, form body otherwise)."""
    return OAuth1(
        consumer_key,
        client_secret=consumer_secret,
        resource_owner_key=token.token if token else None,
        resource_owner_secret=token.secret if token else None,
        signature_method=SIGNATURE_HMAC_SHA1,
        signature_type=SIGNATURE_TYPE_QUERY if method.upper() == "GET" else SIGNATURE_TYPE_BODY,
        **_fixed(nonce, timestamp),
    )


def sign_url(url: str, consumer_key: str, consumer_secret: str, token: OAuthToken | None = None,
             method: str = "GET", *, nonce: str | None = None, timestamp: str | None = None) -> str:
    """`url` (with its query) signed in the query string, without sending it (e.g. for a media player)."""
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
