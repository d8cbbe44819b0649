"""Fixtures for the basket: a worker runner, a basket on a tmp data dir, releases that are for sale."""
from __future__ import annotations

import pytest


@pytest.fixture
def basket_path(tmp_path):
    return tmp_path / "data" / "basket.json"


@pytest.fixture
def make_basket(runner, client, basket_path):
    """Build a Basket as the app does at start; call again for 'the next run' (same data dir)."""
    from app.basket.basket import Basket
    from app.basket.storage import BasketStorage

    def make(store_client="default", start=True):
        basket = Basket(runner, client if store_client == "default" else store_client, BasketStorage(basket_path))
        if start:
            basket.start()
        return basket

    yield make
