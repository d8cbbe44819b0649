"""UI test fixtures: a task runner that must be idle at the end, the app's parts on the sandbox."""
from __future__ import annotations

import pytest


@pytest.fixture
def runner(qtbot):
    from app.services.tasks import TaskRunner

    runner = TaskRunner(max_threads=4)
    yield runner
    # A job still running after the test is a leak, and a crash waiting to happen at exit.
    assert runner.wait_for_idle(10_000), "a worker was still running after the test"


@pytest.fixture
def cover_runner(qtbot):
    from app.services.tasks import TaskRunner

    runner = TaskRunner(max_threads=3)
    yield runner
    assert runner.wait_for_idle(10_000), "a cover worker was still running after the test"
