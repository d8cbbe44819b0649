"""Secrets (the user's OAuth access token, a consumer secret) in the OS keyring.

Only when no keyring backend exists at all (keyring answers with its `fail` backend, or finding
or starting one fails) do they go to a JSON file readable by the user alone (0600), and a warning
says so; every change to that file is a read-modify-write under an inter-process lock
(`secrets.json.lock`), so two processes don't lose each other's secrets. A keyring the user has
switched off on purpose (the `null` backend) is respected: secrets then last for this run only.
Passwords are never stored anywhere.

A keyring that fails when used raises whatever its transport raises (jeepney's
DBusErrorResponse, a dbus or OS error), not only KeyringError. No failure leaves this class:
a secret the keyring can't take is kept for this run only (`keeping` says so), and a read that
fails answers "nothing stored", so the caller signs in again rather than stopping.
"""
from __future__ import annotations

import json
import logging
import os
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from app.files.atomic import atomic_write
from app.files.locks import FileLock
from app.settings.logs import register_secret

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

SERVICE = "sevendigital-browser"
FALLBACK_FILE = "secrets.json"
LOCK_TIMEOUT = 3.0      # then the change is kept for this run only, rather than hang the GUI


@dataclass(frozen=True, slots=True)
class StoredToken:
    """An OAuth access token as kept between runs (Qt- and api-free on purpose)."""

    token: str
    secret: str


class Keeping(Enum):
    """Where secrets are kept (the UI words it: app/ui/shopping.py)."""

    KEYRING = "keyring"            # the OS keyring
    FILE = "file"                  # no keyring: the 0600 file (`SecretStore.file`)
    SWITCHED_OFF = "switched-off"  # the user switched the keyring off: for this run only
    FAILING = "failing"            # the keyring failed when used: what it didn't take, for this run only


class SecretStore:
    """get/set/delete secrets by name; the backend is chosen once, at construction. Never raises
    because of the keyring (see the module docstring)."""

    def __init__(self, backend: KeyringBackend | None = None, fallback_path: Path | str | None = None,
                 service: str = SERVICE):
        # keyring and its backends (Secret Service brings jeepney and the `cryptography` binding,
        # ~100 ms and ~9 MB) are imported and chosen when a secret is first used, not at start-up.
        self._given_backend = backend
        self._fallback_path = fallback_path
        self._chosen = False
        self._choosing = threading.Lock()     # the first use may be on a worker (connection.py)
        self._service = service
        self._memory: dict[str, str | None] = {}   # this run's changes the keyring didn't take
        self._keeping = Keeping.KEYRING
        self._warning: str | None = None
        self._file: Path | None = None

    def _choose(self) -> None:
        if self._chosen:
            return
        with self._choosing:
            if self._chosen:
                return
            backend = self._given_backend if self._given_backend is not None else _default_backend()
            self._backend = backend
            if _is_missing(backend):
                fallback_path = self._fallback_path
                if fallback_path is None:
                    from app.settings.paths import data_dir
                    fallback_path = data_dir() / FALLBACK_FILE
                self._file = Path(fallback_path)
                self._keeping = Keeping.FILE
                self._warning = (f"No system keyring is available, so your sign-in is kept in "
                                 f"{self._file} (readable only by you).")
                log.warning(self._warning)
            elif _is_disabled(backend):
                self._keeping = Keeping.SWITCHED_OFF
                self._warning = "The keyring is switched off, so you'll have to sign in again next time."
                log.warning(self._warning)
            self._chosen = True

    @property
    def chosen(self) -> bool:
        """True once the backend is chosen: until then the first use imports and asks keyring
        (0.1 s and more), so the GUI thread leaves that to the keyring worker."""
        return self._chosen

    @property
    def keeping(self) -> Keeping:
        """Where secrets are kept (the backend is chosen on the first question)."""
        self._choose()
        return self._keeping

    @property
    def warning(self) -> str | None:
        """English, for the log; the UI words `keeping`."""
        self._choose()
        return self._warning

    @property
    def uses_file(self) -> bool:
        self._choose()
        return self._file is not None

    @property
    def file(self) -> Path | None:
        """The 0600 file secrets are kept in when there is no keyring (else None)."""
        self._choose()
        return self._file

    def get(self, name: str) -> str | None:
        value = self._get(name)
        register_secret(value)      # whatever a secret is, it must never reach a log
        return value

    def _get(self, name: str) -> str | None:
        self._choose()
        if self._file is not None:
            if name in self._memory:         # a change the file couldn't take (see _change_file)
                return self._memory[name]
            return self._read_file().get(name)
        if name in self._memory or _is_disabled(self._backend):
            return self._memory.get(name)       # a change the keyring didn't take wins for this run
        try:
            value = self._backend.get_password(self._service, name)
        except Exception as exc:                # noqa: BLE001 - any keyring failure, see the docstring
            self._failed("read", exc)
            return None
        return value if isinstance(value, str) else None

    def set(self, name: str, value: str) -> None:
        register_secret(value)
        self._choose()
        if self._file is not None:
            self._change_file(name, value)
            return
        if _is_disabled(self._backend):
            self._memory[name] = value
            return
        try:
            self._backend.set_password(self._service, name, value)
        except Exception as exc:                # noqa: BLE001 - e.g. a locked keyring, a D-Bus error
            self._failed("write", exc)
            self._memory[name] = value
            return
        self._memory.pop(name, None)

    def delete(self, name: str) -> None:
        self._choose()
        if self._file is not None:
            self._change_file(name, None)
            return
        if _is_disabled(self._backend):
            self._memory.pop(name, None)
            return
        try:
            self._backend.delete_password(self._service, name)
        except _password_delete_error():
            pass                                      # nothing was stored
        except Exception as exc:                # noqa: BLE001 - the keyring may still hold it:
            self._failed("delete", exc)         # gone for this run at least
            self._memory[name] = None
            return
        self._memory.pop(name, None)

    def _failed(self, action: str, exc: BaseException) -> None:
        """A keyring call failed: from now on, what it didn't take lasts for this run only."""
        if self._keeping is not Keeping.FAILING:
            self._keeping = Keeping.FAILING
            self._warning = "The system keyring could not be used, so you may have to sign in again next time."
        # The type tells a D-Bus failure from a locked keyring; the text never holds the secret
        # (and the log redacts registered secrets anyway).
        log.warning("keyring %s failed (%s: %s); keeping the change for this run only",
                    action, type(exc).__name__, exc)

    # -- access tokens -------------------------------------------------------------------
    def load_token(self, account: str) -> StoredToken | None:
        """The access token saved for `account` (e.g. the consumer key + API host), if any."""
        raw = self.get(f"access-token:{account}")
        if not raw:
            return None
        try:
            data = json.loads(raw)
            token = StoredToken(str(data["token"]), str(data["secret"]))
            register_secret(token.token)
            register_secret(token.secret)
            return token
        except (ValueError, KeyError, TypeError):
            log.warning("ignoring an unreadable stored token")
            return None

    def save_token(self, account: str, token: StoredToken) -> None:
        register_secret(token.token)
        register_secret(token.secret)
        self.set(f"access-token:{account}", json.dumps({"token": token.token, "secret": token.secret}))

    def delete_token(self, account: str) -> None:
        self.delete(f"access-token:{account}")

    # -- the 0600 file -------------------------------------------------------------------
    def _change_file(self, name: str, value: str | None) -> None:
        """Set (or, with None, delete) one secret in the file, under the lock, on what is there now.

        If the file can't be changed (lock busy, disk trouble) the change lasts for this run only."""
        try:
            with FileLock.guarding(self._file, timeout=LOCK_TIMEOUT):
                data = self._read_file()
                if data.get(name) != value:
                    if value is None:
                        del data[name]
                    else:
                        data[name] = value
                    self._write_file(data)
        except OSError as exc:
            log.warning("could not save to the secrets file %s, keeping the change for this run "
                        "only: %s", self._file, exc)
            self._memory[name] = value       # None: deleted for this run
            return
        self._memory.pop(name, None)

    def _read_file(self) -> dict[str, str]:
        try:
            data = json.loads(self._file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (ValueError, OSError) as exc:
            log.warning("ignoring unreadable secrets file %s: %s", self._file, exc)
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _write_file(self, data: dict[str, str]) -> None:
        # atomic_write creates the file 0600 from the start, so the secret is never world-readable.
        atomic_write(self._file, json.dumps(data).encode("utf-8"))


def _default_backend() -> KeyringBackend | None:
    """keyring's choice, or None for no keyring (as keyring's `fail` backend). Where that choice is
    known without keyring's backend discovery (`_platform_backend`) it is made directly; else keyring
    chooses. Finding or starting a backend may fail in any way (a D-Bus error while a backend probes
    the session bus, a configured backend that can't start): then there is no keyring."""
    try:
        direct = _platform_backend()
        if direct is not _ASK_KEYRING:
            return direct
        import keyring

        with _without_unreachable_secret_service():
            return keyring.get_keyring()
    except Exception as exc:        # noqa: BLE001
        log.warning("no keyring: finding one failed (%s: %s)", type(exc).__name__, exc)
        return None


_ASK_KEYRING = object()     # _platform_backend: let keyring choose as it does
# keyring's own backend for the platform (Linux and the rest: the Secret Service, on a session bus).
_PLATFORM_BACKENDS = {"win32": ("keyring.backends.Windows", "WinVaultKeyring"),
                      "darwin": ("keyring.backends.macOS", "Keyring")}
_SECRET_SERVICE = ("keyring.backends.SecretService", "Keyring")


def _platform_backend() -> KeyringBackend | None | object:
    """The backend keyring would choose, found without its discovery, or `_ASK_KEYRING`.

    keyring's discovery reads every installed package's entry points and imports and probes each of
    its backends; importing keyring at all brings its importlib_metadata backport, zipp and jaraco
    (2.5 MB and 0.1 s, then 0.1 s more to choose: measured). When the user configured nothing
    (PYTHON_KEYRING_BACKEND, keyring's keyringrc.cfg), no other package adds a backend, and the
    Python modules keyring's KWallet and libsecret backends need are not installed, the one backend
    keyring could choose here is the platform's own, or none: so it is taken (or none) directly. On
    Linux without a session bus that means no keyring, without importing keyring. Anything else,
    and a platform backend that can't be used, is left to keyring (the same answer, later)."""
    try:
        if not _nothing_but_keyrings_own_backends():
            return _ASK_KEYRING
        bus = bool(os.environ.get("DBUS_SESSION_BUS_ADDRESS"))
        if sys.platform in _PLATFORM_BACKENDS:
            if bus:                     # the Secret Service could be viable there too
                return _ASK_KEYRING
            module_name, class_name = _PLATFORM_BACKENDS[sys.platform]
        elif bus:
            module_name, class_name = _SECRET_SERVICE
        else:
            return None     # keyring answers the same: its Secret Service needs a session bus
        import importlib

        backend_class = getattr(importlib.import_module(module_name), class_name)
        if backend_class.priority < 1:      # raises when it can't be used here
            return _ASK_KEYRING
        log.debug("keyring backend %s.%s chosen directly", module_name, class_name)
        return backend_class()
    except Exception as exc:        # noqa: BLE001 - keyring itself says what is wrong
        log.debug("keyring chooses its backend (%s: %s)", type(exc).__name__, exc)
        return _ASK_KEYRING


def _nothing_but_keyrings_own_backends() -> bool:
    """True when keyring's choice can only be among its own platform backends (see _platform_backend)."""
    if os.environ.get("PYTHON_KEYRING_BACKEND") or "keyring.core" in sys.modules:
        return False    # configured by the user, or keyring already imported (its backend may be set)
    from importlib.util import find_spec

    if find_spec("keyring") is None or find_spec("gi") is not None or find_spec("dbus") is not None:
        return False    # libsecret's (PyGObject) or KWallet's (dbus-python) backend may be viable
    if _keyring_config_file().exists():
        return False
    from importlib.metadata import entry_points

    # keyring registers its own backends as entry points too; any other is a plugin the user installed.
    return all(point.value.startswith("keyring.backends.") for point in entry_points(group="keyring.backends"))


def _keyring_config_file() -> Path:
    """Where keyring reads its keyringrc.cfg: its own `util/platform_.py` answers, loaded from its
    file (it imports only the standard library) so that keyring's package is not imported for it."""
    from importlib.util import find_spec, module_from_spec, spec_from_file_location

    package = find_spec("keyring")
    folder = Path(next(iter(package.submodule_search_locations)))
    spec = spec_from_file_location("_keyring_platform_paths", folder / "util" / "platform_.py")
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return Path(module.config_root()) / "keyringrc.cfg"


@contextmanager
def _without_unreachable_secret_service():
    """Without a session bus address jeepney can't reach a Secret Service, so keyring's probe of it
    fails anyway; it would still import secretstorage and, through it, `cryptography` (~6 MB, ~0.1 s)
    first. The import is made to fail instead, which keyring takes as the same "not available".
    A backend named in PYTHON_KEYRING_BACKEND is left to keyring as it is."""
    skip = (not os.environ.get("DBUS_SESSION_BUS_ADDRESS") and not os.environ.get("PYTHON_KEYRING_BACKEND")
            and "secretstorage" not in sys.modules)
    if skip:
        sys.modules["secretstorage"] = None     # `import secretstorage` raises ImportError
    try:
        yield
    finally:
        if skip and sys.modules.get("secretstorage", False) is None:
            del sys.modules["secretstorage"]


def _password_delete_error() -> type[Exception]:
    from keyring.errors import PasswordDeleteError

    return PasswordDeleteError


def _is_missing(backend: KeyringBackend | None) -> bool:
    if backend is None:
        return True
    from keyring.backends import fail

    if isinstance(backend, fail.Keyring):
        return True
    # A chainer with nothing to chain is as good as no backend.
    try:
        backends = getattr(backend, "backends", None)
        return backends is not None and not backends
    except Exception as exc:        # noqa: BLE001 - a backend that can't even say what it chains
        log.warning("no keyring: its backend failed (%s: %s)", type(exc).__name__, exc)
        return True


def _is_disabled(backend: KeyringBackend) -> bool:
    from keyring.backends import null

    return isinstance(backend, null.Keyring)
