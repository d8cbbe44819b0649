"""Which store the app talks to: the embedded one (started off the GUI thread) or a real service."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.services.tasks import CancelToken, TaskRunner
from app.settings.logs import register_secret

log = logging.getLogger(__name__)

EMBEDDED_CATALOGUE = "default"


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    """A real service. `api_url` empty means the embedded store."""

    api_url: str = ""
    consumer_key: str = ""
    consumer_secret: str | None = None
    timeout: float = 10.0
    secret_from_keyring: bool = False   # read the secret on the worker (keyring may be slow)

    @property
    def embedded(self) -> bool:
        return not (self.api_url and self.consumer_key)


class EmbeddedStoreInUse(Exception):
    """The embedded store's state belongs to another store that can't be used from here: it is
    still starting, doesn't answer, or isn't on this computer. app/ui/errors.py words it."""

    def __init__(self, path: Path, pid: int | None = None, url: str | None = None, why: str = ""):
        self.path, self.pid, self.url = Path(path), pid, url
        who = f"process {pid}" if pid is not None else "another process"
        where = f" at {url}" if url else ""
        super().__init__(f"{self.path} is used by the store of {who}{where}" + (f", which {why}" if why else ""))


class Stage(Enum):
    """What `Connection.progress` reports (the UI words it)."""

    CONNECTING = "connecting"            # to a real service
    STARTING_EMBEDDED = "starting"       # the embedded store (its first start builds the catalogue)


class Connection(QObject):
    """Builds the StoreClient for a ServiceConfig; starts/stops the embedded store as needed."""

    progress = Signal(object, str)  # Stage, and the service's address ("" for the embedded store)
    ready = Signal(object)          # the StoreClient to use from now on (country not applied)
    failed = Signal(object)         # the exception; ui/errors.py words it

    def __init__(self, runner: TaskRunner, background: TaskRunner, secrets=None,
                 state_file: Path | None = None, catalogue_size: str | int = EMBEDDED_CATALOGUE,
                 latency_ms: int = 0, parent: QObject | None = None):
        super().__init__(parent)
        self._runner, self._background, self._secrets = runner, background, secrets
        self._state_file = state_file
        self._catalogue_size, self._latency_ms = catalogue_size, latency_ms
        self.server = None              # the running SandboxServer, if any
        self._token: CancelToken | None = None
        self._sandbox_token: CancelToken | None = None

    def connect_to(self, config: ServiceConfig) -> None:
        """Switch to `config`; `ready` (or `failed`) follows, on the GUI thread.

        Everything slow happens on a worker: importing the client, reading the keyring,
        building the embedded catalogue and binding its socket.
        """
        self._runner.cancel(self._token)
        if not config.embedded:
            self.stop()
            self.progress.emit(Stage.CONNECTING, config.api_url)
            secrets = self._secrets
            self._token = self._runner.submit(lambda token: _real_client(config, secrets), self._on_client,
                                              self._on_failed)
            return
        if self.server is not None:
            server = self.server
            self._token = self._runner.submit(lambda token: _embedded_client(server), self._on_client,
                                              self._on_failed)
            return
        if self._sandbox_token is not None:
            return                          # already starting
        self.progress.emit(Stage.STARTING_EMBEDDED, "")
        # On the detached runner: the first start builds the catalogue (seconds, and it cannot be
        # cancelled), and quitting must not wait for it. Its daemon thread is left behind at exit;
        # the catalogue is built into a temp file and renamed, so an abandoned build harms nothing.
        size, latency, state_file = self._catalogue_size, self._latency_ms, self._state_file
        holder: list[CancelToken] = []
        self._sandbox_token = self._background.submit(
            lambda token: _start_sandbox(size, latency, token, state_file),
            lambda result: self._on_sandbox_started(holder[0], result),
            lambda exc: self._on_sandbox_failed(holder[0], exc))
        holder.append(self._sandbox_token)

    @property
    def starting(self) -> bool:
        return self._sandbox_token is not None

    def stop(self) -> None:
        """Stop the embedded store (at exit, or when switching to a real service)."""
        self._runner.cancel(self._token)
        self._token = None
        if self._sandbox_token is not None:
            # A store still starting stops itself once up (_start_sandbox checks the token).
            self._background.cancel(self._sandbox_token)
            self._sandbox_token = None
        if self.server is not None:
            server, self.server = self.server, None
            try:
                server.stop()
            except Exception:       # at exit a failing stop must not hide the real outcome
                log.exception("stopping the embedded store failed")

    def _on_sandbox_started(self, token: CancelToken, result) -> None:
        if token is not self._sandbox_token:
            if result[0] is not None:
                result[0].stop()
            return
        self._sandbox_token = None
        self.server, client = result
        self.ready.emit(client)

    def _on_sandbox_failed(self, token: CancelToken, exc: Exception) -> None:
        if token is self._sandbox_token:
            self._sandbox_token = None
            self._on_failed(exc)

    def _on_client(self, client) -> None:
        self._token = None
        self.ready.emit(client)

    def _on_failed(self, exc: Exception) -> None:
        self._token = None
        log.error("the store could not be reached: %s", exc)
        self.failed.emit(exc)


def _real_client(config: ServiceConfig, secrets):
    from app.api import StoreClient
    secret = config.consumer_secret
    if secret is None and config.secret_from_keyring and secrets is not None:
        try:
            secret = secrets.get("consumer_secret")
        except Exception:       # a broken keyring must not stop browsing; previews will say why
            log.warning("could not read the consumer secret from the keyring", exc_info=True)
    register_secret(secret)
    return StoreClient(base_url=config.api_url, consumer_key=config.consumer_key,
                       consumer_secret=secret, timeout=config.timeout)


def _embedded_client(server):
    return _embedded_store_client(server.url, server.store_id)


def _embedded_store_client(url: str, store_id: str):
    from app.api import StoreClient
    from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET
    register_secret(DEMO_CONSUMER_SECRET)
    # The store's own identity, kept in its state file: the sign-in follows it to any port.
    return StoreClient(base_url=url, consumer_key=DEMO_CONSUMER_KEY, consumer_secret=DEMO_CONSUMER_SECRET,
                       timeout=10.0, store_identity=f"embedded:{store_id}")


# The embedded store's usual port; a busy one falls back to any free one. Sign-in doesn't depend
# on it (it is kept per store identity), but a steady address is friendlier to anything else.
EMBEDDED_PORT = 8701
# How long a store that owns our state may take to answer before it counts as not answering.
PROBE_TIMEOUT = 2.0


def _start_sandbox(size, latency_ms: int, token, state_file: Path | None = None):
    """(server, client): our own store; (None, client): another one that owns the state and answers."""
    # Worker thread: imports, catalogue generation and the socket bind all happen here.
    from app.sandbox import SandboxServer
    from app.sandbox.server import StoreStateInUse
    from app.settings.paths import data_dir

    state_file = state_file or data_dir() / "embedded-store.sqlite3"
    try:
        for port in (EMBEDDED_PORT, 0):
            # The state file keeps baskets, purchases and tokens across restarts, as the real store
            # does; prefetched clips make the first preview of a tracklist start at once.
            server = SandboxServer(port=port, catalogue=size, latency_ms=latency_ms, prefetch_clips=True,
                                   state_file=state_file)
            try:
                server.start()
                break
            except OSError as exc:
                if port == 0:
                    raise
                log.info("embedded store: port %d is busy (%s); using a free one", port, exc)
    except StoreStateInUse as busy:
        # Another store owns this state (a `python -m app.sandbox --state-file`, another copy of
        # the app): two owners would overwrite each other's baskets and sign-ins, so use that one.
        client = _running_store_client(busy)
        log.info("embedded store: using the store at %s, which owns %s", client.base_url, state_file)
        return None, client
    if token.cancelled:             # the app closed while the store was starting: nobody will stop it
        server.stop()
        return None, None
    return server, _embedded_client(server)


def _running_store_client(busy):
    """A client for the store that owns the state, if its note gives a loopback address where that
    very store (same identity) answers a real request now; EmbeddedStoreInUse otherwise."""
    def refuse(why: str) -> EmbeddedStoreInUse:
        return EmbeddedStoreInUse(busy.path, busy.pid, busy.url, why)

    if not busy.url or not busy.store_id:
        raise refuse("is still starting")
    url = _loopback_http(busy.url)
    if url is None:
        raise refuse("is not on this computer")
    from app.api import StoreError
    from app.api.transport import Transport
    from app.sandbox import DEMO_CONSUMER_KEY
    from app.sandbox.server import STORE_ID_HEADER

    probe = Transport(url, DEMO_CONSUMER_KEY, timeout=PROBE_TIMEOUT, retries=0)
    try:
        reply = probe.send("tag", {"pageSize": 1})
    except StoreError as exc:
        raise refuse(f"does not answer ({exc})") from exc
    finally:
        probe.close()
    if reply.status != 200 or reply.headers.get(STORE_ID_HEADER) != busy.store_id:
        raise refuse("is not what answers there")
    return _embedded_store_client(url, busy.store_id)


def _loopback_http(url: str) -> str | None:
    """`url` if it is http on this computer's loopback; a store bound to every address
    (0.0.0.0, ::) is reached on loopback; None for anything else (never trust a note elsewhere)."""
    import ipaddress
    from urllib.parse import urlsplit

    from app.api.urls import is_loopback

    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        return None
    if is_loopback(parts.hostname):
        return url
    try:
        address = ipaddress.ip_address(parts.hostname)
        port = parts.port
    except ValueError:
        return None
    if address.is_unspecified and port:
        host = "127.0.0.1" if address.version == 4 else "[::1]"
        return parts._replace(netloc=f"{host}:{port}").geturl()
    return None
