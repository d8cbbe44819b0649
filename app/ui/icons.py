"""Line icons from resources/icons/ui, tinted with the palette so they suit light and dark schemes."""
from __future__ import annotations

import weakref
from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from app.settings.paths import resources_dir

_SIZES = (16, 20, 24, 32)


def icon(name: str, role: QPalette.ColorRole = QPalette.ColorRole.ButtonText) -> QIcon:
    """The named icon in the palette colour `role` (normal) and its disabled shade."""
    palette = QGuiApplication.palette()
    normal = palette.color(QPalette.ColorGroup.Active, role).name()
    disabled = palette.color(QPalette.ColorGroup.Disabled, role).name()
    return _icon(name, normal, disabled, _on_selection())


def coloured_icon(name: str, colour: QColor | str) -> QIcon:
    """The icon in `colour`; on a selected row in the selection's text colour (a red speaker on the
    red selection would vanish)."""
    colour = QColor(colour).name()
    return _icon(name, colour, colour, _on_selection())


def _on_selection() -> str:
    return QGuiApplication.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText).name()


@lru_cache(maxsize=128)
def _icon(name: str, normal: str, disabled: str, selected: str) -> QIcon:
    path = resources_dir() / "icons" / "ui" / f"{name}.svg"
    try:
        svg = path.read_text(encoding="utf-8")
    except OSError:
        return QIcon()
    result = QIcon()
    dpr = QGuiApplication.instance().devicePixelRatio() if QGuiApplication.instance() else 1.0
    # Item views draw a selected row's icons in Selected mode: those get the selection's text colour.
    for colour, mode in ((normal, QIcon.Mode.Normal), (disabled, QIcon.Mode.Disabled),
                         (selected, QIcon.Mode.Selected)):
        renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", colour).encode("utf-8")))
        for size in _SIZES:
            pixels = round(size * dpr)
            pixmap = QPixmap(pixels, pixels)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter, QRectF(0, 0, pixels, pixels))
            painter.end()
            pixmap.setDevicePixelRatio(dpr)
            result.addPixmap(pixmap, mode)
    return result


_bound: "weakref.WeakKeyDictionary[object, str]" = weakref.WeakKeyDictionary()
_listeners: list[weakref.WeakMethod] = []


def set_icon(target, name: str) -> None:
    """target.setIcon(icon(name)), re-tinted whenever the palette changes (QAction, buttons)."""
    _bound[target] = name
    target.setIcon(icon(name))


def on_palette_change(method) -> None:
    """Call the bound `method` after the icons were re-tinted (for models holding icons)."""
    # The dead reference drops out by itself: a page built and thrown away leaves nothing behind.
    _listeners.append(weakref.WeakMethod(method, _forget_listener))


def _forget_listener(ref: weakref.WeakMethod) -> None:
    try:
        _listeners.remove(ref)
    except ValueError:
        pass


def clear_cache() -> None:
    """After a palette change (light ↔ dark): re-tint every icon handed out through set_icon."""
    _icon.cache_clear()
    for target, name in list(_bound.items()):
        try:
            target.setIcon(icon(name))
        except RuntimeError:          # the C++ object is gone
            pass
    alive = []
    for ref in _listeners:
        method = ref()
        if method is not None:
            try:
                method()
                alive.append(ref)
            except RuntimeError:
                pass
    _listeners[:] = alive
