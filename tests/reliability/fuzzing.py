"""Mutations of recorded 7digital responses, and which client call reads each one.

Shared by tests/reliability/test_fuzz_recorded.py (a fast subset in `make test`) and
bench/fuzz.py (the full 10,000-case run).
"""
from __future__ import annotations

import copy
import random
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from lxml import etree

from app.api import OAuthToken, StoreClient

JUNK = ["", " ", "N/A", "-1", "1e309", "NaN", "0x1F", "99999999999999999999999", "£", "0,99 €", "true",
        "2012-13-45T99:99:99", "\u202e\u00a0", "<", "&amp;", "\U0001F3B5" * 50, "x" * 5000, "None"]
ENCODINGS = ["utf-16", "latin-1", "cp1252", "utf-8-sig", "ascii"]


def _call_for(name: str) -> Callable[[StoreClient], object]:
    """The client method that reads the recording `name` (the file name without .xml)."""
    user = OAuthToken("token-0001", "secret-0001")
    calls: list[tuple[str, Callable[[StoreClient], object]]] = [
        ("artist-browse", lambda c: c.artist_browse("p")),
        ("artist-chart", lambda c: c.artist_chart()),
        ("artist-details", lambda c: c.artist(1)),
        ("artist-releases", lambda c: c.artist_releases(1)),
        ("artist-search", lambda c: c.search_artists("x")),
        ("artist-similar", lambda c: c.artist_similar(1)),
        ("artist-tags", lambda c: c.artist_tags(1)),
        ("artist-toptracks", lambda c: c.artist_top_tracks(1)),
        ("artist-bytag", lambda c: c.search_artists("x")),
        ("basket-status", lambda c: c.basket_status("b")),
        ("basket-additem", lambda c: c.add_to_basket("b", 1)),
        ("basket-removeitem", lambda c: c.remove_from_basket("b", 1)),
        ("basket", lambda c: c.basket("b")),
        ("release-bydate", lambda c: c.release_chart()),
        ("release-bytag", lambda c: c.releases_by_tag("rock")),
        ("release-chart", lambda c: c.release_chart()),
        ("release-details", lambda c: c.release(1)),
        ("release-recommend", lambda c: c.release_recommend(1)),
        ("release-search", lambda c: c.search_releases("x")),
        ("release-tags", lambda c: c.release_tags(1)),
        ("release-tracks", lambda c: c.release_tracks(1)),
        ("track-chart", lambda c: c.track_chart()),
        ("track-details", lambda c: c.track(1)),
        ("track-search", lambda c: c.search_tracks("x")),
        ("tag-list", lambda c: c.tags()),
        ("oauth-requesttoken", lambda c: c.request_token()),
        ("oauth-accesstoken", lambda c: c.access_token(user)),
        ("user-details", lambda c: c.with_access_token(user).user_details()),
        ("user-locker", lambda c: c.with_access_token(user).locker()),
    ]
    for prefix, call in calls:
        if name.startswith(prefix):
            return call
    return lambda c: c.release(1)        # errors, bogus and endpoints without a method


def recordings(folder: Path) -> list[tuple[str, bytes, Callable[[StoreClient], object]]]:
    return [(p.stem, p.read_bytes(), _call_for(p.stem)) for p in sorted(folder.glob("*.xml"))]


def mutate(body: bytes, rng: random.Random) -> bytes:
    """One to three structural or byte-level mutations of a recorded response."""
    for _ in range(rng.randint(1, 3)):
        op = rng.choice(("drop", "duplicate", "reorder", "junk_text", "junk_attr", "truncate",
                         "encoding", "bom", "garble", "wrap"))
        if op in ("truncate", "encoding", "bom", "garble"):
            body = _byte_mutation(op, body, rng)
            continue
        try:
            root = etree.fromstring(body, etree.XMLParser(recover=True, resolve_entities=False))
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            body = _byte_mutation("garble", body, rng)
            continue
        elements = list(root.iter())
        target = rng.choice(elements)
        parent = target.getparent()
        if op == "drop" and parent is not None:
            parent.remove(target)
        elif op == "duplicate" and parent is not None:
            parent.insert(parent.index(target), copy.deepcopy(target))
        elif op == "reorder" and len(target):
            children = list(target)
            rng.shuffle(children)
            for child in children:
                target.append(child)
        elif op == "junk_text":
            target.text = rng.choice(JUNK)
        elif op == "junk_attr":
            names = [n for n in target.attrib if ":" not in n and not n.startswith("{")]
            target.set(rng.choice(names or ["id", "status", "code"]), rng.choice(JUNK))
        elif op == "wrap" and parent is not None:
            wrapper = etree.SubElement(parent, "wrapper")
            wrapper.append(target)
        body = etree.tostring(root, xml_declaration=rng.random() < 0.5, encoding="utf-8")
    return body


def _byte_mutation(op: str, body: bytes, rng: random.Random) -> bytes:
    if op == "truncate":
        return body[: rng.randrange(len(body) + 1)]
    if op == "encoding":
        try:
            return body.decode("utf-8", "replace").encode(rng.choice(ENCODINGS), "replace")
        except (LookupError, UnicodeError):
            return body
    if op == "bom":
        return rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00"]) + body
    data = bytearray(body)
    for _ in range(rng.randint(1, 8)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


class MutableServer:
    """A real loopback HTTP server that answers every request with `self.body`."""

    def __init__(self) -> None:
        owner = self
        self.body = b""

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def setup(self):
                super().setup()
                # headers and body leave in separate writes: without this, Nagle + delayed ACK cost 40 ms
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                self.send_response(200)
                self.send_header("Content-Type", "text/xml; charset=utf-8")
                self.send_header("Content-Length", str(len(owner.body)))
                self.end_headers()
                self.wfile.write(owner.body)

            do_GET = do_POST = _answer

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/1.2/"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
