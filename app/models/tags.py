"""Tags (genres and styles) as a plain paged list: text and how many releases carry it."""
from __future__ import annotations

from typing import TYPE_CHECKING

from app.models.cards import Card, CardListModel

if TYPE_CHECKING:   # app.api is heavy to import; keep it off the start-up path
    from app.api import Tag


class TagListModel(CardListModel):
    """The store's tag list; activating a tag opens its tagged releases."""

    def describe(self, tag: Tag) -> Card:
        detail = self.tr("%Ln release(s)", "", tag.count) if tag.count else ""
        return Card(title=tag.text, detail=detail, location=f"tag:{tag.id}", tooltip=tag.text)
