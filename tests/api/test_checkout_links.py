"""The checkout link is handed to the desktop, so the client lets through only a web address a browser may
safely open: https, or http when the store and the link are both on this machine (the embedded store).
file:, javascript:, data:, smb: and plain http elsewhere are an UnsafeLinkError (app/api/urls.py)."""
from __future__ import annotations

import pytest

from app.api import OAuthToken, ResponseFormatError, UnsafeLinkError, browser_link

UNSAFE = [
    "file:///etc/passwd", "FILE:///C:/Windows/System32/calc.exe", "javascript:alert(document.cookie)",
    " javascript:alert(1)", "jav\tascript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "smb://attacker.example/share/x.desktop", "sftp://attacker.example/x", "ftp://attacker.example/x",
    "vbscript:msgbox(1)", "mailto:someone@example.com", "x-scheme-handler://open", "http://attacker.example/pay",
    "HTTP://attacker.example/pay", "https:///no-host", "https://ok.example/pa y", "https://ok.example/\x00",
    "https://ok.example\\@attacker.example/", "//attacker.example/pay",
]


def _user(api):
    return api.with_access_token(OAuthToken("tok", "sec"))


@pytest.mark.parametrize("location", UNSAFE)
def test_an_unsafe_redirect_is_refused(api, loopback, location):
    loopback.serve("basket/checkout", b"", status=302, headers={"Location": location})
    with pytest.raises(UnsafeLinkError) as caught:
        _user(api).checkout_url("b-1")
    assert isinstance(caught.value, ResponseFormatError)
    assert "attacker" not in str(caught.value) and "passwd" not in str(caught.value)


@pytest.mark.parametrize("location", ["file:///etc/passwd", "javascript:alert(1)", "http://attacker.example/pay"])
def test_an_unsafe_url_in_the_answer_is_refused(api, loopback, location):
    loopback.serve("basket/checkout", f'<response status="ok"><url>{location}</url></response>'.encode())
    with pytest.raises(UnsafeLinkError):
        _user(api).checkout_url("b-1")


def test_safe_links_come_through(api, loopback):
    loopback.serve("basket/checkout", b"", status=302, headers={"Location": "https://shop.example/checkout/abc"})
    assert _user(api).checkout_url("b-1") == "https://shop.example/checkout/abc"
    loopback.serve("basket/checkout", b"", status=302, headers={"Location": "/checkout/s3ss10n"})
    assert _user(api).checkout_url("b-1") == loopback.root + "checkout/s3ss10n"   # loopback store: http
    loopback.serve("basket/checkout", b"", status=302, headers={"Location": "http://localhost:9/checkout/x"})
    assert _user(api).checkout_url("b-1") == "http://localhost:9/checkout/x"


@pytest.mark.parametrize("url", ["http://127.0.0.1:5000/checkout/x", "http://store.example/checkout/x",
                                 "file:///etc/passwd"])
def test_a_remote_store_may_not_send_plain_http_even_to_this_machine(url):
    with pytest.raises(UnsafeLinkError):
        browser_link(url, "https://api.7digital.com/1.2/")


def test_the_error_names_the_scheme_and_pickles():
    import pickle

    error = UnsafeLinkError("javascript")
    assert error.scheme == "javascript" and "javascript:" in str(error)
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is UnsafeLinkError and again.scheme == "javascript" and str(again) == str(error)
