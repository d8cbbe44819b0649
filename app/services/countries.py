"""The store countries the app offers: the list the store itself reports, named for the user.

The list comes from the store's `countries` call and is cached on disk per store identity, so the
next start offers the right countries before the store answers; the built-in
`app.settings.store.COUNTRIES` is only the fallback for a store that never answered. Each country
is shown as its name in the user's language with the store's currency, "Schweiz (CHF)".

Names come from CLDR through Babel (Qt's `QLocale.territoryToString` only knows English). Babel
costs about 30 ms to import and load a locale, so it is loaded on a worker, never on the start-up
path: until it is, the labels use Qt's English names. The names it gave are cached on disk per
locale, so a later start with the same countries doesn't load Babel at all (its locale data held
~7 MB for the process's life).
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import unicodedata
from functools import cache
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QTimer, Signal
from shiboken6 import Shiboken

from app.files.atomic import atomic_write
from app.settings.store import COUNTRIES, DEFAULT_COUNTRY

from .catalogue import Catalogue
from .store import CurrentStore, StoreChange
from .tasks import JobGroup

log = logging.getLogger(__name__)

# The currency each 7digital store sells in. The `countries` answer names countries but not their
# currencies, so this is the one table of them on the client side.
CURRENCIES = {
    "AT": "EUR", "BE": "EUR", "CA": "CAD", "CH": "CHF", "DE": "EUR", "DK": "DKK", "ES": "EUR", "FI": "EUR",
    "FR": "EUR", "GB": "GBP", "IE": "EUR", "IT": "EUR", "LU": "EUR", "NL": "EUR", "NO": "NOK", "NZ": "NZD",
    "PT": "EUR", "SE": "SEK", "US": "USD", "AU": "AUD",
}
MAX_CACHED_BYTES = 64_000
MAX_NAME_CHARS = 80
# Babel's import and locale load (~13 ms of CPU on a worker, holding the GIL in pieces) would
# compete with the window's first paint (~300 ms after start): English names until then.
NAMES_DELAY_MS = 1500


def currency_of(code: str) -> str | None:
    """The currency a store country sells in ("CH" → "CHF"); None when unknown."""
    return CURRENCIES.get(code)


def babel_locale_name(locale: QLocale | None = None) -> str:
    """The Babel/CLDR name of a Qt locale ("de_DE"); "en" for the C locale."""
    name = (locale or QLocale()).name()
    return "en" if not name or name == "C" else name


def localized_names(codes, locale_name: str) -> dict[str, str]:
    """Country names in `locale_name` from CLDR ("CH" → "Schweiz" for "de_DE"). Imports Babel:
    call it on a worker. Codes CLDR doesn't know are left out."""
    from babel import (  # ~30 ms with the locale's data: never at start-up
        Locale,
        UnknownLocaleError,
    )

    try:
        locale = Locale.parse(locale_name)
    except (UnknownLocaleError, ValueError, TypeError):
        locale = Locale.parse("en")
    territories = locale.territories
    return {code: territories[code] for code in codes if code in territories}


@cache
def names_source() -> str:
    """What the cached names came from: Babel's CLDR data file, by size and time. An upgraded Babel
    (new CLDR names) no longer matches, so its names are asked for again. Finds Babel without
    importing it (a stat, not 30 ms)."""
    try:
        spec = importlib.util.find_spec("babel")
        origin = Path(spec.origin).with_name("global.dat") if spec and spec.origin else None
        stat = origin.stat() if origin is not None else None
    except (ImportError, ValueError, OSError):
        stat = None
    return f"{stat.st_size}-{stat.st_mtime_ns}" if stat is not None else ""


def label(code: str, name: str | None = None) -> str:
    """What the country menu shows: "United Kingdom (GBP)"; the code stands in for a missing name."""
    currency = currency_of(code)
    name = name or code
    return f"{name} ({currency})" if currency else name


def _sort_key(text: str) -> str:
    # "Österreich" sorts with the O's, as people expect, not after "Z".
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def valid_codes(codes) -> tuple[str, ...]:
    """Two-letter ASCII country codes from `codes`, upper-case, without repeats."""
    result = []
    for code in codes:
        if isinstance(code, str):
            code = code.strip().upper()
            if len(code) == 2 and code.isascii() and code.isalpha() and code not in result:
                result.append(code)
    return tuple(result)


class CountryCache:
    """The store's country list on disk: one small JSON file per store identity."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder is not None else None

    def path_for(self, identity: str) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / (hashlib.sha1(identity.encode("utf-8")).hexdigest()[:20] + ".json")

    def read(self, identity: str) -> tuple[str, ...]:
        path = self.path_for(identity)
        if path is None:
            return ()
        try:
            if path.stat().st_size > MAX_CACHED_BYTES:
                return ()
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return ()
        codes = data.get("countries") if isinstance(data, dict) else None
        return valid_codes(codes) if isinstance(codes, list) else ()

    def write(self, identity: str, codes: tuple[str, ...]) -> None:
        path = self.path_for(identity)
        if path is None:
            return
        payload = json.dumps({"store": identity, "countries": list(codes)}).encode("utf-8")
        atomic_write(path, payload, durable=False)      # a cache: a lost file is asked for again

    def names_path(self, locale_name: str) -> Path | None:
        # Country names depend on the language, not on the store: one file per locale.
        return self.path_for("names:" + locale_name)

    def read_names(self, locale_name: str) -> dict[str, str]:
        """The country names cached for `locale_name` ({"CH": "Schweiz"}); junk is left out."""
        path = self.names_path(locale_name)
        if path is None:
            return {}
        try:
            if path.stat().st_size > MAX_CACHED_BYTES:
                return {}
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("locale") != locale_name or data.get("source") != names_source():
            return {}
        names = data.get("names")
        if not isinstance(names, dict):
            return {}
        return {code: name.strip() for code, name in names.items()
                if valid_codes((code,)) == (code,) and isinstance(name, str)
                and 0 < len(name.strip()) <= MAX_NAME_CHARS}

    def write_names(self, locale_name: str, names: dict[str, str]) -> None:
        """Keep the names Babel gave for `locale_name` for the next start."""
        path = self.names_path(locale_name)
        if path is None:
            return
        payload = json.dumps({"locale": locale_name, "source": names_source(), "names": names},
                             ensure_ascii=False).encode("utf-8")
        atomic_write(path, payload, durable=False)


class StoreCountries(QObject):
    """The countries of the current store and their labels; `changed` when either changes.

    Follows `CurrentStore`: a new service reads its cached list at once, then asks it for the
    current one (`countries`); the list goes to `CurrentStore.set_countries`. A store that can't
    answer keeps the cached or built-in list."""

    changed = Signal()

    def __init__(self, store: CurrentStore, catalogue: Catalogue, cache_folder: Path | None = None,
                 locale: QLocale | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._store, self._catalogue = store, catalogue
        self._cache = CountryCache(cache_folder)
        self._locale_name = babel_locale_name(locale)
        self._names: dict[str, str] = self._cache.read_names(self._locale_name)
        self._looked_up = False         # Babel asked once in this process: later lookups needn't wait
        self._identity: str | None = None
        self._jobs = catalogue.jobs()
        self._naming = JobGroup(catalogue.runner)
        # A job ending after this object is gone (the window closed) must not call into it: the
        # worker drops answers for methods of deleted objects (services/tasks.py), and the one
        # lambda below asks itself. Not a `destroyed` handler: one run while garbage collection
        # deletes the object crashed PySide (seen with the account service).
        store.changed.connect(self._on_store_changed)
        if store.client is not None:
            self._on_store_changed(StoreChange(store.country, service_changed=True))
        self._name(store.countries)

    @property
    def codes(self) -> tuple[str, ...]:
        """The countries offered, in the store's order."""
        return tuple(self._store.countries)

    @property
    def names_ready(self) -> bool:
        """True once the names in the user's language (Babel) are there."""
        return all(code in self._names for code in self.codes)

    def label(self, code: str) -> str:
        """"Schweiz (CHF)": the name in the user's language once loaded, Qt's English name until then."""
        return label(code, self._names.get(code) or _english_name(code))

    def labels(self) -> list[tuple[str, str]]:
        """(code, label) of every country offered, sorted by label as the user reads it."""
        return sorted(((code, self.label(code)) for code in self.codes), key=lambda pair: _sort_key(pair[1]))

    # -- private ---------------------------------------------------------------------------
    def _on_store_changed(self, change: StoreChange) -> None:
        client = self._store.client
        if not change.service_changed or client is None or client.store_identity == self._identity:
            return
        self._identity = identity = client.store_identity
        self._jobs.cancel()
        cached = self._cache.read(identity)
        # After this change has reached every listener: switching the country from inside it
        # would let later listeners see the old country last.
        QTimer.singleShot(0, self, lambda: identity == self._identity and self._apply(cached or COUNTRIES))
        self._jobs.run(self._catalogue.countries(),
                       lambda found: self._on_countries(identity, found) if Shiboken.isValid(self) else None,
                       self._on_failed)

    def _on_countries(self, identity: str, found) -> None:
        codes = valid_codes(country.code for country in found)
        if not codes or identity != self._identity:
            return
        try:
            self._cache.write(identity, codes)
        except OSError as exc:
            log.warning("store countries not cached: %s", exc)
        self._apply(codes)

    def _on_failed(self, exc: Exception) -> None:
        log.info("the store did not list its countries (%s); keeping %s", exc, ", ".join(self.codes))

    def _apply(self, codes: tuple[str, ...]) -> None:
        if tuple(codes) != self.codes:
            self._store.set_countries(tuple(codes), DEFAULT_COUNTRY)
            self.changed.emit()
        self._name(codes)

    def _name(self, codes) -> None:
        missing = tuple(code for code in codes if code not in self._names)
        if not missing:
            return
        locale_name = self._locale_name
        delay = 0 if self._looked_up else NAMES_DELAY_MS    # the first lookup waits for the window's first paint

        def look_up() -> None:
            self._naming.submit(lambda _token: localized_names(missing, locale_name), self._on_named,
                                self._on_naming_failed)
        QTimer.singleShot(delay, self, look_up)

    def _on_named(self, names: dict) -> None:
        self._looked_up = True
        self._names.update(names)
        try:
            self._cache.write_names(self._locale_name, self._names)
        except OSError as exc:
            log.warning("country names not cached: %s", exc)
        self.changed.emit()

    def _on_naming_failed(self, exc: Exception) -> None:
        log.warning("country names unavailable (%s); showing English ones", exc)


def _english_name(code: str) -> str | None:
    territory = QLocale.codeToTerritory(code)
    if territory == QLocale.Country.AnyTerritory:
        return None
    return QLocale.territoryToString(territory)
