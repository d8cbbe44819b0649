"""The hooks other parts use to wire into the main window (MainWindow's public methods)."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QLabel


def test_player_bar_toolbar_docks_menus_and_messages(qtbot, parts):
    window = parts.window
    bar = QLabel("player bar")
    window.set_player_bar(bar)
    qtbot.waitUntil(lambda: bar.isVisible())
    central = window.centralWidget()
    assert bar.mapTo(central, bar.rect().bottomLeft()).y() >= central.height() - bar.height() - 2  # at the bottom
    assert bar.geometry().top() > window.stack.geometry().bottom() - 1

    badge = QLabel("Basket (2)")
    window.add_toolbar_widget(badge)
    qtbot.waitUntil(badge.isVisible)
    assert badge.parent() is window.toolbar

    dock = QDockWidget("Queue")
    dock.setWidget(QLabel("queue"))
    window.add_dock(dock, Qt.DockWidgetArea.RightDockWidgetArea)
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert dock.toggleViewAction() in window.menu("View").actions()

    action = QAction("Sign in…", window)
    window.add_menu_action("Account", action)
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert action in window.menu("Account").actions()
    assert titles.index("Account") < titles.index("Help")        # new menus go before Help

    window.show_message("Added to basket", 2000)
    assert window.statusBar().currentMessage() == "Added to basket"
