"""Releases as cards: cover, title, artist, and year · type · price."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.models.cards import Card, CardListModel

if TYPE_CHECKING:   # app.api is heavy to import; keep it off the start-up path
    from app.api import Release


def price_text(price) -> str:
    """The store's own formatting; "Not for sale" when it has no value."""
    if price is None:
        return ""
    if price.value is None:
        return QCoreApplication.translate("Releases", "Not for sale")
    return price.formatted or f"{price.currency_symbol or ''}{price.value}"


def release_detail(release: Release) -> str:
    parts = [str(release.year) if release.year else "", release.type or "", price_text(release.price)]
    return " · ".join(p for p in parts if p)


class ReleaseListModel(CardListModel):
    """A paged list of releases (search results, an artist's releases, charts, tags, new)."""

    def describe(self, release: Release) -> Card:
        artist = release.artist.name if release.artist else ""
        title = release.title + (f" ({release.version})" if release.version else "")
        explicit = " · " + self.tr("Explicit", "badge: explicit lyrics") if release.explicit else ""
        return Card(title=title, subtitle=artist, detail=release_detail(release) + explicit,
                    location=f"release:{release.id}", image=release.image or "",
                    tooltip=f"{title}\n{artist}\n{release_detail(release)}")
