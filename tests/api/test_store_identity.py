"""StoreClient.store_identity: which store a client talks to, whatever its address spelling."""
from __future__ import annotations

import pytest

from app.api import OAuthToken, StoreClient
from app.api.client import default_store_identity


@pytest.mark.parametrize(("base_url", "expected"), [
    ("http://api.7digital.com/1.2/", "key@http://api.7digital.com/1.2/"),
    ("HTTPS://API.7Digital.com:443/1.2", "key@https://api.7digital.com/1.2/"),
    ("http://api.7digital.com:80/1.2/", "key@http://api.7digital.com/1.2/"),
    ("http://user:pass@127.0.0.1:8701/1.2/", "key@http://127.0.0.1:8701/1.2/"),
    ("http://[::1]:8701/1.2/", "key@http://[::1]:8701/1.2/"),
    ("http://store.example", "key@http://store.example/"),
])
def test_the_default_identity_is_the_key_and_the_normalised_address(base_url, expected):
    assert default_store_identity("key", base_url) == expected
    assert StoreClient(base_url=base_url, consumer_key="key").store_identity == expected


def test_another_key_or_port_is_another_store():
    identities = {StoreClient(base_url=url, consumer_key=key).store_identity
                  for url, key in [("http://127.0.0.1:8701/1.2/", "a"), ("http://127.0.0.1:8701/1.2/", "b"),
                                   ("http://127.0.0.1:8702/1.2/", "a")]}
    assert len(identities) == 3


def test_a_given_identity_is_kept_by_every_derived_client():
    client = StoreClient(base_url="http://127.0.0.1:41234/1.2/", consumer_key="k", store_identity="embedded:abc")
    derived = (client.with_country("DE").with_cancel_check(lambda: False)
               .with_access_token(OAuthToken("t", "s")).with_access_token(None))
    assert client.store_identity == derived.store_identity == "embedded:abc"
    assert derived.base_url == client.base_url and derived.country == "DE"


def test_the_identity_is_keyword_only():
    with pytest.raises(TypeError):
        StoreClient("http://x/1.2/", "k", None, None, None, 10.0, None, 2, 0.25, 1000, "embedded:abc")
