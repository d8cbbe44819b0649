"""SandboxServer: the embedded store on waitress in a background thread.

Connections: the store serves up to CONNECTION_LIMIT at once. A connection must send its whole request
within `header_timeout` seconds (of connecting, or of the first byte of a later request on it) or it
is closed; at the limit, a new connection closes the one that has waited longest without a request
being served (a slow sender or an idle keep-alive), so slow connections can't lock everyone out
(slowloris). Everything comes from 127.0.0.1 here: limits per address would not help.

A server with a state file owns it for its whole life: an exclusive lock on `<state>.lock`
(app.files.locks; the kernel drops it if the process dies), taken before anything is loaded or
bound. A second store on the same state is refused with StoreStateInUse, which names the owner as
the owner described itself in the lock file: its process id, address and store identity.
"""
from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path

import platformdirs
from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

from app.files.locks import FileLock, LockBusy
from app.sandbox.generate import catalogue_path, ensure_catalogue
from app.sandbox.persistence import new_store_id
from app.sandbox.store import Catalogue
from app.sandbox.wsgi import STORE_ID_HEADER, SandboxApp

__all__ = ["SandboxServer", "StoreStateInUse", "STORE_ID_HEADER", "default_cache_dir", "CONNECTION_LIMIT",
           "HEADER_TIMEOUT"]

log = logging.getLogger(__name__)

# Same place as app.settings.paths.cache_dir(); the sandbox may not import app.settings (layers).
APP_NAME = "sevendigital-browser"
CONNECTION_LIMIT = 500      # open connections at once (each is a file descriptor)
HEADER_TIMEOUT = 5.0        # seconds a connection has to send a whole request (loopback: milliseconds)
IDLE_TIMEOUT = 30           # seconds an idle keep-alive connection is kept
ACCEPT_BATCH = 64           # connections accepted per turn of the loop, at most
TEND_INTERVAL = 0.25        # seconds between looks for connections to cut
CLOSE_GRACE = 2.0           # seconds a connection told to close may take to flush what it has


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, APP_NAME)) / "sandbox"


class StoreStateInUse(RuntimeError):
    """Another store (in this process or another) owns the state file: this one did not start.

    `owner` is what the owner wrote about itself: {"pid", "url", "store_id"}; `url` is None while
    the owner is still starting (building its catalogue, binding its port)."""

    def __init__(self, path: Path | str, owner: dict | None = None):
        self.path = Path(path)
        owner = owner or {}
        self.pid: int | None = owner.get("pid") if isinstance(owner.get("pid"), int) else None
        self.url: str | None = owner.get("url") if isinstance(owner.get("url"), str) else None
        self.store_id: str | None = owner.get("store_id") if isinstance(owner.get("store_id"), str) else None
        who = f"process {self.pid}" if self.pid is not None else "another process"
        where = f"serving at {self.url}" if self.url else "still starting"
        super().__init__(f"the store state {self.path} is in use by another store ({who}, {where})")

    @property
    def owner(self) -> dict:
        return {"pid": self.pid, "url": self.url, "store_id": self.store_id}

    @classmethod
    def from_note(cls, path: Path | str, note: str) -> "StoreStateInUse":
        """From the owner's lock note; a half-written or foreign note names nobody."""
        try:
            owner = json.loads(note) if note.strip() else {}
        except ValueError:
            owner = {}
        return cls(path, owner if isinstance(owner, dict) else {})


class SandboxServer:
    """A local 7digital API on `host:port` (port 0 = a free one). `start()` returns once listening.

    With a `state_file`, `start()` raises StoreStateInUse when another store owns that state.
    `store_id` is the store's identity: kept in the state file (the same store after a restart,
    on whatever port), fresh and random without one; None until start() for a state-file server.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, catalogue: str | int = "default", seed: int = 0,
                 cache_dir: Path | str | None = None, latency_ms: int = 0, clip_seconds: int = 30,
                 http_error_statuses: bool = False, threads: int = 8, state_file: Path | str | None = None,
                 prefetch_clips: bool = False, header_timeout: float = HEADER_TIMEOUT,
                 connection_limit: int = CONNECTION_LIMIT):
        self.host, self.port = host, port
        self.catalogue, self.seed = catalogue, seed
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.latency_ms, self.clip_seconds = latency_ms, clip_seconds
        self.http_error_statuses, self.threads = http_error_statuses, threads
        # None: baskets, purchases and tokens live as long as the server (tests); a path: they
        # survive restarts, as the real store's do (the app).
        self.state_file = Path(state_file) if state_file is not None else None
        self.prefetch_clips = prefetch_clips   # make a tracklist's first clips before they are clicked
        self.header_timeout, self.connection_limit = header_timeout, connection_limit
        self.store_id: str | None = None if self.state_file is not None else new_store_id()
        self.app: SandboxApp | None = None
        self._server = None
        self._thread: threading.Thread | None = None
        self._store: Catalogue | None = None
        self._owner: FileLock | None = None     # the lock on the state file, while this server runs

    def start(self) -> "SandboxServer":
        if self._server is not None:
            return self
        # The state first: a store refused for it must not build a catalogue or take a port.
        self.claim_state()
        self.app = None
        try:
            path = ensure_catalogue(self.cache_dir, self.catalogue, self.seed)
            self._store = Catalogue(path)
            media_dir = self.cache_dir / "media" / catalogue_path(Path("."), self.catalogue, self.seed).stem
            self.app = SandboxApp(self._store, media_dir, self.latency_ms, self.clip_seconds,
                                  self.http_error_statuses)
            if self.state_file is not None:
                self.app.keep_state_in(self.state_file)
                self.store_id = self.app.state.store_id
            self.app.store_id = self.store_id
            self.app.prefetch_clips = self.prefetch_clips
            server = _GuardedServer.create(
                self.app, self.header_timeout, host=self.host, port=self.port, threads=self.threads,
                ident="7digital-sandbox", asyncore_use_poll=True, channel_timeout=IDLE_TIMEOUT, cleanup_interval=1,
                connection_limit=self.connection_limit, expose_tracebacks=False,
                max_request_header_size=64 * 1024, max_request_body_size=64 * 1024)
        except BaseException:           # a busy port, a broken catalogue: nothing stays open or locked
            self._close_parts()
            raise
        self._server = server
        self.port = int(server.effective_port)
        self.app.serve_on(self.host, self.port)
        self._describe_owner(url=self.url, store_id=self.store_id)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(self._server, self._stopping),
                                        name=f"sandbox:{self.port}", daemon=True)
        self._thread.start()
        return self

    @staticmethod
    def _serve(server, stopping: threading.Event) -> None:
        """waitress's loop, but with a stop flag checked every 50 ms and the connection deadlines kept
        between turns; everything is closed on this thread, so no socket is closed under the poll of
        another (waitress's own close() races with its loop)."""
        try:
            while not stopping.is_set() and server._map:
                wasyncore.loop(timeout=0.05, use_poll=True, map=server._map, count=1)
                server.tend()
        finally:
            # Workers still finishing a request must not write to a closed (maybe reused) trigger fd.
            server.pull_trigger = lambda *args, **kwargs: None
            for channel in list(server._map.values()):
                channel.close()

    def stop(self) -> None:
        """Stop accepting, close every connection, then wait for the worker threads."""
        server, self._server = self._server, None
        if server is None:
            self._release_state()           # claimed, never started
            return
        self.app.stopping = True
        self._stopping.set()
        self._thread.join(10)
        server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        self._close_parts()

    def claim_state(self) -> None:
        """Own the state file from now on (start() does this first): StoreStateInUse if another
        store owns it. For callers that want to know before a long start; stop() lets go."""
        if self.state_file is None or self._owner is not None:
            return
        lock = FileLock.guarding(self.state_file)
        try:
            lock.acquire(timeout=0)
        except LockBusy as busy:
            raise StoreStateInUse.from_note(self.state_file, busy.note) from None
        self._owner = lock
        self._describe_owner(url=None, store_id=None)     # who, while the catalogue is prepared

    def _describe_owner(self, url: str | None, store_id: str | None) -> None:
        """Say in the lock file who owns the state: others read it when they are refused."""
        if self._owner is None:
            return
        try:
            self._owner.write_note(json.dumps({"pid": os.getpid(), "url": url, "store_id": store_id}))
        except OSError:     # only a description: the lock itself still holds
            log.warning("embedded store: could not describe the owner of %s", self.state_file, exc_info=True)

    def _close_parts(self) -> None:
        """Close what start() opened, in reverse; the state is saved before its lock is let go."""
        app, store, owner = self.app, self._store, self._owner
        self._store = self._owner = None
        try:
            try:
                if app is not None and app.state is not None:
                    app.state.close()
            finally:
                try:
                    if app is not None:
                        app.media.close()
                finally:
                    if store is not None:
                        store.close()
        finally:
            self._release_state(owner)

    def _release_state(self, owner: FileLock | None = None) -> None:
        owner = owner or self._owner
        self._owner = None
        if owner is not None:
            try:
                owner.write_note("")      # no stale address for whoever owns the state next
            finally:
                owner.release()

    def __enter__(self) -> "SandboxServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The API base URL, e.g. http://127.0.0.1:8701/1.2/."""
        return f"{self.root_url}1.2/"

    @property
    def root_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def faults(self):
        return self.app.faults

    def revoke_tokens(self) -> None:
        """Every issued token becomes invalid: 3-legged calls answer 401 until the user signs in again."""
        self.app.accounts.revoke_tokens()


class _Channel(HTTPChannel):
    """waitress's connection, knowing since when it has been sending a request not yet whole."""

    def __init__(self, server, sock, addr, adj, map=None):
        # A new connection owes its first request from now (monotonic seconds); None: nothing owed
        # (idle between requests, or its requests are whole and being served).
        self.receiving_since: float | None = time.monotonic()
        self.closing_since: float | None = None        # when the server first saw it told to close
        super().__init__(server, sock, addr, adj, map)

    def received(self, data):
        if self.request is None and self.receiving_since is None:
            self.receiving_since = time.monotonic()     # the first bytes of a next request
        try:
            return super().received(data)
        finally:
            if self.request is None:        # no request half-received
                self.receiving_since = None

    def waited(self, now: float, wall_now: float) -> float:
        """Seconds this connection has kept its place without a request to serve: sending one
        (slowly), or idle since the last answer."""
        if self.receiving_since is not None:
            return now - self.receiving_since
        return wall_now - self.last_activity


class _GuardedServer(TcpWSGIServer):
    """waitress's TCP server with a deadline for whole requests and, at the connection limit, room
    made by closing the connection that has waited longest instead of no longer accepting (waitress
    stops accepting there, so a few hundred trickling connections would lock everyone out)."""

    channel_class = _Channel
    header_timeout = HEADER_TIMEOUT
    _overflowing = False
    _next_tend = 0.0

    @classmethod
    def create(cls, app, header_timeout: float, **adjustments) -> "_GuardedServer":
        adj = Adjustments(**adjustments)
        dispatcher = ThreadedTaskDispatcher()
        dispatcher.set_thread_count(adj.threads)
        try:        # the first address the host names (waitress would open one server per address)
            server = cls(app, map={}, dispatcher=dispatcher, adj=adj, sockinfo=adj.listen[0])
        except BaseException:       # a busy port: no worker threads left behind
            dispatcher.shutdown(cancel_pending=True, timeout=5)
            raise
        server.header_timeout = header_timeout
        return server

    def readable(self):
        now = time.time()
        if now >= self.next_channel_cleanup:
            self.next_channel_cleanup = now + self.adj.cleanup_interval
            self.maintenance(now)
        return self.accepting       # at the limit too: handle_accept makes room

    def tend(self) -> None:
        """Between turns of the loop, on its thread (nothing polled is pending, so closing is safe):
        close the connections past the request deadline, and those told to close that haven't
        (a peer that reads nothing keeps its send buffer full, and the close waits for it to drain)."""
        now = time.monotonic()
        if now < self._next_tend:
            return
        self._next_tend = now + TEND_INTERVAL
        deadline = now - self.header_timeout
        for channel in list(self.active_channels.values()):
            if not isinstance(channel, _Channel) or channel.requests:       # being served: not ours to cut
                continue
            if channel.receiving_since is not None and channel.receiving_since < deadline:
                log.debug("embedded store: closing %s, no whole request after %.0f s", channel.addr,
                          self.header_timeout)
                channel.handle_close()
            elif channel.will_close:
                if channel.closing_since is None:
                    channel.closing_since = now
                elif now - channel.closing_since > CLOSE_GRACE:
                    channel.handle_close()
        if self._overflowing and len(self.active_channels) < self.adj.connection_limit:
            self._overflowing = False

    def handle_accept(self):
        """Accept what waits (up to ACCEPT_BATCH a turn: a flood must not keep honest connections
        queued behind it); past the limit each new connection closes the one that waited longest."""
        victims: list[_Channel] | None = None       # the waiting channels, longest-waiting last
        closing = None                              # channels already told to close (not yet closed)
        for _ in range(ACCEPT_BATCH):
            try:
                accepted = self.accept()
                if accepted is None:
                    return
                conn, addr = accepted
                self.set_socket_options(conn)
            except OSError:     # the client gave up before we got to it, a bogus socket: next
                if self.adj.log_socket_errors:
                    log.debug("embedded store: accept failed", exc_info=True)
                continue
            if len(self.active_channels) >= self.adj.connection_limit:
                if closing is None:
                    closing = sum(1 for c in self.active_channels.values() if c.will_close)
                if len(self.active_channels) - closing >= self.adj.connection_limit:
                    if victims is None:
                        victims = self._waiting_longest_last()
                    if not victims:
                        self._refuse(conn)
                        continue
                    victims.pop().will_close = True       # closed at the next turn, as waitress does
                    closing += 1
            self.channel_class(self, conn, self.fix_addr(addr), self.adj, map=self._map)

    def _waiting_longest_last(self) -> list[_Channel]:
        """The connections that could make room (none of their requests is being served)."""
        now, wall_now = time.monotonic(), time.time()
        waiting = [c for c in self.active_channels.values()
                   if isinstance(c, _Channel) and not c.requests and not c.will_close]
        waiting.sort(key=lambda c: c.waited(now, wall_now))
        if waiting and not self._overflowing:
            self._overflowing = True
            log.warning("embedded store: %d connections open; closing the longest-waiting ones for new ones",
                        len(self.active_channels))
        return waiting

    @staticmethod
    def _refuse(conn) -> None:
        """Every connection is busy being served: answer 503 to this one and close it."""
        try:
            conn.setblocking(False)
            conn.send(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        except OSError:
            pass
        finally:
            conn.close()
