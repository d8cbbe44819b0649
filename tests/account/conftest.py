"""Fixtures for sign-in, checkout and the locker: a private keyring, a signed-in account."""
from __future__ import annotations

import pytest
from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this process only: tests never touch the user's real keyring."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        from keyring.errors import PasswordDeleteError

        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def memory_keyring():
    import keyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def runner(qtbot):
    from app.services.tasks import TaskRunner

    runner = TaskRunner(max_threads=4)
    yield runner
    assert runner.wait_for_idle(10000), "a worker was still running after the test"


@pytest.fixture
def secrets(memory_keyring, tmp_path):
    from app.settings.secrets import SecretStore

    return SecretStore(fallback_path=tmp_path / "secrets.json")


@pytest.fixture
def make_account(runner, client, secrets):
    """An AccountService as the app builds it; call again for 'the next run' (same keyring)."""
    from app.services.account import AccountService

    def make(start=True):
        account = AccountService(runner, client, secrets)
        if start:
            account.start()
        return account

    return make


@pytest.fixture
def signed_in(qtbot, make_account):
    """An account signed in as the sandbox's demo user."""
    from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD

    account = make_account()
    with qtbot.waitSignal(account.signed_in_changed, timeout=10000):
        account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    return account
