"""The saved sign-in is read on a worker, never on the GUI thread (issue 18: keyring's import, its
backend's choice and a D-Bus round trip are 0.1 s and more), and the user's own sign-out or sign-in
while that read is in flight wins over it (app/services/account.py)."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QCoreApplication

from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD

GATE_TIMEOUT_S = 10.0        # a held read gives up then, so a failing test can't hang the worker


@pytest.fixture
def keyring_reads(memory_keyring):
    """The threads the keyring was read on; `gate` holds reads until set (set by default)."""
    gate = threading.Event()
    gate.set()
    threads: list[threading.Thread] = []
    read = memory_keyring.get_password

    def get_password(service, username):
        threads.append(threading.current_thread())
        gate.wait(GATE_TIMEOUT_S)
        return read(service, username)

    memory_keyring.get_password = get_password
    try:
        yield threads, gate
    finally:
        gate.set()


def _deliver(account, runner) -> None:
    """Let every keyring call and check asked so far end and report (workers run, no sleeping)."""
    for _ in range(3):
        assert account.wait_for_keyring() and runner.wait_for_idle(10_000)
        QCoreApplication.processEvents()


def test_the_saved_token_is_read_off_the_gui_thread(qtbot, signed_in, make_account, keyring_reads):
    threads, gate = keyring_reads
    threads.clear()
    gate.clear()                               # the keyring takes its time, as a D-Bus round trip may
    again = make_account(start=False)          # the next run of the app
    again.start()                              # returns at once: the read waits on its worker
    assert again.restoring and not again.signed_in
    assert len(threads) <= 1 and threading.main_thread() not in threads
    with qtbot.waitSignal(again.user_changed, timeout=10_000) as user:
        gate.set()
    assert again.signed_in and user.args[0].email == DEMO_USER_EMAIL and not again.restoring
    assert threads and all(thread is not threading.main_thread() for thread in threads)


def test_a_sign_out_during_the_read_is_not_undone_by_it(qtbot, signed_in, make_account, keyring_reads,
                                                        memory_keyring, runner):
    _threads, gate = keyring_reads
    gate.clear()
    again = make_account()                    # the read is held, the token still in the keyring
    changes: list[bool] = []
    again.signed_in_changed.connect(changes.append)
    again.sign_out()
    assert not again.restoring
    gate.set()
    _deliver(again, runner)
    assert not again.signed_in and again.user is None and changes == []
    assert memory_keyring.entries == {}       # deleted after the read, so nothing comes back
    assert not make_account(start=False).signed_in


def test_a_sign_in_during_the_read_wins(qtbot, signed_in, make_account, keyring_reads, memory_keyring, runner):
    _threads, gate = keyring_reads
    before = dict(memory_keyring.entries)
    gate.clear()
    again = make_account()
    changes: list[bool] = []
    again.signed_in_changed.connect(changes.append)
    again.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    gate.set()
    qtbot.waitUntil(lambda: again.signed_in, timeout=10_000)
    _deliver(again, runner)
    assert changes == [True]                  # once: the restore's late answer was dropped
    assert memory_keyring.entries != before   # the new sign-in's token is the one saved (after the read)


def test_a_call_waiting_for_the_read_asks_for_sign_in_when_nothing_was_saved(qtbot, make_account, keyring_reads):
    from app.services.account import SignInReason

    _threads, gate = keyring_reads
    gate.clear()
    account = make_account()
    with qtbot.assertNotEmitted(account.reauth_required):
        account.call(lambda client: client.user_details(), lambda _r: None, lambda _e: None,
                     reason=SignInReason.LOCKER)          # waits quietly: a token may be on its way
    with qtbot.waitSignal(account.reauth_required, timeout=10_000) as asked:
        gate.set()
    assert asked.args == [SignInReason.LOCKER] and account.waiting_calls == 1
    account.cancel_waiting()


def test_the_account_button_says_signing_in_while_the_saved_sign_in_is_restored(qtbot, signed_in, make_account,
                                                                                  keyring_reads):
    from app.ui.account_button import AccountButton

    _threads, gate = keyring_reads
    gate.clear()
    again = make_account(start=False)
    button = AccountButton(again)
    qtbot.addWidget(button)
    assert button.text() == "Sign in"
    again.start()
    assert button.text() == "Signing in…" and button.isEnabled()      # clickable: a new sign-in wins
    with qtbot.waitSignal(again.user_changed, timeout=10_000):
        gate.set()
    qtbot.waitUntil(lambda: button.text() == DEMO_USER_EMAIL, timeout=10_000)
    assert not again.restoring
