"""Sign-in, the token in the keyring, and expiry → sign in again → retry (app/services/account.py)."""
from __future__ import annotations

from app.api import AuthError, NetworkError
from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD
from app.services.account import SignInCancelled, SignInReason, StoreStarting
from app.services.store import CurrentStore
from app.ui.shopping_messages import sign_in_reason_text


def test_signing_in_keeps_the_token_in_the_keyring_and_not_the_password(qtbot, make_account, memory_keyring):
    account = make_account()
    assert not account.signed_in
    with qtbot.waitSignal(account.signed_in_changed, timeout=10000) as changed:
        account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    assert changed.args == [True]
    assert account.user.email == DEMO_USER_EMAIL
    assert len(memory_keyring.entries) == 1
    (service, name), value = next(iter(memory_keyring.entries.items()))
    assert name.startswith("access-token:") and DEMO_USER_PASSWORD not in value

    again = make_account(start=False)                 # the next run of the app
    with qtbot.waitSignal(again.user_changed, timeout=10000) as user:
        again.start()
    assert again.signed_in and user.args[0].email == DEMO_USER_EMAIL


def test_a_wrong_password_changes_nothing(qtbot, make_account, memory_keyring):
    account = make_account()
    with qtbot.assertNotEmitted(account.signed_in_changed), \
            qtbot.waitSignal(account.sign_in_failed, timeout=10000) as failed:
        account.sign_in(DEMO_USER_EMAIL, "not-the-password")
    assert isinstance(failed.args[0], AuthError) and failed.args[0].status == 401
    assert not account.signed_in and account.user is None and memory_keyring.entries == {}


def test_a_network_failure_during_sign_in_is_reported(qtbot, make_account, sandbox):
    account = make_account()
    sandbox.faults.drop(path="oauth/requesttoken")
    with qtbot.waitSignal(account.sign_in_failed, timeout=15000) as failed:
        account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    assert isinstance(failed.args[0], NetworkError)
    assert not account.signed_in and not account.signing_in


def test_signing_out_forgets_the_token(qtbot, signed_in, memory_keyring, make_account):
    with qtbot.waitSignal(signed_in.signed_in_changed) as changed:
        signed_in.sign_out()
    assert changed.args == [False] and signed_in.user is None
    assert signed_in.wait_for_keyring()                    # the delete runs on the keyring's worker
    assert memory_keyring.entries == {}
    assert not make_account().signed_in


def test_an_expired_token_asks_for_sign_in_then_retries_the_call(qtbot, signed_in, sandbox, memory_keyring):
    sandbox.revoke_tokens()
    results, errors = [], []
    with qtbot.waitSignal(signed_in.reauth_required, timeout=10000) as asked:
        signed_in.call(lambda client: client.user_details(), results.append, errors.append)
    assert asked.args == [SignInReason.EXPIRED]
    assert "expired" in sign_in_reason_text(asked.args[0])
    assert not signed_in.signed_in and signed_in.waiting_calls == 1
    assert signed_in.wait_for_keyring() and memory_keyring.entries == {}      # the dead token is gone
    assert results == [] and errors == []

    signed_in.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    qtbot.waitUntil(lambda: bool(results), timeout=10000)    # the same call, retried with the new token
    assert results[0].email == DEMO_USER_EMAIL and errors == []
    assert signed_in.signed_in and len(memory_keyring.entries) == 1


def test_a_call_without_sign_in_waits_and_fails_cleanly_if_the_user_gives_up(qtbot, make_account):
    account = make_account()
    errors = []
    with qtbot.waitSignal(account.reauth_required) as asked:
        account.call(lambda client: client.user_details(), lambda _r: None, errors.append,
                     reason=SignInReason.CHECKOUT)
    assert asked.args == [SignInReason.CHECKOUT]
    account.cancel_waiting()
    assert len(errors) == 1 and isinstance(errors[0], SignInCancelled)
    assert account.waiting_calls == 0


def test_each_store_service_has_its_own_sign_in(qtbot, signed_in, store, client):
    from app.api import StoreClient

    other = StoreClient(base_url="http://127.0.0.1:9/1.2/", consumer_key="k", consumer_secret="s", country="GB")
    with qtbot.waitSignal(signed_in.signed_in_changed) as changed:
        store.set_client(other)
    assert changed.args == [False] and signed_in.user is None
    with qtbot.assertNotEmitted(signed_in.signed_in_changed):
        store.set_country("US")                               # a country change keeps the (non-)sign-in
    assert not signed_in.signed_in
    with qtbot.waitSignal(signed_in.user_changed, timeout=10000) as user:
        store.set_client(client)                              # back: the saved token comes back
    assert signed_in.signed_in and user.args[0].email == DEMO_USER_EMAIL


def test_a_country_change_keeps_the_signed_in_user(qtbot, signed_in, store):
    with qtbot.assertNotEmitted(signed_in.signed_in_changed):
        store.set_country("US")
    assert signed_in.signed_in and signed_in.user.email == DEMO_USER_EMAIL
    assert signed_in.user_client().country == "US"             # calls go to the new country's store


def test_signing_in_before_the_store_is_up_says_it_is_starting(qtbot, runner, secrets):
    from app.services.account import AccountService

    account = AccountService(runner, CurrentStore("GB"), secrets)
    with qtbot.waitSignal(account.sign_in_failed) as failed:
        account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    assert isinstance(failed.args[0], StoreStarting) and isinstance(failed.args[0], NetworkError)
    assert not account.signing_in


def test_a_saved_token_the_store_no_longer_honours_is_dropped_quietly(qtbot, signed_in, sandbox, make_account,
                                                                       memory_keyring):
    sandbox.revoke_tokens()
    again = make_account(start=False)
    with qtbot.assertNotEmitted(again.reauth_required), qtbot.assertNotEmitted(again.signed_in_changed):
        again.start()
        qtbot.waitUntil(lambda: memory_keyring.entries == {}, timeout=10000)
    assert not again.signed_in


def test_a_call_made_while_the_saved_token_is_checked_runs_after_it(qtbot, signed_in, make_account):
    again = make_account()
    results = []
    again.call(lambda client: client.user_details(), results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    assert results[0].email == DEMO_USER_EMAIL and again.signed_in


def test_the_sign_in_is_kept_under_the_store_identity(signed_in, client, memory_keyring):
    (_service, name), _value = next(iter(memory_keyring.entries.items()))
    assert name == f"access-token:user@{client.store_identity}"
    assert client.store_identity == f"demo-key@{client.base_url}"          # key + normalised address


def test_the_same_store_at_another_address_keeps_the_user(qtbot, signed_in, store, client):
    from app.api import StoreClient
    from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET

    moved = StoreClient(base_url="http://127.0.0.1:9/1.2/", consumer_key=DEMO_CONSUMER_KEY,
                        consumer_secret=DEMO_CONSUMER_SECRET, store_identity=client.store_identity)
    with qtbot.assertNotEmitted(signed_in.signed_in_changed), qtbot.assertNotEmitted(signed_in.user_changed):
        store.set_client(moved)
    assert signed_in.signed_in and signed_in.user.email == DEMO_USER_EMAIL
    assert signed_in.user_client().base_url == "http://127.0.0.1:9/1.2/"   # calls go to the new address


def test_a_token_kept_by_an_earlier_version_under_the_address_moves_to_the_identity(
        qtbot, client, make_account, secrets, memory_keyring):
    from urllib.parse import urlsplit

    from app.settings.secrets import StoredToken

    token = client.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)            # a real token of this store
    legacy = f"user@{urlsplit(client.base_url).netloc}"                     # e.g. user@127.0.0.1:8701
    secrets.save_token(legacy, StoredToken(token.token, token.secret))

    account = make_account(start=False)
    with qtbot.assertNotEmitted(account.reauth_required), \
            qtbot.waitSignal(account.user_changed, timeout=10000) as user:
        account.start()
    assert account.signed_in and user.args[0].email == DEMO_USER_EMAIL
    names = [name for _service, name in memory_keyring.entries]
    assert names == [f"access-token:user@{client.store_identity}"]         # moved, not copied
    assert secrets.load_token(legacy) is None

    again = make_account(start=False)                                       # and the next run finds it there
    with qtbot.waitSignal(again.user_changed, timeout=10000):
        again.start()
    assert again.signed_in


def test_a_token_under_the_identity_wins_over_a_legacy_one(qtbot, signed_in, client, make_account, secrets,
                                                           memory_keyring):
    from urllib.parse import urlsplit

    from app.settings.secrets import StoredToken

    legacy = f"user@{urlsplit(client.base_url).netloc}"
    secrets.save_token(legacy, StoredToken("stale", "stale-secret"))
    again = make_account(start=False)
    with qtbot.waitSignal(again.user_changed, timeout=10000):
        again.start()
    assert again.signed_in
    assert secrets.load_token(legacy) is not None                           # left alone: not needed

    again.sign_out()                                                        # but signing out means both
    assert again.wait_for_keyring() and memory_keyring.entries == {}
    third = make_account()
    assert not third.signed_in and secrets.load_token(f"user@{client.store_identity}") is None
