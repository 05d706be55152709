"""Limits: a time limit and a row cap on every SPARQL query of /sparql; a request rate per client and a URL
length on every request (bodies are capped by Flask's MAX_CONTENT_LENGTH).

A query over a limit is answered 503 (problem+json), never with a truncated 200, and it stops running.

Embedded store: pyoxigraph cannot cancel a query, and a runaway query (a cross product under COUNT) would burn a
core forever in a thread. So queries run in worker processes, which are killed at the deadline. Each worker
opens a read-only snapshot of the store (a RocksDB checkpoint, hard links: about a millisecond to make); a
new snapshot is made when the store has been written since the last one (`EmbeddedStore.generation`).

Remote store: the HTTP read timeout and a deadline checked while the answer streams in; the server's own
time limit (`oxigraph serve --timeout-s`) stops its side.

Row cap, both stores: results travel as TSV (solutions) or N-Triples (graphs), one line per row, so rows are
counted as the bytes stream out, and the query is stopped at the first row over the cap. The capped answer is
then converted to the negotiated format, which also checks that it is complete.
"""

from __future__ import annotations

import atexit
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any, cast
from uuid import uuid4

import pyoxigraph as ox
import requests
from flask import Flask, Response, current_app, request

from api.problems import problem
from kg.graph.store import (
    OX_RDF_FORMATS,
    OX_RESULTS_FORMATS,
    EmbeddedStore,
    QuerySyntaxError,
    SparqlStore,
    Store,
    StoreError,
)

# What a remote store is asked for: one line per row, or a boolean.
_REMOTE_ACCEPT = {
    "select": "text/tab-separated-values",
    "ask": "application/sparql-results+json",
    "construct": "application/n-triples",
    "describe": "application/n-triples",
}
_CONNECT_TIMEOUT_S = 5.0


class QueryLimitExceeded(Exception):
    """A query went over a limit; the message says which, for the 503's detail."""


class QueryTimeout(QueryLimitExceeded):
    def __init__(self, timeout_s: float) -> None:
        super().__init__(
            f"The query ran past the time limit of {timeout_s:g} s (GEOKG_QUERY_TIMEOUT_S) and was stopped; "
            "narrow it down or add a LIMIT"
        )


class TooManyRows(QueryLimitExceeded):
    def __init__(self, max_rows: int) -> None:
        super().__init__(
            f"The query gives more than {max_rows} rows (GEOKG_MAX_ROWS) and was stopped; "
            "narrow it down or add a LIMIT"
        )


@dataclass(frozen=True)
class QueryLimits:
    timeout_s: float
    max_rows: int

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> QueryLimits:
        """The limits of an app's config (GEOKG_QUERY_TIMEOUT_S, GEOKG_MAX_ROWS)."""
        timeout_s = _number(config, "GEOKG_QUERY_TIMEOUT_S", float)
        max_rows = _number(config, "GEOKG_MAX_ROWS", int)
        return cls(timeout_s=timeout_s, max_rows=int(max_rows))


def _number(config: Mapping[str, Any], name: str, kind: type[float] | type[int]) -> float:
    value = config.get(name)
    try:
        number = kind(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as e:
        raise ValueError(f"{name} must be a positive number, not {value!r}") from e
    if number <= 0:
        raise ValueError(f"{name} must be a positive number, not {value!r}")
    return number


@dataclass(frozen=True)
class QueryJob:
    """One query as a worker or a remote store runs it (the dataset already checked by the endpoint)."""

    query: str
    kind: str  # select | ask | construct | describe
    result_format: str  # a key of kg.graph.store.OX_RESULTS_FORMATS or OX_RDF_FORMATS
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def run_query(store: Store, job: QueryJob, limits: QueryLimits, *, location: str) -> bytes:
    """The answer to `job` in its format, within `limits`; `location` is the store's folder or URL.

    :raises QueryLimitExceeded: when the query runs too long or gives too many rows.
    :raises QuerySyntaxError: when the store's parser refuses the query.
    :raises StoreError: when the store fails.
    """
    if isinstance(store, EmbeddedStore):
        snapshots = _snapshots_of(store, snapshot_root(location))
        with snapshots.lease(store) as path:
            reply = _pool().ask((path, job, limits.max_rows), timeout_s=limits.timeout_s)
        return _unwrap(reply, limits)
    if isinstance(store, SparqlStore):
        return _run_remote(store, job, limits)
    raise TypeError(f"No query limits for a store of type {type(store).__name__}")


def _unwrap(reply: tuple[str, Any], limits: QueryLimits) -> bytes:
    status, value = reply
    if status == "ok":
        return bytes(value)
    if status == "rows":
        raise TooManyRows(limits.max_rows)
    if status == "syntax":
        raise QuerySyntaxError(str(value))
    raise StoreError(f"The query worker failed: {value}")


# ---------------------------------------------------------------------------------------------------------
# Counting rows as the answer streams
# ---------------------------------------------------------------------------------------------------------


class _RowCapExceeded(Exception):
    """Raised inside `_CappedBuffer.write`, which stops the serializer (or the download) that writes."""


class _CappedBuffer:
    """A binary sink that keeps what it is written and refuses more than `max_lines` lines."""

    def __init__(self, max_lines: int) -> None:
        self._chunks: list[bytes] = []
        self._lines = 0
        self._max_lines = max_lines

    def write(self, data: bytes) -> int:
        # TSV and N-Triples escape line breaks inside terms: every newline ends a row.
        self._lines += data.count(b"\n")
        if self._lines > self._max_lines:
            raise _RowCapExceeded
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush; serializers call it."""

    def getvalue(self) -> bytes:
        return b"".join(self._chunks)


def _line_cap(kind: str, max_rows: int) -> int:
    # TSV has a header line; N-Triples has none.
    return max_rows + 1 if kind == "select" else max_rows


def _converted(data: bytes, kind: str, result_format: str) -> bytes:
    """Capped TSV (solutions) or N-Triples (graphs) in the requested format; refuses an incomplete answer."""
    try:
        if kind == "select":
            return _solutions_as(data, result_format)
        return _graph_as(data, result_format)
    except SyntaxError as e:
        # A server that hits its own time limit may end a 200 with an error message instead of rows.
        raise StoreError(f"The store's answer is not complete: {e}") from e


def _solutions_as(tsv: bytes, result_format: str) -> bytes:
    solutions = cast(ox.QuerySolutions, ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV))
    try:
        if result_format == "tsv":
            for _ in solutions:  # rows parse as they are read: reading them all checks the answer is whole
                pass
            return tsv
        return cast(bytes, solutions.serialize(format=OX_RESULTS_FORMATS[result_format]))
    finally:
        del solutions  # freed by the thread that made it (pyoxigraph results are not sendable)


def _graph_as(ntriples: bytes, result_format: str) -> bytes:
    triples = [quad.triple for quad in ox.parse(ntriples, ox.RdfFormat.N_TRIPLES)]
    if result_format == "ntriples":
        return ntriples
    return cast(bytes, ox.serialize(triples, format=OX_RDF_FORMATS[result_format]))


# ---------------------------------------------------------------------------------------------------------
# Embedded store: snapshots and worker processes
# ---------------------------------------------------------------------------------------------------------


class _Snapshots:
    """Read-only copies of one embedded store for the workers: the current one, and those still in use."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._lock = threading.Lock()
        self._current: tuple[int, Path] | None = None
        self._leases: Counter[Path] = Counter()

    @contextmanager
    def lease(self, store: EmbeddedStore) -> Iterator[str]:
        """The folder of a snapshot with every write made so far, kept until the block ends."""
        with self._lock:
            path = self._fresh(store)
            self._leases[path] += 1
        try:
            yield str(path)
        finally:
            with self._lock:
                self._leases[path] -= 1
                self._prune()

    def _fresh(self, store: EmbeddedStore) -> Path:
        # Read before copying: a write that races with the copy makes it newer than its label, never older.
        generation = store.generation
        if self._current is None or self._current[0] != generation:
            path = self._root / f"g{generation}-{uuid4().hex[:8]}"
            store.snapshot(path)
            self._current = (generation, path)
            self._leases[path] += 0  # known, so that _prune deletes it once it is neither current nor used
            self._prune()
        return self._current[1]

    def _prune(self) -> None:
        """Delete the snapshots nobody queries; a worker that still has one open reads it no more."""
        current = self._current[1] if self._current else None
        for path in [path for path, count in self._leases.items() if count == 0 and path != current]:
            shutil.rmtree(path, ignore_errors=True)
            del self._leases[path]


_SNAPSHOTS: weakref.WeakKeyDictionary[EmbeddedStore, _Snapshots] = weakref.WeakKeyDictionary()
_SNAPSHOTS_LOCK = threading.Lock()


def _snapshots_of(store: EmbeddedStore, root: Path) -> _Snapshots:
    """The snapshots of `store`, in a new folder under `root` removed with the store (or at exit)."""
    with _SNAPSHOTS_LOCK:
        snapshots = _SNAPSHOTS.get(store)
        if snapshots is None:
            root.mkdir(parents=True, exist_ok=True)
            folder = Path(tempfile.mkdtemp(prefix="snapshots-", dir=root))
            snapshots = _SNAPSHOTS[store] = _Snapshots(folder)
            weakref.finalize(store, shutil.rmtree, folder, True)
        return snapshots


def snapshot_root(store_location: str) -> Path:
    """Where the snapshots of the embedded store at `store_location` go: beside it, on the same file system
    (so that they are hard links, not copies)."""
    location = Path(store_location).resolve()
    return location.parent / f".{location.name}-snapshots"


class _Worker:
    """A query worker process (`serve_worker`) and the socket to it."""

    def __init__(self) -> None:
        parent, child = socket.socketpair()
        with child:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    f"from api.limits import serve_worker; serve_worker({child.fileno()})",
                ],
                pass_fds=(child.fileno(),),
                stdin=subprocess.DEVNULL,
                env=_worker_env(),
            )
        self.conn = Connection(parent.detach())
        self.ready = False  # True once it has said so: its imports are done

    def is_ready(self) -> bool:
        """Whether the worker has started up (reads its hello when it is there)."""
        if not self.ready and self.conn.poll(0):
            self.ready = self.conn.recv() == ("ready", None)
        return self.ready

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self.conn.close()


def _worker_env() -> dict[str, str]:
    # The worker imports this module: give it the folder this package lives in, installed or not.
    root = str(Path(__file__).resolve().parents[1])
    paths = [root, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


class _WorkerPool:
    """Up to `size` workers; a query waits for a free one, and a worker past its deadline is killed."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._cond = threading.Condition()
        # Two warm workers: a runaway query in one leaves the other free.
        self._idle = [_Worker() for _ in range(min(2, size))]
        self._started = len(self._idle)

    def ask(self, message: tuple[str, QueryJob, int], *, timeout_s: float) -> tuple[str, Any]:
        """The worker's reply to `message`, or QueryTimeout when none comes within `timeout_s`."""
        deadline = time.monotonic() + timeout_s
        worker = self._take(deadline, timeout_s)
        try:
            worker.conn.send(message)
            reply = self._reply(worker, deadline, timeout_s)
        except (EOFError, OSError) as e:
            self._replace(worker)
            raise StoreError(f"The query worker died: {e}") from e
        except BaseException:
            self._replace(worker)
            raise
        self._give_back(worker)
        return reply

    @staticmethod
    def _reply(worker: _Worker, deadline: float, timeout_s: float) -> tuple[str, Any]:
        while True:
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                raise QueryTimeout(timeout_s)
            reply: tuple[str, Any] = worker.conn.recv()
            if reply != ("ready", None):  # a fresh worker's hello comes first
                worker.ready = True
                return reply

    def _take(self, deadline: float, timeout_s: float) -> _Worker:
        with self._cond:
            while not self._idle:
                if self._started < self._size:
                    self._started += 1
                    return _Worker()
                if not self._cond.wait(timeout=deadline - time.monotonic()):
                    raise QueryTimeout(timeout_s)
            # A worker still starting up (one that replaced a killed worker) costs a few hundred ms: last resort.
            worker = next((w for w in reversed(self._idle) if w.is_ready()), self._idle[-1])
            self._idle.remove(worker)
            return worker

    def _give_back(self, worker: _Worker) -> None:
        with self._cond:
            self._idle.append(worker)
            self._cond.notify()

    def _replace(self, worker: _Worker) -> None:
        """Kill `worker` (a query it runs stops with it) and start a fresh one in its place."""
        worker.kill()
        fresh = _Worker()
        self._give_back(fresh)

    def close(self) -> None:
        with self._cond:
            for worker in self._idle:
                worker.kill()
            self._idle.clear()


_POOL: _WorkerPool | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> _WorkerPool:
    """The process's worker pool, started on first use (so a forking server starts it in its worker)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = _WorkerPool(size=max(2, os.cpu_count() or 2))
            atexit.register(_POOL.close)
        return _POOL


def serve_worker(fd: int) -> None:
    """A worker process: answer (snapshot folder, job, row cap) messages on socket `fd` until it closes."""
    import signal

    # Ctrl-C goes to the server; the worker ends when the server closes the socket.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    conn = Connection(fd)
    conn.send(("ready", None))
    opened: tuple[str, ox.Store] | None = None
    while True:
        try:
            path, job, max_rows = conn.recv()
        except EOFError:
            return
        try:
            if opened is None or opened[0] != path:
                opened = None  # let go of the old snapshot before opening the new one
                opened = (path, ox.Store.read_only(path))
            conn.send(_answer(opened[1], job, max_rows))
        except OSError as e:
            conn.send(("error", str(e)))


def _answer(store: ox.Store, job: QueryJob, max_rows: int) -> tuple[str, Any]:
    try:
        result = store.query(job.query, **_dataset_options(job))
    except SyntaxError as e:
        return ("syntax", str(e))
    if isinstance(result, ox.QueryBoolean):
        return ("ok", result.serialize(format=OX_RESULTS_FORMATS[job.result_format]))
    sink = _CappedBuffer(_line_cap(job.kind, max_rows))
    try:
        # pyoxigraph writes to anything with write(): the sink counts rows as they come.
        if isinstance(result, ox.QuerySolutions):
            result.serialize(cast(IO[bytes], sink), format=ox.QueryResultsFormat.TSV)
        else:
            result.serialize(cast(IO[bytes], sink), format=ox.RdfFormat.N_TRIPLES)
    except _RowCapExceeded:
        return ("rows", max_rows)
    try:
        return ("ok", _converted(sink.getvalue(), job.kind, job.result_format))
    except StoreError as e:
        return ("error", str(e))


def _dataset_options(job: QueryJob) -> dict[str, Any]:
    if not (job.default_graphs or job.named_graphs):
        return {"use_default_graph_as_union": True}
    return {
        "default_graph": [ox.NamedNode(iri) for iri in job.default_graphs],
        "named_graphs": [ox.NamedNode(iri) for iri in job.named_graphs],
    }


# ---------------------------------------------------------------------------------------------------------
# Remote store
# ---------------------------------------------------------------------------------------------------------


def _run_remote(store: SparqlStore, job: QueryJob, limits: QueryLimits) -> bytes:
    """POST the query (SPARQL 1.1 Protocol) and read the answer until the deadline or the row cap."""
    deadline = time.monotonic() + limits.timeout_s
    params = [("default-graph-uri", iri) for iri in job.default_graphs]
    params += [("named-graph-uri", iri) for iri in job.named_graphs]
    headers = {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": _REMOTE_ACCEPT[job.kind]}
    sink = _CappedBuffer(_line_cap(job.kind, limits.max_rows))
    try:
        with requests.post(
            store.query_url,
            params=params,
            data=job.query.encode(),
            headers=headers,
            timeout=(min(_CONNECT_TIMEOUT_S, limits.timeout_s), limits.timeout_s),
            stream=True,
        ) as response:
            _check_remote_status(response)
            for chunk in response.iter_content(chunk_size=65536):
                sink.write(chunk)
                if time.monotonic() > deadline:
                    raise QueryTimeout(limits.timeout_s)
    except _RowCapExceeded:
        raise TooManyRows(limits.max_rows) from None
    except requests.Timeout as e:
        raise QueryTimeout(limits.timeout_s) from e
    except requests.RequestException as e:
        raise StoreError(f"POST {store.query_url} failed: {e}") from e
    if job.kind == "ask":
        return _boolean_as(sink.getvalue(), job.result_format)
    return _converted(sink.getvalue(), job.kind, job.result_format)


def _check_remote_status(response: requests.Response) -> None:
    if response.status_code == 400:
        # The protocol answers a malformed query with 400; the body is the server parser's message.
        raise QuerySyntaxError(response.text[:500], status=400)
    if not response.ok:
        message = f"POST {response.url} answered {response.status_code}: {response.text[:500]}"
        raise StoreError(message, status=response.status_code)


def _boolean_as(body: bytes, result_format: str) -> bytes:
    try:
        answer = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    except SyntaxError as e:
        raise StoreError(f"The store's answer is not complete: {e}") from e
    if not isinstance(answer, ox.QueryBoolean):
        raise StoreError("The store answered an ASK query with solutions")
    return cast(bytes, answer.serialize(format=OX_RESULTS_FORMATS[result_format]))


# ---------------------------------------------------------------------------------------------------------
# Requests: rate per client, URL length
# ---------------------------------------------------------------------------------------------------------

# Flask config, with these defaults: RATE_LIMIT_PER_MINUTE 0 or None turns rate limiting off.
REQUEST_DEFAULTS: dict[str, Any] = {
    "RATE_LIMIT_PER_MINUTE": 600,
    "RATE_LIMIT_BURST": 120,
    # Long queries belong in a POST body; gunicorn refuses request lines over 4094 bytes before this.
    "MAX_URL_LENGTH": 16384,
}
# Liveness probes are not throttled; neither are CORS preflights, which carry no work.
_UNLIMITED_PATHS = ("/health",)
# The web page and its files: a page load fetches several at once, and the API calls it makes count anyway.
_UNLIMITED_BLUEPRINTS = ("web",)
_EXTENSION = "geokg.rate_limiter"


class RateLimiter:
    """A token bucket per client: `burst` requests at once, refilled at `per_minute`."""

    MAX_CLIENTS = 10_000

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, at)
        self._lock = threading.Lock()

    def wait(self, client: str, *, per_minute: float, burst: int, now: float) -> float:
        """Take a token for `client`: 0.0 when there was one, else the seconds until there is one."""
        rate = per_minute / 60.0
        with self._lock:
            tokens, at = self._buckets.get(client, (float(burst), now))
            tokens = min(float(burst), tokens + (now - at) * rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                return 0.0
            self._buckets[client] = (tokens, now)
            if len(self._buckets) > self.MAX_CLIENTS:
                self._forget_idle(now, rate, burst)
            return (1.0 - tokens) / rate

    def _forget_idle(self, now: float, rate: float, burst: int) -> None:
        # A client whose bucket has refilled is indistinguishable from a new one.
        refill_s = burst / rate
        self._buckets = {c: (t, at) for c, (t, at) in self._buckets.items() if now - at < refill_s}


def init_app(app: Flask) -> None:
    """Check every request's URL length and its client's rate (settings in REQUEST_DEFAULTS)."""
    for name, value in REQUEST_DEFAULTS.items():
        app.config.setdefault(name, value)
    app.extensions[_EXTENSION] = RateLimiter()
    app.before_request(_check_request)


def _check_request() -> Response | None:
    max_url = int(current_app.config["MAX_URL_LENGTH"])
    url_length = len(request.full_path.encode())
    if url_length > max_url:
        return problem(
            414, f"The URL is {url_length} bytes, over the limit of {max_url}: send long queries by POST"
        )
    return _throttle()


def _throttle() -> Response | None:
    per_minute = float(current_app.config.get("RATE_LIMIT_PER_MINUTE") or 0)
    if per_minute <= 0 or request.method == "OPTIONS" or request.path in _UNLIMITED_PATHS:
        return None
    if request.endpoint == "static" or request.blueprint in _UNLIMITED_BLUEPRINTS:
        return None
    burst = max(1, int(current_app.config["RATE_LIMIT_BURST"]))
    client = request.remote_addr or "unknown"
    limiter: RateLimiter = current_app.extensions[_EXTENSION]
    wait = limiter.wait(client, per_minute=per_minute, burst=burst, now=time.monotonic())
    if wait <= 0:
        return None
    retry_after = max(1, math.ceil(wait))
    detail = (
        f"Too many requests from {client}: at most {per_minute:g} a minute, {burst} at once; "
        f"retry in {retry_after} s"
    )
    return problem(429, detail, headers={"Retry-After": str(retry_after)})
