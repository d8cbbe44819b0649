"""THE settings store: one JSON file in config_dir(), written atomically, with typed accessors.

Secrets (consumer secret, OAuth tokens) never come here; they go to the keyring via
`app.settings.secrets`. Window geometry and splitter states arrive as bytes from Qt and are kept
as base64 text so this module stays Qt-free.
"""
from __future__ import annotations

import base64
import json
import logging
import os
from pathlib import Path
from typing import Any

from app.settings import paths
from app.files.atomic import atomic_write

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
FILE_NAME = "settings.json"
DEFAULT_COUNTRY = "GB"
# The stores offered in the country selector (ISO 3166-1 alpha-2), in display order.
COUNTRIES = ("GB", "US", "DE", "FR", "IE", "ES", "IT", "NL", "BE", "AT", "CH", "SE", "NO", "DK",
             "FI", "PT", "CA", "AU", "NZ")


def country_code(text: str | None, offered: tuple[str, ...] = COUNTRIES) -> str | None:
    """`text` as a store country code ("gb " → "GB") if it is one of `offered`, else None.

    The one check of a country, made where it enters: the command line, this settings file, the
    country menu (which only offers these)."""
    code = (text or "").strip().upper() if isinstance(text, str) else ""
    return code if code in offered else None


class SettingsStore:
    """Typed access to the user's settings; every setter writes the file through."""

    def __init__(self, path: Path | None = None):
        self.path = path if path is not None else paths.config_dir() / FILE_NAME
        self._data: dict[str, Any] = self._read()

    # -- connection ------------------------------------------------------------------------
    @property
    def api_url(self) -> str:
        """Base URL of a real service; empty means "use the embedded store"."""
        return self._str("api_url")

    @api_url.setter
    def api_url(self, value: str) -> None:
        self._set("api_url", value.strip())

    @property
    def consumer_key(self) -> str:
        return self._str("consumer_key")

    @consumer_key.setter
    def consumer_key(self, value: str) -> None:
        self._set("consumer_key", value.strip())

    @property
    def country(self) -> str:
        """The store country last used; a value the stores don't offer reads as the default."""
        return country_code(self._str("country")) or DEFAULT_COUNTRY

    @country.setter
    def country(self, value: str) -> None:
        code = country_code(value)
        if code is None:
            raise ValueError(f"not a store country: {value!r}")
        self._set("country", code)

    @property
    def language(self) -> str:
        """The interface language chosen in Settings ("de", "en"); empty: the system's."""
        value = self._str("language")
        return value if _is_language_code(value) else ""

    @language.setter
    def language(self, value: str) -> None:
        value = value.strip()
        if value and not _is_language_code(value):
            raise ValueError(f"not a language code: {value!r}")
        self._set("language", value)

    # -- window state ----------------------------------------------------------------------
    def window_state(self, name: str) -> bytes | None:
        """Saved Qt state bytes (geometry, dock state, a splitter) under `name`, if any."""
        text = self._data.get("window", {}).get(name)
        if not isinstance(text, str):
            return None
        try:
            return base64.b64decode(text.encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError):
            return None

    def set_window_state(self, name: str, state: bytes) -> None:
        window = dict(self._data.get("window", {}))
        window[name] = base64.b64encode(bytes(state)).decode("ascii")
        self._set("window", window)

    # -- generic ---------------------------------------------------------------------------
    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        """Store any JSON-serialisable value (for small per-feature settings)."""
        json.dumps(value)              # fail here, not at the next unrelated write
        self._set(key, value)

    # -- private ---------------------------------------------------------------------------
    def _str(self, key: str) -> str:
        value = self._data.get(key, "")
        return value if isinstance(value, str) else ""

    def _set(self, key: str, value: Any) -> None:
        if self._data.get(key) == value:
            return
        self._data[key] = value
        self._write()

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"schema": SCHEMA_VERSION}
        except (OSError, ValueError) as exc:
            # A corrupt file must not stop the app from starting: keep a copy, start afresh.
            log.warning("settings file %s unreadable (%s); starting with defaults", self.path, exc)
            try:
                os.replace(self.path, self.path.with_suffix(".corrupt"))
            except OSError:
                pass
            return {"schema": SCHEMA_VERSION}
        if not isinstance(data, dict):
            return {"schema": SCHEMA_VERSION}
        return _migrate(data)

    def _write(self) -> None:
        self._data["schema"] = SCHEMA_VERSION
        text = json.dumps(self._data, indent=2, sort_keys=True)
        try:
            atomic_write(self.path, text.encode("utf-8"))
        except OSError as exc:          # a read-only config dir must not crash the UI
            log.warning("could not save settings to %s: %s", self.path, exc)


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older file up to SCHEMA_VERSION (nothing to do yet beyond stamping it)."""
    data["schema"] = SCHEMA_VERSION
    return data


def _is_language_code(value: str) -> bool:
    """Whether `value` looks like a language code such as de or pt_BR."""
    return value.replace("_", "").isalpha() and len(value) <= 8
