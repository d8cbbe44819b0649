"""Back/forward history and the last page survive a restart, through the settings store."""
from __future__ import annotations

from PySide6.QtCore import Qt

from app.settings.store import SettingsStore
from app.ui.navigation import HistoryStore, Navigator
from app.ui.views import is_location
from tests.ui.conftest import quit_app, save_shot, start_app


def test_history_and_the_last_page_come_back_after_a_restart(qtbot, client, tmp_path):
    release = client.search_releases("a").items[0]
    first = start_app(qtbot, client, tmp_path, (1000, 700))
    window = first.window
    qtbot.waitUntil(lambda: window.navigator.current == "home")
    window.open(f"artist:{release.artist.id}")
    window.open(f"release:{release.id}")
    window.open("home")
    qtbot.mouseClick(window.toolbar.widgetForAction(window.back_action), Qt.MouseButton.LeftButton)
    assert window.navigator.current == f"release:{release.id}"
    quit_app(qtbot, first)

    again = start_app(qtbot, client, tmp_path, (1000, 700))
    window = again.window
    qtbot.waitUntil(lambda: getattr(window.current_view, "release", None) is not None, timeout=10000)
    assert window.navigator.current == f"release:{release.id}"
    save_shot(window, tmp_path, "history-restored")
    assert window.back_action.isEnabled() and window.forward_action.isEnabled()
    qtbot.mouseClick(window.toolbar.widgetForAction(window.back_action), Qt.MouseButton.LeftButton)
    assert window.navigator.current == f"artist:{release.artist.id}"
    quit_app(qtbot, again)


def history(tmp_path, saved, now=1_000_000.0):
    settings = SettingsStore(tmp_path / "settings.json")
    settings.set("history", saved)
    return HistoryStore(settings, is_location, clock=lambda: now)


def test_an_old_search_reopens_on_home_with_the_search_behind_it(tmp_path):
    saved = {"entries": ["home", "release:1", "search:abba"], "index": 2, "saved_at": 1_000_000.0 - 3600}
    assert history(tmp_path, saved).load() == (["home", "release:1", "search:abba", "home"], 3)
    fresh = dict(saved, saved_at=1_000_000.0 - 60)          # a restart a minute later: as it was
    assert history(tmp_path, fresh).load() == (["home", "release:1", "search:abba"], 2)


def test_junk_in_the_saved_history_is_ignored(tmp_path):
    saved = {"entries": ["home", 7, "release:", "nonsense:1", "x" * 5000, None, "artist:3", "release:9"],
             "index": 6, "saved_at": "yesterday"}
    assert history(tmp_path, saved).load() == (["home", "artist:3", "release:9"], 1)
    for junk in ("home", ["release:1"], {"entries": "release:1"}, {"entries": [], "index": 0}, None):
        assert history(tmp_path, junk).load() == ([], -1)


def test_the_saved_history_is_bounded(qtbot, tmp_path):
    navigator = Navigator()
    for number in range(120):
        navigator.open(f"release:{number}")
    store = history(tmp_path, None)
    store.save(navigator)
    store._settings.flush()                  # saved by the settings store's writer thread
    entries, index = store.load()
    assert len(entries) == HistoryStore.MAX_SAVED and entries[index] == "release:119"
    assert len(SettingsStore(tmp_path / "settings.json").get("history")["entries"]) <= 50
