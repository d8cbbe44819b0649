"""The one error hierarchy of the client. Every `str(exc)` is a short sentence a person can read.

    StoreError
    ├── ApiError(code, message)         <response status="error"> or an HTTP status with no usable body
    │   ├── InputError                  1xxx: a parameter is missing or invalid
    │   ├── NotFoundError               2xxx: no such artist/release/track/basket/tag
    │   ├── PaymentError                3xxx: card, payment, voucher
    │   └── ServerError                 7xxx/9xxx and HTTP 5xx
    ├── AuthError(status, reason)       HTTP 400/401 "OAuth authentication error: …"
    ├── NetworkError                    timeouts, refused or dropped connections
    └── ResponseFormatError             not XML, hostile XML, too big, unexpected shape

Messages never carry OAuth signatures, tokens or secrets: anything that might (URLs, server text)
goes through `redact()` first.
"""
from __future__ import annotations

import re

__all__ = [
    "StoreError", "ApiError", "InputError", "NotFoundError", "PaymentError", "ServerError",
    "AuthError", "NetworkError", "ResponseFormatError", "api_error", "redact",
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
        self._sent = message is None  # False: refused locally, before anything was sent
        super().__init__(message or f"The store refused the request: {self.reason}")

    def __str__(self) -> str:
        return f"{self.message} (HTTP {self.status})" if self._sent else self.message

    def __reduce__(self):
        return (type(self), (self.status, self.reason, None if self._sent else self.message, self.for_user))


class NetworkError(StoreError):
    """The store could not be reached, or stopped answering (timeout, refused, dropped)."""


class RequestCancelled(StoreError):
    """The caller gave up on the call (its `cancelled` check said so) before the answer was read."""


class ResponseFormatError(StoreError):
    """The store's answer was not the XML this client understands (or was unsafe/too large)."""


def _strip_oauth_prefix(reason: str) -> str:
    text = (reason or "").strip()
    prefix = "oauth authentication error:"
    if text.lower().startswith(prefix):
        text = text[len(prefix):].strip()
    return text


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
