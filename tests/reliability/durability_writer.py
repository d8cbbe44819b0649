"""The child of the durability test: saves the basket and the settings in a tight loop until killed."""
from __future__ import annotations

from pathlib import Path


def save_forever(basket_path: str, settings_path: str, ready) -> None:
    from app.basket.storage import BasketState, BasketStorage, StoredItem
    from app.settings.store import SettingsStore

    basket = BasketStorage(Path(basket_path))
    settings = SettingsStore(Path(settings_path))
    n = 0
    while True:
        n += 1
        items = tuple(StoredItem(release_id=str(i), title="t" * 120, price="£1.00", amount="1.00")
                      for i in range(n % 200))
        basket.save(BasketState(basket_id=f"b{n}", country="GB", items=items))
        settings.set("save_counter", n)
        settings.set_window_state("main", bytes(range(256)) * (n % 40))
        if n == 2:
            ready.set()
