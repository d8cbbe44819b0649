"""The current store connection, as seen by the views: which client, which country.

Views never keep a client of their own. They ask `Catalogue.client` each time they submit a job,
so a country change (or a new connection from the Settings dialog) takes effect everywhere, and
`country_changed` tells them to reload what they show in the new store's prices.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from typing import TYPE_CHECKING

if TYPE_CHECKING:   # app.api is heavy to import; keep it off the start-up path
    from app.api import StoreClient


class Catalogue(QObject):
    """Holds the client every browsing job uses; swaps it when the store or country changes."""

    country_changed = Signal(str)     # ISO country code now used for prices and availability
    client_changed = Signal()         # a different service (Settings dialog); reload everything

    def __init__(self, client: StoreClient | None, country: str, parent: QObject | None = None):
        super().__init__(parent)
        self._base = client
        self._country = country.upper()
        self._client = client.with_country(self._country) if client is not None else None

    @property
    def client(self) -> StoreClient:
        """The client to use now; None only while the embedded store is still starting."""
        return self._client

    @property
    def ready(self) -> bool:
        return self._client is not None

    @property
    def country(self) -> str:
        return self._country

    def set_country(self, country: str) -> None:
        country = country.upper()
        if country == self._country:
            return
        self._country = country
        if self._base is not None:
            self._client = self._base.with_country(country)
        self.country_changed.emit(country)

    def set_client(self, client: StoreClient) -> None:
        """Point every later request at another service (keeps the current country)."""
        self._base = client
        self._client = client.with_country(self._country)
        self.client_changed.emit()
