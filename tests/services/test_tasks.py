"""The worker pattern: results on the GUI thread, exactly one report per job, cancellation drops."""
import threading

from app.services.tasks import TaskRunner


def test_result_arrives_on_the_gui_thread(qtbot):
    runner = TaskRunner(max_threads=2)
    seen = []
    runner.submit(lambda token: threading.current_thread() is threading.main_thread(),
                  on_done=lambda ran_on_main: seen.append(
                      (ran_on_main, threading.current_thread() is threading.main_thread())))
    qtbot.waitUntil(lambda: seen == [(False, True)])
    assert runner.wait_for_idle(5000)


def test_errors_reach_on_error_and_busy_goes_false(qtbot):
    runner = TaskRunner(max_threads=2)
    errors, busy = [], []
    runner.busy_changed.connect(busy.append)

    def boom(token):
        raise ValueError("bad")

    runner.submit(boom, on_done=lambda r: None, on_error=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], ValueError)
    assert busy == [True, False]
    assert runner.wait_for_idle(5000)


def test_cancelled_job_result_is_discarded(qtbot):
    runner = TaskRunner(max_threads=1)
    gate = threading.Event()
    shown = []
    token = runner.submit(lambda t: gate.wait(5) and "late", on_done=shown.append)
    with qtbot.waitSignal(runner.discarded, timeout=5000):
        runner.cancel(token)
        gate.set()
    assert shown == []
    assert not runner.busy
    assert runner.wait_for_idle(5000)


def test_an_answer_for_a_deleted_owner_is_discarded_not_delivered(qtbot):
    """A model closed with its view while its page was in flight: its method is not called."""
    from PySide6.QtCore import QObject, Signal
    from shiboken6 import Shiboken

    class Owner(QObject):
        told = Signal(object)

        def on_done(self, result):
            self.told.emit(result)          # on a deleted object: "Signal source has been deleted"

        def on_error(self, exc):
            self.told.emit(exc)

    runner, parent = TaskRunner(max_threads=2), QObject()
    gate = threading.Event()
    owners = [Owner(parent), Owner(parent)]
    runner.submit(lambda t: gate.wait(5) and "page", on_done=owners[0].on_done)
    runner.submit(lambda t: gate.wait(5) and 1 / 0, on_done=owners[1].on_done, on_error=owners[1].on_error)
    dropped = []
    runner.discarded.connect(lambda: dropped.append(1))
    parent.deleteLater()
    qtbot.waitUntil(lambda: not Shiboken.isValid(owners[0]))
    gate.set()
    qtbot.waitUntil(lambda: len(dropped) == 2, timeout=5000)     # pytest-qt fails the test on a raise
    assert not runner.busy and runner.wait_for_idle(5000)
