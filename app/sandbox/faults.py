"""Fault injection for tests and benchmarks (off by default): latency, forced errors, broken bodies.

Rules stay active until `clear()`. `path` is an API path such as "release/details" (case-insensitive,
without the version prefix; a root route like "clip" matches "clip/123"); None matches every request.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

DEFAULT_MESSAGES = {1001: "Missing parameter", 1002: "Invalid parameter value", 1003: "Requested page out of range",
                    2001: "Resource not found", 2002: "Resource not available", 3001: "Card payment failed",
                    7001: "Unable to perform action", 7003: "Operation timed out",
                    9001: "Unexpected internal server error"}


@dataclass(frozen=True, slots=True)
class Rule:
    kind: str                  # latency | error | http_status | malformed | drop | drip
    path: str | None
    value: int = 0             # ms, error code, HTTP status or bytes per second
    message: str | None = None
    q: str | None = None

    def matches(self, api_path: str, q: str | None) -> bool:
        if self.q is not None and (q or "").strip().lower() != self.q.strip().lower():
            return False
        return self.path is None or api_path == self.path or api_path.startswith(self.path + "/")


def _normalise(path: str | None) -> str | None:
    if path is None:
        return None
    path = path.strip().strip("/").lower()
    for prefix in ("1.2/", "1.0/"):
        if path.startswith(prefix):
            path = path[len(prefix):]
    return path


class Faults:
    """The faults of one server; thread-safe."""

    def __init__(self):
        self._rules: list[Rule] = []
        self._lock = threading.Lock()

    def _add(self, rule: Rule) -> "Faults":
        with self._lock:
            self._rules.append(rule)
        return self

    def latency(self, ms: int, path: str | None = None) -> "Faults":
        """Delay matching responses by `ms` milliseconds."""
        return self._add(Rule("latency", _normalise(path), int(ms)))

    def error(self, code: int, message: str | None = None, path: str | None = None, q: str | None = None) -> "Faults":
        """Answer with API error `code` (only searches for `q` when given)."""
        return self._add(Rule("error", _normalise(path), int(code),
                              message or DEFAULT_MESSAGES.get(int(code), "Error"), q))

    def http_status(self, status: int, path: str | None = None) -> "Faults":
        """Answer with this bare HTTP status (e.g. 500, 503)."""
        return self._add(Rule("http_status", _normalise(path), int(status)))

    def malformed(self, path: str | None = None) -> "Faults":
        """Answer 200 text/xml with a body that is not well-formed XML."""
        return self._add(Rule("malformed", _normalise(path)))

    def drop(self, path: str | None = None) -> "Faults":
        """Send the headers and half the body, then drop the connection."""
        return self._add(Rule("drop", _normalise(path)))

    def drip(self, bytes_per_second: int, path: str | None = None) -> "Faults":
        """Send the body slowly, `bytes_per_second` at a time."""
        return self._add(Rule("drip", _normalise(path), max(1, int(bytes_per_second))))

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def matching(self, api_path: str, q: str | None) -> list[Rule]:
        with self._lock:
            rules = list(self._rules)
        return [r for r in rules if r.matches(api_path, q)]
