"""The one-shot loopback listener that receives the browser sign-in's callback (RFC 8252 §7.3).

The store's sign-in page sends the browser to `http://127.0.0.1:<port>/<path>?oauth_token=…&status=…`.
Every program and every web page on this machine can reach that port, so the listener:

* binds 127.0.0.1 only (never a routable address), on a free port, and drops a connection whose
  peer is not this machine;
* answers only GET of its random, unguessable path carrying the expected `oauth_token` with a
  Host naming this listener; everything else gets 404 and changes nothing;
* takes at most MAX_REQUEST bytes of request head, MAX_CONNECTIONS connections at once, each
  for at most CONNECTION_TIMEOUT_MS;
* accepts exactly one callback, then stops listening; gives up after `timeout_ms`.

It runs on the GUI thread's event loop (QTcpServer): nothing here blocks.
"""
from __future__ import annotations

import secrets
from html import escape
from http import HTTPStatus
from urllib.parse import parse_qsl, urlsplit

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QHostAddress, QTcpServer, QTcpSocket

__all__ = ["CallbackListener", "MAX_REQUEST", "DEFAULT_TIMEOUT_MS"]

MAX_REQUEST = 8 * 1024              # request line and headers: a browser's callback is well under 2 KB
MAX_CONNECTIONS = 16
CONNECTION_TIMEOUT_MS = 10_000
DEFAULT_TIMEOUT_MS = 5 * 60_000     # the store keeps a request token 15 min; a sign-in takes one or two
# What the browser shows after the callback, until the UI gives its translated words (AccountService).
DEFAULT_PAGE = ("7digital sign-in", "You can close this tab and return to the app.")


class CallbackListener(QObject):
    """Listens once for the sign-in callback of one request token; see the module docstring."""

    received = Signal(str)     # the callback's `status` ("Authorised", "Denied", … or "" when absent)
    timed_out = Signal()       # nothing came within timeout_ms; the listener is closed

    def __init__(self, timeout_ms: int = DEFAULT_TIMEOUT_MS, parent: QObject | None = None,
                 page: tuple[str, str] = DEFAULT_PAGE):
        super().__init__(parent)
        self._page_words = page      # (title, sentence) of the page the browser shows: worded by the UI
        self._server = QTcpServer(self)
        self._server.newConnection.connect(self._on_new_connection)
        self._path = "/" + secrets.token_urlsafe(32)
        self._expected = ""
        self._done = False
        self._disposed = False
        self._sockets: set[QTcpSocket] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, int(timeout_ms)))
        self._timer.timeout.connect(self._on_timeout)

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    @property
    def port(self) -> int:
        return self._server.serverPort()

    @property
    def url(self) -> str:
        """The callback address to hand the store (empty until `start`)."""
        return f"http://127.0.0.1:{self.port}{self._path}" if self.listening else ""

    def start(self, oauth_token: str) -> str:
        """Listen for the callback of request token `oauth_token`; returns the callback URL.
        OSError when no loopback port can be had."""
        if not oauth_token:
            raise ValueError("a request token is needed")
        self._expected = oauth_token
        if not self._server.listen(QHostAddress(QHostAddress.SpecialAddress.LocalHost), 0):
            raise OSError(f"could not listen on 127.0.0.1: {self._server.errorString()}")
        self._timer.start()
        return self.url

    def close(self) -> None:
        """Stop listening (answers already being written still go out)."""
        self._timer.stop()
        self._server.close()

    def dispose(self) -> None:
        """Stop listening and delete this listener once the answers being written have gone out."""
        self._done = True
        self.close()
        self._disposed = True
        if not self._sockets:
            self.deleteLater()

    # -- private -------------------------------------------------------------------------
    def _on_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if socket is None:
                return
            # Bound to 127.0.0.1 no peer can be another machine; checked anyway, and so is the count.
            if self._done or len(self._sockets) >= MAX_CONNECTIONS or not socket.peerAddress().isLoopback():
                socket.abort()
                socket.deleteLater()
                continue
            self._sockets.add(socket)
            buffer = bytearray()
            socket.readyRead.connect(lambda s=socket, b=buffer: self._on_ready_read(s, b))
            socket.disconnected.connect(lambda s=socket: self._forget(s))
            QTimer.singleShot(CONNECTION_TIMEOUT_MS, socket, socket.abort)

    def _forget(self, socket: QTcpSocket) -> None:
        self._sockets.discard(socket)
        socket.deleteLater()
        if self._disposed and not self._sockets:
            self.deleteLater()

    def _on_ready_read(self, socket: QTcpSocket, buffer: bytearray) -> None:
        buffer += bytes(socket.read(MAX_REQUEST + 1 - len(buffer)).data())
        end = buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(buffer) > MAX_REQUEST:
                self._answer(socket, 431, "")
            return
        socket.readyRead.disconnect()
        status = self._callback_status(bytes(buffer[:end]))
        if status is None or self._done:
            self._answer(socket, 404, "")
            return
        self._done = True
        self.close()
        self._answer(socket, 200, self._page())
        self.received.emit(status)

    def _callback_status(self, head: bytes) -> str | None:
        """The `status` of a request head that is this sign-in's callback, else None."""
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) != 3 or parts[0] != "GET" or not parts[2].startswith("HTTP/1."):
            return None
        target = urlsplit(parts[1])
        if not secrets.compare_digest(target.path.encode(), self._path.encode()):
            return None
        hosts = [line.partition(":")[2].strip().lower() for line in lines[1:] if line.lower().startswith("host:")]
        if len(hosts) != 1 or hosts[0] not in (f"127.0.0.1:{self.port}", f"localhost:{self.port}"):
            return None     # another name rebound to 127.0.0.1 is another site
        query = parse_qsl(target.query, keep_blank_values=True)
        tokens = [v for k, v in query if k == "oauth_token"]
        if len(tokens) != 1 or not secrets.compare_digest(tokens[0].encode(), self._expected.encode()):
            return None
        return next((v for k, v in query if k == "status"), "")[:64]

    def _page(self) -> str:
        title, text = self._page_words
        return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
                '<body style="font-family:system-ui,sans-serif;margin:3em auto;max-width:30em">'
                f"<p>{escape(text)}</p></body></html>")

    def _answer(self, socket: QTcpSocket, status: int, html: str) -> None:
        body = html.encode("utf-8")
        head = (f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\nContent-Type: text/html; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\nCache-Control: no-store\r\n"
                "Referrer-Policy: no-referrer\r\nX-Frame-Options: DENY\r\n"
                "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'\r\n"
                "\r\n")
        socket.write(head.encode("ascii") + body)
        socket.disconnectFromHost()      # after what was written has gone out

    def _on_timeout(self) -> None:
        if self._done:
            return
        self._done = True
        self.close()
        self.timed_out.emit()

