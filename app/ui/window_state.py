"""Window geometry, toolbar/dock state and splitter positions, remembered via the settings store."""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QTimer
from PySide6.QtWidgets import QMainWindow, QSplitter

from app.settings.store import SettingsStore


class WindowState:
    """Restores state when asked and saves it when it changes (cf. Picard's PreserveGeometry)."""

    def __init__(self, settings: SettingsStore):
        self._settings = settings

    def restore_window(self, window: QMainWindow) -> bool:
        geometry = self._settings.window_state("geometry")
        restored = bool(geometry) and window.restoreGeometry(QByteArray(geometry))
        state = self._settings.window_state("main_window")
        if state:
            window.restoreState(QByteArray(state))
        return restored

    def save_window(self, window: QMainWindow) -> None:
        self._settings.set_window_state("geometry", bytes(window.saveGeometry().data()))
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
