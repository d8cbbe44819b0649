"""What the store returns, as frozen (slots) dataclasses: safe to hand between threads.

Optional values the API may omit are None; lists are tuples. Prices are `Decimal`, never float.
Dates are `datetime.date`: the API sends ISO-8601 timestamps at midnight in the shop's zone
("2011-05-01T00:00:00+01:00"); the day is the one written, in that zone, never shifted to UTC.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Generic, TypeVar, Union

from .errors import redact

T = TypeVar("T")

__all__ = [
    "Page", "Artist", "Release", "Track", "Price", "Tag", "Label", "Format", "Basket", "BasketItem",
    "Amount", "ChartItem", "BasketStatus", "OAuthToken", "User", "LockerRelease", "LockerTrack",
    "DownloadUrl", "Package", "Chart", "ChartPage", "Country",
]


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a paged list: `page` is 1-based; `total_items` counts every page."""
    items: tuple
    page: int
    page_size: int
    total_items: int

    @property
    def has_next(self) -> bool:
        """True when pages after this one hold more items."""
        return self.page * self.page_size < self.total_items and bool(self.items)


@dataclass(frozen=True, slots=True)
class Price:
    """A price as the store formats it. `value` is None when the item is not for sale ("N/A")."""
    currency_code: str | None
    currency_symbol: str | None
    value: Decimal | None
    formatted: str | None
    rrp: Decimal | None = None
    formatted_rrp: str | None = None
    on_sale: bool = False


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount due (basket or item), with the store's own formatting."""
    value: Decimal
    formatted: str | None
    currency_code: str | None = None


@dataclass(frozen=True, slots=True)
class Label:
    """A record label (or licensor)."""
    id: int | None
    name: str | None


@dataclass(frozen=True, slots=True)
class Format:
    """A download format, e.g. id 17 = MP3 320."""
    id: int | None
    file_format: str | None = None
    bit_rate: int | None = None
    drm_free: bool | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Package:
    """One way to buy a release or track (2014+ `<download><packages>`): e.g. "standard" MP3 320,
    or a FLAC package, each with its own price and formats."""
    id: int | None
    description: str | None
    price: Price | None
    formats: tuple = ()


@dataclass(frozen=True, slots=True)
class Artist:
    """An artist. Artists nested in releases/tracks carry only name, appears_as and url (or slug)."""
    id: int
    name: str
    sort_name: str | None = None
    appears_as: str | None = None
    url: str | None = None
    image: str | None = None
    popularity: float | None = None
    slug: str | None = None      # 2016+ responses send <slug> instead of <url>
    bio: str | None = None       # artist/details only; None when the store has none


@dataclass(frozen=True, slots=True)
class Release:
    """A release (album, single, video). Releases nested in tracks omit most optional fields."""
    id: int
    title: str
    version: str | None
    type: str | None
    barcode: str | None
    year: int | None
    explicit: bool
    artist: Artist | None
    url: str | None
    image: str | None
    release_date: date | None
    price: Price | None
    formats: tuple = ()
    label: Label | None = None
    added_date: date | None = None
    licensor: Label | None = None
    popularity: float | None = None
    duration: int | None = None
    track_count: int | None = None
    slug: str | None = None
    packages: tuple = ()         # every download package (Package), in the store's order
    streaming_release_date: date | None = None


@dataclass(frozen=True, slots=True)
class Track:
    """A track; `duration` in seconds (0 when the store does not know)."""
    id: int
    title: str
    version: str | None
    artist: Artist | None
    track_number: int | None
    duration: int
    explicit: bool
    isrc: str | None
    release: Release | None
    url: str | None
    price: Price | None
    disc_number: int | None = None
    type: str | None = None
    popularity: float | None = None
    formats: tuple = ()
    preview_date: date | None = None          # no preview before this day (None: no limit given)
    streaming_release_date: date | None = None
    slug: str | None = None
    packages: tuple = ()
    previewable: bool = True                  # False: the store says there is no preview here (nil previewDate)


@dataclass(frozen=True, slots=True)
class Tag:
    """A genre/style tag; `id` is its slug (e.g. "indie-rock")."""
    id: str
    text: str
    url: str | None = None
    count: int | None = None


@dataclass(frozen=True, slots=True)
class Chart:
    """What a chart covers: its `type` (artist, album, track) and the days from `from_date` to `to_date`."""
    type: str | None
    from_date: date | None
    to_date: date | None


@dataclass(frozen=True, slots=True)
class ChartPage(Page):
    """A page of a chart, with the chart's type and dates (None when the store sent none)."""
    chart: Chart | None = None


@dataclass(frozen=True, slots=True)
class Country:
    """A store country from the `countries` call: ISO code, English and local names, web shop."""
    code: str
    name: str | None = None
    local_name: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class ChartItem:
    """A chart position; `item` is the Artist, Release or Track at that position."""
    position: int
    change: str | None
    item: Union[Artist, Release, Track]


@dataclass(frozen=True, slots=True)
class BasketItem:
    """A line in a basket. `id` is what remove_from_basket takes; `track_id` is None for a release."""
    id: int
    type: str | None
    item_name: str | None
    artist_name: str | None
    track_id: int | None
    release_id: int | None
    price: Price | None
    amount_due: Amount | None


@dataclass(frozen=True, slots=True)
class Basket:
    """A server-side basket (its id is a GUID)."""
    id: str
    item_count: int
    price: Price | None
    amount_due: Amount
    items: tuple = ()


@dataclass(frozen=True, slots=True)
class BasketStatus:
    """The payment state of a basket: status "Success"/"Failure"/…; purchase_id once paid."""
    status: str
    purchase_id: int | None = None

    @property
    def succeeded(self) -> bool:
        """True once the basket has been paid for."""
        return self.status.lower() == "success"


@dataclass(frozen=True, slots=True)
class OAuthToken:
    """An OAuth 1.0 request or access token. Both halves stay out of repr (and so out of logs)."""
    token: str = field(repr=False)
    secret: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class User:
    """A store account."""
    id: int
    type: str | None
    email: str | None


@dataclass(frozen=True, slots=True)
class DownloadUrl:
    """A pre-signed download link in the user's locker, and the format it delivers."""
    url: str
    format: Format | None

    def __repr__(self) -> str:  # the URL carries an OAuth signature: keep it out of logs
        return f"DownloadUrl(url={redact(self.url)!r}, format={self.format!r})"


@dataclass(frozen=True, slots=True)
class LockerTrack:
    """A purchased track in the user's locker."""
    track: Track
    remaining_downloads: int | None = None
    purchase_id: int | None = None
    purchase_date: date | None = None
    download_urls: tuple = ()


@dataclass(frozen=True, slots=True)
class LockerRelease:
    """A release in the user's locker, with the tracks of it the user owns."""
    release: Release
    tracks: tuple = ()
    available: bool | None = None
