"""An unexpected exception is logged and shown as a calm message; the app keeps running."""
import logging
import sys
import threading

import pytest

from app.ui.crash_guard import CrashGuard


@pytest.fixture
def guard(qtbot):
    guard = CrashGuard().install()
    yield guard
    guard.uninstall()
    if guard.message_box is not None:
        guard.message_box.close()


def _raise_into_hook(exc: BaseException) -> None:
    try:
        raise exc
    except BaseException:
        sys.excepthook(*sys.exc_info())


def test_exception_is_logged_and_shown_once(qtbot, guard, caplog):
    caplog.set_level(logging.ERROR, logger="app.ui.crash_guard")
    _raise_into_hook(ValueError("boom in a slot"))
    _raise_into_hook(KeyError("again"))
    qtbot.waitUntil(lambda: guard.message_box is not None and guard.message_box.isVisible())
    assert guard.count == 2
    assert "still running" in guard.message_box.text()
    # Only the guard's records: a worker another test left behind may log too.
    mine = [r for r in caplog.records if r.name == "app.ui.crash_guard"]
    assert [r.exc_info[0] for r in mine] == [ValueError, KeyError]


def test_worker_thread_exception_reaches_the_guard(qtbot, guard):
    thread = threading.Thread(target=lambda: 1 / 0)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: guard.message_box is not None and guard.message_box.isVisible())
    assert guard.count == 1
    assert "ZeroDivisionError" in guard.message_box.detailedText()
