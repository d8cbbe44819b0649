"""Keyring backends that fail the way real ones do (tests/account/test_secrets.py, tests/ui).

Real backends raise what their transport raises, not only KeyringError: SecretService lets
jeepney's DBusErrorResponse through when the Secret Service answers with an error, and
keyring.get_keyring() raises when the backend it picks can't be built.
"""
from __future__ import annotations

from keyring.backend import KeyringBackend


def dbus_error(name: str = "org.freedesktop.DBus.Error.ServiceUnknown",
               text: str = "The name org.freedesktop.secrets was not provided by any .service files"):
    """A jeepney DBusErrorResponse built from a real D-Bus error reply."""
    from jeepney import DBusAddress, new_error, new_method_call
    from jeepney.wrappers import DBusErrorResponse

    call = new_method_call(DBusAddress("/org/freedesktop/secrets", bus_name="org.freedesktop.secrets",
                                       interface="org.freedesktop.Secret.Service"),
                           "OpenSession", "sv", ("plain", ("s", "")))
    return DBusErrorResponse(new_error(call, name, "s", (text,)))


class FailingKeyring(KeyringBackend):
    """A keyring whose every call fails with `error()` (a fresh exception each time)."""

    priority = 1

    def __init__(self, error=lambda: RuntimeError("the keyring daemon went away")):
        super().__init__()
        self.error = error
        self.calls: list[str] = []

    def get_password(self, service, username):
        self.calls.append("get")
        raise self.error()

    def set_password(self, service, username, password):
        self.calls.append("set")
        raise self.error()

    def delete_password(self, service, username):
        self.calls.append("delete")
        raise self.error()


class FlakyKeyring(KeyringBackend):
    """Stores like a keyring, but a write or delete fails (with a D-Bus error) while `failing`."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.failing = False

    def get_password(self, service, username):
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        if self.failing:
            raise dbus_error()
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        if self.failing:
            raise dbus_error()
        self.entries.pop((service, username), None)


class ProbeFailsKeyring(KeyringBackend):
    """A backend that fails as soon as it is asked what it chains (a chainer probing D-Bus)."""

    priority = 1

    @property
    def backends(self):
        raise dbus_error()

    def get_password(self, service, username):
        raise AssertionError("never used")

    def set_password(self, service, username, password):
        raise AssertionError("never used")

    def delete_password(self, service, username):
        raise AssertionError("never used")


_BROKEN_AT_START = '''
from keyring.backend import KeyringBackend


class BrokenAtStart(KeyringBackend):
    priority = 1

    def __init__(self):
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply: the Secret Service did not answer")

    def get_password(self, service, username): ...
    def set_password(self, service, username, password): ...
    def delete_password(self, service, username): ...
'''


def keyring_failing_at_start(monkeypatch, folder) -> None:
    """Make keyring's own choice (keyring.get_keyring(), what the app asks) raise: the configured
    backend's constructor fails, as keyring loads it from PYTHON_KEYRING_BACKEND."""
    import keyring.core

    (folder / "broken_keyring_at_start.py").write_text(_BROKEN_AT_START, encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "broken_keyring_at_start.BrokenAtStart")
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)     # keyring chooses again


def use_keyring(monkeypatch, backend: KeyringBackend) -> None:
    """`backend` is keyring's choice for the test (restored afterwards)."""
    import keyring.core

    monkeypatch.setattr(keyring.core, "_keyring_backend", backend)
