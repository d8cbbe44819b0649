"""German words for lists: a list that mixes albums, singles and EPs is "Veröffentlichungen", never
"Alben" (issue 17, item 19). Read through the shipped sevendigital-browser_de.qm, as --language de."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

from tests.ui.conftest import save_shot
from tests.ui.test_german import german  # noqa: F401  (fixture)


def test_home_heading_and_search_tab_name_releases_not_albums(qtbot, german, parts, tmp_path):  # noqa: F811
    window = parts.window
    qtbot.waitUntil(lambda: getattr(window.current_view, "chart_heading", None) is not None, timeout=10000)
    home = window.current_view
    qtbot.waitUntil(lambda: home.chart_heading.text() not in ("", "Top releases this week"), timeout=10000)
    heading = home.chart_heading.text()
    assert heading.startswith("Top-Veröffentlichungen"), heading
    assert "Alben" not in heading
    # Without a chart week from the store, the heading is the plain one: the same word.
    assert QCoreApplication.translate("HomeView", "Top releases this week") == "Top-Veröffentlichungen der Woche"
    save_shot(window, tmp_path, "german_home_heading")

    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "love")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_view is window.search_view
                    and "(" in window.search_view.tabs.tabText(1), timeout=10000)
    tab = window.search_view.tabs.tabText(1)
    assert tab.startswith("Veröffentlichungen ("), tab
    assert QCoreApplication.translate("SearchView", "No releases match “{query}”.").startswith(
        "Keine Veröffentlichungen")
    assert QCoreApplication.translate("TagView", "%Ln release(s)", "", 3).endswith("Veröffentlichungen")
    save_shot(window, tmp_path, "german_search_tabs")
