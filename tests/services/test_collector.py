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
    from app.allocator import release_freed_memory

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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mmap threshold")
def test_large_blocks_go_back_to_the_system_as_soon_as_they_are_freed():
    from app.allocator import MMAP_THRESHOLD, settle

    if not settle():
        pytest.skip("no mallopt here (not glibc)")
    # A freed 8 MB block would raise glibc's own threshold to 8 MB: the blocks below would then come
    # from the heap, where the small blocks kept between them hold the freed space in the process.
    freed = bytes(8 * 1024 * 1024)
    del freed
    before = _rss_kib()
    large, small = [], []
    for n in range(20):
        large.append(bytes(2 * MMAP_THRESHOLD - 64) + bytes([n]))
        small.append(bytes(2000) + bytes([n]))
    grown = _rss_kib() - before
    large.clear()
    released = before + grown - _rss_kib()
    assert grown > 30_000, grown                  # 20 blocks of 2 MB were resident
    assert released > 0.8 * 40_960, (grown, released)
    assert len(small) == 20
