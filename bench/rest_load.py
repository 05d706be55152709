"""REST under load: 16 clients for a while on entity cards (the most and the least mentioned entity), event
filters and search, with /health polled throughout; throughput, p50, p99 and errors per route.

Loads the example articles' facts repeated `--copies` times (bench/_volume.py) into an embedded store and serves
it with `geokg serve` on 127.0.0.1. Writes the figures as JSON into bench/results/.

The clients are wrk's (bench/_wrk.py) when wrk is installed, else threads of this process (`--load-generator`).

Run: `python -m bench.rest_load [--copies 380] [--clients 16] [--duration 60] [--data volume.nq | --store folder]`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from statistics import median, quantiles
from typing import Any

import pyoxigraph as ox
import requests

from bench._serve import load_generator, run_for
from bench._serving import free_port, served
from bench._volume import summarise, volume_quads
from bench._wrk import run_wrk

RESULTS = Path(__file__).resolve().parent / "results"
# Entities by how many mentions they have (the most mentioned first), read before the server starts: at 2.5M
# quads this GROUP BY can take longer than the server's query time limit.
MENTIONS = """SELECT ?e (COUNT(DISTINCT ?m) AS ?n) WHERE {
  ?e <https://w3id.org/geokg/ontology#mention> ?m FILTER(STRSTARTS(STR(?e), "https://w3id.org/geokg/id/entity/Q"))
} GROUP BY ?e ORDER BY DESC(?n) ?e"""


def entities_by_mentions(store: Path) -> tuple[str, str]:
    """The QIDs of the most and of the least mentioned entity of the store folder `store`."""
    solutions = ox.Store.read_only(str(store)).query(MENTIONS, use_default_graph_as_union=True)
    ranked = [solution["e"].value.rsplit("/", 1)[-1] for solution in solutions]
    return ranked[0], ranked[-1]


def _client(base: str, routes: list[tuple[str, str]], stop: threading.Event, out: dict[str, list]) -> None:
    with requests.Session() as session:
        for name, path in itertools.cycle(routes):
            if stop.is_set():
                return
            start = time.perf_counter()
            try:
                status = str(session.get(base + path, timeout=120).status_code)
            except requests.RequestException as e:
                status = type(e).__name__
            out[name].append((time.perf_counter() - start, status))


def _health(base: str, stop: threading.Event, out: list) -> None:
    with requests.Session() as session:
        while not stop.is_set():
            start = time.perf_counter()
            try:
                status = str(session.get(f"{base}/health", timeout=120).status_code)
            except requests.RequestException as e:
                status = type(e).__name__
            out.append((time.perf_counter() - start, status))
            time.sleep(0.1)


def _figures(samples: list[tuple[float, str]], duration: float) -> dict[str, Any]:
    """Latency of every request (answered or not), and the errors: how many, and by status."""
    ms = sorted(took * 1000 for took, _ in samples) or [float("nan")]
    errors = Counter(status for _, status in samples if status != "200")
    p99 = quantiles(ms, n=100)[-1] if len(ms) >= 2 else ms[0]
    return {
        "requests": len(samples),
        "per_s": len(samples) / duration,
        "p50_ms": median(ms),
        "p99_ms": p99,
        "max_ms": ms[-1],
        "errors": sum(errors.values()),
        "errors_by_status": dict(errors),
    }


def _client_cpu_s() -> float:
    """CPU seconds of this process (the Python clients) and of its ended children (wrk; the server has not
    ended yet, so it is not counted)."""
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def load(
    base: str, popular: str, rare: str, clients: int, duration: float, generator: str = "python"
) -> dict[str, dict[str, float]]:
    routes = [
        ("card_popular", f"/api/entities/{popular}"),
        ("card_rare", f"/api/entities/{rare}"),
        ("events_filter", f"/api/events?actor={popular}&from=2020&limit=20"),
        ("events_type", "/api/events?type=Clash&limit=20"),
        ("search", "/api/entities?q=serb"),
    ]
    print(f"popular entity {popular}, rare entity {rare}; {clients} clients ({generator}) for {duration:g} s")
    out: dict[str, list] = {name: [] for name, _ in routes}
    health: list = []
    stop = threading.Event()
    threads = [threading.Thread(target=_health, args=(base, stop, health))]
    start, cpu = time.monotonic(), _client_cpu_s()
    if generator == "wrk":  # each client starts on another route, as the Python ones
        threads[0].start()
        try:
            samples = run_wrk(base, routes, clients=clients, seconds=duration, timeout_s=120)
        finally:
            stop.set()
            threads[0].join()
        out = {name: [(ms / 1000, status) for ms, status in taken] for name, taken in samples.routes.items()}
    else:
        for number in range(clients):  # each client starts on another route
            rotated = routes[number % len(routes) :] + routes[: number % len(routes)]
            threads.append(threading.Thread(target=_client, args=(base, rotated, stop, out)))
        run_for(threads, stop, duration)
    took, cpu = time.monotonic() - start, _client_cpu_s() - cpu
    figures = {name: _figures(samples, took) for name, samples in out.items()}
    figures["all"] = _figures([s for samples in out.values() for s in samples], took)
    figures["health"] = _figures(health, took)
    for name, f in figures.items():
        print(
            f"{name:14} {f['requests']:6d} req  {f['per_s']:7.1f}/s  p50 {f['p50_ms']:8.1f} ms"
            f"  p99 {f['p99_ms']:8.1f} ms  max {f['max_ms']:8.1f} ms  errors {f['errors']}"
            + (f" {f['errors_by_status']}" if f["errors"] else "")
        )
    figures["all"]["client_cpu_share"] = cpu / took
    print(f"the clients used {cpu:.1f} s of CPU in {took:.1f} s ({cpu / took:.0%} of a core)")
    if generator == "wrk":
        figures["all"]["wrk_p99_ms"] = samples.wrk_p99_ms
        figures["all"]["socket_errors"] = samples.socket_errors
        print(
            f"wrk's own p99 over every route, corrected for coordinated omission: {samples.wrk_p99_ms:.1f} ms; "
            f"socket errors {samples.socket_errors}"
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=380)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--data", type=Path, help="N-Quads from `python -m bench._volume` (else made afresh)")
    parser.add_argument(
        "--store", type=Path, help="serve this loaded store folder instead (it is not changed)"
    )
    parser.add_argument(
        "--load-generator",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="the clients: wrk (C, little CPU) or Python threads; auto: wrk when installed",
    )
    args = parser.parse_args()
    generator = load_generator(args.load_generator)
    with tempfile.TemporaryDirectory() as folder:
        store = args.store or Path(folder) / "store"
        geokg = [sys.executable, "-m", "kg.cli", "--store", str(store)]
        if not args.store:
            data = args.data or Path(folder) / "volume.nq"
            if not args.data:
                data.write_bytes(volume_quads(args.copies, None))
            subprocess.run([*geokg, "load", str(data)], check=True, capture_output=True)
            summarise(store)  # as ingest keeps them (a bulk load writes none: the API would read the old way)
        popular, rare = entities_by_mentions(store)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        # 16 clients asking as fast as they can: rate limits would measure the limiter (429s), not the routes.
        unlimited = {"GEOKG_RATE_LIMIT_PER_MINUTE": "0", "GEOKG_RATE_LIMIT_SPARQL_PER_MINUTE": "0"}
        with served(
            [*geokg, "serve", "--port", str(port)], f"{base}/health", env={**os.environ, **unlimited}
        ):
            figures = load(base, popular, rare, args.clients, args.duration, generator)
    card = figures["card_popular"]
    print(
        f"ratio: popular card p99 {card['p99_ms']:.0f} ms vs 200 ms target ({card['p99_ms'] / 200:.2f}x), "
        f"/health p99 {figures['health']['p99_ms']:.0f} ms vs 50 ms ({figures['health']['p99_ms'] / 50:.2f}x)"
    )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "rest_load.json"
    data_name = str(args.store or args.data or f"{args.copies} copies of the examples")
    document = {
        "data": data_name,
        "copies": args.copies,
        "clients": args.clients,
        "load_generator": generator,
        "load_average_after": os.getloadavg(),
        "routes": figures,
    }
    out.write_text(json.dumps(document, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
