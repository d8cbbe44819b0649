"""Builds the view for a location; the main window caches and shows them."""
from __future__ import annotations

from app.services.catalogue import Catalogue
from app.services.covers import CoverLoader
from app.services.tasks import TaskRunner
from app.ui.artist_view import ArtistView
from app.ui.home_view import HomeView
from app.ui.navigation import argument_of, kind_of
from app.ui.release_view import ReleaseView
from app.ui.tag_view import TagView
from app.ui.view_base import BrowseView
from app.ui.window_state import WindowState

KINDS = ("home", "search", "artist", "release", "tag")


def is_location(text: str) -> bool:
    kind = kind_of(text)
    return kind in KINDS and (kind == "home" or bool(argument_of(text)))


class ViewFactory:
    def __init__(self, catalogue: Catalogue, runner: TaskRunner, covers: CoverLoader,
                 window_state: WindowState | None = None):
        self.catalogue, self.runner, self.covers, self.window_state = catalogue, runner, covers, window_state

    def create(self, location: str) -> BrowseView:
        kind, argument = kind_of(location), argument_of(location)
        if kind == "home":
            return HomeView(self.catalogue, self.runner, self.covers)
        if kind == "artist":
            return ArtistView(argument, self.catalogue, self.runner, self.covers)
        if kind == "release":
            return ReleaseView(argument, self.catalogue, self.runner, self.covers)
        if kind == "tag":
            return TagView(argument, self.catalogue, self.runner, self.covers)
        raise ValueError(f"no view for {location!r}")
