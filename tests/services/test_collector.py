"""Garbage collection moves off allocation moments: full collections wait for an idle moment."""
import gc
import sys

import pytest

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


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_memory_freed_but_kept_by_malloc_goes_back_to_the_system():
    from app.services.collector import release_freed_memory

    # 80 MB in 4 KiB blocks (malloc's heap, not mmap), every 64th kept: free() can't shrink the heap's top.
    blocks = [bytes(4096 - 33) + bytes([n % 256]) for n in range(20_000)]
    keep = blocks[::64]
    del blocks
    before = _rss_kib()
    if not release_freed_memory():
        pytest.skip("no malloc_trim here (not glibc)")
    after = _rss_kib()
    assert before - after > 20_000, (before, after)
    assert len(keep) == 313
