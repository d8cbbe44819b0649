"""The basket file: round trip, schema, corrupt-file recovery and crash safety (app/basket/storage.py)."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.basket.storage import SCHEMA_VERSION, BasketState, BasketStorage, StoredItem

ROOT = Path(__file__).resolve().parents[2]


def _state(n: int, basket_id: str = "b-1") -> BasketState:
    items = tuple(StoredItem(release_id=str(100 + i), track_id=str(i) if i % 2 else None,
                             item_id=str(9000 + i), type="track" if i % 2 else "release",
                             title=f"Title {i} — ünïcode", artist=f"Artist {i}",
                             price="£0.99", amount="0.99") for i in range(n))
    return BasketState(basket_id=basket_id, country="GB", currency="GBP", total=f"£{n * 0.99:.2f}", items=items)


def test_a_saved_basket_loads_back_identically(tmp_path):
    storage = BasketStorage(tmp_path / "basket.json")
    state = _state(3)
    storage.save(state)
    result = BasketStorage(tmp_path / "basket.json").load()
    assert result.state == state
    assert result.moved_aside is None
    assert json.loads((tmp_path / "basket.json").read_text("utf-8"))["schema"] == SCHEMA_VERSION


def test_no_file_means_an_empty_basket(tmp_path):
    result = BasketStorage(tmp_path / "nested" / "basket.json").load()
    assert result.state == BasketState()
    assert result.moved_aside is None


def test_saving_leaves_no_temporary_files(tmp_path):
    storage = BasketStorage(tmp_path / "basket.json")
    for n in range(5):
        storage.save(_state(n))
    # The lock file stays by design (deleting it would let a waiter lock an unlinked inode).
    assert sorted(p.name for p in tmp_path.iterdir()) == ["basket.json", "basket.json.lock"]


@pytest.mark.parametrize("content", [
    b"{\"schema\": 1, \"items\": [", b"\x00\xff garbage", b"[]", b"{\"schema\": 99, \"items\": []}",
    b"{\"schema\": 1, \"items\": [{\"title\": \"no release id\"}]}", b"",
])
def test_an_unreadable_file_is_moved_aside_and_reported(tmp_path, content):
    path = tmp_path / "basket.json"
    path.write_bytes(content)
    result = BasketStorage(path).load()
    assert result.state == BasketState()
    assert result.moved_aside is not None and result.moved_aside.name.startswith("basket.json.corrupt-")
    assert result.moved_aside.read_bytes() == content          # kept for the user, not deleted
    assert result.problem
    assert not path.exists()
    BasketStorage(path).save(_state(1))                        # and the app carries on
    assert BasketStorage(path).load().state == _state(1)


_WRITER = """
import sys
from app.basket.storage import BasketStorage, BasketState, StoredItem
storage = BasketStorage(sys.argv[1])
n = 0
while True:
    n += 1
    items = tuple(StoredItem(release_id=str(i), title="x" * 200, price="£1.00", amount="1.00")
                  for i in range(n % 300))
    storage.save(BasketState(basket_id=f"b{n}", country="GB", items=items))
    if n == 1:
        print("ready", flush=True)
"""


def test_killing_the_app_during_saves_never_leaves_an_unreadable_file(tmp_path):
    path = tmp_path / "basket.json"
    rng = random.Random(1234)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for _ in range(30):
        child = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)], stdout=subprocess.PIPE, env=env)
        try:
            assert child.stdout.readline() == b"ready\n"
            # Let it run a random number of saves (each is a few ms), then pull the plug.
            try:
                child.wait(timeout=rng.uniform(0.001, 0.05))
            except subprocess.TimeoutExpired:
                pass
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            child.stdout.close()
        assert child.returncode == -signal.SIGKILL
        result = BasketStorage(path).load()
        assert result.moved_aside is None, result.problem
        assert result.state.basket_id is not None and result.state.basket_id.startswith("b")
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in ("basket.json", "basket.json.lock")]
    # A kill between mkstemp and replace may strand a temporary file; it must never be the basket.
    assert all(name.startswith(".basket.json.") and name.endswith(".tmp") for name in leftovers)


def test_old_stranded_temporary_files_are_cleaned_up_on_load(tmp_path):
    path = tmp_path / "basket.json"
    BasketStorage(path).save(_state(1))
    old, fresh = tmp_path / ".basket.json.old.tmp", tmp_path / ".basket.json.new.tmp"
    old.write_bytes(b"{")
    fresh.write_bytes(b"{")
    os.utime(old, (1_000_000, 1_000_000))
    assert BasketStorage(path).load().state == _state(1)
    assert not old.exists() and fresh.exists()
