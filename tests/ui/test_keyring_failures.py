"""A keyring that fails in any way (a D-Bus error, a backend that can't start) never takes the
basket, the sign-in or the previews away: the whole app is built and works, and the sign-in is
kept in the 0600 file or for this run only (app/settings/secrets.py)."""
from __future__ import annotations

import stat

import pytest
import shiboken6

from app.player.player import PlayerState
from app.settings.secrets import Keeping
from app.ui.shopping import secrets_keeping_text
from tests.player.conftest import NO_QT_LOG
from tests.player.playback import shut_down_player
from tests.reliability.failing_keyrings import (FailingKeyring, dbus_error, keyring_failing_at_start,
                                                use_keyring)

pytestmark = NO_QT_LOG   # real playback: see tests/player/conftest.py

CASES = {
    "RuntimeError": lambda mp, folder: use_keyring(mp, FailingKeyring(lambda: RuntimeError("dbus went away"))),
    "DBusErrorResponse": lambda mp, folder: use_keyring(mp, FailingKeyring(dbus_error)),
    "fails-to-start": lambda mp, folder: keyring_failing_at_start(mp, folder),
}


@pytest.fixture(params=list(CASES))
def broken_keyring(request, monkeypatch, tmp_path):
    folder = tmp_path / "keyring"
    folder.mkdir()
    CASES[request.param](monkeypatch, folder)
    return request.param


@pytest.fixture
def app_parts(qtbot, client, tmp_path, broken_keyring):
    """The app as main() builds it, with the store already up when the extras are installed (the
    order in which a failing keyring used to stop the set-up halfway)."""
    from app.composition import Paths, build
    from app.main import parse_args

    parts = build(parse_args([]), Paths.under(tmp_path / "profile"), defer_extras=True)
    qtbot.addWidget(parts.window, before_close_func=lambda _w: shut_down_player(qtbot, parts.player, settle=True))
    parts.window.show()
    parts.store.set_client(client)
    parts.install_extras()
    yield parts
    shut_down_player(qtbot, parts.player, settle=True)
    if shiboken6.isValid(parts.window):
        parts.window.close()
    assert parts.shutdown(), "a worker was still running after the test"


def test_a_failing_keyring_leaves_basket_sign_in_and_previews_working(qtbot, app_parts, client, for_sale,
                                                                      broken_keyring):
    from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD

    parts, window = app_parts, app_parts.window
    assert parts.shopping is not None and parts.player is not None
    assert parts.guard.count == 0, "an exception escaped while the app was set up"

    # Sign-in: works, and says where it is kept.
    account = parts.shopping.account
    assert not account.signed_in
    with qtbot.waitSignal(account.signed_in_changed, timeout=10_000) as signal:
        account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    assert signal.args == [True] and account.signed_in
    expected = secrets_keeping_text(parts.secrets)
    assert parts.secrets.keeping in (Keeping.FILE, Keeping.FAILING) and expected
    assert window.statusBar().currentMessage() == expected
    if parts.secrets.keeping is Keeping.FILE:          # a keyring that can't start: the private file
        assert str(parts.paths.secrets_fallback) in expected
        assert stat.S_IMODE(parts.paths.secrets_fallback.stat().st_mode) == 0o600

    # The basket.
    basket = parts.shopping.basket
    window.add_to_basket_requested.emit(for_sale[0], None)
    assert basket.contains(str(for_sale[0].id))
    qtbot.waitUntil(lambda: basket.is_synced, timeout=10_000)

    # Previews.
    track = client.search_tracks("love", page_size=1).items[0]
    window.preview_requested.emit(track)
    qtbot.waitUntil(lambda: parts.player.state == PlayerState.PLAYING and parts.player.position() > 0,
                    timeout=10_000)

    # Signing out works too (the keyring may refuse the delete: signed out for this run anyway).
    account.sign_out()
    assert not account.signed_in
    assert parts.guard.count == 0
