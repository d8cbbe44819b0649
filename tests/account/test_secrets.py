"""Secrets go to the keyring; a 0600 file only when there is no keyring at all (app/settings/secrets.py)."""
from __future__ import annotations

import stat

import pytest
from keyring.backends import fail, null

from app.settings.secrets import Keeping, SecretStore, StoredToken
from tests.reliability.failing_keyrings import (FailingKeyring, FlakyKeyring, ProbeFailsKeyring, dbus_error,
                                                keyring_failing_at_start)


def test_tokens_go_to_the_keyring_and_nowhere_else(memory_keyring, tmp_path):
    store = SecretStore(fallback_path=tmp_path / "secrets.json")
    store.save_token("demo-key@host", StoredToken("tok", "sec"))
    assert store.warning is None and not store.uses_file
    assert SecretStore().load_token("demo-key@host") == StoredToken("tok", "sec")   # a new run
    assert [name for (_service, name) in memory_keyring.entries] == ["access-token:demo-key@host"]
    assert not (tmp_path / "secrets.json").exists()
    store.delete_token("demo-key@host")
    assert store.load_token("demo-key@host") is None
    store.delete_token("demo-key@host")                      # deleting twice is fine


def test_without_any_keyring_a_private_file_is_used_with_a_warning(tmp_path, caplog):
    path = tmp_path / "data" / "secrets.json"
    store = SecretStore(backend=fail.Keyring(), fallback_path=path)
    assert store.uses_file and str(path) in store.warning
    store.save_token("acct", StoredToken("tok", "sec"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert SecretStore(backend=fail.Keyring(), fallback_path=path).load_token("acct") == StoredToken("tok", "sec")
    store.delete_token("acct")
    assert SecretStore(backend=fail.Keyring(), fallback_path=path).load_token("acct") is None
    assert "keyring" in caplog.text.lower()


def test_a_keyring_switched_off_keeps_secrets_for_this_run_only(tmp_path):
    store = SecretStore(backend=null.Keyring(), fallback_path=tmp_path / "secrets.json")
    store.save_token("acct", StoredToken("tok", "sec"))
    assert store.load_token("acct") == StoredToken("tok", "sec")
    assert store.warning and not store.uses_file
    assert SecretStore(backend=null.Keyring()).load_token("acct") is None
    assert not (tmp_path / "secrets.json").exists()


def test_an_unreadable_stored_token_is_ignored(memory_keyring):
    store = SecretStore()
    store.set("access-token:acct", "not json")
    assert store.load_token("acct") is None


_SETTER = """
import sys
from keyring.backends import fail
from app.settings.secrets import SecretStore

path, who, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = SecretStore(backend=fail.Keyring(), fallback_path=path)
print("ready", flush=True)
sys.stdin.readline()
for n in range(count):
    store.set(f"{who}-{n}", f"secret-{who}-{n}")
store.delete(f"{who}-0")
print("done", flush=True)
"""


def test_two_processes_sharing_the_private_file_keep_each_others_secrets(tmp_path):
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    path = tmp_path / "secrets.json"
    count = 60
    env = dict(os.environ, PYTHONPATH=str(root))
    children = [subprocess.Popen([sys.executable, "-c", _SETTER, str(path), who, str(count)], cwd=root,
                                 env=env, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
                for who in ("a", "b")]
    try:
        for child in children:
            assert child.stdout.readline() == "ready\n"
        for child in children:
            child.stdin.write("go\n")
            child.stdin.flush()
        assert [child.communicate(timeout=120)[0] for child in children] == ["done\n", "done\n"]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    expected = {f"{who}-{n}": f"secret-{who}-{n}" for who in ("a", "b") for n in range(1, count)}
    assert json.loads(path.read_text("utf-8")) == expected
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_busy_secrets_file_keeps_the_change_for_this_run(tmp_path, caplog, monkeypatch):
    from app.files.locks import FileLock
    from app.settings import secrets

    monkeypatch.setattr(secrets, "LOCK_TIMEOUT", 0.05)
    path = tmp_path / "secrets.json"
    store = SecretStore(backend=fail.Keyring(), fallback_path=path)
    store.set("kept", "old")
    with FileLock.guarding(path, timeout=1):
        store.set("new", "value")
        store.delete("kept")
    assert "could not save to the secrets file" in caplog.text
    assert store.get("new") == "value" and store.get("kept") is None        # for this run
    assert SecretStore(backend=fail.Keyring(), fallback_path=path).get("kept") == "old"
    store.set("new", "value")                     # once the file takes it, it's there for good
    assert SecretStore(backend=fail.Keyring(), fallback_path=path).get("new") == "value"


# -- a keyring that fails in any way (issue 14) ------------------------------------------------

@pytest.mark.parametrize("error", [lambda: RuntimeError("dbus connection closed"), dbus_error,
                                   lambda: OSError(104, "Connection reset by peer")],
                         ids=["RuntimeError", "DBusErrorResponse", "OSError"])
def test_a_keyring_failing_with_any_error_keeps_secrets_for_this_run(tmp_path, caplog, error):
    backend = FailingKeyring(error)
    store = SecretStore(backend=backend, fallback_path=tmp_path / "secrets.json")
    assert store.keeping is Keeping.KEYRING           # nothing failed yet
    assert store.load_token("acct") is None            # a failed read: nothing stored
    store.save_token("acct", StoredToken("tok", "sec"))
    assert store.load_token("acct") == StoredToken("tok", "sec")      # for this run
    store.delete_token("acct")
    assert store.load_token("acct") is None
    assert backend.calls == ["get", "set", "delete"]   # the keyring was asked each time
    assert store.keeping is Keeping.FAILING and store.warning
    assert not (tmp_path / "secrets.json").exists()    # a keyring exists: no file behind its back
    assert type(error()).__name__ in caplog.text


def test_a_delete_the_keyring_refuses_still_signs_out_for_this_run():
    backend = FlakyKeyring()
    store = SecretStore(backend=backend)
    store.save_token("acct", StoredToken("tok", "sec"))
    backend.failing = True
    store.delete_token("acct")                     # the keyring still holds it...
    assert store.load_token("acct") is None        # ...but this run has signed out
    store.save_token("acct", StoredToken("new", "sec2"))
    assert store.load_token("acct") == StoredToken("new", "sec2")
    backend.failing = False
    store.save_token("acct", StoredToken("newer", "sec3"))     # the keyring takes it again
    assert SecretStore(backend=backend).load_token("acct") == StoredToken("newer", "sec3")


def test_a_keyring_that_fails_to_start_means_the_private_file(tmp_path, monkeypatch):
    import keyring
    import keyring.core

    keyring_failing_at_start(monkeypatch, tmp_path)
    with pytest.raises(RuntimeError):
        keyring.get_keyring()                      # what SecretStore() asks
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    path = tmp_path / "data" / "secrets.json"
    store = SecretStore(fallback_path=path)
    assert store.keeping is Keeping.FILE and store.file == path and str(path) in store.warning
    store.save_token("acct", StoredToken("tok", "sec"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert SecretStore(backend=fail.Keyring(), fallback_path=path).load_token("acct") == StoredToken("tok", "sec")


def test_a_backend_failing_when_probed_means_the_private_file(tmp_path):
    path = tmp_path / "secrets.json"
    store = SecretStore(backend=ProbeFailsKeyring(), fallback_path=path)
    assert store.keeping is Keeping.FILE
    store.save_token("acct", StoredToken("tok", "sec"))
    assert store.load_token("acct") == StoredToken("tok", "sec") and path.is_file()
