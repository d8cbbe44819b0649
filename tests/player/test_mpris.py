"""MPRIS2: desktop widgets and media keys see and drive the player over D-Bus."""
import itertools
from concurrent.futures import ThreadPoolExecutor

import pytest
from PySide6.QtDBus import QDBusConnection

from app.player.mpris import PLAYER_INTERFACE, MprisService
from app.player.player import PlayerState
from tests.player.conftest import NO_QT_LOG

pytestmark = NO_QT_LOG   # see tests/player/conftest.py
_names = itertools.count()


@pytest.fixture
def mpris(player, dbus_address):
    name = f"mpris-test-{next(_names)}"
    connection = QDBusConnection.connectToBus(dbus_address, name)
    service = MprisService(player)
    assert service.start(connection)
    yield service
    service.stop()
    QDBusConnection.disconnectFromBus(name)


def get_all(dbus_call, service):
    (values,) = dbus_call(service.service_name, "org.freedesktop.DBus.Properties", "GetAll", "s",
                          [PLAYER_INTERFACE])
    return {key: value for key, (_signature, value) in values.items()}


def test_the_player_is_described_on_the_bus(qtbot, player, tracks, mpris, dbus_call):
    player.play(tracks[0])
    qtbot.waitUntil(lambda: player.state == PlayerState.PLAYING and player.duration() > 0, timeout=5000)
    props = get_all(dbus_call, mpris)
    assert props["PlaybackStatus"] == "Playing"
    metadata = {key: value for key, (_sig, value) in props["Metadata"].items()}
    assert metadata["xesam:title"] == tracks[0].title
    assert metadata["xesam:artist"] == [tracks[0].artist.name]
    assert metadata["mpris:trackid"] == f"/org/sevendigital/browser/track/{tracks[0].id}"
    assert metadata["mpris:length"] == player.duration() * 1000
    assert props["CanGoNext"] is False and props["CanPause"] is True
    (identity,) = dbus_call(mpris.service_name, "org.freedesktop.DBus.Properties", "Get", "ss",
                            ["org.mpris.MediaPlayer2", "Identity"])
    assert identity == ("s", "7digital Browser")
    (position,) = dbus_call(mpris.service_name, "org.freedesktop.DBus.Properties", "Get", "ss",
                            [PLAYER_INTERFACE, "Position"])
    assert position[0] == "x"          # µs, int64 as MPRIS says


def test_play_pause_next_and_stop_over_dbus_drive_the_player(qtbot, player, tracks, mpris, dbus_call):
    player.play_all(tracks[:2])
    qtbot.waitUntil(lambda: player.position() > 0, timeout=5000)
    dbus_call(mpris.service_name, PLAYER_INTERFACE, "PlayPause")
    qtbot.waitUntil(lambda: player.state == PlayerState.PAUSED)
    assert get_all(dbus_call, mpris)["PlaybackStatus"] == "Paused"
    dbus_call(mpris.service_name, PLAYER_INTERFACE, "Next")
    qtbot.waitUntil(lambda: player.current_track == tracks[1] and player.position() > 0, timeout=5000)
    dbus_call(mpris.service_name, PLAYER_INTERFACE, "Stop")
    qtbot.waitUntil(lambda: player.state == PlayerState.STOPPED)


def test_volume_can_be_set_over_dbus(qtbot, player, mpris, dbus_call):
    dbus_call(mpris.service_name, "org.freedesktop.DBus.Properties", "Set", "ssv",
              [PLAYER_INTERFACE, "Volume", ("d", 0.25)])
    assert player.volume() == 25


def test_without_a_bus_the_service_stays_off_quietly(player):
    connection = QDBusConnection.connectToBus("unix:path=/nonexistent/bus", "mpris-test-nobus")
    try:
        assert MprisService(player).start(connection) is False
    finally:
        QDBusConnection.disconnectFromBus("mpris-test-nobus")


def test_changes_are_announced_with_the_signatures_mpris_clients_expect(qtbot, player, tracks, mpris,
                                                                        dbus_address):
    from jeepney import MatchRule
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection
    from jeepney.low_level import HeaderFields

    listener = open_dbus_connection(bus=dbus_address)
    try:
        rule = MatchRule(type="signal", path="/org/mpris/MediaPlayer2")
        listener.send_and_get_reply(message_bus.AddMatch(rule))
        player.set_volume(30)
        player.play(tracks[0])
        qtbot.waitUntil(lambda: player.is_seekable(), timeout=5000)
        player.seek(1000)
        signals = {}
        pool = ThreadPoolExecutor(max_workers=1)
        while "Seeked" not in signals:
            future = pool.submit(listener.receive, timeout=5)
            qtbot.waitUntil(future.done, timeout=6000)
            message = future.result()
            fields = message.header.fields
            signals.setdefault(fields[HeaderFields.member], (fields[HeaderFields.signature], message.body))
        pool.shutdown()
    finally:
        listener.close()
    assert signals["PropertiesChanged"][0] == "sa{sv}as"
    assert signals["Seeked"] == ("x", (1_000_000,))
