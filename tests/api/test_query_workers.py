"""The worker side of a /sparql query (`api.query_workers`): what a worker answers, and how its answer travels."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection

import pyoxigraph as ox
import pytest

from api import query_workers
from api.query_limits import QueryJob
from api.query_workers import _answer, _reply, _send_reply, _WorkerPool

EX = "https://example.org/"


@pytest.fixture
def store() -> ox.Store:
    store = ox.Store()
    graph = ox.NamedNode(EX + "g")
    for n in range(3):
        store.add(
            ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal(f"v{n}\twith\ttabs"), graph)
        )
    return store


SELECT = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


@pytest.mark.parametrize(
    "query, kind, result_format",
    [(SELECT, "select", "tsv"), (SELECT, "select", "json"), (CONSTRUCT, "construct", "ntriples")],
)
def test_the_answer_is_what_the_store_serializes(
    store: ox.Store, query: str, kind: str, result_format: str
) -> None:
    status, body = _answer(store, QueryJob(query, kind, result_format), 100)
    expected = store.query(query, use_default_graph_as_union=True)
    if kind == "select":
        assert status == "ok" and body == expected.serialize(format=_results_format(result_format))
    else:
        assert status == "ok" and sorted(body.splitlines()) == sorted(
            expected.serialize(format=ox.RdfFormat.N_TRIPLES).splitlines()
        )


def _results_format(name: str) -> ox.QueryResultsFormat:
    return {"tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON}[name]


@pytest.mark.parametrize(
    "query, kind, result_format", [(SELECT, "select", "tsv"), (CONSTRUCT, "construct", "ntriples")]
)
def test_an_answer_in_the_capped_format_is_not_parsed_again(
    store: ox.Store, monkeypatch: pytest.MonkeyPatch, query: str, kind: str, result_format: str
) -> None:
    # The store's own serializer wrote it whole: re-reading every row (as for a remote server's) is waste.
    def no_conversion(*_args: object) -> bytes:
        raise AssertionError("converted again")

    monkeypatch.setattr(query_workers, "converted", no_conversion)
    assert _answer(store, QueryJob(query, kind, result_format), 100)[0] == "ok"


def test_the_row_cap_still_holds_in_the_capped_format(store: ox.Store) -> None:
    assert _answer(store, QueryJob(SELECT, "select", "tsv"), 2) == ("rows", 2)
    assert _answer(store, QueryJob(CONSTRUCT, "construct", "ntriples"), 2) == ("rows", 2)


class _Peer:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn


@pytest.mark.parametrize(
    "reply",
    [("ok", b"?o\n" + b"x" * 300_000), ("ok", b""), ("rows", 5), ("syntax", "bad"), ("error", "gone")],
)
def test_replies_arrive_as_sent(reply: tuple[str, object]) -> None:
    ours, theirs = socket.socketpair()
    server, worker = Connection(ours.detach()), Connection(theirs.detach())
    try:
        # From another thread, as from the worker: a large answer does not fit the socket's buffer.
        sender = threading.Thread(target=_send_reply, args=(worker, reply))
        sender.start()
        assert _reply(_Peer(server), time.monotonic() + 10, 10.0) == reply  # type: ignore[arg-type]
        sender.join()
    finally:
        server.close()
        worker.close()


def test_an_answer_travels_as_raw_bytes() -> None:
    ours, theirs = socket.socketpair()
    server, worker = Connection(ours.detach()), Connection(theirs.detach())
    try:
        _send_reply(worker, ("ok", b"rows"))
        assert server.recv() == (query_workers._ANSWER, None)
        assert server.recv_bytes() == b"rows"
    finally:
        server.close()
        worker.close()


@pytest.fixture
def pool() -> Iterator[_WorkerPool]:
    pool = _WorkerPool(size=1)
    yield pool
    pool.close()


def _idle_pids(pool: _WorkerPool, within_s: float = 60.0) -> list[int]:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        with pool._cond:
            if pool._idle:
                return [worker.process.pid for worker in pool._idle]
        time.sleep(0.05)
    raise AssertionError("no worker started")


def test_a_slow_query_s_worker_is_kept_at_normal_priority_again(
    pool: _WorkerPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    (pid,) = _idle_pids(pool)
    monkeypatch.setattr(query_workers, "_SLOW_S", 0.0)  # every query counts as slow: demoted
    asked: list[int] = []
    real = os.setpriority

    def privileged(which: int, who: int, niceness: int) -> None:
        # As a server that may raise a priority (root, CAP_SYS_NICE) sees it, whoever runs the tests.
        asked.append(niceness)
        if niceness >= os.getpriority(which, who):
            real(which, who, niceness)

    monkeypatch.setattr(os, "setpriority", privileged)
    assert pool.ask((query_workers._PARSE, "ASK {}"), timeout_s=30)[0] == "ok"
    assert asked == [query_workers._DEMOTED_NICENESS, 0]
    assert _idle_pids(pool) == [pid]  # no new worker (half a second of CPU) to start


def test_a_slow_query_s_worker_is_replaced_where_its_priority_cannot_be_raised(
    pool: _WorkerPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    (pid,) = _idle_pids(pool)
    monkeypatch.setattr(query_workers, "_SLOW_S", 0.0)
    real = os.setpriority

    def unprivileged(which: int, who: int, niceness: int) -> None:
        if niceness < os.getpriority(which, who):
            raise PermissionError("raising a priority needs CAP_SYS_NICE")
        real(which, who, niceness)

    monkeypatch.setattr(os, "setpriority", unprivileged)
    assert pool.ask((query_workers._PARSE, "ASK {}"), timeout_s=30)[0] == "ok"
    assert _idle_pids(pool) != [pid]
