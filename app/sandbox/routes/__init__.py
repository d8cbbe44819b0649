"""The API route table: lower-case path → (handler, access level). Modules register on import."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

KEY, SIGNED_2L, SIGNED_3L, KEY_OR_3L, OPEN = "key", "2-legged", "3-legged", "key-or-3-legged", "open"


@dataclass(frozen=True, slots=True)
class Route:
    handler: Callable
    access: str


ROUTES: dict[str, Route] = {}


def route(*paths: str, access: str = KEY):
    """Register a handler `fn(app, req) -> Response` for API paths (matched case-insensitively)."""
    def register(fn):
        for path in paths:
            ROUTES[path.lower()] = Route(fn, access)
        return fn
    return register


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
