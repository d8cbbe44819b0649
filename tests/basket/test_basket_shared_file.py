"""Issue 13: no interleaving of two processes (or two windows) on one basket file loses an item."""
from __future__ import annotations

import threading

from app.basket.notices import BasketFileRecovered
from app.basket.storage import BasketStorage
from app.services.store import CurrentStore
from tests.reliability.basket_hammer import run_pair


def _keys(items) -> list[tuple]:
    return [item.key for item in items]


def _server_keys(client, basket_id):
    return sorted((str(line.release_id), str(line.track_id) if line.track_id else None)
                  for line in client.basket(basket_id).items)


def test_two_processes_editing_one_file_lose_nothing(tmp_path):
    result = run_pair(tmp_path / "basket.json", operations=200)
    assert result["switches"] >= 10, "the two processes hardly took turns: this proves nothing"
    assert result["losses"] == 0 and result["extras"] == 0, (result["held"], result["wanted"])
    assert sorted(result["held"]) == sorted(result["wanted"])
    assert result["unseen"] == 0            # every write's answer had the writer's own items too


def test_two_windows_on_one_file_keep_each_others_changes(qtbot, make_basket, basket_path, client, for_sale):
    first = make_basket()
    first.add(for_sale[0])
    first.add(for_sale[1])
    qtbot.waitUntil(lambda: first.is_synced and first.count == 2 and not first.saving, timeout=10000)
    second = make_basket()
    assert second.items == first.items

    second.add(for_sale[2])
    qtbot.waitUntil(lambda: second.is_synced and not second.saving, timeout=10000)
    first.remove(first.items[0])
    assert not first.contains(str(for_sale[2].id))    # not yet: it learns of it when its save reads the file
    expected = [(str(release.id), None) for release in for_sale[1:3]]
    qtbot.waitUntil(lambda: _keys(first.items) == expected and first.is_synced and not first.saving,
                    timeout=10000)
    assert _keys(BasketStorage(basket_path).load().state.items) == expected
    assert _server_keys(client, first.basket_id) == sorted(expected)   # the store basket followed

    # And the other way round: second learns of the removal with its next write.
    second.add(for_sale[3])
    expected.append((str(for_sale[3].id), None))
    qtbot.waitUntil(lambda: _keys(second.items) == expected and second.is_synced and not second.saving,
                    timeout=10000)
    assert _keys(BasketStorage(basket_path).load().state.items) == expected
    assert _server_keys(client, second.basket_id) == sorted(expected)


class _GatedStorage(BasketStorage):
    """Save jobs wait at `gate`, the GUI thread's flush goes straight through; every write is recorded."""

    def __init__(self, path):
        super().__init__(path)
        self.gate = threading.Event()
        self.gate.set()
        self.job_done = threading.Event()
        self.written: list[list[tuple]] = []

    def update(self, edits, fallback=None):
        on_worker = threading.current_thread() is not threading.main_thread()
        if on_worker:
            assert self.gate.wait(10)
        result = super().update(edits, fallback)
        if on_worker:
            self.job_done.set()
        return result

    def _write(self, state):
        self.written.append(_keys(state.items))
        super()._write(state)


def _waiting_basket(runner, basket_path):
    from app.basket.basket import Basket

    storage = _GatedStorage(basket_path)
    basket = Basket(runner, CurrentStore("GB"), storage)      # the store isn't up: no syncs, only saves
    basket.start()
    return basket, storage


def test_the_flush_at_quit_overtaking_a_waiting_save_job_writes_each_edit_once(qtbot, runner, basket_path,
                                                                                 for_sale):
    basket, storage = _waiting_basket(runner, basket_path)
    storage.gate.clear()
    basket.add(for_sale[0])             # a save job carries the add, and waits
    basket.remove(basket.items[0])      # queued behind it
    basket.flush()                      # quitting: both, in order, on this thread
    assert storage.written == [[]]
    storage.gate.set()
    qtbot.waitUntil(lambda: not basket.saving, timeout=5000)
    assert storage.written == [[]], "the late job wrote the add again"
    assert basket.count == 0 and BasketStorage(basket_path).load().state.items == ()


def test_a_save_jobs_late_answer_does_not_undo_the_flush(qtbot, runner, basket_path, for_sale):
    basket, storage = _waiting_basket(runner, basket_path)
    basket.add(for_sale[0])
    assert storage.job_done.wait(10)    # the job has written the add; its answer is still queued for this thread
    basket.remove(basket.items[0])
    basket.flush()
    key = (str(for_sale[0].id), None)
    assert storage.written == [[key], []]
    qtbot.waitUntil(lambda: not basket.saving, timeout=5000)      # now the job's answer (with the item) arrives
    assert basket.count == 0 and BasketStorage(basket_path).load().state.items == ()
    assert storage.written == [[key], []]


def test_a_corrupt_file_met_while_saving_is_moved_aside_and_the_basket_kept(qtbot, make_basket, basket_path,
                                                                           for_sale):
    basket = make_basket()
    basket.add(for_sale[0])
    qtbot.waitUntil(lambda: basket.is_synced and not basket.saving, timeout=10000)
    basket_id = basket.basket_id
    basket_path.write_bytes(b"\x00 not a basket")            # a bad disk, another program...
    with qtbot.waitSignal(basket.notice, timeout=10000,
                          check_params_cb=lambda notice: isinstance(notice, BasketFileRecovered)) as notice:
        basket.add(for_sale[1])
    assert notice.args[0].path.read_bytes() == b"\x00 not a basket"
    qtbot.waitUntil(lambda: basket.is_synced and not basket.saving, timeout=10000)
    expected = [(str(release.id), None) for release in for_sale[:2]]
    assert _keys(basket.items) == expected and basket.basket_id == basket_id
    stored = BasketStorage(basket_path).load()
    assert stored.moved_aside is None and _keys(stored.state.items) == expected
    assert stored.state.basket_id == basket_id
