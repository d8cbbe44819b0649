"""What a completed purchase changes: the basket it paid for empties, the locker reloads."""
from __future__ import annotations

from app.services.checkout import CheckoutService
from app.services.locker import LockerService

from .basket import Basket


def connect_purchases(basket: Basket, checkout: CheckoutService, locker: LockerService) -> None:
    """Wire a checkout's completion to the basket and the locker (main.py and tests use the same)."""
    checkout.purchase_completed.connect(lambda basket_id, _purchase: basket.clear_purchased(basket_id))
    checkout.purchase_completed.connect(lambda _basket_id, _purchase: locker.refresh())
