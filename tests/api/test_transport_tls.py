"""https through the transport against a real TLS server on 127.0.0.1 (its certificate made here):
every worker thread's connections verify with the process's one TLS context for the CA bundle,
made at the first https connection; verification is as strict as requests' own; a bundle the user
names is the one verified with; plain http makes no TLS context at all."""
from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from app.api import NetworkError, transport
from app.api.transport import Transport, shared_tls_context

BODY = (b'<?xml version="1.0" encoding="utf-8"?><response status="ok" version="1.2">'
        b'<release id="7"><title>Seven</title></release></response>')


def _self_signed(folder):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)


@pytest.fixture
def tls_server(tmp_path):
    cert_file, key_file = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.seen = []
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    httpd.url = f"https://127.0.0.1:{httpd.server_address[1]}/1.2/"
    httpd.cert_file = cert_file
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def fresh_tls_context(monkeypatch):
    """This test's own shared contexts (other tests' before and after), with requests' own bundle
    (this machine may name another in the environment)."""
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    monkeypatch.setattr(transport, "_TLS_CONTEXTS", {})


def _fetch(url: str) -> int:
    connection = Transport(url, "key", retries=0, timeout=5)
    try:
        return connection.send("release/details", {"releaseId": 7}).status
    finally:
        connection.close()


def test_every_thread_verifies_https_with_the_one_shared_context(tls_server, fresh_tls_context):
    # The shared context trusts this server's certificate; requests' bundle (what urllib3 would
    # load for each connection by itself) does not: so an answer proves the shared context verified.
    shared_tls_context().load_verify_locations(tls_server.cert_file)
    with ThreadPoolExecutor(max_workers=3) as pool:
        statuses = list(pool.map(_fetch, [tls_server.url] * 3))
    assert statuses == [200, 200, 200] and len(tls_server.seen) == 3
    assert shared_tls_context().verify_mode == ssl.CERT_REQUIRED and shared_tls_context().check_hostname


def test_a_certificate_the_bundle_does_not_hold_is_refused(tls_server, fresh_tls_context):
    with pytest.raises(NetworkError):
        _fetch(tls_server.url)
    assert tls_server.seen == []        # nothing was sent over the unverified connection
    assert list(transport._TLS_CONTEXTS) == [requests.utils.DEFAULT_CA_BUNDLE_PATH]


def test_a_bundle_the_user_names_is_the_one_verified_with(tls_server, fresh_tls_context, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls_server.cert_file))
    with ThreadPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(_fetch, [tls_server.url] * 2)) == [200, 200]
    assert list(transport._TLS_CONTEXTS) == [str(tls_server.cert_file)]     # one context for both threads


def test_plain_http_makes_no_tls_context(loopback, fresh_tls_context):
    loopback.serve("release/details", BODY)
    assert _fetch(loopback.base_url) == 200
    assert transport._TLS_CONTEXTS == {}


def test_a_host_that_cannot_be_reached_makes_no_tls_context(fresh_tls_context):
    with socket.socket() as probe:          # a port nothing listens on any more
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(NetworkError):
        _fetch(f"https://127.0.0.1:{port}/1.2/")
    assert transport._TLS_CONTEXTS == {}
