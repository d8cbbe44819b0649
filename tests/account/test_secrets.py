"""Secrets go to the keyring; a 0600 file only when there is no keyring at all (app/settings/secrets.py)."""
from __future__ import annotations

import stat

from keyring.backends import fail, null

from app.settings.secrets import SecretStore, StoredToken


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
