"""Accessibility plumbing: the one announcement hook, headings exposed as headings, F6 regions,
docks out of the Tab order while they can't be seen, and how long a message stays readable.

Screen readers hear what happened through `announce()`: every status message, basket change, undo
offer, result count and error goes through it (errors assertively), so tests can listen to
`announcer.announced` instead of an update handler PySide6 doesn't offer.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAction, QKeySequence
from PySide6.QtWidgets import (QAccessibleWidget, QApplication, QDockWidget, QLabel, QScrollArea, QTabBar,
                               QWidget)

HEADING_PROPERTY = "heading_level"      # a QLabel with this dynamic property is read as a heading
MIN_MESSAGE_MS = 5000                   # no status message goes away sooner...
MS_PER_CHARACTER = 60                   # ...and a long one stays about as long as it takes to read


class Announcer(QObject):
    """Relays every announcement (for tests and logs); `announce()` posts them to Qt."""

    announced = Signal(str, bool)       # text, assertive


announcer = Announcer()


def announce(widget: QWidget | None, text: str, assertive: bool = False) -> None:
    """Have assistive technology say `text` (a QAccessibleAnnouncementEvent from `widget`, or the
    active window). Assertive interrupts: errors only."""
    text = " ".join((text or "").split())
    if not text:
        return
    announcer.announced.emit(text, assertive)
    source = widget if widget is not None else QApplication.activeWindow()
    if source is None or not QAccessible.isActive():
        return                          # nobody listens: don't build interfaces for nothing
    event = QAccessibleAnnouncementEvent(source, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if assertive
                        else QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)


def readable_ms(text: str, at_least_ms: int = 0) -> int:
    """How long a message of `text` should stay on screen: long enough to read, never below
    `at_least_ms` or MIN_MESSAGE_MS. 0 (shown until replaced) stays 0."""
    if at_least_ms == 0:
        return 0
    return max(at_least_ms, MIN_MESSAGE_MS, len(text or "") * MS_PER_CHARACTER)


# -- headings --------------------------------------------------------------------------------
def mark_heading(label: QLabel, level: int) -> None:
    """Expose `label` to assistive technology as a heading (before it is first shown)."""
    label.setProperty(HEADING_PROPERTY, level)


class _HeadingInterface(QAccessibleWidget):
    """A label read as a heading: role Heading, its text as the name."""

    def __init__(self, label: QLabel):
        super().__init__(label, QAccessible.Role.Heading)

    def text(self, kind):
        if kind == QAccessible.Text.Name:
            label = self.widget()
            return label.accessibleName() or label.text()
        return super().text(kind)


def _factory(_class_name: str, obj: QObject):
    if isinstance(obj, QLabel) and obj.property(HEADING_PROPERTY):
        return _HeadingInterface(obj)
    return None


_factory_installed = False


def install_heading_factory() -> None:
    """Install the interface factory for headings (once per process)."""
    global _factory_installed
    if not _factory_installed:
        QAccessible.installFactory(_factory)
        _factory_installed = True


# -- docks -----------------------------------------------------------------------------------
def follow_dock_visibility(dock: QDockWidget) -> None:
    """A dock tabbed behind another stays "visible" to Qt, and in the Tab order: take its contents
    out of the Tab order (disabled) while it can't be seen."""
    def on_visibility_changed(visible: bool) -> None:
        content = dock.widget()
        if content is not None:
            content.setEnabled(visible or dock.isHidden() or dock.isFloating())

    dock.visibilityChanged.connect(on_visibility_changed)


# -- Tab in visual order ---------------------------------------------------------------------
def tab_target(window, forward: bool) -> QWidget | None:
    """Where Tab (Shift+Tab: `forward` False) goes from the focused widget, in the order the eye
    reads the window: toolbar, page, player bar, docks; within each, top to bottom, left to right.
    (Qt's own chain is creation order: docks before the page, chips loaded late after the tracks.)
    None: leave it to Qt (nothing focusable, or focus outside the window's widgets)."""
    chain = [widget for region in _regions_in_order(window) for widget in _focusables(region)]
    seen: set[int] = set()
    chain = [w for w in chain if not (id(w) in seen or seen.add(id(w)))]
    if not chain:
        return None
    focus = QApplication.focusWidget()
    if focus is not None and focus.focusProxy() is None:
        while focus is not None and focus not in chain and focus is not window:
            focus = focus.parentWidget()        # e.g. a combo box's line edit: the combo's place
    if focus is None or focus not in chain:
        return chain[0] if forward else chain[-1]
    return chain[(chain.index(focus) + (1 if forward else -1)) % len(chain)]


def _regions_in_order(window) -> list[QWidget]:
    regions: list[QWidget] = [window.toolbar]
    page = window.stack.currentWidget() if hasattr(window, "stack") else None
    if page is not None:
        regions.append(page)
    bar = window.findChild(QWidget, "player_bar")
    if bar is not None:
        regions.append(bar)
    docks = [d for d in window.findChildren(QDockWidget) if d.isVisible() and not d.isFloating()]
    tab_bars = [t for t in window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
                if t.isVisible()]             # the tabs of tabbed docks
    regions.extend(sorted(docks + tab_bars, key=_reading_position))
    return regions


def _focusables(region: QWidget) -> list[QWidget]:
    if not region.isVisible() or not region.isEnabled():
        return []
    found = [region] if _takes_tab(region) else []
    found += [w for w in region.findChildren(QWidget) if _takes_tab(w)]
    return sorted(found, key=_reading_position)


def _takes_tab(widget: QWidget) -> bool:
    return (bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isVisible() and widget.isEnabled()
            and widget.focusProxy() is None and not isinstance(widget, QScrollArea)   # a page: its contents
            and not widget.visibleRegion().isEmpty())


def _reading_position(widget: QWidget) -> tuple[int, int]:
    point = widget.mapTo(widget.window(), QPoint(0, 0))
    return point.y() // 12, point.x()           # rows a few pixels apart still read as one row


def focus_by_tab(target: QWidget, forward: bool) -> None:
    """Focus `target` as Tab would, scrolled into view if it sits in a scrolling page."""
    target.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
    parent = target.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widget() is not None and parent.widget().isAncestorOf(target):
            parent.ensureWidgetVisible(target)
            break
        parent = parent.parentWidget()


# -- F6 regions ------------------------------------------------------------------------------
class RegionCycler(QObject):
    """F6 / Shift+F6 move the keyboard between the window's regions, as GNOME apps do: toolbar
    (search), the page, the player bar, then each dock that can be seen."""

    def __init__(self, window, parent: QObject | None = None):
        super().__init__(parent or window)
        self._window = window
        self.next_action = QAction(self.tr("Next region", "F6: toolbar, page, player, docks"), window,
                                   objectName="next_region_action", shortcut=QKeySequence(Qt.Key.Key_F6))
        self.previous_action = QAction(self.tr("Previous region"), window, objectName="previous_region_action",
                                       shortcut=QKeySequence(Qt.KeyboardModifier.ShiftModifier | Qt.Key.Key_F6))
        for action, step in ((self.next_action, 1), (self.previous_action, -1)):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, step=step: self.cycle(step))
            window.addAction(action)

    def regions(self) -> list[QWidget]:
        """The regions that can take focus now, in visual order."""
        window = self._window
        found: list[QWidget] = [window.search_box]
        view = window.current_view
        if view is not None:
            found.append(view)
        bar = window.findChild(QWidget, "player_bar")
        if bar is not None:
            found.append(bar)
        for dock in window.findChildren(QDockWidget):
            content = dock.widget()
            if content is not None and dock.isVisible() and content.isEnabled() and not dock.visibleRegion().isEmpty():
                found.append(dock)
        return [region for region in found if region.isVisible() and region.isEnabled()]

    def cycle(self, step: int) -> QWidget | None:
        """Focus the next (step 1) or previous (-1) region; the region focused, or None."""
        regions = self.regions()
        if not regions:
            return None
        focus = QApplication.focusWidget()
        current = next((i for i, region in enumerate(regions)
                        if focus is not None and (focus is region or region.isAncestorOf(focus))), None)
        start = (current + step) if current is not None else (0 if step > 0 else len(regions) - 1)
        for offset in range(len(regions)):
            region = regions[(start + offset * step) % len(regions)]
            if _focus_region(self._window, region):
                return region
        return None


def focus_page(view: QWidget) -> None:
    """Put the keyboard on a page just shown: its main list, else its first focusable widget."""
    main = view.main_list() if hasattr(view, "main_list") else None
    if main is not None and main.isEnabled() and hasattr(view, "focus_results"):
        view.focus_results()            # the list, its first row current: Enter acts at once
        model = main.model()
        if model is not None and model.rowCount() == 0:
            _current_when_filled(view, main, model)     # the page's rows are still on their way
        return
    target = _first_focusable(view)
    if target is not None:
        target.setFocus(Qt.FocusReason.OtherFocusReason)


def _current_when_filled(view: QWidget, main, model) -> None:
    def filled(*_args) -> None:
        for signal in (model.rowsInserted, model.modelReset):
            try:
                signal.disconnect(filled)
            except (RuntimeError, TypeError):
                pass
        if main.hasFocus() and not main.currentIndex().isValid() and model.rowCount() > 0:
            view.focus_results()

    model.rowsInserted.connect(filled)
    model.modelReset.connect(filled)


def _focus_region(window, region: QWidget) -> bool:
    if region is window.current_view and hasattr(region, "focus_results"):
        region.focus_results()
    else:
        target = region if region.focusPolicy() & Qt.FocusPolicy.TabFocus else _first_focusable(region)
        if target is None:
            return False
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
    focus = QApplication.focusWidget()
    return focus is not None and (focus is region or region.isAncestorOf(focus))


def _first_focusable(region: QWidget) -> QWidget | None:
    for child in region.findChildren(QWidget):
        if (child.focusPolicy() & Qt.FocusPolicy.TabFocus and child.isVisibleTo(region) and child.isEnabled()
                and child.isVisible()):
            return child
    return None
