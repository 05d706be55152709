"""Query worker processes for the embedded store: a query runs in a worker, which is killed at the deadline.

pyoxigraph cannot cancel a query, and a runaway query (a cross product under COUNT) would burn a core forever in
a thread. So queries run in worker processes, each over a read-only snapshot of the store
(`api.store_snapshots`); a worker past its deadline is killed and a fresh one takes its place.
"""

from __future__ import annotations

import atexit
import gc
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox
from flask import g, has_request_context

from api.query_limits import QueryJob, QueryLimits, QueryTimeout, TooManyRows
from api.query_parse import ParsedQuery, Refusal, parse_query
from api.row_cap import CappedBuffer, RowCapExceeded, converted, line_cap
from api.store_snapshots import request_snapshot, snapshot_root, snapshots_of
from kg.graph.store import OX_RESULTS_FORMATS, EmbeddedStore, QuerySyntaxError, StoreError


def run_in_worker(store: EmbeddedStore, job: QueryJob, limits: QueryLimits, *, location: str) -> bytes:
    """The answer to `job` from a worker process over a snapshot of `store` (whose folder is `location`)."""
    if has_request_context():  # the snapshot the request's other queries read
        _, path = request_snapshot(store)
        return _unwrap(_ask(path, job, limits), limits)
    with snapshots_of(store, snapshot_root(location)).lease(store) as path:
        return _unwrap(_ask(path, job, limits), limits)


def _ask(path: str, job: QueryJob, limits: QueryLimits) -> tuple[str, Any]:
    return _within_limit(
        limits,
        lambda left: _pool(limits.workers).ask((path, job, limits.max_rows), timeout_s=left, snapshot=path),
    )


def start_query_clock(limits: QueryLimits) -> None:
    """Start the time limit of this request's /sparql query now: its parse and its evaluation share it, waiting
    for a free worker included (a pool refilling after a kill must not stretch a query past its limit)."""
    g.setdefault("_query_deadline", time.monotonic() + limits.timeout_s)


def _within_limit(limits: QueryLimits, ask: Callable[[float], tuple[str, Any]]) -> tuple[str, Any]:
    """`ask(seconds)` with the time the request's query has left (the whole limit outside a /sparql request)."""
    deadline = g.get("_query_deadline") if has_request_context() else None
    if deadline is None:
        return ask(limits.timeout_s)
    try:
        return ask(max(0.0, deadline - time.monotonic()))
    except QueryTimeout:
        raise QueryTimeout(limits.timeout_s) from None  # the limit, not what was left of it


def count_in_worker(store: EmbeddedStore, limits: QueryLimits, *, location: str) -> tuple[int, int]:
    """The generation of `store` (whose folder is `location`) and the number of quads in its named graphs,
    counted by a worker over a snapshot: a full scan (0.2 s at 24k quads, 1.6 s at 1M on a busy machine) kept off
    the server's CPU and GIL. Within COUNT_TIMEOUT_S, not the query limit: the count grows with the store, and
    nobody waits for it (`api.meta` counts in the background).
    """
    with snapshots_of(store, snapshot_root(location)).fresh(store) as (generation, path):
        status, value = _pool(limits.workers).ask((_COUNT, path), timeout_s=COUNT_TIMEOUT_S, snapshot=path)
    if status != "ok":
        raise StoreError(f"The query worker failed: {value}")
    return generation, int(value)


COUNT_TIMEOUT_S = 600.0


def start_workers(limits: QueryLimits) -> None:
    """Start the first workers now, in the background (`geokg serve` does when it starts), so that the first
    queries do not wait for them."""
    _pool(limits.workers)


def parse_in_worker(query: str, limits: QueryLimits) -> ParsedQuery | Refusal:
    """rdflib's reading of `query` (`api.query_parse`), done by a worker within the time limit: no lock held in
    the server, and a parse past the deadline is killed like a runaway query (QueryTimeout)."""
    status, value = _within_limit(
        limits, lambda left: _pool(limits.workers).ask((_PARSE, query), timeout_s=left)
    )
    if status != "ok":
        raise StoreError(f"The query worker failed: {value}")
    return cast(ParsedQuery | Refusal, value)


def _unwrap(reply: tuple[str, Any], limits: QueryLimits) -> bytes:
    status, value = reply
    if status == "ok":
        return cast(bytes, value)
    if status == "rows":
        raise TooManyRows(limits.max_rows)
    if status == "syntax":
        raise QuerySyntaxError(str(value))
    raise StoreError(f"The query worker failed: {value}")


class _Worker:
    """A query worker process (`serve_worker`) and the socket to it."""

    def __init__(self) -> None:
        parent, child = socket.socketpair()
        with child:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    f"from api.query_workers import serve_worker; serve_worker({child.fileno()})",
                ],
                pass_fds=(child.fileno(),),
                stdin=subprocess.DEVNULL,
                env=_worker_env(),
            )
        self.conn = Connection(parent.detach())
        # The snapshots it has open, newest last (it keeps the last two, as `serve_worker` does).
        self.snapshots: list[str] = []
        self.demoted = False

    def demote(self) -> None:
        """Lower the worker's CPU priority (`promote` raises it back where the server may)."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, _DEMOTED_NICENESS)
        except OSError:  # gone already: its reply says so
            return
        self.demoted = True

    def promote(self) -> bool:
        """Back to normal priority once its slow query is done; False where the process may not raise a
        priority (no CAP_SYS_NICE, RLIMIT_NICE at 0): the worker is replaced then."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, 0)
        except OSError:
            return False
        self.demoted = False
        return True

    def opened(self, path: str) -> None:
        self.snapshots = [*(p for p in self.snapshots if p != path), path][-_OPEN_SNAPSHOTS:]

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
    """`size` workers; a query takes an idle one or waits for one, and a worker past its deadline is killed.

    Starting a worker costs about half a second of CPU (seconds on a busy machine): no query waits for that.
    The workers start with the pool, one after another in the background, and a killed one is replaced at
    once; a worker joins the idle ones when it says it is ready. A query takes whichever worker is free first.
    A worker needs about 60 MB.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []  # ready, waiting for a message
        self._busy = 0
        self._filling = False
        self._closed = False
        with self._cond:
            self._fill()

    def ask(
        self, message: tuple[Any, ...], *, timeout_s: float, snapshot: str | None = None
    ) -> tuple[str, Any]:
        """The worker's reply to `message`, or QueryTimeout when none comes within `timeout_s`; a worker that
        has `snapshot` open already is preferred."""
        deadline = time.monotonic() + timeout_s
        worker = self._take(deadline, timeout_s, snapshot)
        try:
            worker.conn.send(message)
            reply = _reply(worker, deadline, timeout_s)
        except (EOFError, OSError) as e:
            self._replace(worker)
            raise StoreError(f"The query worker died: {e}") from e
        except BaseException:
            self._replace(worker)
            raise
        if worker.demoted and not worker.promote():
            # A fresh worker at normal priority takes its place (starting one costs half a second of CPU).
            self._replace(worker)
            return reply
        if snapshot is not None:
            worker.opened(snapshot)
        self._give_back(worker)
        return reply

    def _take(self, deadline: float, timeout_s: float, snapshot: str | None) -> _Worker:
        with self._cond:
            while not self._idle:
                if not self._cond.wait(timeout=deadline - time.monotonic()):
                    raise QueryTimeout(timeout_s)
            # One with the snapshot open saves opening it (tens of ms, more on a busy machine).
            worker = next((w for w in reversed(self._idle) if snapshot in w.snapshots), self._idle[-1])
            self._idle.remove(worker)
            self._busy += 1
            return worker

    def _fill(self) -> None:
        """Have workers started (call under the lock) until the pool has `size`."""
        if not (self._filling or self._closed) and self._busy + len(self._idle) < self._size:
            self._filling = True
            threading.Thread(target=self._start_workers, name="query-workers-start", daemon=True).start()

    def _start_workers(self) -> None:
        """Start workers until the pool is full, one at a time: each takes a core for half a second, and a burst
        of them would slow the server while it starts."""
        while True:
            with self._cond:
                if self._closed or self._busy + len(self._idle) >= self._size:
                    self._filling = False
                    return
            worker = _started_worker()
            if worker is None:
                continue
            with self._cond:
                if self._closed:
                    worker.kill()
                else:
                    self._idle.append(worker)
                    self._cond.notify()

    def _give_back(self, worker: _Worker) -> None:
        with self._cond:
            self._busy -= 1
            self._idle.append(worker)
            self._cond.notify()

    def _replace(self, worker: _Worker) -> None:
        """Kill `worker` (a query it runs stops with it); a fresh one starts in the background."""
        worker.kill()
        with self._cond:
            self._busy -= 1
            self._fill()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            for worker in self._idle:
                worker.kill()
            self._idle.clear()


def _reply(worker: _Worker, deadline: float, timeout_s: float) -> tuple[str, Any]:
    """The worker's reply by `deadline`. A query still running after _SLOW_S is demoted: its worker yields the
    CPU to the server and to quick queries, so that runaways up to their time limit do not slow everyone."""
    if not worker.conn.poll(min(_SLOW_S, max(0.0, deadline - time.monotonic()))):
        worker.demote()
        if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
            raise QueryTimeout(timeout_s)
    reply: tuple[str, Any] = worker.conn.recv()
    if reply[0] == _ANSWER:
        # The answer's bytes follow as they are, not pickled: no copy in the worker, one read here.
        return ("ok", worker.conn.recv_bytes())
    return reply


def _started_worker() -> _Worker | None:
    """A new worker once it says it is ready (its imports are done); None when it does not start."""
    worker = _Worker()
    try:
        if worker.conn.poll(_START_TIMEOUT_S) and worker.conn.recv() == ("ready", None):
            return worker
    except (EOFError, OSError):
        pass
    worker.kill()
    time.sleep(1.0)  # before the next try: a worker that cannot start must not make the pool spin
    return None


# A query running longer than this is slow: its worker runs on at _DEMOTED_NICENESS, then is put back to normal
# priority, or replaced where the server may not raise a priority.
_SLOW_S = 0.25
_DEMOTED_NICENESS = 10
# A worker that has not said it is ready after this long is given up (and another one started when needed).
_START_TIMEOUT_S = 60.0
# Snapshots a worker keeps open: the current one and the one before, so a new snapshot can be opened ahead of
# its use while queries still run on the previous one.
_OPEN_SNAPSHOTS = 2


_POOL: _WorkerPool | None = None
_POOL_LOCK = threading.Lock()


def _pool(size: int) -> _WorkerPool:
    """The process's pool of `size` workers (at least 2), started on first use (so a forking server starts it in
    its worker). A pool of fewer workers than request threads lets runaway queries hold
    every worker, and a small query then waits past its own time limit."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = _WorkerPool(size=max(2, size))
            atexit.register(_POOL.close)
        return _POOL


# The first item of a parse or count message; a query message starts with a snapshot folder, never these.
_PARSE = "parse"
_COUNT = "count"
# A worker's reply whose answer follows as a message of raw bytes (`_send_reply`).
_ANSWER = "answer"


def serve_worker(fd: int) -> None:
    """A worker process: answer (snapshot folder, job, row cap), (_PARSE, query) and (_COUNT, snapshot folder)
    messages on socket `fd` until it closes."""
    import signal

    # Ctrl-C goes to the server; the worker ends when the server closes the socket.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    conn = Connection(fd)
    # pyparsing builds its grammar's caches on the first parse (half a second): not in a query's time.
    parse_query("ASK {}")
    # What is loaded now lives as long as the worker: out of the collector's sight (see api.server).
    gc.freeze()  # no collection first: it would take as long as the one this saves
    conn.send(("ready", None))
    opened: dict[str, ox.Store] = {}  # by folder, oldest first
    while True:
        try:
            message = conn.recv()
        except (EOFError, ConnectionResetError):  # the server has gone
            return
        if message[0] == _PARSE:
            conn.send(("ok", parse_query(message[1])))
            continue
        if message[0] == _COUNT:
            conn.send(("ok", _named_graph_quads(_open(opened, message[1]))))
            continue
        path, job, max_rows = message
        try:
            reply = _answer(_open(opened, path), job, max_rows)
        except OSError as e:
            reply = ("error", str(e))
        _send_reply(conn, reply)


def _send_reply(conn: Connection, reply: tuple[str, Any]) -> None:
    """`reply`, an answer's bytes as a raw message after a small header (pickling them would copy them twice)."""
    status, value = reply
    if status == "ok" and isinstance(value, bytes | memoryview):
        conn.send((_ANSWER, None))
        conn.send_bytes(value)
    else:
        conn.send(reply)


def _open(opened: dict[str, ox.Store], path: str) -> ox.Store:
    """The snapshot at `path`, opened once; the oldest is let go beyond _OPEN_SNAPSHOTS (its folder may go)."""
    if path not in opened:
        while len(opened) >= _OPEN_SNAPSHOTS:
            del opened[next(iter(opened))]
        opened[path] = ox.Store.read_only(path)
    return opened[path]


def _named_graph_quads(store: ox.Store) -> int:
    # len() counts every quad without evaluating a query (5x faster than COUNT(*)); the default graph's, if
    # any, are not in Store.count's figure.
    return len(store) - sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def _answer(store: ox.Store, job: QueryJob, max_rows: int) -> tuple[str, Any]:
    try:
        result = store.query(job.query, **_dataset_options(job))
    except SyntaxError as e:
        return ("syntax", str(e))
    if isinstance(result, ox.QueryBoolean):
        return ("ok", result.serialize(format=OX_RESULTS_FORMATS[job.result_format]))
    sink = CappedBuffer(line_cap(job.kind, max_rows))
    try:
        # pyoxigraph writes to anything with write(): the sink counts rows as they come.
        if isinstance(result, ox.QuerySolutions):
            result.serialize(cast(IO[bytes], sink), format=ox.QueryResultsFormat.TSV)
        else:
            result.serialize(cast(IO[bytes], sink), format=ox.RdfFormat.N_TRIPLES)
    except RowCapExceeded:
        return ("rows", max_rows)
    if job.result_format == _CAPPED_FORMATS[job.kind == "select"]:
        # Written whole by the store's own serializer just now: nothing to convert, nor to check (`converted`
        # parses every row again, to catch a remote server that ends a 200 early).
        return ("ok", sink.getvalue())
    try:
        return ("ok", converted(sink.getvalue(), job.kind, job.result_format))
    except StoreError as e:
        return ("error", str(e))


# The format the row cap counts in, by "is a SELECT": TSV for solutions, N-Triples for graphs.
_CAPPED_FORMATS = {True: "tsv", False: "ntriples"}


def _dataset_options(job: QueryJob) -> dict[str, Any]:
    if not (job.default_graphs or job.named_graphs):
        return {"use_default_graph_as_union": True}
    return {
        "default_graph": [ox.NamedNode(iri) for iri in job.default_graphs],
        "named_graphs": [ox.NamedNode(iri) for iri in job.named_graphs],
    }
