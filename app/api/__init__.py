"""The 7digital API client: HTTP, OAuth 1.0 and XML into frozen dataclasses. Imports no Qt.

    client = StoreClient(consumer_key=KEY, consumer_secret=SECRET, country="GB")
    page = client.search_releases("love", page_size=20)      # Page[Release]
    tracks = client.release_tracks(page.items[0].id)         # Page[Track], prices as Decimal
    user = client.with_access_token(client.sign_in(email, password))
    user.locker()                                            # Page[LockerRelease]

Every failure is a StoreError subclass whose str() is a sentence for people; the generic
`client.request(path, params)` returns the `<response>` element of endpoints without a method.
"""
from .client import DEFAULT_BASE_URL, StoreClient, image_url
from .errors import (ApiError, AuthError, ClockSkewError, InputError, NetworkError, NotFoundError, PaymentError,
                     RequestCancelled, ResponseFormatError, ServerError, StoreError, UnsafeLinkError)
from .errors import (KeyNotAllowedError, KeyRefusedError, SignInDeclinedError, SignInTimedOutError,
                     WrongCredentialsError)
from .models import (Amount, Artist, Basket, BasketItem, BasketStatus, Chart, ChartItem, ChartPage, Country,
                     DownloadUrl, Format, Label, LockerRelease, LockerTrack, OAuthToken, Package, Page, Price, Release,
                     Tag, Track, User)
from .numbers import money, whole_number
from .urls import browser_link, is_loopback

__all__ = [
    "StoreClient", "DEFAULT_BASE_URL", "image_url",
    "StoreError", "ApiError", "InputError", "NotFoundError", "PaymentError", "ServerError", "AuthError",
    "NetworkError", "ResponseFormatError", "RequestCancelled", "ClockSkewError", "UnsafeLinkError",
    "WrongCredentialsError", "KeyNotAllowedError", "KeyRefusedError", "SignInDeclinedError", "SignInTimedOutError",
    "browser_link", "is_loopback", "whole_number", "money",
    "Page", "Artist", "Release", "Track", "Price", "Tag", "Label", "Format", "Basket", "BasketItem", "Amount",
    "ChartItem", "BasketStatus", "OAuthToken", "User", "LockerRelease", "LockerTrack", "DownloadUrl",
    "Chart", "ChartPage", "Country", "Package",
]
