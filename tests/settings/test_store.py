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
    store.flush()                                   # written by the store's writer thread
    assert synced == []
    assert SettingsStore(tmp_path / "settings.json").get("history") == {"entries": ["home"], "index": 0}
    store.set("country_seen", "GB")                 # user settings stay durable
    assert synced


def test_history_and_layout_are_written_off_the_calling_thread_and_read_back_at_once(tmp_path, monkeypatch):
    """The GUI thread's frequent writes go to the store's writer thread; what it reads meanwhile is
    what it set, and the last change of a value wins (a later write is never undone by an earlier)."""
    import threading
    import time

    from app.files.locks import FileLock
    from app.settings import store as store_module

    path = tmp_path / "settings.json"
    store = SettingsStore(path, lock_timeout=5.0)
    store.set("history", {"index": 0}, durable=False)
    store.flush()
    writers = []
    real_atomic_write = store_module.atomic_write
    monkeypatch.setattr(store_module, "atomic_write",
                        lambda *a, **k: (writers.append(threading.current_thread()), real_atomic_write(*a, **k)))
    with FileLock.guarding(path, timeout=1):        # the writer thread waits for this "other process"
        for index in range(1, 6):
            store.set("history", {"index": index}, durable=False)
            store.set_window_state("geometry", bytes([index]))
        assert store.get("history") == {"index": 5} and store.window_state("geometry") == b"\x05"
        assert SettingsStore(path).get("history") == {"index": 0}       # not on disk yet
    deadline = time.monotonic() + 10                 # no flush(): the writer thread saves them by itself
    while SettingsStore(path).get("history") != {"index": 5} and time.monotonic() < deadline:
        time.sleep(0.01)
    again = SettingsStore(path)
    assert again.get("history") == {"index": 5} and again.window_state("geometry") == b"\x05"
    assert writers and threading.main_thread() not in writers
    assert len(writers) <= 3                         # ten changes coalesced (one waiting, at most two more)


def test_a_durable_write_saves_the_waiting_ones_with_it(tmp_path):
    path = tmp_path / "settings.json"
    store = SettingsStore(path)
    store.set("history", {"index": 7}, durable=False)
    store.country = "DE"                             # on disk when the setter returns, and everything before it
    again = SettingsStore(path)
    assert (again.country, again.get("history")) == ("DE", {"index": 7})


def test_history_left_waiting_is_written_when_the_process_quits(tmp_path):
    """A process ending without Parts.shutdown (flush) still saves its last page (atexit)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    path = tmp_path / "settings.json"
    script = ("import sys\n"
              "from pathlib import Path\n"
              "from app.files.locks import FileLock\n"
              "from app.settings.store import SettingsStore\n"
              "path = Path(sys.argv[1])\n"
              "store = SettingsStore(path)\n"
              "with FileLock.guarding(path, timeout=5):     # the writer thread can't write before exit\n"
              "    store.set('history', {'entries': ['home', 'release:1'], 'index': 1}, durable=False)\n"
              "    store.set_window_state('geometry', b'quit')\n")
    subprocess.run([sys.executable, "-c", script, str(path)], cwd=root, check=True, timeout=60)
    again = SettingsStore(path)
    assert again.get("history") == {"entries": ["home", "release:1"], "index": 1}
    assert again.window_state("geometry") == b"quit"
