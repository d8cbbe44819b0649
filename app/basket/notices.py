"""What the basket tells the user, as values: app/ui/shopping_messages.py turns them into sentences.

No text here reaches the screen: the basket is below the UI and has no business choosing words
(or a language). Each notice carries only the facts the sentence needs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

__all__ = ["AlreadyInBasket", "AlreadyOwned", "BasketFileRecovered", "BasketNotSaved", "BasketNotice",
           "BasketRenewed", "ReleaseInBasket", "RemovedUnavailable", "TrackNeedsRelease", "TracksInBasket"]


@dataclass(frozen=True, slots=True)
class BasketFileRecovered:
    """The saved basket could not be read; it was moved to `path` and a new basket started."""

    problem: str
    path: Path


@dataclass(frozen=True, slots=True)
class AlreadyInBasket:
    """The item the user added was already in the basket (nothing changed)."""

    title: str


@dataclass(frozen=True, slots=True)
class AlreadyOwned:
    """The user already owns what they added (nothing changed). `Basket.add(release, track,
    insist=True)` adds it all the same; `release` and `track` are the records to pass."""

    title: str
    is_track: bool
    release: object = field(default=None, compare=False, repr=False)
    track: object = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ReleaseInBasket:
    """A track was added whose whole release is already in the basket (nothing changed)."""

    title: str                  # the track's
    release_title: str


@dataclass(frozen=True, slots=True)
class TracksInBasket:
    """A release was added while some of its tracks are in the basket (nothing changed).
    `Basket.add(release, replace_tracks=True)` replaces those tracks with the release.

    Prices are the store's formatting ("" when unknown); `difference` is how much more (or, when
    `saves`, how much less) the release costs than those tracks together."""

    release_title: str
    track_titles: tuple[str, ...]
    tracks_price: str
    release_price: str
    difference: str
    saves: bool
    release: object = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class BasketNotSaved:
    """Writing the basket file failed; `detail` is the system's reason (e.g. strerror)."""

    detail: str


@dataclass(frozen=True, slots=True)
class RemovedUnavailable:
    """The store does not sell these items (titles) in `country` (None: unknown), so they were dropped."""

    country: str | None
    titles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BasketRenewed:
    """The store had forgotten the basket; a new one was made with every item."""


BasketNotice = Union[BasketFileRecovered, AlreadyInBasket, AlreadyOwned, ReleaseInBasket, TracksInBasket,
                     BasketNotSaved, RemovedUnavailable, BasketRenewed]


class TrackNeedsRelease(ValueError):
    """A track was offered for the basket without the release it belongs to (a caller's mistake)."""

    def __init__(self, track_id: object = None) -> None:
        super().__init__(f"track {track_id} has no release")   # for logs; the UI says it its own way
        self.track_id = track_id
