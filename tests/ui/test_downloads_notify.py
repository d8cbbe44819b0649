"""A finished release is announced on the desktop: org.freedesktop.Notifications on a private
session bus (a tiny jeepney service records the call), else the tray (app/ui/notifications.py)."""
from __future__ import annotations

import threading

import pytest

from app.services.tasks import TaskRunner
from app.ui.notifications import Notifier, release_downloaded_text
from tests.private_bus import private_session_bus

@pytest.fixture
def bus(tmp_path):
    """A private D-Bus daemon (the developer's session bus is left alone)."""
    pytest.importorskip("jeepney")
    with private_session_bus(tmp_path) as address:
        yield address


class NotificationService:
    """org.freedesktop.Notifications on `address`, in a thread: records each Notify and answers an id."""

    def __init__(self, address: str):
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        self.calls: list[tuple[str, tuple]] = []
        self._connection = open_dbus_connection(bus=address)
        reply = self._connection.send_and_get_reply(message_bus.RequestName("org.freedesktop.Notifications"))
        assert reply.body[0] == 1           # the primary owner
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        from jeepney import HeaderFields, MessageType, new_method_return

        while not self._stop.is_set():
            try:
                message = self._connection.receive(timeout=0.2)
            except TimeoutError:
                continue
            except OSError:
                return
            fields = message.header.fields
            if message.header.message_type is MessageType.method_call and fields.get(HeaderFields.member) == "Notify":
                self.calls.append((fields.get(HeaderFields.signature), message.body))
                self._connection.send(new_method_return(message, "u", (len(self.calls),)))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._connection.close()


@pytest.fixture
def notifier(qtbot):
    runner = TaskRunner(detached=True, name="notifications-test")
    notifier = Notifier(runner)
    yield notifier
    runner.close()


def test_a_finished_release_is_notified_over_dbus_naming_release_and_artist(qtbot, bus, notifier):
    service = NotificationService(bus)
    try:
        notifier.bus = bus
        summary, body = release_downloaded_text("Hot and Avalon", "The Parrots")
        with qtbot.waitSignal(notifier.delivered, timeout=10_000) as delivered:
            notifier.notify(summary, body)
        assert delivered.args == ["dbus", 1]
        ((signature, args),) = service.calls
        assert signature == "susssasa{sv}i"         # replaces_id is a uint32, as the spec says
        app_name, replaces, _icon, sent_summary, sent_body, actions, _hints, timeout = args
        assert app_name == "7digital Browser" and replaces == 0 and actions == [] and timeout > 0
        assert sent_summary == "Download finished"
        assert sent_body == "“Hot and Avalon” by The Parrots is in your music folder."
    finally:
        service.close()


def test_without_a_notification_service_the_tray_is_used_or_nothing_breaks(qtbot, bus, notifier):
    from PySide6.QtWidgets import QSystemTrayIcon

    notifier.bus = bus                              # a bus, but nobody owns org.freedesktop.Notifications
    with qtbot.waitSignal(notifier.delivered, timeout=10_000) as delivered:
        notifier.notify(*release_downloaded_text("Spider", ""))
    assert delivered.args[0] == ("tray" if QSystemTrayIcon.isSystemTrayAvailable() else "none")


def test_without_any_bus_the_ui_thread_is_not_held(qtbot, notifier, tmp_path):
    notifier.bus = f"unix:path={tmp_path / 'no-bus'}"
    with qtbot.waitSignal(notifier.delivered, timeout=10_000) as delivered:
        notifier.notify("Download finished", "x")
    assert delivered.args[0] in ("tray", "none")
    assert release_downloaded_text("A" * 1000, "")[1].count("A") == 300    # store titles are bounded


def test_the_app_notifies_when_a_release_has_finished_downloading(qtbot, parts, bus):
    from app.downloads.jobs import jobs_from_locker
    from tests.ui.conftest import sign_in_demo

    shopping = parts.shopping
    service = NotificationService(bus)
    try:
        shopping.notifier.bus = bus
        sign_in_demo(qtbot, parts)
        manager = shopping.downloads
        manager.close()                 # queued only: the release's end is announced by the manager
        entry = shopping.locker.releases[0]
        manager.add(jobs_from_locker(entry, shopping.downloader.music_dir)[:1])
        with qtbot.waitSignal(shopping.notifier.delivered, timeout=10_000) as delivered:
            manager.release_finished.emit(str(entry.release.id))
        assert delivered.args[0] == "dbus"
        ((_signature, args),) = service.calls
        artist = entry.release.artist.name if entry.release.artist else ""
        assert args[4] == f"“{entry.release.title}” by {artist} is in your music folder."
    finally:
        service.close()


def test_a_title_is_sent_as_text_not_as_notification_markup(qtbot, bus, notifier):
    service = NotificationService(bus)
    try:
        notifier.bus = bus
        summary, body = release_downloaded_text('<img src="http://evil.example/x"> & <b>Live</b>', "AC/DC")
        with qtbot.waitSignal(notifier.delivered, timeout=10_000):
            notifier.notify(summary, body)
        ((_signature, args),) = service.calls
        assert args[4] == ('“&lt;img src="http://evil.example/x"&gt; &amp; &lt;b&gt;Live&lt;/b&gt;” by AC/DC '
                           "is in your music folder.")
    finally:
        service.close()
