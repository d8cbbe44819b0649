"""The settings store: typed values survive a restart, writes are atomic, bad files don't stop the app."""
import json

import pytest

from app.settings.store import DEFAULT_COUNTRY, SCHEMA_VERSION, SettingsStore, atomic_write


def test_values_survive_a_restart(tmp_path):
    path = tmp_path / "settings.json"
    store = SettingsStore(path)
    store.country = "us"
    store.api_url = " http://example.test/1.2/ "
    store.consumer_key = "key"
    store.set_window_state("geometry", b"\x00\x01binary\xff")
    store.set("recent", ["abba"])

    again = SettingsStore(path)
    assert again.country == "US"
    assert again.api_url == "http://example.test/1.2/"
    assert again.consumer_key == "key"
    assert again.window_state("geometry") == b"\x00\x01binary\xff"
    assert again.get("recent") == ["abba"]
    assert json.loads(path.read_text())["schema"] == SCHEMA_VERSION


def test_defaults_when_there_is_no_file(tmp_path):
    store = SettingsStore(tmp_path / "none" / "settings.json")
    assert store.country == DEFAULT_COUNTRY
    assert store.api_url == ""
    assert store.window_state("geometry") is None


def test_a_corrupt_file_is_set_aside_not_fatal(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    store = SettingsStore(path)
    assert store.country == DEFAULT_COUNTRY
    [backup] = tmp_path.glob("settings.json.corrupt-*")
    assert backup.read_text() == "{not json"
    assert [r.path for r in store.recovered] == [backup]
    store.country = "DE"
    assert SettingsStore(path).country == "DE"


def test_bad_values_are_rejected_before_anything_is_written(tmp_path):
    store = SettingsStore(tmp_path / "settings.json")
    with pytest.raises(ValueError):
        store.country = "GBR"
    with pytest.raises(TypeError):
        store.set("x", object())
    assert not (tmp_path / "settings.json").exists()


def test_atomic_write_leaves_no_temp_files(tmp_path):
    target = tmp_path / "a" / "file.bin"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["file.bin"]


def test_history_and_layout_are_written_atomically_without_an_fsync(tmp_path, monkeypatch):
    """Written from the GUI thread after every page change and dock move: an fsync behind other disk
    traffic (downloads) stalls the window, and losing the last page to a power cut is harmless."""
    import os

    store = SettingsStore(tmp_path / "settings.json")
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    store.set("history", {"entries": ["home"], "index": 0}, durable=False)
    store.set_window_state("geometry", b"\x01\x02")
    assert synced == []
    assert SettingsStore(tmp_path / "settings.json").get("history") == {"entries": ["home"], "index": 0}
    store.set("country_seen", "GB")                 # user settings stay durable
    assert synced
