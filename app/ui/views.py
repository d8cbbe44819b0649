"""Which view shows which location: one table of routes (cf. FeelUOwn's `urlpatterns`).

A location is `kind:argument` (`artist:12`, `release:34`, `tag:rock`, `search:abba`) or `home`.
The main window asks `Router.view_for(location)` and never looks at the kind itself.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from app.ui.navigation import argument_of, kind_of
from app.ui.view_base import BrowseView, ViewServices

MAX_CACHED_VIEWS = 12


# The views' modules are imported when a view is first built, not before the window shows (none is
# on screen at its first paint): 35-45 ms of CPU at start-up, measured. The main window calls
# import_views() once the store is up and the first page has had its time, so no first visit pays.
def _home() -> type[BrowseView]:
    from app.ui.home_view import HomeView
    return HomeView


def _search() -> type[BrowseView]:
    from app.ui.search_view import SearchView
    return SearchView


def _artist() -> type[BrowseView]:
    from app.ui.artist_view import ArtistView
    return ArtistView


def _release() -> type[BrowseView]:
    from app.ui.release_view import ReleaseView
    return ReleaseView


def _tag() -> type[BrowseView]:
    from app.ui.tag_view import TagView
    return TagView


@dataclass(frozen=True)
class Route:
    kind: str
    load: Callable[[], type[BrowseView]]    # the view's class (its module imported on first use)
    needs_argument: bool = True
    # One instance for every argument, kept for the whole session and told the new argument with
    # `show_argument()` (the search view: its query lives in the SearchController).
    shared: bool = False

    @property
    def view(self) -> type[BrowseView]:
        return self.load()


ROUTES = (
    Route("home", _home, needs_argument=False),
    Route("search", _search, shared=True),
    Route("artist", _artist),
    Route("release", _release),
    Route("tag", _tag),
)
_BY_KIND = {route.kind: route for route in ROUTES}


def route_for(location: str) -> Route | None:
    route = _BY_KIND.get(kind_of(location))
    if route is None or (route.needs_argument and not argument_of(location)):
        return None
    return route


def is_location(text: str) -> bool:
    return route_for(text) is not None


def import_views() -> None:
    """Import every view's module now (an idle moment), not at the first visit of its kind."""
    for route in ROUTES:
        route.load()


class Router:
    """Builds views for locations and keeps the recent ones, so Back shows them as they were."""

    def __init__(self, services: ViewServices, max_cached: int = MAX_CACHED_VIEWS):
        self.services, self.max_cached = services, max_cached
        self._shared: dict[str, BrowseView] = {}
        self._cached: OrderedDict[str, BrowseView] = OrderedDict()

    def has_shared(self, kind: str) -> bool:
        """Whether the shared route's view exists yet (it is built on first use)."""
        return kind in self._shared

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
