"""The current store: which service the app talks to and in which country, as one value.

The country is checked once, where it enters (command line, settings file, country menu), with
`country_code()`; `CurrentStore` then holds it and the connected client together. One signal,
`changed`, says either of them changed: views reload, the basket re-prices, the account finds the
sign-in kept for that store. Nobody compares clients to find out.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.settings.store import COUNTRIES, DEFAULT_COUNTRY, country_code

__all__ = ["CurrentStore", "StoreChange", "country_code"]

if TYPE_CHECKING:   # app.api is heavy to import; keep it off the start-up path
    from app.api import StoreClient


@dataclass(frozen=True, slots=True)
class StoreChange:
    """What `CurrentStore.changed` reports."""

    country: str
    service_changed: bool     # another service (or the store came up); False: only the country


class CurrentStore(QObject):
    """The connected client (None while the embedded store starts) and the store country."""

    changed = Signal(object)     # StoreChange

    def __init__(self, country: str = DEFAULT_COUNTRY, countries: tuple[str, ...] = COUNTRIES,
                 parent: QObject | None = None):
        super().__init__(parent)
        # The stores offered: the built-in list until the service tells us its own.
        self.countries = countries
        if country not in countries:
            raise ValueError(f"not a store country: {country!r} (use country_code() where it enters)")
        self._country = country
        self._base: StoreClient | None = None
        self._client: StoreClient | None = None

    @property
    def country(self) -> str:
        return self._country

    @property
    def ready(self) -> bool:
        """True once a service is connected."""
        return self._client is not None

    @property
    def client(self) -> StoreClient | None:
        """The client for the current service and country (read by jobs when they run)."""
        return self._client

    def set_country(self, country: str) -> None:
        """Switch the store country (already checked with country_code())."""
        if country not in self.countries:
            raise ValueError(f"not a store country: {country!r}")
        if country == self._country:
            return
        self._country = country
        if self._base is not None:
            self._client = self._base.with_country(country)
        self.changed.emit(StoreChange(country, service_changed=False))

    def set_countries(self, countries: tuple[str, ...], preferred: str = DEFAULT_COUNTRY) -> None:
        """The countries this service sells in (its `countries` answer, see services/countries.py).
        A current country it doesn't offer switches to `preferred`, else to its first country."""
        countries = tuple(countries)
        if not countries or countries == self.countries:
            return
        self.countries = countries
        if self._country not in countries:
            self.set_country(preferred if preferred in countries else countries[0])

    def set_client(self, client: StoreClient) -> None:
        """Talk to another service from now on (keeps the country)."""
        self._base = client
        self._client = client.with_country(self._country)
        self.changed.emit(StoreChange(self._country, service_changed=True))
