"""Who is signed in: OAuth 1.0 sign-in in the app, the access token in the keyring, user calls.

Two ways to sign in, both ending in the same signed-in state (the access token in the keyring):

* in the app (`sign_in`), 7digital's "premium" flow: a request token (2-legged), authorised with
  the user's email and password, exchanged for an access token. The password is used once, on a
  worker thread, and never kept. Most real keys are refused this call (KeyNotAllowedError).
* in the web browser (`sign_in_in_browser`), OAuth 1.0's usual flow: a request token, the store's
  sign-in page opened in the system browser with a callback to a one-shot loopback listener in the
  app (oauth_callback.py), and on its `status=Authorised` the access token (no verifier in 7digital's
  OAuth 1.0). Any other status is a SignInDeclinedError; no answer in time a SignInTimedOutError.
 Every call that needs the user goes through `call()`: if nobody is
signed in, or the store says the token is invalid, expired or revoked, the call waits,
`reauth_required` asks the UI to sign in again (with a `SignInReason`, worded by the UI), and the
call is retried once that succeeds. Any other refusal keeps the token: a wrong clock (the client
signs again with the store's time, and reports a ClockSkewError only if that fails too), a bad
signature, a refused consumer key.

The token is kept per store identity (`StoreClient.store_identity`), not per address: the embedded
store keeps its identity when its usual port is busy and it listens on another one.

The keyring is only ever used on a worker of its own, one call after another in the order asked (a
restore's read before the sign-in's save or the sign-out's delete that follow it): importing keyring,
choosing its backend and a D-Bus round trip to the Secret Service take 0.1 s and more, far beyond a
frame. While the saved token is read and checked, calls that need the user wait without asking; a
sign-in started or a sign-out meanwhile wins over the restore, whose late answer is dropped.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QObject, Signal
from shiboken6 import Shiboken
from PySide6.QtGui import QDesktopServices

from app.api import (AuthError, NetworkError, OAuthToken, SignInDeclinedError, SignInTimedOutError, StoreClient,
                     StoreError, User)
from app.settings.logs import register_secret
from app.settings.secrets import SecretStore, StoredToken

from .keyring_worker import keyring_worker
from .oauth_callback import DEFAULT_PAGE, DEFAULT_TIMEOUT_MS, CallbackListener
from .store import CurrentStore, StoreChange
from .tasks import JobGroup, TaskRunner, ignore_errors

log = logging.getLogger(__name__)

AUTHORISED = "Authorised"       # the status of the store's callback when the user signed in (API notes §5)
KEYRING_QUIT_WAIT_MS = 3000     # at quit, how long a sign-out's delete (or a save) still queued may take


class SignInReason(Enum):
    """Why the user is asked to sign in (app/ui/shopping_messages.py words it)."""

    NEEDED = "needed"          # a call needs the user and nobody is signed in
    EXPIRED = "expired"        # the store no longer honours the token
    CHECKOUT = "checkout"
    LOCKER = "locker"


class SignInCancelled(Exception):
    """A call that needed the user was dropped because they didn't sign in."""

    def __init__(self) -> None:
        super().__init__("sign-in was cancelled")     # for logs; app/ui/errors.py words it


class StoreStarting(NetworkError):
    """Sign-in was asked for before the (embedded) store is up."""

    def __init__(self) -> None:
        super().__init__("The store is still starting; try again in a moment")


@dataclass
class _UserCall:
    fn: Callable[[StoreClient], Any]
    on_done: Callable[[Any], None]
    on_error: Callable[[Exception], None] | None
    retried: bool = False


def is_expired_token(exc: BaseException) -> bool:
    """True only when the store said the user's token is invalid, expired or revoked (a 401 whose
    text says so, see AuthError.token_rejected): then, and only then, the token is forgotten.
    A refusal for a wrong clock (ClockSkewError), a nonce or a signature keeps it."""
    return isinstance(exc, AuthError) and exc.token_rejected


class AccountService(QObject):
    """Sign-in state, the signed-in client, and user calls that survive a token expiry."""

    signed_in_changed = Signal(bool)      # True after sign-in (or a restored token), False after sign-out
    user_changed = Signal(object)         # the User, or None
    sign_in_started = Signal()
    sign_in_failed = Signal(object)       # the exception; nothing else changed
    reauth_required = Signal(object)      # SignInReason: why the user must sign in (again); calls are waiting
    # The browser sign-in waits for the user: the sign-in page's URL, and whether a browser was
    # opened with it (False: none could be, show the link to copy).
    browser_sign_in_waiting = Signal(str, bool)
    restoring_changed = Signal(bool)      # the saved sign-in is being read and checked (True), or done

    def __init__(self, runner: TaskRunner, store: CurrentStore, secrets: SecretStore,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._runner = runner
        self._store = store
        # The store the token belongs to (its keyring name): a country change keeps it, and so
        # does the same store at another address.
        self._service = _account_name(store.client) if store.client is not None else None
        self._secrets = secrets
        self._started = False
        self._token: OAuthToken | None = None
        self._user: User | None = None
        self._waiting: list[_UserCall] = []
        self._signing_in = False
        self._restoring = False            # a saved token is being read, or checked with the store
        self._restore_ticket: object | None = None    # the restore in flight; anything else is stale
        self._held_reason: SignInReason | None = None  # why the first call waiting during a restore waits
        # Keyring calls in order, one at a time (see the module docstring); never cancelled, so a
        # sign-out's delete is not lost, and waited for at quit.
        self._keyring = keyring_worker()
        self._checks = JobGroup(runner)     # a restored token's check with the store
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._finish_keyring)
        self._asked = False                # reauth_required already emitted for the waiting calls
        self._browser: CallbackListener | None = None     # the browser sign-in's listener, while it waits
        self._browser_url = ""
        self.browser_timeout_ms = DEFAULT_TIMEOUT_MS
        # (title, sentence) of the page the browser shows once it handed the sign-in back: the UI words it.
        self.callback_page = DEFAULT_PAGE
        store.changed.connect(self._on_store_changed)

    # -- state ---------------------------------------------------------------------------
    @property
    def signed_in(self) -> bool:
        return self._token is not None

    @property
    def user(self) -> User | None:
        return self._user

    @property
    def signing_in(self) -> bool:
        return self._signing_in

    @property
    def restoring(self) -> bool:
        """True while the saved token is read from the keyring or checked with the store."""
        return self._restoring

    @property
    def waiting_for_browser(self) -> bool:
        """True while the browser sign-in waits for the user to answer the store's page."""
        return self._browser is not None and bool(self._browser_url)

    @property
    def browser_sign_in_url(self) -> str:
        """The store's sign-in page the browser sign-in waits on ("" when it isn't waiting)."""
        return self._browser_url if self._browser is not None else ""

    @property
    def waiting_calls(self) -> int:
        return len(self._waiting)

    def user_client(self) -> StoreClient | None:
        """A client signing with the user's token (3-legged), or None when signed out."""
        client = self._base_client()
        if self._token is None or client is None:
            return None
        return client.with_access_token(self._token)

    # -- actions -------------------------------------------------------------------------
    def start(self) -> None:
        """Restore a saved token (if any) and find out who it belongs to (once there is a client)."""
        self._started = True
        if self._service is not None:
            self._restore()

    def sign_in(self, email: str, password: str) -> None:
        """Sign in on a worker; `signed_in_changed(True)` or `sign_in_failed(exc)` follows."""
        client = self._begin_sign_in()
        if client is None:
            return
        name = _account_name(client)
        register_secret(password)       # the password is never stored, and never logged either

        def job(_token):
            token = client.sign_in(email, password)
            return token, client.with_access_token(token).user_details()

        self._runner.submit(job, on_done=lambda result: self._on_signed_in(name, result),
                            on_error=self._on_sign_in_failed)

    def _begin_sign_in(self):
        """The client to sign in with, once `sign_in_started` went out; None (and said) when not now."""
        if self._signing_in:
            return None
        client = self._base_client()
        if client is None:
            self.sign_in_failed.emit(StoreStarting())
            return None
        self._signing_in = True
        self._drop_restore()            # the user's own sign-in wins over a restore still in flight
        self.sign_in_started.emit()
        return client

    def sign_in_in_browser(self) -> None:
        """Sign in on the store's page in the system browser (see the module docstring);
        `browser_sign_in_waiting`, then `signed_in_changed(True)` or `sign_in_failed(exc)` follow."""
        client = self._begin_sign_in()
        if client is None:
            return
        name = _account_name(client)
        listener = self._browser = CallbackListener(self.browser_timeout_ms, self, self.callback_page)
        self._browser_url = ""
        self._runner.submit(lambda _token: client.request_token(),
                            on_done=lambda token: self._on_request_token(listener, name, client, token),
                            on_error=lambda exc: self._end_browser(listener, exc))

    def open_browser_again(self) -> bool:
        """Open the waiting sign-in page in the system browser again; False if none could be opened."""
        url = self.browser_sign_in_url
        return bool(url) and self._open_in_browser(url)

    def cancel_browser_sign_in(self) -> None:
        """Stop waiting for the browser: a later answer from the store's page is ignored."""
        if self._browser is not None:
            self._end_browser(self._browser, None)

    def sign_out(self) -> None:
        """Forget the token here and in the keyring; waiting calls are dropped. A restore still in
        flight is dropped too: its late answer must not sign the user in again."""
        self._drop_restore()
        if self._service is not None:
            names = [self._service]
            client = self._store.client
            if client is not None:      # nor may an earlier version's copy sign the user in again
                names.append(_legacy_account_name(client))
            self._forget_tokens(*names)
        was_signed_in = self._token is not None
        self._token = None
        self._set_user(None)
        self.cancel_waiting()
        if was_signed_in:
            self.signed_in_changed.emit(False)

    def cancel_waiting(self) -> None:
        """The user closed the sign-in dialog: fail the calls that were waiting for it."""
        waiting, self._waiting, self._asked = self._waiting, [], False
        for call in waiting:
            if call.on_error is not None:
                call.on_error(SignInCancelled())

    def wait_for_keyring(self, msecs: int = KEYRING_QUIT_WAIT_MS) -> bool:
        """Quit and tests only: block until the keyring calls asked so far (saves, deletes) are done."""
        return self._keyring.wait_for_idle(msecs)

    def call(self, fn: Callable[[StoreClient], Any], on_done: Callable[[Any], None],
             on_error: Callable[[Exception], None] | None = None,
             reason: SignInReason = SignInReason.NEEDED) -> None:
        """Run `fn(user_client)` on a worker; waits for a sign-in first if needed, retries after a 401."""
        self._run(_UserCall(fn, on_done, on_error), reason)

    # -- private -------------------------------------------------------------------------
    def _finish_keyring(self) -> None:
        # At quit: a sign-out's delete (or a sign-in's save) still queued is written before the app ends.
        try:
            finished = self.wait_for_keyring()
        except RuntimeError:        # this service is already gone, and its keyring calls with it
            return
        if not finished:
            log.warning("the keyring did not answer in time at quit; the last change may be lost")

    def _base_client(self) -> StoreClient | None:
        """The current store's client without any user token (read each time: never a stale one)."""
        client = self._store.client
        return client.with_access_token(None) if client is not None else None

    def _on_store_changed(self, change: StoreChange) -> None:
        # Another country keeps the user, and so does the same store on another port (same
        # identity); another store has its own sign-in (its own keyring entry).
        client = self._store.client
        if client is None or not change.service_changed:
            return
        name = _account_name(client)
        if name == self._service:
            return
        self._service = name
        self._drop_restore()
        if self._token is not None:
            self._token = None
            self._set_user(None)
            self.signed_in_changed.emit(False)
        if self._started:
            self._restore()

    def _restore(self) -> None:
        # The saved token is read on the keyring's worker, then checked before the app calls itself
        # signed in: one the store no longer honours is dropped quietly (nobody asked for anything
        # yet, so no prompt).
        name = self._service
        client = self._store.client
        legacy = _legacy_account_name(client) if client is not None else None
        ticket = self._restore_ticket = object()
        self._set_restoring(True)
        secrets = self._secrets
        self._keyring.submit(lambda _token: _read_saved_token(secrets, name, legacy),
                             on_done=self._while_alive(lambda stored: self._on_token_read(ticket, name, stored)),
                             on_error=self._while_alive(lambda exc: self._on_token_read(ticket, name, None, exc)))

    def _on_token_read(self, ticket: object, name: str, stored: StoredToken | None,
                       exc: Exception | None = None) -> None:
        if ticket is not self._restore_ticket:
            return                                    # a sign-in, a sign-out or another store meanwhile
        if exc is not None:     # SecretStore answers "nothing" for a keyring failure; this is a bug
            log.warning("reading the saved sign-in failed: %s: %s", type(exc).__name__, exc)
        client = self._base_client()
        if stored is None or client is None:
            self._end_restore()
            return
        token = OAuthToken(stored.token, stored.secret)
        client = client.with_access_token(token)
        self._checks.submit(lambda _token: client.user_details(),
                            on_done=self._while_alive(lambda user: self._on_restored(ticket, name, token, user)),
                            on_error=self._while_alive(lambda exc: self._on_restore_failed(ticket, name, token, exc)))

    def _while_alive(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """`callback`, or nothing once this service's Qt object is deleted (a keyring call or a check
        may outlive it). Asked when the answer comes, not with a `destroyed` handler: a Python handler
        of `destroyed` run while garbage collection deletes the service crashed PySide."""
        return lambda value: callback(value) if Shiboken.isValid(self) else None

    def _set_restoring(self, restoring: bool) -> None:
        if restoring != self._restoring:
            self._restoring = restoring
            self.restoring_changed.emit(restoring)

    def _drop_restore(self) -> None:
        """Whatever a restore in flight answers from now on is ignored."""
        if self._restore_ticket is not None:
            self._restore_ticket = None
            self._set_restoring(False)
            self._held_reason = None

    def _end_restore(self) -> None:
        """Nothing (usable) was saved: calls that waited quietly for the restore now ask for a sign-in."""
        self._restore_ticket = None
        self._set_restoring(False)
        reason, self._held_reason = self._held_reason, None
        if self._waiting and not self._asked and not self._signing_in:
            self._asked = True
            self.reauth_required.emit(reason or SignInReason.NEEDED)

    def _on_restored(self, ticket: object, name: str, token: OAuthToken, user: User | None) -> None:
        if ticket is not self._restore_ticket or name != self._service:
            return                                    # superseded, or the service changed meanwhile
        self._restore_ticket = None
        self._set_restoring(False)
        self._held_reason = None
        self._token = token
        if user is not None:
            self._set_user(user)
        self.signed_in_changed.emit(True)
        self._run_waiting()

    def _on_restore_failed(self, ticket: object, name: str, token: OAuthToken, exc: Exception) -> None:
        if ticket is not self._restore_ticket:
            return
        if not is_expired_token(exc):
            self._on_restored(ticket, name, token, None)  # couldn't check (offline): a later 401 asks again
            return
        self._forget_tokens(name)
        self._held_reason = SignInReason.EXPIRED
        self._end_restore()

    def _forget_tokens(self, *names: str) -> None:
        """Delete saved tokens on the keyring's worker, after any keyring call asked before."""
        secrets = self._secrets

        def delete(_token) -> None:
            for name in names:
                secrets.delete_token(name)

        self._keyring.submit(delete, on_done=lambda _r: None,
                             on_error=ignore_errors("SecretStore logs keyring failures itself"))


    def _run(self, call: _UserCall, reason: SignInReason) -> None:
        client, used = self.user_client(), self._token
        if client is None:
            self._wait(call, reason)
            return
        self._runner.submit(lambda _token: call.fn(client), on_done=call.on_done,
                            on_error=lambda exc: self._on_call_failed(call, used, exc))

    def _wait(self, call: _UserCall, reason: SignInReason) -> None:
        self._waiting.append(call)
        if self._restoring and self._held_reason is None:
            self._held_reason = reason
        if not self._asked and not self._signing_in and not self._restoring:
            self._asked = True
            self.reauth_required.emit(reason)

    def _on_call_failed(self, call: _UserCall, used: OAuthToken, exc: Exception) -> None:
        if not is_expired_token(exc) or call.retried:
            if call.on_error is not None:
                call.on_error(exc)
            return
        call.retried = True
        if self._token is not None and self._token == used:
            # The token this call used is dead: drop it, then ask once for all waiting calls.
            self._token = None
            self._forget_tokens(self._service)
            self.signed_in_changed.emit(False)
        self._run(call, SignInReason.EXPIRED)

    def _on_signed_in(self, name: str, result: tuple[OAuthToken, User]) -> None:
        # Kept under the service it was issued by, even if the user switched service meanwhile; the
        # sign-in is announced once it is saved, so the UI can say where it was kept (shopping.py).
        token, user = result
        stored, secrets = StoredToken(token.token, token.secret), self._secrets
        self._keyring.submit(lambda _token: secrets.save_token(name, stored),
                             on_done=self._while_alive(lambda _r: self._on_token_saved(name, token, user)),
                             on_error=self._while_alive(lambda exc: self._on_token_saved(name, token, user, exc)))

    def _on_token_saved(self, name: str, token: OAuthToken, user: User, exc: Exception | None = None) -> None:
        if exc is not None:     # SecretStore keeps it for this run when the keyring fails; this is a bug
            log.warning("saving the sign-in failed: %s: %s", type(exc).__name__, exc)
        self._signing_in = False
        if name != self._service:             # the user switched service meanwhile: still signed out here
            self.signed_in_changed.emit(False)
            return
        self._token = token
        self._set_user(user)
        self.signed_in_changed.emit(True)
        self._run_waiting()

    def _run_waiting(self) -> None:
        waiting, self._waiting, self._asked = self._waiting, [], False
        for call in waiting:
            self._run(call, SignInReason.NEEDED)

    # -- browser sign-in -----------------------------------------------------------------
    def _on_request_token(self, listener: CallbackListener, name: str, client: StoreClient,
                          token: OAuthToken) -> None:
        if listener is not self._browser:
            return                                    # cancelled meanwhile
        try:
            url = client.authorise_url(token, listener.start(token.token))
            self._checked_url(url, client)
        except (StoreError, OSError, ValueError) as exc:
            self._end_browser(listener, exc)
            return
        self._browser_url = url
        listener.received.connect(lambda status: self._on_browser_answer(listener, name, client, token, status))
        listener.timed_out.connect(lambda: self._end_browser(
            listener, SignInTimedOutError(max(1, round(self.browser_timeout_ms / 60_000)))))
        self.browser_sign_in_waiting.emit(url, self._open_in_browser(url))

    def _on_browser_answer(self, listener: CallbackListener, name: str, client: StoreClient, token: OAuthToken,
                           status: str) -> None:
        if listener is not self._browser:
            return
        self._browser, self._browser_url = None, ""
        listener.dispose()
        if status != AUTHORISED:
            self._on_sign_in_failed(SignInDeclinedError(status))
            return

        def job(_token):
            access = client.access_token(token)
            return access, client.with_access_token(access).user_details()

        self._runner.submit(job, on_done=lambda result: self._on_signed_in(name, result),
                            on_error=self._on_sign_in_failed)

    def _end_browser(self, listener: CallbackListener, exc: Exception | None) -> None:
        """The browser sign-in with `listener` ends: failed with `exc`, or cancelled (None)."""
        if listener is not self._browser:
            return
        self._browser, self._browser_url = None, ""
        listener.dispose()
        if exc is not None:
            self._on_sign_in_failed(exc)
        else:
            self._signing_in = False

    def _checked_url(self, url: str, client: StoreClient):
        # Lazily: checkout.py imports this module. The same check as every link for the browser.
        from .checkout import safe_qurl

        return safe_qurl(url, client.base_url)

    def _open_in_browser(self, url: str) -> bool:
        client = self._base_client()
        try:
            qurl = self._checked_url(url, client) if client is not None else None
        except StoreError:
            return False
        return qurl is not None and QDesktopServices.openUrl(qurl)

    def _on_sign_in_failed(self, exc: Exception) -> None:
        self._signing_in = False
        self.sign_in_failed.emit(exc)

    def _set_user(self, user: User | None) -> None:
        if user != self._user:
            self._user = user
            self.user_changed.emit(user)


def _read_saved_token(secrets: SecretStore, name: str, legacy: str | None) -> StoredToken | None:
    """On the keyring's worker: the token saved for `name`; else one an earlier version kept under
    the store's address (`legacy`, `user@host:port`), moved, once, to `name`, so that updating the
    app doesn't sign anyone out."""
    stored = secrets.load_token(name)
    if stored is not None or legacy is None or legacy == name:
        return stored
    stored = secrets.load_token(legacy)
    if stored is not None:
        secrets.save_token(name, stored)
        secrets.delete_token(legacy)
    return stored


def _account_name(client: StoreClient) -> str:
    """The keyring entry name: one signed-in user per store (its identity, not its address)."""
    return f"user@{client.store_identity}"


def _legacy_account_name(client: StoreClient) -> str:
    """Where versions before store identities kept the token: one per store host and port."""
    return f"user@{urlsplit(client.base_url).netloc or 'store'}"
