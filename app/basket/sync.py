"""Bring the store's basket in line with what the user chose (Qt-free; runs on a worker thread).

The local list of chosen items is the truth; the server basket is made to match it: created
when there is none or the store forgot it (error 2001), missing items added, items the user
removed taken out. Items the store refuses (not sold in this country, withdrawn) are reported,
not silently dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from app.api import ApiError, InputError, NotFoundError, ServerError, StoreClient
from app.api.numbers import MAX_MONEY, money_text, whole_number_or_none

from .storage import StoredItem

_NUMBER = re.compile(r"\d[\d.,]*")


@dataclass(frozen=True, slots=True)
class SyncResult:
    basket_id: str
    items: tuple[StoredItem, ...]       # the chosen items as the store now has them (ids, prices)
    not_sold: tuple[StoredItem, ...]    # chosen items the store refused to add
    total: str                          # formatted amount due, e.g. "£8.98"
    currency: str                       # ISO code, e.g. "GBP"
    recreated: bool                     # the store had lost our basket and a new one was made
    purchase: tuple[str, str] | None = None   # (basket id, purchase id): the old basket was paid for
    bought: tuple[StoredItem, ...] = ()       # chosen items that purchase covered (no longer wanted)


class _BasketUnusable(Exception):
    """The basket vanished or was closed by a purchase while we were changing it."""


def synchronise(client: StoreClient, basket_id: str | None, wanted: tuple[StoredItem, ...],
                check_status: bool = False) -> SyncResult:
    """Make the server basket hold exactly `wanted`; returns what the store now has.

    `check_status` also asks whether the basket was paid for meanwhile (at start and on refresh:
    the app may have been closed while the checkout page was open).
    """
    recreated, purchase, bought = False, None, ()
    server = None
    if basket_id:
        try:
            server = client.basket(basket_id)
        except NotFoundError:
            recreated = True
        else:
            if check_status and server.items:
                purchase, bought = _purchase_of(client, server, wanted)
                if purchase is not None:
                    server = None
    for attempt in range(2):
        fresh = server is None
        if fresh:
            server = client.create_basket()
        remaining = tuple(item for item in wanted if item not in bought)
        try:
            return _fill(client, server, remaining, recreated, purchase, bought)
        except _BasketUnusable:
            if fresh or attempt:
                raise ServerError(None, "The store's basket changed while it was being updated") from None
            if purchase is None:
                try:
                    purchase, bought = _purchase_of(client, server, wanted)
                except NotFoundError:
                    pass
            recreated = recreated or purchase is None
            server = None
    raise AssertionError("unreachable")


def _fill(client: StoreClient, server, wanted: tuple[StoredItem, ...], recreated: bool, purchase,
          bought) -> SyncResult:
    wanted_ids = {item.item_id for item in wanted if item.item_id}
    wanted_keys = {item.key for item in wanted}
    for line in server.items:
        if str(line.id) not in wanted_ids and _key(line) not in wanted_keys:
            try:
                server = client.remove_from_basket(server.id, line.id)
            except (NotFoundError, InputError):
                if not _usable(client, server.id):
                    raise _BasketUnusable() from None
                raise

    matched: dict[tuple, str] = {}      # wanted key -> server item id
    for item in wanted:
        line = _find(server, item, set(matched.values()))
        if line is not None:
            matched[item.key] = str(line.id)

    not_sold: list[StoredItem] = []
    for item in wanted:
        if item.key in matched:
            continue
        before = {str(line.id) for line in server.items}
        release_id = whole_number_or_none(item.release_id)
        track_id = whole_number_or_none(item.track_id) if item.track_id else None
        if not release_id or (item.track_id and not track_id):
            not_sold.append(item)       # an id no store has (from a damaged or foreign file)
            continue
        try:
            server = client.add_to_basket(server.id, release_id, track_id)
        except ApiError as exc:
            if isinstance(exc, (NotFoundError, InputError)) and not _usable(client, server.id):
                raise _BasketUnusable() from None
            if isinstance(exc, ServerError):
                raise
            not_sold.append(item)
            continue
        new = [line for line in server.items if str(line.id) not in before]
        line = new[0] if len(new) == 1 else _find(server, item, set(matched.values()))
        if line is not None:
            matched[item.key] = str(line.id)

    by_id = {str(line.id): line for line in server.items}
    items = tuple(_merge(item, by_id[matched[item.key]]) for item in wanted if item.key in matched)
    total, currency = _amount_due(server)
    return SyncResult(basket_id=server.id, items=items, not_sold=tuple(not_sold), total=total,
                      currency=currency, recreated=recreated, purchase=purchase, bought=tuple(bought))


def _purchase_of(client: StoreClient, server, wanted: tuple[StoredItem, ...]):
    """(basket id, purchase id) and the wanted items it covered, if `server` was paid for."""
    status = client.basket_status(server.id)
    if not status.succeeded:
        return None, ()
    paid = {_key(line) for line in server.items}
    purchase_id = "" if status.purchase_id is None else str(status.purchase_id)
    return (server.id, purchase_id), tuple(item for item in wanted if item.key in paid)


def _usable(client: StoreClient, basket_id: str) -> bool:
    """False when the basket is gone or closed by a purchase."""
    try:
        client.basket(basket_id)
        return not client.basket_status(basket_id).succeeded
    except NotFoundError:
        return False


def local_total(items: tuple[StoredItem, ...], like: str) -> str:
    """The sum of known item prices, formatted like `like` ("£0.99", "0,99 €"); "" if unknown.

    Every amount goes through the checked converter: one that isn't a plain, non-negative amount
    below MAX_MONEY (NaN, -7, 1e1000000) makes the total unknown rather than silly."""
    amount = Decimal(0)
    for item in items:
        if not item.amount:
            continue
        text = money_text(item.amount)
        if text is None:
            return ""
        amount += Decimal(text)
    if amount >= MAX_MONEY:
        return ""
    number = f"{amount:.2f}"
    samples = [like] + [item.price for item in items]
    for sample in samples:
        match = _NUMBER.search(sample or "")
        if match:
            if "," in match.group() and "." not in match.group():
                number = number.replace(".", ",")
            return f"{sample[:match.start()]}{number}{sample[match.end():]}"
    return number


def _find(server, item: StoredItem, taken: set[str]):
    for line in server.items:
        if str(line.id) not in taken and item.item_id and str(line.id) == item.item_id:
            return line
    for line in server.items:
        if str(line.id) not in taken and _key(line) == item.key:
            return line
    return None


def _key(line) -> tuple[str, str | None]:
    # The store writes "<trackId/>" (or, in one recording, "0") for a whole release.
    return (str(line.release_id), str(line.track_id) if line.track_id else None)


def _merge(item: StoredItem, line) -> StoredItem:
    price, due = line.price, line.amount_due
    formatted = (due.formatted if due is not None else None) or (price.formatted if price is not None else None)
    amount = due.value if due is not None else (price.value if price is not None else None)
    return replace(
        item,
        item_id=str(line.id),
        type=line.type or item.type,
        title=line.item_name or item.title,
        artist=line.artist_name or item.artist,
        price=formatted or item.price,
        amount=money_text(str(amount)) if amount is not None else item.amount,
    )


def _amount_due(server) -> tuple[str, str]:
    due = server.amount_due
    currency = due.currency_code or (server.price.currency_code if server.price is not None else None)
    return due.formatted or "", currency or ""
