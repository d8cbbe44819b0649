"""Fuzz the client with mutated recordings: 10,000 cases (or argv[1]) over a loopback server.

Prints outcome counts, cases per second and any exception that is not a StoreError (exit 1 then).
Usage: python bench/fuzz.py [CASES] [SEED]
"""
from __future__ import annotations

import collections
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.api import StoreClient, StoreError  # noqa: E402
from tests.reliability.fuzzing import MutableServer, mutate, recordings  # noqa: E402

RECORDED = ROOT.parent / "shared" / "7digital" / "recorded"


def main() -> int:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    if not RECORDED.is_dir():
        print(f"no recordings at {RECORDED}")
        return 0
    corpus = recordings(RECORDED)
    server = MutableServer()
    client = StoreClient(base_url=server.url, consumer_key="fuzz-key", consumer_secret="fuzz-secret", timeout=5.0)
    outcomes: collections.Counter[str] = collections.Counter()
    escaped = []
    start = time.perf_counter()
    try:
        for case in range(cases):
            name, body, call = corpus[rng.randrange(len(corpus))]
            server.body = mutate(body, rng)
            try:
                call(client)
                outcomes["returned a value"] += 1
            except StoreError as exc:
                outcomes[type(exc).__name__] += 1
            except Exception as exc:  # noqa: BLE001 - what the fuzzer looks for
                escaped.append((name, repr(exc), server.body[:200]))
    finally:
        server.close()
    elapsed = time.perf_counter() - start
    print(f"cases: {cases} over {len(corpus)} recordings in {elapsed:.1f} s ({cases / elapsed:.0f} cases/s)")
    for outcome, count in outcomes.most_common():
        print(f"  {outcome:<22} {count}")
    print(f"  escaped (not StoreError) {len(escaped)}")
    for name, exc, body in escaped[:20]:
        print(f"    {name}: {exc}\n      {body!r}")
    return 1 if escaped else 0


if __name__ == "__main__":
    sys.exit(main())
