"""The one error hierarchy of the client. Every `str(exc)` is a short sentence a person can read.

    StoreError
    ├── ApiError(code, message)         <response status="error"> or an HTTP status with no usable body
    │   ├── InputError                  1xxx: a parameter is missing or invalid
    │   ├── NotFoundError               2xxx: no such artist/release/track/basket/tag
    │   ├── PaymentError                3xxx: card, payment, voucher
    │   └── ServerError                 7xxx/9xxx and HTTP 5xx
    ├── AuthError(status, reason)       HTTP 400/401 "OAuth authentication error: …"
    │   ├── WrongCredentialsError       sign-in: the email address and password match no account
    │   ├── KeyNotAllowedError          sign-in: the key may not sign users in inside the app (premium only)
    │   └── KeyRefusedError             the consumer key or secret was refused (the clocks agree)
    ├── SignInDeclinedError             the user chose Deny on the store's sign-in page in the browser
    ├── SignInTimedOutError             the browser sign-in was not finished in time
    ├── ClockSkewError(offset)          refused, and the store's clock (HTTP Date) is minutes from ours
    ├── NetworkError                    timeouts, refused or dropped connections
    └── ResponseFormatError             not XML, hostile XML, too big, unexpected shape, a bad number
        └── UnsafeLinkError(scheme)     a link to open in a browser that is not https (file:, javascript:…)

Messages never carry OAuth signatures, tokens or secrets: anything that might (URLs, server text)
goes through `redact()` first.
"""
from __future__ import annotations

import re

__all__ = [
    "StoreError", "ApiError", "InputError", "NotFoundError", "PaymentError", "ServerError",
    "AuthError", "WrongCredentialsError", "KeyNotAllowedError", "KeyRefusedError", "SignInDeclinedError",
    "SignInTimedOutError", "sign_in_refusal", "ClockSkewError",
    "NetworkError", "ResponseFormatError", "UnsafeLinkError", "api_error",
    "redact", "says_token_rejected",
]

# Query/form parameters whose values must never reach a message or a log line.
_SECRET_PARAMS = re.compile(
    r"(?i)(?:(?<![\w])|(?<=%3F)|(?<=%26))"  # a word start, also inside a percent-encoded URL
    r"(oauth_signature|oauth_token_secret|oauth_token|oauth_verifier|oauth_nonce|"
    r"consumer_secret|client_secret|token_secret|password|token)(=|%3D)(?!\")"
    r"([^&\s\"'<>%]*(?:%(?!26)[^&\s\"'<>%]*)*)"  # the value, up to & or an encoded & (%26)
)
# The same parameters inside an OAuth `Authorization:` header: name="value".
_SECRET_HEADER_PARAMS = re.compile(
    r'(?i)\b(oauth_signature|oauth_token|oauth_nonce)="([^"]*)"'
)
_MAX_MESSAGE = 160


def redact(text: object) -> str:
    """`text` with the values of signature/token/secret/password parameters replaced by `***`."""
    text = _SECRET_HEADER_PARAMS.sub(lambda m: f'{m.group(1)}="***"', str(text))
    return _SECRET_PARAMS.sub(lambda m: f"{m.group(1)}{m.group(2)}***", text)


def _sentence(text: str | None, fallback: str) -> str:
    """One line, redacted, bounded, without a trailing full stop (callers add their own suffix)."""
    text = " ".join(redact(text or "").split()).rstrip(".")
    if not text:
        return fallback
    if len(text) > _MAX_MESSAGE:
        text = text[: _MAX_MESSAGE - 1].rstrip() + "…"
    return text


class StoreError(Exception):
    """Anything that went wrong talking to the store."""

    def __init__(self, message: str = "") -> None:
        self.message = _sentence(message, "The store could not be used")
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class ApiError(StoreError):
    """The store answered with an error: `code` is 7digital's error code (None when it sent none)."""

    def __init__(self, code: int | None, message: str, status: int | None = None) -> None:
        self.code = code
        self.status = status  # the HTTP status it came with, when known
        super().__init__(message)

    def __str__(self) -> str:
        if self.code is not None:
            return f"{self.message} (error {self.code})"
        if self.status is not None and self.status >= 400:
            return f"{self.message} (HTTP {self.status})"
        return self.message

    def __reduce__(self):
        return (type(self), (self.code, self.message, self.status))


class InputError(ApiError):
    """1xxx: a required parameter is missing or a value is not valid."""


class NotFoundError(ApiError):
    """2xxx: the artist, release, track, basket or tag does not exist (here)."""


class PaymentError(ApiError):
    """3xxx: card, payment or voucher problems."""


class ServerError(ApiError):
    """7xxx/9xxx or HTTP 5xx: the store failed; trying again later may help."""


class AuthError(StoreError):
    """HTTP 400/401/403: the key, signature or user token was refused.

    `for_user` is True when the refused call acted for a signed-in user (or needed one): signing in
    again may help. False means the consumer key/secret or the request itself was refused.
    """

    def __init__(self, status: int, reason: str, message: str | None = None, for_user: bool = False) -> None:
        self.status = status
        self.for_user = for_user
        self.reason = _sentence(_strip_oauth_prefix(reason), "Access to resource denied")
        self._says_token_rejected = says_token_rejected(reason)   # what the store said, not the fallback
        self._sent = message is None  # False: refused locally, before anything was sent
        super().__init__(message or f"The store refused the request: {self.reason}")

    def __str__(self) -> str:
        return f"{self.message} (HTTP {self.status})" if self._sent else self.message

    def __reduce__(self):
        return (type(self), (self.status, self.reason, None if self._sent else self.message, self.for_user),
                {"_says_token_rejected": self._says_token_rejected})


    @property
    def token_rejected(self) -> bool:
        """True when the store said the user's token is no good (invalid, expired, revoked, or not
        accepted as a token at all): only then does signing in again help, and only then may the
        token be forgotten. False for every other refusal: the clock, a nonce, the signature, the
        consumer key, or a call that carried no user token."""
        return self.for_user and self.status == 401 and self._says_token_rejected


class WrongCredentialsError(AuthError):
    """Sign-in: the store knows no account with that email address and password."""


class KeyNotAllowedError(AuthError):
    """Sign-in: the store refused the in-app sign-in call (oauth/requestToken/authorise) for this
    consumer key ("Access to resource denied") although the key itself works: the real service
    grants that call to premium keys only. Signing in through the browser still works."""


class KeyRefusedError(AuthError):
    """A signed call was refused for the app's consumer key or secret (an unknown key, a signature
    made with the wrong secret) while the store's clock agrees with ours (else: ClockSkewError)."""


class SignInDeclinedError(StoreError):
    """The user chose Deny on the store's sign-in page in the web browser: nothing was authorised."""

    def __init__(self, status: str = "") -> None:
        self.status = _sentence(status, "")[:40]     # what the store's redirect said (e.g. "Denied")
        super().__init__("The sign-in was declined in the web browser")

    def __reduce__(self):
        return (type(self), (self.status,))


class SignInTimedOutError(StoreError):
    """Nobody finished signing in on the store's page in the web browser within `minutes`."""

    def __init__(self, minutes: int = 5) -> None:
        self.minutes = int(minutes)
        super().__init__(f"The sign-in in the web browser was not finished within {self.minutes} minutes")

    def __reduce__(self):
        return (type(self), (self.minutes,))


# What a refused sign-in step says (after "OAuth authentication error: "), by what it names.
_NAMES_CREDENTIALS = re.compile(r"(?i)password|e-?mail|username|user name|login|credentials")
_NAMES_KEY = re.compile(r"(?i)signature|consumer|\bkey\b|secret")


def sign_in_refusal(exc: AuthError, *, authorising: bool) -> AuthError:
    """The typed error for a refusal (HTTP 400/401/403) of a sign-in step: getting a request token
    (`authorising` False) or authorising it with email and password (True). What the store said
    decides: a wrong email or password; "Access to resource denied" when authorising (the key got
    its request token, so the key works but may not use this call); a refused signature or key.
    Anything else (an expired request token, a replayed nonce) is returned unchanged."""
    if type(exc) is not AuthError:
        return exc
    reason = exc.reason.strip().rstrip(".")
    if authorising and _NAMES_CREDENTIALS.search(reason) and not _NAMES_KEY.search(reason):
        cls = WrongCredentialsError
    elif authorising and reason.lower() == "access to resource denied":
        cls = KeyNotAllowedError
    elif _NAMES_KEY.search(reason) or reason.lower() == "access to resource denied":
        cls = KeyRefusedError
    else:
        return exc
    typed = cls(exc.status, exc.reason, None if exc._sent else exc.message, exc.for_user)
    typed._says_token_rejected = False      # about the key or the password, never a user's token
    return typed


class ClockSkewError(StoreError):
    """The store refused a signed call and its clock (the HTTP Date of its answer) is `offset`
    seconds from this computer's, even after the call was signed again with the store's time.

    Not an AuthError: nothing is wrong with the key or the user's token, and no one should be
    asked to sign in again; the computer's clock needs setting. `offset` is the store's time minus
    this computer's (negative: this computer's clock is ahead)."""

    def __init__(self, offset: float, status: int = 401, reason: str = "", for_user: bool = False) -> None:
        self.offset = float(offset)
        self.status = status
        self.reason = _sentence(_strip_oauth_prefix(reason), "Access to resource denied")
        self.for_user = for_user
        super().__init__(f"This computer's clock is {self.minutes} minute{'s' if self.minutes != 1 else ''} "
                         f"{'behind' if self.offset > 0 else 'ahead of'} the store's clock")

    @property
    def minutes(self) -> int:
        """How far off the clock is, in whole minutes (at least 1)."""
        return max(1, round(abs(self.offset) / 60))

    @property
    def token_rejected(self) -> bool:
        return False

    def __reduce__(self):
        return (type(self), (self.offset, self.status, self.reason, self.for_user))


class NetworkError(StoreError):
    """The store could not be reached, or stopped answering (timeout, refused, dropped)."""


class RequestCancelled(StoreError):
    """The caller gave up on the call (its `cancelled` check said so) before the answer was read."""


class ResponseFormatError(StoreError):
    """The store's answer was not the XML this client understands (or was unsafe/too large)."""


class UnsafeLinkError(ResponseFormatError):
    """The store sent a link for the web browser that is not safe to open: not https (plain http
    only between the embedded store and this machine). `scheme` is what it was ("file",
    "javascript", "http", … or "" when not even that could be read). Nothing was opened."""

    def __init__(self, scheme: str = "") -> None:
        self.scheme = (scheme or "")[:32]
        super().__init__(f"The link the store sent is a {self.scheme}: address, not https" if self.scheme
                         else "The link the store sent is not a web address")

    def __reduce__(self):
        return (type(self), (self.scheme,))


def _strip_oauth_prefix(reason: str) -> str:
    text = (reason or "").strip()
    prefix = "oauth authentication error:"
    if text.lower().startswith(prefix):
        text = text[len(prefix):].strip()
    return text


# What the store says when a user's token is no good. The real service's 401 texts (the shared
# 7digital API notes, "HTTP status codes") are "OAuth authentication error: Access to resource
# denied" (its one answer for a refused key or token), "… Resource requires access token" and
# "… Not authorised - no user credentials provided"; the embedded store has said "Invalid or
# expired token". Refusals that name something other than the token (the timestamp or clock, a
# nonce, the signature, the consumer key, the country or shop) never count, whatever else they say.
_NOT_ABOUT_TOKEN = re.compile(r"(?i)timestamp|clock|nonce|signature|consumer|\bkey\b|country|shop")
_TOKEN_REJECTED = re.compile(
    r"(?i)^access to resource denied$"
    r"|\btoken\b.*\b(invalid|expired|revoked|rejected|unknown|not (found|valid|recogni[sz]ed))\b"
    r"|\b(invalid|expired|revoked|rejected|unknown)\b.*\btoken\b"
    r"|requires (an )?access token|no user credentials|not authori[sz]ed")
_NAMES_TOKEN = re.compile(r"(?i)\btoken\b|credentials")


def says_token_rejected(reason: str | None, *, by_name: bool = False) -> bool:
    """True when a 401's text (with or without the "OAuth authentication error:" prefix) says the
    user's token is invalid, expired or revoked; see `AuthError.token_rejected`. With `by_name`,
    only a text that names the token counts (not the generic "Access to resource denied")."""
    text = _strip_oauth_prefix(reason or "").strip().rstrip(".")
    if not text or len(text) > 300 or _NOT_ABOUT_TOKEN.search(text):
        return False
    if by_name and _NAMES_TOKEN.search(text) is None:
        return False
    return _TOKEN_REJECTED.search(text) is not None


_BY_THOUSAND = {1: InputError, 2: NotFoundError, 3: PaymentError, 7: ServerError, 9: ServerError}


def api_error(code: int | None, message: str, status: int | None = None) -> ApiError:
    """The typed error for a 7digital error code (1xxx input, 2xxx not found, 3xxx payment, 7/9xxx server)."""
    cls = _BY_THOUSAND.get(code // 1000, ApiError) if code is not None else ApiError
    if code is None and status is not None:
        if status == 404:
            cls = NotFoundError
        elif status >= 500:
            cls = ServerError
    return cls(code, message, status)
