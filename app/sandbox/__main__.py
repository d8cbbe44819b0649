"""`python -m app.sandbox`: run the embedded store on its own until Ctrl+C."""
from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import time

from app.sandbox.credentials import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_USER_EMAIL, DEMO_USER_PASSWORD
from app.sandbox.credentials import WEB_CONSUMER_KEY, WEB_CONSUMER_SECRET
from app.sandbox.credentials import GB_ONLY_CONSUMER_KEY, GB_ONLY_CONSUMER_SECRET, GB_ONLY_COUNTRY

EPILOG = f"""demo credentials:
  consumer key     {DEMO_CONSUMER_KEY}
  consumer secret  {DEMO_CONSUMER_SECRET}
  user             {DEMO_USER_EMAIL} / {DEMO_USER_PASSWORD}
  browser-only key {WEB_CONSUMER_KEY} / {WEB_CONSUMER_SECRET} (no in-app sign-in: users sign in
                   on http://127.0.0.1:PORT/{WEB_CONSUMER_KEY}/oauth/authorise in a web browser)
  one-country key  {GB_ONLY_CONSUMER_KEY} / {GB_ONLY_CONSUMER_SECRET} (licensed for {GB_ONLY_COUNTRY} only: any other
                   country or shopId, or none, is 401 "Access to resource denied")

example:
  curl 'http://127.0.0.1:8701/1.2/artist/search?q=the&oauth_consumer_key={DEMO_CONSUMER_KEY}'
"""


def _catalogue(value: str):
    if value.isdigit():
        return int(value)
    if value not in ("small", "default", "large"):
        raise argparse.ArgumentTypeError("small, default, large or a number of tracks")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m app.sandbox", description="A local 7digital API (1.2 and 1.0) over a generated catalogue.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1); requests must name it, 127.0.0.1, localhost "
                             "or [::1] (with the port) as their Host, any other Host is refused")
    parser.add_argument("--port", type=int, default=8701, help="port (default 8701; 0 = any free port)")
    parser.add_argument("--catalogue", type=_catalogue, default="default",
                        help="small (~12k tracks), default (~120k), large (1M) or a track count")
    parser.add_argument("--latency-ms", type=int, default=0, help="delay every response by this many ms")
    parser.add_argument("--seed", type=int, default=0, help="catalogue seed (default 0)")
    parser.add_argument("--cache-dir", default=None, help="where the catalogue and media are cached")
    parser.add_argument("--state-file", default=None, metavar="PATH",
                        help="keep baskets, purchases and sign-ins in PATH across restarts, as the app does "
                             "(default: forget them at exit); one store at a time may use a state file")
    args = parser.parse_args(argv)

    from app.sandbox.server import SandboxServer, StoreStateInUse

    # waitress warns on every queued request under load ("Task queue depth is N"): not news for a local store.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    started = time.perf_counter()
    server = SandboxServer(host=args.host, port=args.port, catalogue=args.catalogue, seed=args.seed,
                           cache_dir=args.cache_dir, latency_ms=args.latency_ms, state_file=args.state_file)
    try:    # before anything else: a state another store owns is the one thing said, in one line
        server.claim_state()
    except StoreStateInUse as busy:
        print(f"{parser.prog}: {busy}", file=sys.stderr, flush=True)
        return 2
    print(f"Preparing the {args.catalogue} catalogue (seed {args.seed})…", file=sys.stderr, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:   # Ctrl+C at any moment, even while starting, ends here and stops cleanly
        server.start()
        print(f"7digital sandbox ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        if args.state_file is not None:
            print(f"state kept in {server.state_file} (store {server.store_id})", file=sys.stderr)
        print(server.url, flush=True)
        print(f"consumer key {DEMO_CONSUMER_KEY}, secret {DEMO_CONSUMER_SECRET}; "
              f"user {DEMO_USER_EMAIL} / {DEMO_USER_PASSWORD}. Ctrl+C stops.", file=sys.stderr, flush=True)
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        print("stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
