"""The one lock helper: exclusive between processes and threads, gone when its holder dies."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.files.atomic import move_aside
from app.files.locks import FileLock, LockBusy, lock_path, read_note

ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import sys, time
from app.files.locks import FileLock
lock = FileLock(sys.argv[1]).acquire()
lock.write_note("pid holder")
print("locked", flush=True)
time.sleep(60)
"""


def _holder(path: Path) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], cwd=ROOT, stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout.readline().strip() == "locked"
    return process


def test_a_lock_held_by_another_process_is_busy_and_names_its_holder(tmp_path):
    path = lock_path(tmp_path / "basket.json")
    process = _holder(path)
    try:
        with pytest.raises(LockBusy) as caught:
            FileLock(path).acquire(timeout=0.05)
        assert caught.value.note == "pid holder"
        assert read_note(path) == "pid holder"
    finally:
        process.kill()
        process.wait()


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    path = tmp_path / "state.lock"
    process = _holder(path)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with FileLock(path, timeout=2.0) as lock:      # the kernel dropped the dead process's lock
        assert lock.held
    assert path.exists()                            # never deleted: a waiter may hold it open


def test_two_threads_of_one_process_exclude_each_other(tmp_path):
    path = tmp_path / "x.lock"
    inside, overlaps = [0], []
    guard = threading.Lock()

    def work():
        for _ in range(50):
            with FileLock(path):
                with guard:
                    inside[0] += 1
                    overlaps.append(inside[0])
                with guard:
                    inside[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(overlaps) == 200 and max(overlaps) == 1


def test_released_lock_can_be_taken_again_and_double_acquire_is_an_error(tmp_path):
    lock = FileLock(tmp_path / "y.lock")
    lock.acquire()
    with pytest.raises(RuntimeError):
        lock.acquire()
    with pytest.raises(LockBusy):
        FileLock(tmp_path / "y.lock").acquire(timeout=0)
    lock.release()
    lock.release()                                  # harmless
    FileLock(tmp_path / "y.lock").acquire(timeout=0).release()


def test_move_aside_never_overwrites_an_earlier_backup(tmp_path):
    path = tmp_path / "settings.json"
    backups = []
    for n in range(3):
        path.write_text(f"broken {n}")
        backups.append(move_aside(path))
    assert not path.exists()
    assert len(set(backups)) == 3
    assert sorted(b.read_text() for b in backups) == ["broken 0", "broken 1", "broken 2"]
    assert all(b.name.startswith("settings.json.corrupt-") for b in backups)
