"""Fusion with a restrained palette that follows the system's light or dark scheme."""
from __future__ import annotations

import weakref

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QAbstractSlider, QApplication, QLabel, QWidget

from app.ui import icons
from app.ui.accessibility import mark_heading

ACCENT = QColor("#d2325a")          # 7digital-ish raspberry; used for selection and links
ACCENT_DARK = QColor("#f06587")
# The dark scheme's selection: deeper than ACCENT_DARK (links), so white text and icons on a
# selected row keep 4.5:1 (white on ACCENT_DARK is only 3.0:1).
SELECTION_DARK = QColor("#b8284f")
# A slider's groove (Fusion draws it from the Button colour): 3:1 against the window (WCAG 1.4.11).
_GROOVE = {False: "#8f8f98", True: "#80838a"}

_LIGHT = {
    "Window": "#f5f5f7", "WindowText": "#1d1d1f", "Base": "#ffffff", "AlternateBase": "#f2f2f5",
    "Text": "#1d1d1f", "Button": "#ececf0", "ButtonText": "#1d1d1f", "Mid": "#b8b8c0",
    "Midlight": "#e4e4ea", "Dark": "#9a9aa2", "Shadow": "#6e6e76", "PlaceholderText": "#8a8a93",
    "ToolTipBase": "#ffffff", "ToolTipText": "#1d1d1f", "BrightText": "#ffffff",
}
_DARK = {
    "Window": "#1e1f22", "WindowText": "#e8e8ec", "Base": "#17181a", "AlternateBase": "#222327",
    "Text": "#e8e8ec", "Button": "#2b2d31", "ButtonText": "#e8e8ec", "Mid": "#4a4c52",
    "Midlight": "#34363b", "Dark": "#101113", "Shadow": "#000000", "PlaceholderText": "#8d8f96",
    "ToolTipBase": "#2b2d31", "ToolTipText": "#e8e8ec", "BrightText": "#ffffff",
}

# Only a few widgets get a style sheet of their own: an application-wide style sheet makes Qt
# polish every widget through QStyleSheetStyle, which doubled the cost of opening a view.
_WIDGET_SHEETS = {
    "badge": "QLabel { border: 1px solid palette(mid); border-radius: 3px; padding: 0px 4px;"
             " font-size: 8pt; font-weight: 600; }",
    "link": "QPushButton { border: none; background: transparent; color: palette(link); padding: 0;"
            " text-align: left; font-size: 13pt; font-weight: 600; }"
            " QPushButton:hover { text-decoration: underline; }",
    "chips": "QPushButton { border: 1px solid palette(mid); border-radius: 11px; padding: 3px 11px;"
             " background: palette(base); } QPushButton:hover { border-color: palette(highlight); }",
}
_SCALE = {"title": 2.0, "section": 1.3, "price": 1.5}
_muted: "weakref.WeakSet[QWidget]" = weakref.WeakSet()


def apply_role(widget: QWidget, role: str) -> None:
    """Style `widget` as a title, section, price, muted text, badge, link, chips, primary button, or
    (a slider) with a groove that stands out from the window."""
    if role in ("title", "section") and isinstance(widget, QLabel):
        mark_heading(widget, 1 if role == "title" else 2)
    if role in _SCALE or role == "primary":
        font = QFont(widget.font())
        font.setPointSizeF(QApplication.font().pointSizeF() * _SCALE.get(role, 1.0))
        font.setWeight(QFont.Weight.DemiBold)
        widget.setFont(font)
    if role in ("muted", "groove"):
        _muted.add(widget)
        _tint_muted(widget)
    if role in _WIDGET_SHEETS:
        widget.setStyleSheet(_WIDGET_SHEETS[role])
    if role == "primary":
        widget.setMinimumHeight(30)


def _tint_muted(widget: QWidget) -> None:
    palette = widget.palette()
    if isinstance(widget, QAbstractSlider):    # the "groove" role: the unplayed part must show
        palette.setColor(QPalette.ColorRole.Button, QColor(_GROOVE[is_dark()]))
        widget.setPalette(palette)
        return
    colour = QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    palette.setColor(QPalette.ColorRole.Text, colour)
    widget.setPalette(palette)



_following = False
_forced: bool | None = None


def is_dark() -> bool:
    if _forced is not None:
        return _forced
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, dark: bool | None = None) -> None:
    """Fusion + our palette for the system's scheme (or `dark`, forced); re-applied when it flips."""
    global _forced
    _forced = dark
    app.setStyle("Fusion")
    _apply_palette(app)
    global _following
    if not _following:
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: _apply_palette(app))
        _following = True


def accent() -> QColor:
    return ACCENT_DARK if is_dark() else ACCENT


def _apply_palette(app: QApplication) -> None:
    dark = is_dark()
    palette = QPalette()
    for role, value in (_DARK if dark else _LIGHT).items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(value))
    colour = ACCENT_DARK if dark else ACCENT
    palette.setColor(QPalette.ColorRole.Highlight, SELECTION_DARK if dark else colour)
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Link, colour)
    palette.setColor(QPalette.ColorRole.LinkVisited, colour)
    palette.setColor(QPalette.ColorRole.Accent, colour)
    disabled = QColor(palette.color(QPalette.ColorRole.Text))
    disabled.setAlpha(110)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    app.setPalette(palette)
    icons.clear_cache()
    for widget in list(_muted):
        try:
            _tint_muted(widget)
        except RuntimeError:          # its C++ side is gone; the wrapper lingers a little
            _muted.discard(widget)
