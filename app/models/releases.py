"""Releases as cards: cover, title, artist, and year · type · price."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.models.cards import Card, CardListModel
from app.services.ownership import Mark

if TYPE_CHECKING:   # app.api is heavy to import; keep it off the start-up path
    from app.api import Release


def price_text(price) -> str:
    """The store's own formatting; "Not for sale" when it has no value."""
    if price is None:
        return ""
    if price.value is None:
        return QCoreApplication.translate("Releases", "Not for sale")
    return price.formatted or f"{price.currency_symbol or ''}{price.value}"


def with_version(title: str, version: str | None) -> str:
    """A release's or track's title with its version, e.g. "Song (Radio Edit)"."""
    if not version:
        return title
    return QCoreApplication.translate("Releases", "{title} ({version})", "a title and its version").format(
        title=title, version=version)


# The store's release types (its `type` field), as a person reads them.
RELEASE_TYPES = {"album": QT_TRANSLATE_NOOP("Releases", "Album"),
                 "single": QT_TRANSLATE_NOOP("Releases", "Single"),
                 "ep": QT_TRANSLATE_NOOP("Releases", "EP"),
                 "video": QT_TRANSLATE_NOOP("Releases", "Video"),
                 "exclusive": QT_TRANSLATE_NOOP("Releases", "Exclusive"),
                 "item": QT_TRANSLATE_NOOP("Releases", "Item")}


def release_type_text(kind: str | None) -> str:
    """The store's release type, translated where it is one we know ("album" → "Album")."""
    if not kind:
        return QCoreApplication.translate("Releases", "Release",
                                          "a kind of record, when the store does not say which")
    known = RELEASE_TYPES.get(kind.lower())
    return QCoreApplication.translate("Releases", known) if known else kind


def release_detail(release: Release, compact: bool = False) -> str:
    """year · type · price; `compact` (a card's one short line) leaves the type out of a release
    that is not for sale, so "Not for sale" is not cut off."""
    unsold = release.price is not None and release.price.value is None
    kind = "" if not release.type or (compact and unsold) else release_type_text(release.type)
    parts = [str(release.year) if release.year else "", kind, price_text(release.price)]
    return " · ".join(p for p in parts if p)


def mark_text(mark) -> str:
    """What a release or track is for the user, as a badge and a screen reader say it ("" for
    none: for sale or not sold, which the price says)."""
    if mark is Mark.OWNED:
        return QCoreApplication.translate("Releases", "Owned")
    if mark is Mark.PARTLY_OWNED:
        return QCoreApplication.translate("Releases", "Some tracks owned")
    if mark is Mark.IN_BASKET:
        return QCoreApplication.translate("Releases", "In basket")
    return ""


class ReleaseListModel(CardListModel):
    """A paged list of releases (search results, an artist's releases, charts, tags, new)."""

    def mark(self, release: Release, availability) -> str:
        return mark_text(availability.release_mark(release))

    def describe(self, release: Release) -> Card:
        artist = release.artist.name if release.artist else ""
        title = with_version(release.title, release.version)
        explicit = " · " + self.tr("Explicit", "badge: explicit lyrics") if release.explicit else ""
        return Card(title=title, subtitle=artist, detail=release_detail(release, compact=True) + explicit,
                    location=f"release:{release.id}", image=release.image or "",
                    tooltip=f"{title}\n{artist}\n{release_detail(release)}")
