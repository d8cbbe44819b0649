"""One of two processes editing one basket file at once: the child of the two-process test and bench.

Each process adds and removes items of its own (release ids "<name>-<n>"), in an order drawn from a
seeded random, so the parent can work out what the file must hold at the end without asking the
children; one BasketStorage.update per operation, as a Basket's save jobs do. Run as `python -c "from tests.reliability.basket_hammer import main; main()" PATH NAME SEED OPS`
from the project root: it prints "ready", waits for a line on stdin (so both start together), runs,
and prints one JSON line with the time of each operation.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

from app.basket.edits import AddItem, RemoveItem
from app.basket.storage import BasketStorage, StoredItem

ROOT = Path(__file__).resolve().parents[2]

REMOVE_SHARE = 0.4
PAUSE_S = 0.004


def plan(name: str, seed: int, operations: int) -> list[tuple[str, str]]:
    """("add" | "remove", release id) for each operation of process `name`."""
    rng = random.Random(f"{name}/{seed}")
    present: list[str] = []
    ops = []
    for n in range(operations):
        if present and rng.random() < REMOVE_SHARE:
            ops.append(("remove", present.pop(rng.randrange(len(present)))))
        else:
            present.append(f"{name}-{n}")
            ops.append(("add", present[-1]))
    return ops


def expected(ops: list[tuple[str, str]]) -> list[str]:
    """The release ids `ops` leave in the basket, in the order they were added."""
    present: dict[str, None] = {}
    for op, release in ops:
        if op == "add":
            present[release] = None
        else:
            present.pop(release, None)
    return list(present)


def hammer(path: Path, name: str, seed: int, operations: int) -> dict:
    """Run the plan of process `name`; the time each write ended, and how often one missed its own items."""
    storage = BasketStorage(path)
    pauses = random.Random(f"{name}/{seed}/pauses")
    mine: set[str] = set()
    unseen = 0                  # own items missing from the state a write returned (must stay 0)
    finished = []
    for seq, (op, release) in enumerate(plan(name, seed, operations), 1):
        if op == "add":
            mine.add(release)
            edit = AddItem(StoredItem(release_id=release, title=f"{name} {seq}", price="£0.99", amount="0.99"))
        else:
            mine.discard(release)
            edit = RemoveItem((release, None))
        result = storage.update([(seq, edit)])
        finished.append(time.monotonic())      # one clock for both processes (CLOCK_MONOTONIC)
        unseen += len(mine - {item.release_id for item in result.state.items})
        # A user's pace, in short: without a gap the lock's holder takes it again before the waiter's
        # next poll, and the two processes barely take turns.
        time.sleep(pauses.uniform(0.0, PAUSE_S))
    return {"name": name, "finished": finished, "unseen": unseen}


def main() -> None:
    path, name, seed, operations = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    print("ready", flush=True)
    sys.stdin.readline()                        # "go": sent to both processes at once
    print(json.dumps(hammer(path, name, seed, operations)), flush=True)


def switches(*runs: dict) -> int:
    """How often the file passed from one process to the other: 0 means they never raced."""
    order = sorted((at, run["name"]) for run in runs for at in run["finished"])
    return sum(1 for (_, a), (_, b) in zip(order, order[1:]) if a != b)


def run_pair(path: Path, operations: int, seed: int = 13) -> dict:
    """Two processes, `operations` edits each, started together on `path`; what the file holds after.

    losses: items a process added and never removed that the file lacks; extras: items in the
    file that should not be there (removed ones coming back, duplicates).
    """
    names = ("one", "two")
    children = [subprocess.Popen([sys.executable, "-c", "from tests.reliability.basket_hammer import main; main()",
                                  str(path), name, str(seed), str(operations)],
                                 cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
                for name in names]
    try:
        for child in children:
            if child.stdout.readline() != "ready\n":
                raise RuntimeError("a hammer process did not start")
        started = time.perf_counter()
        for child in children:
            child.stdin.write("go\n")
            child.stdin.flush()
        runs = [json.loads(child.stdout.readline() or "null") for child in children]
        seconds = time.perf_counter() - started
        for child, run in zip(children, runs):
            if child.wait(timeout=60) != 0 or run is None:
                raise RuntimeError(f"a hammer process failed (exit code {child.returncode})")
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
            child.stdin.close()
            child.stdout.close()

    loaded = BasketStorage(path).load()
    if loaded.moved_aside is not None:
        raise RuntimeError(f"the file was unreadable: {loaded.problem}")
    held = [item.release_id for item in loaded.state.items]
    wanted = [release for name in names for release in expected(plan(name, seed, operations))]
    return {
        "operations": operations * len(names),
        "seconds": seconds,
        "held": held,
        "wanted": wanted,
        "losses": len(set(wanted) - set(held)),
        "extras": len(held) - len(set(held)) + len(set(held) - set(wanted)),
        "unseen": sum(run["unseen"] for run in runs),
        "switches": switches(*runs),
    }
