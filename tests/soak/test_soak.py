"""`make soak`: the service under load and abuse, through a real gunicorn server on the example store.

- stall: a 1.37 MB query, a 99 KB one of 2,000 FILTERs and 10 runaway queries, sent by one client, while
  /health and a one-row ASK from another client are timed (the abuser gets 429 beyond its
  GEOKG_SPARQL_QUERIES_PER_CLIENT);
- readers and a writer: 16 readers and 1 writer for SOAK_SECONDS (default 60): no error, every acknowledged
  article stored whole;
- SIGKILL mid-write: the server (and its extraction workers) killed while articles are being written: the store
  opens, every article in it is whole (its graph is exactly the one its text gives), every acknowledged one is
  there;
- fuzz: schemathesis over HTTP against every operation of /openapi.json, SOAK_FUZZ_REQUESTS (default 5,000)
  requests in all, none answered 5xx.

Each prints its figures (p50/p99/max, counts); latency targets are printed beside them, never asserted (timed
asserts on a shared machine only measure the neighbours). Marker `soak`, left out of `make test`.
"""

from __future__ import annotations

import json
import math
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from statistics import quantiles
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter

# Longer than make test's 600 s per test: 5,000 fuzzed requests take minutes on a busy machine.
pytestmark = [pytest.mark.soak, pytest.mark.timeout(3600)]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "articles.jsonl"
SECONDS = float(os.environ.get("SOAK_SECONDS", "60"))
FUZZ_REQUESTS = int(os.environ.get("SOAK_FUZZ_REQUESTS", "5000"))
TOKEN = "soak-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ASK = "ASK { ?s a ?o }"
ABUSER_ADDRESS = "127.0.0.2"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _filters(count: int) -> str:
    return "SELECT * WHERE { ?s ?p ?o " + " ".join(f"FILTER(?o != {n})" for n in range(count)) + " }"


@pytest.fixture(scope="module")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example articles ingested by the CLI, as `make run` does."""
    store = tmp_path_factory.mktemp("soak") / "store"
    subprocess.run(
        [sys.executable, "-m", "kg.cli", "--store", str(store), "ingest", str(EXAMPLES)],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    return store


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(store: Path, tmp_path: Path, **settings: str) -> Server:
    """`geokg serve` in its own session (so that its extraction workers can be killed with it)."""
    port = _free_port()
    env = {
        **os.environ,
        "GEOKG_STORE": str(store),
        "GEOKG_API_TOKEN": TOKEN,
        "GEOKG_RATE_LIMIT_PER_MINUTE": "0",
        "GEOKG_QUERY_TIMEOUT_S": "5",
        "PYTHONPATH": str(ROOT),
        **settings,
    }
    log = tmp_path / f"server-{port}.log"
    script = textwrap.dedent(
        f"""
        from api import create_app
        from api.server import serve
        from kg.settings import positive_int, read_settings
        threads = positive_int("GEOKG_THREADS", read_settings()["GEOKG_THREADS"])
        serve(create_app(), host="127.0.0.1", port={port}, threads=threads, options={{"accesslog": None}})
        """
    )
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", script],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited:\n{log.read_text()}", pytrace=False)
        try:
            requests.get(f"{base}/health", timeout=2)
            return Server(base, process, log)
        except requests.RequestException:
            time.sleep(0.2)
    _kill(process)
    pytest.fail(f"the server did not answer in 90 s:\n{log.read_text()}", pytrace=False)


def _stop(server: Server) -> None:
    os.killpg(server.process.pid, signal.SIGTERM)
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        _kill(server.process)


def _kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL to the server's session: gunicorn's arbiter, its worker, the query and extraction workers."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=30)


@pytest.fixture
def serve(example_store: Path, tmp_path: Path) -> Iterator[Callable[..., Server]]:
    started: list[Server] = []

    def start(**settings: str) -> Server:
        started.append(_start(example_store, tmp_path, **settings))
        return started[-1]

    yield start
    for server in started:
        if server.process.poll() is None:
            _stop(server)


@dataclass
class Timings:
    """Latencies in seconds and failures of one kind of request."""

    seconds: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def time(self, call: Callable[[], requests.Response]) -> None:
        started = time.perf_counter()
        try:
            response = call()
        except requests.RequestException as e:
            self.failures.append(type(e).__name__)
            return
        self.seconds.append(time.perf_counter() - started)
        if response.status_code >= 400:
            self.failures.append(f"{response.status_code} {response.text[:120]}")

    def line(self, name: str, target_ms: float | None = None) -> str:
        if not self.seconds:
            return f"{name}: no answer, {len(self.failures)} failures"
        ms = sorted(s * 1000 for s in self.seconds)
        cuts = quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else [ms[0]] * 99
        target = f" (target p99 <= {target_ms:g} ms)" if target_ms else ""
        return (
            f"{name}: n={len(ms)} p50={cuts[49]:.1f} ms p99={cuts[98]:.1f} ms max={ms[-1]:.1f} ms, "
            f"{len(self.failures)} failures{target}"
        )


def _probe(
    until: threading.Event, timings: Timings, call: Callable[[], requests.Response]
) -> threading.Thread:
    def run() -> None:
        while not until.is_set():
            timings.time(call)
            until.wait(0.02)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _query_workers(server: Server) -> int:
    """How many query worker processes the server has started (they are in its session)."""
    count = 0
    for proc in Path("/proc").iterdir():
        try:
            if os.getpgid(int(proc.name)) != server.process.pid:
                continue
            count += b"serve_worker" in (proc / "cmdline").read_bytes()
        except (ValueError, OSError):
            continue
    return count


def _warm(server: Server, workers: int = 8) -> None:
    """Wait until the server's query workers have started (one after another, seconds on a busy machine): the
    figures are of a server at work, not of one starting."""
    deadline = time.monotonic() + 120
    while _query_workers(server) < workers and time.monotonic() < deadline:
        time.sleep(0.2)
    for _ in range(3):
        requests.get(f"{server.base}/sparql", params={"query": ASK}, timeout=60)
    time.sleep(2)  # the last worker says it is ready


def test_health_and_a_small_query_while_giant_and_runaway_queries_run(serve: Callable[..., Server]) -> None:
    server = serve()
    base = server.base
    _warm(server)
    health, ask = Timings(), Timings()
    done = threading.Event()
    probes = [
        _probe(done, health, lambda: requests.get(f"{base}/health", timeout=60)),
        _probe(
            done,
            ask,
            lambda: requests.get(
                f"{base}/sparql", params={"query": ASK}, headers={"Accept": "application/json"}, timeout=60
            ),
        ),
    ]
    giant = "SELECT * WHERE { ?s ?p ?o " + "FILTER(?o != 1) " * 86_000 + "}"  # 1.37 MB
    abusers = [giant, _filters(2_000)] + [RUNAWAY] * 10
    statuses: list[int] = []

    def abuse(query: str) -> None:
        # The abuser is another client than the probes: its own address on the loopback network.
        with requests.Session() as session:
            session.mount("http://", _FromAddress(ABUSER_ADDRESS))
            response = session.post(
                f"{base}/sparql",
                data=query.encode(),
                headers={"Content-Type": "application/sparql-query"},
                timeout=120,
            )
        statuses.append(response.status_code)

    started = time.monotonic()
    threads = [threading.Thread(target=abuse, args=(query,)) for query in abusers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    took = time.monotonic() - started
    done.set()
    for probe in probes:
        probe.join()
    print(
        f"\nstall: {len(giant):,}-byte query, 2,000 FILTERs and 10 runaways answered {sorted(statuses)} in {took:.1f} s"
    )
    print(health.line("/health under the stall", 50))
    print(ask.line("ASK under the stall", 100))
    assert len(statuses) == len(abusers) and all(400 <= s < 600 and s != 500 for s in statuses if s != 200)
    assert 429 in statuses, (
        "the per-client cap (GEOKG_SPARQL_QUERIES_PER_CLIENT) refused none of the abuser's"
    )
    assert not health.failures and not ask.failures


class _FromAddress(HTTPAdapter):
    """Connections from `address` (any 127.x.y.z reaches a server on 127.0.0.1): another client to the server."""

    def __init__(self, address: str) -> None:
        self._address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, source_address=(self._address, 0), **kwargs)


_SENTENCES = [json.loads(line)["text"] for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line]


_SOAK_MARK = "The soak article number"


def _article(n: int) -> str:
    # An example article made distinct by a closing sentence with its number.
    return f"{_SENTENCES[n % len(_SENTENCES)]}\n\n{_SOAK_MARK} {n} ends here."


def _write_articles(
    base: str, until: threading.Event, acknowledged: dict[str, str], refusals: list[str]
) -> None:
    n = 0
    while not until.is_set():
        text = _article(n)
        try:
            response = requests.post(f"{base}/api/articles", json={"text": text}, headers=AUTH, timeout=300)
        except requests.RequestException as e:
            refusals.append(type(e).__name__)
            return
        if response.status_code == 201:
            acknowledged[response.json()["id"]] = text
        else:
            refusals.append(f"{response.status_code} {response.text[:120]}")
        n += 1


def _read(
    reads: dict[str, Callable[[], requests.Response]],
    seconds: float,
    writer: Callable[[threading.Event], None] | None,
) -> dict[str, Timings]:
    """16 readers (4 a route) for `seconds`, beside `writer` when there is one; the timings by route."""
    timings = {name: Timings() for name in reads}
    done = threading.Event()
    writing = threading.Thread(target=writer, args=(done,)) if writer else None
    if writing:
        writing.start()
    readers = [_probe(done, timings[name], reads[name]) for name in list(reads) * 4]
    time.sleep(seconds)
    done.set()
    if writing:
        writing.join(timeout=600)
    for reader in readers:
        reader.join()
    return timings


def _all(timings: dict[str, Timings]) -> Timings:
    return Timings(
        [s for t in timings.values() for s in t.seconds], [f for t in timings.values() for f in t.failures]
    )


def test_sixteen_readers_and_one_writer(serve: Callable[..., Server]) -> None:
    server = serve()
    base = server.base
    _warm(server)
    reads = {
        "/api/events": lambda: requests.get(f"{base}/api/events", params={"limit": 20}, timeout=60),
        "/api/entities?q=serbia": lambda: requests.get(
            f"{base}/api/entities", params={"q": "serbia"}, timeout=60
        ),
        "/api/articles": lambda: requests.get(f"{base}/api/articles", timeout=60),
        "/health": lambda: requests.get(f"{base}/health", timeout=60),
    }
    # The extraction worker loads its model on the first write: not in the figures.
    assert requests.post(f"{base}/api/articles", json={"text": _article(-1)}, headers=AUTH, timeout=300).ok
    alone = _read(reads, SECONDS / 3, writer=None)
    acknowledged: dict[str, str] = {}
    refusals: list[str] = []
    with_writer = _read(
        reads, SECONDS, writer=lambda done: _write_articles(base, done, acknowledged, refusals)
    )
    print(f"\n16 readers alone for {SECONDS / 3:g} s:")
    print(_all(alone).line("all reads, no writer"))
    print(
        f"16 readers + 1 writer for {SECONDS:g} s: {len(acknowledged)} articles acknowledged, refusals {refusals}"
    )
    for name, timing in with_writer.items():
        print(timing.line(name))
    every = _all(with_writer)
    print(every.line("all reads, 1 writer", 150))
    assert not _all(alone).failures and not every.failures and not refusals
    assert acknowledged, "the writer stored nothing"
    for article_id, text in acknowledged.items():
        stored = requests.get(f"{base}/api/articles/{article_id}", timeout=60)
        assert stored.status_code == 200 and stored.json()["text"] == text


def test_sigkill_mid_write_leaves_every_article_whole_or_absent(
    serve: Callable[..., Server], example_store: Path
) -> None:
    server = serve()
    done = threading.Event()
    acknowledged: dict[str, str] = {}
    writers = [
        threading.Thread(target=_write_articles, args=(server.base, done, acknowledged, [])) for _ in range(2)
    ]
    for writer in writers:
        writer.start()
    deadline = time.monotonic() + max(SECONDS, 60)
    while len(acknowledged) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # into the next writes
    _kill(server.process)
    done.set()
    for writer in writers:
        writer.join(timeout=60)
    whole, checked = _check_store(example_store, acknowledged)
    print(
        f"\nSIGKILL mid-write: {len(acknowledged)} acknowledged, {checked} articles in the store, {whole} whole"
    )
    assert whole == checked


def _check_store(store_path: Path, acknowledged: dict[str, str]) -> tuple[int, int]:
    """(whole, checked) of the soak's articles: each one's graph is compared with the graph its own text gives
    (the example articles, ingested with titles and dates, must all still be there)."""
    from kg.extract import default_extractor
    from kg.graph.rdf import to_graphs
    from kg.graph.store import open_store

    store = open_store(str(store_path))
    try:
        rows = store.select(
            "PREFIX gk: <https://w3id.org/geokg/ontology#> "
            "SELECT ?a ?text WHERE { GRAPH ?a { ?a a gk:Article ; gk:text ?text } }"
        )
        texts = {str(row["a"]): str(row["text"]) for row in rows}
        assert sum(_SOAK_MARK not in text for text in texts.values()) == len(_SENTENCES)
        ids = {iri.rsplit("/", 1)[-1] for iri in texts}
        assert set(acknowledged) <= ids, "an acknowledged article is missing"
        whole = checked = 0
        for iri, text in texts.items():
            if _SOAK_MARK not in text:
                continue
            expected, _descriptions = to_graphs(default_extractor().extract(text))
            stored = store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
            checked += 1
            whole += len(stored) == len(expected)
        return whole, checked
    finally:
        store.close()


def test_schemathesis_over_http_never_gets_a_5xx(serve: Callable[..., Server]) -> None:
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    server = serve(GEOKG_API_TOKEN="not-sent-by-the-generated-requests")
    spec = requests.get(f"{server.base}/openapi.json", timeout=30).json()
    operations = [result.ok() for result in schemathesis.openapi.from_dict(spec).get_all_operations()]
    per_operation = math.ceil(FUZZ_REQUESTS / len(operations))
    sent, server_errors = 0, []

    def fuzz(operation: Any) -> None:
        cases = st.one_of(operation.as_strategy(mode) for mode in schemathesis.GenerationMode)

        @given(case=cases)
        @settings(
            max_examples=per_operation, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def check(case: Any) -> None:
            nonlocal sent
            response = case.call(base_url=server.base, timeout=60)
            sent += 1
            if response.status_code >= 500:
                server_errors.append(f"{case.method} {case.formatted_path} -> {response.status_code}")

        check()

    # An operation with few inputs is done after a few examples: rounds go on until the count is reached.
    started = time.monotonic()
    while sent < FUZZ_REQUESTS:
        for operation in operations:
            fuzz(operation)
        rate = sent / (time.monotonic() - started)
        print(f"\nschemathesis: {sent} requests so far ({rate:.0f}/s), {len(server_errors)} 5xx", flush=True)
    print(
        f"\nschemathesis over HTTP: {sent} requests to {len(operations)} operations, {len(server_errors)} 5xx"
    )
    assert not server_errors, server_errors[:10]
