"""The API route table: lower-case path → (handler, access level). Modules register on import."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

from app.sandbox.persistence import StateWriteFailed
from app.sandbox.web import ApiFailure

KEY, SIGNED_2L, SIGNED_3L, KEY_OR_3L, OPEN = "key", "2-legged", "3-legged", "key-or-3-legged", "open"


@dataclass(frozen=True, slots=True)
class Route:
    handler: Callable
    access: str


ROUTES: dict[str, Route] = {}


def route(*paths: str, access: str = KEY, saves: bool = False):
    """Register a handler `fn(app, req) -> Response` for API paths (matched case-insensitively).

    `saves`: the call changes what the store keeps (baskets, tokens); the change is saved before
    the call answers, and a change that can't be saved is answered with error 7001."""
    def register(fn):
        handler = _saving(fn) if saves else fn
        for path in paths:
            ROUTES[path.lower()] = Route(handler, access)
        return fn
    return register


def _saving(fn):
    @functools.wraps(fn)
    def handler(app, req):
        response = fn(app, req)
        if app.state is not None:
            try:
                app.state.commit()
            except StateWriteFailed:
                raise ApiFailure(7001, "Unable to perform action: the store could not save the change") from None
        return response
    return handler


def load() -> dict[str, Route]:
    from app.sandbox.routes import basket, catalogue, media, oauth, user  # noqa: F401  (registration)
    return ROUTES


# Paths with an id in the middle, e.g. basket/{id}/status: (prefix, suffix) → Route.
PATTERN_ROUTES: dict[tuple[str, str], Route] = {}


def pattern_route(prefix: str, suffix: str, access: str = KEY):
    """Register `prefix/{id}/suffix`; the handler gets the id as `req.path_id`."""
    def register(fn):
        PATTERN_ROUTES[(prefix.lower(), suffix.lower())] = Route(fn, access)
        return fn
    return register


def find(api_path: str) -> Route | None:
    found = ROUTES.get(api_path)
    if found is not None:
        return found
    parts = api_path.split("/")
    if len(parts) == 3:
        return PATTERN_ROUTES.get((parts[0], parts[2]))
    return None
