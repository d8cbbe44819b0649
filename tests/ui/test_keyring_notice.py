"""Where the sign-in is kept without a keyring is said once, in the interface language, and from
then on only in Settings (issue 17, item 18)."""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from app.settings.secrets import Keeping
from app.ui.shopping import secrets_keeping_text
from tests.player.conftest import NO_QT_LOG
from tests.player.playback import shut_down_player
from tests.reliability.failing_keyrings import keyring_failing_at_start
from tests.ui.conftest import build_parts, save_shot
from tests.ui.test_german import german  # noqa: F401  (fixture)

pytestmark = NO_QT_LOG

SOURCE = "No system keyring is available, so your sign-in is kept in {path} (readable only by you)."


def _run(qtbot, client, folder):
    parts = build_parts(client, folder)
    qtbot.addWidget(parts.window, before_close_func=lambda _w: shut_down_player(qtbot, parts.player, settle=True))
    parts.window.show()
    qtbot.waitExposed(parts.window)
    return parts


def _close(qtbot, parts):
    shut_down_player(qtbot, parts.player, settle=True)
    if shiboken6.isValid(parts.window):
        parts.window.close()
    assert parts.shutdown()


def test_said_once_in_german_then_only_in_settings(qtbot, german, client, tmp_path, monkeypatch):  # noqa: F811
    from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD

    (tmp_path / "keyring_module").mkdir()
    keyring_failing_at_start(monkeypatch, tmp_path / "keyring_module")
    folder = tmp_path / "profile"
    german_text = QCoreApplication.translate("Shopping", SOURCE)
    assert german_text.startswith("Es ist kein Schlüsselbund")

    first = _run(qtbot, client, folder)
    assert first.secrets.keeping is Keeping.FILE
    with qtbot.waitSignal(first.shopping.account.signed_in_changed, timeout=10000):
        first.shopping.account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    said = first.window.statusBar().currentMessage()
    assert said == secrets_keeping_text(first.secrets) == german_text.format(path=first.secrets.file)
    _close(qtbot, first)

    # The next start signs in from the file: nothing said in the status bar this time.
    second = _run(qtbot, client, folder)
    qtbot.waitUntil(lambda: second.shopping.account.signed_in, timeout=10000)
    assert second.window.statusBar().currentMessage() != said

    # ...but Settings says it.
    seen: list[str] = []

    def look_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        note = dialog.findChild(type(dialog.sign_in_note), "sign_in_note")
        seen.append(note.text() if note.isVisible() else "")
        save_shot(dialog, tmp_path, "settings_sign_in_note")
        dialog.reject()

    QTimer.singleShot(0, look_and_close)
    second.edit_settings()
    assert seen == [said]
    _close(qtbot, second)
