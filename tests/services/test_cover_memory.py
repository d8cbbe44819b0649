"""The covers' memory cache is sized to the screen (what can be visible), not a fixed 96 MB."""
from PySide6.QtGui import QGuiApplication

from app.services.covers import (
    MEMORY_CACHE_MAX,
    MEMORY_CACHE_MIN,
    CoverLoader,
    memory_cache_bytes,
)


def screen_bytes() -> int:
    screen = QGuiApplication.primaryScreen()
    dpr = screen.devicePixelRatio()
    return int(screen.size().width() * screen.size().height() * dpr * dpr * 4)


def test_cap_is_screens_of_pixels_within_bounds(qapp):
    one = screen_bytes()
    assert memory_cache_bytes(0) == MEMORY_CACHE_MIN              # never less than a floor
    assert memory_cache_bytes(10_000) == MEMORY_CACHE_MAX         # never more than the old cap
    screens = MEMORY_CACHE_MIN / one + 1                          # a count that lands between the two
    expected = int(one * screens)
    if MEMORY_CACHE_MIN < expected < MEMORY_CACHE_MAX:
        assert memory_cache_bytes(screens) == expected
    assert MEMORY_CACHE_MIN <= memory_cache_bytes() <= MEMORY_CACHE_MAX


def test_loader_defaults_to_the_screen_sized_cap(qapp, cover_runner):
    loader = CoverLoader(cover_runner, lambda url: b"")
    assert loader.memory_bytes == memory_cache_bytes() < 96 * 1024 * 1024
    assert CoverLoader(cover_runner, lambda url: b"", memory_bytes=12345).memory_bytes == 12345
    assert loader.memory_used == 0
