"""Issue 19, in process: every interactive object has a name (walked through QAccessible, as a
screen reader's bridge walks it), row actions reach the player and basket by keyboard and named
menu entries, what happened is announced through the app's hook, F6 moves between regions."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible, QContextMenuEvent
from PySide6.QtWidgets import QApplication, QDockWidget

from app.models.tracks import Column
from app.ui.accessibility import announcer, readable_ms
from app.ui.player_bar import PlayerBar
from app.ui.queue_view import QueueView
from tests.ui.conftest import open_release

Role = QAccessible.Role
INTERACTIVE = {Role.PushButton, Role.CheckBox, Role.RadioButton, Role.ComboBox, Role.EditableText, Role.Slider,
               Role.SpinBox, Role.Table, Role.List, Role.Tree, Role.Cell, Role.ListItem, Role.PageTab, Role.Link,
               Role.ButtonMenu, Role.ButtonDropDown, Role.ScrollBar, Role.Dial, Role.ColumnHeader}
MAX_CHILDREN = 60          # the first rows of a table or list stand for the rest


def unnamed(widget) -> list[str]:
    """The showing interactive objects under `widget` without an accessible name."""
    found: list[str] = []

    def walk(iface, path):
        if iface is None or not iface.isValid() or iface.state().invisible:
            return
        role, name = iface.role(), iface.text(QAccessible.Text.Name).strip()
        obj = iface.object()
        here = f"{path}/{role.name}:{type(obj).__name__ if obj is not None else ''}"
        if role in INTERACTIVE and not name:
            found.append(here)
        for number in range(min(iface.childCount(), MAX_CHILDREN)):
            walk(iface.child(number), here)

    walk(QAccessible.queryAccessibleInterface(widget), "")
    return found


def names(widget) -> set[str]:
    found: set[str] = set()

    def walk(iface):
        if iface is None or not iface.isValid() or iface.state().invisible:
            return
        found.add(iface.text(QAccessible.Text.Name))
        for number in range(min(iface.childCount(), MAX_CHILDREN)):
            walk(iface.child(number))

    walk(QAccessible.queryAccessibleInterface(widget))
    return found


@pytest.fixture
def heard():
    """Every announcement made through the app's hook: [(text, assertive)]."""
    said: list[tuple[str, bool]] = []
    announcer.announced.connect(lambda text, assertive: said.append((text, assertive)))
    yield said
    announcer.announced.disconnect()


def search(qtbot, parts, text):
    with qtbot.waitSignal(parts.search.finished, timeout=10_000):
        qtbot.keyClicks(parts.window.search_box, text)
    return parts.window.search_view


def play_first(qtbot, parts, page):
    from app.player.player import PlayerState

    page.table.setFocus()
    page.table.setCurrentIndex(page.tracks.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: parts.player.state == PlayerState.PLAYING and parts.player.position() > 0,
                    timeout=10_000)


def test_every_interactive_object_has_a_name_in_the_main_states(qtbot, parts, client):
    from tests.player.playback import shut_down_player

    window = parts.window
    qtbot.waitUntil(lambda: window.current_view is not None and window.current_view.location == "home"
                    and window.current_view.chart.rowCount() > 0, timeout=10_000)
    assert unnamed(window) == [], "home"
    assert window.search_box.accessibleName() == "Search the store"

    search(qtbot, parts, "love")
    assert unnamed(window) == [], "search results"
    assert {"Search", "Clear the search"} <= names(window.search_box)     # its icon buttons

    release = client.search_releases("love", 1, 1).items[0]
    page = open_release(qtbot, window, release.id)
    try:
        play_first(qtbot, parts, page)
        bar = window.findChild(PlayerBar)
        assert bar.isVisible()
        assert unnamed(window) == [], "release page, a preview playing"
        assert bar.play_button.accessibleName() == "Pause"            # in step with the state
        assert bar.volume_slider.accessibleName() == f"Volume {bar.volume_slider.value()} %"

        with qtbot.waitSignal(parts.shopping.basket.changed, timeout=10_000):
            window.add_to_basket_requested.emit(page.release, page.tracks.track(1))
        qtbot.waitUntil(lambda: parts.shopping.panel.model.rowCount() > 0, timeout=10_000)
        assert unnamed(window) == [], "basket with items"

        parts.player.pause()
        qtbot.waitUntil(lambda: bar.play_button.accessibleName() == "Play", timeout=5000)
    finally:
        shut_down_player(qtbot, parts.player, settle=True)

    dialog = parts.shopping.sign_in_dialog
    dialog.open_for()
    qtbot.waitExposed(dialog)
    assert unnamed(dialog) == [], "sign-in dialog"
    dialog.reject()


def test_headings_lists_and_track_cells_read_well(qtbot, parts, client):
    release = client.search_releases("love", 1, 1).items[0]
    page = open_release(qtbot, parts.window, release.id)
    heading = QAccessible.queryAccessibleInterface(page.heading)
    assert heading.role() == Role.Heading and heading.text(QAccessible.Text.Name) == page.heading.text()
    assert page.table.accessibleName() == "Tracks"

    model = page.tracks
    track = model.track(0)
    preview, add, title = (model.index(0, model.column_of(c)) for c in (Column.PREVIEW, Column.ADD, Column.TITLE))
    assert preview.data(Qt.ItemDataRole.AccessibleTextRole) == f"Preview “{track.title}” (30 s)"
    assert add.data(Qt.ItemDataRole.AccessibleTextRole) == f"Add “{track.title}” to the basket"
    keys = add.data(Qt.ItemDataRole.AccessibleDescriptionRole)
    assert "Enter" in keys and "Ctrl+B" in keys and "Menu" in keys
    for column, header in ((Column.PREVIEW, "Preview"), (Column.ADD, "Basket")):
        assert model.headerData(model.column_of(column), Qt.Orientation.Horizontal,
                                Qt.ItemDataRole.AccessibleTextRole) == header
    # What the bridge reads for the first row's cells (the table's own interface).
    table = QAccessible.queryAccessibleInterface(page.table)
    cells = {table.child(i).text(QAccessible.Text.Name) for i in range(min(table.childCount(), 40))}
    assert f"Preview “{track.title}” (30 s)" in cells and f"Add “{track.title}” to the basket" in cells
    explicit = next((row for row in range(model.rowCount()) if model.track(row).explicit), None)
    if explicit is not None:        # the "[E]" badge is read as a word
        text = model.index(explicit, model.column_of(Column.TITLE)).data(Qt.ItemDataRole.AccessibleTextRole)
        assert text.endswith(", explicit") and "[E]" not in text
    assert "[E]" not in (title.data(Qt.ItemDataRole.AccessibleTextRole) or "")


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_row_actions_play_and_add_by_key_and_by_the_menus_named_entries(qtbot, parts, client):
    release = client.search_releases("love", 1, 1).items[0]
    window = parts.window
    page = open_release(qtbot, window, release.id)
    table, model = page.table, page.tracks
    played, added = [], []
    window.play_from_requested.connect(lambda tracks: played.append(tracks[0].id))
    window.add_to_basket_requested.connect(lambda _release, track: added.append(track.id))
    table.setFocus()
    table.setCurrentIndex(model.index(1, 0))
    qtbot.keyClick(table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert added == [model.track(1).id]

    # The Menu key opens the current row's menu, whose entries have names a screen reader reads and
    # activates. (xcb turns the key into a keyboard context menu event on the window, which Qt
    # gives the focused widget; offscreen has no such key, so the test sends that event.)
    def menu_key():
        QApplication.sendEvent(window.windowHandle(),
                               QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(), QPoint()))
        return table.last_menu

    menu = menu_key()
    assert menu.isVisible()
    entries = {action.text().replace("&&", "&"): action for action in menu.actions() if action.text()}
    assert {"Preview", "Play next", "Add to queue", "Add to basket"} <= set(entries)
    entries["Preview"].trigger()
    menu.close()
    assert played == [model.track(1).id]
    added.clear()
    table.setCurrentIndex(model.index(2, 0))
    menu = menu_key()
    next(action for action in menu.actions() if action.text() == "Add to basket").trigger()
    menu.close()
    assert added == [model.track(2).id]                              # the current row's, not the one below
    from tests.player.playback import shut_down_player
    shut_down_player(qtbot, parts.player, settle=True)


def test_what_happened_is_announced(qtbot, parts, client, sandbox, heard):
    window = parts.window
    view = search(qtbot, parts, "love")
    releases = view.models["releases"]
    assert any(f"Releases ({releases.total:,})" in text for text, _ in heard), heard     # result counts

    release = client.search_releases("love", 1, 1).items[0]
    page = open_release(qtbot, window, release.id)
    heard.clear()
    with qtbot.waitSignal(parts.shopping.basket.changed, timeout=10_000):
        window.add_to_basket_requested.emit(page.release, page.tracks.track(0))
    title = page.tracks.track(0).title
    assert (f"Added “{title}” to your basket.", False) in heard                          # basket change

    panel = parts.shopping.panel
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=10_000)
    panel.table.selectRow(0)
    heard.clear()
    panel.remove_selected()
    qtbot.waitUntil(lambda: bool(heard), timeout=5000)
    assert heard[0][0].startswith(f"Removed “{title}”.") and "Undo" in heard[0][0]        # undo offer

    heard.clear()
    sandbox.faults.error(7001, "Unable to perform action", path="release/details")
    other = client.search_releases("love", 1, 2).items[1]
    window.open(f"release:{other.id}")
    qtbot.waitUntil(lambda: any(assertive for _, assertive in heard), timeout=10_000)    # errors: assertive
    assert any("Unable to perform action" in text and assertive for text, assertive in heard)

    heard.clear()
    window.show_message("Something to read, with a few more words in it than most.", 1000)
    assert heard == [("Something to read, with a few more words in it than most.", False)]
    assert readable_ms("x" * 200, 1000) >= 200 * 50 and readable_ms("ok", 1000) >= 5000   # long enough to read


def test_sign_in_error_is_announced_and_focus_stays_calm(qtbot, parts, heard):
    dialog = parts.shopping.sign_in_dialog
    dialog.open_for()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.email_field, "demo@example.com")
    qtbot.keyClicks(dialog.password_field, "wrong-password")
    dialog.password_field.setFocus()
    focus_seen = []
    QApplication.instance().focusChanged.connect(lambda _old, new: focus_seen.append(new))
    qtbot.keyClick(dialog.password_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10_000)
    assert any(assertive and text == dialog.error_label.text() for text, assertive in heard)
    assert QApplication.focusWidget() is dialog.password_field
    assert all(widget is dialog.password_field for widget in focus_seen), focus_seen   # no jumping about
    dialog.reject()


def test_f6_cycles_through_the_regions_and_hidden_docks_leave_the_tab_order(qtbot, parts, client):
    from tests.player.playback import shut_down_player

    window = parts.window
    release = client.search_releases("love", 1, 1).items[0]
    page = open_release(qtbot, window, release.id)
    try:
        play_first(qtbot, parts, page)
        bar = window.findChild(PlayerBar)
        window.focus_search()
        order = []
        for _ in range(len(window.regions.regions())):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
            order.append(QApplication.focusWidget())
        assert page.isAncestorOf(order[0])                         # search → the page
        assert bar.isAncestorOf(order[1])                          # → the player bar
        docks = [d for d in window.findChildren(QDockWidget) if d.isAncestorOf(order[2])]
        assert docks and docks[0].isVisible()                      # → a dock that shows
        assert order[-1] is window.search_box                      # and round again
        qtbot.keyClick(window.search_box, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
        assert not window.search_box.hasFocus() and QApplication.focusWidget() is order[-2]

        # The queue dock sits tabbed behind the basket: its contents are out of the Tab order.
        queue_dock = next(d for d in window.findChildren(QDockWidget) if isinstance(d.widget(), QueueView))
        basket_dock = parts.shopping.panel
        if queue_dock in window.tabifiedDockWidgets(basket_dock):
            basket_dock.show()
            basket_dock.raise_()
            qtbot.waitUntil(lambda: not queue_dock.widget().isEnabled())
            queue_dock.raise_()
            qtbot.waitUntil(lambda: queue_dock.widget().isEnabled())
    finally:
        shut_down_player(qtbot, parts.player, settle=True)


def test_a_new_page_takes_the_keyboard_not_a_dock(qtbot, parts, client):
    window = parts.window
    view = search(qtbot, parts, "love")
    view.focus_results()
    grid = view.main_list()
    assert grid.hasFocus()
    release = client.search_releases("love", 1, 1).items[0]
    page = open_release(qtbot, window, release.id)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and page.isAncestorOf(QApplication.focusWidget()))
    assert QApplication.focusWidget() is page.table
    assert not any(d.isAncestorOf(QApplication.focusWidget()) for d in window.findChildren(QDockWidget))


def test_the_seek_bar_speaks_whole_seconds(qtbot, parts, client):
    from tests.player.playback import shut_down_player

    release = client.search_releases("love", 1, 1).items[0]
    page = open_release(qtbot, parts.window, release.id)
    bar = parts.window.findChild(PlayerBar)
    changes = []
    try:
        bar.seek_slider.valueChanged.connect(changes.append)
        play_first(qtbot, parts, page)
        qtbot.waitUntil(lambda: parts.player.position() > 1500, timeout=10_000)
        seconds = parts.player.duration() // 1000
        assert bar.seek_slider.maximum() == seconds
        assert bar.seek_slider.accessibleDescription().endswith(f" of {bar.total_label.text()}")
        assert bar.seek_slider.accessibleDescription().startswith(bar.elapsed_label.text())
        # Position arrives many times a second; the slider's (and so the bridge's) value once a second.
        assert len(changes) <= parts.player.position() // 1000 + 2
    finally:
        shut_down_player(qtbot, parts.player, settle=True)


def test_heading_interfaces_outlive_nothing(qtbot):
    """The Python heading interfaces Qt caches go away with their labels (no crash on reuse)."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QLabel

    from app.ui.accessibility import install_heading_factory, mark_heading

    install_heading_factory()
    for number in range(200):
        label = QLabel(f"Section {number}")
        mark_heading(label, 2)
        iface = QAccessible.queryAccessibleInterface(label)
        assert iface.role() == Role.Heading and iface.text(QAccessible.Text.Name) == f"Section {number}"
        label.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        del iface, label
        if number % 50 == 0:
            gc.collect()
    plain = QLabel("not a heading")
    qtbot.addWidget(plain)
    assert QAccessible.queryAccessibleInterface(plain).role() == Role.StaticText
