"""The wheel over a page: vertical scrolls the page, even over tab bars and sideways strips.

A tab bar or a horizontal row of covers passing under the pointer must not take a vertical wheel
from the page being scrolled (browsers and Strawberry behave so). They take the wheel only when it
is horizontal (a touchpad's sideways swipe, a tilt wheel) or with Shift held.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget


def is_vertical_page_wheel(event: QWheelEvent) -> bool:
    """A mostly vertical wheel without Shift: meant for the page."""
    delta = event.angleDelta()
    if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
        return False
    return abs(delta.y()) > abs(delta.x())


def _page_of(widget: QWidget) -> QAbstractScrollArea | None:
    """The nearest scrolling area around `widget` that is not `widget` (or its own viewport's owner)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent is not widget \
                and parent.viewport() is not widget:
            return parent
        parent = parent.parentWidget()
    return None


class PageWheel(QObject):
    """Event filter: hands a vertical wheel on to the page around the watched widget.

    A Shift+wheel on a sideways strip scrolls the strip (its horizontal bar takes the vertical delta)."""

    def __init__(self, owner: QWidget, sideways_bar=None):
        super().__init__(owner)
        self._owner, self._bar = owner, sideways_bar

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel:
            return False
        if is_vertical_page_wheel(event):
            page = _page_of(self._owner)
            if page is not None:
                QApplication.sendEvent(page.viewport(), event.clone())
            return True
        if self._bar is not None and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            QApplication.sendEvent(self._bar, event.clone())
            return True
        return False


def page_wheel(widget: QWidget) -> None:
    """Let the page around `widget` (a tab bar, a sideways strip of covers) have the vertical wheel."""
    bar = widget.horizontalScrollBar() if isinstance(widget, QAbstractScrollArea) else None
    wheel = PageWheel(widget, bar)
    target = widget.viewport() if isinstance(widget, QAbstractScrollArea) else widget
    target.installEventFilter(wheel)
