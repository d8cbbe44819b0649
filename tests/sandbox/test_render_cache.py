"""The store's cache of rendered items stays within its size, and answers are the same with it."""
from __future__ import annotations

from app.sandbox import xmlout
from tests.sandbox.helpers import get, ok


def test_rendered_items_stay_within_the_cache_size_and_answers_do_not_change(sandbox, monkeypatch):
    monkeypatch.setattr(xmlout, "_rendered", {})        # other tests' items don't count
    monkeypatch.setattr(xmlout, "RENDER_CACHE_SIZE", 20)
    first = get(sandbox, "release/search", q="love", pageSize=50)
    root = ok(first)
    ids = [e.get("id") for e in root.iter("release")]
    assert len(ids) == 50                       # more items than the cache holds
    assert len(xmlout._rendered) <= 20
    kept = {key[1] for key in xmlout._rendered if key[0] == "release"}
    assert int(ids[-1]) in kept                 # the newest stay: the oldest go first
    assert int(ids[0]) not in kept
    again = get(sandbox, "release/search", q="love", pageSize=50)
    assert again.content == first.content       # half from the cache, half rendered anew: the same XML
    assert len(xmlout._rendered) <= 20
