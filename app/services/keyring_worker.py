"""The process's one keyring worker: every keyring call (the saved sign-in read, saved or deleted;
the Settings dialog's look at the consumer secret) runs on it, one at a time, in the order asked.
Choosing keyring's backend and a D-Bus round trip to the Secret Service take 0.1 s and more."""
from __future__ import annotations

from .tasks import TaskRunner

_KEYRING_WORKER: TaskRunner | None = None


def keyring_worker() -> TaskRunner:
    """The worker (made at the first call). Never deleted: a worker owned by each service, deleted
    with it while a call ran, crashed PySide in garbage collection (tests/account, 2 runs in 3)."""
    global _KEYRING_WORKER
    if _KEYRING_WORKER is None:
        _KEYRING_WORKER = TaskRunner(max_threads=1, name="keyring")
    return _KEYRING_WORKER
