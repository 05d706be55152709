"""`geokg serve` on 127.0.0.1 for a benchmark, and timing under load: a few clients hammering one route while
/health is probed, with the latencies summed up as p50/p99, throughput and errors."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

import requests

from bench._wrk import Samples, ok, run_wrk, wrk_path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def geokg_serve(store: Path, log: Path, *, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """`geokg serve` over an embedded store folder until the block ends; yields the base URL."""
    port = free_port()
    settings = {
        **os.environ,
        "GEOKG_STORE": str(store),
        # A benchmark is one client sending many requests: rate limits would measure the limiter.
        "GEOKG_RATE_LIMIT_PER_MINUTE": "0",
        "GEOKG_RATE_LIMIT_SPARQL_PER_MINUTE": "0",
        **(env or {}),
    }
    command = [sys.executable, "-m", "kg.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        # Its own process group: gunicorn's worker and the query workers go down with it.
        server = subprocess.Popen(
            command, env=settings, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server, log)
        yield base
    finally:
        stop_group(server)


def stop_group(server: subprocess.Popen[bytes], grace_s: float = 10) -> None:
    """SIGTERM to the server's process group, SIGKILL after `grace_s`: a thread stuck in a store query
    keeps a worker alive past gunicorn's own shutdown, and with it the store's lock."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        pass
    except ProcessLookupError:
        return
    try:
        os.killpg(server.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    server.wait()


def _wait_until_up(base: str, server: subprocess.Popen[bytes], log: Path, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"geokg serve exited ({server.returncode}): {log.read_text()[-2000:]}")
        try:
            if requests.get(f"{base}/health", timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"geokg serve did not answer /health within {timeout_s:.0f} s")


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


@dataclass
class Timings:
    """Latencies in ms of the requests that answered 2xx, and how many did not (status or timeout)."""

    ms: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, ms: float | None) -> None:
        """One request: its latency, or None when it failed."""
        with self.lock:
            if ms is None:
                self.errors += 1
            else:
                self.ms.append(ms)

    def summary(self) -> dict[str, Any]:
        answered = len(self.ms)
        return {
            "requests": answered + self.errors,
            "errors": self.errors,
            "p50_ms": round(percentile(self.ms, 0.5), 1),
            "p99_ms": round(percentile(self.ms, 0.99), 1),
            "median_ms": round(median(self.ms), 1) if self.ms else float("nan"),
            "per_s": round(answered / self.seconds, 1) if self.seconds else float("nan"),
        }


def timed_get(
    url: str, timings: Timings, *, timeout: float, headers: Mapping[str, str] | None = None
) -> int | None:
    """GET `url` and record its latency (or its failure); the HTTP status, None when there was no answer."""
    started = time.perf_counter()
    try:
        status: int | None = requests.get(url, timeout=timeout, headers=headers).status_code
    except requests.RequestException:
        status = None
    ok = status is not None and 200 <= status < 300
    timings.record((time.perf_counter() - started) * 1000 if ok else None)
    return status


def load_generator(choice: str) -> str:
    """`wrk` or `python` for a benchmark's `--load-generator` (`auto`: wrk when it is installed)."""
    if choice == "auto":
        return "wrk" if wrk_path() else "python"
    if choice == "wrk" and not wrk_path():
        raise SystemExit("--load-generator wrk: wrk is not installed (Debian: apt-get install wrk)")
    return choice


def under_wrk(
    base: str,
    routes: list[tuple[str, str]],
    *,
    clients: int,
    seconds: float,
    timeout: float,
    probe: Callable[[Timings], None],
) -> tuple[dict[str, Timings], Timings, Samples]:
    """`under_load` with wrk's clients (`bench._wrk`) on `routes`, client i starting at the i-th route: the
    Timings of each route (a non-2xx answer, a lost connection or a wait over `timeout` is an error), those of
    the probe (Python, every 0.1 s, as `under_load`'s) and wrk's own samples."""
    stop = threading.Event()
    health = Timings()

    def prober() -> None:
        while not stop.is_set():
            probe(health)
            stop.wait(0.1)

    thread = threading.Thread(target=prober)
    thread.start()
    try:
        samples = run_wrk(base, routes, clients=clients, seconds=seconds, timeout_s=timeout)
    finally:
        stop.set()
        thread.join()
    health.seconds = samples.seconds
    by_route = {}
    for name, measured in samples.routes.items():
        timings = by_route[name] = Timings(seconds=samples.seconds)
        for ms, status in measured:
            timings.record(ms if ok(status) and ms <= timeout * 1000 else None)
    return by_route, health, samples


def run_for(threads: list[threading.Thread], stop: threading.Event, seconds: float) -> None:
    """Start `threads`, let them run for `seconds`, then set `stop` and wait for them to end."""
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()


def under_load(
    request: Callable[[Timings], None], *, clients: int, seconds: float, probe: Callable[[Timings], None]
) -> tuple[Timings, Timings]:
    """`clients` threads repeat `request` for `seconds` while one thread probes every 0.1 s with `probe`."""
    stop = threading.Event()
    load, health = Timings(), Timings()

    def client() -> None:
        while not stop.is_set():
            request(load)

    def prober() -> None:
        while not stop.is_set():
            probe(health)
            stop.wait(0.1)

    threads = [threading.Thread(target=client) for _ in range(clients)] + [threading.Thread(target=prober)]
    started = time.perf_counter()
    run_for(threads, stop, seconds)
    load.seconds = health.seconds = time.perf_counter() - started
    return load, health
