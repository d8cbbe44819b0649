"""Per-store prices: currency, tier tables and each store's own number formatting."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True, slots=True)
class Store:
    country: str
    name: str
    local_name: str
    currency: str
    symbol: str
    pattern: str          # "{s}{v}" or "{v} {s}"; {v} is the number in the store's own notation
    decimal_comma: bool
    track_tiers: tuple[str, ...]
    release_tiers: tuple[str, ...]
    language: str
    host: str


_GBP = (("0.79", "0.99", "1.29"), ("4.99", "5.99", "7.99", "9.99"))
_USD = (("0.99", "1.29", "1.49"), ("6.99", "8.99", "9.99", "11.99"))
_EUR = (("0.99", "1.29", "1.49"), ("5.99", "6.99", "8.99", "10.99"))


def _eur(code: str, name: str, local: str, language: str, host: str, pattern: str = "{v} {s}",
         comma: bool = True) -> Store:
    return Store(code, name, local, "EUR", "€", pattern, comma, *_EUR, language, host)


STORES: dict[str, Store] = {s.country: s for s in (
    Store("GB", "United Kingdom", "United Kingdom", "GBP", "£", "{s}{v}", False, *_GBP, "English",
          "www.7digital.com"),
    Store("US", "United States", "United States", "USD", "$", "{s}{v}", False, *_USD, "English",
          "us.7digital.com"),
    Store("CA", "Canada", "Canada", "CAD", "C$", "{s}{v}", False, *_USD, "English", "ca.7digital.com"),
    Store("AU", "Australia", "Australia", "AUD", "A$", "{s}{v}", False, *_USD, "English", "au.7digital.com"),
    _eur("DE", "Germany", "Deutschland", "German", "de.7digital.com"),
    _eur("AT", "Austria", "Österreich", "German", "at.7digital.com"),
    _eur("FR", "France", "France", "French", "fr.7digital.com"),
    _eur("BE", "Belgium", "België/Belgique", "French", "fr-be.7digital.com"),
    _eur("ES", "Spain", "España", "Spanish", "es.7digital.com"),
    _eur("IT", "Italy", "Italia", "Italian", "it.7digital.com"),
    _eur("FI", "Finland", "Suomi", "Finnish", "fi.7digital.com"),
    _eur("PT", "Portugal", "Portugal", "Portuguese", "pt.7digital.com"),
    _eur("LU", "Luxembourg", "Lëtzebuerg", "French", "lu.7digital.com"),
    _eur("NL", "Netherlands", "Nederland", "Dutch", "nl.7digital.com", pattern="{s} {v}"),
    _eur("IE", "Ireland", "Éire", "English", "ie.7digital.com", pattern="{s}{v}", comma=False),
)}
DEFAULT_COUNTRY = "GB"


def store_for(country: str | None) -> Store | None:
    """The store for an ISO country code (default GB); None when 7digital has no store there."""
    return STORES.get((country or DEFAULT_COUNTRY).strip().upper())


def format_amount(store: Store, value: Decimal | str) -> str:
    """`£0.99`, `$1.29`, `0,99 €` (DE/FR/…), `€ 0,99` (NL), `€0.99` (IE)."""
    number = f"{Decimal(value).quantize(Decimal('0.01'), ROUND_HALF_UP):.2f}"
    if store.decimal_comma:
        number = number.replace(".", ",")
    return store.pattern.format(s=store.symbol, v=number)


@dataclass(frozen=True, slots=True)
class Price:
    """A price in one store. `value` None = not for sale (N/A)."""
    store: Store
    value: Decimal | None
    rrp: Decimal | None
    on_sale: bool

    @property
    def formatted(self) -> str:
        return "N/A" if self.value is None else format_amount(self.store, self.value)

    @property
    def formatted_rrp(self) -> str:
        return "N/A" if self.rrp is None else format_amount(self.store, self.rrp)


def _sale(rrp: Decimal) -> Decimal:
    return max(Decimal("0.49"), (rrp * Decimal("0.6")).quantize(Decimal("0.1")) - Decimal("0.01"))


def price(store: Store, tier: int, on_sale: bool, *, release: bool) -> Price:
    """The price of a release or track of pricing `tier` (0 = not for sale) in `store`."""
    if tier <= 0:
        return Price(store, None, None, False)
    tiers = store.release_tiers if release else store.track_tiers
    rrp = Decimal(tiers[min(tier, len(tiers)) - 1])
    return Price(store, _sale(rrp) if on_sale else rrp, rrp, on_sale)


def total(store: Store, values: list[Decimal]) -> Price:
    amount = sum(values, Decimal("0"))
    return Price(store, amount, amount, False)


def plain(value: Decimal | None) -> str:
    """The machine value as the API writes it: `0.99`, `0` for zero, empty when not for sale."""
    if value is None:
        return ""
    return "0" if value == 0 else f"{value:.2f}"
