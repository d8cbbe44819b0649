"""The catalogue gateway: every store call the browsing UI makes, in one place.

Views and models never hold a client. They ask this gateway for an *operation*, a plain function
of the client (`Op`, or `PageOp` for a paged list), and run it through the gateway, which hands the
operation the client that is current when the job starts (the Anki `QueryOp` idea). A country or
service change therefore never runs a job against a stale client.

    jobs = catalogue.jobs()                                    # one group per view
    jobs.run(catalogue.release_details(rid), on_done)          # failures: the default error path
    model.load(catalogue.tracklist(rid))                       # a PageOp, paged by the model
    jobs.cancel()                                              # leaving the page
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from app.services.store import CurrentStore
from app.services.tasks import CancelToken, ErrorHandler, JobGroup, TaskRunner

if TYPE_CHECKING:   # app.api is heavy to import; keep it off the start-up path
    from app.api import StoreClient
    from app.services.store_urls import StoreLink

T = TypeVar("T")
Op = Callable[["StoreClient"], T]                    # runs on a worker with the current client
PageOp = Callable[["StoreClient", int, int], Any]    # (client, page, page_size) -> Page

SEARCH_KINDS = ("artists", "releases", "tracks")
NEW_RELEASE_DAYS = 60


RELEASE_TRACKS_PAGE = 100     # release/tracks pages no more than this (the store caps pageSize)
MAX_TRACK_PAGES = 50          # 5,000 tracks: more is not a release but a broken store


def chart_items(page):
    """A chart page as a page of the things charted (releases, artists or tracks), keeping the
    chart's type and dates (`page.chart`)."""
    from app.api import ChartPage   # runs on a worker; app.api is loaded by then
    return ChartPage(tuple(entry.item for entry in page.items), page.page, page.page_size, page.total_items,
                     getattr(page, "chart", None))


def all_tracks(client, release_id, page_size: int = RELEASE_TRACKS_PAGE):
    """Every track of a release, paging through release/tracks, as one Page.

    Stops at the store's total, at an empty or short page, or after MAX_TRACK_PAGES pages."""
    from app.api import Page
    first = client.release_tracks(release_id, 1, page_size)
    items, page = list(first.items), first
    while page.has_next and page.page < MAX_TRACK_PAGES and len(page.items) >= 1:
        page = client.release_tracks(release_id, page.page + 1, page_size)
        items.extend(page.items)
    total = max(first.total_items, len(items))
    return Page(tuple(items), 1, max(len(items), 1), total)


class Catalogue:
    """Operations on the current store, and the way to run them off the GUI thread."""

    def __init__(self, store: CurrentStore, runner: TaskRunner):
        self.store, self.runner = store, runner

    # -- running ---------------------------------------------------------------------------
    def client_now(self, token: CancelToken | None = None) -> StoreClient:
        """On a worker: the current client, stopping its calls once `token` is cancelled."""
        client = self.store.client
        if client is None:     # the embedded store is still starting
            from app.api import NetworkError
            raise NetworkError("The store is still starting; try again in a moment")
        return client if token is None else client.with_cancel_check(lambda: token.cancelled)

    def run(self, op: Op[T], on_done: Callable[[T], None], on_error: ErrorHandler | None = None) -> CancelToken:
        """Run `op(client)` on a worker; `on_done`/`on_error` on the GUI thread (no `on_error`: the
        window shows the error)."""
        return self.runner.submit(self.job(op), on_done, on_error)

    def job(self, op: Op[T]) -> Callable[[CancelToken], T]:
        """`op` as a runner job: called with the current client, stopping once its token is cancelled."""
        return lambda token: op(self.client_now(token))

    def cancel(self, token: CancelToken | None) -> None:
        self.runner.cancel(token)

    def jobs(self) -> StoreJobs:
        """A group of jobs for one owner (a view): `cancel()` drops everything it started."""
        return StoreJobs(self)

    def fetch_bytes(self, url: str) -> bytes:
        """On a worker: an image (cover art) from the store's image server."""
        return self.client_now().fetch_bytes(url)

    def preview_url(self, track_id) -> str:
        """On a worker: the signed address of a track's 30-second preview clip."""
        return self.client_now().preview_url(track_id)

    # -- search ----------------------------------------------------------------------------
    @staticmethod
    def search(kind: str, query: str) -> PageOp:
        """Artists, releases or tracks matching `query`, a page at a time."""
        if kind == "artists":
            return lambda client, page, size: client.search_artists(query, page, size)
        if kind == "releases":
            return lambda client, page, size: client.search_releases(query, page, size)
        if kind == "tracks":
            return lambda client, page, size: client.search_tracks(query, page, size)
        raise ValueError(f"no search for {kind!r}")

    @staticmethod
    def resolve_link(link: StoreLink) -> Op[str | None]:
        """A pasted 7digital web link as a location in this app (None: nothing matches)."""
        from app.services.store_urls import resolve
        return lambda client: resolve(client, link)

    # -- home ------------------------------------------------------------------------------
    @staticmethod
    def top_releases() -> PageOp:
        return lambda client, page, size: chart_items(client.release_chart("week", None, page, size))

    @staticmethod
    def top_artists() -> PageOp:
        return lambda client, page, size: chart_items(client.artist_chart("week", None, page, size))

    @staticmethod
    def top_tracks() -> PageOp:
        return lambda client, page, size: chart_items(client.track_chart("week", None, page, size))

    @staticmethod
    def recent_releases(today: date, days: int = NEW_RELEASE_DAYS) -> PageOp:
        start = today - timedelta(days=days)
        return lambda client, page, size: client.new_releases(start, today, page, size)

    @staticmethod
    def genres(count: int = 40) -> Op:
        return lambda client: client.tags(1, count)

    # -- artist ----------------------------------------------------------------------------
    @staticmethod
    def artist_details(artist_id: str) -> Op:
        return lambda client: client.artist(artist_id)

    @staticmethod
    def artist_genres(artist_id: str) -> Op:
        return lambda client: client.artist_tags(artist_id)

    @staticmethod
    def discography(artist_id: str, release_type: str | None = None) -> PageOp:
        """An artist's releases, all of them or one type ("album", "single", "video")."""
        return lambda client, page, size: client.artist_releases(artist_id, page, size, type=release_type)

    @staticmethod
    def popular_tracks(artist_id: str) -> PageOp:
        return lambda client, page, size: client.artist_top_tracks(artist_id, page, size)

    @staticmethod
    def similar_artists(artist_id: str) -> PageOp:
        return lambda client, page, size: client.artist_similar(artist_id, page, size)

    # -- release ---------------------------------------------------------------------------
    @staticmethod
    def release_details(release_id: str) -> Op:
        return lambda client: client.release(release_id)

    @staticmethod
    def tracklist(release_id: str, page_size: int = RELEASE_TRACKS_PAGE) -> Op:
        """Every track of a release, however many pages release/tracks takes (box sets)."""
        return lambda client: all_tracks(client, release_id, page_size)

    @staticmethod
    def countries() -> Op:
        """The stores the service sells in (the `countries` call)."""
        return lambda client: client.countries()

    @staticmethod
    def release_genres(release_id: str) -> Op:
        return lambda client: client.release_tags(release_id)

    @staticmethod
    def more_like(release_id: str) -> PageOp:
        return lambda client, page, size: client.release_recommend(release_id, page, size)

    # -- genre -----------------------------------------------------------------------------
    @staticmethod
    def tagged_releases(tag: str, newest: bool) -> PageOp:
        return lambda client, page, size: client.releases_by_tag(tag, new=newest, page=page, page_size=size)


class StoreJobs:
    """One owner's jobs on the gateway; `cancel()` (leaving a page) drops them all."""

    def __init__(self, catalogue: Catalogue):
        self._catalogue = catalogue
        self._group = JobGroup(catalogue.runner)

    @property
    def busy(self) -> bool:
        return self._group.busy

    def run(self, op: Op[T], on_done: Callable[[T], None], on_error: ErrorHandler | None = None) -> CancelToken:
        return self._group.submit(self._catalogue.job(op), on_done, on_error)

    def cancel(self, token: CancelToken | None = None) -> None:
        self._group.cancel(token)
