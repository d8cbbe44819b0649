"""Artists as round cards: image and name."""
from __future__ import annotations

from typing import TYPE_CHECKING

from app.models.cards import Card, CardListModel

if TYPE_CHECKING:   # app.api is heavy to import; keep it off the start-up path
    from app.api import Artist


class ArtistListModel(CardListModel):
    """A paged list of artists (search results, similar artists, the artist chart)."""

    round_images = True

    def describe(self, artist: Artist) -> Card:
        return Card(title=artist.name, location=f"artist:{artist.id}", image=artist.image or "",
                    tooltip=artist.name)
