"""SandboxServer: the embedded store on waitress in a background thread."""
from __future__ import annotations

import threading
from pathlib import Path

import platformdirs
import waitress
from waitress import wasyncore

from app.sandbox.generate import catalogue_path, ensure_catalogue
from app.sandbox.store import Catalogue
from app.sandbox.wsgi import SandboxApp

# Same place as app.settings.paths.cache_dir(); the sandbox may not import app.settings (layers).
APP_NAME = "sevendigital-browser"


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, APP_NAME)) / "sandbox"


class SandboxServer:
    """A local 7digital API on `host:port` (port 0 = a free one). `start()` returns once listening."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, catalogue: str | int = "default", seed: int = 0,
                 cache_dir: Path | str | None = None, latency_ms: int = 0, clip_seconds: int = 30,
                 http_error_statuses: bool = False, threads: int = 8, state_file: Path | str | None = None,
                 prefetch_clips: bool = False):
        self.host, self.port = host, port
        self.catalogue, self.seed = catalogue, seed
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.latency_ms, self.clip_seconds = latency_ms, clip_seconds
        self.http_error_statuses, self.threads = http_error_statuses, threads
        # None: baskets, purchases and tokens live as long as the server (tests); a path: they
        # survive restarts, as the real store's do (the app).
        self.state_file = Path(state_file) if state_file is not None else None
        self.prefetch_clips = prefetch_clips   # make a tracklist's first clips before they are clicked
        self.app: SandboxApp | None = None
        self._server = None
        self._thread: threading.Thread | None = None
        self._store: Catalogue | None = None

    def start(self) -> "SandboxServer":
        if self._server is not None:
            return self
        path = ensure_catalogue(self.cache_dir, self.catalogue, self.seed)
        self._store = Catalogue(path)
        media_dir = self.cache_dir / "media" / catalogue_path(Path("."), self.catalogue, self.seed).stem
        self.app = SandboxApp(self._store, media_dir, self.latency_ms, self.clip_seconds, self.http_error_statuses)
        if self.state_file is not None:
            self.app.keep_state_in(self.state_file)
        self.app.prefetch_clips = self.prefetch_clips
        self._server = waitress.create_server(
            self.app, host=self.host, port=self.port, threads=self.threads, ident="7digital-sandbox",
            asyncore_use_poll=True, channel_timeout=30, connection_limit=500, expose_tracebacks=False,
            max_request_header_size=64 * 1024, max_request_body_size=1024 * 1024)
        self.port = int(self._server.effective_port)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(self._server, self._stopping),
                                        name=f"sandbox:{self.port}", daemon=True)
        self._thread.start()
        return self

    @staticmethod
    def _serve(server, stopping: threading.Event) -> None:
        """waitress's loop, but with a stop flag checked every 50 ms; everything is closed on this thread,
        so no socket is closed under the poll of another (waitress's own close() races with its loop)."""
        try:
            while not stopping.is_set() and server._map:
                wasyncore.loop(timeout=0.05, use_poll=True, map=server._map, count=1)
        finally:
            # Workers still finishing a request must not write to a closed (maybe reused) trigger fd.
            server.pull_trigger = lambda *args, **kwargs: None
            for channel in list(server._map.values()):
                channel.close()

    def stop(self) -> None:
        """Stop accepting, close every connection, then wait for the worker threads."""
        server, self._server = self._server, None
        if server is None:
            return
        self.app.stopping = True
        self._stopping.set()
        self._thread.join(10)
        server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        self.app.media.close()
        self._store.close()

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
