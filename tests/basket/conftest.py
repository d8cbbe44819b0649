"""Fixtures for the basket: a worker runner, a basket on a tmp data dir, releases that are for sale."""
from __future__ import annotations

import pytest


@pytest.fixture
def basket_path(tmp_path):
    return tmp_path / "data" / "basket.json"


@pytest.fixture
def make_basket(runner, store, basket_path):
    """Build a Basket as the app does at start; call again for 'the next run' (same data dir).
    `on`: another CurrentStore (e.g. one still starting) instead of the test's."""
    from app.basket.basket import Basket
    from app.basket.storage import BasketStorage

    def make(on=None, start=True):
        basket = Basket(runner, store if on is None else on, BasketStorage(basket_path))
        if start:
            basket.start()
        return basket

    yield make
