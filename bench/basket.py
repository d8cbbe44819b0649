"""Basket numbers: durable save time, add → store-synced time, sign-in and checkout-URL round trips.

Runs against a local embedded store (small catalogue) in a temporary data dir.
Usage: QT_QPA_PLATFORM=offscreen python bench/basket.py [ROUNDS]
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered) * 1000:7.2f} ms   p95 {p95 * 1000:7.2f} ms   (n={len(ordered)})"


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from app.api import StoreClient
    from app.basket.basket import Basket
    from app.basket.storage import BasketState, BasketStorage, StoredItem
    from app.sandbox import (DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_USER_EMAIL, DEMO_USER_PASSWORD,
                             SandboxServer)
    from app.services.store import CurrentStore
from app.services.tasks import TaskRunner

    app = QCoreApplication.instance() or QCoreApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="bench-basket-"))

    storage = BasketStorage(tmp / "save" / "basket.json")
    items = tuple(StoredItem(release_id=str(i), title=f"Title {i}", artist="Artist", price="£0.99", amount="0.99")
                  for i in range(50))
    saves = []
    for n in range(rounds):
        start = time.perf_counter()
        storage.save(BasketState(basket_id=f"b{n}", country="GB", items=items))
        saves.append(time.perf_counter() - start)
    print(f"save 50 items (temp + fsync + replace + dir fsync):  {_ms(saves)}")

    def wait_until(condition, timeout_s=10.0) -> None:
        deadline = time.perf_counter() + timeout_s
        while not condition():
            if time.perf_counter() > deadline:
                raise TimeoutError("gave up waiting")
            loop = QEventLoop()
            QTimer.singleShot(1, loop.quit)
            loop.exec()

    with SandboxServer(port=0, catalogue="small", cache_dir=tmp / "cache").start() as server:
        client = StoreClient(base_url=server.url, consumer_key=DEMO_CONSUMER_KEY,
                             consumer_secret=DEMO_CONSUMER_SECRET, country="GB", timeout=5.0)
        releases = [r for r in client.search_releases("love", 1, 60).items
                    if r.price is not None and r.price.value is not None][:rounds]
        runner = TaskRunner(max_threads=4)
        store = CurrentStore("GB")
        store.set_client(client)
        basket = Basket(runner, store, BasketStorage(tmp / "data" / "basket.json"))
        basket.start()
        adds = []
        for release in releases:
            start = time.perf_counter()
            basket.add(release)
            wait_until(lambda: basket.is_synced)
            adds.append(time.perf_counter() - start)
        print(f"add a release → in the store basket (n items):      {_ms(adds)}")

        fresh = SandboxServer(port=0, catalogue="small", cache_dir=tmp / "cache").start()
        try:
            lost = StoreClient(base_url=fresh.url, consumer_key=DEMO_CONSUMER_KEY,
                               consumer_secret=DEMO_CONSUMER_SECRET, country="GB", timeout=5.0)
            lost_store = CurrentStore("GB")
            lost_store.set_client(lost)
            healed = Basket(runner, lost_store, BasketStorage(tmp / "data" / "basket.json"))
            start = time.perf_counter()
            healed.start()
            wait_until(lambda: healed.is_synced)
            print(f"rebuild a forgotten basket of {healed.count} items:           "
                  f"{(time.perf_counter() - start) * 1000:7.2f} ms")
        finally:
            fresh.stop()

        sign_ins, checkouts = [], []
        for _ in range(min(rounds, 10)):
            start = time.perf_counter()
            token = client.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
            sign_ins.append(time.perf_counter() - start)
            start = time.perf_counter()
            client.with_access_token(token).checkout_url(basket.basket_id)
            checkouts.append(time.perf_counter() - start)
        print(f"sign-in (request token → authorise → access token): {_ms(sign_ins)}")
        print(f"checkout URL (3-legged basket/checkout, 302):       {_ms(checkouts)}")
        runner.wait_for_idle(5000)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
