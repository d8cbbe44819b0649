"""OAuth 1.0a checks through oauthlib's server endpoints, plus the sandbox's consumers, users and tokens.

Key-only calls need a known `oauth_consumer_key`; signed calls are verified by oauthlib
(`SignatureOnlyEndpoint` for 2-legged, `ResourceEndpoint` for 3-legged). oauthlib answers only
True/False, so parameter problems are classified first with its own request parser to pick
400 (bad request: duplicated or missing OAuth parameter, unsupported signature method) or 401.
"""
from __future__ import annotations

import re
import secrets
import string
import threading
import time
from dataclasses import dataclass
from urllib.parse import unquote

from oauthlib.oauth1 import RequestValidator, ResourceEndpoint, SignatureOnlyEndpoint
from oauthlib.oauth1.rfc5849 import SIGNATURE_HMAC_SHA1, errors

from app.sandbox.credentials import (DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_USER_EMAIL,
                                     DEMO_USER_ID, DEMO_USER_PASSWORD)
from app.sandbox.web import OAuthFailure, Request

TIMESTAMP_LIFETIME = 300   # seconds either way, as the issue asks (oauthlib's default is 600)
NONCE_MEMORY = 2 * TIMESTAMP_LIFETIME
_SAFE = frozenset(string.ascii_letters + string.digits + "-_")
_HEADER_KEY = re.compile(r'oauth_consumer_key="([^"]*)"')


@dataclass(frozen=True, slots=True)
class User:
    id: int
    email: str
    password: str


@dataclass
class Token:
    token: str
    secret: str
    consumer: str
    user_id: int | None = None   # request tokens: set once authorised


class Accounts:
    """Consumers, users, request/access tokens and remembered nonces; thread-safe."""

    def __init__(self):
        self.consumers = {DEMO_CONSUMER_KEY: DEMO_CONSUMER_SECRET}
        self.users = {DEMO_USER_EMAIL: User(DEMO_USER_ID, DEMO_USER_EMAIL, DEMO_USER_PASSWORD)}
        self.request_tokens: dict[str, Token] = {}
        self.access_tokens: dict[str, Token] = {}
        self._nonces: dict[tuple, float] = {}
        self._lock = threading.Lock()
        self.revision = 0       # bumped when access tokens change, so persistence knows when to save

    def restore_access_tokens(self, tokens: dict[str, Token]) -> None:
        with self._lock:
            self.access_tokens = tokens

    def user_by_id(self, user_id: int) -> User | None:
        return next((u for u in self.users.values() if u.id == user_id), None)

    def login(self, email: str, password: str) -> User | None:
        user = self.users.get((email or "").strip().lower())
        return user if user and secrets.compare_digest(user.password, password or "") else None

    def issue_request_token(self, consumer: str) -> Token:
        token = Token(secrets.token_urlsafe(24), secrets.token_urlsafe(24), consumer)
        with self._lock:
            self.request_tokens[token.token] = token
        return token

    def exchange(self, request_token: str) -> Token | None:
        """Trade an authorised request token for an access token (the request token is used up)."""
        with self._lock:
            rt = self.request_tokens.get(request_token)
            if rt is None or rt.user_id is None:
                return None
            del self.request_tokens[request_token]
            token = Token(secrets.token_urlsafe(24), secrets.token_urlsafe(24), rt.consumer, rt.user_id)
            self.access_tokens[token.token] = token
            self.revision += 1
            return token

    def revoke_tokens(self) -> None:
        with self._lock:
            self.access_tokens.clear()
            self.request_tokens.clear()
            self.revision += 1

    def nonce_seen(self, key: tuple) -> bool:
        with self._lock:
            return key in self._nonces

    def remember_nonce(self, key: tuple) -> bool:
        """Record a nonce; False if it was already there (a replay that raced the first check)."""
        now = time.monotonic()
        with self._lock:
            if len(self._nonces) > 20_000:
                self._nonces = {k: t for k, t in self._nonces.items() if now - t < NONCE_MEMORY}
            if key in self._nonces:
                return False
            self._nonces[key] = now
            return True


class _Validator(RequestValidator):
    """oauthlib's questions answered from `Accounts`. `token_kind` says which token table signs."""

    def __init__(self, accounts: Accounts, token_kind: str = "access", token_secret: str | None = None):
        super().__init__()
        self.accounts, self.token_kind, self.fixed_token_secret = accounts, token_kind, token_secret
        self.failure: str | None = None

    # Format limits: the defaults reject "demo-key", 28-digit nonces and our 32-char tokens.
    enforce_ssl = False
    timestamp_lifetime = TIMESTAMP_LIFETIME
    allowed_signature_methods = property(lambda self: (SIGNATURE_HMAC_SHA1,))
    safe_characters = property(lambda self: set(_SAFE))
    client_key_length = property(lambda self: (4, 64))
    nonce_length = property(lambda self: (6, 64))
    access_token_length = property(lambda self: (8, 64))
    request_token_length = property(lambda self: (8, 64))
    dummy_client = property(lambda self: "dummy-client-key")
    dummy_access_token = property(lambda self: "dummy-access-token")
    dummy_request_token = property(lambda self: "dummy-request-token")

    def validate_client_key(self, client_key, request):
        return client_key in self.accounts.consumers

    def get_client_secret(self, client_key, request):
        return self.accounts.consumers.get(client_key, "dummy-secret")

    def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request, request_token=None,
                                     access_token=None):
        if self.accounts.nonce_seen(nonce_key(client_key, timestamp, nonce, request)):
            self.failure = "Nonce already used"
            return False
        return True

    def _token(self, token):
        table = self.accounts.request_tokens if self.token_kind == "request" else self.accounts.access_tokens
        return table.get(token)

    def get_access_token_secret(self, client_key, token, request):
        if self.fixed_token_secret is not None:
            return self.fixed_token_secret
        found = self._token(token)
        return found.secret if found else "dummy-secret"

    def get_request_token_secret(self, client_key, token, request):
        return self.get_access_token_secret(client_key, token, request)

    def validate_access_token(self, client_key, token, request):
        found = self._token(token)
        if found is None or found.consumer != client_key:
            self.failure = "Invalid or expired token"
            return False
        return True

    def validate_realms(self, client_key, token, request, uri=None, realms=None):
        return True


def nonce_key(client_key, timestamp, nonce, request) -> tuple:
    return client_key, timestamp, nonce, getattr(request, "resource_owner_key", None)


def consumer_key_of(req: Request) -> str | None:
    key = req.get("oauth_consumer_key")
    if key is None:
        match = _HEADER_KEY.search(req.headers.get("Authorization", ""))
        key = unquote(match.group(1)) if match else None
    return key


class OAuthChecker:
    """The three levels of access the API has: key only, 2-legged signed, 3-legged signed."""

    def __init__(self, accounts: Accounts):
        self.accounts = accounts

    def check_key(self, req: Request) -> str:
        key = consumer_key_of(req)
        if not key:
            raise OAuthFailure(401, "Missing oauth_consumer_key")
        if key not in self.accounts.consumers:
            raise OAuthFailure(401, "Access to resource denied (unknown consumer key)")
        return key

    def verify(self, req: Request, *, three_legged: bool = False, token_kind: str = "access",
               require_token: bool = False, remember_nonce: bool = True, try_empty_token_secret: bool = False):
        """Verify the signature; returns oauthlib's request (with `.resource_owner_key`) or raises."""
        self.check_key(req)
        uri, body = req.full_uri, req.body.decode("utf-8", "replace") if req.body else None
        probe = SignatureOnlyEndpoint(_Validator(self.accounts))
        try:
            parsed = probe._create_request(uri, req.method, body, req.headers)
            if three_legged and not parsed.resource_owner_key:
                raise OAuthFailure(401, "Resource requires access token")
            probe._check_mandatory_parameters(parsed)
        except errors.OAuth1Error as exc:
            text = exc.description or str(exc)
            if "Timestamp given is invalid" in text:
                raise OAuthFailure(401, "Timestamp is more than 5 minutes off the server clock") from None
            raise OAuthFailure(400, text) from None
        if require_token and not parsed.resource_owner_key:
            raise OAuthFailure(401, "Resource requires access token")

        attempts = [None]
        if try_empty_token_secret and parsed.resource_owner_key:
            attempts = ["", None]   # a plain 2-legged signature with the token as an extra parameter
        ok, request, secret, failure = False, None, None, "Invalid signature"
        for secret in attempts:
            validator = _Validator(self.accounts, token_kind, secret)
            if three_legged:
                ok, request = ResourceEndpoint(validator).validate_protected_resource_request(
                    uri, req.method, body, req.headers)
            else:
                ok, request = SignatureOnlyEndpoint(validator).validate_request(uri, req.method, body, req.headers)
            if ok:
                break
            failure = validator.failure or failure
            if validator.failure == "Nonce already used":
                break
        if not ok:
            raise OAuthFailure(401, failure)
        if token_kind == "access" and request.resource_owner_key and secret is None \
                and request.resource_owner_key not in self.accounts.access_tokens:
            raise OAuthFailure(401, "Invalid or expired token")
        if remember_nonce and not self.accounts.remember_nonce(
                nonce_key(request.client_key, request.timestamp, request.nonce, request)):
            raise OAuthFailure(401, "Nonce already used")
        return request
