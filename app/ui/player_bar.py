"""The player bar at the bottom of the window: transport, seek, volume, now playing, shortcuts.

Keyboard (active whenever the bar's window is):
- Space: play/pause, unless a text field has focus (it types a space) or a button has focus
  (Space presses it; keyboard users need that).
- Ctrl+Left / Ctrl+Right: previous / next track. Text fields keep them for word moves.
- Left / Right: seek 5 s back / forward, unless the focused widget uses the arrows itself (text
  fields, lists and grids, sliders, spin boxes, combo boxes, tab bars); there the arrow keeps its
  usual meaning. Click the bar (or press Esc in a list) to get seeking back.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QKeyCombination, QSize, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox,
                               QApplication, QComboBox, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QSizePolicy, QSlider, QStyle, QStyleOptionSlider, QTabBar, QTextEdit,
                               QToolButton, QVBoxLayout, QWidget)

from app.player.describe import artist_of, cover_url_of
from app.player.player import PlayerState, PreviewPlayer
from app.ui.player_messages import track_title
from app.ui.theme import apply_role

COVER_EDGE = 48
# Bar widths below which the volume slider, then the cover and Stop, make room for the seek bar.
COMPACT_BELOW = (720, 600)
_TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)
_ARROW_USERS = _TEXT_INPUTS + (QAbstractItemView, QAbstractSlider, QComboBox, QTabBar)


def format_ms(ms: int) -> str:
    seconds = max(0, ms) // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


class JumpSlider(QSlider):
    """A slider that jumps to the clicked point (then drags from there), as media players' do;
    Qt's default moves one page step towards the click."""

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.maximum() > self.minimum():
            option = QStyleOptionSlider()
            self.initStyleOption(option)
            style, control = self.style(), QStyle.ComplexControl.CC_Slider
            handle = style.subControlRect(control, option, QStyle.SubControl.SC_SliderHandle, self)
            point = event.position().toPoint()
            if not handle.contains(point):
                groove = style.subControlRect(control, option, QStyle.SubControl.SC_SliderGroove, self)
                if self.orientation() == Qt.Orientation.Horizontal:
                    offset, span = point.x() - groove.x() - handle.width() // 2, groove.width() - handle.width()
                else:
                    offset, span = point.y() - groove.y() - handle.height() // 2, groove.height() - handle.height()
                self.setSliderPosition(QStyle.sliderValueFromPosition(
                    self.minimum(), self.maximum(), offset, max(1, span), option.upsideDown))
        super().mousePressEvent(event)   # the handle is under the pointer now: a drag starts


def _is_text_field(widget: QWidget | None) -> bool:
    return isinstance(widget, _TEXT_INPUTS) or (isinstance(widget, QComboBox) and widget.isEditable())


class PlayerBar(QWidget):
    """Controls for a PreviewPlayer. `covers` is the app's CoverLoader (optional): the bar only
    asks it for a pixmap; fetching happens off the GUI thread there.

    The bar stays hidden until there is something to play (the browsing area keeps the room),
    except when previews are disabled: then it shows why.
    """

    def __init__(self, player: PreviewPlayer, covers: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("player_bar")
        self.setAccessibleName(self.tr("Player"))
        self._player, self._covers = player, covers
        self._cover_key = ""
        self._dragging = False
        self._previews_enabled = True
        self._cover_url = ""
        self._setup_ui()
        self._setup_shortcuts()
        player.state_changed.connect(self._on_player_state_changed)
        player.track_changed.connect(self._on_player_track_changed)
        player.position_changed.connect(self._on_player_position_changed)
        player.duration_changed.connect(self._on_player_duration_changed)
        player.volume_changed.connect(self.volume_slider.setValue)
        player.muted_changed.connect(self._on_player_muted_changed)
        player.queue_changed.connect(self._on_player_queue_changed)
        if covers is not None:
            covers.loaded.connect(self._on_covers_loaded)
        self.volume_slider.setValue(player.volume())
        self._name_volume(self.volume_slider.value())
        self._on_player_muted_changed(player.is_muted())
        self._on_player_track_changed(player.current_track)
        self._on_player_state_changed(player.state)
        self._update_visibility()

    # -- public ----------------------------------------------------------------------------
    def set_previews_enabled(self, enabled: bool, reason: str = "") -> None:
        """Grey out every control (no multimedia backend); `reason` becomes the tooltip."""
        self._previews_enabled = enabled
        for widget in self._controls:
            widget.setEnabled(enabled)
            widget.setToolTip("" if enabled else reason)
        for shortcut in self._shortcuts:
            shortcut.setEnabled(enabled)
        if not enabled:
            self.status_label.setText(self.tr("Previews unavailable"))
        else:
            self._update_buttons()
        self._update_visibility()

    # -- setup -----------------------------------------------------------------------------
    def _setup_ui(self) -> None:
        style = self.style()

        def button(name: str, icon: QStyle.StandardPixmap, tip: str) -> QToolButton:
            b = QToolButton(self, objectName=name, toolTip=tip, autoRaise=True)
            b.setIcon(style.standardIcon(icon))
            b.setIconSize(QSize(22, 22))
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)   # clicking one must not steal arrow keys
            return b

        self.previous_button = button("previous", QStyle.StandardPixmap.SP_MediaSkipBackward,
                                      self.tr("Previous (Ctrl+Left)", "tooltip: previous track"))
        self.play_button = button("play_pause", QStyle.StandardPixmap.SP_MediaPlay,
                                  self.tr("Play (Space)", "tooltip: start the preview"))
        self.stop_button = button("stop", QStyle.StandardPixmap.SP_MediaStop,
                                  self.tr("Stop", "tooltip: stop the preview"))
        self.next_button = button("next", QStyle.StandardPixmap.SP_MediaSkipForward,
                                  self.tr("Next (Ctrl+Right)", "tooltip: next track"))
        self.mute_button = button("mute", QStyle.StandardPixmap.SP_MediaVolume,
                                  self.tr("Mute", "tooltip: silence the preview"))
        self.mute_button.setCheckable(True)
        for widget, name in ((self.previous_button, self.tr("Previous track")), (self.play_button, self.tr("Play")),
                             (self.stop_button, self.tr("Stop")), (self.next_button, self.tr("Next track")),
                             (self.mute_button, self.tr("Mute"))):
            widget.setAccessibleName(name)      # a tooltip is no name for a screen reader
        self.cover_label = QLabel(self, objectName="cover")
        self.cover_label.setFixedSize(COVER_EDGE, COVER_EDGE)
        self.cover_label.setScaledContents(False)
        self.cover_label.setAccessibleName(self.tr("Cover of the playing release"))
        self.title_label = QLabel(self, objectName="title")
        self.title_label.setStyleSheet("font-weight: bold")
        self.artist_label = QLabel(self, objectName="artist")
        for label in (self.title_label, self.artist_label):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label = QLabel(self, objectName="status")
        self.elapsed_label = QLabel(format_ms(0), self, objectName="elapsed")
        self.total_label = QLabel(format_ms(0), self, objectName="total")
        self.seek_slider = JumpSlider(Qt.Orientation.Horizontal, self, objectName="seek")
        self.seek_slider.setToolTip(self.tr("Seek (Left/Right)"))
        # Whole seconds: a screen reader hears the value change at most once a second, not 20 times.
        self.seek_slider.setSingleStep(PreviewPlayer.SEEK_STEP_MS // 1000)
        self.seek_slider.setPageStep(PreviewPlayer.SEEK_STEP_MS // 1000)
        self.seek_slider.setAccessibleName(self.tr("Position"))
        self.volume_slider = JumpSlider(Qt.Orientation.Horizontal, self, objectName="volume")
        self.volume_slider.setRange(0, 100)
        self.volume_slider.setFixedWidth(100)
        self.volume_slider.setToolTip(self.tr("Volume"))
        self.volume_slider.valueChanged.connect(self._name_volume)
        for slider in (self.seek_slider, self.volume_slider):
            apply_role(slider, "groove")

        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.title_label)
        text.addWidget(self.artist_label)
        seek = QHBoxLayout()
        seek.addWidget(self.elapsed_label)
        seek.addWidget(self.seek_slider, 1)
        seek.addWidget(self.total_label)
        seek.addWidget(self.status_label)
        middle = QVBoxLayout()
        middle.addLayout(text)
        middle.addLayout(seek)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        for widget in (self.previous_button, self.play_button, self.stop_button, self.next_button,
                       self.cover_label):
            row.addWidget(widget)
        row.addLayout(middle, 1)
        row.addWidget(self.mute_button)
        row.addWidget(self.volume_slider)
        self._controls = (self.previous_button, self.play_button, self.stop_button, self.next_button,
                          self.seek_slider, self.mute_button, self.volume_slider)

        p = self._player
        self.play_button.clicked.connect(p.toggle)
        self.stop_button.clicked.connect(p.stop)
        self.previous_button.clicked.connect(p.previous)
        self.next_button.clicked.connect(p.next)
        self.mute_button.toggled.connect(p.set_muted)
        self.volume_slider.valueChanged.connect(p.set_volume)
        self.seek_slider.sliderPressed.connect(self._on_seek_slider_pressed)
        self.seek_slider.sliderMoved.connect(lambda v: self._show_position(v * 1000))
        self.seek_slider.sliderReleased.connect(self._on_seek_slider_released)
        self.seek_slider.actionTriggered.connect(self._on_seek_slider_action_triggered)

    def _setup_shortcuts(self) -> None:
        """The bar's keys as QActions: the window's Playback menu lists them (with their keys),
        and the shortcuts window is generated from them."""
        def action(text: str, keys, slot, name: str) -> QAction:
            a = QAction(text, self, objectName=name)
            a.setShortcut(QKeySequence(keys))
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        ctrl = Qt.KeyboardModifier.ControlModifier
        self.play_action = action(self.tr("Play/Pause", "menu"), Qt.Key.Key_Space, self._on_space, "play_pause_action")
        self.previous_action = action(self.tr("Previous track", "menu"), QKeyCombination(ctrl, Qt.Key.Key_Left),
                                      self._player.previous, "previous_action")
        self.next_action = action(self.tr("Next track", "menu"), QKeyCombination(ctrl, Qt.Key.Key_Right),
                                  self._player.next, "next_action")
        self.seek_back_action = action(
            self.tr("Seek back 5 s", "menu"), Qt.Key.Key_Left,
            lambda: self._on_arrow(Qt.Key.Key_Left, -PreviewPlayer.SEEK_STEP_MS), "seek_back_action")
        self.seek_forward_action = action(
            self.tr("Seek forward 5 s", "menu"), Qt.Key.Key_Right,
            lambda: self._on_arrow(Qt.Key.Key_Right, PreviewPlayer.SEEK_STEP_MS), "seek_forward_action")
        self.stop_action = QAction(self.tr("Stop", "menu"), self, objectName="stop_action")
        self.stop_action.triggered.connect(self._player.stop)
        self.clear_queue_action = QAction(self.tr("Clear queue", "menu"), self, objectName="clear_queue_action")
        self.clear_queue_action.triggered.connect(self._player.clear)
        self._shortcuts = (self.play_action, self.previous_action, self.next_action,
                           self.seek_back_action, self.seek_forward_action)

    @property
    def menu_actions(self) -> tuple:
        """For the window's Playback menu, in order (None: a separator)."""
        return (self.play_action, self.stop_action, None, self.previous_action, self.next_action, None,
                self.seek_back_action, self.seek_forward_action, None, self.clear_queue_action)

    # -- shortcuts -------------------------------------------------------------------------
    def _on_space(self) -> None:
        focus = QApplication.focusWidget()
        if _is_text_field(focus) or isinstance(focus, QAbstractButton):
            self._redeliver(focus, Qt.Key.Key_Space, " ")
        else:
            self._player.toggle()

    def _on_arrow(self, key: Qt.Key, delta_ms: int) -> None:
        focus = QApplication.focusWidget()
        if isinstance(focus, _ARROW_USERS) and focus is not self.seek_slider:
            self._redeliver(focus, key, "")
        elif self._player.current_track is not None:
            self._player.seek_by(delta_ms)

    def _redeliver(self, widget: QWidget, key: Qt.Key, text: str) -> None:
        # The shortcut took a key the focused widget needs: hand it over as a plain key press,
        # with the shortcuts off meanwhile (Qt would otherwise match the same shortcut again).
        for shortcut in self._shortcuts:
            shortcut.setEnabled(False)
        try:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))
        finally:
            for shortcut in self._shortcuts:
                shortcut.setEnabled(self._previews_enabled)

    # -- player → bar ----------------------------------------------------------------------
    def _on_player_state_changed(self, state: PlayerState) -> None:
        playing = state in (PlayerState.PLAYING, PlayerState.BUFFERING, PlayerState.LOADING)
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setToolTip(self.tr("Pause (Space)", "tooltip: pause the preview") if playing else
                                    self.tr("Play (Space)", "tooltip: start the preview"))
        self.play_button.setAccessibleName(self.tr("Pause") if playing else self.tr("Play"))
        if state == PlayerState.LOADING:
            self.status_label.setText(self.tr("Loading…"))
        elif state == PlayerState.BUFFERING:
            self.status_label.setText(self.tr("Buffering…"))
        else:
            self.status_label.setText("")
        if state == PlayerState.STOPPED:
            self.seek_slider.setValue(0)
            self._show_position(0)
        self._update_buttons()

    def _on_player_track_changed(self, track: Any) -> None:
        self.title_label.setText(track_title(track) if track is not None else self.tr("Nothing playing"))
        self.artist_label.setText(artist_of(track) if track is not None else "")
        self.title_label.setToolTip(self.title_label.text())
        self._show_cover(cover_url_of(track) if track is not None else "")
        self._update_buttons()
        self._update_visibility()

    def _on_player_queue_changed(self) -> None:
        self._update_buttons()
        self._update_visibility()

    def resizeEvent(self, event) -> None:
        # A narrow bar (a small window, a wide dock) keeps the seek bar usable: the volume slider
        # goes first (Playback menu, mute), then the cover and Stop (Play/Pause stops too).
        width = event.size().width()
        self.volume_slider.setVisible(width >= COMPACT_BELOW[0])
        self.cover_label.setVisible(width >= COMPACT_BELOW[1])
        self.stop_button.setVisible(width >= COMPACT_BELOW[1])
        super().resizeEvent(event)
        self.layout().activate()        # lay out without them now, not on a later turn

    def _update_visibility(self) -> None:
        p = self._player
        self.setVisible(not self._previews_enabled or p.current_track is not None or bool(p.queue))

    def _on_player_position_changed(self, position: int) -> None:
        if not self._dragging:
            self.seek_slider.setValue(position // 1000)
            self._show_position(position)

    def _on_player_duration_changed(self, duration: int) -> None:
        self.seek_slider.setRange(0, max(0, duration) // 1000)
        self.total_label.setText(format_ms(duration))
        self._show_position(self._player.position() if self._player.current_track is not None else 0)
        self._update_buttons()

    def _on_player_muted_changed(self, muted: bool) -> None:
        self.mute_button.setChecked(muted)
        icon = QStyle.StandardPixmap.SP_MediaVolumeMuted if muted else QStyle.StandardPixmap.SP_MediaVolume
        self.mute_button.setIcon(self.style().standardIcon(icon))
        self.mute_button.setToolTip(self.tr("Unmute", "tooltip: sound back on") if muted else
                                    self.tr("Mute", "tooltip: silence the preview"))
        self.mute_button.setAccessibleName(self.tr("Unmute") if muted else self.tr("Mute"))

    def _name_volume(self, value: int) -> None:
        self.volume_slider.setAccessibleName(self.tr("Volume {percent} %").format(percent=value))

    def _show_position(self, ms: int) -> None:
        """The elapsed time, and the seek bar's text for assistive technology ("0:18 of 0:30"):
        changed only when the whole second changes."""
        text = format_ms(ms)
        description = self.tr("{elapsed} of {total}", "seek bar position").format(
            elapsed=text, total=self.total_label.text())
        if description != self.seek_slider.accessibleDescription():
            self.elapsed_label.setText(text)
            self.seek_slider.setAccessibleDescription(description)

    def _update_buttons(self) -> None:
        if not self._previews_enabled:
            return   # no backend: everything stays greyed out
        p = self._player
        has_track = p.current_track is not None
        self.play_button.setEnabled(has_track or bool(p.queue))
        self.stop_button.setEnabled(p.state != PlayerState.STOPPED)
        self.previous_button.setEnabled(has_track)
        self.next_button.setEnabled(p.has_next)
        self.seek_slider.setEnabled(has_track and p.state != PlayerState.STOPPED)
        self.stop_action.setEnabled(p.state != PlayerState.STOPPED)     # the Playback menu: only what can act
        self.clear_queue_action.setEnabled(bool(p.queue))

    # -- seek slider -----------------------------------------------------------------------
    def _on_seek_slider_pressed(self) -> None:
        self._dragging = True

    def _on_seek_slider_released(self) -> None:
        self._dragging = False
        self._player.seek(self.seek_slider.value() * 1000)

    def _on_seek_slider_action_triggered(self, action: int) -> None:
        # Clicks on the groove and arrow keys on the slider: seek where the slider is going.
        if action != QAbstractSlider.SliderAction.SliderMove:
            self._player.seek(self.seek_slider.sliderPosition() * 1000)

    # -- cover -----------------------------------------------------------------------------
    def _show_cover(self, url: str) -> None:
        covers, dpr = self._covers, self.devicePixelRatioF()
        self._cover_key = covers.key(url, COVER_EDGE, dpr) if covers is not None and url else ""
        pixmap = None
        if self._cover_key:
            hit, pixmap = covers.cached(url, COVER_EDGE, dpr)
            if not hit:
                covers.request(url, COVER_EDGE, dpr)
            pixmap = pixmap or covers.placeholder(COVER_EDGE, dpr)
        if pixmap is None:
            self.cover_label.clear()
        else:
            self.cover_label.setPixmap(pixmap)
        self._cover_url = url

    def _on_covers_loaded(self, key: str) -> None:
        if key and key == self._cover_key:
            self._show_cover(self._cover_url)
