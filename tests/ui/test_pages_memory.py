"""Memory over many pages (issue 18, bench/pages_memory.py): views the router drops are deleted, not
kept by a connection, and the covers' memory cache stays within its cap."""
import gc
import weakref

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent

from app.ui.release_view import ReleaseView
from tests.ui.conftest import open_release


def deleted(view) -> bool:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)   # deleteLater, as the loop would
    return not shiboken6.isValid(view)


def test_dropped_release_views_are_deleted_and_covers_stay_bounded(qtbot, parts, client):
    window, covers = parts.window, parts.covers
    window.router.max_cached = 2
    ids = [str(r.id) for r in client.search_releases("love", 1, 10).items][:5]
    assert len(ids) == 5
    opened = []
    for rid in ids:
        page = open_release(qtbot, window, rid)
        qtbot.waitUntil(lambda page=page: page.cover.has_cover or not page.release.image, timeout=10_000)
        opened.append(page)
    kept = [view for view in window.router.views() if isinstance(view, ReleaseView)]
    assert [view.release_id for view in kept] == ids[-2:]
    for view in opened[:3]:                               # dropped by the router: gone, C++ and all
        qtbot.waitUntil(lambda view=view: deleted(view), timeout=5000)
    dropped = [weakref.ref(view) for view in opened[:3]]
    opened = kept = page = view = None
    gc.collect()
    assert [ref() for ref in dropped] == [None] * 3       # and nothing on the Python side keeps them
    showing = [o for o in window.stack.findChildren(ReleaseView) if shiboken6.isValid(o)]
    assert len(showing) == 2
    assert 0 < covers.memory_used <= covers.memory_bytes


def test_cover_cache_evicts_to_its_cap_while_browsing(qtbot, parts, client):
    covers = parts.covers
    # Room for about three pages' covers (a 240 px cover and the visible recommendations each), not six.
    covers._memory_bytes = 2 * 1024 * 1024
    loaded = set()
    covers.loaded.connect(loaded.add)
    ids = [str(r.id) for r in client.search_releases("love", 1, 10).items][:6]
    for rid in ids:
        page = open_release(qtbot, parts.window, rid)
        qtbot.waitUntil(lambda page=page: covers.pending == 0
                        and (page.cover.has_cover or not page.release.image), timeout=10_000)
        assert covers.memory_used <= covers.memory_bytes
    assert len(covers._cache) < len(loaded)                  # older pages' covers were let go
    assert page.cover.has_cover or not page.release.image    # the one showing now stayed


def test_python_collects_on_the_gui_thread_from_the_build_on(parts):
    """Automatic collection is off before any worker runs: one run by a worker that deleted a Qt
    object deadlocked with the GUI thread (services/collector.py)."""
    import gc

    assert parts.collector is not None and not gc.isenabled()


def test_cover_memory_holds_the_pages_the_router_keeps_and_back_shows_them_at_once(qtbot, parts, client):
    window, covers = parts.window, parts.covers
    window.router.max_cached = 2
    ids = [str(r.id) for r in client.search_releases("love", 1, 10).items][:4]
    assert len(ids) == 4
    keys = {}
    for rid in ids:
        page = open_release(qtbot, window, rid)
        qtbot.waitUntil(lambda page=page: covers.pending == 0
                        and (page.cover.has_cover or not page.release.image), timeout=10_000)
        keys[rid] = page.cover._key
    assert all(keys.values())
    # Pages 1 and 2 left the router: their covers left memory too (the disk cache has them).
    assert [covers.cached_key(keys[rid])[0] for rid in ids] == [False, False, True, True]
    asked = covers.requests
    window.back_action.trigger()                         # page 3, kept: its cover shows at once
    qtbot.waitUntil(lambda: getattr(window.current_view, "release_id", None) == ids[2], timeout=5000)
    assert window.current_view.cover.has_cover
    qtbot.waitUntil(lambda: covers.pending == 0, timeout=5000)
    assert covers.requests == asked                      # nothing fetched again, not even from disk
    assert covers.cached_key(keys[ids[2]])[0] and covers.cached_key(keys[ids[3]])[0]


def test_pages_dropped_while_browsing_quickly_are_deleted_as_it_goes(qtbot, parts):
    """A drop every 100 ms (quicker than the 400 ms wait) must not put every delete off until the
    browsing stops: the wait starts at the first drop, not at the last."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QWidget

    class Page(QWidget):
        def stop(self) -> None:
            pass

    window = parts.window
    pages = [Page() for _ in range(10)]
    for page in pages:
        window.stack.addWidget(page)
    gone_by_last_drop = []

    def drop() -> None:
        window._drop_view(pages[len(dropped)])
        dropped.append(1)
        if len(dropped) == len(pages):
            ticker.stop()
            gone_by_last_drop.extend(deleted(page) for page in pages)

    dropped = []
    ticker = QTimer(interval=100)
    ticker.timeout.connect(drop)
    ticker.start()
    qtbot.waitUntil(lambda: bool(gone_by_last_drop), timeout=10_000)
    assert gone_by_last_drop[0] and not gone_by_last_drop[-1]      # deleted as it went, one per turn
    qtbot.waitUntil(lambda: all(deleted(page) for page in pages), timeout=5000)
