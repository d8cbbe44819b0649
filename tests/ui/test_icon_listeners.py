"""Icons re-tint on a palette change; the models listening for it don't outlive their pages."""
from __future__ import annotations

import gc

from app.ui import icons


class _Model:
    def __init__(self):
        self.calls = 0

    def retint(self) -> None:
        self.calls += 1


def test_a_listener_that_is_gone_leaves_no_entry_behind(qapp):
    before = len(icons._listeners)
    kept, dropped = _Model(), _Model()
    icons.on_palette_change(kept.retint)
    icons.on_palette_change(dropped.retint)
    assert len(icons._listeners) == before + 2
    del dropped
    gc.collect()
    assert len(icons._listeners) == before + 1      # not only at the next palette change
    icons.clear_cache()
    assert kept.calls == 1
