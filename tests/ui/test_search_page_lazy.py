"""The search page is built after the window shows (issue 18): at the first search, or once the store is
ready; typed queries, the keyboard, F6 and a restored `search:` location work as when it was built first."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.ui.main_window import MainWindow
from tests.ui.conftest import quit_app, start_app


@pytest.fixture
def unbuilt(qtbot, client, tmp_path, monkeypatch):
    """The app shown on the store, its search page not built until something needs it."""
    monkeypatch.setattr(MainWindow, "SEARCH_PAGE_IDLE_MS", 600_000)
    built = start_app(qtbot, client, tmp_path, (1180, 780))
    qtbot.waitUntil(lambda: built.window.navigator.current == "home")
    yield built
    quit_app(qtbot, built)


def test_the_window_shows_without_a_search_page_and_builds_it_once_the_store_is_ready(qtbot, client, tmp_path,
                                                                                     monkeypatch):
    monkeypatch.setattr(MainWindow, "SEARCH_PAGE_IDLE_MS", 50)
    from app.composition import Paths, build
    from app.main import parse_args

    parts = build(parse_args([]), Paths.under(tmp_path))
    window = parts.window
    try:
        window.show()
        qtbot.waitExposed(window)
        assert not window.router.has_shared("search") and window.stack.count() == 1   # the start-up page only
        parts.store.set_client(client)
        qtbot.waitUntil(lambda: window.router.has_shared("search"), timeout=5000)
        view = window.search_view
        assert window.stack.indexOf(view) >= 0 and view.isHidden()
        assert window.navigator.current == "home"          # built, not shown
        assert parts.search.priority == "releases"          # the tab it shows first asks first
    finally:
        if shiboken6.isValid(window):
            window.close()
        assert parts.shutdown()


def test_typing_before_the_page_exists_searches_each_query_once_and_shows_the_newest(qtbot, unbuilt, sandbox):
    for path in ("artist/search", "release/search", "track/search"):
        sandbox.faults.latency(300, path=path)       # "lo" is still on its way when "love" starts
    parts, window = unbuilt, unbuilt.window
    assert not window.router.has_shared("search")
    started, shown, dropped = [], [], []
    parts.search.request_started.connect(started.append)
    parts.search.results_ready.connect(lambda query, kind, page: shown.append((query, kind)))
    parts.runner.discarded.connect(lambda: dropped.append(True))
    with qtbot.waitSignal(parts.search.request_started, check_params_cb=lambda q: q == "lo", timeout=5000):
        qtbot.keyClicks(window.search_box, "lo")
    with qtbot.waitSignal(parts.search.finished, check_params_cb=lambda q: q == "love", timeout=10_000):
        qtbot.keyClicks(window.search_box, "ve")
    qtbot.waitUntil(lambda: len(dropped) >= 1, timeout=5000)    # the "lo" answer came, and was dropped
    assert started == ["lo", "love"]                  # no query started twice (a second start leaked a request)
    assert sorted(shown) == [("love", "artists"), ("love", "releases"), ("love", "tracks")]
    view = window.search_view
    assert window.current_view is view and window.navigator.current == "search:love"
    assert view.heading.text() == "Results for “love”" and window.search_box.text() == "love"
    releases = view.models["releases"]
    assert releases.rowCount() > 0 and view.tabs.tabText(1) == f"Releases ({releases.total:,})"


def test_down_and_f6_reach_a_page_built_at_the_first_search(qtbot, unbuilt):
    parts, window = unbuilt, unbuilt.window
    with qtbot.waitSignal(parts.search.finished, timeout=10_000):
        qtbot.keyClicks(window.search_box, "love")
    view = window.search_view
    qtbot.waitUntil(lambda: window.stack.currentWidget() is view)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    grid = view.main_list()
    assert grid.hasFocus() and grid.currentIndex().row() == 0
    window.focus_search()
    assert view in window.regions.regions()
    qtbot.keyClick(window.search_box, Qt.Key.Key_F6)
    assert view.isAncestorOf(QApplication.focusWidget())


def test_a_search_restored_at_start_opens_its_page(qtbot, client, tmp_path, monkeypatch):
    monkeypatch.setattr(MainWindow, "SEARCH_PAGE_IDLE_MS", 600_000)
    first = start_app(qtbot, client, tmp_path, (1000, 700))
    with qtbot.waitSignal(first.search.finished, timeout=10_000):
        qtbot.keyClicks(first.window.search_box, "love")
    assert first.window.navigator.current == "search:love"
    quit_app(qtbot, first)

    from app.composition import Paths, build
    from app.main import parse_args

    again = build(parse_args([]), Paths.under(tmp_path))
    window, started = again.window, []
    again.search.request_started.connect(started.append)
    try:
        window.resize(1000, 700)
        window.show()
        again.store.set_client(client)          # the history is restored now
        qtbot.waitUntil(lambda: window.current_view is not None and window.current_view is window.search_view
                        and window.search_view.models["releases"].rowCount() > 0, timeout=10_000)
        assert window.navigator.current == "search:love" and window.search_box.text() == "love"
        assert window.search_view.heading.text() == "Results for “love”"
        assert started == ["love"]                    # searched once
    finally:
        quit_app(qtbot, again)


_BEFORE_SHOW = """
import sys, tempfile
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app.composition import Paths, build
from app.main import parse_args
parts = build(parse_args([]), Paths.under(Path(tempfile.mkdtemp())), defer_extras=True)
parts.window.show()
app.processEvents()
print(sorted(m for m in sys.modules if m.startswith("app.ui.") and m.endswith("_view")), parts.window.stack.count())
"""


def test_no_page_of_the_store_is_imported_or_built_before_the_window_shows():
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", _BEFORE_SHOW], cwd=root, capture_output=True, text=True,
                            timeout=120, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["[]", "1"]      # no view module; the stack holds the start-up page only
