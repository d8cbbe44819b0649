"""Which view shows which location: one table of routes (cf. FeelUOwn's `urlpatterns`).

A location is `kind:argument` (`artist:12`, `release:34`, `tag:rock`, `search:abba`) or `home`.
The main window asks `Router.view_for(location)` and never looks at the kind itself.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from app.ui.artist_view import ArtistView
from app.ui.home_view import HomeView
from app.ui.navigation import argument_of, kind_of
from app.ui.release_view import ReleaseView
from app.ui.search_view import SearchView
from app.ui.tag_view import TagView
from app.ui.view_base import BrowseView, ViewServices

MAX_CACHED_VIEWS = 12


@dataclass(frozen=True)
class Route:
    kind: str
    view: type[BrowseView]
    needs_argument: bool = True
    # One instance for every argument, kept for the whole session and told the new argument with
    # `show_argument()` (the search view: its query lives in the SearchController).
    shared: bool = False


ROUTES = (
    Route("home", HomeView, needs_argument=False),
    Route("search", SearchView, shared=True),
    Route("artist", ArtistView),
    Route("release", ReleaseView),
    Route("tag", TagView),
)
_BY_KIND = {route.kind: route for route in ROUTES}


def route_for(location: str) -> Route | None:
    route = _BY_KIND.get(kind_of(location))
    if route is None or (route.needs_argument and not argument_of(location)):
        return None
    return route


def is_location(text: str) -> bool:
    return route_for(text) is not None


class Router:
    """Builds views for locations and keeps the recent ones, so Back shows them as they were."""

    def __init__(self, services: ViewServices, max_cached: int = MAX_CACHED_VIEWS):
        self.services, self.max_cached = services, max_cached
        self._shared: dict[str, BrowseView] = {}
        self._cached: OrderedDict[str, BrowseView] = OrderedDict()

    def shared_view(self, kind: str) -> BrowseView:
        """The one view of a shared route (built on first use)."""
        if kind not in self._shared:
            self._shared[kind] = _BY_KIND[kind].view("", self.services)
        return self._shared[kind]

    def view_for(self, location: str) -> tuple[BrowseView, bool, list[BrowseView]]:
        """(the view, whether it was just built, views evicted from the cache: stop and drop them).

        Raises ValueError for a location no route takes."""
        route = route_for(location)
        if route is None:
            raise ValueError(f"no view for {location!r}")
        argument = argument_of(location)
        if route.shared:
            built = route.kind not in self._shared
            view = self.shared_view(route.kind)
            view.show_argument(argument)
            return view, built, []
        view = self._cached.get(location)
        if view is not None:
            self._cached.move_to_end(location)
            return view, False, []
        view = route.view(argument, self.services)
        self._cached[location] = view
        evicted = []
        while len(self._cached) > self.max_cached:
            evicted.append(self._cached.popitem(last=False)[1])
        return view, True, evicted

    def views(self):
        """Every view built and not dropped: the shared ones first."""
        yield from self._shared.values()
        yield from self._cached.values()

    def forget_all_but(self, keep: BrowseView | None) -> list[BrowseView]:
        """Drop the cached views except `keep` (another store: rebuilt when visited); returns them."""
        dropped = [view for view in self._cached.values() if view is not keep]
        self._cached = OrderedDict((loc, view) for loc, view in self._cached.items() if view is keep)
        return dropped
