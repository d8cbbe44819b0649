"""A page built over several event-loop turns, so no turn holds the window for more than a frame."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer


class BuiltInTurns:
    """Mixin for a QWidget page: `_build_in_turns(steps)` runs one step a turn, in order.

    A part asked for before its turn (an answer on a fast store, a test, the keyboard) builds every
    step still waiting at once, so the page is always whole and in order when anything looks."""

    def _build_in_turns(self, steps: list[Callable[[], None]]) -> None:
        self._build_steps = list(steps)
        QTimer.singleShot(0, self, self._build_next)

    def _build_next(self) -> None:
        if self._build_steps:
            self._build_steps.pop(0)()
        if self._build_steps:
            QTimer.singleShot(0, self, self._build_next)

    def _ensure_built(self) -> None:
        """Build what is still waiting for its turn, now."""
        built = bool(self._build_steps)
        while self._build_steps:
            self._build_steps.pop(0)()
        if built:
            self._show_built_parts()

    def _show_built_parts(self) -> None:
        # Qt shows a widget put into a showing layout on the next turn (a queued call). Built now
        # because something looks now (a key on the track table, a screen reader), it shows now too:
        # a hidden table can't take the focus (a test's Ctrl+B went to the search box). Parts hidden
        # on purpose stay hidden. The pages keep their parts in one column layout, `_body`.
        body = self.__dict__.get("_body")
        if body is None or not self.isVisible():
            return
        for index in range(body.count()):
            widget = body.itemAt(index).widget()
            if widget is not None and widget.isHidden() \
                    and not widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide):
                widget.show()

    def __getattr__(self, name: str):
        # Only for names not found the usual way: a part not built yet.
        steps = self.__dict__.get("_build_steps")
        if steps:
            self._ensure_built()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
