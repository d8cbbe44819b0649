"""Processes sharing settings.json lose nothing; unreadable files are kept and reported (issue 13).

Real files and real OS processes: each write is a read-modify-write under settings.json.lock.
"""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from app.files.locks import FileLock
from app.settings.store import DEFAULT_COUNTRY, RecoveredFile, SettingsStore

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = 200

# One process's share of the hammering: sets of its own keys and window states in a seeded random
# order, started on the parent's "go"; prints the last value it gave each of them.
_HAMMER = """
import json, random, sys, time
from pathlib import Path
from app.settings.store import SettingsStore

path, who, seed, operations = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
store = SettingsStore(Path(path))
rng = random.Random(seed)
keys, states = {}, {}
print("ready", flush=True)
sys.stdin.readline()
for n in range(operations):
    if rng.random() < 0.5:
        key = f"{who}.key{rng.randrange(10)}"
        store.set(key, n)
        keys[key] = n
    else:
        name = f"{who}/state{rng.randrange(10)}"
        state = f"{who}:{n}".encode()
        store.set_window_state(name, state)
        states[name] = state.decode()
    if rng.random() < 0.2:
        time.sleep(rng.uniform(0, 0.002))      # shift the interleaving a little, reproducibly
print(json.dumps({"keys": keys, "states": states}), flush=True)
"""


def _start_together(snippet: str, args_per_process: list[list[str]]) -> list[str]:
    """Run `snippet` once per argument list, release them all at once, return their last lines."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    children = [subprocess.Popen([sys.executable, "-c", snippet, *args], cwd=ROOT, env=env, text=True,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE)
                for args in args_per_process]
    try:
        for child in children:
            assert child.stdout.readline() == "ready\n"
        for child in children:                  # both are waiting: let them go
            child.stdin.write("go\n")
            child.stdin.flush()
        outputs = [child.communicate(timeout=120)[0] for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    assert [child.returncode for child in children] == [0] * len(children)
    return [out.strip().splitlines()[-1] for out in outputs]


def test_two_processes_setting_different_values_keep_all_of_them(tmp_path):
    path = tmp_path / "settings.json"
    SettingsStore(path).api_url = "http://example.test/1.2/"     # there before both of them
    reports = _start_together(_HAMMER, [[str(path), who, str(seed), str(OPERATIONS)]
                                        for who, seed in (("a", 1301), ("b", 1302))])
    final = SettingsStore(path)
    checked = losses = 0
    for report in map(json.loads, reports):
        for key, value in report["keys"].items():
            checked += 1
            losses += final.get(key) != value
        for name, state in report["states"].items():
            checked += 1
            losses += final.window_state(name) != state.encode()
    print(f"\n2 processes x {OPERATIONS} operations; {checked} last values checked; losses: {losses}")
    assert checked >= 30                      # each process touched most of its 20 values
    assert losses == 0
    assert final.api_url == "http://example.test/1.2/"
    assert not final.recovered and not list(tmp_path.glob("*.corrupt*"))


def test_two_corrupt_files_in_a_row_leave_two_backups(tmp_path):
    path = tmp_path / "settings.json"
    path.write_bytes(b'{"api_url": "http://first.test/", ')
    first = SettingsStore(path)
    assert len(first.recovered) == 1 and first.recovered[0].problem
    first.api_url = "http://between.test/"
    path.write_bytes(b"\xff\xfe not even utf-8")
    second = SettingsStore(path)
    assert len(second.recovered) == 1 and second.recovered[0].problem
    backups = sorted(tmp_path.glob("settings.json.corrupt-*"))
    assert len(backups) == 2
    assert {first.recovered[0].path, second.recovered[0].path} == set(backups)
    assert first.recovered[0].path.read_bytes() == b'{"api_url": "http://first.test/", '
    assert second.recovered[0].path.read_bytes() == b"\xff\xfe not even utf-8"
    assert second.api_url == "" and not path.exists()      # defaults, and nothing written yet


def test_a_file_that_is_not_an_object_is_kept_too(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("[1, 2]")
    store = SettingsStore(path)
    [found] = store.recovered
    assert found.path.read_text() == "[1, 2]" and "list" in found.problem
    assert store.country == DEFAULT_COUNTRY


def test_a_corrupt_file_found_during_a_write_is_kept_and_reported(tmp_path):
    path = tmp_path / "settings.json"
    calls: list[RecoveredFile] = []
    store = SettingsStore(path, on_recovered=calls.append)
    store.api_url = "http://known.test/"
    store.set_window_state("geometry", b"\x01\x02")
    store.flush()                               # the writer thread's write done before it breaks
    assert calls == [] and store.recovered == []
    path.write_bytes(b"{broken by someone else")
    store.country = "DE"
    [found] = calls
    assert store.recovered == [found]
    assert found.path.name.startswith("settings.json.corrupt-")
    assert found.path.read_bytes() == b"{broken by someone else"
    again = SettingsStore(path)                 # everything this process knew, plus the change
    assert again.recovered == []
    assert again.api_url == "http://known.test/"
    assert again.window_state("geometry") == b"\x01\x02"
    assert again.country == "DE"


def test_the_callback_may_write_settings_itself(tmp_path):
    path = tmp_path / "settings.json"
    store = SettingsStore(path, lock_timeout=1.0)
    store.on_recovered = lambda found: store.set("last_recovered", str(found.path))   # the lock is free
    store.set("a", 1)
    path.write_text("nope")
    store.set("b", 2)
    again = SettingsStore(path)
    assert again.get("a") == 1 and again.get("b") == 2
    assert again.get("last_recovered") == str(store.recovered[0].path)


def test_stores_adopt_what_other_stores_wrote(tmp_path):
    path = tmp_path / "settings.json"
    one, two = SettingsStore(path), SettingsStore(path)
    one.set_window_state("geometry", b"one")
    two.set_window_state("splitter/x", b"two")
    two.country = "US"
    one.set("x", 1)                             # does not undo two's values...
    assert one.country == "US" and one.window_state("splitter/x") == b"two"   # ...and now knows them
    final = SettingsStore(path)
    assert (final.window_state("geometry"), final.window_state("splitter/x"), final.country,
            final.get("x")) == (b"one", b"two", "US", 1)


def test_a_busy_lock_keeps_the_change_for_the_next_write(tmp_path, caplog):
    path = tmp_path / "settings.json"
    store = SettingsStore(path, lock_timeout=0.05)
    store.set("before", 0)
    with FileLock.guarding(path, timeout=1):     # another process is stuck holding it
        with caplog.at_level(logging.WARNING, logger="app.settings.store"):
            store.country = "FR"
            store.set_window_state("geometry", b"g")
    assert "could not save settings" in caplog.text
    assert store.country == "FR" and store.window_state("geometry") == b"g"   # in memory meanwhile
    assert SettingsStore(path).country == DEFAULT_COUNTRY
    store.set("after", 1)
    final = SettingsStore(path)
    assert (final.get("before"), final.country, final.window_state("geometry"), final.get("after")) == \
        (0, "FR", b"g", 1)


def test_a_folder_that_cannot_be_written_does_not_crash(tmp_path, caplog):
    blocker = tmp_path / "config"
    blocker.write_text("a file where the folder should be")       # works even as root
    store = SettingsStore(blocker / "settings.json", lock_timeout=0.05)
    with caplog.at_level(logging.WARNING, logger="app.settings.store"):
        store.country = "DE"
        store.set_window_state("geometry", b"g")
    assert store.country == "DE" and store.window_state("geometry") == b"g"
    assert "could not save settings" in caplog.text
    assert store.recovered == []


def test_a_file_that_cannot_be_read_is_neither_moved_nor_overwritten(tmp_path, monkeypatch):
    path = tmp_path / "settings.json"
    path.write_text('{"api_url": "http://kept.test/"}')
    real_read_bytes = Path.read_bytes

    def read_bytes(self):                    # as if chmod 0 (which root would read anyway)
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    store = SettingsStore(path, lock_timeout=0.05)
    store.country = "DE"
    assert store.recovered == [] and store.country == "DE"          # in memory only
    assert json.loads(real_read_bytes(path)) == {"api_url": "http://kept.test/"}
    assert not list(tmp_path.glob("*.corrupt*"))
