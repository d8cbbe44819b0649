"""What a completed purchase changes: the items it paid for leave the basket, the locker reloads.

Either side may notice first: the checkout's status check (window activation, periodic) or the
basket's own sync (a closed basket at start or on the next change). Both end in a basket sync
that drops exactly the items of the paid basket, so anything added after paying stays.
"""
from __future__ import annotations

from app.services.checkout import CheckoutService
from app.services.locker import LockerService

from .basket import Basket


def connect_purchases(basket: Basket, checkout: CheckoutService, locker: LockerService) -> None:
    """Wire purchase detection between basket, checkout and locker (main.py and tests use the same)."""
    checkout.purchase_completed.connect(lambda _basket_id, _purchase: basket.refresh())
    checkout.purchase_completed.connect(lambda _basket_id, _purchase: locker.refresh())
    basket.purchase_detected.connect(checkout.purchase_seen)
    basket.purchase_detected.connect(lambda _basket_id, _purchase: locker.refresh())
