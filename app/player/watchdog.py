"""Notice a stream that has stopped delivering: playback wanted, position not moving."""
from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal


class StallWatchdog(QObject):
    """Fires `stalled` once when armed and `progress()` hasn't been called for `timeout_ms`.

    The player arms it while it wants sound (loading, buffering, playing) and disarms it while
    paused or stopped, so a pause never counts as a stall.
    """

    stalled = Signal()  # no progress for timeout_ms since arming or the last progress()

    def __init__(self, timeout_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self.timeout_ms = timeout_ms
        self._since = QElapsedTimer()
        self._timer = QTimer(self)
        # Checking a few times per timeout is precise enough and costs nothing.
        self._timer.setInterval(max(50, min(500, timeout_ms // 4)))
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    def arm(self) -> None:
        """Start (or restart) watching; the clock starts now."""
        self._since.start()
        self._timer.start()

    def disarm(self) -> None:
        self._timer.stop()

    def progress(self) -> None:
        """Playback moved: restart the clock."""
        self._since.start()

    def _on_timer_timeout(self) -> None:
        if self._since.isValid() and self._since.elapsed() >= self.timeout_ms:
            self._timer.stop()
            self.stalled.emit()
