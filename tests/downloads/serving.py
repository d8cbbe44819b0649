"""For the download tests: a real MP3 (lameenc), a loopback HTTP server that honours Range and can
misbehave on purpose (drop the connection after N bytes, stall, refuse, ignore Range)."""
from __future__ import annotations

import errno
import os
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COVER = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def make_mp3(seconds: float = 6.0, freq: float = 440.0) -> bytes:
    import lameenc
    import numpy as np

    rate = 44100
    t = np.arange(int(seconds * rate)) / rate
    tone = (np.sin(2 * np.pi * freq * t) * 0.4 * 32767).astype("<i2")
    pcm = np.ascontiguousarray(np.stack([tone, tone], axis=1)).tobytes()
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(128)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(2)
    encoder.set_quality(7)
    return bytes(encoder.encode(pcm)) + bytes(encoder.flush())


@dataclass
class Behaviour:
    """What the server does; tests change it between requests."""
    files: dict = field(default_factory=dict)       # path → bytes
    status: dict = field(default_factory=dict)      # path → an error status to answer instead
    drop_after: list = field(default_factory=list)  # per request, in order: close after N body bytes
    ignore_range: bool = False
    wrong_range: bool = False                       # answer 206 for bytes 0- whatever was asked
    stall_after: int | None = None                  # send this many bytes, then wait for `release`
    release: threading.Event = field(default_factory=threading.Event)
    stalled: threading.Event = field(default_factory=threading.Event)
    requests: list = field(default_factory=list)    # (path, Range header or None)


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        b: Behaviour = self.server.behaviour
        path = self.path.split("?", 1)[0]
        asked = self.headers.get("Range")
        b.requests.append((path, asked))
        if path in b.status:
            self.send_response(b.status[path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b.files.get(path)
        if body is None:
            self.send_error(404)
            return
        start = 0
        match = re.match(r"bytes=(\d+)-$", asked or "")
        if match and not b.ignore_range:
            start = 0 if b.wrong_range else int(match.group(1))
            if start >= len(body):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(body)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(200)
        rest = body[start:]
        self.send_header("Content-Length", str(len(rest)))
        self.send_header("Content-Type", "audio/mpeg")
        self.end_headers()
        limit = b.drop_after.pop(0) if b.drop_after else None
        if b.stall_after is not None:
            self.wfile.write(rest[: b.stall_after])
            self.wfile.flush()
            b.stalled.set()
            b.release.wait(10)
            return                                  # and close: the client sees a dropped connection
        if limit is not None:
            self.wfile.write(rest[:limit])
            self.wfile.flush()
            return
        self.wfile.write(rest)


class FileServer:
    def __init__(self):
        self.behaviour = Behaviour()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.behaviour = self.behaviour
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def serve(self, path: str, body: bytes) -> str:
        self.behaviour.files[path] = body
        # shaped like a store's pre-signed link: the query must reach the server untouched
        return f"{self.base}{path}?oauth_signature=abc%2Fdef%3D&oauth_token=t0k"

    def stop(self):
        self.behaviour.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


class FullDisk:
    """A Fetcher `opener(path, mode)` on a disk with `room` bytes left (shared by every file it opens):
    a write that doesn't fit writes what fits, then fails with ENOSPC, as a real full disk does."""

    def __init__(self, room: int):
        self.room, self.opened = room, 0

    def __call__(self, path, mode):
        self.opened += 1
        return _FillingFile(open(path, mode), self)  # noqa: SIM115 - closed by the wrapper


class _FillingFile:
    def __init__(self, handle, disk: FullDisk):
        self._handle, self._disk = handle, disk

    def write(self, data) -> int:
        disk = self._disk
        if len(data) > disk.room:
            self._handle.write(data[: disk.room])
            self._handle.flush()
            disk.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        disk.room -= len(data)
        return self._handle.write(data)

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def close(self) -> None:
        self._handle.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._handle.close()
