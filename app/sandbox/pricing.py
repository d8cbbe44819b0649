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
    languages: tuple[tuple[str, str, str], ...]    # (name, localName, host) as `countries` lists them
    host: str
    shop_id: int          # the numeric shop of `shopId` and of clip URLs (clips/{shopId}/…)


_GBP = (("0.79", "0.99", "1.29"), ("4.99", "5.99", "7.99", "9.99"))
_USD = (("0.99", "1.29", "1.49"), ("6.99", "8.99", "9.99", "11.99"))
_EUR = (("0.99", "1.29", "1.49"), ("5.99", "6.99", "8.99", "10.99"))
_CHF = (("1.50", "2.00", "2.20"), ("12.00", "15.00", "17.00", "20.00"))
_SEK = (("9.00", "12.00", "15.00"), ("69.00", "89.00", "99.00", "119.00"))
_NOK = (("9.00", "12.00", "15.00"), ("79.00", "99.00", "109.00", "129.00"))
_NZD = (("1.79", "2.39", "2.69"), ("12.99", "16.99", "19.99", "22.99"))
_CAD = (("0.99", "1.29", "1.49"), ("7.99", "9.99", "10.99", "12.99"))
_EN, _FR, _DE, _NL, _IT = ("English", "English"), ("French", "Français"), ("German", "Deutsch"), \
    ("Dutch", "Nederlands"), ("Italian", "Italiano")


def _eur(code: str, name: str, local: str, host: str, shop_id: int, languages, pattern: str = "{v} {s}",
         comma: bool = True) -> Store:
    return Store(code, name, local, "EUR", "€", pattern, comma, *_EUR, languages, host, shop_id)


def _one(language: tuple[str, str], host: str) -> tuple[tuple[str, str, str], ...]:
    return ((*language, host),)


# Exactly the stores of the real `countries` answer (recorded/countries.xml), in its order, with its
# names, local names, hosts and languages; the currencies are the ones those stores charge in.
# Shop 34 is the UK shop (clips/34/…, shopid=34 in recorded URLs); the other shop numbers are the
# store's own (no recording names them).
STORES: dict[str, Store] = {s.country: s for s in (
    _eur("BE", "Belgium", "België/Belgique", "fr-be.7digital.com", 61,
         ((*_FR, "fr-be.7digital.com"), (*_NL, "nl-be.7digital.com"))),
    Store("CA", "Canada", "Canada", "CAD", "C$", "{s}{v}", False, *_CAD,
          ((*_EN, "ca.7digital.com"), (*_FR, "fr-ca.7digital.com")), "ca.7digital.com", 48),
    _eur("DE", "Germany", "Deutschland", "de.7digital.com", 54, _one(_DE, "de.7digital.com")),
    _eur("ES", "Spain", "España", "es.7digital.com", 58, _one(("Spanish", "Español"), "es.7digital.com")),
    _eur("FI", "Finland", "Finland", "fi.7digital.com", 66, _one(_EN, "fi.7digital.com")),
    _eur("FR", "France", "France", "fr.7digital.com", 56, _one(_FR, "fr.7digital.com")),
    _eur("IE", "Ireland", "Ireland", "ie.7digital.com", 62, _one(_EN, "ie.7digital.com"), pattern="{s}{v}",
         comma=False),
    _eur("IT", "Italy", "Italia", "it.7digital.com", 60, _one(_IT, "it.7digital.com")),
    _eur("LU", "Luxembourg", "Luxembourg", "lu.7digital.com", 63, _one(_FR, "lu.7digital.com")),
    _eur("NL", "Netherlands", "Nederland", "nl.7digital.com", 59, _one(_NL, "nl.7digital.com"), pattern="{s} {v}"),
    Store("NZ", "New Zealand", "New Zealand", "NZD", "NZ$", "{s}{v}", False, *_NZD, _one(_EN, "nz.7digital.com"),
          "nz.7digital.com", 69),
    Store("NO", "Norway", "Norway", "NOK", "kr", "{s} {v}", True, *_NOK, _one(_EN, "no.7digital.com"),
          "no.7digital.com", 68),
    _eur("AT", "Austria", "Österreich", "at.7digital.com", 64, _one(_DE, "at.7digital.com")),
    Store("CH", "Switzerland", "Schweiz/Suisse", "CHF", "CHF", "{s} {v}", False, *_CHF,
          ((*_DE, "de-ch.7digital.com"), (*_FR, "fr-ch.7digital.com"), (*_IT, "it-ch.7digital.com")),
          "de-ch.7digital.com", 65),
    Store("SE", "Sweden", "Sweden", "SEK", "kr", "{v} {s}", True, *_SEK, _one(_EN, "se.7digital.com"),
          "se.7digital.com", 67),
    Store("GB", "United Kingdom", "United Kingdom", "GBP", "£", "{s}{v}", False, *_GBP,
          _one(_EN, "www.7digital.com"), "www.7digital.com", 34),
    Store("US", "United States", "United States", "USD", "$", "{s}{v}", False, *_USD,
          (("English (US)", "English", "us.7digital.com"),), "us.7digital.com", 50),
)}
SHOPS: dict[int, Store] = {s.shop_id: s for s in STORES.values()}
DEFAULT_COUNTRY = "GB"


def store_for(country: str | None) -> Store | None:
    """The store for an ISO country code (default GB); None when 7digital has no store there."""
    return STORES.get((country or DEFAULT_COUNTRY).strip().upper())


def store_for_shop(shop_id: int) -> Store | None:
    """The store of a numeric `shopId`; None for a shop 7digital doesn't have."""
    return SHOPS.get(shop_id)


def format_amount(store: Store, value: Decimal | str) -> str:
    """`£0.99`, `$1.29`, `0,99 €` (DE/FR/…), `€ 0,99` (NL), `€0.99` (IE), `CHF 1.50`, `9,00 kr` (SE),
    `kr 9,00` (NO)."""
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
