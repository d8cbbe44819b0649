"""100 SIGKILLs at random points of a save loop leave no unreadable basket or settings file."""
import json
import multiprocessing
import random

import pytest

from app.basket.storage import BasketStorage
from app.settings.store import SettingsStore
from tests.reliability.durability_writer import save_forever

KILLS = 100


@pytest.fixture(scope="module")
def forkserver():
    # A clean, pre-imported parent to fork writers from: ~5 ms a child instead of a new interpreter,
    # and no forking of this Qt-threaded test process.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["app.basket.storage", "app.settings.store",
                                    "tests.reliability.durability_writer"])
    return context


def test_kills_during_saves_never_leave_an_unreadable_file(forkserver, tmp_path):
    basket_path, settings_path = tmp_path / "basket.json", tmp_path / "settings.json"
    rng = random.Random(20261127)
    for kill in range(KILLS):
        ready = forkserver.Event()
        child = forkserver.Process(target=save_forever, args=(str(basket_path), str(settings_path), ready),
                                   daemon=True)
        child.start()
        try:
            assert ready.wait(30), "the writer never got going"
            ready.clear()
            ready.wait(rng.uniform(0.0, 0.03))       # a random point in the loop (nobody sets it again)
        finally:
            child.kill()
            child.join(10)
        assert child.exitcode == -9, f"kill {kill}: the writer ended by itself ({child.exitcode})"

        loaded = BasketStorage(basket_path).load()
        assert loaded.moved_aside is None, f"kill {kill}: {loaded.problem}"
        assert loaded.state.basket_id.startswith("b")
        settings = json.loads(settings_path.read_text(encoding="utf-8"))   # raises if torn
        assert settings["save_counter"] >= 1
        assert SettingsStore(settings_path).get("save_counter") == settings["save_counter"]
    assert not list(tmp_path.glob("*.corrupt*"))
