"""Window geometry, toolbar/dock state and splitter positions, remembered via the settings store.

Geometry and dock layout are restored in two steps: the geometry as the window is built (so it
first appears at its size), the docks once every dock exists (`restore_docks`): QMainWindow can
only place docks it knows, and the basket, My music, Queue and Downloads docks arrive later, with
the shopping parts and the player.
"""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter, QWidget

from app.settings.store import SettingsStore

DEFAULT_SIZE = (1180, 780)
# A first start leaves the browsing area most of the width: side docks take at most this share.
FIRST_RUN_DOCK_SHARE = 0.22
FIRST_RUN_DOCK_WIDTH = 300
# However the window is resized, a side dock keeps no more than this share of it (800 px: 240 px).
MAX_DOCK_SHARE = 0.3
# The window manager's frame, before the window has one: borders and a title bar.
FRAME_ALLOWANCE = (16, 40)
_SIDES = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)


def available_rect(window: QWidget) -> QRect:
    """The free area (no panels) of the screen `window` is on, else of the primary screen."""
    screen = QGuiApplication.screenAt(window.geometry().center()) or window.screen() \
        or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget) -> bool:
    """Shrink and move `window` (not maximised or full screen) into its screen's free area.

    Returns whether it had to change: a geometry from another screen or scale factor (one saved
    at QT_SCALE_FACTOR=2 is twice the size in today's pixels) must not leave it bigger than the
    screen, nor off it."""
    if window.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
        return False
    free = available_rect(window)
    frame, inner = window.frameGeometry(), window.geometry()
    extra_w, extra_h = frame.width() - inner.width(), frame.height() - inner.height()
    if not window.testAttribute(Qt.WidgetAttribute.WA_WState_Created) and frame == inner:
        extra_w, extra_h = FRAME_ALLOWANCE     # no frame yet (not shown): leave room for one
    width = max(min(inner.width(), free.width() - extra_w), window.minimumWidth())
    height = max(min(inner.height(), free.height() - extra_h), window.minimumHeight())
    x = min(max(frame.x(), free.left()), free.right() + 1 - width - extra_w)
    y = min(max(frame.y(), free.top()), free.bottom() + 1 - height - extra_h)
    changed = (width, height) != (inner.width(), inner.height()) or (x, y) != (frame.x(), frame.y())
    if changed:
        window.resize(width, height)
        window.move(max(x, free.left()), max(y, free.top()))
    return changed


def side_docks(window: QMainWindow) -> list[QDockWidget]:
    """The docks docked (not floating, not hidden) at the left or right of `window`."""
    return [dock for dock in window.findChildren(QDockWidget)
            if dock.parent() is window and not dock.isHidden() and not dock.isFloating()
            and window.dockWidgetArea(dock) in _SIDES]


def cap_side_docks(window: QMainWindow, share: float = MAX_DOCK_SHARE) -> None:
    """Narrow side docks wider than `share` of the window (a small window keeps a browsing area)."""
    limit = int(window.width() * share)
    wide = [dock for dock in side_docks(window) if dock.width() > limit]
    if wide:
        window.resizeDocks(wide, [limit] * len(wide), Qt.Orientation.Horizontal)


class WindowState:
    """Restores state when asked and saves it when it changes (cf. Picard's PreserveGeometry)."""

    def __init__(self, settings: SettingsStore):
        self._settings = settings

    def restore_window(self, window: QMainWindow) -> bool:
        """The saved geometry, fitted to the screen; else the default size (also fitted).
        Returns whether a saved geometry was used. Docks: `restore_docks`, once they all exist."""
        geometry = self._settings.window_state("geometry")
        restored = bool(geometry) and window.restoreGeometry(QByteArray(geometry))
        if not restored:            # none, or from another scale factor (Qt refuses those)
            window.resize(*DEFAULT_SIZE)
        fit_to_screen(window)
        return restored

    def has_docks(self) -> bool:
        return bool(self._settings.window_state("main_window"))

    def restore_docks(self, window: QMainWindow) -> bool:
        """Put toolbars and docks back as saved (visible, tabbed, floating, sizes); False: none saved."""
        state = self._settings.window_state("main_window")
        return bool(state) and window.restoreState(QByteArray(state))

    def save_window(self, window: QMainWindow, docks: bool = True) -> None:
        """Save the geometry (never larger than the screen) and, with `docks`, the dock layout."""
        fit_to_screen(window)
        self._settings.set_window_state("geometry", bytes(window.saveGeometry().data()))
        if docks:
            self._settings.set_window_state("main_window", bytes(window.saveState().data()))

    def track_splitter(self, splitter: QSplitter) -> None:
        """Restore `splitter` (by objectName) now, and save it whenever the user moves it."""
        name = f"splitter/{splitter.objectName()}"
        state = self._settings.window_state(name)
        if state:
            splitter.restoreState(QByteArray(state))
        # A drag moves the splitter many times a second: write once it rests (the write fsyncs).
        timer = QTimer(splitter, singleShot=True, interval=400)
        timer.timeout.connect(lambda: self._settings.set_window_state(name, bytes(splitter.saveState().data())))
        splitter.splitterMoved.connect(lambda _pos, _index: timer.start())


def first_run_docks(window: QMainWindow) -> None:
    """No saved layout: side docks narrow (tabs), so the browsing area keeps most of the width."""
    docks = side_docks(window)
    if docks:
        width = min(FIRST_RUN_DOCK_WIDTH, int(window.width() * FIRST_RUN_DOCK_SHARE))
        window.resizeDocks(docks, [width] * len(docks), Qt.Orientation.Horizontal)
