"""Basket endpoints: create, get, addItem, removeItem, checkout (302 to the HTML page), {id}/status."""
from __future__ import annotations

from decimal import Decimal

from app.sandbox import pricing
from app.sandbox.routes import KEY_OR_3L, params, pattern_route, route
from app.sandbox.shop import Basket, BasketFull
from app.sandbox.store import Availability
from app.sandbox.web import ApiFailure, Response
from app.sandbox.xmlout import leaf, node

# Error 2002's name (API-NOTES §3): what the real service answers for what a territory doesn't have.
NOT_AVAILABLE = "Resource not available in current context"


def basket_xml(basket: Basket) -> str:
    store = pricing.store_for(basket.country)
    amount = lambda v: pricing.format_amount(store, v)
    currency = leaf("currency", store.symbol, {"code": store.currency})
    items = []
    for item in basket.items:
        items.append(node("basketItem", [
            leaf("type", "release" if item.track_id is None else "track"), leaf("itemName", item.name),
            leaf("artistName", item.artist_name), leaf("trackId", item.track_id), leaf("releaseId", item.release_id),
            node("price", [currency, leaf("value", pricing.plain(item.value)), leaf("formattedPrice", amount(item.value)),
                           leaf("rrp", pricing.plain(item.rrp)), leaf("formattedRrp", amount(item.rrp)),
                           leaf("onSale", "true" if item.on_sale else "false")]),
            leaf("package", None, {"id": 2}),
            node("amountDue", [leaf("amount", pricing.plain(item.value)), leaf("formattedAmount", amount(item.value))]),
        ], {"id": item.id}))
    value = sum((i.value for i in basket.items), Decimal("0"))
    rrp = sum((i.rrp for i in basket.items), Decimal("0"))
    return node("basket", [
        leaf("itemCount", len(basket.items)),
        node("price", [currency, leaf("value", pricing.plain(value)), leaf("formattedPrice", amount(value)),
                       leaf("rrp", pricing.plain(rrp)), leaf("formattedRrp", amount(rrp))]),
        node("basketItems", items),
        node("amountDue", [currency, leaf("amount", pricing.plain(value)), leaf("formattedAmount", amount(value))]),
    ], {"id": basket.id})


def _basket(app, req, basket_id: str | None = None, open_only: bool = False) -> Basket:
    basket_id = params.basket_id(req, raw=basket_id)
    basket = app.shop.basket(basket_id)
    if basket is None:
        raise ApiFailure(2001, f"Basket with id {basket_id} not found")
    if open_only and basket.closed:
        raise ApiFailure(1002, f"Value of parameter basketId is not valid: basket {basket_id} is closed")
    return basket


@route("basket/create", saves=True)
def create(app, req):
    store = app.view(req).store    # validates the country
    return Response.xml(basket_xml(app.shop.create_basket(store.country)), req.version)


@route("basket")
def get(app, req):
    return Response.xml(basket_xml(_basket(app, req)), req.version)


@route("basket/additem", saves=True)
def add_item(app, req):
    basket = _basket(app, req, open_only=True)
    release = app.catalogue.release(params.item_id(req, "releaseId"))
    if release is None:
        raise ApiFailure(2001, "Release not found")
    store = pricing.store_for(basket.country)
    if not Availability(release, store.country, app.today()).sold:
        raise ApiFailure(2002, f"{NOT_AVAILABLE}: release {release['id']} is not sold in {store.country}")
    track_id = params.optional_id(req, "trackId")
    if track_id is None:
        name, tier, on_sale, is_release = release["title"], release["price_tier"], release["on_sale"], True
    else:
        track = app.catalogue.track(track_id)
        if track is None or track["release_id"] != release["id"]:
            raise ApiFailure(2001, f"Track {track_id} not found on release {release['id']}")
        name, tier, on_sale, is_release = track["title"], track["price_tier"], track["on_sale"], False
    price = pricing.price(store, tier, bool(on_sale), release=is_release)
    if price.value is None:
        raise ApiFailure(2002, f"{name} is not available for purchase in this store")
    try:
        app.shop.add(basket, release_id=release["id"], track_id=track_id, name=name,
                     artist_name=release["artist_name"], value=price.value, rrp=price.rrp, on_sale=price.on_sale)
    except BasketFull as full:
        raise ApiFailure(7001, f"Unable to perform action: {full}") from None
    return Response.xml(basket_xml(basket), req.version)


@route("basket/removeitem", saves=True)
def remove_item(app, req):
    basket = _basket(app, req, open_only=True)
    item_id = params.item_id(req, "itemId")
    if not app.shop.remove(basket, item_id):
        raise ApiFailure(2001, f"Basket item {item_id} not found")
    return Response.xml(basket_xml(basket), req.version)


@route("basket/checkout", access=KEY_OR_3L)
def checkout(app, req):
    basket = _basket(app, req, open_only=True)
    if not basket.items:
        raise ApiFailure(1002, "Value of parameter basketId is not valid: the basket is empty")
    session = app.shop.open_session(basket, req.user_id)
    return Response.redirect(f"{req.host_url}/checkout/{session.id}")


@pattern_route("basket", "status")
def status(app, req):
    basket = _basket(app, req, basket_id=req.path_id)
    parts = [leaf("paymentStatus", basket.status)]
    if basket.purchase_id is not None:
        parts.append(leaf("purchaseId", basket.purchase_id))
    return Response.xml("".join(parts), req.version)
