"""The C allocator's process-wide settings, and handing freed memory back (glibc; elsewhere no-ops).

One place for them: the window and the embedded store usually share a process, and two callers
setting the same knob to different values undo each other (the store's music set 1 MB after the
window had set 64 KB, so a page bench and a preview session measured different processes).

Why the thresholds are fixed at all: glibc raises its mmap threshold to the largest block freed so
far (up to 32 MB). After that, multi-MB sample buffers (clips encoded on several threads), cover
pixels and XML bodies all come from per-thread heaps, each keeping its own peak: +360 MB freed but
kept after 40 new clips (bench/busy_memory.py), +12 MB over a second 30 release pages
(bench/pages_memory.py --attribute). Fixed at 1 MB (heaps keep at most 4 MB at their top): the busy
session holds +20-50 MB and the second 30 pages add 4.7-5.4 MB. 64 KB gave 1.8-4.6 MB on the pages but
made each clip cost ~45 % more CPU (600 vs 420 ms, page faults on every bar buffer); 4 MB cost
nothing but kept +53 MB.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from functools import cache

MMAP_THRESHOLD = 1 << 20       # bytes: a block this big or bigger gets pages of its own, returned when freed
TRIM_THRESHOLD = 4 << 20       # bytes: free memory an allocator heap keeps at its top
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3     # mallopt() parameters (malloc.h)
_USER_SETTINGS = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES")
_settled: bool | None = None


@cache
def _libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt.argtypes, libc.mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
        libc.malloc_trim.argtypes, libc.malloc_trim.restype = (ctypes.c_size_t,), ctypes.c_int
    except (OSError, AttributeError):     # not glibc (musl has neither)
        return None
    return libc


def settle(mmap_threshold: int | None = None, trim_threshold: int | None = None) -> bool:
    """Fix the thresholds (defaults above) once per process; later calls without arguments keep what
    was set. Left alone where the user set them (MALLOC_* variables, GLIBC_TUNABLES). False where
    nothing was set (not glibc, or the user's settings rule)."""
    global _settled
    if _settled is not None and mmap_threshold is None and trim_threshold is None:
        return _settled
    libc = _libc()
    if libc is None or any(name in os.environ for name in _USER_SETTINGS):
        _settled = False
        return False
    _settled = (libc.mallopt(_M_MMAP_THRESHOLD, mmap_threshold or MMAP_THRESHOLD) == 1
                and libc.mallopt(_M_TRIM_THRESHOLD, trim_threshold or TRIM_THRESHOLD) == 1)
    return _settled


def release_freed_memory() -> bool:
    """Hand memory the C allocator keeps after frees back to the system (glibc's malloc_trim).

    Measured in bench/pages_memory.py: of the growth over 30 more release pages, 6-11 MB was memory
    freed but kept by malloc; trimming takes 0.6-4.5 ms, so the collector runs it with its idle full
    collection. False where there is nothing to call."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
