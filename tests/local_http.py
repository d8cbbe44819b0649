"""A throwaway HTTP server on 127.0.0.1 for tests that need a store answering what no real one would."""
from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer


class LocalHTTP:
    """`handler` (a BaseHTTPRequestHandler class) served on a free loopback port from a daemon thread."""

    def __init__(self, handler):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/1.2/"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
