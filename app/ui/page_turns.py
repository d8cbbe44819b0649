"""A page built over several event-loop turns, so no turn holds the window for more than a frame."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer


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
        while self._build_steps:
            self._build_steps.pop(0)()

    def __getattr__(self, name: str):
        # Only for names not found the usual way: a part not built yet.
        steps = self.__dict__.get("_build_steps")
        if steps:
            self._ensure_built()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
