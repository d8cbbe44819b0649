"""StoreClient: one method per 7digital endpoint the app uses, each a single call down the generic
request → envelope → reader path. Clients are immutable and safe to share between worker threads.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial
from typing import Callable, Iterable
from urllib.parse import quote, urlencode, urljoin, urlsplit

from .errors import AuthError, ClockSkewError, ResponseFormatError, UnsafeLinkError, api_error, sign_in_refusal
from .models import (Artist, Basket, BasketStatus, ChartPage, Country, LockerRelease, OAuthToken, Page, Release,
                     Tag, Track, User)
from .numbers import whole_number_or_none
from .oauth import sign_url
from .parse import MAX_RESPONSE_BYTES, parse_token_body, text
from .readers import (find_one, read_artist, read_basket, read_basket_status, read_chart_page, read_countries,
                      read_locker_release, read_page, read_release, read_tag, read_track, read_user)
from .transport import Transport, interpret
from .urls import browser_link, secure_url

__all__ = ["StoreClient", "DEFAULT_BASE_URL", "image_url", "default_store_identity"]

DEFAULT_BASE_URL = "http://api.7digital.com/1.2/"
_REAL_API_HOST = "api.7digital.com"
_PREVIEWS_ROOT = "https://previews.7digital.com/"
_ACCOUNT_ROOT = "https://account.7digital.com/"
_REDIRECTS = (301, 302, 303, 307, 308)


def image_url(url: str, size: int) -> str:
    """7digital artwork URL at another size: `…/0000320866_50.jpg` → `…/0000320866_{size}.jpg`."""
    head, sep, query = url.partition("?")
    stem, dot, ext = head.rpartition(".")
    if dot and ext.lower() in ("jpg", "jpeg", "png"):
        base, underscore, old = stem.rpartition("_")
        if underscore and old.isdigit():
            head = f"{base}_{_count(size, 'size')}.{ext}"
    return head + sep + query


def default_store_identity(consumer_key: str, base_url: str) -> str:
    """Which store a key and address stand for: `<key>@<scheme>://<host>[:port]/<path>/`.

    The address is normalised so that spellings of one address agree: scheme and host lower-case,
    the scheme's default port dropped, no user info, the path ending in "/" (the transport joins
    paths to "…/1.2" and "…/1.2/" alike). A store that knows its own identity (the embedded one
    keeps it across ports) passes it to StoreClient instead."""
    parts = urlsplit(base_url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:          # not a number: keep it as written, the address is broken anyway
        port = parts.netloc.rpartition(":")[2] or None
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{consumer_key}@{scheme}://{host}{path}"


def _page(item_tag: str, reader: Callable, *containers: str) -> Callable:
    return partial(read_page, containers=containers, item_tag=item_tag, reader=reader)


def _one(tag: str, reader: Callable) -> Callable:
    def read(root):
        element = find_one(root, tag)
        if element is None:
            raise ResponseFormatError(f"The store's answer held no {tag}")
        return reader(element)
    return read


def _count(value: int | str, name: str) -> int:
    """A caller's whole number (page, size, id) checked like the store's: no bool, no float, no
    sign, at most 18 digits; ValueError otherwise."""
    number = whole_number_or_none(value) if not isinstance(value, bool) else None
    if number is None:
        raise ValueError(f"{name} must be a whole number, not {str(value)[:20]!r}")
    return number


def _paging(page: int, page_size: int, **params) -> dict:
    return {**params, "page": _count(page, "page"), "pageSize": _count(page_size, "page_size")}


def _day(value: date | None) -> str | None:
    return value.strftime("%Y%m%d") if value else None


_ARTISTS = _page("artist", read_artist, "searchResults", "artists", "taggedResults")
_RELEASES = _page("release", read_release, "searchResults", "releases", "taggedResults", "recommendations")
_TRACKS = _page("track", read_track, "searchResults", "tracks")
_TAGS = _page("tag", read_tag, "tags")
_CHART = read_chart_page
_LOCKER = _page("lockerRelease", read_locker_release, "lockerReleases")
_BASKET = _one("basket", read_basket)


class StoreClient:
    """The 7digital catalogue, basket, sign-in and locker API as typed Python calls."""

    def __init__(self, base_url: str = DEFAULT_BASE_URL, consumer_key: str = "", consumer_secret: str | None = None,
                 country: str | None = None, shop_id: int | str | None = None, timeout: float = 10.0,
                 access_token: OAuthToken | None = None, *, retries: int = 2, retry_backoff: float = 0.25,
                 max_response_bytes: int = MAX_RESPONSE_BYTES, store_identity: str | None = None) -> None:
        self._transport = Transport(base_url, consumer_key, consumer_secret, country, shop_id, timeout,
                                    retries, retry_backoff, max_response_bytes)
        self._token = access_token
        self._identity = store_identity or default_store_identity(consumer_key, base_url)

    def _derived(self, transport: Transport, token: OAuthToken | None) -> "StoreClient":
        client = type(self).__new__(type(self))
        client._transport, client._token, client._identity = transport, token, self._identity
        return client

    def __repr__(self) -> str:
        t = self._transport
        return f"StoreClient({t.base_url!r}, country={t.country!r}, signed_in={self._token is not None})"

    # --- configuration ------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        """The API root this client talks to, e.g. http://api.7digital.com/1.2/."""
        return self._transport.base_url

    @property
    def store_identity(self) -> str:
        """Which store this is, whatever its address today: what a sign-in is kept under.

        By default the consumer key and the normalised base URL (see `default_store_identity()`); a store
        that can move (the embedded one, on another port when its usual one is busy) is given its
        own, e.g. "embedded:<store id>". Kept by with_country, with_cancel_check and with_access_token."""
        return self._identity

    @property
    def country(self) -> str | None:
        """The country whose catalogue and prices this client asks for (None: the key's default)."""
        return self._transport.country

    @property
    def clock_offset(self) -> float:
        """Seconds the store's clock is ahead of this computer's (negative: behind), as learnt from
        a refused signed call; 0 until one was. Signed calls use it in their OAuth timestamp."""
        return self._transport.clock.seconds

    @property
    def signed_in(self) -> bool:
        """True when this client acts for a user (it holds an access token)."""
        return self._token is not None

    def with_country(self, country: str | None) -> "StoreClient":
        """A client for another country's catalogue and prices (same key, token and sessions)."""
        return self._derived(replace(self._transport, country=country), self._token)

    def with_cancel_check(self, cancelled: Callable[[], bool] | None) -> "StoreClient":
        """A client whose calls stop with RequestCancelled once `cancelled()` is true (checked before
        each attempt and between chunks of the answer). Same key, token and sessions."""
        return self._derived(replace(self._transport, cancelled=cancelled), self._token)

    def with_access_token(self, token: OAuthToken | None) -> "StoreClient":
        """A client acting for a signed-in user (or for nobody, with None)."""
        return self._derived(self._transport, token)

    def close(self) -> None:
        """Close the calling thread's HTTP session."""
        self._transport.close()

    # --- the generic path ---------------------------------------------------------------------
    def request(self, path: str, params: dict | None = None, *, method: str = "GET", signed: bool = False,
                user: bool = False, idempotent: bool | None = None):
        """The `<response status="ok">` lxml element for any endpoint (those without a method too).

        signed=True signs 2-legged; user=True signs 3-legged with the access token.
        """
        token = None
        if user:
            if self._token is None:
                raise AuthError(401, "Not signed in", "Sign in to your 7digital account first", for_user=True)
            token = self._token
        if idempotent is None:
            idempotent = method.upper() == "GET"
        reply = self._transport.send(path, params, method=method, signed=signed, token=token,
                                     idempotent=idempotent)
        return self._interpret(reply, token)

    def _interpret(self, reply, token: OAuthToken | None):
        try:
            return interpret(reply, self._transport.max_response_bytes)
        except (AuthError, ClockSkewError) as exc:
            exc.for_user = token is not None  # a refused user token: signing in again may help
            raise

    def _call(self, path: str, params: dict | None, reader: Callable, **options):
        return reader(self.request(path, params, **options))

    # --- catalogue ----------------------------------------------------------------------------
    def search_artists(self, q: str, page: int = 1, page_size: int = 10) -> Page[Artist]:
        """artist/search: artists matching `q`."""
        return self._call("artist/search", _paging(page, page_size, q=q), _ARTISTS)

    def search_releases(self, q: str, page: int = 1, page_size: int = 10) -> Page[Release]:
        """release/search: releases matching `q`."""
        return self._call("release/search", _paging(page, page_size, q=q), _RELEASES)

    def search_tracks(self, q: str, page: int = 1, page_size: int = 10) -> Page[Track]:
        """track/search: tracks matching `q`."""
        return self._call("track/search", _paging(page, page_size, q=q), _TRACKS)

    def artist(self, artist_id: int) -> Artist:
        """artist/details: one artist."""
        return self._call("artist/details", {"artistId": artist_id}, _one("artist", read_artist))

    def artist_releases(self, artist_id: int, page: int = 1, page_size: int = 10,
                        type: str | None = None) -> Page[Release]:
        """artist/releases: an artist's releases, optionally of one `type` (album, single, video)."""
        return self._call("artist/releases", _paging(page, page_size, artistId=artist_id, type=type), _RELEASES)

    def artist_top_tracks(self, artist_id: int, page: int = 1, page_size: int = 10) -> Page[Track]:
        """artist/toptracks: an artist's most popular tracks."""
        return self._call("artist/toptracks", _paging(page, page_size, artistId=artist_id), _TRACKS)

    def artist_similar(self, artist_id: int, page: int = 1, page_size: int = 10) -> Page[Artist]:
        """artist/similar: artists like this one."""
        return self._call("artist/similar", _paging(page, page_size, artistId=artist_id), _ARTISTS)

    def artist_tags(self, artist_id: int) -> Page[Tag]:
        """artist/tags: the genre tags of an artist."""
        return self._call("artist/tags", {"artistId": artist_id}, _TAGS)

    def artist_browse(self, letter: str, page: int = 1, page_size: int = 10) -> Page[Artist]:
        """artist/browse: artists whose name starts with `letter`."""
        return self._call("artist/browse", _paging(page, page_size, letter=letter), _ARTISTS)

    def release(self, release_id: int) -> Release:
        """release/details: one release."""
        return self._call("release/details", {"releaseId": release_id}, _one("release", read_release))

    def release_tracks(self, release_id: int, page: int = 1, page_size: int = 100) -> Page[Track]:
        """release/tracks: a release's tracklist (one page holds any real album)."""
        return self._call("release/tracks", _paging(page, page_size, releaseId=release_id), _TRACKS)

    def release_recommend(self, release_id: int, page: int = 1, page_size: int = 10) -> Page[Release]:
        """release/recommend: releases the store recommends alongside this one."""
        return self._call("release/recommend", _paging(page, page_size, releaseId=release_id), _RELEASES)

    def release_tags(self, release_id: int) -> Page[Tag]:
        """release/tags: the genre tags of a release."""
        return self._call("release/tags", {"releaseId": release_id}, _TAGS)

    def releases_by_tag(self, tags: str | Iterable[str], new: bool = True, page: int = 1,
                        page_size: int = 10) -> Page[Release]:
        """release/byTag/new (new=True) or /top: releases with the tag(s) in `tags`."""
        joined = tags if isinstance(tags, str) else ",".join(tags)
        return self._call(f"release/byTag/{'new' if new else 'top'}", _paging(page, page_size, tags=joined),
                          _RELEASES)

    def track(self, track_id: int) -> Track:
        """track/details: one track."""
        return self._call("track/details", {"trackId": track_id}, _one("track", read_track))

    def tags(self, page: int = 1, page_size: int = 10) -> Page[Tag]:
        """tag: every genre tag, most used first."""
        return self._call("tag", _paging(page, page_size), _TAGS)

    def release_chart(self, period: str = "week", to_date: date | None = None, page: int = 1,
                      page_size: int = 10) -> ChartPage:
        """release/chart for the `period` (day, week, month) ending `to_date` (default: latest)."""
        return self._call("release/chart", _paging(page, page_size, period=period, toDate=_day(to_date)), _CHART)

    def artist_chart(self, period: str = "week", to_date: date | None = None, page: int = 1,
                     page_size: int = 10) -> ChartPage:
        """artist/chart for the `period` ending `to_date`."""
        return self._call("artist/chart", _paging(page, page_size, period=period, toDate=_day(to_date)), _CHART)

    def track_chart(self, period: str = "week", to_date: date | None = None, page: int = 1,
                    page_size: int = 10) -> ChartPage:
        """track/chart for the `period` ending `to_date`."""
        return self._call("track/chart", _paging(page, page_size, period=period, toDate=_day(to_date)), _CHART)

    def new_releases(self, from_date: date, to_date: date, page: int = 1, page_size: int = 10) -> Page[Release]:
        """release/byDate: releases out between the two days (inclusive)."""
        return self._call("release/byDate", _paging(page, page_size, fromDate=_day(from_date),
                                                    toDate=_day(to_date)), _RELEASES)

    def countries(self) -> tuple[Country, ...]:
        """countries: the stores this service sells in (code, names, web shop), in its order."""
        return self._call("countries", {}, read_countries)

    # --- basket -------------------------------------------------------------------------------
    def create_basket(self) -> Basket:
        """basket/create: a new, empty basket."""
        return self._call("basket/create", {}, _BASKET, idempotent=False)

    def basket(self, basket_id: str) -> Basket:
        """basket: the basket's lines and totals."""
        return self._call("basket", {"basketId": basket_id}, _BASKET)

    def add_to_basket(self, basket_id: str, release_id: int, track_id: int | None = None) -> Basket:
        """basket/addItem: a release, or one track of it; returns the updated basket."""
        return self._call("basket/addItem", {"basketId": basket_id, "releaseId": release_id,
                                             "trackId": track_id}, _BASKET, idempotent=False)

    def remove_from_basket(self, basket_id: str, item_id: int) -> Basket:
        """basket/removeItem: `item_id` is BasketItem.id; returns the updated basket."""
        return self._call("basket/removeItem", {"basketId": basket_id, "itemId": item_id}, _BASKET,
                          idempotent=False)

    def basket_status(self, basket_id: str) -> BasketStatus:
        """basket/{id}/status: whether the basket has been paid for, and the purchase id."""
        return self._call(f"basket/{quote(str(basket_id), safe='')}/status", {}, read_basket_status)

    def checkout_url(self, basket_id: str) -> str:
        """Where basket/checkout redirects (not followed): the store's checkout page for the basket.

        Only a web address a browser may safely open comes back: https, or http between the
        embedded store and this machine; anything else (file:, javascript:, data:, smb:, plain http
        elsewhere) is an UnsafeLinkError."""
        reply = self._transport.send("basket/checkout", {"basketId": basket_id}, token=self._token,
                                     allow_redirects=False)
        location = reply.headers.get("Location")
        if reply.status in _REDIRECTS and location:
            return self._browser_link(reply.url, location)
        url = text(find_one(self._interpret(reply, self._token), "url"))
        if not url:
            raise ResponseFormatError("The store did not say where to check out")
        return self._browser_link(reply.url, url)

    def _browser_link(self, base: str, link: str) -> str:
        # Checked as it will be opened: resolved against the answer's address (a relative link
        # inherits its scheme; one with a scheme of its own, javascript: or file:, keeps that).
        if len(link) > 8192:
            raise UnsafeLinkError("")
        return browser_link(urljoin(base, link), self.base_url)

    # --- previews and images ------------------------------------------------------------------
    def preview_url(self, track_id: int) -> str:
        """A 2-legged signed clip URL (query string) that a media player can open directly."""
        t = self._transport
        if not t.consumer_secret:
            raise AuthError(401, "No consumer secret", "Previews need the API consumer secret, and none is configured")
        parts = urlsplit(t.base_url)
        root = _PREVIEWS_ROOT if parts.hostname == _REAL_API_HOST else secure_url(f"{parts.scheme}://{parts.netloc}/")
        query = urlencode(t.common_params())
        url = f"{root}clip/{_count(track_id, 'track_id')}" + (f"?{query}" if query else "")
        return sign_url(url, t.consumer_key, t.consumer_secret, timestamp=t.clock.timestamp())

    def fetch_bytes(self, url: str, max_bytes: int = 5_000_000) -> bytes:
        """The body of `url` (cover art): NetworkError when unreachable, a StoreError for HTTP errors."""
        reply = self._transport.send(url, absolute=True, max_bytes=max_bytes)
        if reply.status == 200:
            return reply.body
        raise api_error(None, "The store could not deliver the file", reply.status)

    # --- sign-in and the user's things ---------------------------------------------------------
    def request_token(self) -> OAuthToken:
        """oauth/requesttoken (2-legged): a request token to authorise. A refused key or secret is a
        KeyRefusedError (a wrong clock: ClockSkewError)."""
        reply = self._transport.send("oauth/requesttoken", {}, signed=True, idempotent=False)
        try:
            return self._token_from(reply)
        except AuthError as exc:
            raise sign_in_refusal(exc, authorising=False) from None

    def authorise_request_token(self, token: OAuthToken, email: str, password: str) -> None:
        """Authorise `token` for the user with email + password (premium keys' in-app login).

        WrongCredentialsError for a wrong email or password, KeyNotAllowedError when the key may
        not use this call (then `authorise_url` in a web browser still signs the user in)."""
        try:
            self.request("oauth/requestToken/authorise", {"token": token.token, "username": email,
                                                          "password": password}, method="POST", signed=True)
        except AuthError as exc:
            raise sign_in_refusal(exc, authorising=True) from None

    def authorise_url(self, token: OAuthToken, callback: str) -> str:
        """The store's sign-in page for `token` in a web browser (OAuth 1.0, API notes §5): the real
        service's account.7digital.com/{key}/oauth/authorise, or the same path on the store's own
        address (the embedded store). It redirects to `callback` with `oauth_token` and
        `status=Authorised` once the user signed in there; then call `access_token(token)`."""
        parts = urlsplit(self.base_url)
        host = _ACCOUNT_ROOT if parts.hostname == _REAL_API_HOST else f"{parts.scheme}://{parts.netloc}/"
        query = urlencode({"oauth_token": token.token, "oauth_callback": callback})
        return f"{secure_url(host)}{quote(self._transport.consumer_key, safe='')}/oauth/authorise?{query}"

    def access_token(self, request_token: OAuthToken) -> OAuthToken:
        """oauth/accesstoken (signed with the authorised request token): the user's access token."""
        reply = self._transport.send("oauth/accesstoken", {}, token=request_token, idempotent=False)
        return self._token_from(reply)

    def sign_in(self, email: str, password: str) -> OAuthToken:
        """The user's access token, through request token → authorise → access token."""
        token = self.request_token()
        self.authorise_request_token(token, email, password)
        return self.access_token(token)

    def _token_from(self, reply) -> OAuthToken:
        if 200 <= reply.status < 300 and not reply.body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            return parse_token_body(reply.body)  # the form-encoded variant
        interpret(reply, self._transport.max_response_bytes)  # raises for every error shape
        return parse_token_body(reply.body, reply.status)

    def user_details(self) -> User:
        """user/details (3-legged): the signed-in user."""
        return self._call("user/details", {}, _one("user", read_user), user=True)

    def locker(self, page: int = 1, page_size: int = 10) -> Page[LockerRelease]:
        """user/locker (3-legged): the releases and tracks the user has bought."""
        return self._call("user/locker", _paging(page, page_size), _LOCKER, user=True)
