"""Starting the embedded store the way the app does, for tests in several folders."""
from __future__ import annotations

from app.services.connection import Connection, ServiceConfig
from app.services.tasks import TaskRunner


def connect_embedded(qtbot, runner, state):
    """Connection.connect_to(the embedded store) as the app does it: (connection, client or exception)."""
    connection = Connection(runner, TaskRunner(detached=True), state_file=state, catalogue_size="small")
    outcome = []
    connection.ready.connect(outcome.append)
    connection.failed.connect(outcome.append)
    connection.connect_to(ServiceConfig())
    qtbot.waitUntil(lambda: bool(outcome), timeout=120_000)
    return connection, outcome[0]
