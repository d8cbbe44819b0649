"""Garbage collection moves off allocation moments: full collections wait for an idle moment."""
import gc

from app.services.collector import IdleCollector


def test_full_collections_wait_until_nothing_is_in_flight(qtbot):
    busy = [True]
    was_enabled = gc.isenabled()
    collector = IdleCollector(lambda: busy[0], interval_ms=10, full_every_s=0.0, full_at_least_every_s=60)
    collector.start()
    try:
        assert not gc.isenabled()
        qtbot.waitUntil(lambda: collector.ticks >= 3)     # ticks while busy: young generations only
        assert collector.full_collections == 0
        busy[0] = False
        qtbot.waitUntil(lambda: collector.full_collections > 0, timeout=2000)
    finally:
        collector.stop()
        gc.unfreeze()
    assert gc.isenabled() == was_enabled
