"""The sign-in dialog: success closes it; every failure is a sentence in it (app/ui/sign_in_dialog.py)."""
from __future__ import annotations

from PySide6.QtCore import Qt

from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD
from app.services.account import SignInReason
from app.ui.shopping_messages import sign_in_reason_text
from app.ui.sign_in_dialog import SignInDialog


def _dialog(qtbot, account, email, password):
    dialog = SignInDialog(account)
    qtbot.addWidget(dialog)
    dialog.open_for(SignInReason.CHECKOUT)
    qtbot.keyClicks(dialog.email_field, email)
    qtbot.keyClicks(dialog.password_field, password)
    return dialog


def test_good_credentials_sign_in_and_close_the_dialog(qtbot, make_account):
    account = make_account()
    dialog = _dialog(qtbot, account, DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    assert dialog.reason_label.text() == sign_in_reason_text(SignInReason.CHECKOUT)
    assert dialog.reason_label.text() == "Sign in to your 7digital account to check out."
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert account.signed_in and dialog.result() == SignInDialog.DialogCode.Accepted
    assert dialog.password_field.text() == ""          # the password doesn't linger in the widget


def test_a_wrong_password_is_explained_in_the_dialog(qtbot, make_account):
    account = make_account()
    dialog = _dialog(qtbot, account, DEMO_USER_EMAIL, "wrong")
    with qtbot.waitSignal(account.sign_in_failed, timeout=10000):
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error_label.isVisible()
    assert "don't match" in dialog.error_label.text()
    assert dialog.email_field.isEnabled() and dialog.sign_in_button.isEnabled()
    assert not account.signed_in


def test_a_network_failure_is_explained_in_the_dialog(qtbot, make_account, sandbox):
    account = make_account()
    sandbox.faults.drop(path="oauth/requesttoken")
    dialog = _dialog(qtbot, account, DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    with qtbot.waitSignal(account.sign_in_failed, timeout=15000):
        qtbot.keyClick(dialog.password_field, Qt.Key.Key_Return)
    assert "could not be reached" in dialog.error_label.text()
    assert dialog.isVisible() and not account.signed_in


def test_cancelling_fails_what_was_waiting_for_sign_in(qtbot, make_account):
    account = make_account()
    errors = []
    account.call(lambda client: client.user_details(), lambda _r: None, errors.append)
    dialog = _dialog(qtbot, account, "", "")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and len(errors) == 1
