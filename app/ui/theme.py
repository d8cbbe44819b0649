"""Fusion with a restrained palette that follows the system's light or dark scheme."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from app.ui import icons

ACCENT = QColor("#d2325a")          # 7digital-ish raspberry; used for selection and links
ACCENT_DARK = QColor("#f06587")

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

STYLE_SHEET = """
QToolBar#main_toolbar { spacing: 6px; padding: 4px 8px; border: none; }
QLineEdit#search_box { padding: 5px 8px; border-radius: 6px; min-height: 20px; }
QLabel[role="title"] { font-size: 20pt; font-weight: 600; }
QLabel[role="section"] { font-size: 13pt; font-weight: 600; padding-top: 6px; }
QLabel[role="muted"] { color: palette(placeholder-text); }
QLabel[role="badge"] { border: 1px solid palette(mid); border-radius: 3px; padding: 0px 4px;
                       font-size: 8pt; font-weight: 600; }
QFrame#error_banner { border-radius: 6px; }
QPushButton[role="primary"] { padding: 6px 14px; font-weight: 600; }
QTabBar::tab { padding: 6px 14px; }
QTableView { gridline-color: transparent; }
QPushButton[role="link"] { border: none; background: transparent; color: palette(link); padding: 0;
                           text-align: left; font-size: 13pt; font-weight: 600; }
QPushButton[role="link"]:hover { text-decoration: underline; }
QLabel[role="price"] { font-size: 15pt; font-weight: 600; }
QPushButton[role="chip"] { border: 1px solid palette(mid); border-radius: 11px; padding: 3px 11px;
                           background: palette(base); }
QPushButton[role="chip"]:hover { border-color: palette(highlight); }
"""


_following = False


def is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication) -> None:
    """Fusion + our palette for the current scheme; re-applied when the system scheme flips."""
    app.setStyle("Fusion")
    _apply_palette(app)
    app.setStyleSheet(STYLE_SHEET)
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
    palette.setColor(QPalette.ColorRole.Highlight, colour)
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
