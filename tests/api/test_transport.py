"""Transport behaviour against a real loopback server: status handling, retries, timeouts, refused
connections, size caps, redirects, credentials on every request, per-thread sessions."""
from __future__ import annotations

import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl, urlsplit

import pytest

from app.api import (AuthError, NetworkError, NotFoundError, OAuthToken, ResponseFormatError, ServerError,
                     StoreClient)

RELEASE = (b'<?xml version="1.0" encoding="utf-8"?><response status="ok" version="1.2">'
           b'<release id="7"><title>Seven</title></release></response>')
NOT_FOUND = (b'<response status="error" version="1.2"><error code="2001">'
             b'<errorMessage>Release not found</errorMessage></error></response>')


def test_error_xml_with_http_200_is_the_typed_error(api, loopback):
    loopback.serve("release/details", NOT_FOUND)
    with pytest.raises(NotFoundError) as caught:
        api.release(1)
    assert (caught.value.code, caught.value.status) == (2001, 200)


def test_error_xml_with_http_404_is_the_same_typed_error(api, loopback):
    loopback.serve("release/details", NOT_FOUND, status=404)
    with pytest.raises(NotFoundError) as caught:
        api.release(1)
    assert (caught.value.code, caught.value.status) == (2001, 404)
    assert str(caught.value) == "Release not found (error 2001)"


@pytest.mark.parametrize("status", [401, 400])
def test_plain_text_oauth_failures_are_auth_errors(api, loopback, status):
    loopback.serve("release/details", b"OAuth authentication error: Access to resource denied", status=status,
                   headers={"Content-Type": "text/plain"})
    with pytest.raises(AuthError) as caught:
        api.release(1)
    assert caught.value.status == status and caught.value.reason == "Access to resource denied"
    assert not caught.value.for_user
    assert str(caught.value) == f"The store refused the request: Access to resource denied (HTTP {status})"


def test_an_echoed_signed_url_never_reaches_the_message(api, loopback):
    def echo(handler, seen):
        return 401, f"OAuth authentication error: Invalid signature for {seen.url}".encode(), \
            {"Content-Type": "text/plain"}

    loopback.serve("user/details", echo)
    user = api.with_access_token(OAuthToken("tok-SECRET-1", "sec-SECRET-2"))
    with pytest.raises(AuthError) as caught:
        user.user_details()
    sent = loopback.hits("user/details")[0].query
    text = str(caught.value)
    assert sent["oauth_signature"] and sent["oauth_token"] == "tok-SECRET-1" and caught.value.for_user
    assert "***" in text and len(text) < 220
    assert sent["oauth_signature"] not in text and "tok-SECRET-1" not in text and "SECRET" not in text


def test_5xx_is_retried_then_a_server_error(api, loopback):
    loopback.serve("release/details", b"<html>Service Unavailable</html>", status=503,
                   headers={"Content-Type": "text/html"})
    with pytest.raises(ServerError) as caught:
        api.release(1)
    assert caught.value.status == 503 and len(loopback.hits("release/details")) == 3  # 1 + 2 retries
    assert str(caught.value) == "The store had an internal problem (HTTP 503)"


def test_a_transient_5xx_is_retried_into_success(api, loopback):
    calls = []

    def flaky(handler, seen):
        calls.append(seen)
        return (500, b"oops", {"Content-Type": "text/plain"}) if len(calls) == 1 else RELEASE

    loopback.serve("release/details", flaky)
    assert api.release(7).title == "Seven" and len(calls) == 2


def test_basket_changes_are_not_retried_on_5xx(api, loopback):
    loopback.serve("basket/addItem", b"boom", status=500, headers={"Content-Type": "text/plain"})
    with pytest.raises(ServerError):
        api.add_to_basket("b", 1)
    assert len(loopback.hits("basket/addItem")) == 1


def test_a_read_timeout_is_a_network_error(loopback):
    def stall(handler, seen):
        loopback.release.wait(10)  # released at teardown; the client gives up long before
        return RELEASE

    loopback.serve("release/details", stall)
    client = StoreClient(base_url=loopback.base_url, consumer_key="k", timeout=0.3, retry_backoff=0.01)
    with pytest.raises(NetworkError, match="did not answer within 0.3 s"):
        client.release(1)
    assert len(loopback.hits("release/details")) == 1  # timeouts are not retried


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_refused_is_a_network_error_after_retries():
    client = StoreClient(base_url=f"http://127.0.0.1:{_closed_port()}/1.2/", consumer_key="k", retry_backoff=0.01)
    with pytest.raises(NetworkError) as caught:
        client.search_artists("x")
    assert str(caught.value).startswith("Could not connect to the store at 127.0.0.1:")


def test_a_connection_dropped_mid_body_is_a_network_error(api, loopback):
    def drop(handler, seen):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/xml")
        handler.send_header("Content-Length", "5000")
        handler.end_headers()
        handler.wfile.write(RELEASE[:40])
        handler.wfile.flush()
        handler.close_connection = True
        return None

    loopback.serve("release/details", drop)
    with pytest.raises(NetworkError, match="broke off"):
        api.release(1)
    assert len(loopback.hits("release/details")) == 3


def test_a_body_that_trickles_forever_is_cut_off(loopback):
    def drip(handler, seen):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/xml")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        try:
            while not loopback.release.wait(0.05):  # one byte per 50 ms: each read is "on time"
                handler.wfile.write(b" ")
                handler.wfile.flush()
        except OSError:  # the client hung up, as it should
            pass
        handler.close_connection = True

    loopback.serve("release/details", drip)
    client = StoreClient(base_url=loopback.base_url, consumer_key="k", timeout=0.6)  # 12x the drip interval
    with pytest.raises(NetworkError, match="too slowly"):
        client.release(1)
    assert len(loopback.hits("release/details")) == 1


@pytest.mark.parametrize("body", [b"Hello, I am not XML", b"<html><body>Gateway</body></html>",
                                  b"<response status='ok'><unclosed>", b""])
def test_garbage_bodies_are_format_errors(api, loopback, body):
    loopback.serve("release/details", body, headers={"Content-Type": "text/html"})
    with pytest.raises(ResponseFormatError):
        api.release(1)


def test_unknown_status_and_missing_element_are_format_errors(api, loopback):
    loopback.serve("release/details", b'<response status="maybe"><release id="1"/></response>')
    with pytest.raises(ResponseFormatError, match="unknown status"):
        api.release(1)
    loopback.serve("release/details", b'<response status="ok"><artist id="1"/></response>')
    with pytest.raises(ResponseFormatError, match="no release"):
        api.release(1)


def test_too_many_requests_is_a_server_error_without_retries(api, loopback):
    loopback.serve("release/details", b"Rate limit exceeded", status=429, headers={"Content-Type": "text/plain"})
    with pytest.raises(ServerError, match="busy"):
        api.release(1)
    assert len(loopback.hits("release/details")) == 1


def test_a_plain_404_is_not_found(api, loopback):
    with pytest.raises(NotFoundError) as caught:
        api.release(1)  # nothing mounted: the loopback answers 404 text/plain
    assert caught.value.status == 404 and caught.value.code is None


@pytest.mark.parametrize("chunked", [False, True])
def test_an_oversize_body_is_refused(loopback, chunked):
    big = b'<response status="ok">' + b"<x>" + b"a" * 50_000 + b"</x></response>"

    def serve(handler, seen):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/xml")
        if chunked:
            handler.send_header("Transfer-Encoding", "chunked")
            handler.end_headers()
            for start in range(0, len(big), 4096):
                piece = big[start:start + 4096]
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            handler.wfile.write(b"0\r\n\r\n")
        else:
            handler.send_header("Content-Length", str(len(big)))
            handler.end_headers()
            handler.wfile.write(big)
        return None

    loopback.serve("release/details", serve)
    client = StoreClient(base_url=loopback.base_url, consumer_key="k", max_response_bytes=10_000)
    with pytest.raises(ResponseFormatError, match="too large"):
        client.release(1)


def test_gzip_bodies_are_read_and_a_gzip_bomb_is_capped(loopback):
    import gzip

    loopback.serve("release/details", gzip.compress(RELEASE), headers={"Content-Encoding": "gzip"})
    client = StoreClient(base_url=loopback.base_url, consumer_key="k", max_response_bytes=100_000)
    assert client.release(7).title == "Seven"
    bomb = gzip.compress(b'<response status="ok"><x>' + b"0" * 5_000_000 + b"</x></response>")
    assert len(bomb) < 10_000
    loopback.serve("release/details", bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(ResponseFormatError, match="too large"):
        client.release(7)


def test_form_encoded_token_bodies_are_read(api, loopback):
    loopback.serve("oauth/requesttoken", b"oauth_token=ABC1XYZ&oauth_token_secret=oGBr7s1xQ0OBk6L1fddTCQ%3d%3d",
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    token = api.request_token()
    assert token == OAuthToken("ABC1XYZ", "oGBr7s1xQ0OBk6L1fddTCQ==")
    sent = loopback.hits("oauth/requesttoken")[0].query
    assert sent["oauth_consumer_key"] == "test-key-0001" and "oauth_token" not in sent


def test_sign_in_runs_the_three_steps_and_posts_the_password(api, loopback):
    loopback.serve("oauth/requesttoken", b"oauth_token=REQ&oauth_token_secret=REQSECRET")
    loopback.serve("oauth/requestToken/authorise", b'<response status="ok" version="1.2"/>')
    loopback.serve("oauth/accesstoken", b'<response status="ok"><oauth_access_token><oauth_token>ACC'
                                        b'</oauth_token><oauth_token_secret>ACCSECRET</oauth_token_secret>'
                                        b'</oauth_access_token></response>')
    assert api.sign_in("demo@example.com", "pass word") == OAuthToken("ACC", "ACCSECRET")
    authorise = loopback.hits("oauth/requestToken/authorise")[0]
    assert authorise.method == "POST" and authorise.query == {}
    assert authorise.form["password"] == "pass word" and authorise.form["username"] == "demo@example.com"
    assert authorise.form["token"] == "REQ" and authorise.form["oauth_signature"]
    assert loopback.hits("oauth/accesstoken")[0].query["oauth_token"] == "REQ"


def test_a_refused_sign_in_is_an_auth_error(api, loopback):
    loopback.serve("oauth/requesttoken", b"oauth_token=REQ&oauth_token_secret=S")
    loopback.serve("oauth/requestToken/authorise", b"OAuth authentication error: Invalid user credentials",
                   status=401)
    with pytest.raises(AuthError, match="Invalid user credentials"):
        api.sign_in("demo@example.com", "wrong")


def test_key_country_and_shop_go_on_every_request(loopback):
    loopback.serve("release/details", RELEASE)
    client = StoreClient(base_url=loopback.base_url, consumer_key="the-key", country="FR", shop_id=34)
    client.release(7)
    client.with_country("DE").release(7)
    first, second = loopback.hits("release/details")
    assert first.query == {"releaseId": "7", "country": "FR", "shopId": "34", "oauth_consumer_key": "the-key"}
    assert second.query["country"] == "DE" and second.query["shopId"] == "34"
    assert client.country == "FR"  # with_country made a new client
    assert not client.signed_in and client.with_access_token(OAuthToken("t", "s")).signed_in
    assert client.with_country("DE")._transport.session() is client._transport.session()  # shared pool


def test_checkout_url_is_the_unfollowed_redirect_signed_for_the_user(api, loopback):
    loopback.serve("basket/checkout", b"", status=302, headers={"Location": "/checkout/s3ss10n"})
    loopback.serve("/checkout/s3ss10n", b"<html>should not be fetched</html>")
    user = api.with_access_token(OAuthToken("tok", "sec"))
    assert user.checkout_url("b-1") == loopback.root + "checkout/s3ss10n"
    sent = loopback.hits("basket/checkout")[0].query
    assert sent["basketId"] == "b-1" and sent["oauth_token"] == "tok" and sent["country"] == "GB"
    assert loopback.hits("/checkout/s3ss10n") == []


def test_checkout_errors_are_typed(api, loopback):
    loopback.serve("basket/checkout", NOT_FOUND)
    with pytest.raises(NotFoundError):
        api.checkout_url("nope")


def test_fetch_bytes_reads_covers_and_maps_failures(api, loopback):
    loopback.serve("/static/img/cover_50.jpg", b"\xff\xd8jpeg-bytes", headers={"Content-Type": "image/jpeg"})
    assert api.fetch_bytes(loopback.root + "static/img/cover_50.jpg") == b"\xff\xd8jpeg-bytes"
    assert loopback.hits("/static/img/cover_50.jpg")[0].query == {}  # no key sent to image hosts
    with pytest.raises(NotFoundError):
        api.fetch_bytes(loopback.root + "static/img/missing.jpg")
    with pytest.raises(ResponseFormatError):
        api.fetch_bytes(loopback.root + "static/img/cover_50.jpg", max_bytes=4)


def test_clients_on_several_threads_use_a_session_each(api, loopback):
    loopback.serve("release/details", RELEASE)
    together = threading.Barrier(4, timeout=10)  # four calls in flight at once, on four threads
    sessions, lock = [], threading.Lock()

    def work(_):
        together.wait()
        titles = [api.release(7).title for _ in range(4)]
        with lock:
            sessions.append(api._transport.session())
        return titles

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(work, range(4)))
    assert results == [["Seven"] * 4] * 4 and len(loopback.hits("release/details")) == 16
    assert len({id(s) for s in sessions}) == 4
    assert api._transport.session() not in sessions  # this thread's own, made on first use


def test_preview_url_for_the_real_api_points_at_the_previews_host():
    client = StoreClient(consumer_key="key", consumer_secret="secret", country="GB")
    url = client.preview_url(12345)
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "previews.7digital.com", "/clip/12345")
    assert query["country"] == "GB" and query["oauth_consumer_key"] == "key"
    assert query["oauth_signature_method"] == "HMAC-SHA1" and query["oauth_signature"]
    assert "oauth_token" not in query


def test_preview_url_for_another_base_is_the_same_origin_root(loopback):
    client = StoreClient(base_url=loopback.base_url, consumer_key="key", consumer_secret="secret")
    parts = urlsplit(client.preview_url(99))
    assert f"{parts.scheme}://{parts.netloc}/" == loopback.root and parts.path == "/clip/99"
    with pytest.raises(AuthError):
        StoreClient(base_url=loopback.base_url, consumer_key="key").preview_url(99)


def test_consecutive_requests_reuse_one_connection(api, loopback):
    ports = []

    def remember(handler, seen):
        ports.append(handler.client_address[1])
        return RELEASE

    loopback.serve("release/details", remember)
    for _ in range(3):
        api.release(7)
    assert len(ports) == 3 and len(set(ports)) == 1  # keep-alive: no new TCP (or TLS) handshake per call
