"""Settings opened before the saved sign-in was read: the keyring (whose backend is not chosen yet,
0.1 s and more) is asked on the keyring worker, not on the GUI thread, and the dialog then says
what it holds."""
from __future__ import annotations

import threading

import shiboken6
from keyring.backend import KeyringBackend
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.composition import Paths, build
from app.main import parse_args
from app.services.keyring_worker import keyring_worker
from app.settings.secrets import SERVICE, SecretStore
from app.ui.settings_dialog import SettingsDialog


class ThreadNotingKeyring(KeyringBackend):
    """Holds a consumer secret and notes, for every call, whether it came on the GUI thread."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.on_gui_thread: list[bool] = []

    def get_password(self, service, username):
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return "s3cret-consumer" if (service, username) == (SERVICE, "consumer_secret") else None

    def set_password(self, service, username, password):
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())

    def delete_password(self, service, username):
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())


def test_settings_before_the_keyring_is_chosen_ask_it_on_the_keyring_worker(qtbot, tmp_path):
    backend = ThreadNotingKeyring()
    secrets = SecretStore(backend=backend, fallback_path=tmp_path / "secrets.json")
    # The keyring worker is held busy, so the saved sign-in's read (queued by the account service)
    # has not chosen the backend yet when Settings is opened: as in the first moments of a start.
    hold = threading.Event()
    keyring_worker().submit(lambda _token: hold.wait(10), lambda _result: None)
    parts = build(parse_args([]), Paths.under(tmp_path), secrets=secrets)
    qtbot.addWidget(parts.window)
    parts.window.show()
    qtbot.waitExposed(parts.window)
    seen: list[str] = []

    def look_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, SettingsDialog):
            seen.append(dialog.consumer_secret.placeholderText())
            dialog.reject()

    closer = QTimer(interval=20, timeout=look_and_close)
    closer.start()
    try:
        assert not secrets.chosen
        parts.edit_settings()
        parts.edit_settings()       # asked again while the keyring answers: one dialog
        assert not seen             # the dialog waits for the keyring's answer (it used to block here)
        hold.set()
        qtbot.waitUntil(lambda: len(seen) == 1, timeout=10000)
        assert seen == ["unchanged (kept in your keyring)"]     # it knows a secret is stored
        assert backend.on_gui_thread and not any(backend.on_gui_thread)
        # Chosen now: the next opening is at once (a keyring lookup, as any chosen backend's).
        parts.edit_settings()
        assert len(seen) == 2
    finally:
        hold.set()
        closer.stop()
        parts.shopping.checkout.stop_waiting()
        if shiboken6.isValid(parts.window):
            parts.window.close()
        assert parts.shutdown()
