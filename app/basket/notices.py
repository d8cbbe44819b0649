"""What the basket tells the user, as values: app/ui/shopping_messages.py turns them into sentences.

No text here reaches the screen: the basket is below the UI and has no business choosing words
(or a language). Each notice carries only the facts the sentence needs.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Union

__all__ = ["AlreadyInBasket", "BasketFileRecovered", "BasketNotSaved", "BasketNotice", "BasketRenewed",
           "RemovedUnavailable", "TrackNeedsRelease"]


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


BasketNotice = Union[BasketFileRecovered, AlreadyInBasket, BasketNotSaved, RemovedUnavailable, BasketRenewed]


class TrackNeedsRelease(ValueError):
    """A track was offered for the basket without the release it belongs to (a caller's mistake)."""

    def __init__(self, track_id: object = None) -> None:
        super().__init__(f"track {track_id} has no release")   # for logs; the UI says it its own way
        self.track_id = track_id
