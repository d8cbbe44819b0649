"""Desktop notifications: org.freedesktop.Notifications over the session bus, else the tray's balloon.

The D-Bus call runs on a worker (TaskRunner), so a slow or hung notification service never
stalls the UI. It goes through jeepney (installed with keyring on Linux) rather than QtDBus:
PySide6 can't marshal a uint32 (Notify's `replaces_id` would go out as `i`, and strict servers,
GDBus-based ones among them, refuse the call). No bus, no service or an error: the message is
shown by a QSystemTrayIcon instead, when the desktop has a tray.
"""
from __future__ import annotations

import logging
from html import escape

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from app.services.tasks import CancelToken, TaskRunner

__all__ = ["Notifier", "release_downloaded_text"]

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
_APP_NAME = "7digital Browser"
_EXPIRE_MS = 8000
_TIMEOUT_S = 5.0
_MAX_TEXT = 300               # titles come from the store: keep a bubble a bubble


def release_downloaded_text(release: str, artist: str) -> tuple[str, str]:
    """(summary, body) of the "a release finished downloading" notification."""
    summary = QCoreApplication.translate("Notifications", "Download finished")
    if artist:
        body = QCoreApplication.translate("Notifications", "“{release}” by {artist} is in your music folder.")
    else:
        body = QCoreApplication.translate("Notifications", "“{release}” is in your music folder.")
    return summary, body.format(release=release[:_MAX_TEXT], artist=artist[:_MAX_TEXT])


class Notifier(QObject):
    """Shows desktop notifications. `bus`: a D-Bus address ("SESSION" for the user's session bus)."""

    delivered = Signal(str, object)     # how ("dbus", "tray" or "none"), the D-Bus notification id or None

    def __init__(self, runner: TaskRunner, parent: QObject | None = None, *, bus: str = "SESSION",
                 icon: QIcon | None = None):
        super().__init__(parent)
        self._runner = runner
        self.bus = bus
        self._icon = icon
        self._tray: QSystemTrayIcon | None = None

    def notify(self, summary: str, body: str) -> None:
        """Show (summary, body); returns at once."""
        bus = self.bus

        def send(_token: CancelToken) -> int:
            return _notify_over_dbus(bus, summary, body)

        def failed(exc: Exception) -> None:
            log.info("no desktop notification service (%s); using the tray", type(exc).__name__)
            self._show_in_tray(summary, body)

        self._runner.submit(send, lambda notification_id: self.delivered.emit("dbus", notification_id), failed)

    def _show_in_tray(self, summary: str, body: str) -> None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            self.delivered.emit("none", None)   # the status bar has said it already
            return
        if self._tray is None:
            icon = self._icon or QApplication.windowIcon()
            self._tray = QSystemTrayIcon(icon, self)
            self._tray.setToolTip(_APP_NAME)
        self._tray.show()
        self._tray.showMessage(summary, body, QSystemTrayIcon.MessageIcon.Information, _EXPIRE_MS)
        self.delivered.emit("tray", None)


def _notify_over_dbus(bus: str, summary: str, body: str) -> int:
    """Notify on `bus` (worker thread); raises when there's no bus, no service, or an error reply."""
    from jeepney import DBusAddress, MessageType, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    address = DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE)
    # Servers with "body-markup" read the body as a subset of HTML (links, images): a title from the
    # store is text, so it is escaped (a title `<img src=…>` must not make the server fetch anything).
    message = new_method_call(address, "Notify", "susssasa{sv}i",
                              (_APP_NAME, 0, "folder-music", summary, escape(body, quote=False), [], {},
                               _EXPIRE_MS))
    with open_dbus_connection(bus=bus, auth_timeout=_TIMEOUT_S) as connection:
        reply = connection.send_and_get_reply(message, timeout=_TIMEOUT_S)
    if reply.header.message_type is MessageType.error:
        raise OSError(f"Notify failed: {reply.body[0] if reply.body else 'error'}")
    return int(reply.body[0])
