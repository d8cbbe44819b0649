"""Slowloris against the embedded store: slow connections held vs. how fast an honest request answers.

    .venv/bin/python bench/sandbox_slowloris.py [--connections 100 520 1000] [--seconds 30] [--interval 13]

The store runs in its own process (`python -m app.sandbox`, small catalogue). An attacker thread keeps
`--connections` sockets open on it, each sending a request line and then one header line every
`--interval` seconds, never finishing its headers, and opens a new socket whenever the store closes
one (as a real attacker would). Meanwhile a probe asks for `tag` on a fresh connection every 0.25 s.
Printed per round: the slow connections the attacker held open (mean over the round), how many the
store cut, and the probe's latency p50/p99/max with its failures (no answer within 10 s).
"""
from __future__ import annotations

import argparse
import selectors
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

PROBE_TIMEOUT = 10.0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def spawn(cache_dir: Path) -> tuple[subprocess.Popen, str, int]:
    process = subprocess.Popen([sys.executable, "-m", "app.sandbox", "--port", "0", "--catalogue", "small",
                                "--cache-dir", str(cache_dir)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True)
    url = process.stdout.readline().strip()
    parts = urlsplit(url)
    return process, parts.hostname, parts.port


class Attacker(threading.Thread):
    """Holds `count` slow connections, re-opening each one the store closes."""

    def __init__(self, host: str, port: int, count: int, interval: float):
        super().__init__(daemon=True)
        self.host, self.port, self.count, self.interval = host, port, count, interval
        self.stop = threading.Event()
        self.open: dict[socket.socket, float] = {}       # socket → when it last sent a line
        self.cut = 0
        self.samples: list[int] = []

    def _connect(self) -> None:
        sock = socket.socket()
        sock.settimeout(2)
        try:
            sock.connect((self.host, self.port))
            sock.sendall(f"GET /1.2/tag?oauth_consumer_key=demo-key HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                         .encode())
        except OSError:
            sock.close()
            return
        sock.setblocking(False)
        self.open[sock] = time.monotonic()
        self._selector.register(sock, selectors.EVENT_READ)

    def _drop(self, sock: socket.socket) -> None:
        self.open.pop(sock, None)
        self._selector.unregister(sock)
        sock.close()
        self.cut += 1

    def run(self) -> None:
        self._selector = selectors.DefaultSelector()        # epoll: more than 1024 sockets
        while not self.stop.is_set():
            while len(self.open) < self.count and not self.stop.is_set():
                self._connect()
            ready = self._selector.select(0.1) if self.open else []
            for key, _ in ready:        # the store answered (408, 400 …) or closed: either way it's cut
                self._drop(key.fileobj)
            now = time.monotonic()
            for sock, last in list(self.open.items()):
                if now - last >= self.interval:
                    try:
                        sock.send(b"X-Slow: 1\r\n")
                        self.open[sock] = now
                    except OSError:
                        self._drop(sock)
            self.samples.append(len(self.open))
        for sock in list(self.open):
            sock.close()
        self.open.clear()
        self._selector.close()


def probe(host: str, port: int) -> float | None:
    start = time.perf_counter()
    try:
        with socket.create_connection((host, port), timeout=PROBE_TIMEOUT) as sock:
            sock.sendall(f"GET /1.2/tag?oauth_consumer_key=demo-key HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                         f"Connection: close\r\n\r\n".encode())
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
    except OSError:
        return None
    if not data.startswith(b"HTTP/1.1 200"):
        return None
    return time.perf_counter() - start


def round_(host: str, port: int, connections: int, seconds: float, interval: float) -> dict:
    attacker = Attacker(host, port, connections, interval)
    attacker.start()
    # Let the attacker open its sockets before probing: the store is then under the full load.
    ready_by = time.monotonic() + 10
    while len(attacker.open) < connections and time.monotonic() < ready_by:
        time.sleep(0.05)
    latencies, failures = [], 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        took = probe(host, port)
        if took is None:
            failures += 1
        else:
            latencies.append(took)
        time.sleep(0.25)
    attacker.stop.set()
    attacker.join(10)
    held = sum(attacker.samples) / len(attacker.samples) if attacker.samples else 0
    return {"connections": connections, "held": held, "cut": attacker.cut, "answered": len(latencies),
            "failed": failures, "p50": percentile(latencies, 50), "p99": percentile(latencies, 99),
            "max": max(latencies) if latencies else float("nan")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, nargs="+", default=[100, 520, 1000])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--interval", type=float, default=13)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        process, host, port = spawn(Path(cache))
        try:
            print(f"slow connections: one header line every {args.interval:g} s; probe every 0.25 s for "
                  f"{args.seconds:g} s (failed = no answer within {PROBE_TIMEOUT:g} s)")
            print(f"{'wanted':>7} {'held':>7} {'cut':>6} {'answered':>9} {'failed':>7} "
                  f"{'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
            for count in args.connections:
                r = round_(host, port, count, args.seconds, args.interval)
                print(f"{r['connections']:>7} {r['held']:>7.0f} {r['cut']:>6} {r['answered']:>9} {r['failed']:>7} "
                      f"{r['p50'] * 1000:>8.1f} {r['p99'] * 1000:>8.1f} {r['max'] * 1000:>8.1f}", flush=True)
                time.sleep(1)       # the store drops the last round's sockets before the next one
        finally:
            process.terminate()
            process.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
