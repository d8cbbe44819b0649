"""Two processes editing one basket file at once (issue 13): operations, wall time, throughput, losses.

Each process adds and removes items of its own through BasketStorage.update (a locked, durable
read-modify-write per operation), with a random pause of up to 4 ms between operations so the two
take turns; the file must end up with exactly the items each one added and didn't remove.
Usage: python bench/basket_two_processes.py [OPS_PER_PROCESS ...]   (default: 200 1000)
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reliability.basket_hammer import PAUSE_S, run_pair  # noqa: E402


def main() -> int:
    sizes = [int(arg) for arg in sys.argv[1:]] or [200, 1000]
    failed = False
    print(f"2 processes, one basket file, pause 0-{PAUSE_S * 1000:.0f} ms between operations")
    for operations in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-basket-2p-") as tmp:
            result = run_pair(Path(tmp) / "basket.json", operations)
        seconds = result["seconds"]
        print(f"2 × {operations:5d} operations: {seconds:7.2f} s   {result['operations'] / seconds:7.1f} ops/s   "
              f"{result['switches']:5d} hand-overs   {len(result['held']):4d} items at the end   "
              f"losses {result['losses']}   extras {result['extras']}")
        failed = failed or bool(result["losses"] or result["extras"] or result["unseen"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
