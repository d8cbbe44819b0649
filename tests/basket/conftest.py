"""Fixtures for the basket: a worker runner, a basket on a tmp data dir, releases that are for sale."""
from __future__ import annotations

import pytest


@pytest.fixture
def runner(qtbot):
    from app.services.tasks import TaskRunner

    runner = TaskRunner(max_threads=4)
    yield runner
    assert runner.wait_for_idle(10000), "a worker was still running after the test"


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


@pytest.fixture
def for_sale(client):
    """Releases (with their first track) that the sandbox sells in GB."""
    page = client.search_releases("love", page=1, page_size=30)
    releases = [r for r in page.items if r.price is not None and r.price.value is not None]
    assert len(releases) >= 4
    return releases

