"""XML elements → model dataclasses, one reader per model.

Children are looked up by name (order varies between API eras), every optional element may be
missing, and lists may be empty, self-closing, whitespace-only or hold one item. Each element's
children are gathered once into a dict instead of running a search per field: that keeps a
1,000-item page well inside the parse budget (bench/parse.py).
"""
from __future__ import annotations

from decimal import Decimal

from .errors import ResponseFormatError
from .models import (Amount, Artist, Basket, BasketItem, BasketStatus, Chart, ChartItem, ChartPage, Country,
                     DownloadUrl, Format, Label, LockerRelease, LockerTrack, Package, Page, Price, Release, Tag,
                     Track, User)
from .numbers import money, real_number, whole_number
from .parse import XSI_NIL, text, to_bool, to_date

__all__ = [
    "read_artist", "read_release", "read_track", "read_tag", "read_chart_item", "read_basket",
    "read_basket_status", "read_user", "read_locker_release", "read_page", "find_one", "read_price",
    "read_chart_page", "read_countries",
]

# Elements that wrap one item inside a list: <searchResult><type/><score/><artist/></searchResult>
_WRAPPERS = frozenset(("searchResult", "taggedItem", "recommendedItem", "listItem"))
_ZERO = Decimal(0)
MAX_PACKAGES = 20      # a release is sold in a handful of packages; more is not a real answer
MAX_COUNTRIES = 300    # there are fewer than 250 ISO countries


def _kids(element) -> dict:
    """Child elements by tag (the last one wins on duplicates; comments are stripped at parse time)."""
    return {child.tag: child for child in element}


def _id(element) -> int:
    return whole_number(element.get("id"), "id") or 0


def _whole(k: dict, tag: str) -> int | None:
    """The whole number in child `tag` (None when missing or empty)."""
    return whole_number(text(k.get(tag)), tag)


def read_artist(element) -> Artist | None:
    """An <artist>; None for a missing element."""
    if element is None:
        return None
    k = _kids(element)
    bio = k.get("bio")
    return Artist(
        _id(element), text(k.get("name")) or "", text(k.get("sortName")), text(k.get("appearsAs")),
        text(k.get("url")), text(k.get("image")), real_number(text(k.get("popularity")), "popularity"),
        text(k.get("slug")), text(bio.find("text")) if bio is not None else None,
    )


def read_label(element) -> Label | None:
    """A <label> or <licensor>; None when missing or empty (`<licensor id="0"/>`)."""
    if element is None:
        return None
    label_id, name = whole_number(element.get("id"), "label id"), text(element.find("name"))
    if not label_id and name is None:
        return None
    return Label(label_id, name)


def read_price(element, currency_code: str | None = None, symbol: str | None = None) -> Price | None:
    """A classic <price>; None when missing or xsi:nil. value None = not for sale ("N/A", empty)."""
    if element is None or element.get(XSI_NIL) == "true":
        return None
    k = _kids(element)
    currency = k.get("currency")
    if currency is not None:
        currency_code = currency.get("code") or currency_code
        symbol = text(currency) or symbol
    formatted = text(k.get("formattedPrice"))
    value = money(text(k.get("value")))
    return Price(
        currency_code, symbol, value, formatted,
        money(text(k.get("rrp"))), text(k.get("formattedRrp")), to_bool(text(k.get("onSale"))),
    )


def _package_price(package_price) -> Price | None:
    """A 2014+ <package><price>: currencyCode, sevendigitalPrice, recommendedRetailPrice."""
    if package_price is None:
        return None
    k = _kids(package_price)
    return Price(text(k.get("currencyCode")), None, money(text(k.get("sevendigitalPrice"))), None,
                 money(text(k.get("recommendedRetailPrice"))), None, False)


def _packages_of(k: dict) -> tuple:
    """Every <download><packages><package> (formats and price each), at most MAX_PACKAGES."""
    download = k.get("download")
    packages = download.find("packages") if download is not None else None
    if packages is None:
        return ()
    result = []
    for element in packages:
        if element.tag != "package":
            continue
        if len(result) == MAX_PACKAGES:
            break
        pk = _kids(element)
        formats = pk.get("formats")
        result.append(Package(whole_number(element.get("id"), "package id"), text(pk.get("description")),
                              _package_price(pk.get("price")),
                              _read_formats(formats) if formats is not None else ()))
    return tuple(result)


def _read_formats(formats) -> tuple:
    result = []
    for element in formats:
        if element.tag != "format":
            continue
        k = _kids(element)
        drm = k.get("drmFree")
        result.append(Format(whole_number(element.get("id"), "format id"), text(k.get("fileFormat")),
                             _whole(k, "bitRate"), to_bool(text(drm)) if drm is not None else None,
                             text(k.get("description"))))
    return tuple(result)


def _formats_of(k: dict, packages: tuple) -> tuple:
    """The classic <formats>, else (2016+: formats only inside packages) the first package's."""
    formats = k.get("formats")
    if formats is not None:
        return _read_formats(formats)
    return packages[0].formats if packages else ()


def _price_of(k: dict, packages: tuple) -> Price | None:
    """The classic <price>, else the first package's (the standard one)."""
    price = k.get("price")
    if price is not None:
        return read_price(price)
    return packages[0].price if packages else None


def read_release(element) -> Release | None:
    """A <release> (full, or the short form nested in tracks and lockers)."""
    if element is None:
        return None
    k = _kids(element)
    packages = _packages_of(k)
    return Release(
        _id(element), text(k.get("title")) or "", text(k.get("version")), text(k.get("type")),
        text(k.get("barcode")), _whole(k, "year"), to_bool(text(k.get("explicitContent"))),
        read_artist(k.get("artist")), text(k.get("url")), text(k.get("image")),
        to_date(text(k.get("releaseDate"))), _price_of(k, packages), _formats_of(k, packages),
        read_label(k.get("label")), to_date(text(k.get("addedDate"))), read_label(k.get("licensor")),
        real_number(text(k.get("popularity")), "popularity"), _whole(k, "duration"),
        _whole(k, "trackCount"), text(k.get("slug")), packages, to_date(text(k.get("streamingReleaseDate"))),
    )


def read_track(element) -> Track | None:
    """A <track>."""
    if element is None:
        return None
    k = _kids(element)
    number = k.get("trackNumber")
    if number is None:
        number = k.get("number")
    packages = _packages_of(k)
    preview = k.get("previewDate")
    preview_text = text(preview)
    return Track(
        _id(element), text(k.get("title")) or "", text(k.get("version")), read_artist(k.get("artist")),
        whole_number(text(number), "trackNumber"), _whole(k, "duration") or 0,
        to_bool(text(k.get("explicitContent"))), text(k.get("isrc")), read_release(k.get("release")),
        text(k.get("url")), _price_of(k, packages), _whole(k, "discNumber"), text(k.get("type")),
        real_number(text(k.get("popularity")), "popularity"), _formats_of(k, packages),
        to_date(preview_text), to_date(text(k.get("streamingReleaseDate"))), text(k.get("slug")),
        packages, preview is None or preview_text is not None,   # present but nil/empty: no preview here
    )


def read_tag(element) -> Tag:
    """A <tag id="slug">."""
    k = _kids(element)
    tag_id = element.get("id") or text(k.get("text")) or ""
    return Tag(tag_id, text(k.get("text")) or tag_id, text(k.get("url")), _whole(k, "count"))


_CHARTED = (("release", read_release), ("track", read_track), ("artist", read_artist))


def read_chart_item(element) -> ChartItem:
    """A <chartItem>: position, change and the Artist/Release/Track charted."""
    k = _kids(element)
    for tag, reader in _CHARTED:
        if tag in k:
            item = reader(k[tag])
            break
    else:
        raise ResponseFormatError("A chart entry held no artist, release or track")
    return ChartItem(_whole(k, "position") or 0, text(k.get("change")), item)


def read_chart_page(root) -> ChartPage:
    """A <chart>: its entries as a page of ChartItem, with the chart's type and dates."""
    page = read_page(root, ("chart",), "chartItem", read_chart_item)
    chart = root.find("chart")
    if chart is None:
        chart = root.find(".//chart")
    info = None
    if chart is not None:
        k = _kids(chart)
        info = Chart(text(k.get("type")), to_date(text(k.get("fromDate"))), to_date(text(k.get("toDate"))))
    return ChartPage(page.items, page.page, page.page_size, page.total_items, info)


def read_countries(root) -> tuple:
    """The `countries` answer: a Country per <country code=…> with a two-letter code (others are
    skipped, not trusted), at most MAX_COUNTRIES, without repeats."""
    container = root.find("countries")
    if container is None:
        container = root.find(".//countries")
    if container is None:
        raise ResponseFormatError("The store's answer held no countries")
    result, seen = [], set()
    for element in container:
        if element.tag != "country":
            continue
        code = (element.get("code") or "").strip().upper()
        if len(code) != 2 or not code.isascii() or not code.isalpha() or code in seen:
            continue
        if len(result) == MAX_COUNTRIES:
            break
        seen.add(code)
        k = _kids(element)
        result.append(Country(code, text(k.get("name")), text(k.get("localName")), text(k.get("url"))))
    return tuple(result)


def read_amount(element, currency_code: str | None = None) -> Amount | None:
    """An <amountDue>: amount, formattedAmount and optional currency.

    None when missing, or when it holds an amount but no readable one (NaN, negative, huge): an
    unknown amount, not a zero one. An amountDue with neither amount nor formattedAmount is zero."""
    if element is None:
        return None
    k = _kids(element)
    currency = k.get("currency")
    if currency is not None:
        currency_code = currency.get("code") or currency_code
    formatted, amount = text(k.get("formattedAmount")), text(k.get("amount"))
    value = money(amount)
    if value is None:
        value = money(formatted)
    if value is None:
        if amount is not None or formatted is not None:
            return None
        value = _ZERO
    return Amount(value, formatted, currency_code)


def read_basket_item(element, currency_code: str | None, symbol: str | None) -> BasketItem:
    """A <basketItem>; its price inherits the basket's currency when it names none."""
    k = _kids(element)
    release_id = _whole(k, "releaseId")
    return BasketItem(
        _id(element), text(k.get("type")), text(k.get("itemName")), text(k.get("artistName")),
        _whole(k, "trackId") or None, release_id,
        read_price(k.get("price"), currency_code, symbol), read_amount(k.get("amountDue"), currency_code),
    )


def read_basket(element) -> Basket:
    """A <basket id="GUID">."""
    if element is None:
        raise ResponseFormatError("The store's answer held no basket")
    k = _kids(element)
    price = read_price(k.get("price"))
    code = price.currency_code if price else None
    symbol = price.currency_symbol if price else None
    items_element = k.get("basketItems")
    items = () if items_element is None else tuple(
        read_basket_item(item, code, symbol) for item in items_element if item.tag == "basketItem")
    amount = read_amount(k.get("amountDue"), code) or Amount(_ZERO, None, code)
    count = _whole(k, "itemCount")
    return Basket(element.get("id") or "", len(items) if count is None else count, price, amount, items)


def read_basket_status(root) -> BasketStatus:
    """`<paymentStatus>` (+ `<purchaseId>` once paid) directly under <response>."""
    status = text(root.find(".//paymentStatus"))
    if status is None:
        raise ResponseFormatError("The store's answer held no payment status")
    return BasketStatus(status, whole_number(text(root.find(".//purchaseId")), "purchaseId"))


def read_user(element) -> User:
    """A <user id=…>."""
    if element is None:
        raise ResponseFormatError("The store's answer held no user")
    k = _kids(element)
    return User(_id(element), text(k.get("type")), text(k.get("emailAddress")))


def _read_locker_track(element) -> LockerTrack | None:
    k = _kids(element)
    track = read_track(k.get("track"))
    if track is None:
        return None
    urls = []
    download_urls = k.get("downloadUrls")
    for download in (() if download_urls is None else download_urls):
        url = text(download.find("url"))
        if url:
            formats = _read_formats(f for f in download if f.tag == "format")
            urls.append(DownloadUrl(url, formats[0] if formats else None))
    return LockerTrack(track, _whole(k, "remainingDownloads"), _whole(k, "purchaseId"),
                       to_date(text(k.get("purchaseDate"))), tuple(urls))


def read_locker_release(element) -> LockerRelease:
    """A <lockerRelease>: the release and the purchased tracks of it."""
    k = _kids(element)
    release = read_release(k.get("release"))
    if release is None:
        raise ResponseFormatError("A locker entry held no release")
    tracks_element = k.get("lockerTracks")
    tracks = () if tracks_element is None else tuple(
        t for t in (_read_locker_track(e) for e in tracks_element if e.tag == "lockerTrack") if t)
    available = k.get("available")
    return LockerRelease(release, tracks, to_bool(text(available)) if available is not None else None)


def find_one(root, tag: str):
    """The first element called `tag` at or below `root`'s children (direct child first)."""
    element = root.find(tag)
    return element if element is not None else root.find(f".//{tag}")


def read_page(root, containers: tuple, item_tag: str, reader) -> Page:
    """A paged list: the first of `containers` found (else the first child) holding `item_tag` items.

    Items may sit directly in the container or one level down in a wrapper (searchResult,
    taggedItem, recommendedItem, listItem). A missing container is an empty page.
    """
    container = next((c for c in map(root.find, containers) if c is not None), None)
    if container is None:  # nested deeper (locker/lockerReleases), else whatever list is there
        container = next((c for c in (root.find(f".//{n}") for n in containers) if c is not None), None)
    if container is None:
        container = next(iter(root), None)
    if container is None:
        return Page((), 1, 0, 0)
    items, page, page_size, total = [], None, None, None
    append = items.append
    for child in container:
        tag = child.tag
        if tag == item_tag:
            append(reader(child))
        elif tag in _WRAPPERS:
            inner = child.find(item_tag)
            if inner is not None:
                append(reader(inner))
        elif tag == "page":
            page = whole_number(text(child), "page")
        elif tag == "pageSize":
            page_size = whole_number(text(child), "pageSize")
        elif tag == "totalItems":
            total = whole_number(text(child), "totalItems")
    return Page(tuple(items), page or 1, len(items) if page_size is None else page_size,
                len(items) if total is None else total)
