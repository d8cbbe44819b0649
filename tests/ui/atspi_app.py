"""The app for the AT-SPI end-to-end test (run by tests/ui/test_accessibility_atspi.py with the
project's Python, under Xvfb with the accessibility bridge on): the embedded store, the whole app,
a release opened and a preview started by keyboard; then focus in the search field.

Prints "READY" when that state is reached (or "FAILED <why>"), then waits: a line "tab" on stdin
presses Tab in the focused widget and prints the focused widget's class and whether it is in the
player bar; "quit" (or end of input) ends the app."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from PySide6.QtCore import QEventLoop, QSocketNotifier, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from app.api import StoreClient
    from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, SandboxServer
    from app.ui.player_bar import PlayerBar
    from app.ui.translations import install_translations
    from tests.ui.conftest import build_parts

    install_translations(app)
    folder = Path(tempfile.mkdtemp(prefix="atspi-app-"))
    server = SandboxServer(port=0, catalogue="small", cache_dir=Path(sys.argv[1])).start()
    client = StoreClient(base_url=server.url, consumer_key=DEMO_CONSUMER_KEY, consumer_secret=DEMO_CONSUMER_SECRET,
                         country="GB", timeout=5.0)
    parts = build_parts(client, folder)
    window = parts.window
    window.resize(1180, 780)
    window.show()
    window.activateWindow()

    def wait(condition, ms=10_000) -> bool:
        loop, timer = QEventLoop(), QTimer(interval=20)
        timer.timeout.connect(lambda: (condition() or ms_left() <= 0) and loop.quit())
        deadline = [ms]

        def ms_left():
            deadline[0] -= 20
            return deadline[0]
        timer.start()
        loop.exec()
        timer.stop()
        return bool(condition())

    def key(widget, k, modifier=Qt.KeyboardModifier.NoModifier):
        QTest.keyClick(widget, k, modifier)

    def fail(why: str) -> int:
        print(f"FAILED {why}", flush=True)
        return 1

    if not wait(lambda: window.search_box.isEnabled()):
        return fail("the store did not start")
    window.focus_search()
    QTest.keyClicks(window.search_box, "love")
    key(window.search_box, Qt.Key.Key_Return)
    view = window.search_view
    if not wait(lambda: view.models["releases"].rowCount() > 0):
        return fail("no search results")
    view.tabs.setCurrentIndex(1)                    # the Releases tab (Ctrl+Tab in the tab widget)
    key(window.search_box, Qt.Key.Key_Down)         # into the results
    grid = QApplication.focusWidget()
    key(grid, Qt.Key.Key_Return)                    # opens the release
    if not wait(lambda: getattr(window.current_view, "release", None) is not None
                and window.current_view.tracks.rowCount() > 0):
        return fail("the release did not open")
    page = window.current_view
    if not wait(lambda: QApplication.focusWidget() is page.table, 3000):
        return fail(f"focus on {type(QApplication.focusWidget()).__name__}, not the tracks")
    key(page.table, Qt.Key.Key_Return)              # preview the first track
    bar = window.findChild(PlayerBar)
    if not wait(lambda: bar.isVisible() and parts.player.position() > 0):
        return fail(f"the preview did not start ({parts.player.state}, row {page.table.currentIndex().row()}, "
                    f"bar visible {bar.isVisible()})")
    window.focus_search()
    wait(lambda: False, 300)                        # let the bridge settle
    print("READY", flush=True)

    def on_line() -> None:
        line = sys.stdin.readline().strip()
        if line == "tab":
            focus = QApplication.focusWidget()
            key(focus, Qt.Key.Key_Tab)
            now = QApplication.focusWidget()
            print(f"FOCUS {type(now).__name__} {int(bool(now is not None and bar.isAncestorOf(now)))}", flush=True)
            return
        app.quit()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(on_line)
    app.exec()
    parts.player.shutdown()
    window.close()
    parts.shutdown()
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
