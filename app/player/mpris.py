"""MPRIS2 over the D-Bus session bus, so media keys and desktop widgets control the previews.

Implements org.mpris.MediaPlayer2 and org.mpris.MediaPlayer2.Player (no TrackList). Without a
session bus (headless, CI, macOS, Windows) `MprisService.start()` returns False, logs at info
level and the app carries on.
"""
from __future__ import annotations

import logging
import os
import re

from PySide6.QtCore import ClassInfo, Property, QMetaType, QObject, Signal, Slot
from PySide6.QtDBus import (QDBusAbstractAdaptor, QDBusArgument, QDBusConnection, QDBusMessage,
                            QDBusObjectPath)

from app.player.describe import artist_of, cover_url_of, title_of
from app.player.player import PlayerState, PreviewPlayer

log = logging.getLogger(__name__)

OBJECT_PATH = "/org/mpris/MediaPlayer2"
SERVICE_NAME = "org.mpris.MediaPlayer2.sevendigital_browser"
ROOT_INTERFACE = "org.mpris.MediaPlayer2"
PLAYER_INTERFACE = "org.mpris.MediaPlayer2.Player"
_NO_TRACK = "/org/mpris/MediaPlayer2/TrackList/NoTrack"
_STATUS = {PlayerState.PLAYING: "Playing", PlayerState.BUFFERING: "Playing",
           PlayerState.LOADING: "Playing", PlayerState.PAUSED: "Paused",
           PlayerState.STOPPED: "Stopped"}


def _empty_string_list() -> QDBusArgument:
    # PropertiesChanged's third argument is `as`; a bare [] would go out as `av`, and strict
    # clients drop a signal whose signature is off.
    argument = QDBusArgument()
    argument.beginArray(QMetaType(QMetaType.Type.QString.value))
    argument.endArray()
    return argument


def track_object_path(track) -> str:
    """MPRIS wants each track as a D-Bus object path; ids become [A-Za-z0-9_] only."""
    if track is None:
        return _NO_TRACK
    return "/org/sevendigital/browser/track/" + (re.sub(r"[^A-Za-z0-9_]", "_", str(track.id)) or "_")


@ClassInfo({"D-Bus Interface": ROOT_INTERFACE})
class _RootAdaptor(QDBusAbstractAdaptor):
    def __init__(self, parent: QObject, identity: str, desktop_entry: str):
        super().__init__(parent)
        self._identity, self._desktop_entry = identity, desktop_entry

    @Slot()
    def Raise(self) -> None:  # noqa: N802 (D-Bus names)
        pass    # CanRaise is False: the window is not ours to raise from here

    @Slot()
    def Quit(self) -> None:  # noqa: N802
        pass    # CanQuit is False

    CanQuit = Property(bool, lambda self: False)
    CanRaise = Property(bool, lambda self: False)
    HasTrackList = Property(bool, lambda self: False)
    Identity = Property(str, lambda self: self._identity)
    DesktopEntry = Property(str, lambda self: self._desktop_entry)
    SupportedUriSchemes = Property("QStringList", lambda self: [])
    SupportedMimeTypes = Property("QStringList", lambda self: ["audio/mpeg"])


@ClassInfo({"D-Bus Interface": PLAYER_INTERFACE})
class _PlayerAdaptor(QDBusAbstractAdaptor):
    # Relayed to the bus by QtDBus, typed from this declaration: `x`, as MPRIS requires.
    Seeked = Signal("qlonglong")   # µs: the position jumped (not emitted for normal progress)

    def __init__(self, parent: QObject, player: PreviewPlayer):
        super().__init__(parent)
        self._player = player

    @Slot()
    def Next(self) -> None:  # noqa: N802
        self._player.next()

    @Slot()
    def Previous(self) -> None:  # noqa: N802
        self._player.previous()

    @Slot()
    def Pause(self) -> None:  # noqa: N802
        self._player.pause()

    @Slot()
    def PlayPause(self) -> None:  # noqa: N802
        self._player.toggle()

    @Slot()
    def Stop(self) -> None:  # noqa: N802
        self._player.stop()

    @Slot()
    def Play(self) -> None:  # noqa: N802
        if self._player.state in (PlayerState.PAUSED, PlayerState.STOPPED):
            self._player.toggle()

    @Slot("qlonglong")
    def Seek(self, offset_us: int) -> None:  # noqa: N802
        self._player.seek_by(offset_us // 1000)

    @Slot(QDBusObjectPath, "qlonglong")
    def SetPosition(self, track_id: QDBusObjectPath, position_us: int) -> None:  # noqa: N802
        if track_id.path() == track_object_path(self._player.current_track):
            self._player.seek(position_us // 1000)

    @Slot(str)
    def OpenUri(self, uri: str) -> None:  # noqa: N802
        pass    # previews come from the store only

    def _volume(self) -> float:
        return 0.0 if self._player.is_muted() else self._player.volume() / 100

    def _set_volume(self, value: float) -> None:
        self._player.set_volume(round(max(0.0, min(1.0, value)) * 100))

    PlaybackStatus = Property(str, lambda self: _STATUS[self._player.state])
    LoopStatus = Property(str, lambda self: "None")
    Rate = Property(float, lambda self: 1.0)
    MinimumRate = Property(float, lambda self: 1.0)
    MaximumRate = Property(float, lambda self: 1.0)
    Shuffle = Property(bool, lambda self: False)
    Metadata = Property("QVariantMap", lambda self: metadata_of(self._player))
    Volume = Property(float, _volume, _set_volume)
    Position = Property("qlonglong", lambda self: self._player.position() * 1000)
    CanGoNext = Property(bool, lambda self: self._player.has_next)
    CanGoPrevious = Property(bool, lambda self: self._player.current_track is not None)
    CanPlay = Property(bool, lambda self: self._player.current_track is not None)
    CanPause = Property(bool, lambda self: self._player.current_track is not None)
    CanSeek = Property(bool, lambda self: self._player.is_seekable())
    CanControl = Property(bool, lambda self: True)


def metadata_of(player: PreviewPlayer) -> dict:
    track = player.current_track
    if track is None:
        return {"mpris:trackid": QDBusObjectPath(_NO_TRACK)}
    meta = {"mpris:trackid": QDBusObjectPath(track_object_path(track)),
            "xesam:title": title_of(track)}
    if artist := artist_of(track):
        meta["xesam:artist"] = [artist]
    if album := getattr(getattr(track, "release", None), "title", ""):
        meta["xesam:album"] = album
    if cover := cover_url_of(track):
        meta["mpris:artUrl"] = cover
    if player.duration() > 0:
        meta["mpris:length"] = player.duration() * 1000
    return meta


class MprisService(QObject):
    """Publishes a PreviewPlayer on the session bus and announces its changes (PropertiesChanged)."""

    def __init__(self, player: PreviewPlayer, identity: str = "7digital Browser",
                 desktop_entry: str = "sevendigital-browser", parent: QObject | None = None):
        super().__init__(parent)
        self._player = player
        self._root = _RootAdaptor(self, identity, desktop_entry)
        self._adaptor = _PlayerAdaptor(self, player)
        self._connection: QDBusConnection | None = None
        self.service_name = ""

    def start(self, connection: QDBusConnection | None = None) -> bool:
        """Register on `connection` (the session bus by default); False when there is no bus."""
        connection = connection if connection is not None else QDBusConnection.sessionBus()
        if not connection.isConnected():
            log.info("no D-Bus session bus (%s): MPRIS media controls are off",
                     connection.lastError().message() or "not connected")
            return False
        name = SERVICE_NAME
        if not connection.registerService(name):   # another instance has it: MPRIS allows a suffix
            name = f"{SERVICE_NAME}.instance{os.getpid()}"
            if not connection.registerService(name):
                log.info("MPRIS: could not take a bus name: %s", connection.lastError().message())
                return False
        if not connection.registerObject(OBJECT_PATH, self, QDBusConnection.RegisterOption.ExportAdaptors):
            log.info("MPRIS: could not register %s", OBJECT_PATH)
            connection.unregisterService(name)
            return False
        self._connection, self.service_name = connection, name
        p = self._player
        p.state_changed.connect(self._on_player_state_changed)
        p.track_changed.connect(self._on_player_track_changed)
        p.duration_changed.connect(self._on_player_duration_changed)
        p.queue_changed.connect(self._on_player_queue_changed)
        p.volume_changed.connect(self._on_player_volume_changed)
        p.muted_changed.connect(self._on_player_volume_changed)
        p.seeked.connect(self._on_player_seeked)
        log.info("MPRIS: published as %s", name)
        return True

    def stop(self) -> None:
        if self._connection is not None:
            self._connection.unregisterObject(OBJECT_PATH)
            self._connection.unregisterService(self.service_name)
            self._connection = None

    def _announce(self, *names: str) -> None:
        if self._connection is None:
            return
        changed = {name: self._adaptor.property(name) for name in dict.fromkeys(names)}
        message = QDBusMessage.createSignal(OBJECT_PATH, "org.freedesktop.DBus.Properties",
                                            "PropertiesChanged")
        message.setArguments([PLAYER_INTERFACE, changed, _empty_string_list()])
        self._connection.send(message)

    def _on_player_state_changed(self, _state) -> None:
        self._announce("PlaybackStatus", "CanPlay", "CanPause")

    def _on_player_track_changed(self, _track) -> None:
        self._announce("Metadata", "CanGoNext", "CanGoPrevious", "CanPlay", "CanPause")

    def _on_player_duration_changed(self, _duration) -> None:
        self._announce("Metadata", "CanSeek")

    def _on_player_queue_changed(self) -> None:
        self._announce("CanGoNext", "CanGoPrevious")

    def _on_player_volume_changed(self, _value) -> None:
        self._announce("Volume")

    def _on_player_seeked(self, position_ms: int) -> None:
        if self._connection is not None:
            self._adaptor.Seeked.emit(position_ms * 1000)
