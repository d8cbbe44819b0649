"""Window geometry and splitter positions survive a restart (through the settings store)."""
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter

from app.settings.store import SettingsStore
from app.ui.window_state import WindowState


def test_geometry_and_splitters_are_restored(qtbot, tmp_path):
    path = tmp_path / "settings.json"
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(700, 510)
    splitter = QSplitter()
    splitter.setObjectName("artist_splitter")
    splitter.addWidget(QLabel("a"))
    splitter.addWidget(QLabel("b"))
    window.setCentralWidget(splitter)
    window.show()
    qtbot.waitExposed(window)
    settings = SettingsStore(path)
    state = WindowState(settings)
    state.track_splitter(splitter)
    splitter.setSizes([150, 550])
    splitter.splitterMoved.emit(150, 1)        # what a drag emits
    qtbot.waitUntil(lambda: SettingsStore(path).window_state("splitter/artist_splitter") is not None)
    state.save_window(window)
    settings.flush()                            # layout is written by the store's writer thread (at quit too)

    again = QMainWindow()
    qtbot.addWidget(again)
    second = QSplitter()
    second.setObjectName("artist_splitter")
    second.addWidget(QLabel("a"))
    second.addWidget(QLabel("b"))
    again.setCentralWidget(second)
    restored = WindowState(SettingsStore(path))
    assert restored.restore_window(again)
    restored.track_splitter(second)
    again.show()
    qtbot.waitExposed(again)
    assert (again.width(), again.height()) == (700, 510)
    assert second.sizes()[0] < second.sizes()[1]
