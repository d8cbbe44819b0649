"""Memory of the store's music: nothing kept once a piece is made, big buffers handed back to the system."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import pytest

from app.sandbox import music

ROOT = Path(__file__).resolve().parents[2]


def _make(track_id: int, seconds: float = 12.0) -> int:
    return sum(len(part) for part in music.encode_blocks(music.compose_stream(track_id, seconds)))


def test_a_made_piece_leaves_none_of_its_sounds_behind():
    _make(4242, 2.0)        # numpy and lameenc loaded, the allocator settled: not counted
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        sizes = [_make(track_id) for track_id in (1000, 1001, 1003)]
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert all(size == music.mp3_length(int(12.0 * music.RATE)) for size in sizes)
    # A process-wide cache of notes kept 20-40 MB of whole-bar arrays after three pieces.
    assert kept < 1 << 20, f"{kept / 2**20:.1f} MB still allocated after three pieces were made"


def test_the_same_track_still_sounds_the_same():
    assert b"".join(music.encode_blocks(music.compose_stream(1003, 8.0))) == \
        b"".join(music.encode_blocks(music.compose_stream(1003, 8.0)))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_big_buffers_get_pages_of_their_own_after_music_was_made():
    """Once music was made, a 3 MB buffer is mapped on its own (given back when freed) instead of
    coming from a heap that keeps it: glibc's moving threshold had risen past it after the first
    few-MB sample buffer was freed."""
    script = textwrap.dedent("""
        import ctypes, sys
        from app.sandbox import music

        class Info(ctypes.Structure):
            _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd",
                                                       "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]
        libc = ctypes.CDLL("libc.so.6")
        if not hasattr(libc, "mallinfo2"):
            print("skip: no mallinfo2"); sys.exit(0)
        libc.mallinfo2.restype = Info
        for _ in music.encode_blocks(music.compose_stream(1000, 5.0)):
            pass
        if not music.settle_allocator():
            print("skip: allocator not settled here"); sys.exit(0)
        import numpy
        mapped = libc.mallinfo2().hblkhd
        buffer = numpy.ones(3 << 20, dtype=numpy.uint8)
        grew = libc.mallinfo2().hblkhd - mapped
        del buffer
        given_back = libc.mallinfo2().hblkhd - mapped
        print(grew, given_back)
    """)
    out = subprocess.run([sys.executable, "-c", script], check=False, cwd=ROOT, capture_output=True, text=True,
                         timeout=120, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    if out.stdout.startswith("skip"):
        pytest.skip(out.stdout.strip())
    grew, given_back = map(int, out.stdout.split())
    assert grew >= 3 << 20
    assert given_back <= 0
