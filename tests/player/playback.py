"""Ending a test's playback cleanly; shared by tests/player and the UI tests that click previews."""
from __future__ import annotations


def shut_down_player(qtbot, player, settle: bool = False) -> None:
    """Stop the backend and wait until it is destroyed (docs/PLATFORM.md §3.4), before the test's store
    goes away: a clip still loading then makes ffmpeg warn ("Demuxing failed"), failing whichever
    test runs at that moment.

    `settle`: first wait until the clip has opened (or failed). Tests that keep Qt's log capture
    (no `no_qt_log` mark) need that: cutting an opening short makes ffmpeg warn too.
    """
    from app.player.player import PlayerState

    if player is None or player.is_shut_down:
        return
    if settle:
        qtbot.waitUntil(lambda: player.state != PlayerState.LOADING, timeout=10_000)
    player.shutdown()
    qtbot.waitUntil(lambda: player.is_shut_down)
