"""Docks and geometry come back as they were left; a first start leaves the browsing area wide;
a geometry never ends up (or is saved) larger than the screen."""
from __future__ import annotations

import base64

import pytest
from PySide6.QtCore import QByteArray, QDataStream, QIODevice, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget

from app.settings.store import SettingsStore
from tests.ui.conftest import quit_app, save_shot, start_app

# saveGeometry() of a 1180x780 window in a run with QT_SCALE_FACTOR=2 (offscreen screen): Qt refuses
# to restore it at scale 1, and the app then fell back to 1180x780 whatever the screen's size.
GEOMETRY_FROM_2X_RUN = base64.b64decode(
    "AdnQywADAAAAAAAAAAAAAAAABJ0AAAMNAAAAAQAAAAEAAAScAAADDAAAAAAAAAAAAZAAAAABAAAAAQAABJwAAAMM")


def geometry_bytes(rect: QRect, screen_width: int) -> bytes:
    """QWidget.saveGeometry()'s format (version 3) for a normal window at `rect`."""
    data = QByteArray()
    out = QDataStream(data, QIODevice.OpenModeFlag.WriteOnly)
    out.setVersion(QDataStream.Version.Qt_4_0)
    out.writeUInt32(0x1D9D0CB)
    out.writeUInt16(3)
    out.writeUInt16(0)
    out << QRect(rect) << QRect(rect)
    out.writeInt32(0)
    out.writeUInt8(0)
    out.writeUInt8(0)
    out.writeInt32(screen_width)
    out << QRect(rect)
    return bytes(data.data())


def saved_size(state: bytes) -> tuple[int, int]:
    """The normal geometry's size inside saveGeometry() bytes."""
    stream = QDataStream(QByteArray(state))
    stream.setVersion(QDataStream.Version.Qt_4_0)
    assert stream.readUInt32() == 0x1D9D0CB
    stream.readUInt16(), stream.readUInt16()
    frame, normal = QRect(), QRect()
    stream >> frame >> normal
    return normal.width(), normal.height()


def docks(window) -> dict[str, QDockWidget]:
    return {dock.objectName(): dock for dock in window.findChildren(QDockWidget)}


def layout_of(window) -> dict[str, tuple]:
    """Per dock: (shown, floating, the docks tabbed with it)."""
    return {name: (not dock.isHidden(), dock.isFloating(),
                   tuple(sorted(d.objectName() for d in window.tabifiedDockWidgets(dock))))
            for name, dock in docks(window).items()}


@pytest.fixture
def screen_rect():
    return QGuiApplication.primaryScreen().availableGeometry()


def test_docks_come_back_exactly_as_they_were_left(qtbot, client, tmp_path):
    first = start_app(qtbot, client, tmp_path, (760, 560))
    window = first.window
    named = docks(window)
    assert {"basket_dock", "locker_dock", "queue_dock", "downloads_dock"} <= set(named)
    # The user opens My music and the Queue (tabs beside the basket) and floats Downloads.
    named["locker_dock"].show()
    named["queue_dock"].show()
    named["downloads_dock"].show()
    named["downloads_dock"].setFloating(True)
    named["locker_dock"].raise_()
    qtbot.waitUntil(lambda: named["downloads_dock"].isFloating() and not named["locker_dock"].isHidden())
    before = layout_of(window)
    assert before["locker_dock"][0] and before["queue_dock"][0] and before["downloads_dock"][1]
    quit_app(qtbot, first)

    again = start_app(qtbot, client, tmp_path)
    qtbot.addWidget(again.window)
    save_shot(again.window, tmp_path, "docks-restored")
    assert layout_of(again.window) == before
    quit_app(qtbot, again)


def test_first_start_leaves_the_browsing_area_wide(qtbot, client, tmp_path):
    from app.composition import Paths, build
    from app.main import parse_args

    # As main() starts: the window is shown first, the docks arrive with the shopping parts after.
    built = build(parse_args([]), Paths.under(tmp_path), defer_extras=True)
    built.store.set_client(client)
    window = built.window
    window.resize(1180, 780)
    window.show()
    qtbot.waitExposed(window)
    built.install_extras()
    qtbot.addWidget(window)
    basket = docks(window)["basket_dock"]
    qtbot.waitUntil(lambda: getattr(window, "docks_settled", True))
    assert 0 < basket.width() <= 0.25 * window.width()
    assert "queue_dock" in {d.objectName() for d in window.tabifiedDockWidgets(basket)}   # tabs, not a column
    save_shot(window, tmp_path, "first-start")
    quit_app(qtbot, built)


def test_a_small_window_narrows_the_side_dock(qtbot, client, tmp_path):
    built = start_app(qtbot, client, tmp_path, (1180, 780))
    window = built.window
    qtbot.addWidget(window)
    basket = docks(window)["basket_dock"]
    qtbot.waitUntil(lambda: getattr(window, "docks_settled", True))                            # the first start's layout
    window.resizeDocks([basket], [340], Qt.Orientation.Horizontal)          # the user widens it
    qtbot.waitUntil(lambda: basket.width() >= 330)
    window.resize(800, 600)
    qtbot.waitUntil(lambda: basket.width() <= 0.3 * window.width() + 1, timeout=3000)
    save_shot(window, tmp_path, "dock-800x600")
    quit_app(qtbot, built)


@pytest.mark.parametrize("saved", [GEOMETRY_FROM_2X_RUN, geometry_bytes(QRect(0, 0, 2360, 1560), 2880)],
                         ids=["saved-at-2x", "oversized"])
def test_a_restored_geometry_fits_the_screen(qtbot, client, tmp_path, screen_rect, saved):
    SettingsStore(tmp_path / "settings.json").set_window_state("geometry", saved)
    built = start_app(qtbot, client, tmp_path)
    window = built.window
    qtbot.addWidget(window)
    assert screen_rect.contains(window.frameGeometry()), (window.frameGeometry(), screen_rect)
    quit_app(qtbot, built)


def test_a_geometry_larger_than_the_screen_is_never_saved(qtbot, client, tmp_path, screen_rect):
    built = start_app(qtbot, client, tmp_path)
    window = built.window
    window.resize(screen_rect.width() * 2, screen_rect.height() * 2)   # e.g. dragged over two screens
    quit_app(qtbot, built)
    width, height = saved_size(SettingsStore(tmp_path / "settings.json").window_state("geometry"))
    assert width <= screen_rect.width() and height <= screen_rect.height()
