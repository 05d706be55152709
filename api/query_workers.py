"""Query worker processes for the embedded store: a query runs in a worker, which is killed at the deadline.

pyoxigraph cannot cancel a query, and a runaway query (a cross product under COUNT) would burn a core forever in
a thread. So queries run in worker processes, each over a read-only snapshot of the store
(`api.store_snapshots`); a worker past its deadline is killed and a fresh one takes its place.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox

from api.query_limits import QueryJob, QueryLimits, QueryTimeout, TooManyRows
from api.query_parse import ParsedQuery, Refusal, parse_query
from api.row_cap import CappedBuffer, RowCapExceeded, converted, line_cap
from api.store_snapshots import snapshot_root, snapshots_of
from kg.graph.store import OX_RESULTS_FORMATS, EmbeddedStore, QuerySyntaxError, StoreError


def run_in_worker(store: EmbeddedStore, job: QueryJob, limits: QueryLimits, *, location: str) -> bytes:
    """The answer to `job` from a worker process over a snapshot of `store` (whose folder is `location`)."""
    snapshots = snapshots_of(store, snapshot_root(location))
    with snapshots.lease(store) as path:
        reply = _pool(limits.workers).ask((path, job, limits.max_rows), timeout_s=limits.timeout_s)
    return _unwrap(reply, limits)


def parse_in_worker(query: str, limits: QueryLimits) -> ParsedQuery | Refusal:
    """rdflib's reading of `query` (`api.query_parse`), done by a worker within the time limit: no lock held in
    the server, and a parse past the deadline is killed like a runaway query (QueryTimeout)."""
    status, value = _pool(limits.workers).ask((_PARSE, query), timeout_s=limits.timeout_s)
    if status != "ok":
        raise StoreError(f"The query worker failed: {value}")
    return cast(ParsedQuery | Refusal, value)


def _unwrap(reply: tuple[str, Any], limits: QueryLimits) -> bytes:
    status, value = reply
    if status == "ok":
        return bytes(value)
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

    def ask(self, message: tuple[Any, ...], *, timeout_s: float) -> tuple[str, Any]:
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


def _pool(size: int) -> _WorkerPool:
    """The process's worker pool of at most `size` workers (at least 2), started on first use (so a forking
    server starts it in its worker). A pool of fewer workers than request threads lets runaway queries hold
    every worker, and a small query then waits past its own time limit."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = _WorkerPool(size=max(2, size))
            atexit.register(_POOL.close)
        return _POOL


# The first item of a parse message; a query message starts with a snapshot folder, never this.
_PARSE = "parse"


def serve_worker(fd: int) -> None:
    """A worker process: answer (snapshot folder, job, row cap) and (_PARSE, query) messages on socket `fd`
    until it closes."""
    import signal

    # Ctrl-C goes to the server; the worker ends when the server closes the socket.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    conn = Connection(fd)
    conn.send(("ready", None))
    opened: tuple[str, ox.Store] | None = None
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message[0] == _PARSE:
            conn.send(("ok", parse_query(message[1])))
            continue
        path, job, max_rows = message
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
    sink = CappedBuffer(line_cap(job.kind, max_rows))
    try:
        # pyoxigraph writes to anything with write(): the sink counts rows as they come.
        if isinstance(result, ox.QuerySolutions):
            result.serialize(cast(IO[bytes], sink), format=ox.QueryResultsFormat.TSV)
        else:
            result.serialize(cast(IO[bytes], sink), format=ox.RdfFormat.N_TRIPLES)
    except RowCapExceeded:
        return ("rows", max_rows)
    try:
        return ("ok", converted(sink.getvalue(), job.kind, job.result_format))
    except StoreError as e:
        return ("error", str(e))


def _dataset_options(job: QueryJob) -> dict[str, Any]:
    if not (job.default_graphs or job.named_graphs):
        return {"use_default_graph_as_union": True}
    return {
        "default_graph": [ox.NamedNode(iri) for iri in job.default_graphs],
        "named_graphs": [ox.NamedNode(iri) for iri in job.named_graphs],
    }
