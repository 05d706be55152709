"""Query limits under load: /health and a small query while a runaway query runs, and the time to its 503.

Serves the app with gunicorn (api.server.serve, in a child process) on an embedded store of N triples, then
runs a triple cross product under COUNT (never finishes) with a time limit, while two threads probe /health
and a one-row ASK. Prints figures, asserts nothing.

Run: `python -m bench.query_limits [--triples 100000] [--limit 2] [--rounds 3]`.
"""

from __future__ import annotations

import argparse
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median, quantiles
from urllib.parse import urlencode

import pyoxigraph as ox
import requests

from kg.graph.store import EmbeddedStore

GRAPH = "http://example.org/big"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
FLOOD = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
SIMPLE = f"ASK {{ GRAPH <{GRAPH}> {{ <http://example.org/s/7> ?p ?o }} }}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--limit", type=float, default=2.0, help="GEOKG_QUERY_TIMEOUT_S")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store_path = Path(folder) / "store"
        _fill(store_path, args.triples)
        port = _free_port()
        server = _start(store_path, port, args.limit, Path(folder) / "server.log")
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, server)
            _measure(base, args)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


def _fill(path: Path, count: int) -> None:
    lines = (f'<http://example.org/s/{i}> <http://example.org/p/{i % 7}> "{i}" .' for i in range(count))
    store = EmbeddedStore(ox.Store(str(path)))
    store.load("\n".join(lines).encode(), format="ntriples", graph_iri=GRAPH)
    store.close()


def _start(store_path: Path, port: int, limit: float, log: Path) -> subprocess.Popen[bytes]:
    script = textwrap.dedent(
        f"""
        from api import create_app
        from api.server import serve
        app = create_app({{"GEOKG_STORE": {str(store_path)!r}, "GEOKG_QUERY_TIMEOUT_S": {limit!r},
                           "GEOKG_RATE_LIMIT_PER_MINUTE": 0}})
        serve(app, host="127.0.0.1", port={port}, threads=8, options={{"accesslog": None}})
        """
    )
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "-c", script], stdout=out, stderr=subprocess.STDOUT)


def _measure(base: str, args: argparse.Namespace) -> None:
    _sparql(base, SIMPLE)  # warm up: the worker pool starts, the snapshot is made
    _parallel(lambda: _sparql(base, SIMPLE), 2)
    idle_health = [_timed(lambda: requests.get(f"{base}/health", timeout=10)) for _ in range(50)]
    idle_query = [_timed(lambda: _sparql(base, SIMPLE)) for _ in range(50)]
    print(f"store: {args.triples} triples; time limit {args.limit:g} s; gunicorn, 1 worker, 8 threads")
    print(f"idle         /health {_summary(idle_health)}")
    print(f"idle         ASK     {_summary(idle_query)}")
    for round_ in range(1, args.rounds + 1):
        took, status, health, query = _under_runaway(base)
        print(
            f"round {round_}: runaway answered {status} after {took:.3f} s (limit + {took - args.limit:.3f} s)"
        )
        print(f"  during it  /health {_summary(health)}")
        print(f"  during it  ASK     {_summary(query)}")
    start = time.perf_counter()
    flood = _sparql(base, FLOOD, "text/csv")
    took = time.perf_counter() - start
    print(f"row cap (10000): a cross product's rows answered {flood.status_code} after {took:.3f} s")


def _under_runaway(base: str) -> tuple[float, int, list[float], list[float]]:
    stop = threading.Event()
    health: list[float] = []
    query: list[float] = []
    probes = [
        threading.Thread(
            target=_probe, args=(lambda: requests.get(f"{base}/health", timeout=30), stop, health)
        ),
        threading.Thread(target=_probe, args=(lambda: _sparql(base, SIMPLE), stop, query)),
    ]
    for probe in probes:
        probe.start()
    start = time.perf_counter()
    response = _sparql(base, RUNAWAY)
    took = time.perf_counter() - start
    stop.set()
    for probe in probes:
        probe.join()
    time.sleep(1)  # the killed worker's replacement starts up
    return took, response.status_code, health, query


def _probe(call: Callable[[], requests.Response], stop: threading.Event, latencies: list[float]) -> None:
    while not stop.is_set():
        latencies.append(_timed(call))
        time.sleep(0.02)


def _sparql(base: str, query: str, accept: str = "application/sparql-results+json") -> requests.Response:
    return requests.get(
        f"{base}/sparql?{urlencode({'query': query})}", headers={"Accept": accept}, timeout=60
    )


def _timed(call: Callable[[], requests.Response]) -> float:
    """Seconds `call` takes; a failed request stops the benchmark (its time would mean nothing)."""
    start = time.perf_counter()
    response = call()
    took = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(
            f"{response.request.method} {response.url} answered {response.status_code}: {response.text}"
        )
    return took


def _parallel(call: Callable[[], object], count: int) -> None:
    threads = [threading.Thread(target=call) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _summary(latencies: list[float]) -> str:
    ms = sorted(value * 1000 for value in latencies)
    p95 = quantiles(ms, n=20)[-1] if len(ms) >= 2 else ms[0]
    return f"n={len(ms):3d}  median {median(ms):6.1f} ms  p95 {p95:6.1f} ms  max {ms[-1]:6.1f} ms"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode}")
        try:
            requests.get(f"{base}/health", timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise SystemExit("the server did not answer within 60 s")


if __name__ == "__main__":
    main()
